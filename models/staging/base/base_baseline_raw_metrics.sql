{#-
    The baseline round (var baseline_metrics_path) read exactly as base_raw_metrics reads the current
    results: every input row, numbered, with its raw text, parsed values, rejection_reason and quality_flags
    (macro raw_metrics_base). stg_baseline_raw_metrics and stg_baseline_raw_metrics_rejected are its halves.
    Without a baseline the table is empty, with the same columns.
-#}
{%- set baseline_path = var('baseline_metrics_path', '') | string | trim -%}
-- depends_on: {{ ref('base_raw_metrics') }}
{% if baseline_path -%}
{{ config(post_hook=[
    "{{ raw_metrics_mark_duplicates(var('baseline_metrics_path', '') | string | trim) }}",
    "{{ raw_metrics_drop_csv_rows(var('baseline_metrics_path', '') | string | trim) }}",
]) }}
{{ raw_metrics_base(baseline_path) }}
{%- else -%}
select * from {{ ref('base_raw_metrics') }} limit 0
{%- endif %}
