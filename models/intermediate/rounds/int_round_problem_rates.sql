{#-
    The paired data of the round comparison: one row per (round_model_key, scope, metric, problem_name) on
    the matched cells of int_round_cells, with the problem's rate in each round. Built like
    int_problem_rates: scope is each parallelism model plus 'all' (in 'all' a problem pools its matched
    parallelism variants and all their samples: the problem is the cluster); a problem's rate is its
    successes / its trials, whatever the number of samples in each round. A problem enters a (scope,
    metric) only where both rounds have trials (valid_given_build: where both built something).
    rate_diff = rate - baseline_rate (fractions).
-#}
{%- set counts = ['n_attempts', 'n_did_build', 'n_are_all_valid', 'n_is_source_valid', 'n_did_any_run',
                  'n_did_all_run', 'n_are_any_valid'] -%}
{%- set keys = ['round_model_key', 'scope', 'problem_name'] -%}

with

int_round_cells as (

    select * from {{ ref('int_round_cells') }}
    where is_matched

),

counts_by_scope as (

    select
        round_model_key,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        problem_name,
        min(model_name) as model_name,
        min(baseline_model_name) as baseline_model_name,
        min(problem_type) as problem_type,
        {% for column in counts -%}
        sum({{ column }}) as {{ column }},
        sum(baseline_{{ column }}) as baseline_{{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from int_round_cells
    group by grouping sets (
        (round_model_key, parallelism_model, problem_name),
        (round_model_key, problem_name)
    )

),

baseline_counts as (

    select
        {{ keys | join(', ') }},
        {% for column in counts -%}
        baseline_{{ column }} as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from counts_by_scope

),

current_long as (

    {{ success_metric_rows('counts_by_scope', keys + ['model_name', 'baseline_model_name', 'problem_type']) }}

),

baseline_long as (

    {{ success_metric_rows('baseline_counts', keys) }}

),

paired as (

    select
        current_long.round_model_key,
        current_long.model_name,
        current_long.baseline_model_name,
        current_long.scope,
        current_long.metric,
        current_long.problem_name,
        current_long.problem_type,
        baseline_long.trials as baseline_trials,
        baseline_long.successes as baseline_successes,
        current_long.trials,
        current_long.successes
    from current_long
    inner join baseline_long
        on current_long.round_model_key = baseline_long.round_model_key
        and current_long.scope = baseline_long.scope
        and current_long.metric = baseline_long.metric
        and current_long.problem_name = baseline_long.problem_name
    where current_long.trials > 0
        and baseline_long.trials > 0

),

final as (

    select
        round_model_key,
        model_name,
        baseline_model_name,
        scope,
        metric,
        problem_name,
        problem_type,
        baseline_trials,
        baseline_successes,
        baseline_successes / baseline_trials as baseline_rate,
        trials,
        successes,
        successes / trials as rate,
        successes / trials - baseline_successes / baseline_trials as rate_diff
    from paired

)

select * from final
