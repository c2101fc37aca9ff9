{#-
    Success rates with intervals, long form: one row per (model, scope, metric).
    scope is each parallelism model present plus 'all'; metric is one of success_metrics().
    Computed from prompt-level counts (int_problem_outcomes), never from attempt rows.
    ci_low / ci_high: the t-interval the spec asks for, rate ± t(1-α/2, n-1)·s/√n with s the sample SD
    (ddof 1) of the 0/1 outcomes; not clamped to [0, 1]. wilson_low / wilson_high: Wilson score interval.
    wald_low / wald_high: the reference report's z-Wald interval (reference-compatible).
    cluster_*: cluster-robust SE of the rate (clusters = problem_name, CR1 factor G/(G-1)) with a t
    interval on G - 1 df. A cluster holds every trial of one problem in the scope: all samples of it,
    and in scope 'all' its serial and MPI variants; for valid_given_build only problems with at least
    one built attempt are clusters (the others hold no trial).
-#}
{%- set p = two_sided_quantile_p() -%}
{%- set np_min = np_adequacy_threshold() -%}
{%- set small_n = small_sample_n() -%}

with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, family, peer_group, is_reference_model from {{ ref('int_models') }}

),

counts_by_cluster as (

    select
        model_name,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        problem_name,
        sum(n_attempts) as n_attempts,
        {% for column in ['n_did_build', 'n_are_all_valid', 'n_is_source_valid', 'n_did_any_run',
                          'n_did_all_run', 'n_are_any_valid'] -%}
        sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from int_problem_outcomes
    group by grouping sets ((model_name, parallelism_model, problem_name), (model_name, problem_name))

),

cluster_counts_long as (

    {{ success_metric_rows('counts_by_cluster', ['model_name', 'scope', 'problem_name'], trials_as='n') }}

),

counts_long as (

    select
        model_name,
        scope,
        metric,
        cast(sum(n) as bigint) as n,
        cast(sum(successes) as bigint) as successes,
        cast(count_if(n > 0) as bigint) as n_clusters
    from cluster_counts_long
    group by model_name, scope, metric

),

moments as (

    select
        *,
        case when n > 0 then successes / n end as rate,
        case when n > 1 then sqrt(successes * (n - successes) / (n * (n - 1.0))) end as sd,
        case when n > 1 then sqrt(successes * (n - successes) / (n * (n - 1.0))) / sqrt(n) end as se,
        case when n > 1 then n - 1 end as df
    from counts_long

),

cluster_residuals as (

    {#- per cluster: the sum of residuals of its trials around the rate, successes_c - n_c·rate -#}
    select
        cluster_counts_long.model_name,
        cluster_counts_long.scope,
        cluster_counts_long.metric,
        sum(pow(cluster_counts_long.successes - cluster_counts_long.n * moments.rate, 2))
            as sum_sq_cluster_residuals
    from cluster_counts_long
    inner join moments
        on cluster_counts_long.model_name = moments.model_name
        and cluster_counts_long.scope = moments.scope
        and cluster_counts_long.metric = moments.metric
    where cluster_counts_long.n > 0
    group by cluster_counts_long.model_name, cluster_counts_long.scope, cluster_counts_long.metric

),

clustered as (

    select
        moments.*,
        {{ cluster_robust_se('cluster_residuals.sum_sq_cluster_residuals', 'moments.n', 'moments.n_clusters') }}
            as cluster_se,
        cast({{ cluster_robust_df('moments.n_clusters') }} as bigint) as cluster_df
    from moments
    left join cluster_residuals
        on moments.model_name = cluster_residuals.model_name
        and moments.scope = cluster_residuals.scope
        and moments.metric = cluster_residuals.metric

),

t_critical_values as (

    {{ t_critical_values('clustered', ['df', 'cluster_df']) }}

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

intervals as (

    select
        clustered.*,
        t_plain.t_crit,
        clustered.rate - t_plain.t_crit * clustered.se as ci_low,
        clustered.rate + t_plain.t_crit * clustered.se as ci_high,
        {{ wilson_low('clustered.successes', 'clustered.n', 'z_critical_value.z_crit') }} as wilson_low,
        {{ wilson_high('clustered.successes', 'clustered.n', 'z_critical_value.z_crit') }} as wilson_high,
        {{ wald_low('clustered.successes', 'clustered.n', 'z_critical_value.z_crit') }} as wald_low,
        {{ wald_high('clustered.successes', 'clustered.n', 'z_critical_value.z_crit') }} as wald_high,
        t_cluster.t_crit as cluster_t_crit,
        clustered.rate - t_cluster.t_crit * clustered.cluster_se as cluster_ci_low,
        clustered.rate + t_cluster.t_crit * clustered.cluster_se as cluster_ci_high
    from clustered
    cross join z_critical_value
    left join t_critical_values as t_plain
        on clustered.df = t_plain.df
    left join t_critical_values as t_cluster
        on clustered.cluster_df = t_cluster.df

),

adequacy as (

    select
        *,
        coalesce(n > 0 and successes >= {{ np_min }} and n - successes >= {{ np_min }}, false) as np_adequate
    from intervals

),

notes as (

    select
        *,
        case
            when n = 0 then
                'No trials (n = 0): rate and every interval are undefined.'
            when n = 1 then
                'A single trial (n = 1): no SD, t, Wald-width or clustered interval; only the (very wide) '
                || 'Wilson interval is informative.'
            when successes = 0 or successes = n then
                format('All {} trials {}: the t, Wald and clustered intervals collapse to the point {}; '
                    || 'trust the Wilson interval [{:.4f}, {:.4f}].',
                    n, case when successes = 0 then 'failed' else 'succeeded' end, rate, wilson_low, wilson_high)
            when not np_adequate then
                format('n·p = {} and n·(1−p) = {}, not both at least {}: the normal approximation behind the t, Wald and '
                    || 'clustered intervals is unreliable; trust the Wilson interval.',
                    successes, n - successes, {{ np_min }})
            when n < {{ small_n }} then
                format('Small sample (n = {} < {}): prefer the Wilson interval to the t and Wald intervals.',
                    n, {{ small_n }})
        end as small_sample_note
    from adequacy

),

final as (

    select
        notes.model_name,
        int_models.display_name,
        int_models.family,
        int_models.peer_group,
        int_models.is_reference_model,
        notes.scope,
        notes.metric,
        notes.n,
        notes.successes,
        notes.rate,
        notes.sd,
        notes.se,
        notes.df,
        notes.t_crit,
        notes.ci_low,
        notes.ci_high,
        notes.wilson_low,
        notes.wilson_high,
        notes.wald_low,
        notes.wald_high,
        notes.n_clusters,
        notes.cluster_se,
        notes.cluster_df,
        notes.cluster_t_crit,
        notes.cluster_ci_low,
        notes.cluster_ci_high,
        notes.np_adequate,
        notes.small_sample_note,
        cast({{ confidence_level() }} as double) as confidence_level
    from notes
    inner join int_models
        on notes.model_name = int_models.model_name

)

select * from final
