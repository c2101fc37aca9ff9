{#
    raw_metrics_column_map(path): inspects the input and maps each expected column name to the name it has in
    the file (matched case-insensitively, surrounding blanks and a UTF-8 byte-order mark ignored).
    Stops the build with one message naming the file and every missing required column.
    Extra columns are ignored. Optional columns (sample_id) map to none when absent; the sample column may also be named
    output_idx (ParEval's per-run CSV), sample or sample_idx.
    First runs raw_metrics_check_input(path) (file found, UTF-8, delimiter recognised, at least one data row).
    At parse time (execute = false) nothing is inspected and every expected column maps to itself.
    path: the input (default none: the var raw_metrics_path), as for raw_metrics_relation(path).
#}
{% macro raw_metrics_column_map(path=none) -%}
    {%- set expected = raw_metrics_required_columns() + raw_metrics_optional_columns() -%}
    {%- set mapping = {} -%}
    {%- if not execute -%}
        {%- for column in raw_metrics_required_columns() -%}
            {%- do mapping.update({column: column}) -%}
        {%- endfor -%}
        {{- return(mapping) -}}
    {%- endif -%}

    {%- do raw_metrics_check_input(path) -%}
    {%- set described = run_query('describe select * from ' ~ raw_metrics_relation(path)) -%}
    {%- set found = {} -%}
    {%- for row in described.rows -%}
        {%- set actual = row[0] -%}
        {%- set normalised = actual | replace('\ufeff', '') | trim | lower -%}
        {%- if normalised not in found -%}
            {%- do found.update({normalised: actual}) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set missing = [] -%}
    {%- for column in raw_metrics_required_columns() -%}
        {%- if column in found -%}
            {%- do mapping.update({column: found[column]}) -%}
        {%- else -%}
            {%- do missing.append(column) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for column in raw_metrics_optional_columns() -%}
        {%- if column in found -%}
            {%- do mapping.update({column: found[column]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- The sample column under ParEval's and pandas' names (output_idx, sample, sample_idx). -#}
    {%- for alias in raw_metrics_sample_column_names() -%}
        {%- if 'sample_id' not in mapping and alias in found -%}
            {%- do mapping.update({'sample_id': found[alias]}) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if missing -%}
        {{- exceptions.raise_compiler_error(
            "Input file '" ~ raw_metrics_input_path(path) ~ "' is missing required column(s): "
            ~ (missing | join(', ')) ~ ". Columns found: " ~ (found.keys() | list | sort | join(', '))
            ~ ". Every results file needs: " ~ (raw_metrics_required_columns() | join(', ')) ~ "."
        ) -}}
    {%- endif -%}
    {{- return(mapping) -}}
{%- endmacro %}

{#
    raw_metrics_column_types(path): {name in the file: DuckDB type name} of the input's columns, as
    DuckDB reads them (every CSV column is VARCHAR; a Parquet file or a seed keeps its own types).
    raw_metrics_base reads a numeric or BOOLEAN column by a cast instead of parsing its text.
    At parse time (execute = false) returns {} (every column is then taken as VARCHAR).
#}
{% macro raw_metrics_column_types(path=none) -%}
    {%- if not execute -%}{{- return({}) -}}{%- endif -%}
    {%- set types = {} -%}
    {%- for row in run_query('describe select * from ' ~ raw_metrics_relation(path)).rows -%}
        {%- do types.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {{- return(types) -}}
{%- endmacro %}
