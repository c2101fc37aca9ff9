{#-
    Unbiased pass@k (Chen et al. 2021), one row per (model, scope, k) for k in pass_at_k_values()
    (default 1, 5, 10, 20). A prompt is one (parallelism model, problem) of a model; its n samples
    (n_attempts) and c correct ones (n_are_all_valid) give pass@k = 1 − C(n−c, k)/C(n, k) (macro
    pass_at_k, product form), averaged over the prompts of the scope ('all': every prompt of the model).
    samples_per_problem is the smallest n of any prompt in the (model, scope); k is reported only when
    k <= samples_per_problem, so every prompt can estimate it. Single-sample data therefore has k = 1 only.
    For k = 1 the estimator is c/n exactly; it is evaluated as that quotient (the product form gives the
    same value up to one ulp, e.g. 0.30000000000000004 for n = 10, c = 3). pass@1 equals the pass rate of
    fct_success_rates exactly with one sample per prompt, and up to rounding whenever every prompt has
    the same number of samples (otherwise pass@1 weights prompts equally, the pass rate weights samples).
    cluster_se: cluster-robust SE of that mean over prompts (clusters = problem_name, so the serial and
    MPI prompts of one problem are one cluster in scope 'all'; CR1 factor G/(G−1)); t on G − 1 df.
-#}
{%- set ks = pass_at_k_values() -%}

with

int_problem_outcomes as (

    select model_name, parallelism_model, problem_name, n_attempts, n_are_all_valid
    from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

prompts_by_scope as (

    select model_name, parallelism_model as scope, problem_name, n_attempts, n_are_all_valid
    from int_problem_outcomes
    union all
    select model_name, 'all' as scope, problem_name, n_attempts, n_are_all_valid
    from int_problem_outcomes

),

samples_by_scope as (

    select
        model_name,
        scope,
        count(*) as n_problems,
        count(distinct problem_name) as n_clusters,
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
        samples_by_scope.samples_per_problem, samples_by_scope.max_samples_per_problem, samples_by_scope.n_clusters

),

t_critical_values as (

    {{ t_critical_values('clustered', ['cluster_df']) }}

),

intervals as (

    select
        clustered.*,
        t_critical_values.t_crit as cluster_t_crit,
        clustered.pass_at_k - t_critical_values.t_crit * clustered.cluster_se as cluster_ci_low,
        clustered.pass_at_k + t_critical_values.t_crit * clustered.cluster_se as cluster_ci_high
    from clustered
    left join t_critical_values
        on clustered.cluster_df = t_critical_values.df

),

final as (

    select
        intervals.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        intervals.scope,
        cast(intervals.k as bigint) as k,
        intervals.pass_at_k,
        cast(intervals.n_problems as bigint) as n_problems,
        cast(intervals.samples_per_problem as bigint) as samples_per_problem,
        cast(intervals.max_samples_per_problem as bigint) as max_samples_per_problem,
        cast(intervals.n_clusters as bigint) as n_clusters,
        intervals.cluster_se,
        intervals.cluster_df,
        intervals.cluster_t_crit,
        intervals.cluster_ci_low,
        intervals.cluster_ci_high,
        cast({{ confidence_level() }} as double) as confidence_level
    from intervals
    inner join int_models
        on intervals.model_name = int_models.model_name

)

select * from final
