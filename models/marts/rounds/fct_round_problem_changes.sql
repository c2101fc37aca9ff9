{#-
    Which problems changed outcome between the baseline and the current round: one row per model x problem
    x parallelism model x metric whose outcome flipped, i.e. whose rate crossed round_flip_threshold()
    (0.5: solved when at least half of its samples succeed; with one sample per prompt, pass <-> fail).
    direction: 'regressed' (solved in the baseline, not now) or 'improved'. Per (model, parallelism model,
    metric) the rows of each direction number n_regressed / n_improved of fct_round_comparisons for that
    scope. Empty without a baseline.
-#}
{%- set threshold = round_flip_threshold() -%}

with

int_round_problem_rates as (

    select * from {{ ref('int_round_problem_rates') }}
    where scope <> 'all'

),

stg_problem_types as (

    select problem_type, display_name from {{ ref('stg_problem_types') }}

),

flipped as (

    select
        *,
        case
            when baseline_rate >= {{ threshold }} and rate < {{ threshold }} then 'regressed'
            when baseline_rate < {{ threshold }} and rate >= {{ threshold }} then 'improved'
        end as direction
    from int_round_problem_rates

),

final as (

    select
        flipped.model_name,
        flipped.baseline_model_name,
        flipped.problem_name,
        flipped.problem_type,
        coalesce(stg_problem_types.display_name, flipped.problem_type) as problem_type_display_name,
        flipped.scope as parallelism_model,
        flipped.metric,
        flipped.direction,
        flipped.baseline_trials,
        flipped.baseline_successes,
        flipped.baseline_rate,
        flipped.trials,
        flipped.successes,
        flipped.rate,
        flipped.rate_diff
    from flipped
    left join stg_problem_types
        on flipped.problem_type = stg_problem_types.problem_type
    where flipped.direction is not null

)

select * from final
