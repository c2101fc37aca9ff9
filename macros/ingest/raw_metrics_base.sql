{#
    raw_metrics_base(path=none): the body of a base model over one results input (the var raw_metrics_path
    when path is none; '' = the bundled seed): every input row (every sample of a ParEval JSON input),
    numbered, with its raw text, its parsed values, the reasons it cannot be trusted (rejection_reason;
    NULL when kept) and the repairs applied to it (quality_flags). base_raw_metrics is
    `{{ raw_metrics_base() }}` with the post-hook `{{ raw_metrics_mark_duplicates() }}`, which rejects
    the rows whose key an earlier kept row holds; a second input (e.g. a baseline) is staged by another
    base model calling both with its own path.

    Conventions of the field, accepted rather than rejected:
      - ParEval leaves did_any_run, did_all_run, are_any_valid, are_all_valid blank (JSON null) when
        the code did not build; a blank flag whose earlier link of the chain (source_write_success ->
        did_build -> did_any_run -> did_all_run; did_any_run -> are_any_valid -> are_all_valid; did_all_run
        -> are_all_valid) is False is False, with a quality note (ParEval's analysis fills them with False);
      - pandas writes booleans as 1.0 / 0.0 (see parse_boolean);
      - the sample column may be named output_idx, sample or sample_idx (raw_metrics_column_map).
    ParEval inputs (pareval_results.sql) add source_file, source_place (file and place of each sample),
    best_sequential_runtime and the runs list (raw_runs, JSON), and their structural problems (runs not a
    list, a run count of 0, negative runtimes, ...) as rejection reasons; other inputs leave them NULL.
#}
{% macro raw_metrics_base(path=none) -%}
{#- the input is inspected (and checked: raw_metrics_check_input) once, here -#}
{%- set columns = raw_metrics_column_map(path) -%}
{%- set types = raw_metrics_column_types(path) -%}
{%- set booleans = raw_metrics_boolean_columns() -%}
{%- set numerics = raw_metrics_numeric_columns() -%}
{%- set text_keys = ['model', 'problem_type', 'problem_name', 'parallelism_model'] -%}
{%- set all_columns = raw_metrics_required_columns() + raw_metrics_optional_columns() -%}
{%- set chain = [
    ('did_build', ['source_write_success']),
    ('did_any_run', ['did_build']),
    ('did_all_run', ['did_any_run']),
    ('are_any_valid', ['did_any_run']),
    ('are_all_valid', ['are_any_valid', 'did_all_run']),
] -%}
{%- set text = raw_metrics_raw_text(columns, types) -%}
{%- set raw = text.raw -%}
{%- set kind = text.kind -%}
{%- set source_rows_sql = raw_metrics_source_rows(path, columns) -%}
{%- set every_value_plain = raw_metrics_plain_columns(path, source_rows_sql, raw, text_keys) -%}

with

source_rows as (

    {{ source_rows_sql }}

),

fast_parsed as (

    {#- The fast path: the values of a well-formed row, by DuckDB's vectorised casts, without trimming,
        lower-casing or token lists: a number column of a numeric type is cast to DOUBLE, a flag column
        of type BOOLEAN is taken as it is; text is read with try_cast and exact spellings. A value is
        plain when its reading here is certainly the one the full parsing below gives its raw text: a
        number read as finite and non-negative (integral for the integer columns) or a blank; a flag
        spelled exactly as one of fast_boolean_tokens() or blank; a key that starts and ends with a
        printable ASCII character and is not a missing-value token; a parallelism model spelled
        exactly as ParEval does. The last two are tested row by row only in a column with a value
        that fails them (raw_metrics_plain_columns checks each column's distinct values first). -#}
    select
        *,
        {% for column in booleans -%}
        {% if kind[column] == 'boolean' -%}
        src_{{ column }} as fast_{{ column }},
        src_{{ column }} is null as blank_{{ column }},
        {% else -%}
        {{ fast_boolean(raw[column]) }} as fast_{{ column }},
        coalesce({{ raw[column] }} = '', true) as blank_{{ column }},
        {% endif -%}
        {% endfor -%}
        {% for column in numerics -%}
        {% if kind[column] == 'number' -%}
        cast(src_{{ column }} as double) as fast_{{ column }},
        src_{{ column }} is null as blank_{{ column }},
        {% else -%}
        try_cast({{ raw[column] }} as double) as fast_{{ column }},
        coalesce({{ raw[column] }} = '', true) as blank_{{ column }},
        {% endif -%}
        {% endfor -%}
        {% for column in text_keys -%}
        {{ 'true' if every_value_plain[column] else fast_text_key(raw[column]) }} as plain_{{ column }},
        {% endfor -%}
        {{ 'true' if every_value_plain.parallelism_value
            else token_in(raw['parallelism_model'], pareval_parallelism_models()) }} as plain_parallelism_value
    from source_rows

),

fast_filled as (

    {#- The blank-flag convention (see filled below) on the fast readings. -#}
    select
        *,
        fast_source_write_success as fast_filled_source_write_success,
        {% for column, earlier in chain -%}
        coalesce(
            fast_{{ column }},
            case when blank_{{ column }}
                and ({% for link in earlier %}fast_filled_{{ link }} = false{{ ' or ' if not loop.last }}{% endfor %})
                then false end
        ) as fast_filled_{{ column }},
        {% endfor -%}
        fast_is_source_valid as fast_filled_is_source_valid
    from fast_parsed

),

triaged as (

    {#- is_plain: every value is plain and the row has none of the problems of row_problems (every
        flag known, the chain of flags consistent). Every other row takes the full parsing below,
        which is the only path for anything unusual; a plain row gets the same values from both. -#}
    select
        *,
        coalesce(
            input_problems is null
            {% for column in text_keys %}
            and plain_{{ column }}
            {%- endfor %}
            and plain_parallelism_value
            {% for column in booleans -%}
            and fast_filled_{{ column }} is not null
            {% endfor -%}
            {% for column, kind in numerics.items() -%}
            and (blank_{{ column }} or coalesce(isfinite(fast_{{ column }}) and fast_{{ column }} >= 0
                {%- if kind == 'integer' %} and fast_{{ column }} = floor(fast_{{ column }}){% endif %}, false))
            {% endfor -%}
            and not (fast_filled_did_build and not fast_filled_source_write_success)
            and not (fast_filled_did_any_run and not fast_filled_did_build)
            and not (fast_filled_did_all_run and not fast_filled_did_any_run)
            and not (fast_filled_are_any_valid and not fast_filled_did_any_run)
            and not (fast_filled_are_all_valid and not fast_filled_are_any_valid)
            and not (fast_filled_are_all_valid and not fast_filled_did_all_run),
            false
        ) as is_plain
    from fast_filled

),

cleaned as (

    {#- The full parsing, evaluated only for the rows that are not plain (a CASE computes its branch
        for the rows that reach it); a plain row's keys are their raw text, and is_blank_<flag> says
        whether a flag was blank (clean_<column> is NULL) on both paths. -#}
    select
        *,
        {% for column in all_columns -%}
        case
            when is_plain then {{ raw[column] if column in text_keys else 'cast(null as varchar)' }}
            else {{ clean_token(raw[column]) }}
        end as clean_{{ column }},
        {% endfor -%}
        {% for column in booleans -%}
        case when is_plain then blank_{{ column }} else clean_{{ column }} is null end
            as is_blank_{{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from triaged

),

parsed as (

    select
        *,
        case when is_plain then {{ raw['parallelism_model'] }} else lower(clean_parallelism_model) end
            as parsed_parallelism_model,
        {% for column in booleans -%}
        case when is_plain then fast_{{ column }} else {{ parse_boolean('clean_' ~ column) }} end
            as parsed_{{ column }},
        {% endfor -%}
        {% for column in numerics -%}
        case when is_plain then fast_{{ column }} else {{ parse_double('clean_' ~ column) }} end
            as parsed_{{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from cleaned

),

filled as (

    {#- A blank later flag after a False earlier link is False (ParEval's convention); DuckDB's lateral
        column aliases let each fill see the fills before it. -#}
    select
        *,
        parsed_source_write_success as filled_source_write_success,
        {% for column, earlier in chain -%}
        coalesce(
            parsed_{{ column }},
            case when is_blank_{{ column }}
                and ({% for link in earlier %}filled_{{ link }} = false{{ ' or ' if not loop.last }}{% endfor %})
                then false end
        ) as filled_{{ column }},
        {% endfor -%}
        parsed_is_source_valid as filled_is_source_valid
    from parsed

),

row_problems as (

    select
        *,
        case when is_plain then '' else concat_ws('; ',
            input_problems,
            {% for column in text_keys -%}
            case when clean_{{ column }} is null then 'missing value in {{ column }}' end,
            {% endfor -%}
            {% for column in booleans -%}
            case
                when clean_{{ column }} is null and filled_{{ column }} is null then 'missing value in {{ column }}'
                when clean_{{ column }} is not null and parsed_{{ column }} is null
                    then 'unparseable boolean in {{ column }}: "' || clean_{{ column }} || '"'
            end,
            {% endfor -%}
            {% for column, kind in numerics.items() -%}
            case
                when clean_{{ column }} is not null and parsed_{{ column }} is null
                    then 'unparseable number in {{ column }}: "' || clean_{{ column }} || '"'
                {% if kind == 'integer' -%}
                when isfinite(parsed_{{ column }}) and parsed_{{ column }} <> floor(parsed_{{ column }})
                    then 'non-integer value in {{ column }}: "' || clean_{{ column }} || '"'
                {%- endif %}
            end,
            {% endfor -%}
            case
                when parsed_parallelism_model is not null
                    and not {{ token_in('parsed_parallelism_model', pareval_parallelism_models()) }}
                    then 'unknown parallelism model: "' || clean_parallelism_model || '" (expected one of '
                        || {{ sql_string_literal(pareval_parallelism_models() | join(', ')) }} || ')'
            end,
            case when filled_did_build and not filled_source_write_success
                then 'inconsistent outcome flags: did_build without source_write_success' end,
            case when filled_did_any_run and not filled_did_build
                then 'inconsistent outcome flags: did_any_run without did_build' end,
            case when filled_did_all_run and not filled_did_any_run
                then 'inconsistent outcome flags: did_all_run without did_any_run' end,
            case when filled_are_any_valid and not filled_did_any_run
                then 'inconsistent outcome flags: are_any_valid without did_any_run' end,
            case when filled_are_all_valid and not filled_are_any_valid
                then 'inconsistent outcome flags: are_all_valid without are_any_valid' end,
            case when filled_are_all_valid and not filled_did_all_run
                then 'inconsistent outcome flags: are_all_valid without did_all_run' end
        ) end as row_problem_list

    from filled

),

shaped as (

    {#- The output columns. Duplicate keys are marked after the table is written
        (raw_metrics_mark_duplicates, the model's post-hook), so the input is read and parsed once,
        in one pass with no pipeline breaker. -#}
    select
        input_row_number,
        {% for column in all_columns -%}
        src_{{ column }},
        {% endfor -%}
        row_problem_list,

        ---------- keys
        clean_model as model_name,
        clean_problem_type as problem_type,
        clean_problem_name as problem_name,
        parsed_parallelism_model as parallelism_model,
        cast(coalesce(parsed_sample_id, 0) as bigint) as sample_id,

        ---------- where a ParEval sample came from, and its runs (NULL for the 19-column inputs)
        source_file,
        source_place,
        case when isfinite(try_cast(raw_best_sequential_runtime as double))
            then try_cast(raw_best_sequential_runtime as double) end as best_sequential_runtime,
        cast(raw_runs as json) as raw_runs,

        ---------- outcome flags
        {% for column in booleans -%}
        filled_{{ column }} as {{ column }},
        {% endfor %}

        ---------- measurements: non-finite (inf, -inf, nan) or negative values become NULL (and are flagged);
        ---------- blanks and the other missing-value tokens (null, none, na, n/a) are NULL without a flag
        {% for column, kind in numerics.items() if column != 'sample_id' -%}
        case
            when isfinite(parsed_{{ column }}) and parsed_{{ column }} >= 0
                then cast(parsed_{{ column }} as {{ 'bigint' if kind == 'integer' else 'double' }})
        end as {{ column }},
        {% endfor %}

        ---------- repairs applied to a kept row
        nullif(case when is_plain then concat_ws('; ',
            {% for column, earlier in chain -%}
            case when is_blank_{{ column }} and filled_{{ column }} = false
                then 'blank {{ column }} set to False (an earlier flag is False)' end{{ ',' if not loop.last }}
            {% endfor %}
        ) else concat_ws('; ',
            {% for column, earlier in chain -%}
            case when clean_{{ column }} is null and filled_{{ column }} = false
                then 'blank {{ column }} set to False (an earlier flag is False)' end,
            {% endfor -%}
            {% for column in numerics if column != 'sample_id' -%}
            case when lower(trim({{ raw[column] }}, {{ whitespace_characters() }})) = 'nan'
                then 'non-finite {{ column }} "' || trim({{ raw[column] }}, {{ whitespace_characters() }}) || '" set to NULL' end,
            case when not isfinite(parsed_{{ column }})
                then 'non-finite {{ column }} "' || clean_{{ column }} || '" set to NULL' end,
            case when isfinite(parsed_{{ column }}) and parsed_{{ column }} < 0
                then 'negative {{ column }} "' || clean_{{ column }} || '" set to NULL' end{{ ',' if not loop.last }}
            {% endfor %}
        ) end, '') as quality_flags

    from row_problems

),

final as (

    select
        input_row_number,

        ---------- raw text, exactly as read, kept for rejected rows only (the quarantine shows it; a kept
        ---------- row's values are its parsed columns, and a repair quotes the value it replaced): one
        ---------- JSON object, NULL on kept rows (twenty NULL columns cost 2.4 s to write at 5M rows, this
        ---------- one 0.2 s); stg_raw_metrics_rejected spreads it into raw_<column> again
        case when row_problem_list <> '' then {{ raw_metrics_raw_values_json(raw) }} end as raw_values,
        model_name,
        problem_type,
        problem_name,
        parallelism_model,
        sample_id,
        source_file,
        source_place,
        best_sequential_runtime,
        raw_runs,
        {% for column in booleans -%}
        {{ column }},
        {% endfor -%}
        {% for column in numerics if column != 'sample_id' -%}
        {{ column }},
        {% endfor -%}
        quality_flags,

        ---------- why the row cannot be trusted (NULL: kept)
        nullif(row_problem_list, '') as rejection_reason

    from shaped

)

select * from final
{%- endmacro %}


{#
    raw_metrics_plain_columns(path, source_rows_sql, raw, key_columns): {check: true/false} for each
    of key_columns ('model', ...: every distinct value of the column is plain by fast_text_key, see
    parse_values.sql) and for 'parallelism_value' (every distinct parallelism_model is spelled exactly
    as one of pareval_parallelism_models()), found by one query at compile time over each column's
    distinct values. raw_metrics_base writes TRUE for such a check instead of testing every row:
    fast_text_key per row cost ~1.5-2 s at 5M rows, the distinct values of four columns ~0.2 s. A
    column with any value that is not plain (a blank, a NULL, a padded or non-ASCII name, another
    spelling) is tested row by row, as before.
    source_rows_sql: raw_metrics_source_rows(path, columns); raw: raw_metrics_raw_text(...).raw.
    Every check is false at parse time and for a ParEval input (its distinct values would cost a
    second parse of its JSON).
#}
{% macro raw_metrics_plain_columns(path, source_rows_sql, raw, key_columns) -%}
    {%- set plain = {'parallelism_value': false} -%}
    {%- for column in key_columns -%}{%- do plain.update({column: false}) -%}{%- endfor -%}
    {%- if not execute or raw_metrics_input_format(path) in pareval_input_formats() -%}
        {{- return(plain) -}}
    {%- endif -%}
    {%- set checks = [] -%}
    {%- for column in key_columns + ['parallelism_value'] -%}
        {%- set value = raw['parallelism_model' if column == 'parallelism_value' else column] -%}
        {%- set test = token_in('key_value', pareval_parallelism_models()) if column == 'parallelism_value'
            else fast_text_key('key_value') -%}
        {%- do checks.append(
            '(select coalesce(bool_and(' ~ test ~ '), true) from (select distinct ' ~ value
            ~ ' as key_value from (' ~ source_rows_sql ~ ') as source_rows) as key_values)'
        ) -%}
    {%- endfor -%}
    {%- set every_value_plain = run_query('select ' ~ (checks | join(', '))).rows[0] -%}
    {%- for column in key_columns + ['parallelism_value'] -%}
        {%- do plain.update({column: every_value_plain[loop.index0] == true}) -%}
    {%- endfor -%}
    {{- return(plain) -}}
{%- endmacro %}

{#
    raw_metrics_raw_text(columns, types): {'raw': {column: SQL}, 'kind': {column: kind}} for the columns of
    raw_metrics_source_rows, given the input's raw_metrics_column_map and raw_metrics_column_types
    (inspecting the input runs its checks: a caller inspects it once and passes both). raw[column] is the SQL of a column's raw text over src_<column> (the column
    itself when the file holds text, else its cast to VARCHAR); kind[column] is 'text', 'number' (a
    numeric type: read by a cast to DOUBLE), 'boolean' or 'other' (read as text).
#}
{% macro raw_metrics_raw_text(columns, types) -%}
{%- set all_columns = raw_metrics_required_columns() + raw_metrics_optional_columns() -%}
{%- set raw = {} -%}
{%- set kind = {} -%}
{%- for column in all_columns -%}
    {%- set column_type = (types.get(columns.get(column), 'VARCHAR') if column in columns else 'VARCHAR') | upper -%}
    {%- if column_type == 'VARCHAR' -%}
        {%- do kind.update({column: 'text'}) -%}
        {%- do raw.update({column: 'src_' ~ column}) -%}
    {%- else -%}
        {%- do raw.update({column: 'cast(src_' ~ column ~ ' as varchar)'}) -%}
        {%- if column_type == 'BOOLEAN' -%}
            {%- do kind.update({column: 'boolean'}) -%}
        {%- elif column_type in ('DOUBLE', 'FLOAT', 'REAL', 'BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'HUGEINT',
                                 'UBIGINT', 'UINTEGER', 'USMALLINT', 'UTINYINT') or column_type.startswith('DECIMAL') -%}
            {%- do kind.update({column: 'number'}) -%}
        {%- else -%}
            {%- do kind.update({column: 'other'}) -%}
        {%- endif -%}
    {%- endif -%}
{%- endfor %}
{{- return({'raw': raw, 'kind': kind}) -}}
{%- endmacro %}

{#
    raw_metrics_source_rows(path, columns): a SELECT of every input row, numbered in input order
    (input_row_number from 1; a ParEval input in its sample order; a Parquet file by its row number; a
    CSV file from the table its check read (raw_metrics_csv_rows), by rowid), with src_<column> for each of the
    required and optional columns (columns: the input's raw_metrics_column_map; the file's own type;
    NULL VARCHAR when absent) and, for a ParEval
    input, source_file, source_place, raw_best_sequential_runtime, raw_runs, input_problems (NULL for
    other inputs). Read by raw_metrics_base and again, only when a key is duplicated, by
    raw_metrics_mark_duplicates.
#}
{% macro raw_metrics_source_rows(path, columns) -%}
{%- set all_columns = raw_metrics_required_columns() + raw_metrics_optional_columns() -%}
{%- set input_format = raw_metrics_input_format(path) -%}
{%- set is_pareval = input_format in pareval_input_formats() -%}
{#- A Parquet file's rows are numbered by DuckDB's virtual column file_row_number, which a parallel
    scan fills (row_number() over () numbers in one thread), unless the file has a column of that name. -#}
{%- set by_file_row_number = input_format == 'parquet' and 'file_row_number' not in raw_metrics_column_types(path) -%}
{#- A CSV file's rows come from the table its check read them into (raw_metrics_csv_rows), numbered by
    rowid in the file's order; the scan, and everything above it, runs in parallel. A new table's rowids
    are consecutive from 0, or, while the transaction that created it is open (the duplicate post-hook
    reads it again inside the model's transaction), from DuckDB's first transaction-local rowid: counted
    from the table's least. -#}
{%- set from_csv_rows = input_format == 'csv' and execute -%}
{%- if from_csv_rows -%}
    {%- set first_rowid = run_query('select coalesce(min(rowid), 0) from ' ~ raw_metrics_csv_rows(path)).rows[0][0] -%}
{%- endif %}
    select
        {% if by_file_row_number -%}
        file_row_number + 1 as input_row_number,
        {%- elif from_csv_rows -%}
        rowid - {{ first_rowid }} + 1 as input_row_number,
        {%- elif is_pareval -%}
        {#- sample_order is already the samples' row_number() in input order (1..n, no gaps): numbering
            them again sorted every sample, runs text included, in one more window. -#}
        sample_order as input_row_number,
        {%- else -%}
        row_number() over () as input_row_number,
        {%- endif %}
        {% if is_pareval -%}
        source_file,
        source_place,
        raw_best_sequential_runtime,
        raw_runs,
        nullif(input_problems, '') as input_problems,
        {%- else -%}
        cast(null as varchar) as source_file,
        cast(null as varchar) as source_place,
        cast(null as varchar) as raw_best_sequential_runtime,
        cast(null as varchar) as raw_runs,
        cast(null as varchar) as input_problems,
        {%- endif %}
        {% for column in all_columns -%}
        {% if column in columns -%}
        {{ adapter.quote(columns[column]) }} as src_{{ column }},
        {%- else -%}
        cast(null as varchar) as src_{{ column }},
        {%- endif %}
        {% endfor %}
    from {{ raw_metrics_csv_rows(path) if from_csv_rows else raw_metrics_relation(path) }} as input_rows
{%- endmacro %}

{#
    raw_metrics_mark_duplicates(path=none): the post-hook of a base model (`this`) built by
    raw_metrics_base(path). A row whose key (model_name, problem_name, parallelism_model, sample_id) is
    held by an earlier row that is kept so far is rejected: rejection_reason 'duplicate key (...): first
    seen at row N' and its raw text (raw_values, read again from the input for those rows only).
    Returns '' (no statement) when no key is duplicated: the check is one aggregate over the 64-bit hash
    of the table's four key columns (at 5M rows 0.85 s, where marking them inside the model's query had
    to hold every parsed row until the duplicates were known). Kept-so-far rows have no NULL key.
#}
{% macro raw_metrics_mark_duplicates(path=none) -%}
    {%- if not execute -%}{{- return('') -}}{%- endif -%}
    {%- set keys = 'model_name, problem_name, parallelism_model, sample_id' -%}
    {#- grouped by the keys' 64-bit hash (at 5M rows 0.85 s, by the four columns 1.3 s): a repeated key
        repeats its hash; a collision of two different keys only sends the build through the exact
        marking below, which then changes no row -#}
    {%- set duplicated = run_query(
        'select count(*) from (select 1 from ' ~ this ~ ' where rejection_reason is null group by hash('
        ~ keys ~ ') having count(*) > 1)'
    ).rows[0][0] -%}
    {%- if duplicated == 0 -%}{{- return('') -}}{%- endif -%}
    {#- inspecting the input again runs its checks again (a few seconds at 5M rows): only here, when a key
        is duplicated -#}
    {%- set columns = raw_metrics_column_map(path) -%}
    {%- set raw = raw_metrics_raw_text(columns, raw_metrics_column_types(path)).raw -%}
    {%- set sql -%}
update {{ this }} as base
set
    rejection_reason = 'duplicate key (model, problem_name, parallelism_model, sample_id): first seen at row '
        || repeats.first_row_number,
    raw_values = repeats.raw_values
from (
    select
        duplicates.input_row_number,
        duplicates.first_row_number,
        {{ raw_metrics_raw_values_json(raw) }} as raw_values
    from (
        select
            input_row_number,
            min(input_row_number) over (partition by {{ keys }}) as first_row_number
        from {{ this }}
        where rejection_reason is null
        qualify count(*) over (partition by {{ keys }}) > 1
    ) as duplicates
    inner join (
        {{ raw_metrics_source_rows(path, columns) }}
    ) as source_rows
        on duplicates.input_row_number = source_rows.input_row_number
    where duplicates.first_row_number < duplicates.input_row_number
) as repeats
where base.input_row_number = repeats.input_row_number
    {%- endset -%}
    {{- return(sql) -}}
{%- endmacro %}

{#
    raw_metrics_raw_values_json(raw): SQL of a JSON object {"<column>": raw text or null} over the required
    and optional columns, in their order, given raw_metrics_raw_text's `raw` (the column's text as read).
    Read back by raw_metrics_raw_value_of.
#}
{% macro raw_metrics_raw_values_json(raw) -%}
    {%- set all_columns = raw_metrics_required_columns() + raw_metrics_optional_columns() -%}
    to_json(struct_pack(
        {%- for column in all_columns %}
        {{ column }} := {{ raw[column] }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{#
    raw_metrics_raw_value_of(column, relation_column='raw_values'): SQL of one column's raw text (VARCHAR;
    NULL when it was NULL or the row is kept) from a base model's raw_values.
#}
{% macro raw_metrics_raw_value_of(column, relation_column='raw_values') -%}
    ({{ relation_column }} ->> {{ sql_string_literal(column) }})
{%- endmacro %}
