{#-
    Domain × model table of fct_domain_rates (scope 'all'): one row per problem_type, and for every model
    of int_pairwise_models.is_included (the top var max_pairwise_models by pass@1 plus the reference; every
    model when there are no more than that) two columns, pass_rate__<model_key> and build_rate__<model_key>.
    <model_key> is the model's key (int_models.model_key: lower case, spaces, dots, dashes, underscores
    removed) with any remaining character outside [a-z0-9] replaced by '_'. The column set is read from
    int_pairwise_models at compile time, so no model name is written here. Compilation stops if two models
    would get one name. n_models and the two means cover every model: a sweep of 2,091 models would
    otherwise give 4,182 columns and 4,182 filtered aggregates (22.8 GB at 5M rows); every model's domain
    rates are in the long mart fct_domain_rates.
-#}
{%- set models = [] -%}
{%- if execute -%}
    {%- set result = run_query(
        "select int_models.model_name, regexp_replace(int_models.model_key, '[^a-z0-9]', '_', 'g')"
        ~ " as column_suffix from " ~ ref('int_models') ~ " as int_models inner join "
        ~ ref('int_pairwise_models') ~ " as int_pairwise_models"
        ~ " on int_models.model_name = int_pairwise_models.model_name"
        ~ " where int_pairwise_models.is_included order by int_models.model_key"
    ) -%}
    {%- set seen = [] -%}
    {%- for row in result.rows -%}
        {%- if row[1] in seen -%}
            {{- exceptions.raise_compiler_error(
                "fct_domain_pivot: two models map to the column suffix '" ~ row[1] ~ "'.") -}}
        {%- endif -%}
        {%- do seen.append(row[1]) -%}
        {%- do models.append({'name': row[0], 'suffix': row[1]}) -%}
    {%- endfor -%}
{%- endif %}

-- depends_on: {{ ref('int_models') }}
-- depends_on: {{ ref('int_pairwise_models') }}
with

fct_domain_rates as (

    select model_name, problem_type, pass_rate, build_rate
    from {{ ref('fct_domain_rates') }}
    where scope = 'all'

),

pivoted as (

    select
        problem_type,
        count(distinct model_name) as n_models,
        {% for model in models -%}
        max(pass_rate) filter (where model_name = {{ sql_string_literal(model.name) }})
            as {{ adapter.quote('pass_rate__' ~ model.suffix) }},
        max(build_rate) filter (where model_name = {{ sql_string_literal(model.name) }})
            as {{ adapter.quote('build_rate__' ~ model.suffix) }},
        {% endfor -%}
        avg(pass_rate) as mean_pass_rate_over_models,
        avg(build_rate) as mean_build_rate_over_models
    from fct_domain_rates
    group by problem_type

),

final as (

    select
        problem_type,
        n_models,
        {% for model in models -%}
        {{ adapter.quote('pass_rate__' ~ model.suffix) }},
        {% endfor -%}
        {% for model in models -%}
        {{ adapter.quote('build_rate__' ~ model.suffix) }},
        {% endfor -%}
        mean_pass_rate_over_models,
        mean_build_rate_over_models
    from pivoted

)

select * from final
