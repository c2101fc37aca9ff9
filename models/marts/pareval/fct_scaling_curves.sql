{#-
    Scaling curves: per model x execution model x resource count (threads for omp and kokkos, processes
    for mpi, processes x threads for mpi+omp), the speedup of each generated code over the same code on
    1 resource (1 thread, 1 process, or 1 x 1), from ParEval's runs. The problem is the unit: each
    sample's speedup T(1)/T(r) enters its problem's geometric mean first; the curve point is the geometric
    mean over problems with a t-interval on the log scale over problems (the problem-clustered interval:
    samples of one problem are not independent). parallel_efficiency = geometric_mean / resources.
    Runs below the timer resolution (var timer_resolution_s) are kept out of the ratios and counted.
-#}

with

stg_pareval_runs as (

    select * from {{ ref('stg_pareval_runs') }}
    where parallelism_model in ('omp', 'mpi', 'mpi+omp', 'kokkos')

),

valid_runs as (

    select
        model_name,
        parallelism_model,
        problem_name,
        sample_id,
        n_procs,
        n_threads,
        resources,
        runtime_s,
        runtime_s >= {{ timer_resolution_s() }} as is_timed
    from stg_pareval_runs
    where is_valid and runtime_s is not null and runtime_s >= 0

),

one_resource as (

    select model_name, parallelism_model, problem_name, sample_id, min(runtime_s) as runtime_1_s
    from valid_runs
    where resources = 1 and is_timed
    group by all

),

sample_speedups as (

    select
        valid_runs.model_name,
        valid_runs.parallelism_model,
        valid_runs.problem_name,
        valid_runs.sample_id,
        valid_runs.n_procs,
        valid_runs.n_threads,
        valid_runs.resources,
        valid_runs.is_timed,
        case when valid_runs.is_timed then one_resource.runtime_1_s / valid_runs.runtime_s end as speedup
    from valid_runs
    inner join one_resource
        on valid_runs.model_name = one_resource.model_name
        and valid_runs.parallelism_model = one_resource.parallelism_model
        and valid_runs.problem_name = one_resource.problem_name
        and valid_runs.sample_id = one_resource.sample_id

),

problem_speedups as (

    select
        model_name,
        parallelism_model,
        n_procs,
        n_threads,
        resources,
        problem_name,
        count(speedup) as n_samples,
        count(*) filter (where not is_timed) as n_runs_below_timer,
        avg(ln(speedup)) as problem_log_speedup
    from sample_speedups
    group by all

),

summaries as (

    select
        model_name,
        parallelism_model,
        n_procs,
        n_threads,
        resources,
        count(problem_log_speedup) as n_problems,
        sum(n_samples) as n_samples,
        sum(n_runs_below_timer) as n_runs_below_timer,
        avg(problem_log_speedup) as mean_log,
        stddev_samp(problem_log_speedup) as sd_log,
        case when count(problem_log_speedup) >= 2 then count(problem_log_speedup) - 1 end as df
    from problem_speedups
    group by all

),

t_critical_values as (

    {{ t_critical_values('summaries', ['df']) }}

),

final as (

    select
        summaries.model_name,
        summaries.parallelism_model,
        summaries.n_procs,
        summaries.n_threads,
        summaries.resources,
        summaries.n_problems,
        cast(summaries.n_samples as bigint) as n_samples,
        cast(summaries.n_runs_below_timer as bigint) as n_runs_below_timer,
        exp(summaries.mean_log) as geometric_mean_speedup,
        {{ geometric_mean_ci('summaries.mean_log', 'summaries.sd_log', 'summaries.n_problems', 't_critical_values.t_crit', '-') }}
            as ci_low,
        {{ geometric_mean_ci('summaries.mean_log', 'summaries.sd_log', 'summaries.n_problems', 't_critical_values.t_crit', '+') }}
            as ci_high,
        exp(summaries.mean_log) / summaries.resources as parallel_efficiency,
        cast({{ confidence_level() }} as double) as confidence_level
    from summaries
    left join t_critical_values on summaries.df = t_critical_values.df

)

select * from final
