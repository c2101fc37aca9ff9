{#-
    ParEval's own metrics (analysis/metrics.py), per model x execution model x problem type x k, plus
    problem_type = 'all' rows (the mean over problem types, as in the paper's tables). See
    macros/metrics/pareval_metrics.sql and _pareval__models.yml for the definitions and ParEval's quirks.
-#}
{%- set ks = pass_at_k_values() -%}

with

stg_pareval_samples as (

    select * from {{ ref('stg_pareval_samples') }}

),

stg_pareval_runs as (

    select * from {{ ref('stg_pareval_runs') }}

),

stg_pareval_problem_sizes as (

    select * from {{ ref('stg_pareval_problem_sizes') }}

),

k_values as (

    select unnest([{{ ks | join(', ') }}]) as k

),

resource_settings as (

    {{ pareval_resource_settings() }}

),

problem_counts as (

    {#- One row per problem: samples, correct samples, built samples, and ParEval's per-run rows for
        build@k (a sample with n recorded runs is n rows, one without runs is 1 row). -#}
    select
        model_name,
        parallelism_model,
        problem_type,
        problem_name,
        count(*) as n_samples,
        count(*) filter (where are_all_valid) as n_correct,
        count(*) filter (where did_build) as n_built,
        sum(greatest(coalesce(n_runs, 1), 1)) as n_build_rows,
        sum(greatest(coalesce(n_runs, 1), 1)) filter (where did_build) as n_build_rows_built,
        bool_or(n_runs is not null) as has_run_lists
    from stg_pareval_samples
    group by all

),

timed_runs as (

    {#- Valid runs at the configured resource count (every valid run for execution models not in
        the var pareval_resources), with the divisor of efficiency@k. -#}
    select
        stg_pareval_runs.model_name,
        stg_pareval_runs.parallelism_model,
        stg_pareval_runs.problem_type,
        stg_pareval_runs.problem_name,
        stg_pareval_runs.runtime_s,
        stg_pareval_runs.best_sequential_runtime_s,
        case
            when stg_pareval_runs.parallelism_model in ('cuda', 'hip') then stg_pareval_problem_sizes.problem_size
            when resource_settings.parallelism_model is not null then resource_settings.resources
            else 1
        end as efficiency_resources
    from stg_pareval_runs
    left join resource_settings
        on stg_pareval_runs.parallelism_model = resource_settings.parallelism_model
    left join stg_pareval_problem_sizes
        on stg_pareval_runs.problem_name = stg_pareval_problem_sizes.problem_name
        and stg_pareval_runs.parallelism_model = stg_pareval_problem_sizes.parallelism_model
    where stg_pareval_runs.is_valid
        and stg_pareval_runs.runtime_s is not null
        and (
            resource_settings.parallelism_model is null
            or (
                (resource_settings.n_procs is null or stg_pareval_runs.n_procs = resource_settings.n_procs)
                and (resource_settings.n_threads is null or stg_pareval_runs.n_threads = resource_settings.n_threads)
            )
        )

),

ranked_runs as (

    {#- ParEval sorts a problem's runtimes ascending; j is the 1-based rank, n_timed their number and
        the baseline the smallest best_sequential_runtime among these rows. -#}
    select
        *,
        row_number() over problem_window as j,
        count(*) over (partition by model_name, parallelism_model, problem_type, problem_name) as n_timed,
        min(best_sequential_runtime_s) over (partition by model_name, parallelism_model, problem_type, problem_name)
            as baseline_s
    from timed_runs
    window problem_window as (
        partition by model_name, parallelism_model, problem_type, problem_name order by runtime_s
    )

),

speedup_terms as (

    select
        ranked_runs.model_name,
        ranked_runs.parallelism_model,
        ranked_runs.problem_type,
        ranked_runs.problem_name,
        k_values.k,
        ({{ pareval_ncr('ranked_runs.j - 1', 'k_values.k - 1') }} * ranked_runs.baseline_s)
            / ({{ pareval_ncr('ranked_runs.n_timed', 'k_values.k') }}
                * greatest(ranked_runs.runtime_s, {{ pareval_timer_floor_s() }})) as speedup_term,
        ({{ pareval_ncr('ranked_runs.j - 1', 'k_values.k - 1') }} * ranked_runs.baseline_s)
            / ({{ pareval_ncr('ranked_runs.n_timed', 'k_values.k') }}
                * greatest(ranked_runs.runtime_s, {{ pareval_timer_floor_s() }})
                * ranked_runs.efficiency_resources) as efficiency_term
    from ranked_runs
    cross join k_values

),

problem_speedups as (

    select
        model_name,
        parallelism_model,
        problem_type,
        problem_name,
        k,
        sum(speedup_term) as speedup_at_k,
        case when count(efficiency_term) = count(*) then sum(efficiency_term) end as efficiency_at_k
    from speedup_terms
    group by all

),

problem_rates as (

    select
        problem_counts.*,
        k_values.k,
        {{ pareval_pass_at_k('problem_counts.n_samples', 'problem_counts.n_built', 'k_values.k') }} as build_at_k,
        {{ pareval_pass_at_k('problem_counts.n_build_rows', 'problem_counts.n_build_rows_built', 'k_values.k') }}
            as build_at_k_pareval,
        {{ pareval_pass_at_k('problem_counts.n_samples', 'problem_counts.n_correct', 'k_values.k') }} as pass_at_k,
        max(problem_counts.n_samples) over (
            partition by problem_counts.model_name, problem_counts.parallelism_model
        ) as max_samples
    from problem_counts
    cross join k_values

),

by_type as (

    select
        problem_rates.model_name,
        problem_rates.parallelism_model,
        problem_rates.problem_type,
        problem_rates.k,
        count(*) as n_problems,
        cast(sum(problem_rates.n_samples) as bigint) as n_samples,
        count(problem_speedups.speedup_at_k) as n_problems_timed,
        bool_or(problem_rates.has_run_lists) as has_run_lists,
        avg(problem_rates.build_at_k) as build_at_k,
        avg(problem_rates.build_at_k_pareval) as build_at_k_pareval,
        avg(problem_rates.pass_at_k) as pass_at_k,
        avg(problem_speedups.speedup_at_k) as speedup_at_k_timed,
        avg(problem_speedups.efficiency_at_k) as efficiency_at_k_timed
    from problem_rates
    left join problem_speedups
        on problem_rates.model_name = problem_speedups.model_name
        and problem_rates.parallelism_model = problem_speedups.parallelism_model
        and problem_rates.problem_type = problem_speedups.problem_type
        and problem_rates.problem_name = problem_speedups.problem_name
        and problem_rates.k = problem_speedups.k
    where problem_rates.k <= problem_rates.max_samples
    group by all

),

by_type_filled as (

    {#- ParEval: a type with no problem timed gets speedup@k = efficiency@k = 0 (fillna(0.0));
        NULL instead when the input carries no run lists (the 19-column CSV), where nothing was timed. -#}
    select
        * exclude (speedup_at_k_timed, efficiency_at_k_timed),
        case
            when n_problems_timed > 0 then speedup_at_k_timed
            when has_run_lists then 0.0
        end as speedup_at_k,
        case
            when n_problems_timed > 0 then efficiency_at_k_timed
            when has_run_lists then 0.0
        end as efficiency_at_k
    from by_type

),

overall as (

    select
        model_name,
        parallelism_model,
        'all' as problem_type,
        k,
        cast(sum(n_problems) as bigint) as n_problems,
        cast(sum(n_samples) as bigint) as n_samples,
        cast(sum(n_problems_timed) as bigint) as n_problems_timed,
        avg(build_at_k) as build_at_k,
        avg(build_at_k_pareval) as build_at_k_pareval,
        avg(pass_at_k) as pass_at_k,
        avg(speedup_at_k) as speedup_at_k,
        avg(efficiency_at_k) as efficiency_at_k
    from by_type_filled
    group by all

),

combined as (

    select
        model_name, parallelism_model, problem_type, k, n_problems, n_samples, n_problems_timed,
        build_at_k, build_at_k_pareval, pass_at_k, speedup_at_k, efficiency_at_k
    from by_type_filled

    union all

    select
        model_name, parallelism_model, problem_type, k, n_problems, n_samples, n_problems_timed,
        build_at_k, build_at_k_pareval, pass_at_k, speedup_at_k, efficiency_at_k
    from overall

),

final as (

    select
        combined.model_name,
        combined.parallelism_model,
        combined.problem_type,
        combined.k,
        combined.n_problems,
        combined.n_samples,
        combined.n_problems_timed,
        resource_settings.n_procs as speedup_n_procs,
        resource_settings.n_threads as speedup_n_threads,
        case
            when combined.parallelism_model in ('cuda', 'hip') then 'the problem size'
            when resource_settings.parallelism_model is not null then cast(resource_settings.resources as varchar)
            else '1'
        end as efficiency_divisor,
        combined.build_at_k,
        combined.build_at_k_pareval,
        combined.pass_at_k,
        combined.speedup_at_k,
        combined.efficiency_at_k
    from combined
    left join resource_settings
        on combined.parallelism_model = resource_settings.parallelism_model

)

select * from final
