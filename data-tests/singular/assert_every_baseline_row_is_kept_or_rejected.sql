{#-
    The baseline round (var baseline_metrics_path) drops no row silently: its rows (read again from the
    file, independently of staging) equal kept + rejected, and fct_round_inputs says the same. Without a
    baseline, the baseline models and fct_round_inputs are empty.
-#}
{%- set baseline_path = var('baseline_metrics_path', '') | string | trim -%}

with

counts as (

    select
        {% if baseline_path -%}
        (select count(*) from {{ raw_metrics_relation(baseline_path) }}) as rows_input,
        {%- else -%}
        0 as rows_input,
        {%- endif %}
        (select count(*) from {{ ref('stg_baseline_raw_metrics') }}) as rows_kept,
        (select count(*) from {{ ref('stg_baseline_raw_metrics_rejected') }}) as rows_rejected,
        (select coalesce(sum(rows_input), 0) from {{ ref('fct_round_inputs') }} where round = 'baseline')
            as card_rows_input,
        (select coalesce(sum(rows_kept + rows_rejected), 0) from {{ ref('fct_round_inputs') }}
            where round = 'baseline') as card_rows_accounted,
        (select count(*) from {{ ref('fct_round_inputs') }}) as n_input_rows

)

select *
from counts
where rows_kept + rows_rejected <> rows_input
    or card_rows_input <> rows_input
    or card_rows_accounted <> rows_input
    or n_input_rows <> {{ 2 if baseline_path else 0 }}
