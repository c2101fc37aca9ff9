{#-
    Every kept attempt with its model's registry attributes and its problem's catalog entry. A view: its
    readers (int_problem_outcomes and the row-level marts) each take the columns they need from
    base_raw_metrics through it, joined with three small tables; writing the table first cost more
    than those joins (at 5M rows 4.5 s to write it; fct_assumption_checks 6.8 s from the table,
    6.4 s through the view; fct_generation_cost 4.0 and 4.4 s).
-#}
{{ config(materialized='view') }}
with

stg_raw_metrics as (

    select * from {{ ref('stg_raw_metrics') }}

),

int_models as (

    select model_name, model_number, model_key, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

stg_pareval_problems as (

    select problem_name, problem_type from {{ ref('stg_pareval_problems') }}

),

stg_problem_types as (

    select problem_type from {{ ref('stg_problem_types') }}

),

attempts_joined as (

    {#- stg_raw_metrics' columns in its order, but model_key from int_models (the same key of the same
        name, computed once per model): the staging view's regex per row then never runs here; and
        int_models' model_number, the integer the row-level marts group and sort by -#}
    select
        stg_raw_metrics.input_row_number,
        stg_raw_metrics.model_name,
        int_models.model_number,
        int_models.model_key,
        stg_raw_metrics.problem_type,
        stg_raw_metrics.problem_name,
        stg_raw_metrics.parallelism_model,
        stg_raw_metrics.sample_id,
        stg_raw_metrics.source_write_success,
        stg_raw_metrics.did_build,
        stg_raw_metrics.is_source_valid,
        stg_raw_metrics.did_any_run,
        stg_raw_metrics.did_all_run,
        stg_raw_metrics.are_any_valid,
        stg_raw_metrics.are_all_valid,
        stg_raw_metrics.response_time_s,
        stg_raw_metrics.total_tokens,
        stg_raw_metrics.prompt_tokens,
        stg_raw_metrics.completion_tokens,
        stg_raw_metrics.best_runtime_s,
        stg_raw_metrics.avg_runtime_s,
        stg_raw_metrics.speedup_2proc,
        stg_raw_metrics.speedup_4proc,
        stg_raw_metrics.num_successful_runs,
        stg_raw_metrics.quality_flags,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        stg_problem_types.problem_type is not null as is_known_problem_type,
        stg_pareval_problems.problem_name is not null as is_known_problem
    from stg_raw_metrics
    inner join int_models
        on stg_raw_metrics.model_name = int_models.model_name
    left join stg_problem_types
        on stg_raw_metrics.problem_type = stg_problem_types.problem_type
    left join stg_pareval_problems
        on stg_raw_metrics.problem_name = stg_pareval_problems.problem_name

)

select * from attempts_joined
