{#
    Where the results come from, and what they must contain.

    raw_metrics_input_path()   the input as a user would name it: the var raw_metrics_path, or the bundled seed file.
    raw_metrics_input_format() 'seed', 'csv' or 'parquet' (by extension: .parquet / .pq are Parquet, anything else CSV).
    raw_metrics_relation()     a FROM-able SQL expression: the seed relation, or a DuckDB reader over the file.
                               CSV files are read with every column as VARCHAR (header required, dialect sniffed),
                               so that staging parses every value itself and can quarantine what it cannot parse.
    raw_metrics_required_columns() the 19 columns of the ParEval results file.
    raw_metrics_optional_columns() columns used when present (sample_id, for multi-sample results).
#}

{% macro raw_metrics_input_path() -%}
    {%- set path = var('raw_metrics_path', '') | string | trim -%}
    {{- return(path if path else 'seeds/raw_metrics.csv') -}}
{%- endmacro %}

{% macro raw_metrics_input_format() -%}
    {%- set path = var('raw_metrics_path', '') | string | trim -%}
    {%- if not path -%}
        {{- return('seed') -}}
    {%- elif path.lower().endswith('.parquet') or path.lower().endswith('.pq') -%}
        {{- return('parquet') -}}
    {%- else -%}
        {{- return('csv') -}}
    {%- endif -%}
{%- endmacro %}

{% macro raw_metrics_relation() -%}
    {%- set input_format = raw_metrics_input_format() -%}
    {%- set literal = sql_string_literal(raw_metrics_input_path()) -%}
    {%- if input_format == 'seed' -%}
        {{- return(ref('raw_metrics')) -}}
    {%- elif input_format == 'parquet' -%}
        {{- return('read_parquet(' ~ literal ~ ')') -}}
    {%- else -%}
        {{- return('read_csv(' ~ literal ~ ', header = true, all_varchar = true, auto_detect = true)') -}}
    {%- endif -%}
{%- endmacro %}

{% macro raw_metrics_required_columns() -%}
    {{- return([
        'model', 'problem_type', 'problem_name', 'parallelism_model',
        'response_time', 'total_tokens', 'prompt_tokens',
        'source_write_success', 'did_build', 'is_source_valid', 'did_any_run', 'did_all_run',
        'are_any_valid', 'are_all_valid',
        'best_runtime', 'avg_runtime', 'speedup_2proc', 'speedup_4proc', 'num_successful_runs',
    ]) -}}
{%- endmacro %}

{% macro raw_metrics_optional_columns() -%}
    {{- return(['sample_id']) -}}
{%- endmacro %}

{% macro raw_metrics_boolean_columns() -%}
    {{- return([
        'source_write_success', 'did_build', 'is_source_valid', 'did_any_run', 'did_all_run',
        'are_any_valid', 'are_all_valid',
    ]) -}}
{%- endmacro %}

{# Numeric columns: name -> (kind, may be negative). kind is 'double' or 'integer'. #}
{% macro raw_metrics_numeric_columns() -%}
    {{- return({
        'response_time': 'double',
        'total_tokens': 'integer',
        'prompt_tokens': 'integer',
        'best_runtime': 'double',
        'avg_runtime': 'double',
        'speedup_2proc': 'double',
        'speedup_4proc': 'double',
        'num_successful_runs': 'integer',
        'sample_id': 'integer',
    }) -}}
{%- endmacro %}

{# The seven execution models of ParEval (prompts/generation-prompts.json). #}
{% macro pareval_parallelism_models() -%}
    {{- return(['serial', 'omp', 'mpi', 'mpi+omp', 'kokkos', 'cuda', 'hip']) -}}
{%- endmacro %}
