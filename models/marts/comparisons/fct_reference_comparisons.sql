{#-
    Every model against the reference model (int_models.is_reference_model), one row per
    (model, scope, metric) for metrics build, pass and valid_given_build; scope is each parallelism
    model plus 'all'.

    Unpaired part (the two models as independent binomial samples of their trials): rates, diff,
    Newcombe hybrid-score interval, pooled SD (ddof 1), Cohen's d, the reference report's d with
    population SDs, Hedges' g, SE and z-interval of d, Cohen's h, magnitude.

    Paired part, on the prompts (problem_name, parallelism_model) both models attempted and both
    have trials for (for valid_given_build: prompts both models built). Each side of a pair is the
    prompt's success fraction (successes / trials of that prompt); with one sample per prompt it is
    the 0/1 outcome. model_only / reference_only count pairs where the model's fraction is above /
    below the reference's; mcnemar_p is the exact two-sided binomial (sign) test on those
    discordant pairs, i.e. exact McNemar for one sample per prompt. The paired difference
    y = s_model - s_reference is averaged over pairs; its cluster-robust SE (clusters =
    problem_name, G/(G-1) correction) gives a t interval with G - 1 df. d_z = mean(y) / sd(y).
    Holm and BH adjust mcnemar_p within each (scope, metric) family of non-reference models.

    The reference model's own row is kept (so the report can show the reference rate): diff = 0,
    cohens_h = 0, every other comparison column NULL, d_null_reason says why.
    Reads int_problem_outcomes (prompt level) only; quantiles are computed once per distinct df.
-#}
{%- set p = two_sided_quantile_p() -%}
{%- set alpha = 1 - confidence_level() -%}
{%- set compared_metrics = ['build', 'pass', 'valid_given_build'] -%}

with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

reference_model as (

    select model_name as reference_model_name
    from int_models
    where is_reference_model

),

prompt_outcomes as (

    {{ success_metric_rows('int_problem_outcomes', ['model_name', 'parallelism_model', 'problem_name'],
                           compared_metrics) }}

),

prompt_outcomes_scoped as (

    select parallelism_model as scope, * from prompt_outcomes
    union all
    select 'all' as scope, * from prompt_outcomes

),

counts as (

    select
        model_name,
        scope,
        metric,
        sum(trials) as n,
        sum(successes) as successes
    from prompt_outcomes_scoped
    group by model_name, scope, metric

),

counts_with_reference as (

    select
        counts.model_name,
        counts.scope,
        counts.metric,
        counts.model_name = reference_model.reference_model_name as is_reference_model,
        reference_model.reference_model_name,
        counts.n,
        counts.successes,
        reference_counts.n as reference_n,
        reference_counts.successes as reference_successes
    from counts
    cross join reference_model
    left join counts as reference_counts
        on reference_counts.model_name = reference_model.reference_model_name
        and reference_counts.scope = counts.scope
        and reference_counts.metric = counts.metric

),

unpaired_moments as (

    select
        *,
        case when n > 0 then successes / n end as rate,
        case when reference_n > 0 then reference_successes / reference_n end as reference_rate,
        -- ddof-1 SD of the 0/1 outcomes; for n = 1 the sum of squares is 0, so its weight (n - 1) * sd^2 is 0
        case
            when n > 1 then sqrt(successes * (n - successes) / (n * (n - 1.0)))
            when n = 1 then 0.0
        end as sd,
        case
            when reference_n > 1
                then sqrt(reference_successes * (reference_n - reference_successes) / (reference_n * (reference_n - 1.0)))
            when reference_n = 1 then 0.0
        end as reference_sd
    from counts_with_reference

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

unpaired_effects as (

    select
        unpaired_moments.*,
        z_critical_value.z_crit,
        case when not is_reference_model then rate - reference_rate
            when rate is not null then 0.0 end as diff,
        case when not is_reference_model and n > 0 and reference_n > 0
            then {{ pooled_sd('sd', 'n', 'reference_sd', 'reference_n') }} end as pooled_sd,
        case when not is_reference_model and n > 0 and reference_n > 0
            then {{ newcombe_low('successes', 'n', 'reference_successes', 'reference_n', 'z_critical_value.z_crit') }}
        end as newcombe_low,
        case when not is_reference_model and n > 0 and reference_n > 0
            then {{ newcombe_high('successes', 'n', 'reference_successes', 'reference_n', 'z_critical_value.z_crit') }}
        end as newcombe_high,
        case when not is_reference_model
                and rate * (1 - rate) + reference_rate * (1 - reference_rate) > 0
            then (rate - reference_rate)
                / sqrt((rate * (1 - rate) + reference_rate * (1 - reference_rate)) / 2)
        end as cohens_d_population_sd,
        case when is_reference_model and rate is not null then 0.0
            else {{ cohens_h('rate', 'reference_rate') }} end as cohens_h
    from unpaired_moments
    cross join z_critical_value

),

unpaired_d as (

    select
        *,
        {{ cohens_d('rate', 'reference_rate', 'pooled_sd') }} as cohens_d
    from unpaired_effects

),

unpaired_d_intervals as (

    select
        *,
        {{ hedges_g('cohens_d', 'n', 'reference_n') }} as hedges_g,
        {{ cohens_d_se('cohens_d', 'n', 'reference_n') }} as d_se
    from unpaired_d

),

model_prompts as (

    select prompt_outcomes_scoped.*
    from prompt_outcomes_scoped
    inner join int_models
        on prompt_outcomes_scoped.model_name = int_models.model_name
    where not int_models.is_reference_model
        and prompt_outcomes_scoped.trials > 0

),

reference_prompts as (

    select prompt_outcomes_scoped.*
    from prompt_outcomes_scoped
    inner join int_models
        on prompt_outcomes_scoped.model_name = int_models.model_name
    where int_models.is_reference_model
        and prompt_outcomes_scoped.trials > 0

),

pairs as (

    select
        model_prompts.model_name,
        model_prompts.scope,
        model_prompts.metric,
        model_prompts.problem_name,
        model_prompts.parallelism_model,
        model_prompts.successes / model_prompts.trials as model_fraction,
        reference_prompts.successes / reference_prompts.trials as reference_fraction,
        model_prompts.successes / model_prompts.trials
            - reference_prompts.successes / reference_prompts.trials as paired_y
    from model_prompts
    inner join reference_prompts
        on model_prompts.scope = reference_prompts.scope
        and model_prompts.metric = reference_prompts.metric
        and model_prompts.problem_name = reference_prompts.problem_name
        and model_prompts.parallelism_model = reference_prompts.parallelism_model

),

pair_summaries as (

    select
        model_name,
        scope,
        metric,
        count(*) as n_pairs,
        count(distinct problem_name) as n_clusters,
        count_if(model_fraction > reference_fraction) as model_only,
        count_if(model_fraction < reference_fraction) as reference_only,
        avg(paired_y) as paired_diff,
        stddev_samp(paired_y) as paired_sd
    from pairs
    group by model_name, scope, metric

),

cluster_residuals as (

    select
        pairs.model_name,
        pairs.scope,
        pairs.metric,
        pairs.problem_name,
        sum(pairs.paired_y - pair_summaries.paired_diff) as cluster_residual
    from pairs
    inner join pair_summaries
        on pairs.model_name = pair_summaries.model_name
        and pairs.scope = pair_summaries.scope
        and pairs.metric = pair_summaries.metric
    group by pairs.model_name, pairs.scope, pairs.metric, pairs.problem_name

),

cluster_sums as (

    select
        model_name,
        scope,
        metric,
        sum(cluster_residual * cluster_residual) as sum_sq_cluster_residuals
    from cluster_residuals
    group by model_name, scope, metric

),

paired_se as (

    select
        pair_summaries.*,
        {{ cluster_robust_se('cluster_sums.sum_sq_cluster_residuals', 'pair_summaries.n_pairs', 'pair_summaries.n_clusters') }}
            as paired_se,
        {{ cluster_robust_df('pair_summaries.n_clusters') }} as paired_df
    from pair_summaries
    inner join cluster_sums
        on pair_summaries.model_name = cluster_sums.model_name
        and pair_summaries.scope = cluster_sums.scope
        and pair_summaries.metric = cluster_sums.metric

),

t_critical_values as (

    {{ t_critical_values('paired_se', ['paired_df']) }}

),

paired_tests as (

    select
        paired_se.model_name,
        paired_se.scope,
        paired_se.metric,
        paired_se.n_pairs,
        paired_se.n_clusters,
        paired_se.model_only,
        paired_se.reference_only,
        paired_se.paired_diff,
        paired_se.paired_se,
        paired_se.paired_df,
        {{ mcnemar_exact_p('paired_se.model_only', 'paired_se.reference_only') }} as mcnemar_p,
        paired_se.paired_diff - t_critical_values.t_crit * paired_se.paired_se as paired_diff_ci_low,
        paired_se.paired_diff + t_critical_values.t_crit * paired_se.paired_se as paired_diff_ci_high,
        case when paired_se.paired_sd > 0 then paired_se.paired_diff / paired_se.paired_sd end as d_z
    from paired_se
    left join t_critical_values
        on paired_se.paired_df = t_critical_values.df

),

combined as (

    select
        unpaired_d_intervals.*,
        unpaired_d_intervals.cohens_d - unpaired_d_intervals.z_crit * unpaired_d_intervals.d_se as d_ci_low,
        unpaired_d_intervals.cohens_d + unpaired_d_intervals.z_crit * unpaired_d_intervals.d_se as d_ci_high,
        case
            when unpaired_d_intervals.cohens_d is null then null
            when abs(unpaired_d_intervals.cohens_d) < 0.2 then 'negligible'
            when abs(unpaired_d_intervals.cohens_d) < 0.5 then 'small'
            when abs(unpaired_d_intervals.cohens_d) < 0.8 then 'medium'
            else 'large'
        end as magnitude,
        case
            when unpaired_d_intervals.is_reference_model
                then 'reference model: not compared with itself'
            when coalesce(unpaired_d_intervals.reference_n, 0) = 0
                then 'reference model has no trials for this metric in this scope'
            when unpaired_d_intervals.n = 0
                then 'model has no trials for this metric in this scope'
            when unpaired_d_intervals.n + unpaired_d_intervals.reference_n <= 2
                then 'fewer than 3 trials in the two groups: pooled SD undefined'
            when unpaired_d_intervals.pooled_sd = 0
                then 'pooled SD is 0: each model succeeded on all or on none of its trials'
        end as d_null_reason,
        case
            when unpaired_d_intervals.is_reference_model then null
            when unpaired_d_intervals.metric = 'valid_given_build' then 'problems both models built'
            else 'all shared problems'
        end as paired_basis,
        case when not unpaired_d_intervals.is_reference_model then coalesce(paired_tests.n_pairs, 0) end as n_pairs,
        paired_tests.n_clusters,
        case when not unpaired_d_intervals.is_reference_model then coalesce(paired_tests.model_only, 0) end
            as model_only,
        case when not unpaired_d_intervals.is_reference_model then coalesce(paired_tests.reference_only, 0) end
            as reference_only,
        paired_tests.mcnemar_p,
        paired_tests.paired_diff,
        paired_tests.paired_se,
        paired_tests.paired_diff_ci_low,
        paired_tests.paired_diff_ci_high,
        paired_tests.d_z
    from unpaired_d_intervals
    left join paired_tests
        on unpaired_d_intervals.model_name = paired_tests.model_name
        and unpaired_d_intervals.scope = paired_tests.scope
        and unpaired_d_intervals.metric = paired_tests.metric

),

adjusted as (

    select
        *,
        {{ holm_adjust('mcnemar_p', 'scope, metric', 'model_name') }} as holm_p,
        {{ bh_adjust('mcnemar_p', 'scope, metric', 'model_name') }} as bh_q
    from combined

),

final as (

    select
        adjusted.model_name,
        int_models.display_name,
        int_models.peer_group,
        adjusted.is_reference_model,
        adjusted.reference_model_name,
        adjusted.scope,
        adjusted.metric,
        adjusted.n,
        adjusted.successes,
        adjusted.rate,
        adjusted.reference_n,
        adjusted.reference_successes,
        adjusted.reference_rate,
        adjusted.diff,
        adjusted.newcombe_low,
        adjusted.newcombe_high,
        adjusted.pooled_sd,
        adjusted.cohens_d,
        adjusted.cohens_d_population_sd,
        adjusted.hedges_g,
        adjusted.d_se,
        adjusted.d_ci_low,
        adjusted.d_ci_high,
        adjusted.d_null_reason,
        adjusted.cohens_h,
        adjusted.magnitude,
        adjusted.paired_basis,
        adjusted.n_pairs,
        adjusted.n_clusters,
        adjusted.model_only,
        adjusted.reference_only,
        adjusted.mcnemar_p,
        adjusted.paired_diff,
        adjusted.paired_se,
        adjusted.paired_diff_ci_low,
        adjusted.paired_diff_ci_high,
        adjusted.d_z,
        adjusted.holm_p,
        adjusted.bh_q,
        adjusted.holm_p < {{ alpha }} as significant,
        cast({{ confidence_level() }} as double) as confidence_level
    from adjusted
    inner join int_models
        on adjusted.model_name = int_models.model_name

)

select * from final
