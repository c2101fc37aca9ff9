{#-
    Every input row, numbered, with its raw text, its parsed values, the reasons it cannot be trusted
    (rejection_reason; NULL when kept) and the repairs applied to it (quality_flags).
    stg_raw_metrics and stg_raw_metrics_rejected are the two halves of this table.
    The input is read once here, as a table, so that nothing downstream touches the file again.
    The body is the macro raw_metrics_base (macros/ingest/raw_metrics_base.sql), shared with any other
    input staged the same way; its post-hook raw_metrics_mark_duplicates rejects the rows whose key an
    earlier kept row holds (a no-op when no key is duplicated); then raw_metrics_drop_csv_rows drops the
    temporary table a CSV input was read into.
-#}
{{ config(post_hook=["{{ raw_metrics_mark_duplicates() }}", "{{ raw_metrics_drop_csv_rows() }}"]) }}
{{ raw_metrics_base() }}
