{#-
    Success by problem domain: one row per (model, problem_type, scope), scope = each parallelism model
    present and 'all'. Built on int_problem_rates: the problem is the unit and the cluster (all samples
    of a problem, and in scope 'all' its parallelism variants, are one cluster), as in fct_success_rates.
    Per metric (build, pass, valid_given_build): n, successes, the number of problems G, the rate
    successes / n, its cluster-robust SE (CR1, clusters = problems; cluster_robust_se) and the Wilson
    interval on the effective sample size n_eff = n / design effect with Korn and Graubard's df
    adjustment (effective_sample_size(): G at a rate of 0 or 1 or below 2 problems), which is always
    inside [0, 1] and respects the clustering: twenty samples of one problem count for less than twenty
    problems, and a design effect estimated from a handful of problems counts for less still. With one
    sample per prompt, scope a single parallelism model and 0 < rate < 1, n_eff = n - 1. Also the
    serial − MPI gap of the domain (same value on every scope row of a (model, problem_type)) and each
    model's ranking of its domains within the scope.
-#}
{%- set p = two_sided_quantile_p() -%}
{%- set gap = gap_parallelism_models() -%}

with

int_problem_rates as (

    select model_name, scope, metric, problem_name, problem_type, trials, successes
    from {{ ref('int_problem_rates') }}
    where metric in ('build', 'pass', 'valid_given_build')

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

domain_counts as (

    select
        model_name,
        problem_type,
        scope,
        metric,
        sum(trials) as n,
        sum(successes) as successes,
        count(*) as n_problems,
        sum(successes) / sum(trials) as rate
    from int_problem_rates
    group by model_name, problem_type, scope, metric

),

clustered as (

    {#- per (model, domain, scope, metric): S = sum over problems of (successes_p − trials_p · rate)^2,
        and from it the cluster-robust SE, in one pass over the problems (the pattern of
        cluster_robust_se's header) -#}
    select
        domain_counts.model_name,
        domain_counts.problem_type,
        domain_counts.scope,
        domain_counts.metric,
        domain_counts.n,
        domain_counts.successes,
        domain_counts.n_problems,
        domain_counts.rate,
        {{ cluster_robust_se(
            'sum(' ~ binary_cluster_residual_sq('int_problem_rates.successes', 'int_problem_rates.trials',
                                                'domain_counts.successes', 'domain_counts.n') ~ ')',
            'domain_counts.n', 'domain_counts.n_problems') }} as cluster_se
    from domain_counts
    inner join int_problem_rates
        on domain_counts.model_name = int_problem_rates.model_name
        and domain_counts.problem_type = int_problem_rates.problem_type
        and domain_counts.scope = int_problem_rates.scope
        and domain_counts.metric = int_problem_rates.metric
    group by
        domain_counts.model_name,
        domain_counts.problem_type,
        domain_counts.scope,
        domain_counts.metric,
        domain_counts.n,
        domain_counts.successes,
        domain_counts.n_problems,
        domain_counts.rate

),

t_critical_values as (

    {#- Korn and Graubard's adjustment of n_eff: t at the problems' and at the attempts' df -#}
    {{ t_critical_values('clustered', ['n_problems - 1', 'n - 1']) }}

),

effective as (

    select
        clustered.*,
        {{ effective_sample_size('clustered.rate', 'clustered.cluster_se', 'clustered.n', 'clustered.n_problems',
                                 't_attempts.t_crit', 't_problems.t_crit') }} as n_effective
    from clustered
    left join t_critical_values as t_attempts
        on clustered.n - 1 = t_attempts.df
    left join t_critical_values as t_problems
        on clustered.n_problems - 1 = t_problems.df

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

metric_intervals as (

    select
        effective.model_name,
        effective.problem_type,
        effective.scope,
        effective.metric,
        effective.n,
        effective.successes,
        effective.n_problems,
        effective.rate,
        effective.n_effective,
        {{ wilson_low('effective.rate * effective.n_effective', 'effective.n_effective', 'z_critical_value.z_crit') }}
            as wilson_low,
        {{ wilson_high('effective.rate * effective.n_effective', 'effective.n_effective', 'z_critical_value.z_crit') }}
            as wilson_high
    from effective
    cross join z_critical_value

),

rates as (

    {#- one row per (model, domain, scope): every one has pass and build rows (trials = its attempts);
        valid_given_build has none where nothing built, and its columns stay NULL there -#}
    select
        model_name,
        problem_type,
        scope,
        cast(max(n) filter (where metric = 'pass') as bigint) as n,
        cast(max(n_problems) filter (where metric = 'pass') as bigint) as n_problems,
        cast(max(successes) filter (where metric = 'build') as bigint) as n_built,
        cast(max(successes) filter (where metric = 'pass') as bigint) as n_passed,
        max(rate) filter (where metric = 'build') as build_rate,
        max(n_effective) filter (where metric = 'build') as build_n_effective,
        max(wilson_low) filter (where metric = 'build') as build_wilson_low,
        max(wilson_high) filter (where metric = 'build') as build_wilson_high,
        max(rate) filter (where metric = 'pass') as pass_rate,
        max(n_effective) filter (where metric = 'pass') as pass_n_effective,
        max(wilson_low) filter (where metric = 'pass') as pass_wilson_low,
        max(wilson_high) filter (where metric = 'pass') as pass_wilson_high,
        max(rate) filter (where metric = 'valid_given_build') as valid_given_build_rate,
        max(n_effective) filter (where metric = 'valid_given_build') as valid_given_build_n_effective,
        max(wilson_low) filter (where metric = 'valid_given_build') as valid_given_build_wilson_low,
        max(wilson_high) filter (where metric = 'valid_given_build') as valid_given_build_wilson_high
    from metric_intervals
    group by model_name, problem_type, scope

),

gaps as (

    select
        model_name,
        problem_type,
        max(pass_rate) filter (where scope = '{{ gap.minuend }}')
            - max(pass_rate) filter (where scope = '{{ gap.subtrahend }}') as pass_gap_serial_minus_mpi,
        max(build_rate) filter (where scope = '{{ gap.minuend }}')
            - max(build_rate) filter (where scope = '{{ gap.subtrahend }}') as build_gap_serial_minus_mpi
    from rates
    group by model_name, problem_type

),

ranked as (

    select
        rates.*,
        gaps.pass_gap_serial_minus_mpi,
        gaps.build_gap_serial_minus_mpi,
        rank() over (partition by rates.model_name, rates.scope order by rates.pass_rate desc)
            as pass_rank_best_first,
        rank() over (partition by rates.model_name, rates.scope order by rates.pass_rate asc)
            as pass_rank_worst_first,
        count(*) over (partition by rates.model_name, rates.scope) as n_domains
    from rates
    inner join gaps
        on rates.model_name = gaps.model_name
        and rates.problem_type = gaps.problem_type

),

final as (

    select
        ranked.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        ranked.problem_type,
        ranked.scope,
        ranked.n,
        ranked.n_problems,
        ranked.n_built,
        ranked.n_passed,
        ranked.build_rate,
        ranked.build_n_effective,
        ranked.build_wilson_low,
        ranked.build_wilson_high,
        ranked.pass_rate,
        ranked.pass_n_effective,
        ranked.pass_wilson_low,
        ranked.pass_wilson_high,
        ranked.valid_given_build_rate,
        ranked.valid_given_build_n_effective,
        ranked.valid_given_build_wilson_low,
        ranked.valid_given_build_wilson_high,
        ranked.pass_gap_serial_minus_mpi,
        ranked.build_gap_serial_minus_mpi,
        ranked.n_domains,
        ranked.pass_rank_best_first,
        ranked.pass_rank_worst_first,
        ranked.pass_rank_best_first = 1 as is_best_domain,
        ranked.pass_rank_worst_first = 1 as is_worst_domain,
        cast({{ confidence_level() }} as double) as confidence_level
    from ranked
    inner join int_models
        on ranked.model_name = int_models.model_name

)

select * from final
