{#-
    The primary comparison family ('reference'): every model against the reference model
    (int_models.is_reference_model), one row per (model, scope, metric) for metrics build, pass and
    valid_given_build; scope is each parallelism model plus 'all'. Built on int_problem_rates.

    Shared problems only: the effect is the paired risk difference over the problems BOTH models
    answered (for valid_given_build: problems both models built at least once), each problem's rate the
    mean over its trials, problems weighted equally (paired_difference_summary()). Its SE is the
    cluster-robust SE with clusters = problems (one difference per problem, so s_d/√G), the interval a
    t-interval on G − 1 df and the test the t test from the same statistic (p_value), so "interval
    excludes 0" <=> "p_value < α". Holm across the models of each (scope, metric) (holm_p; BH q beside),
    with the interval at the level of the Holm step that decided each row (holm_ci_*, holm_step_levels()):
    significant <=> holm_ci excludes 0 <=> holm_p < α.

    Also: both models' rates on the shared set (rate_shared, reference_rate_shared), Cohen's h on them
    (size labels follow h), Cohen's d on the trials of the shared problems (pooled ddof-1 SD; kept because
    the spec asks for it) and the reference report's population-SD d, d_z = d̄/s_d, the minimum detectable
    difference at power_target() and α from the observed s_d and G, the problems needed for
    target_difference_pp(), and a TOST equivalence test against ±equivalence_margin_pp(). Whatever cannot
    be computed is NULL with test_null_reason / d_null_reason saying why. exact McNemar (sign test on the
    problems where one model's rate is higher) is kept as a secondary, distribution-free check.
    rate / reference_rate / n / successes are each model's own rates over all its trials (as
    fct_success_rates); comparisons never use them.
-#}
{%- set p = two_sided_quantile_p() -%}
{%- set alpha = (1 - confidence_level()) | round(12) -%}
{%- set power = power_target() -%}
{%- set delta = target_difference_pp() / 100 -%}
{%- set margin = equivalence_margin_pp() / 100 -%}
{%- set compared_metrics = ['build', 'pass', 'valid_given_build'] -%}

with

int_problem_rates as (

    select model_name, scope, metric, problem_name, trials, successes, problem_rate
    from {{ ref('int_problem_rates') }}
    where metric in ('{{ compared_metrics | join("', '") }}')

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

reference_model as (

    select model_name as reference_model_name
    from int_models
    where is_reference_model

),

scopes as (

    select distinct model_name, scope from {{ ref('int_problem_rates') }}

),

metrics as (

    {% for metric in compared_metrics -%}
    select '{{ metric }}' as metric
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

counts as (

    select
        model_name,
        scope,
        metric,
        sum(trials) as n,
        sum(successes) as successes,
        count(*) as n_problems
    from int_problem_rates
    group by model_name, scope, metric

),

grid as (

    select
        scopes.model_name,
        scopes.scope,
        metrics.metric,
        scopes.model_name = reference_model.reference_model_name as is_reference_model,
        reference_model.reference_model_name
    from scopes
    cross join metrics
    cross join reference_model

),

counts_with_reference as (

    select
        grid.*,
        cast(coalesce(counts.n, 0) as bigint) as n,
        cast(coalesce(counts.successes, 0) as bigint) as successes,
        counts.successes / counts.n as rate,
        cast(coalesce(counts.n_problems, 0) as bigint) as n_problems_model,
        cast(coalesce(reference_counts.n, 0) as bigint) as reference_n,
        cast(coalesce(reference_counts.successes, 0) as bigint) as reference_successes,
        reference_counts.successes / reference_counts.n as reference_rate,
        cast(coalesce(reference_counts.n_problems, 0) as bigint) as n_problems_reference
    from grid
    left join counts
        on grid.model_name = counts.model_name
        and grid.scope = counts.scope
        and grid.metric = counts.metric
    left join counts as reference_counts
        on grid.reference_model_name = reference_counts.model_name
        and grid.scope = reference_counts.scope
        and grid.metric = reference_counts.metric

),

pairs as (

    {#- one row per (model, scope, metric, problem both answered): the two per-problem rates -#}
    select
        model_rates.model_name,
        model_rates.scope,
        model_rates.metric,
        model_rates.problem_name,
        model_rates.problem_rate as rate_a,
        reference_rates.problem_rate as rate_b,
        model_rates.trials as trials_a,
        model_rates.successes as successes_a,
        reference_rates.trials as trials_b,
        reference_rates.successes as successes_b
    from int_problem_rates as model_rates
    inner join reference_model
        on model_rates.model_name <> reference_model.reference_model_name
    inner join int_problem_rates as reference_rates
        on reference_rates.model_name = reference_model.reference_model_name
        and model_rates.scope = reference_rates.scope
        and model_rates.metric = reference_rates.metric
        and model_rates.problem_name = reference_rates.problem_name

),

paired as (

    {{ paired_difference_summary('pairs', ['model_name', 'scope', 'metric']) }}

),

shared_trials as (

    select
        model_name,
        scope,
        metric,
        sum(trials_a) as n_shared,
        sum(successes_a) as successes_shared,
        sum(trials_b) as reference_n_shared,
        sum(successes_b) as reference_successes_shared
    from pairs
    group by model_name, scope, metric

),

quantiles as (

    {#- one row per distinct df: two-sided t (interval, test), one-sided t at 1 − α (TOST's 1 − 2α
        interval) and at the power (MDE) -#}
    select
        df,
        t_values[1] as t_crit,
        t_values[2] as t_one_sided,
        t_values[3] as t_power
    from (
        select df, {{ t_quantiles([p ~ '', (1 - alpha) ~ '', power ~ ''], 'df') }} as t_values
        from (select distinct df from paired where df >= 1) as distinct_df
    ) as t_lists

),

normal_quantiles as (

    select
        {{ normal_quantile(p ~ '') }} as z_crit,
        {{ normal_quantile(power ~ '') }} as z_power

),

tests as (

    select
        paired.*,
        shared_trials.n_shared,
        shared_trials.successes_shared,
        shared_trials.reference_n_shared,
        shared_trials.reference_successes_shared,
        quantiles.t_crit,
        {{ paired_difference_p('paired.t_stat', 'paired.df') }} as p_value,
        {{ paired_difference_interval('paired.mean_diff', 'paired.se_diff', 'quantiles.t_crit', 'paired_diff_ci_low', 'paired_diff_ci_high') }},
        case when paired.sd_diff > 0 then paired.mean_diff / paired.sd_diff end as d_z,
        case when paired.sd_diff > 0
            then {{ paired_difference_mde('paired.se_diff', 'quantiles.t_crit', 'quantiles.t_power') }}
        end as mde,
        case when paired.sd_diff > 0
            then cast(ceil(pow((normal_quantiles.z_crit + normal_quantiles.z_power) * paired.sd_diff
                / {{ delta }}, 2)) as bigint) end as problems_needed,
        {#- TOST: H01 d <= −ε (p = P(T >= (d̄ + ε)/se)), H02 d >= ε (p = P(T <= (d̄ − ε)/se)).
            Clamped to [0, 1]: far in a tail the t_cdf series is off by an ulp (1 − F gave
            1.0000000000000004 for 26 rows of a 2,091-model sweep) -#}
        case when paired.se_diff > 0 then least(1.0, greatest(
            1 - {{ t_cdf('(paired.mean_diff + ' ~ margin ~ ') / paired.se_diff', 'paired.df') }},
            {{ t_cdf('(paired.mean_diff - ' ~ margin ~ ') / paired.se_diff', 'paired.df') }}
        )) end as tost_p,
        {{ paired_difference_interval('paired.mean_diff', 'paired.se_diff', 'quantiles.t_one_sided', 'tost_ci_low', 'tost_ci_high') }},
        {{ mcnemar_exact_p('paired.n_a_higher', 'paired.n_b_higher') }} as mcnemar_p
    from paired
    inner join shared_trials
        on paired.model_name = shared_trials.model_name
        and paired.scope = shared_trials.scope
        and paired.metric = shared_trials.metric
    cross join normal_quantiles
    left join quantiles
        on paired.df = quantiles.df

),

combined as (

    select
        counts_with_reference.*,
        cast(coalesce(tests.n_problems, 0) as bigint) as n_pairs,
        tests.rate_a as rate_shared,
        tests.rate_b as reference_rate_shared,
        tests.sd_a as problem_sd_shared,
        tests.sd_b as reference_problem_sd_shared,
        tests.n_shared,
        tests.successes_shared,
        tests.reference_n_shared,
        tests.reference_successes_shared,
        tests.mean_diff as paired_diff,
        tests.sd_diff as paired_sd,
        tests.se_diff as paired_se,
        tests.df as paired_df,
        tests.t_crit,
        tests.t_stat,
        tests.p_value,
        tests.paired_diff_ci_low,
        tests.paired_diff_ci_high,
        tests.d_z,
        tests.mde,
        tests.problems_needed,
        tests.tost_p,
        tests.tost_ci_low,
        tests.tost_ci_high,
        tests.mcnemar_p,
        tests.n_a_higher as model_only,
        tests.n_b_higher as reference_only
    from counts_with_reference
    left join tests
        on counts_with_reference.model_name = tests.model_name
        and counts_with_reference.scope = tests.scope
        and counts_with_reference.metric = tests.metric
        and not counts_with_reference.is_reference_model

),

holm_steps as (

    {{ holm_step_levels('combined', 'p_value', ['scope', 'metric'], 'model_name', alpha) }}

),

holm_quantiles as (

    select
        holm_step_alpha,
        paired_df,
        {{ t_quantile('1 - holm_step_alpha / 2', 'paired_df') }} as holm_t_crit
    from (select distinct holm_step_alpha, paired_df from holm_steps where holm_step_alpha is not null) as levels

),

holm_positions as (

    select
        *,
        {{ multiple_testing_positions('p_value', 'scope, metric', 'model_name') }}
    from holm_steps

),

adjusted as (

    select
        holm_steps.* exclude (mt_position, mt_family_size),
        holm_quantiles.holm_t_crit,
        {{ paired_difference_ci('holm_steps.paired_diff', 'holm_steps.paired_se', 'holm_quantiles.holm_t_crit', '-') }}
            as holm_ci_low,
        {{ paired_difference_ci('holm_steps.paired_diff', 'holm_steps.paired_se', 'holm_quantiles.holm_t_crit', '+') }}
            as holm_ci_high,
        {{ holm_adjust('holm_steps.p_value', 'holm_steps.scope, holm_steps.metric', 'holm_steps.model_name') }}
            as holm_p,
        {{ bh_adjust('holm_steps.p_value', 'holm_steps.scope, holm_steps.metric', 'holm_steps.model_name') }}
            as bh_q
    from holm_positions as holm_steps
    left join holm_quantiles
        on holm_steps.holm_step_alpha = holm_quantiles.holm_step_alpha
        and holm_steps.paired_df = holm_quantiles.paired_df

),

shared_d as (

    {#- Cohen's d on the trials of the shared problems (pooled ddof-1 SD of the 0/1 outcomes) -#}
    select
        *,
        {{ binary_sd('successes_shared', 'n_shared') }} as sd_shared,
        {{ binary_sd('reference_successes_shared', 'reference_n_shared') }} as reference_sd_shared,
        successes_shared / n_shared as trial_rate_shared,
        reference_successes_shared / reference_n_shared as reference_trial_rate_shared
    from adjusted

),

effects as (

    select
        *,
        case when n_shared + reference_n_shared > 2 then {{ pooled_sd(
            'coalesce(sd_shared, 0)', 'n_shared', 'coalesce(reference_sd_shared, 0)', 'reference_n_shared') }}
        end as pooled_sd,
        case when trial_rate_shared * (1 - trial_rate_shared)
                + reference_trial_rate_shared * (1 - reference_trial_rate_shared) > 0
            then (trial_rate_shared - reference_trial_rate_shared)
                / sqrt((trial_rate_shared * (1 - trial_rate_shared)
                    + reference_trial_rate_shared * (1 - reference_trial_rate_shared)) / 2)
        end as cohens_d_population_sd,
        case
            when is_reference_model and rate is not null then 0.0
            else {{ cohens_h('rate_shared', 'reference_rate_shared') }}
        end as cohens_h
    from shared_d

),

d_values as (

    select
        *,
        {{ cohens_d('trial_rate_shared', 'reference_trial_rate_shared', 'pooled_sd') }} as cohens_d
    from effects

),

d_intervals as (

    select
        d_values.*,
        {{ hedges_g('cohens_d', 'n_shared', 'reference_n_shared') }} as hedges_g,
        {{ cohens_d_se('cohens_d', 'n_shared', 'reference_n_shared') }} as d_se,
        normal_quantiles.z_crit
    from d_values
    cross join normal_quantiles

),

final as (

    select
        d_intervals.model_name,
        int_models.display_name,
        int_models.peer_group,
        d_intervals.is_reference_model,
        d_intervals.reference_model_name,
        'reference' as family,
        d_intervals.scope,
        d_intervals.metric,
        d_intervals.n,
        d_intervals.successes,
        d_intervals.rate,
        d_intervals.reference_n,
        d_intervals.reference_successes,
        d_intervals.reference_rate,
        d_intervals.n_problems_model,
        d_intervals.n_problems_reference,
        case
            when d_intervals.is_reference_model then null
            when d_intervals.metric = 'valid_given_build' then 'problems both models built'
            else 'problems both models answered'
        end as paired_basis,
        case when not d_intervals.is_reference_model then d_intervals.n_pairs end as n_pairs,
        case when not d_intervals.is_reference_model then d_intervals.n_pairs end as n_clusters,
        d_intervals.rate_shared,
        d_intervals.reference_rate_shared,
        case
            when d_intervals.is_reference_model and d_intervals.rate is not null then 0.0
            else d_intervals.paired_diff
        end as diff,
        d_intervals.paired_diff,
        d_intervals.paired_sd,
        d_intervals.paired_se,
        d_intervals.paired_df,
        d_intervals.t_crit,
        d_intervals.paired_diff_ci_low,
        d_intervals.paired_diff_ci_high,
        d_intervals.t_stat,
        d_intervals.p_value,
        d_intervals.holm_p,
        d_intervals.bh_q,
        cast(case when d_intervals.p_value is not null then d_intervals.holm_rank end as bigint) as holm_rank,
        cast(case when d_intervals.p_value is not null then d_intervals.holm_m end as bigint) as holm_m,
        d_intervals.holm_step_alpha,
        d_intervals.holm_t_crit,
        d_intervals.holm_ci_low,
        d_intervals.holm_ci_high,
        {#- the difference lies in [-1, 1]: the interval cut to that range keeps its coverage and its
            decision (0 is inside the range); flagged so the report says it was cut -#}
        greatest(-1.0, d_intervals.holm_ci_low) as holm_ci_low_in_range,
        least(1.0, d_intervals.holm_ci_high) as holm_ci_high_in_range,
        d_intervals.holm_ci_low < -1 or d_intervals.holm_ci_high > 1 as holm_ci_leaves_range,
        d_intervals.holm_rejected as significant,
        case
            when d_intervals.is_reference_model then 'reference model: not compared with itself'
            when d_intervals.n_pairs = 0 then
                'no problem has trials for this metric from both models in this scope'
            when d_intervals.n_pairs = 1 then
                'only 1 shared problem: the paired SE needs at least 2'
            when d_intervals.paired_sd = 0 and d_intervals.paired_diff = 0 then
                format('the two models have the same rate on every one of the {} shared problems: the difference '
                    || 'is exactly 0 with no sampling variance to test', d_intervals.n_pairs)
            when d_intervals.paired_sd = 0 then
                format('the difference is {:.1f} pp on every one of the {} shared problems: SD 0, so the t test, '
                    || 'its interval, d_z, the MDE and TOST are undefined', 100 * d_intervals.paired_diff,
                    d_intervals.n_pairs)
        end as test_null_reason,
        d_intervals.mde,
        d_intervals.problems_needed,
        cast({{ target_difference_pp() }} as double) as target_difference_pp,
        d_intervals.tost_p,
        d_intervals.tost_ci_low,
        d_intervals.tost_ci_high,
        d_intervals.tost_p < {{ alpha }} as equivalent,
        cast({{ equivalence_margin_pp() }} as double) as equivalence_margin_pp,
        d_intervals.n_shared,
        d_intervals.reference_n_shared,
        d_intervals.pooled_sd,
        d_intervals.cohens_d,
        d_intervals.cohens_d_population_sd,
        d_intervals.hedges_g,
        d_intervals.d_se,
        d_intervals.cohens_d - d_intervals.z_crit * d_intervals.d_se as d_ci_low,
        d_intervals.cohens_d + d_intervals.z_crit * d_intervals.d_se as d_ci_high,
        case
            when d_intervals.is_reference_model then 'reference model: not compared with itself'
            when d_intervals.n_pairs = 0 then 'no shared problem with trials for this metric'
            when coalesce(d_intervals.n_shared, 0) + coalesce(d_intervals.reference_n_shared, 0) <= 2
                then 'fewer than 3 trials in the two groups: pooled SD undefined'
            when d_intervals.pooled_sd = 0
                then 'pooled SD is 0: each model succeeded on all or on none of its shared trials '
                    || '(Cohen''s h is still defined)'
        end as d_null_reason,
        d_intervals.d_z,
        d_intervals.cohens_h,
        case
            when d_intervals.cohens_h is null or d_intervals.is_reference_model then null
            when abs(d_intervals.cohens_h) < 0.2 then 'negligible'
            when abs(d_intervals.cohens_h) < 0.5 then 'small'
            when abs(d_intervals.cohens_h) < 0.8 then 'medium'
            else 'large'
        end as magnitude,
        d_intervals.model_only,
        d_intervals.reference_only,
        d_intervals.mcnemar_p,
        cast({{ power }} as double) as power_target,
        cast({{ confidence_level() }} as double) as confidence_level
    from d_intervals
    inner join int_models
        on d_intervals.model_name = int_models.model_name

)

select * from final
