{#-
    No row is ever dropped silently: the rows of the input itself (read again, independently of staging)
    equal kept + rejected, and the dataset card says the same. A ParEval input is counted without
    parsing its runs (derived=false: the same samples, one per driver output).
-#}
with

counts as (

    select
        (select count(*) from {{ raw_metrics_relation(derived=false) }}) as rows_input,
        (select count(*) from {{ ref('stg_raw_metrics') }}) as rows_kept,
        (select count(*) from {{ ref('stg_raw_metrics_rejected') }}) as rows_rejected,
        (select rows_input from {{ ref('fct_dataset_card') }}) as card_rows_input,
        (select rows_kept + rows_rejected from {{ ref('fct_dataset_card') }}) as card_rows_accounted

)

select *
from counts
where rows_kept + rows_rejected <> rows_input
    or card_rows_input <> rows_input
    or card_rows_accounted <> rows_input
