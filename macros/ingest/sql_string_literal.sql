{#
    sql_string_literal(value): a single-quoted SQL string literal for a var or other user-supplied text.
    Single quotes are doubled and backslashes kept verbatim, so the value is data, never SQL: a
    reference_model or raw_metrics_path containing quotes cannot change the statement that runs.
#}
{% macro sql_string_literal(value) -%}
    {{- return("'" ~ (value | string | replace("'", "''")) ~ "'") -}}
{%- endmacro %}
