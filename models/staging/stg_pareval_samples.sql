{#-
    One row per kept sample with what ParEval's metrics need beyond the 19 columns: the number of runs
    recorded (NULL when the input carries no run lists, i.e. the 19-column CSV) and best_sequential_runtime.
-#}
with

base_raw_metrics as (

    select * from {{ ref('base_raw_metrics') }}
    where rejection_reason is null

),

final as (

    select
        input_row_number,
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        did_build,
        are_all_valid,
        case
            when json_type(raw_runs) = 'ARRAY' then cast(json_array_length(raw_runs) as bigint)
            when source_file is not null then 0
        end as n_runs,
        best_sequential_runtime as best_sequential_runtime_s,
        source_file,
        source_place
    from base_raw_metrics

)

select * from final
