{#-
    Every quarantined input row with its reasons and raw values, most common reason first.
    Run: dbt show --select rejected_rows_by_reason --limit 50   (or dbt compile and paste the SQL).
-#}
with

rejected as (

    select * from {{ ref('stg_raw_metrics_rejected') }}

),

audit as (

    select reason, rows from {{ ref('fct_data_audit') }} where outcome = 'rejected'

),

final as (

    select
        rejected.input_row_number,
        rejected.rejection_reason,
        rejected.raw_model,
        rejected.raw_problem_name,
        rejected.raw_parallelism_model,
        rejected.raw_did_build,
        rejected.raw_are_all_valid
    from rejected
    order by
        (select max(audit.rows) from audit where rejected.rejection_reason like audit.reason || '%') desc nulls last,
        rejected.input_row_number

)

select * from final
