{#-
    Coverage: one row per (model, scope), scope = each parallelism model present in the data plus 'all'.
    What each model answered: problems, prompts ((parallelism model, problem) pairs) and samples
    (attempts), against everything any model answered in that scope. A model below full coverage
    (is_full_coverage false) is flagged wherever it is ranked; comparisons use shared problems only
    (fct_reference_comparisons.n_pairs). Built on int_problem_rates (metric 'build': trials = attempts).
    A scope a model has no attempt in has a row with zero counts when another model has that scope.
-#}

with

int_problem_rates as (

    select model_name, scope, problem_name, trials as n_samples
    from {{ ref('int_problem_rates') }}
    where metric = 'build'

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

models_present as (

    select distinct model_name from int_problem_rates

),

scope_totals as (

    select
        scope,
        count(distinct problem_name) as problems_in_scope,
        count(distinct model_name) as models_in_scope
    from int_problem_rates
    group by scope

),

prompt_totals as (

    {#- prompts of a per-parallelism scope are its problems; scope 'all' holds the union of them -#}
    select scope, problems_in_scope as prompts_in_scope from scope_totals where scope <> 'all'
    union all
    select 'all' as scope, sum(problems_in_scope) as prompts_in_scope from scope_totals where scope <> 'all'

),

per_model as (

    select
        model_name,
        scope,
        count(*) as n_problems,
        sum(n_samples) as n_samples,
        min(n_samples) as min_samples_per_problem,
        max(n_samples) as max_samples_per_problem
    from int_problem_rates
    group by model_name, scope

),

per_model_prompts as (

    select model_name, scope, count(*) as n_prompts
    from int_problem_rates
    where scope <> 'all'
    group by model_name, scope
    union all
    select model_name, 'all' as scope, count(*) as n_prompts
    from int_problem_rates
    where scope <> 'all'
    group by model_name

),

reference_problems as (

    select int_problem_rates.scope, int_problem_rates.problem_name
    from int_problem_rates
    inner join int_models
        on int_problem_rates.model_name = int_models.model_name
    where int_models.is_reference_model

),

shared_with_reference as (

    select int_problem_rates.model_name, int_problem_rates.scope, count(*) as n_problems_shared_with_reference
    from int_problem_rates
    inner join reference_problems
        on int_problem_rates.scope = reference_problems.scope
        and int_problem_rates.problem_name = reference_problems.problem_name
    group by int_problem_rates.model_name, int_problem_rates.scope

),

grid as (

    select models_present.model_name, scope_totals.scope, scope_totals.problems_in_scope,
        scope_totals.models_in_scope, prompt_totals.prompts_in_scope
    from models_present
    cross join scope_totals
    inner join prompt_totals
        on scope_totals.scope = prompt_totals.scope

),

final as (

    select
        grid.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        grid.scope,
        cast(coalesce(per_model.n_problems, 0) as bigint) as n_problems,
        cast(grid.problems_in_scope as bigint) as problems_in_scope,
        cast(coalesce(per_model_prompts.n_prompts, 0) as bigint) as n_prompts,
        cast(grid.prompts_in_scope as bigint) as prompts_in_scope,
        cast(coalesce(per_model.n_samples, 0) as bigint) as n_samples,
        cast(per_model.min_samples_per_problem as bigint) as min_samples_per_problem,
        cast(per_model.max_samples_per_problem as bigint) as max_samples_per_problem,
        cast(coalesce(shared_with_reference.n_problems_shared_with_reference, 0) as bigint)
            as n_problems_shared_with_reference,
        coalesce(per_model.n_problems, 0) / grid.problems_in_scope as problem_coverage,
        coalesce(per_model_prompts.n_prompts, 0) / grid.prompts_in_scope as prompt_coverage,
        coalesce(per_model_prompts.n_prompts, 0) = grid.prompts_in_scope as is_full_coverage,
        case
            when coalesce(per_model_prompts.n_prompts, 0) = grid.prompts_in_scope then null
            else format('answered {} of the {} prompts ({} of {} problems) in scope {}; compared on shared '
                || 'problems only', coalesce(per_model_prompts.n_prompts, 0), grid.prompts_in_scope,
                coalesce(per_model.n_problems, 0), grid.problems_in_scope, grid.scope)
        end as coverage_note
    from grid
    inner join int_models
        on grid.model_name = int_models.model_name
    left join per_model
        on grid.model_name = per_model.model_name
        and grid.scope = per_model.scope
    left join per_model_prompts
        on grid.model_name = per_model_prompts.model_name
        and grid.scope = per_model_prompts.scope
    left join shared_with_reference
        on grid.model_name = shared_with_reference.model_name
        and grid.scope = shared_with_reference.scope

)

select * from final
