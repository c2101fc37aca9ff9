with

base_raw_metrics as (

    select * from {{ ref('base_raw_metrics') }}

),

kept as (

    select
        input_row_number,

        ---------- keys
        model_name,
        {{ model_key_sql('model_name') }} as model_key,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,

        ---------- outcome flags
        source_write_success,
        did_build,
        is_source_valid,
        did_any_run,
        did_all_run,
        are_any_valid,
        are_all_valid,

        ---------- measurements
        response_time as response_time_s,
        total_tokens,
        prompt_tokens,
        case when total_tokens >= prompt_tokens then total_tokens - prompt_tokens end as completion_tokens,
        best_runtime as best_runtime_s,
        avg_runtime as avg_runtime_s,
        speedup_2proc,
        speedup_4proc,
        num_successful_runs,

        ---------- repairs
        quality_flags

    from base_raw_metrics
    where rejection_reason is null

)

select * from kept
