{#
    Where the results come from, and what they must contain.

    raw_metrics_input_path(path)   the input as a user would name it: the var raw_metrics_path, or the bundled seed file.
    raw_metrics_input_format(path) 'seed', 'csv', 'parquet' (by extension: .parquet / .pq are Parquet, anything else CSV)
                               or one of pareval_input_formats() (a ParEval JSON file, results folder or per-run CSV).
    raw_metrics_relation(path, derived=true)
                               a FROM-able SQL expression: the seed relation, or a DuckDB reader over the file.
                               CSV files are read with every column as VARCHAR (header required; delimiter and
                               column names taken from the header line, no sniffing; strict: a line that does not
                               fit the header stops the build), so that staging parses every value itself and can
                               quarantine what it cannot parse. A ParEval input is its samples query
                               (pareval_samples_relation); derived=false gives its samples without
                               parsing their runs (for counts and key checks).
    raw_metrics_check_input(path)  the file-level checks that stop the build with a message naming the file (and line).
    raw_metrics_required_columns() the 19 columns of the ParEval results file.
    raw_metrics_optional_columns() columns used when present (sample_id, for multi-sample results).
#}

{% macro raw_metrics_path_var_name(path=none) -%}
    {#- The var a message should name for this input: baseline_metrics_path when path is that var's value,
        else raw_metrics_path. -#}
    {%- set baseline = var('baseline_metrics_path', '') | string | trim -%}
    {{- return('baseline_metrics_path' if path is not none and baseline and (path | string | trim) == baseline
               else 'raw_metrics_path') -}}
{%- endmacro %}

{% macro raw_metrics_path_argument(path=none) -%}
    {#- The path as given: the argument, or (when none) the var raw_metrics_path; '' means the seed. -#}
    {{- return((var('raw_metrics_path', '') if path is none else path) | string | trim) -}}
{%- endmacro %}

{% macro raw_metrics_input_path(path=none) -%}
    {%- set given = raw_metrics_path_argument(path) -%}
    {{- return(given if given else 'seeds/raw_metrics.csv') -}}
{%- endmacro %}

{% macro raw_metrics_input_format(path=none) -%}
    {%- set given = raw_metrics_path_argument(path) -%}
    {%- set lowered = given.lower() -%}
    {%- if not given -%}
        {{- return('seed') -}}
    {%- elif lowered.endswith('.parquet') or lowered.endswith('.pq') -%}
        {{- return('parquet') -}}
    {%- elif lowered.endswith('.json') -%}
        {{- return('pareval_json') -}}
    {%- elif not execute -%}
        {{- return('csv') -}}
    {%- elif run_query('select count(*) from glob(' ~ sql_string_literal(given) ~ ')').rows[0][0] == 0
        and run_query('select count(*) from glob(' ~ sql_string_literal(given.rstrip('/') ~ '/*/*.json') ~ ')').rows[0][0]
            + run_query('select count(*) from glob(' ~ sql_string_literal(given.rstrip('/') ~ '/*.json') ~ ')').rows[0][0] > 0 -%}
        {{- return('pareval_folder') -}}
    {%- elif pareval_is_run_csv(path) -%}
        {{- return('pareval_run_csv') -}}
    {%- else -%}
        {{- return('csv') -}}
    {%- endif -%}
{%- endmacro %}

{% macro raw_metrics_relation(path=none, derived=true) -%}
    {%- set input_format = raw_metrics_input_format(path) -%}
    {%- set literal = sql_string_literal(raw_metrics_input_path(path)) -%}
    {%- if input_format == 'seed' -%}
        {{- return(ref('raw_metrics')) -}}
    {%- elif input_format in pareval_input_formats() -%}
        {{- return(pareval_samples_relation(path, derived)) -}}
    {%- elif input_format == 'parquet' -%}
        {{- return('read_parquet(' ~ literal ~ ')') -}}
    {%- else -%}
        {#- No dialect sniffing: DuckDB's sniffer can pick a wrong header row or delimiter on small or
            ragged files, which would misalign columns. The delimiter and column names come from the
            header line (raw_metrics_csv_layout); quotes are standard CSV double quotes; a row with
            too many or too few fields stops the build naming its line. -#}
        {{- return(raw_metrics_csv_reader('', path)) -}}
    {%- endif -%}
{%- endmacro %}

{#
    raw_metrics_csv_reader(options): DuckDB's read_csv over the CSV input with the layout of its header
    line, every column VARCHAR, standard double quotes, strict (no row skipped or padded); `options`
    (SQL text starting with a comma) adds reader options.
#}
{% macro raw_metrics_csv_reader(options='', path=none) -%}
    {%- set layout = raw_metrics_csv_layout(path) -%}
    {%- set column_types = [] -%}
    {%- for name in layout.columns -%}
        {%- do column_types.append(sql_string_literal(name) ~ ": 'VARCHAR'") -%}
    {%- endfor -%}
    {{- return(
        'read_csv(' ~ sql_string_literal(raw_metrics_input_path(path)) ~ ', auto_detect = false, header = true, delim = '
        ~ sql_string_literal(layout.delimiter) ~ ", quote = '\"', escape = '\"', columns = {"
        ~ (column_types | join(', ')) ~ '}' ~ options ~ ')'
    ) -}}
{%- endmacro %}

{#
    raw_metrics_csv_rows(path): the name of the temporary table (this connection's) that holds a CSV
    input's rows as raw_metrics_check_input read them: raw_metrics_csv_reader's columns (all VARCHAR),
    in the file's order, so that the row's rowid counted from the table's least (see
    raw_metrics_source_rows) is the data row's number. DuckDB's CSV reader has no row
    number of its own, and row_number() over () numbers in one thread: the whole parse of the base
    model then ran in that thread (at 5M rows 26 s, from the table 11 s, both cores). One table per
    input var (raw_metrics_path, baseline_metrics_path); raw_metrics_drop_csv_rows drops it.
#}
{% macro raw_metrics_csv_rows(path=none) -%}
    {{- return('temp.main.pareval_input_rows_' ~ raw_metrics_path_var_name(path)) -}}
{%- endmacro %}

{#
    raw_metrics_drop_csv_rows(path): the statement that drops raw_metrics_csv_rows(path) (a post-hook of
    the base models, after raw_metrics_mark_duplicates; nothing to drop for other inputs).
#}
{% macro raw_metrics_drop_csv_rows(path=none) -%}
    {{- return('drop table if exists ' ~ raw_metrics_csv_rows(path)) -}}
{%- endmacro %}

{#
    raw_metrics_csv_lines(path, first_line=false): a DuckDB reader over the input file's physical lines,
    one VARCHAR column `line`, decoded as Latin-1 so that reading never fails whatever the bytes (each
    byte becomes the code point of the same value; UTF-8 multi-byte characters become several code
    points). first_line=true: a reader for `... limit 1` (the header), in one thread with a 2 MB buffer
    (DuckDB's longest line by default): the parallel reader starts by filling its buffers, which took
    0.2 s per header read of a 633 MB file (the build reads the header about eight times), this 0.01 s.
#}
{% macro raw_metrics_csv_lines(path=none, first_line=false) -%}
    {{- return(
        'read_csv(' ~ sql_string_literal(raw_metrics_input_path(path)) ~ ", columns = {'line': 'VARCHAR'}, "
        ~ "header = false, delim = '\\0', quote = '', escape = '', auto_detect = false, "
        ~ "strict_mode = false, encoding = 'latin-1'"
        ~ (', parallel = false, buffer_size = 2097152' if first_line else '') ~ ')'
    ) -}}
{%- endmacro %}

{#
    raw_metrics_csv_layout(path): {'delimiter': ..., 'columns': [...]} of a CSV input, from its header line.
    The delimiter is the one of comma, semicolon, tab and '|' that splits the header into the most
    required column names; when none yields any, the build stops saying the delimiter could not be
    recognised (rather than reading every line as one column). Column names are trimmed and unquoted;
    a UTF-8 byte-order mark is dropped; blank names become column_<n>, repeated names <name>_<n>.
    Stops the build when the file is empty. At parse time returns the required columns, comma.
#}
{% macro raw_metrics_csv_layout(path=none) -%}
    {%- if not execute -%}
        {{- return({'delimiter': ',', 'columns': raw_metrics_required_columns()}) -}}
    {%- endif -%}
    {%- set shown = raw_metrics_input_path(path) -%}
    {%- set first = run_query('select line from ' ~ raw_metrics_csv_lines(path, first_line=true) ~ ' limit 1') -%}
    {%- if first.rows | length == 0 or first.rows[0][0] is none -%}
        {{- exceptions.raise_compiler_error(
            "Input file '" ~ shown ~ "' is empty: it has no header line and no rows. A results file is a "
            ~ "CSV with a header line naming the columns (" ~ (raw_metrics_required_columns() | join(', '))
            ~ ") and one line per attempt."
        ) -}}
    {%- endif -%}
    {%- set header = first.rows[0][0] -%}
    {#- A UTF-8 byte-order mark, read as Latin-1. -#}
    {%- if header.startswith('\u00ef\u00bb\u00bf') -%}{%- set header = header[3:] -%}{%- endif -%}
    {%- set header = header.rstrip('\r\n') -%}
    {%- set required = raw_metrics_required_columns() -%}
    {%- set ns = namespace(delimiter=none, hits=0) -%}
    {%- for candidate in [',', ';', '\t', '|'] -%}
        {%- set hits = namespace(n=0) -%}
        {%- for field in header.split(candidate) -%}
            {%- if (field | trim | trim('"') | trim | lower) in required -%}{%- set hits.n = hits.n + 1 -%}{%- endif -%}
        {%- endfor -%}
        {%- if hits.n > ns.hits -%}{%- set ns.delimiter = candidate -%}{%- set ns.hits = hits.n -%}{%- endif -%}
    {%- endfor -%}
    {%- if ns.delimiter is none -%}
        {{- exceptions.raise_compiler_error(
            "Input file '" ~ shown ~ "': the delimiter could not be recognised. Its header line does not "
            ~ "split into the expected column names on a comma, semicolon, tab or '|': \""
            ~ (header[:200] ~ ('...' if header | length > 200 else '')) ~ "\". Save the file as CSV with "
            ~ "one of these delimiters and a header line naming the columns ("
            ~ (required | join(', ')) ~ ")."
        ) -}}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for field in header.split(ns.delimiter) -%}
        {%- set name = field | trim -%}
        {%- if name | length >= 2 and name.startswith('"') and name.endswith('"') -%}
            {%- set name = name[1:-1] | replace('""', '"') | trim -%}
        {%- endif -%}
        {%- if not name -%}{%- set name = 'column_' ~ loop.index -%}{%- endif -%}
        {%- if name in columns -%}{%- set name = name ~ '_' ~ loop.index -%}{%- endif -%}
        {%- do columns.append(name) -%}
    {%- endfor -%}
    {{- return({'delimiter': ns.delimiter, 'columns': columns}) -}}
{%- endmacro %}

{#
    raw_metrics_check_input(path): stops the build with a message naming the file when the input cannot be
    read: the path matches no file or several (DuckDB reads * ? [ as a glob), a CSV line is not UTF-8
    (the first such line is named, with its text), or the input has no data rows.
#}
{% macro raw_metrics_check_input(path=none) -%}
    {%- if not execute -%}{{- return('') -}}{%- endif -%}
    {%- set input_format = raw_metrics_input_format(path) -%}
    {%- set shown = raw_metrics_input_path(path) -%}
    {%- if input_format in pareval_input_formats() -%}
        {{- return(pareval_check_input(path)) -}}
    {%- endif -%}
    {%- if input_format != 'seed' -%}
        {%- set matches = run_query('select count(*) from glob(' ~ sql_string_literal(shown) ~ ')').rows[0][0] -%}
        {%- if matches == 0 -%}
            {{- exceptions.raise_compiler_error(
                "Input file '" ~ shown ~ "' not found (var " ~ raw_metrics_path_var_name(path) ~ "). A relative path is read from "
                ~ "the directory dbt runs in (the repository root); check the spelling or give an absolute path."
            ) -}}
        {%- elif matches > 1 -%}
            {{- exceptions.raise_compiler_error(
                "Input path '" ~ shown ~ "' matches " ~ matches ~ " files (DuckDB reads * ? and [ ] in a path "
                ~ "as a pattern). Name exactly one results file in " ~ raw_metrics_path_var_name(path) ~ "."
            ) -}}
        {%- endif -%}
    {%- endif -%}
    {%- if input_format == 'csv' -%}
        {%- set layout = raw_metrics_csv_layout(path) -%}
        {#- Valid UTF-8, as a pattern over the Latin-1 reading of the bytes (RFC 3629). The pattern is
            tried only on the lines with a byte above 0x7F (read as Latin-1, such a byte is a character of
            two bytes, so the line's strlen exceeds its length). -#}
        {%- set utf8 = "^([\\x{00}-\\x{7F}]|[\\x{C2}-\\x{DF}][\\x{80}-\\x{BF}]|\\x{E0}[\\x{A0}-\\x{BF}][\\x{80}-\\x{BF}]"
            ~ "|[\\x{E1}-\\x{EC}\\x{EE}\\x{EF}][\\x{80}-\\x{BF}]{2}|\\x{ED}[\\x{80}-\\x{9F}][\\x{80}-\\x{BF}]"
            ~ "|\\x{F0}[\\x{90}-\\x{BF}][\\x{80}-\\x{BF}]{2}|[\\x{F1}-\\x{F3}][\\x{80}-\\x{BF}]{3}"
            ~ "|\\x{F4}[\\x{80}-\\x{8F}][\\x{80}-\\x{BF}]{2})*$" -%}
        {%- set is_not_utf8 = "case when strlen(line) = length(line) then false else not regexp_matches(line, '" ~ utf8 ~ "') end" -%}
        {#- Lines that do not fit the header (too many or too few fields, an unclosed quote) or are not
            UTF-8: read once with DuckDB's reject store, so that the message names every bad line, not
            only the first. The rows read are kept in a temporary table (raw_metrics_csv_rows): when no
            line is rejected they are the strict reading of the file, in its order, and the base model
            reads them from there instead of reading the file a second time. DuckDB's reader checks
            every data line's UTF-8 (overlong forms, surrogates and code points above U+10FFFF
            included) and rejects it as INVALID ENCODING; it does not check the header, which the
            pattern checks here. Only when a line is rejected are all lines scanned with the pattern,
            numbered, so that a file that is not UTF-8 is named as such, at its first such line, before
            any other fault (at 5M rows that scan over every line took 2.5-3.5 s of every build). -#}
        {%- set header_is_not_utf8 = run_query(
            "select " ~ is_not_utf8 ~ " from " ~ raw_metrics_csv_lines(path, first_line=true) ~ " limit 1"
        ).rows[0][0] -%}
        {%- do run_query('drop table if exists temp.pareval_reject_errors') -%}
        {%- do run_query('drop table if exists temp.pareval_reject_scans') -%}
        {%- do run_query(raw_metrics_drop_csv_rows(path)) -%}
        {%- if not header_is_not_utf8 -%}
            {%- do run_query('create temp table ' ~ raw_metrics_csv_rows(path) ~ ' as select * from '
                ~ raw_metrics_csv_reader(
                    ", ignore_errors = true, store_rejects = true, rejects_table = 'pareval_reject_errors', "
                    ~ "rejects_scan = 'pareval_reject_scans'", path)) -%}
            {%- set n_rejected = run_query('select count(*) from temp.pareval_reject_errors').rows[0][0] -%}
        {%- endif -%}
        {%- if header_is_not_utf8 or n_rejected > 0 -%}
            {%- set scan = run_query(
                "with lines as (select row_number() over () as line_number, line from " ~ raw_metrics_csv_lines(path) ~ "), "
                ~ "checked as (select line_number, line, " ~ is_not_utf8 ~ " as is_not_utf8 from lines) "
                ~ "select count(*) filter (where is_not_utf8) as bad_lines, "
                ~ "min(line_number) filter (where is_not_utf8) as first_bad_line, "
                ~ "arg_min(line, line_number) filter (where is_not_utf8) as first_bad_text "
                ~ "from checked"
            ).rows[0] -%}
            {%- if scan[0] > 0 -%}
                {{- exceptions.raise_compiler_error(
                    "Input file '" ~ shown ~ "' is not UTF-8 text: line " ~ scan[1]
                    ~ (" (the header)" if scan[1] == 1 else " (data row " ~ (scan[1] - 1) ~ " if no value spans lines)")
                    ~ " holds bytes that are not valid UTF-8"
                    ~ (" (" ~ scan[0] ~ " such lines in all)" if scan[0] > 1 else "") ~ ". The line, each byte "
                    ~ "shown as a Latin-1 character: \"" ~ (scan[2][:200] | trim) ~ "\". Convert the file to UTF-8 "
                    ~ "(e.g. iconv -f latin1 -t utf-8 in.csv > out.csv) and run again."
                ) -}}
            {%- endif -%}
        {%- endif -%}
        {%- set data_rows = run_query('select count(*) from ' ~ raw_metrics_csv_rows(path)).rows[0][0] -%}
        {%- set rejects = run_query(
            "select line, min(error_type), "
            ~ "min(try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) as integer)), "
            ~ "min(error_message), min(csv_line), count(*) over () "
            ~ "from temp.pareval_reject_errors group by line order by line limit 3"
        ).rows -%}
        {%- if rejects | length > 0 -%}
            {%- set expected_fields = raw_metrics_csv_layout(path).columns | length -%}
            {%- set details = [] -%}
            {%- for line, error_type, found, error_message, csv_line, n_lines in rejects -%}
                {%- if error_type in ('TOO MANY COLUMNS', 'MISSING COLUMNS') and found is not none -%}
                    {%- set what = 'has ' ~ found ~ ' fields, the header has ' ~ expected_fields -%}
                {%- elif error_type == 'UNQUOTED VALUE' -%}
                    {%- set what = 'opens a quoted value that is never closed' -%}
                {%- else -%}
                    {%- set what = error_message -%}
                {%- endif -%}
                {%- do details.append('line ' ~ line ~ ' ' ~ what ~ ': "' ~ ((csv_line or '') | trim)[:160] ~ '"') -%}
            {%- endfor -%}
            {{- exceptions.raise_compiler_error(
                "Input file '" ~ shown ~ "' cannot be read as CSV: " ~ rejects[0][5] ~ " line(s) do not fit "
                ~ "its header (delimiter " ~ ("'" ~ raw_metrics_csv_layout(path).delimiter ~ "'") | replace("'\t'", 'tab')
                ~ "). " ~ (details | join('; ')) ~ (' ...' if rejects[0][5] > 3 else '')
                ~ ". Quote values that contain the delimiter (\"a, b\"), write a quote inside a quoted value "
                ~ "as \"\", and complete truncated lines."
            ) -}}
        {%- endif -%}
    {%- else -%}
        {%- set data_rows = run_query('select count(*) from ' ~ raw_metrics_relation(path)).rows[0][0] -%}
    {%- endif -%}
    {%- if data_rows == 0 -%}
        {{- exceptions.raise_compiler_error(
            "Input file '" ~ shown ~ "' has no data rows (only a header, or nothing but blank lines): "
            ~ "there is nothing to report. Check that the export wrote its rows."
        ) -}}
    {%- endif -%}
    {{- return('') -}}
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

{#- The names a sample column goes by, in order of preference: sample_id (this project), output_idx
    (ParEval's create-dataframe.py), sample, sample_idx. -#}
{% macro raw_metrics_sample_column_names() -%}
    {{- return(['sample_id', 'output_idx', 'sample', 'sample_idx']) -}}
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
