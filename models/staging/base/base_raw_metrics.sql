{#-
    Every input row, numbered, with its raw text, its parsed values, the reasons it cannot be trusted
    (rejection_reason; NULL when kept) and the repairs applied to it (quality_flags).
    stg_raw_metrics and stg_raw_metrics_rejected are the two halves of this table.
    The input is read once here, as a table, so that nothing downstream touches the file again.
-#}
{{ raw_metrics_rows() }}
