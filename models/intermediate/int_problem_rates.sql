{#-
    The unit of analysis: one row per (model, scope, metric, problem) with trials > 0.
    scope is each parallelism model present plus 'all' (expanded here, once, for every mart);
    metric is one of success_metrics(). The problem is the cluster: in scope 'all' its parallelism
    variants and all their samples pool into one row; one sample per prompt and twenty go through the
    same rows. problem_rate = successes / trials, the problem's own rate (mean over its trials).
    Rows with no trial (valid_given_build where nothing built) are absent: a problem enters a metric
    only where it has a denominator.
-#}
with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

counts_by_scope as (

    select
        model_name,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        problem_name,
        min(problem_type) as problem_type,
        sum(n_attempts) as n_attempts,
        {% for column in ['n_did_build', 'n_are_all_valid', 'n_is_source_valid', 'n_did_any_run',
                          'n_did_all_run', 'n_are_any_valid'] -%}
        sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from int_problem_outcomes
    group by grouping sets ((model_name, parallelism_model, problem_name), (model_name, problem_name))

),

counts_long as (

    {{ success_metric_rows('counts_by_scope', ['model_name', 'scope', 'problem_name', 'problem_type']) }}

),

final as (

    select
        model_name,
        scope,
        metric,
        problem_name,
        problem_type,
        trials,
        successes,
        successes / trials as problem_rate
    from counts_long
    where trials > 0

)

select * from final
