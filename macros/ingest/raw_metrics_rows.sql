{#
    raw_metrics_rows(path=none): the query of base_raw_metrics (and base_baseline_raw_metrics) over one
    input: path default none reads the var raw_metrics_path (or the bundled seed), as raw_metrics_relation(path).
    Moved here unchanged from models/staging/base/base_raw_metrics.sql so that a second input (the
    round comparison's baseline) is read, checked and quarantined by the same code.

    Every input row, numbered, with its raw text, its parsed values, the reasons it cannot be trusted
    (rejection_reason; NULL when kept) and the repairs applied to it (quality_flags).
    stg_raw_metrics and stg_raw_metrics_rejected are the two halves of this table.
    The input is read once here, as a table, so that nothing downstream touches the file again.
#}
{% macro raw_metrics_rows(path=none) -%}
{%- set columns = raw_metrics_column_map(path) -%}
{%- set booleans = raw_metrics_boolean_columns() -%}
{%- set numerics = raw_metrics_numeric_columns() -%}
{%- set text_keys = ['model', 'problem_type', 'problem_name', 'parallelism_model'] -%}
{%- set all_columns = raw_metrics_required_columns() + raw_metrics_optional_columns() -%}

with

source_rows as (

    select
        row_number() over () as input_row_number,
        {% for column in all_columns -%}
        {% if column in columns -%}
        cast({{ adapter.quote(columns[column]) }} as varchar) as raw_{{ column }},
        {%- else -%}
        cast(null as varchar) as raw_{{ column }},
        {%- endif %}
        {% endfor %}
    from {{ raw_metrics_relation(path) }}

),

cleaned as (

    select
        *,
        {% for column in all_columns -%}
        {{ clean_token('raw_' ~ column) }} as clean_{{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from source_rows

),

parsed as (

    select
        *,
        lower(clean_parallelism_model) as parsed_parallelism_model,
        {% for column in booleans -%}
        {{ parse_boolean('clean_' ~ column) }} as parsed_{{ column }},
        {% endfor -%}
        {% for column in numerics -%}
        {{ parse_double('clean_' ~ column) }} as parsed_{{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from cleaned

),

row_problems as (

    select
        *,
        concat_ws('; ',
            {% for column in text_keys -%}
            case when clean_{{ column }} is null then 'missing value in {{ column }}' end,
            {% endfor -%}
            {% for column in booleans -%}
            case
                when clean_{{ column }} is null then 'missing value in {{ column }}'
                when parsed_{{ column }} is null
                    then 'unparseable boolean in {{ column }}: "' || clean_{{ column }} || '"'
            end,
            {% endfor -%}
            {% for column, kind in numerics.items() -%}
            case
                when clean_{{ column }} is not null and parsed_{{ column }} is null
                    then 'unparseable number in {{ column }}: "' || clean_{{ column }} || '"'
                {% if kind == 'integer' -%}
                when isfinite(parsed_{{ column }}) and parsed_{{ column }} <> floor(parsed_{{ column }})
                    then 'non-integer value in {{ column }}: "' || clean_{{ column }} || '"'
                {%- endif %}
            end,
            {% endfor -%}
            case
                when parsed_parallelism_model is not null
                    and parsed_parallelism_model not in ({{ quoted_list(pareval_parallelism_models()) }})
                    then 'unknown parallelism model: "' || clean_parallelism_model || '" (expected one of '
                        || {{ sql_string_literal(pareval_parallelism_models() | join(', ')) }} || ')'
            end,
            case when parsed_did_build and not parsed_source_write_success
                then 'inconsistent outcome flags: did_build without source_write_success' end,
            case when parsed_did_any_run and not parsed_did_build
                then 'inconsistent outcome flags: did_any_run without did_build' end,
            case when parsed_did_all_run and not parsed_did_any_run
                then 'inconsistent outcome flags: did_all_run without did_any_run' end,
            case when parsed_are_any_valid and not parsed_did_any_run
                then 'inconsistent outcome flags: are_any_valid without did_any_run' end,
            case when parsed_are_all_valid and not parsed_are_any_valid
                then 'inconsistent outcome flags: are_all_valid without are_any_valid' end,
            case when parsed_are_all_valid and not parsed_did_all_run
                then 'inconsistent outcome flags: are_all_valid without did_all_run' end
        ) as row_problem_list

    from parsed

),

duplicates_marked as (

    {#- One window, no ordering: a kept-so-far row is a duplicate when an earlier row has its key
        (min(input_row_number) over the key < its own number). Equivalent to row_number() ordered
        by input_row_number > 1, without a second window and its sort (performance only). -#}
    select
        *,
        case
            when row_problem_list = ''
                then min(input_row_number) over (
                    partition by
                        row_problem_list = '',
                        clean_model,
                        clean_problem_name,
                        parsed_parallelism_model,
                        coalesce(parsed_sample_id, 0)
                )
        end as key_first_row_number
    from row_problems

),

final as (

    select
        input_row_number,

        ---------- raw text, exactly as read
        {% for column in all_columns -%}
        raw_{{ column }},
        {% endfor %}

        ---------- keys
        clean_model as model_name,
        clean_problem_type as problem_type,
        clean_problem_name as problem_name,
        parsed_parallelism_model as parallelism_model,
        cast(coalesce(parsed_sample_id, 0) as bigint) as sample_id,

        ---------- outcome flags
        {% for column in booleans -%}
        parsed_{{ column }} as {{ column }},
        {% endfor %}

        ---------- measurements: non-finite (inf, -inf, nan) or negative values become NULL (and are flagged);
        ---------- blanks and the other missing-value tokens (null, none, na, n/a) are NULL without a flag
        {% for column, kind in numerics.items() if column != 'sample_id' -%}
        case
            when isfinite(parsed_{{ column }}) and parsed_{{ column }} >= 0
                then cast(parsed_{{ column }} as {{ 'bigint' if kind == 'integer' else 'double' }})
        end as {{ column }},
        {% endfor %}

        ---------- repairs applied to a kept row
        nullif(concat_ws('; ',
            {% for column in numerics if column != 'sample_id' -%}
            case when lower(trim(raw_{{ column }}, {{ whitespace_characters() }})) = 'nan'
                then 'non-finite {{ column }} "' || trim(raw_{{ column }}, {{ whitespace_characters() }}) || '" set to NULL' end,
            case when not isfinite(parsed_{{ column }})
                then 'non-finite {{ column }} "' || clean_{{ column }} || '" set to NULL' end,
            case when isfinite(parsed_{{ column }}) and parsed_{{ column }} < 0
                then 'negative {{ column }} "' || clean_{{ column }} || '" set to NULL' end{{ ',' if not loop.last }}
            {% endfor %}
        ), '') as quality_flags,

        ---------- why the row cannot be trusted (NULL: kept)
        case
            when row_problem_list <> '' then row_problem_list
            when key_first_row_number < input_row_number
                then 'duplicate key (model, problem_name, parallelism_model, sample_id): first seen at row '
                    || key_first_row_number
        end as rejection_reason

    from duplicates_marked

)

select * from final
{%- endmacro %}
