{#-
    One row per run of a kept sample (ParEval driver output: the sample's `runs`; ParEval's per-run CSV:
    its rows). Empty for the 19-column CSV input, which has no run lists.
    n_procs / n_threads as recorded (NULL when the launch did not set them); resources = n_procs x
    n_threads with a missing count taken as 1 (threads for omp/kokkos, processes for mpi, processes x
    threads for mpi+omp, 1 for serial, cuda and hip). is_valid NULL (no Validation line) counts as
    not valid in ParEval's analysis (fillna(False)); it is kept NULL here.
    A table: each runs list is parsed once here, not once per reader (two marts and its tests).
-#}
{{ config(materialized='table') }}

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

    {#- each runs list parsed once into its elements, side by side with their indexes -#}
    select
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        best_sequential_runtime,
        unnest(run_list) as run,
        unnest(range(cast(len(run_list) as bigint))) as run_index
    from (
        select
            *,
            json_extract(raw_runs, '$[*]') as run_list
        from samples
    )

),

runs as (

    {#- each run parsed once: its fields by one multi-path extraction -#}
    select
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        run_index,
        best_sequential_runtime,
        json_extract_string(run, ['$.num_procs', '$.num_threads', '$.runtime', '$.is_valid', '$.did_run']) as fields
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
        cast(try_cast({{ clean_token("fields[1]") }} as double) as bigint) as n_procs,
        cast(try_cast({{ clean_token("fields[2]") }} as double) as bigint) as n_threads,
        cast(coalesce(try_cast({{ clean_token("fields[1]") }} as double), 1)
            * coalesce(try_cast({{ clean_token("fields[2]") }} as double), 1) as bigint) as resources,
        try_cast({{ clean_token("fields[3]") }} as double) as runtime_s,
        {{ parse_boolean(clean_token("fields[4]")) }} as is_valid,
        {{ parse_boolean(clean_token("fields[5]")) }} as did_run,
        best_sequential_runtime as best_sequential_runtime_s
    from runs

)

select * from final
