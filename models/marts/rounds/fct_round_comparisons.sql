{#-
    Round over round: for each model present in both the baseline (var baseline_metrics_path) and the
    current results, per scope and metric, how its rate changed on the problems both rounds share, paired
    per problem (int_round_problem_rates: one rate per problem and round, problems weighted equally).
    diff = rate - baseline_rate (fractions); the interval is the primary interval of the project: paired,
    clustered by problem, t with G - 1 df; p from the same t statistic, so "interval excludes 0" and
    "p < alpha" agree; Holm over models within (scope, metric). Formulas: macros/stats/paired_differences.sql
    (paired_difference_*, the one paired-difference formula of the project).
    Empty without a baseline.
-#}
{%- set threshold = round_flip_threshold() -%}
{%- set se = paired_difference_se('per_family.sd_diff', 'per_family.n_problems_shared') -%}

with

int_round_problem_rates as (

    select * from {{ ref('int_round_problem_rates') }}

),

per_family as (

    select
        round_model_key,
        min(model_name) as model_name,
        scope,
        metric,
        avg(baseline_rate) as baseline_rate,
        avg(rate) as rate,
        {{ paired_difference_aggregates('rate_diff', 'n_problems_shared', 'diff', 'sd_diff') }},
        count_if(baseline_rate >= {{ threshold }} and rate < {{ threshold }}) as n_regressed,
        count_if(baseline_rate < {{ threshold }} and rate >= {{ threshold }}) as n_improved
    from int_round_problem_rates
    group by round_model_key, scope, metric

),

quantiles as (

    {{ round_paired_quantiles('per_family', 'n_problems_shared') }}

),

tested as (

    {#- the project's paired difference (macros/stats/paired_differences.sql): ci and mde where G >= 2
        (ci = [diff, diff] and mde = 0 when every problem changed by the same amount), p where se > 0 -#}
    select
        per_family.*,
        {{ paired_difference_ci('per_family.diff', se, 'quantiles.t_alpha', '-') }} as ci_low,
        {{ paired_difference_ci('per_family.diff', se, 'quantiles.t_alpha', '+') }} as ci_high,
        {{ paired_difference_p(paired_difference_t('per_family.diff', se),
                               paired_difference_df('per_family.n_problems_shared')) }} as p_value,
        {{ paired_difference_mde(se, 'quantiles.t_alpha', 'quantiles.t_power') }} as mde
    from per_family
    left join quantiles
        on per_family.n_problems_shared - 1 = quantiles.df

),

holm_positions as (

    select
        *,
        {{ multiple_testing_positions('p_value', 'scope, metric', 'model_name') }}
    from tested

),

adjusted as (

    select
        * exclude (mt_position, mt_family_size),
        {{ holm_adjust('p_value', 'scope, metric', 'model_name') }} as holm_p
    from holm_positions

),

final as (

    select
        model_name,
        scope,
        metric,
        cast(n_problems_shared as bigint) as n_problems_shared,
        baseline_rate,
        rate,
        diff,
        ci_low,
        ci_high,
        p_value,
        holm_p,
        cast(n_regressed as bigint) as n_regressed,
        cast(n_improved as bigint) as n_improved,
        mde
    from adjusted

)

select * from final
