{#
    ParEval's own driver output, read with DuckDB's JSON and CSV readers (no conversion step), shaped as
    the 19-column results file + sample_id so that it takes the same staging path as a CSV.

    Inputs (every macro takes the input path; none means the var raw_metrics_path):
      - one results JSON file (`run-all.py` output: a JSON list of prompts, each with `outputs`, one
        object per sample with the outcome flags, `best_sequential_runtime` and `runs`);
      - a results folder as ParEval writes it: `<folder>/<model>/<execution model>.json` and/or
        `<folder>/<model>/all.json` (any number of models); a folder holding the JSON files directly
        is one model. all.json is read only for the execution models that have no file of their own in
        that model's folder; other JSON files (results.json, ...) are not ParEval driver output and are
        not read;
      - ParEval's per-run CSV (`analysis/create-dataframe.py`: one row per run, `name`,
        `parallelism_model`, `output_idx`, `run_idx`, `did_run`, `is_valid`, `runtime`, `num_threads`,
        `num_procs`, ...; a failed build is one row with blank run columns).
    Model name: the model's subfolder name (file stem for a single file), or the var model_name.

    Derivation of the 19 columns (the h2loop team's, checked on their DeepSeek file, all 120 rows):
      flags and best_sequential_runtime as recorded; best_runtime = fastest valid run; avg_runtime =
      mean of the valid runs; speedup_Nproc = T(1 process) / T(N processes) of the same code when both
      runs are valid; num_successful_runs = number of valid runs; response_time, total_tokens and
      prompt_tokens copied from the prompt. For the per-run CSV: did_any_run / did_all_run = any / all
      runs exited 0, are_any_valid = did_any_run and any valid, are_all_valid = did_all_run and all valid
      (ParEval's driver definitions); source_write_success, absent from that CSV, is taken as True.

    Samples: an output object. A prompt whose execution model has no output object anywhere in its file
    is generation-only (ParEval's per-execution-model files list every prompt, with plain strings for the
    other execution models) and yields no sample. Any other non-object output is a sample quarantined
    with a reason, as are: runs that are not a list, a run that is not an object, did_build true with an
    empty runs list (a run count of 0), an unparseable, negative or non-finite run runtime.
#}

{% macro pareval_input_formats() -%}
    {{- return(['pareval_json', 'pareval_folder', 'pareval_run_csv']) -}}
{%- endmacro %}

{#- pareval_is_run_csv(path): the CSV input's header has ParEval's per-run columns (name, output_idx or
    run_idx) and not the 19-column problem_name. -#}
{% macro pareval_is_run_csv(path=none) -%}
    {%- if not execute -%}{{- return(false) -}}{%- endif -%}
    {%- set given = raw_metrics_path_argument(path) -%}
    {%- if not given or run_query('select count(*) from glob(' ~ sql_string_literal(given) ~ ')').rows[0][0] != 1 -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set first = run_query('select line from ' ~ raw_metrics_csv_lines(path, first_line=true) ~ ' limit 1').rows -%}
    {%- if first | length == 0 or first[0][0] is none -%}{{- return(false) -}}{%- endif -%}
    {%- set names = [] -%}
    {%- for field in first[0][0].replace('\u00ef\u00bb\u00bf', '').rstrip('\r\n').split(',') -%}
        {%- do names.append(field | trim | trim('"') | trim | lower) -%}
    {%- endfor -%}
    {{- return('name' in names and 'problem_name' not in names and ('run_idx' in names or 'output_idx' in names)) -}}
{%- endmacro %}

{#- pareval_json_files(path): [(file, model_name, file_execution_model)] of a JSON input, in path order.
    file_execution_model is the file stem when it is one of ParEval's execution models or 'all', else none. -#}
{% macro pareval_json_files(path=none) -%}
    {%- set given = raw_metrics_path_argument(path) -%}
    {%- set override = var('model_name', '') | string | trim -%}
    {%- set known = pareval_parallelism_models() + ['all'] -%}
    {%- set files = [] -%}
    {%- if not execute -%}{{- return(files) -}}{%- endif -%}
    {%- if raw_metrics_input_format(path) == 'pareval_json' -%}
        {%- set stem = modules.re.sub('\\.json$', '', modules.re.split('[/\\\\]', given)[-1], flags=modules.re.I) -%}
        {%- do files.append((given, override or stem, stem.lower() if stem.lower() in known else none)) -%}
    {%- else -%}
        {%- set root = given.rstrip('/') -%}
        {%- set nested = run_query('select file from glob(' ~ sql_string_literal(root ~ '/*/*.json') ~ ') order by file').columns[0].values() -%}
        {%- set listed = nested if nested | length > 0 else run_query(
            'select file from glob(' ~ sql_string_literal(root ~ '/*.json') ~ ') order by file').columns[0].values() -%}
        {%- for file in listed -%}
            {%- set parts = modules.re.split('[/\\\\]', file) -%}
            {%- set stem = modules.re.sub('\\.json$', '', parts[-1], flags=modules.re.I).lower() -%}
            {%- if stem in known -%}
                {%- do files.append((file, override or parts[-2], stem)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(files) -}}
{%- endmacro %}

{#- pareval_samples_relation(path): a parenthesised query, one row per sample of a ParEval input, with
    VARCHAR columns named as the 19 required columns + sample_id, and source_file, source_place,
    raw_best_sequential_runtime, raw_runs (JSON text), input_problems ('; '-separated reasons, '' if none),
    sample_order (the order of the samples in the input). derived=false returns the same rows
    before any run is parsed, for checks that read only where a sample is and its keys: source_file,
    source_place, model, problem_type, problem_name, parallelism_model, sample_id, the flags, and
    structure_problem instead of the measurements and input_problems. -#}
{% macro pareval_samples_relation(path=none, derived=true) -%}
    {%- if raw_metrics_input_format(path) == 'pareval_run_csv' -%}
        {{- return(pareval_run_csv_samples(path, derived)) -}}
    {%- else -%}
        {{- return(pareval_json_samples(path, derived)) -}}
    {%- endif -%}
{%- endmacro %}

{% macro pareval_json_samples(path=none, derived=true) -%}
    {%- set files = pareval_json_files(path) -%}
    {%- if files | length == 0 -%}
        {#- parse time, or a folder without driver output (raw_metrics_check_input stops the build) -#}
        {{- return(pareval_empty_samples()) -}}
    {%- endif -%}
    {%- set file_rows = [] -%}
    {%- set file_list = [] -%}
    {%- for file, model_name, file_em in files -%}
        {%- do file_rows.append('(' ~ sql_string_literal(file) ~ ', ' ~ sql_string_literal(model_name) ~ ', '
            ~ (sql_string_literal(file_em) if file_em else 'null') ~ ')') -%}
        {%- do file_list.append(sql_string_literal(file)) -%}
    {%- endfor -%}
    {%- set sql -%}
(
    with

    input_files as (
        select * from (values {{ file_rows | join(', ') }}) as files (source_file, model_name, file_execution_model)
    ),

    prompt_rows as (
        select filename as source_file, json as prompt, row_number() over () as prompt_number
        from read_json_objects([{{ file_list | join(', ') }}], format = 'array', filename = true)
    ),

    prompt_parts as (
        {#- Each prompt's JSON is parsed a fixed number of times, not once per output and field: its
            fields in one multi-path extraction, its outputs as one list (at 20 samples per prompt,
            extracting '$.outputs[i]' and each field per output parsed every prompt ~140 times). -#}
        select
            source_file,
            prompt_number,
            prompt,
            json_type(prompt) = 'OBJECT' as is_object,
            json_type(prompt) as prompt_type,
            json_extract(prompt, '$.outputs') as outputs_json
        from prompt_rows
    ),

    prompts as (
        select
            prompt_parts.source_file,
            input_files.model_name,
            input_files.file_execution_model,
            prompt_parts.prompt_number,
            prompt_parts.prompt_number - min(prompt_parts.prompt_number) over (partition by prompt_parts.source_file) as prompt_index,
            prompt_parts.prompt_type,
            prompt_parts.is_object,
            case when prompt_parts.is_object then json_extract_string(prompt_parts.prompt,
                ['$.name', '$.problem_type', '$.parallelism_model', '$.response_time', '$.total_tokens', '$.prompt_tokens'])
            end as prompt_fields,
            case when prompt_parts.is_object then json_type(prompt_parts.outputs_json) end as outputs_type,
            case when prompt_parts.is_object and json_type(prompt_parts.outputs_json) = 'ARRAY'
                then json_extract(prompt_parts.outputs_json, '$[*]') end as output_list
        from prompt_parts
        inner join input_files on prompt_parts.source_file = input_files.source_file
    ),

    outputs as (
        {#- one row per element of a prompt's outputs list (none for an empty list), one row with a NULL
            output for a prompt without a list; the two unnests run side by side -#}
        select
            *,
            unnest(case when outputs_type = 'ARRAY' then output_list else [cast(null as json)] end) as output,
            unnest(range(cast(case when outputs_type = 'ARRAY' then len(output_list) else 1 end as bigint))) as output_index
        from prompts
    ),

    samples_raw as (
        select
            source_file,
            model_name,
            file_execution_model,
            prompt_number,
            prompt_index,
            output_index,
            prompt_fields[1] as problem_name,
            prompt_fields[2] as problem_type,
            prompt_fields[3] as parallelism_model,
            prompt_fields[4] as response_time,
            prompt_fields[5] as total_tokens,
            prompt_fields[6] as prompt_tokens,
            output,
            case
                when not is_object then 'prompt ' || prompt_index || ' is a JSON ' || {{ pareval_json_type_name('prompt_type') }} || ', not an object'
                when outputs_type is null then 'prompt ' || prompt_index || ' has no outputs list'
                when outputs_type <> 'ARRAY' then 'prompt ' || prompt_index || ' outputs is a JSON ' || {{ pareval_json_type_name('outputs_type') }} || ', not a list'
            end as prompt_problem
        from outputs
    ),

    typed as (
        select
            *,
            json_type(output) as output_type,
            case when json_type(output) = 'OBJECT' then json_extract_string(output, [
                '$.source_write_success', '$.did_build', '$.is_source_valid', '$.did_any_run', '$.did_all_run',
                '$.are_any_valid', '$.are_all_valid', '$.best_sequential_runtime'
            ]) end as output_fields,
            case when json_type(output) = 'OBJECT' then json_extract(output, '$.runs') end as output_runs
        from samples_raw
    ),

    execution_models_run as (
        {#- (file, execution model) pairs with at least one driver result object -#}
        select distinct source_file, lower(trim(parallelism_model)) as execution_model
        from typed
        where output_type = 'OBJECT'
    ),

    samples_in_scope as (
        select typed.*
        from typed
        where typed.prompt_problem is not null
            or typed.output_type = 'OBJECT'
            or exists (
                select 1 from execution_models_run as run
                where run.source_file = typed.source_file
                    and run.execution_model = lower(trim(typed.parallelism_model))
            )
    ),

    not_shadowed as (
        {#- all.json gives way to an <execution model>.json in the same folder -#}
        select samples_in_scope.*
        from samples_in_scope
        where coalesce(samples_in_scope.file_execution_model, '') <> 'all'
            or not exists (
                select 1 from input_files as own
                where regexp_replace(own.source_file, '[/\\][^/\\]*$', '')
                        = regexp_replace(samples_in_scope.source_file, '[/\\][^/\\]*$', '')
                    and own.file_execution_model = lower(trim(samples_in_scope.parallelism_model))
            )
    ),

    final as (
        select
            source_file,
            'prompt ' || prompt_index || coalesce(' (' || problem_name || ', ' || parallelism_model || ')', '')
                || ', output ' || output_index as source_place,
            model_name as model,
            problem_type,
            problem_name,
            parallelism_model,
            response_time,
            total_tokens,
            prompt_tokens,
            output_fields[1] as source_write_success,
            output_fields[2] as did_build,
            output_fields[3] as is_source_valid,
            output_fields[4] as did_any_run,
            output_fields[5] as did_all_run,
            output_fields[6] as are_any_valid,
            output_fields[7] as are_all_valid,
            cast(output_index as varchar) as sample_id,
            output_fields[8] as raw_best_sequential_runtime,
            cast(output_runs as varchar) as raw_runs,
            coalesce(
                prompt_problem,
                case when output_type <> 'OBJECT'
                    then 'output ' || output_index || ' is a JSON ' || {{ pareval_json_type_name('output_type') }}
                        || ', not a driver result object' end
            ) as structure_problem,
            row_number() over (order by prompt_number, output_index) as sample_order
        from not_shadowed
    )

    select * from final
)
    {%- endset -%}
    {{- return(pareval_derived_columns(sql) if derived else sql) -}}
{%- endmacro %}

{% macro pareval_run_csv_samples(path=none, derived=true) -%}
    {%- set override = var('model_name', '') | string | trim -%}
    {%- set given = raw_metrics_path_argument(path) -%}
    {%- set stem = modules.re.sub('\\.[^.]*$', '', modules.re.split('[/\\\\]', given)[-1]) -%}
    {%- set layout = raw_metrics_csv_layout(path) -%}
    {%- set found = {} -%}
    {%- for name in layout.columns -%}
        {%- do found.update({name | replace('\ufeff', '') | trim | lower: name}) -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for column in ['name', 'parallelism_model', 'did_build'] -%}
        {%- if column not in found -%}{%- do missing.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing and execute -%}
        {{- exceptions.raise_compiler_error(
            "Input file '" ~ given ~ "' (ParEval per-run CSV) is missing required column(s): "
            ~ (missing | join(', ')) ~ ". Columns found: " ~ (found.keys() | list | sort | join(', ')) ~ "."
        ) -}}
    {%- endif -%}
    {%- set col = {} -%}
    {%- for name in ['model', 'name', 'problem_type', 'parallelism_model', 'did_build', 'is_source_valid',
        'source_write_success', 'best_sequential_runtime', 'run_idx', 'did_run', 'is_valid', 'runtime',
        'num_threads', 'num_procs'] + raw_metrics_sample_column_names() -%}
        {%- do col.update({name: adapter.quote(found[name]) if name in found else 'cast(null as varchar)'}) -%}
    {%- endfor -%}
    {%- set model_expr = sql_string_literal(override) if override
        else ('coalesce(' ~ clean_token(col['model']) ~ ', ' ~ sql_string_literal(stem) ~ ')' if 'model' in found
        else sql_string_literal(stem)) -%}
    {%- set sample = namespace(column=none) -%}
    {%- for candidate in raw_metrics_sample_column_names() -%}
        {%- if sample.column is none and candidate in found -%}{%- set sample.column = candidate -%}{%- endif -%}
    {%- endfor -%}
    {%- set sample_column = sample.column -%}
    {%- set sql -%}
(
    with

    run_rows as (
        select
            row_number() over () as row_number_in_file,
            {{ model_expr }} as model,
            {{ clean_token(col['name']) }} as problem_name,
            {{ clean_token(col['problem_type']) }} as problem_type,
            {{ clean_token(col['parallelism_model']) }} as parallelism_model,
            {{ clean_token(col[sample_column] if sample_column else 'null') }} as sample_id,
            {{ clean_token(col['did_build']) }} as did_build,
            {{ clean_token(col['is_source_valid']) }} as is_source_valid,
            {{ clean_token(col['source_write_success']) }} as source_write_success,
            {{ clean_token(col['best_sequential_runtime']) }} as best_sequential_runtime,
            {{ clean_token(col['run_idx']) }} as run_idx,
            {{ clean_token(col['did_run']) }} as did_run,
            {{ clean_token(col['is_valid']) }} as is_valid,
            {{ clean_token(col['runtime']) }} as runtime,
            {{ clean_token(col['num_threads']) }} as num_threads,
            {{ clean_token(col['num_procs']) }} as num_procs
        from {{ raw_metrics_csv_reader('', path) }}
    ),

    samples as (
        select
            model,
            problem_name,
            parallelism_model,
            sample_id,
            min(row_number_in_file) as first_row,
            any_value(problem_type) as problem_type,
            min(did_build) as did_build,
            min(is_source_valid) as is_source_valid,
            coalesce(min(source_write_success), 'true') as source_write_success,
            cast(min(try_cast(best_sequential_runtime as double)) as varchar) as raw_best_sequential_runtime,
            bool_or({{ parse_boolean('did_run') }}) filter (where run_idx is not null) as any_ran,
            bool_and(coalesce({{ parse_boolean('did_run') }}, false)) filter (where run_idx is not null) as all_ran,
            bool_or({{ parse_boolean('is_valid') }}) filter (where run_idx is not null) as any_valid,
            bool_and(coalesce({{ parse_boolean('is_valid') }}, false)) filter (where run_idx is not null) as all_valid,
            count(*) filter (where run_idx is not null) as n_runs,
            cast(to_json(list(
                {'did_run': did_run, 'is_valid': is_valid, 'runtime': runtime,
                 'num_procs': num_procs, 'num_threads': num_threads}
                order by try_cast(run_idx as double), row_number_in_file
            ) filter (where run_idx is not null)) as varchar) as runs_json,
            string_agg(distinct 'line ' || (row_number_in_file + 1), ', ') filter (where run_idx is null) as blank_run_lines,
            count(*) filter (where run_idx is null) as n_blank_run_rows
        from run_rows
        group by model, problem_name, parallelism_model, sample_id
    ),

    final as (
        select
            {{ sql_string_literal(given) }} as source_file,
            'line ' || (first_row + 1) as source_place,
            model,
            problem_type,
            problem_name,
            parallelism_model,
            cast(null as varchar) as response_time,
            cast(null as varchar) as total_tokens,
            cast(null as varchar) as prompt_tokens,
            source_write_success,
            did_build,
            is_source_valid,
            case when any_ran then 'true' when not any_ran then 'false' end as did_any_run,
            case when all_ran then 'true' when not all_ran then 'false' end as did_all_run,
            case when any_ran and any_valid then 'true' when not any_ran or not any_valid then 'false' end as are_any_valid,
            case when all_ran and all_valid then 'true' when not all_ran or not all_valid then 'false' end as are_all_valid,
            sample_id,
            raw_best_sequential_runtime,
            case when n_runs > 0 then runs_json end as raw_runs,
            case when n_runs > 0 and n_blank_run_rows > 0
                then 'rows without run_idx beside rows with one (' || blank_run_lines || ')' end as structure_problem,
            row_number() over (order by first_row) as sample_order
        from samples
    )

    select * from final
)
    {%- endset -%}
    {{- return(pareval_derived_columns(sql) if derived else sql) -}}
{%- endmacro %}

{#- pareval_derived_columns(samples): the 19-column measurements derived from each sample's runs, and the
    run-level problems, over a samples query of pareval_json_samples / pareval_run_csv_samples. -#}
{% macro pareval_derived_columns(samples) -%}
    {%- set sql -%}
(
    with

    samples as (
        select * from {{ samples }}
    ),

    run_elements as (
        {#- each runs list parsed once into its elements (extracting '$[i]' per run parsed it once per run) -#}
        select
            sample_order,
            unnest(run_list) as run,
            unnest(range(cast(len(run_list) as bigint))) as run_index
        from (
            select sample_order, json_extract(cast(raw_runs as json), '$[*]') as run_list
            from samples
            where raw_runs is not null and json_type(cast(raw_runs as json)) = 'ARRAY'
        )
    ),

    run_fields as (
        select
            sample_order,
            run_index,
            json_type(run) = 'OBJECT' as is_object,
            json_extract_string(run, ['$.runtime', '$.is_valid', '$.num_procs', '$.num_threads']) as fields
        from run_elements
    ),

    runs as (
        select
            sample_order,
            run_index,
            is_object,
            {{ clean_token('fields[1]') }} as runtime_text,
            try_cast({{ clean_token('fields[1]') }} as double) as runtime,
            {{ parse_boolean(clean_token('fields[2]')) }} as is_valid,
            try_cast({{ clean_token('fields[3]') }} as double) as num_procs,
            try_cast({{ clean_token('fields[4]') }} as double) as num_threads
        from run_fields
    ),

    per_sample as (
        select
            sample_order,
            count(*) as n_runs,
            min(runtime) filter (where is_valid) as best_runtime,
            avg(runtime) filter (where is_valid) as avg_runtime,
            count(*) filter (where is_valid) as n_valid,
            min(runtime) filter (where is_valid and num_procs = 1 and coalesce(num_threads, 1) = 1) as t_1proc,
            min(runtime) filter (where is_valid and num_procs = 2 and coalesce(num_threads, 1) = 1) as t_2proc,
            min(runtime) filter (where is_valid and num_procs = 4 and coalesce(num_threads, 1) = 1) as t_4proc,
            string_agg(
                case
                    when not is_object then 'runs[' || run_index || '] is not an object'
                    when runtime_text is not null and runtime is null
                        then 'unparseable runtime in runs[' || run_index || ']: "' || runtime_text || '"'
                    when runtime < 0 or not isfinite(runtime)
                        then 'negative or non-finite runtime in runs[' || run_index || ']: "' || runtime_text || '"'
                end, '; ' order by run_index
            ) as run_problems
        from runs
        group by sample_order
    ),

    final as (
        select
            samples.source_file,
            samples.source_place,
            samples.model,
            samples.problem_type,
            samples.problem_name,
            samples.parallelism_model,
            samples.response_time,
            samples.total_tokens,
            samples.prompt_tokens,
            samples.source_write_success,
            samples.did_build,
            samples.is_source_valid,
            samples.did_any_run,
            samples.did_all_run,
            samples.are_any_valid,
            samples.are_all_valid,
            cast(per_sample.best_runtime as varchar) as best_runtime,
            cast(per_sample.avg_runtime as varchar) as avg_runtime,
            cast(per_sample.t_1proc / nullif(per_sample.t_2proc, 0) as varchar) as speedup_2proc,
            cast(per_sample.t_1proc / nullif(per_sample.t_4proc, 0) as varchar) as speedup_4proc,
            case when samples.structure_problem is null then cast(coalesce(per_sample.n_valid, 0) as varchar) end
                as num_successful_runs,
            samples.sample_id,
            samples.raw_best_sequential_runtime,
            samples.raw_runs,
            concat_ws('; ',
                samples.structure_problem,
                case when samples.raw_runs is not null and json_type(cast(samples.raw_runs as json)) not in ('ARRAY', 'NULL')
                    then 'runs is a JSON ' || {{ pareval_json_type_name('json_type(cast(samples.raw_runs as json))') }} || ', not a list' end,
                case when lower(samples.did_build) = 'true' and json_type(cast(samples.raw_runs as json)) = 'ARRAY'
                        and json_array_length(cast(samples.raw_runs as json)) = 0
                    then 'run count of 0: did_build is true and runs is empty' end,
                per_sample.run_problems
            ) as input_problems,
            samples.sample_order
        from samples
        left join per_sample on samples.sample_order = per_sample.sample_order
    )

    select * from final
)
    {%- endset -%}
    {{- return(sql) -}}
{%- endmacro %}

{% macro pareval_empty_samples() -%}
    {%- set columns = ['source_file', 'source_place'] + raw_metrics_required_columns()
        + ['sample_id', 'raw_best_sequential_runtime', 'raw_runs', 'input_problems'] -%}
    {%- set selected = [] -%}
    {%- for column in columns -%}{%- do selected.append('cast(null as varchar) as ' ~ column) -%}{%- endfor -%}
    {{- return('(select ' ~ (selected | join(', ')) ~ ', cast(null as bigint) as sample_order where false)') -}}
{%- endmacro %}

{#- pareval_check_input(path): stops the build when a JSON input has no driver output, or when a
    (model, problem, execution model, sample) appears in two files (naming both). Unreadable JSON stops
    the build with DuckDB's message, which names the file and the byte where parsing failed. -#}
{% macro pareval_check_input(path=none) -%}
    {%- if not execute -%}{{- return('') -}}{%- endif -%}
    {%- set shown = raw_metrics_input_path(path) -%}
    {%- set input_format = raw_metrics_input_format(path) -%}
    {%- if input_format in ('pareval_json', 'pareval_folder') -%}
        {%- if input_format == 'pareval_json' and run_query('select count(*) from glob(' ~ sql_string_literal(shown) ~ ')').rows[0][0] != 1 -%}
            {{- exceptions.raise_compiler_error(
                "Input file '" ~ shown ~ "' not found (var " ~ raw_metrics_path_var_name(path) ~ "). A relative path is read from "
                ~ "the directory dbt runs in (the repository root); check the spelling or give an absolute path."
            ) -}}
        {%- endif -%}
        {%- if pareval_json_files(path) | length == 0 -%}
            {{- exceptions.raise_compiler_error(
                "Input folder '" ~ shown ~ "' holds no ParEval driver output: expected <model>/<execution model>.json "
                ~ "or <model>/all.json (execution models: " ~ (pareval_parallelism_models() | join(', ')) ~ ")."
            ) -}}
        {%- endif -%}
    {%- endif -%}
    {#- One pass over the samples' keys (no run parsed): the number of samples and the first three
        (model, problem, execution model, sample) held by two files. -#}
    {%- set relation = pareval_samples_relation(path, derived=false) -%}
    {%- set checked = run_query(
        "with samples as materialized (select model, problem_name, parallelism_model, sample_id, source_file, "
        ~ "source_place from " ~ relation ~ " as samples), "
        ~ "clashes as (select model, trim(problem_name) as problem, lower(trim(parallelism_model)) as execution_model, "
        ~ "sample_id, min(source_file || ' (' || source_place || ')') as first_place, "
        ~ "max(source_file || ' (' || source_place || ')') as second_place, count(*) over () as n_clashes "
        ~ "from samples where problem_name is not null "
        ~ "group by all having count(distinct source_file) > 1 order by 1, 2, 3, 4 limit 3) "
        ~ "select (select count(*) from samples) as n_samples, clashes.* "
        ~ "from (select 1) as one left join clashes on true order by 2, 3, 4, 5"
    ).rows -%}
    {%- if checked[0][0] == 0 -%}
        {{- exceptions.raise_compiler_error(
            "Input '" ~ shown ~ "' has no samples: no prompt carries a driver result (an object in `outputs`). "
            ~ "Run ParEval's drivers/run-all.py on the generated outputs first."
        ) -}}
    {%- endif -%}
    {%- set clashes = [] -%}
    {%- for row in checked if row[1] is not none -%}{%- do clashes.append(row[1:]) -%}{%- endfor -%}
    {%- if clashes | length > 0 -%}
        {%- set details = [] -%}
        {%- for model, problem, em, sample, first, second, n in clashes -%}
            {%- do details.append("(" ~ model ~ ", " ~ problem ~ ", " ~ em ~ ", sample " ~ sample ~ ") is in both "
                ~ first ~ " and " ~ second) -%}
        {%- endfor -%}
        {{- exceptions.raise_compiler_error(
            "Input '" ~ shown ~ "': " ~ clashes[0][6] ~ " sample(s) appear in two files; each (model, problem, "
            ~ "execution model, sample) must be taken once. " ~ (details | join('; '))
            ~ ". Remove one of the files, or give the models different folder names (or var model_name)."
        ) -}}
    {%- endif -%}
    {{- return('') -}}
{%- endmacro %}

{#- raw_metrics_input_sha256(path): a one-row query with input_sha256, the SHA-256 of the input file's
    bytes (lower-case hex); for a results folder, the SHA-256 of its driver files' SHA-256s (hex, in path
    order). Hashed by pareval_file_sha256 (pareval_dbt/functions.py, registered on dbt's connection by
    the profile's plugin): Python's hashlib, 0.6 s for a 633 MB file where DuckDB's sha256(content) over
    read_blob took 4.2 s. -#}
{% macro raw_metrics_input_sha256(path=none) -%}
    {%- if raw_metrics_input_format(path) == 'pareval_folder' -%}
        {%- set files = [] -%}
        {%- for file, model_name, file_em in pareval_json_files(path) -%}{%- do files.append(sql_string_literal(file)) -%}{%- endfor -%}
        {%- if files | length == 0 -%}{{- return("select cast(null as varchar) as input_sha256") -}}{%- endif -%}
        {{- return("select sha256(string_agg(pareval_file_sha256(filename), '' order by filename)) as input_sha256 "
            ~ "from (select unnest([" ~ (files | join(', ')) ~ "]) as filename)") -}}
    {%- endif -%}
    {{- return('select pareval_file_sha256(' ~ sql_string_literal(raw_metrics_input_path(path)) ~ ') as input_sha256') -}}
{%- endmacro %}

{#- pareval_json_type_name(expr): JSON's name (object, list, string, number, boolean, null) of a DuckDB json_type(). -#}
{% macro pareval_json_type_name(expr) -%}
    (case {{ expr }}
        when 'OBJECT' then 'object' when 'ARRAY' then 'list' when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean' when 'NULL' then 'null' else 'number'
    end)
{%- endmacro %}
