{#- The kept rows of the baseline round, with the columns the round comparison needs (the keys and the
    outcome flags), named as in stg_raw_metrics. -#}
with

base_baseline_raw_metrics as (

    select * from {{ ref('base_baseline_raw_metrics') }}

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

        ---------- repairs
        quality_flags

    from base_baseline_raw_metrics
    where rejection_reason is null

)

select * from kept
