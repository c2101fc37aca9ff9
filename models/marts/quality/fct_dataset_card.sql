{#-
    One row describing the build: which input, how many rows went where, what the data holds, and the
    settings every statistic depends on. The report's dataset card reads it.
    is_synthetic_sample: the input is the bundled seed and its sha256 equals the one recorded in the
    seed's meta (seeds/_seeds.yml), i.e. the synthetic sample from scripts/make_sample_data.py.
-#}
{%- set input_path = raw_metrics_input_path() -%}
{%- set input_path_argument = none -%}
{%- set sample_sha256 = '' -%}
{%- if execute -%}
    {%- set seed_node = graph.nodes.get('seed.pareval_report.raw_metrics') -%}
    {%- set sample_sha256 = (seed_node.config.meta.get('sha256', '') if seed_node else '') -%}
{%- endif -%}

with

base_raw_metrics as (

    select input_row_number, rejection_reason, model_name, parallelism_model from {{ ref('base_raw_metrics') }}

),

int_attempts as (

    select model_name, problem_name, problem_type, parallelism_model, sample_id
    from {{ ref('int_attempts') }}

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

input_file as (

    {{ raw_metrics_input_sha256(input_path_argument) }}

),

rows_by_model as (

    select
        coalesce(model_name, '(blank model)') as model_name,
        coalesce(parallelism_model, '(blank)') as parallelism_model,
        count(*) as n_rows,
        count(*) filter (where rejection_reason is null) as n_kept
    from base_raw_metrics
    group by all

),

models_rejected as (

    {#- A model none of whose rows was kept would otherwise be absent from every mart and the report. -#}
    select string_agg(model_name || ' (' || n_rows || case when n_rows = 1 then ' row)' else ' rows)' end, '; ' order by model_name) as models_all_rejected
    from (
        select model_name, sum(n_rows) as n_rows
        from rows_by_model
        group by model_name
        having sum(n_kept) = 0
    ) as all_rejected

),

execution_models_rejected as (

    {#- An execution model of a model with kept rows elsewhere, none of whose rows was kept. -#}
    select
        string_agg(model_name || ': ' || parallelism_model || ' (' || n_rows || case when n_rows = 1 then ' row)' else ' rows)' end, '; '
            order by model_name, parallelism_model) as execution_models_all_rejected
    from rows_by_model
    where n_kept = 0
        and model_name in (select model_name from rows_by_model group by model_name having sum(n_kept) > 0)

),

row_accounting as (

    select
        count(*) as rows_input,
        count(*) filter (where rejection_reason is null) as rows_kept,
        count(*) filter (where rejection_reason is not null) as rows_rejected
    from base_raw_metrics

),

prompt_type_counts as (

    {#- the one pass over the attempts: samples per (model, problem, execution model, problem type); the
        distinct counts below read these ~50k rows instead of every attempt -#}
    select
        model_name,
        problem_name,
        parallelism_model,
        problem_type,
        count(*) as n_samples
    from int_attempts
    group by model_name, problem_name, parallelism_model, problem_type

),

data_shape as (

    select
        count(distinct model_name) as n_models,
        count(distinct problem_name) as n_problems,
        count(distinct problem_type) as n_problem_types,
        string_agg(distinct parallelism_model, ', ' order by parallelism_model) as parallelism_models
    from prompt_type_counts

),

samples_per_problem as (

    select max(n_samples) as max_samples_per_problem
    from (
        select cast(sum(n_samples) as bigint) as n_samples
        from prompt_type_counts
        group by model_name, problem_name, parallelism_model
    ) as per_prompt

),

reference_model as (

    select display_name as reference_model, model_name as reference_model_name
    from int_models
    where is_reference_model
    order by model_name
    limit 1

),

final as (

    select
        {{ sql_string_literal(input_path) }} as input_path,
        {{ sql_string_literal(raw_metrics_input_format()) }} as input_format,
        input_file.input_sha256,
        {{ sql_string_literal(raw_metrics_input_format()) }} = 'seed'
            and input_file.input_sha256 = {{ sql_string_literal(sample_sha256) }} as is_synthetic_sample,
        row_accounting.rows_input,
        row_accounting.rows_kept,
        row_accounting.rows_rejected,
        models_rejected.models_all_rejected,
        execution_models_rejected.execution_models_all_rejected,
        data_shape.n_models,
        data_shape.n_problems,
        data_shape.n_problem_types,
        data_shape.parallelism_models,
        samples_per_problem.max_samples_per_problem,
        reference_model.reference_model,
        reference_model.reference_model_name,
        cast({{ confidence_level() }} as double) as confidence_level,
        cast({{ sql_string_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }} as timestamp) as built_at,
        {{ sql_string_literal(dbt_version) }} as dbt_version,
        version() as duckdb_version
    from input_file
    cross join row_accounting
    cross join data_shape
    cross join samples_per_problem
    cross join reference_model
    cross join models_rejected
    cross join execution_models_rejected

)

select * from final
