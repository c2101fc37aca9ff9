{#-
    What happened to every input row, by reason: one row per (outcome, reason).
    outcome 'rejected': the row is in stg_raw_metrics_rejected; a row rejected for several reasons counts
    under each of them. outcome 'kept with repair': a kept row had a value set to NULL (negative or
    non-finite measurement). The value that triggered the reason is stripped, so reasons group; the
    first row numbers are kept as examples.
-#}
with

base_raw_metrics as (

    select input_row_number, rejection_reason, quality_flags from {{ ref('base_raw_metrics') }}

),

reasons_exploded as (

    select
        'rejected' as outcome,
        input_row_number,
        unnest(string_split(rejection_reason, '; ')) as reason_detail
    from base_raw_metrics
    where rejection_reason is not null

    union all

    select
        'kept with repair' as outcome,
        input_row_number,
        unnest(string_split(quality_flags, '; ')) as reason_detail
    from base_raw_metrics
    where rejection_reason is null and quality_flags is not null

),

reasons_categorised as (

    select
        outcome,
        input_row_number,
        regexp_replace(
            regexp_replace(reason_detail, ' \(expected one of [^)]*\)$', ''),
            '(: ".*"$|: first seen at row [0-9]+$| ".*" set to NULL$)',
            ''
        ) || case when reason_detail like '% set to NULL' then ' set to NULL' else '' end as reason
    from reasons_exploded

),

final as (

    select
        outcome,
        reason,
        count(distinct input_row_number) as rows,
        list(distinct input_row_number order by input_row_number)[1:5] as example_input_rows
    from reasons_categorised
    group by outcome, reason

)

select * from final
