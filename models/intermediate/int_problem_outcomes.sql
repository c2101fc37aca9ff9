{#-
    One row per (model, parallelism model, problem): the attempts (samples) and how many of them reached
    each outcome. Every rate, interval, comparison and domain mart aggregates this table, so the
    row-level input is scanned once. The cluster of the clustered statistics is problem_name: the serial
    and MPI variants of one problem, and all samples of it, belong to one cluster.
-#}
with

int_attempts as (

    select * from {{ ref('int_attempts') }}

),

outcomes_per_problem as (

    select
        model_name,
        parallelism_model,
        problem_name,
        min(problem_type) as problem_type,
        count(*) as n_attempts,
        count_if(source_write_success) as n_source_write_success,
        count_if(did_build) as n_did_build,
        count_if(is_source_valid) as n_is_source_valid,
        count_if(did_any_run) as n_did_any_run,
        count_if(did_all_run) as n_did_all_run,
        count_if(are_any_valid) as n_are_any_valid,
        count_if(are_all_valid) as n_are_all_valid
    from int_attempts
    group by model_name, parallelism_model, problem_name

)

select * from outcomes_per_problem
