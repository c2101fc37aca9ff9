{#-
    Serial against every other parallelism model, within each model, paired on the problems the model
    attempted in both: one row per (model, parallelism model, metric) for build and pass.

    On the project's one paired-difference frame (macros/stats/paired_differences.sql): a problem's
    outcome in a parallelism model is its share of successful attempts (0/1 with one sample per
    prompt); the problem is the unit and the cluster. diff = serial rate − other rate = the mean of the
    per-problem differences (positive: serial code succeeds more often), its cluster-robust SE
    (s_d/√G, one difference per problem), the t interval on G − 1 df and the two-sided t test from the
    same statistic (p_value), so "ci excludes 0" <=> "p_value < α". Holm across models within each
    (parallelism model, metric) family (holm_p), with the interval at the level of the Holm step that
    decided each row (holm_ci_*, macro holm_step_levels): significant <=> holm_ci excludes 0 <=>
    holm_p < α. The minimum detectable difference at power_target() beside it. A test that is undefined
    (fewer than 2 paired problems, or the same difference on every paired problem) keeps its row with
    NULL p, intervals and significant and a test_null_reason. Descriptive beside it: baseline_only /
    other_only count the problems where the serial share is higher / lower.
-#}
{%- set baseline = gap_parallelism_models()['minuend'] -%}
{%- set p = two_sided_quantile_p() -%}
{%- set alpha = (1 - confidence_level()) | round(12) -%}
{%- set power = power_target() -%}

with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

shares_per_prompt as (

    select
        model_name,
        parallelism_model,
        problem_name,
        n_did_build / n_attempts as build_share,
        n_are_all_valid / n_attempts as pass_share
    from int_problem_outcomes
    where n_attempts > 0

),

paired_problems as (

    select
        baseline.model_name,
        other.parallelism_model,
        baseline.problem_name,
        baseline.build_share as baseline_build,
        other.build_share as other_build,
        baseline.pass_share as baseline_pass,
        other.pass_share as other_pass
    from shares_per_prompt as baseline
    inner join shares_per_prompt as other
        on baseline.model_name = other.model_name
        and baseline.problem_name = other.problem_name
    where baseline.parallelism_model = {{ sql_string_literal(baseline) }}
        and other.parallelism_model <> {{ sql_string_literal(baseline) }}

),

pairs as (

    {#- one row per (model, parallelism model, metric, paired problem): rate_a serial, rate_b other -#}
    {% for metric in ['build', 'pass'] -%}
    select
        model_name,
        parallelism_model,
        '{{ metric }}' as metric,
        problem_name,
        baseline_{{ metric }} as rate_a,
        other_{{ metric }} as rate_b
    from paired_problems
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

paired as (

    {{ paired_difference_summary('pairs', ['model_name', 'parallelism_model', 'metric']) }}

),

quantiles as (

    {#- one row per distinct df: two-sided t (interval, test) and t at the power (MDE) -#}
    select
        df,
        t_values[1] as t_crit,
        t_values[2] as t_power
    from (
        select df, {{ t_quantiles([p ~ '', power ~ ''], 'df') }} as t_values
        from (select distinct df from paired where df >= 1) as distinct_df
    ) as t_lists

),

tests as (

    {#- p, intervals and MDE only where the t statistic is defined (se > 0): NULL together -#}
    select
        paired.*,
        {{ paired_difference_p('paired.t_stat', 'paired.df') }} as p_value,
        {{ paired_difference_interval('paired.mean_diff', 'paired.se_diff', 'quantiles.t_crit', 'ci_low', 'ci_high') }},
        case when paired.se_diff > 0
            then {{ paired_difference_mde('paired.se_diff', 'quantiles.t_crit', 'quantiles.t_power') }}
        end as mde
    from paired
    left join quantiles
        on paired.df = quantiles.df

),

holm_steps as (

    {{ holm_step_levels('tests', 'p_value', ['parallelism_model', 'metric'], 'model_name', alpha) }}

),

holm_quantiles as (

    select
        holm_step_alpha,
        df,
        {{ t_quantile('1 - holm_step_alpha / 2', 'df') }} as holm_t_crit
    from (select distinct holm_step_alpha, df from holm_steps where holm_step_alpha is not null) as levels

),

holm_positions as (

    select
        *,
        {{ multiple_testing_positions('p_value', 'parallelism_model, metric', 'model_name') }}
    from holm_steps

),

adjusted as (

    select
        holm_steps.* exclude (mt_position, mt_family_size),
        {{ paired_difference_ci('holm_steps.mean_diff', 'holm_steps.se_diff', 'holm_quantiles.holm_t_crit', '-') }}
            as holm_ci_low,
        {{ paired_difference_ci('holm_steps.mean_diff', 'holm_steps.se_diff', 'holm_quantiles.holm_t_crit', '+') }}
            as holm_ci_high,
        {{ holm_adjust('holm_steps.p_value', 'holm_steps.parallelism_model, holm_steps.metric', 'holm_steps.model_name') }}
            as holm_p
    from holm_positions as holm_steps
    left join holm_quantiles
        on holm_steps.holm_step_alpha = holm_quantiles.holm_step_alpha
        and holm_steps.df = holm_quantiles.df

),

final as (

    select
        adjusted.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        {{ sql_string_literal(baseline) }} as baseline_parallelism_model,
        adjusted.parallelism_model,
        adjusted.metric,
        cast(adjusted.n_problems as bigint) as n_pairs,
        adjusted.rate_a as baseline_rate,
        adjusted.rate_b as rate,
        adjusted.mean_diff as diff,
        cast(adjusted.n_a_higher as bigint) as baseline_only,
        cast(adjusted.n_b_higher as bigint) as other_only,
        adjusted.sd_diff as diff_sd,
        adjusted.se_diff as se,
        cast(adjusted.df as bigint) as df,
        adjusted.t_stat,
        adjusted.p_value,
        adjusted.ci_low,
        adjusted.ci_high,
        adjusted.holm_p,
        cast(case when adjusted.p_value is not null then adjusted.holm_rank end as bigint) as holm_rank,
        cast(case when adjusted.p_value is not null then adjusted.holm_m end as bigint) as holm_m,
        adjusted.holm_step_alpha,
        adjusted.holm_ci_low,
        adjusted.holm_ci_high,
        {#- the difference lies in [-1, 1]: cutting the interval to it keeps coverage and decision -#}
        greatest(-1.0, adjusted.holm_ci_low) as holm_ci_low_in_range,
        least(1.0, adjusted.holm_ci_high) as holm_ci_high_in_range,
        adjusted.holm_ci_low < -1 or adjusted.holm_ci_high > 1 as holm_ci_leaves_range,
        adjusted.holm_rejected as significant,
        adjusted.mde,
        case
            when adjusted.n_problems < 2 then
                format('only {} paired problem: the paired SE needs at least 2', adjusted.n_problems)
            when not adjusted.se_diff > 0 then
                format('the difference is {:.1f} pp on every one of the {} paired problems: no sampling '
                    || 'variance, so the t test and its intervals are undefined', 100 * adjusted.mean_diff,
                    adjusted.n_problems)
        end as test_null_reason,
        cast({{ confidence_level() }} as double) as confidence_level,
        cast({{ power }} as double) as power_target
    from adjusted
    inner join int_models
        on adjusted.model_name = int_models.model_name

)

select * from final
