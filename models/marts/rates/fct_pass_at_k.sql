{#-
    Unbiased pass@k (Chen et al. 2021), one row per (model, scope, k) for k in pass_at_k_values()
    (default 1, 5, 10, 20). Built on int_problem_rates (metric 'pass'): a prompt is one (parallelism
    model, problem) row of a per-parallelism scope, with n samples (trials) and c correct (successes);
    pass@k = 1 − C(n−c, k)/C(n, k) (macro pass_at_k, product form), averaged over the prompts of the
    scope ('all': every prompt of the model, i.e. the union of its per-parallelism rows).
    samples_per_problem is the smallest n of any prompt in the (model, scope); k is reported only when
    k <= samples_per_problem, so every prompt can estimate it. Single-sample data therefore has k = 1 only.
    For k = 1 the estimator is c/n exactly (evaluated as that quotient).

    Primary interval (cluster_ci_low / cluster_ci_high; ci_low / ci_high repeat it): t on G − 1 df with
    the cluster-robust SE of the mean over prompts, clusters = problems (the serial and MPI prompts of
    one problem are one cluster in scope 'all'; CR1 factor G/(G−1)). NULL with ci_status / ci_note when
    G < 2 or the SE is 0; flagged 'outside_0_1' when it leaves [0, 1]. Bounded alternative (wilson_*):
    Wilson on the effective sample size (effective_sample_size(), Korn and Graubard's df adjustment,
    capped at the number of samples).
-#}
{%- set ks = pass_at_k_values() -%}
{%- set p = two_sided_quantile_p() -%}

with

int_problem_rates as (

    select model_name, scope, problem_name, trials, successes
    from {{ ref('int_problem_rates') }}
    where metric = 'pass' and scope <> 'all'

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

prompts_by_scope as (

    {#- a prompt is a per-parallelism row; scope 'all' holds every prompt of the model -#}
    select model_name, scope, problem_name, trials as n_attempts, successes as n_are_all_valid
    from int_problem_rates
    union all
    select model_name, 'all' as scope, problem_name, trials as n_attempts, successes as n_are_all_valid
    from int_problem_rates

),

samples_by_scope as (

    select
        model_name,
        scope,
        count(*) as n_problems,
        count(distinct problem_name) as n_clusters,
        sum(n_attempts) as n_samples,
        min(n_attempts) as samples_per_problem,
        max(n_attempts) as max_samples_per_problem
    from prompts_by_scope
    group by model_name, scope

),

k_values as (

    select unnest([{{ ks | join(', ') }}]) as k

),

estimable_k as (

    select
        samples_by_scope.model_name,
        samples_by_scope.scope,
        k_values.k
    from samples_by_scope
    inner join k_values
        on k_values.k <= samples_by_scope.samples_per_problem

),

prompt_estimates as (

    select
        prompts_by_scope.model_name,
        prompts_by_scope.scope,
        estimable_k.k,
        prompts_by_scope.problem_name,
        case
            when estimable_k.k = 1 then prompts_by_scope.n_are_all_valid / prompts_by_scope.n_attempts
            else {{ pass_at_k('prompts_by_scope.n_attempts', 'prompts_by_scope.n_are_all_valid', 'estimable_k.k') }}
        end as pass_at_k
    from prompts_by_scope
    inner join estimable_k
        on prompts_by_scope.model_name = estimable_k.model_name
        and prompts_by_scope.scope = estimable_k.scope

),

means as (

    select
        model_name,
        scope,
        k,
        avg(pass_at_k) as pass_at_k
    from prompt_estimates
    group by model_name, scope, k

),

cluster_residuals as (

    select
        prompt_estimates.model_name,
        prompt_estimates.scope,
        prompt_estimates.k,
        prompt_estimates.problem_name,
        sum(prompt_estimates.pass_at_k - means.pass_at_k) as residual_sum
    from prompt_estimates
    inner join means
        on prompt_estimates.model_name = means.model_name
        and prompt_estimates.scope = means.scope
        and prompt_estimates.k = means.k
    group by prompt_estimates.model_name, prompt_estimates.scope, prompt_estimates.k, prompt_estimates.problem_name

),

clustered as (

    select
        means.model_name,
        means.scope,
        means.k,
        means.pass_at_k,
        samples_by_scope.n_problems,
        samples_by_scope.n_samples,
        samples_by_scope.samples_per_problem,
        samples_by_scope.max_samples_per_problem,
        samples_by_scope.n_clusters,
        {{ cluster_robust_se('sum(cluster_residuals.residual_sum * cluster_residuals.residual_sum)',
                             'any_value(samples_by_scope.n_problems)', 'any_value(samples_by_scope.n_clusters)') }}
            as cluster_se,
        cast({{ cluster_robust_df('any_value(samples_by_scope.n_clusters)') }} as bigint) as cluster_df
    from means
    inner join samples_by_scope
        on means.model_name = samples_by_scope.model_name
        and means.scope = samples_by_scope.scope
    inner join cluster_residuals
        on means.model_name = cluster_residuals.model_name
        and means.scope = cluster_residuals.scope
        and means.k = cluster_residuals.k
    group by
        means.model_name, means.scope, means.k, means.pass_at_k, samples_by_scope.n_problems,
        samples_by_scope.n_samples, samples_by_scope.samples_per_problem,
        samples_by_scope.max_samples_per_problem, samples_by_scope.n_clusters

),

t_critical_values as (

    {#- at the problems' df (the interval; Korn and Graubard's adjustment of n_eff) and at the
        samples' (the same adjustment) -#}
    {{ t_critical_values('clustered', ['cluster_df', 'n_samples - 1']) }}

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

intervals as (

    select
        clustered.*,
        {{ effective_sample_size('clustered.pass_at_k', 'clustered.cluster_se', 'clustered.n_samples',
                                 'clustered.n_clusters', 't_samples.t_crit', 't_critical_values.t_crit') }}
            as n_effective,
        t_critical_values.t_crit as cluster_t_crit,
        case when clustered.cluster_se > 0
            then clustered.pass_at_k - t_critical_values.t_crit * clustered.cluster_se end as cluster_ci_low,
        case when clustered.cluster_se > 0
            then clustered.pass_at_k + t_critical_values.t_crit * clustered.cluster_se end as cluster_ci_high
    from clustered
    left join t_critical_values
        on clustered.cluster_df = t_critical_values.df
    left join t_critical_values as t_samples
        on clustered.n_samples - 1 = t_samples.df

),

bounded as (

    select
        intervals.*,
        {{ wilson_low('intervals.pass_at_k * intervals.n_effective', 'intervals.n_effective', 'z_critical_value.z_crit') }}
            as wilson_low,
        {{ wilson_high('intervals.pass_at_k * intervals.n_effective', 'intervals.n_effective', 'z_critical_value.z_crit') }}
            as wilson_high,
        case
            when intervals.n_clusters < 2 then 'too_few_clusters'
            when intervals.cluster_se = 0 then 'zero_variance'
            when intervals.cluster_ci_low < 0 or intervals.cluster_ci_high > 1 then 'outside_0_1'
            else 'ok'
        end as ci_status
    from intervals
    cross join z_critical_value

),

final as (

    select
        bounded.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        bounded.scope,
        cast(bounded.k as bigint) as k,
        bounded.pass_at_k,
        cast(bounded.n_problems as bigint) as n_problems,
        cast(bounded.samples_per_problem as bigint) as samples_per_problem,
        cast(bounded.max_samples_per_problem as bigint) as max_samples_per_problem,
        cast(bounded.n_clusters as bigint) as n_clusters,
        bounded.cluster_se,
        bounded.cluster_df,
        bounded.cluster_t_crit,
        bounded.cluster_ci_low,
        bounded.cluster_ci_high,
        bounded.cluster_ci_low as ci_low,
        bounded.cluster_ci_high as ci_high,
        bounded.ci_status,
        case bounded.ci_status
            when 'too_few_clusters' then
                format('{} problem: a cluster-robust SE needs at least 2, so the t-interval is undefined; '
                    || 'bounded interval (Wilson on {} effective trial) [{:.4f}, {:.4f}].',
                    bounded.n_clusters, bounded.n_effective, bounded.wilson_low, bounded.wilson_high)
            when 'zero_variance' then
                format('Every one of the {} problems has the same pass@{} ({:.4f}): the SE is 0 and the t-interval '
                    || 'is undefined; bounded interval (Wilson on {:.1f} effective trials) [{:.4f}, {:.4f}].',
                    bounded.n_clusters, bounded.k, bounded.pass_at_k, bounded.n_effective,
                    bounded.wilson_low, bounded.wilson_high)
            when 'outside_0_1' then
                format('The t-interval [{:.4f}, {:.4f}] ({} problems, {} df) leaves [0, 1]; bounded interval '
                    || '(Wilson on {:.1f} effective trials) [{:.4f}, {:.4f}].',
                    bounded.cluster_ci_low, bounded.cluster_ci_high, bounded.n_clusters, bounded.cluster_df,
                    bounded.n_effective, bounded.wilson_low, bounded.wilson_high)
        end as ci_note,
        bounded.n_effective,
        bounded.wilson_low,
        bounded.wilson_high,
        cast({{ confidence_level() }} as double) as confidence_level
    from bounded
    inner join int_models
        on bounded.model_name = int_models.model_name

)

select * from final
