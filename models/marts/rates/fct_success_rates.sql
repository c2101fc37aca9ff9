{#-
    Success rates with intervals, long form: one row per (model, scope, metric); scope is each
    parallelism model the model has plus 'all', metric one of success_metrics(). Built on
    int_problem_rates (the problem is the unit and the cluster: all samples of a problem, and in scope
    'all' its parallelism variants, are one cluster). rate = successes / n over the model's trials.

    Primary interval (ci_low / ci_high, used by every table, chart and sentence): the t-interval with a
    cluster-robust SE (clusters = problems, CR1 factor G/(G−1)) on G − 1 df. With one sample per prompt
    and one prompt per problem it is the ordinary t-interval. It is NULL, with ci_status and ci_note
    saying why, when it cannot be estimated: no trials, fewer than 2 clusters, or SE 0 (every problem
    at the same rate, e.g. all passed). When it leaves [0, 1] it is kept and flagged
    (ci_status 'outside_0_1'). The bounded alternative in every flagged case is the secondary interval:
    Wilson on the effective sample size n_eff = n / design effect with Korn and Graubard's df
    adjustment (effective_sample_size()), which is always inside [0, 1] and respects the clustering.
    cluster_* columns repeat the primary (kept for readers of the earlier names). wald_*: the reference
    report's z-Wald interval on n (reference-compatible only; ignores clustering).
-#}
{%- set p = two_sided_quantile_p() -%}
{%- set np_min = np_adequacy_threshold() -%}
{%- set small_n = small_sample_n() -%}
{%- set list_every_model_up_to = var('list_every_model_up_to', 60) | int -%}

with

int_problem_rates as (

    select model_name, scope, metric, problem_name, trials, successes from {{ ref('int_problem_rates') }}

),

int_models as (

    select model_name, display_name, family, peer_group, size_band, base_model_name, is_reference_model
    from {{ ref('int_models') }}

),

int_pairwise_models as (

    select model_name, is_included, inclusion_reason, n_models, n_included
    from {{ ref('int_pairwise_models') }}

),

included_bases as (

    {#- base models (present in the registry's results) of the derived models int_pairwise_models includes -#}
    select distinct int_models.base_model_name as model_name
    from int_models
    inner join int_pairwise_models
        on int_models.model_name = int_pairwise_models.model_name
    inner join int_models as bases
        on int_models.base_model_name = bases.model_name
    where int_pairwise_models.is_included

),

display_set as (

    select
        int_pairwise_models.model_name,
        int_pairwise_models.n_included >= int_pairwise_models.n_models
        or int_pairwise_models.n_models <= {{ list_every_model_up_to }} as shows_every_model,
        int_pairwise_models.is_included,
        int_pairwise_models.inclusion_reason,
        included_bases.model_name is not null as is_included_base
    from int_pairwise_models
    left join included_bases
        on int_pairwise_models.model_name = included_bases.model_name

),

metrics as (

    {% for metric in success_metric_names() -%}
    select '{{ metric }}' as metric, {{ loop.index }} as metric_order
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

grid as (

    {#- every metric for every (model, scope) the model has attempts in, so a metric with no trials
        (valid_given_build of a model that never built) keeps its row with n = 0 -#}
    select scopes.model_name, scopes.scope, metrics.metric
    from (select distinct model_name, scope from int_problem_rates) as scopes
    cross join metrics

),

counts as (

    select
        model_name,
        scope,
        metric,
        sum(trials) as n,
        sum(successes) as successes,
        count(*) as n_clusters
    from int_problem_rates
    group by model_name, scope, metric

),

moments as (

    select
        grid.model_name,
        grid.scope,
        grid.metric,
        cast(coalesce(counts.n, 0) as bigint) as n,
        cast(coalesce(counts.successes, 0) as bigint) as successes,
        cast(coalesce(counts.n_clusters, 0) as bigint) as n_clusters,
        counts.successes / counts.n as rate,
        {{ binary_sd('counts.successes', 'counts.n') }} as sd
    from grid
    left join counts
        on grid.model_name = counts.model_name
        and grid.scope = counts.scope
        and grid.metric = counts.metric

),

cluster_residuals as (

    {#- per (model, scope, metric): S = sum over problems of (successes_p − trials_p · rate)^2 -#}
    select
        int_problem_rates.model_name,
        int_problem_rates.scope,
        int_problem_rates.metric,
        sum({{ binary_cluster_residual_sq('int_problem_rates.successes', 'int_problem_rates.trials',
                                          'moments.successes', 'moments.n') }}) as sum_sq_cluster_residuals
    from int_problem_rates
    inner join moments
        on int_problem_rates.model_name = moments.model_name
        and int_problem_rates.scope = moments.scope
        and int_problem_rates.metric = moments.metric
    group by int_problem_rates.model_name, int_problem_rates.scope, int_problem_rates.metric

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

    {#- at the problems' df (the interval; Korn and Graubard's adjustment of n_eff) and at the
        attempts' (the same adjustment) -#}
    {{ t_critical_values('clustered', ['cluster_df', 'n - 1']) }}

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

effective as (

    select
        clustered.*,
        {{ effective_sample_size('clustered.rate', 'clustered.cluster_se', 'clustered.n', 'clustered.n_clusters',
                                 't_trials.t_crit', 't_problems.t_crit') }}
            as n_effective
    from clustered
    left join t_critical_values as t_trials
        on clustered.n - 1 = t_trials.df
    left join t_critical_values as t_problems
        on clustered.cluster_df = t_problems.df

),

intervals as (

    select
        effective.*,
        effective.n / effective.n_effective as design_effect,
        t_cluster.t_crit as cluster_t_crit,
        case when effective.cluster_se > 0
            then effective.rate - t_cluster.t_crit * effective.cluster_se end as cluster_ci_low,
        case when effective.cluster_se > 0
            then effective.rate + t_cluster.t_crit * effective.cluster_se end as cluster_ci_high,
        {{ wilson_low('effective.rate * effective.n_effective', 'effective.n_effective', 'z_critical_value.z_crit') }}
            as wilson_low,
        {{ wilson_high('effective.rate * effective.n_effective', 'effective.n_effective', 'z_critical_value.z_crit') }}
            as wilson_high,
        {{ wald_low('effective.successes', 'effective.n', 'z_critical_value.z_crit') }} as wald_low,
        {{ wald_high('effective.successes', 'effective.n', 'z_critical_value.z_crit') }} as wald_high
    from effective
    cross join z_critical_value
    left join t_critical_values as t_cluster
        on effective.cluster_df = t_cluster.df

),

statuses as (

    select
        *,
        case
            when n = 0 then 'no_trials'
            when n_clusters < 2 then 'too_few_clusters'
            when cluster_se = 0 then 'zero_variance'
            when cluster_ci_low < 0 or cluster_ci_high > 1 then 'outside_0_1'
            else 'ok'
        end as ci_status,
        coalesce(n > 0 and successes >= {{ np_min }} and n - successes >= {{ np_min }}, false) as np_adequate
    from intervals

),

notes as (

    select
        *,
        case ci_status
            when 'no_trials' then
                'No trials (n = 0): the rate and every interval are undefined.'
            when 'too_few_clusters' then
                format('{} problem: a cluster-robust SE needs at least 2, so the t-interval is undefined; '
                    || 'bounded interval (Wilson on {} effective trial) [{:.4f}, {:.4f}].',
                    n_clusters, n_effective, wilson_low, wilson_high)
            when 'zero_variance' then
                format('Every one of the {} problems has the same rate ({:.4f}): the SE is 0 and the t-interval '
                    || 'is undefined; bounded interval (Wilson on {:.1f} effective trials) [{:.4f}, {:.4f}].',
                    n_clusters, rate, n_effective, wilson_low, wilson_high)
            when 'outside_0_1' then
                format('The t-interval [{:.4f}, {:.4f}] ({} problems, {} df) leaves [0, 1]; bounded interval '
                    || '(Wilson on {:.1f} effective trials) [{:.4f}, {:.4f}].',
                    cluster_ci_low, cluster_ci_high, n_clusters, cluster_df, n_effective, wilson_low, wilson_high)
        end as ci_note
    from statuses

),

final as (

    select
        notes.model_name,
        int_models.display_name,
        int_models.family,
        int_models.peer_group,
        int_models.size_band,
        int_models.base_model_name,
        int_models.is_reference_model,
        notes.scope,
        notes.metric,
        notes.n,
        notes.successes,
        notes.rate,
        notes.sd,
        notes.cluster_se as se,
        notes.cluster_df as df,
        notes.cluster_t_crit as t_crit,
        notes.cluster_ci_low as ci_low,
        notes.cluster_ci_high as ci_high,
        notes.ci_status,
        notes.ci_note,
        notes.n_effective,
        notes.design_effect,
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
        coalesce(
            notes.ci_note,
            case when notes.n_clusters < {{ small_n }} then
                format('Few problems (G = {} < {}): the t-interval rests on {} df; the bounded Wilson interval '
                    || '[{:.4f}, {:.4f}] is the cross-check.',
                    notes.n_clusters, {{ small_n }}, notes.cluster_df, notes.wilson_low, notes.wilson_high)
            end
        ) as small_sample_note,
        cast({{ confidence_level() }} as double) as confidence_level,
        display_set.shows_every_model or display_set.is_included or display_set.is_included_base
            as in_display_set,
        case
            when display_set.shows_every_model then 'every model'
            when display_set.is_included then display_set.inclusion_reason
            when display_set.is_included_base then 'base model of a derived model in the display set'
            else 'not shown: ' || replace(display_set.inclusion_reason, 'not included: ', '')
        end as display_set_reason
    from notes
    inner join int_models
        on notes.model_name = int_models.model_name
    inner join display_set
        on notes.model_name = display_set.model_name

)

select * from final
