{#-
    The models that enter everything quadratic in the number of models (the all-pairs family
    fct_pairwise_comparisons, the compact letter display and the rank bootstrap of fct_model_ranks, and
    fct_model_tiers): the top var max_pairwise_models (default 50) models by pass@1 in scope 'all'
    (mean over problems of the problem's pass rate; ties by model_name), plus the reference model
    always. One row per model of int_models, included or not, so the report can say which models were
    left out. A checkpoint sweep of 2,000 models would otherwise need k^2 x problems rows (24 GB);
    reference comparisons (fct_reference_comparisons) are linear in k and cover every model.
-#}
{%- set raw_limit = var('max_pairwise_models', 50) -%}
{%- set limit = raw_limit | int(-1) -%}
{%- if limit < 2 or (raw_limit | string) != (limit | string) -%}
    {{ exceptions.raise_compiler_error(
        "max_pairwise_models must be an integer >= 2 (the number of top models by pass@1 that enter the "
        ~ "all-pairs comparisons, letters, rank intervals and tiers); got '" ~ raw_limit ~ "'."
    ) }}
{%- endif -%}

with

int_models as (

    select model_name, is_reference_model from {{ ref('int_models') }}

),

int_problem_rates as (

    select * from {{ ref('int_problem_rates') }}

),

pass_at_1 as (

    select
        model_name,
        avg(problem_rate) as pass_at_1,
        count(*) as n_problems
    from int_problem_rates
    where metric = 'pass'
        and scope = 'all'
    group by model_name

),

ranked as (

    select
        int_models.model_name,
        int_models.is_reference_model,
        pass_at_1.pass_at_1,
        coalesce(pass_at_1.n_problems, 0) as n_problems,
        cast(row_number() over (
            order by pass_at_1.pass_at_1 desc nulls last, int_models.model_name
        ) as bigint) as pass_rank
    from int_models
    left join pass_at_1
        on int_models.model_name = pass_at_1.model_name

),

final as (

    select
        model_name,
        is_reference_model,
        pass_at_1,
        n_problems,
        pass_rank,
        pass_rank <= {{ limit }} or is_reference_model as is_included,
        case
            when pass_rank <= {{ limit }} then 'top {{ limit }} by pass@1'
            when is_reference_model then 'reference model'
            else 'not included: pass@1 rank ' || pass_rank || ' is beyond max_pairwise_models = {{ limit }}'
        end as inclusion_reason,
        cast({{ limit }} as bigint) as max_pairwise_models,
        count(*) over () as n_models,
        count(*) filter (where pass_rank <= {{ limit }} or is_reference_model) over () as n_included
    from ranked

)

select * from final
