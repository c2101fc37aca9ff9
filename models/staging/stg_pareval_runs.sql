{#-
    One row per run of a kept sample (ParEval driver output: the sample's `runs`; ParEval's per-run CSV:
    its rows). Empty for the 19-column CSV input, which has no run lists.
    n_procs / n_threads as recorded (NULL when the launch did not set them); resources = n_procs x
    n_threads with a missing count taken as 1 (threads for omp/kokkos, processes for mpi, processes x
    threads for mpi+omp, 1 for serial, cuda and hip). is_valid NULL (no Validation line) counts as
    not valid in ParEval's analysis (fillna(False)); it is kept NULL here.
-#}
with

samples as (

    select
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        best_sequential_runtime,
        raw_runs
    from {{ ref('base_raw_metrics') }}
    where rejection_reason is null and json_type(raw_runs) = 'ARRAY'

),

run_elements as (

    select
        *,
        unnest(range(cast(json_array_length(raw_runs) as bigint))) as run_index
    from samples

),

runs as (

    select
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        run_index,
        json_extract(raw_runs, '$[' || run_index || ']') as run,
        best_sequential_runtime
    from run_elements

),

final as (

    select
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        cast(run_index as bigint) as run_index,
        cast(try_cast({{ clean_token("run->>'$.num_procs'") }} as double) as bigint) as n_procs,
        cast(try_cast({{ clean_token("run->>'$.num_threads'") }} as double) as bigint) as n_threads,
        cast(coalesce(try_cast({{ clean_token("run->>'$.num_procs'") }} as double), 1)
            * coalesce(try_cast({{ clean_token("run->>'$.num_threads'") }} as double), 1) as bigint) as resources,
        try_cast({{ clean_token("run->>'$.runtime'") }} as double) as runtime_s,
        {{ parse_boolean(clean_token("run->>'$.is_valid'")) }} as is_valid,
        {{ parse_boolean(clean_token("run->>'$.did_run'")) }} as did_run,
        best_sequential_runtime as best_sequential_runtime_s
    from runs

)

select * from final
