{#-
    fct_round_problem_changes lists exactly the flips fct_round_comparisons counts: per (model, parallelism
    model, metric), its regressed and improved rows number n_regressed and n_improved of that scope.
-#}
with

changes as (

    select
        model_name,
        parallelism_model as scope,
        metric,
        count(*) filter (where direction = 'regressed') as n_regressed,
        count(*) filter (where direction = 'improved') as n_improved
    from {{ ref('fct_round_problem_changes') }}
    group by model_name, parallelism_model, metric

),

comparisons as (

    select model_name, scope, metric, n_regressed, n_improved
    from {{ ref('fct_round_comparisons') }}
    where scope <> 'all'

)

select
    comparisons.*,
    changes.n_regressed as listed_regressed,
    changes.n_improved as listed_improved
from comparisons
left join changes
    on comparisons.model_name = changes.model_name
    and comparisons.scope = changes.scope
    and comparisons.metric = changes.metric
where comparisons.n_regressed <> coalesce(changes.n_regressed, 0)
    or comparisons.n_improved <> coalesce(changes.n_improved, 0)
