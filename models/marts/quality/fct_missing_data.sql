{#-
    Missing data: one row per (model, column) for the measurement columns of int_attempts
    (macro missing_data_rules). rows: the model's attempts; missing: rows without a value; rows_applicable:
    rows where a value is expected (e.g. runtimes only when every run was valid); missing_applicable: of
    those, rows without a value (a value missing where it should exist). handling_rule: what the marts do
    with a missing value of that column.
-#}
{%- set rules = missing_data_rules() -%}

with

int_attempts as (

    select
        model_name,
        parallelism_model,
        are_all_valid,
        {% for rule in rules -%}
        {{ rule.column }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('int_attempts') }}

),

int_models as (

    select model_name, display_name from {{ ref('int_models') }}

),

missing_long as (

    {% for rule in rules -%}
    select
        model_name,
        cast({{ loop.index }} as bigint) as column_position,
        '{{ rule.column }}' as column_name,
        {{ sql_string_literal(rule.input_column) }} as input_column,
        count(*) as rows,
        count(*) - count({{ rule.column }}) as missing,
        cast(count_if({{ rule.applicable_when }}) as bigint) as rows_applicable,
        cast(count_if(({{ rule.applicable_when }}) and {{ rule.column }} is null) as bigint) as missing_applicable,
        {{ sql_string_literal(rule.applicable_when) }} as applicable_when,
        {{ sql_string_literal(rule.rule) }} as handling_rule
    from int_attempts
    group by model_name
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

final as (

    select
        missing_long.model_name,
        int_models.display_name,
        missing_long.column_position,
        missing_long.column_name,
        missing_long.input_column,
        missing_long.rows,
        missing_long.missing,
        missing_long.missing / missing_long.rows as share_missing,
        missing_long.rows_applicable,
        cast(missing_long.missing_applicable as bigint) as missing_applicable,
        missing_long.missing_applicable / nullif(missing_long.rows_applicable, 0) as share_missing_applicable,
        missing_long.applicable_when,
        missing_long.handling_rule
    from missing_long
    inner join int_models
        on missing_long.model_name = int_models.model_name

)

select * from final
