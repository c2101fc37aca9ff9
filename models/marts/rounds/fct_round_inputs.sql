{#-
    The two inputs of the round comparison, for the dataset card: one row per round ('baseline', 'current')
    with the file, its format and sha256, and where its rows went (rows_input = rows_kept + rows_rejected,
    tested). The current row repeats fct_dataset_card. Empty without a baseline (var baseline_metrics_path).
-#}
{%- set baseline_path = var('baseline_metrics_path', '') | string | trim -%}

with

fct_dataset_card as (

    select input_path, input_format, input_sha256, rows_input, rows_kept, rows_rejected
    from {{ ref('fct_dataset_card') }}

),

base_baseline_raw_metrics as (

    select rejection_reason from {{ ref('base_baseline_raw_metrics') }}

),

stg_baseline_raw_metrics as (

    select model_name, problem_name, parallelism_model from {{ ref('stg_baseline_raw_metrics') }}

),

stg_raw_metrics as (

    select model_name, problem_name, parallelism_model from {{ ref('stg_raw_metrics') }}

),

{% if baseline_path -%}
baseline_file as (

    select sha256(content) as input_sha256
    from read_blob({{ sql_string_literal(raw_metrics_input_path(baseline_path)) }})

),
{%- endif %}

baseline_accounting as (

    select
        count(*) as rows_input,
        count(*) filter (where rejection_reason is null) as rows_kept,
        count(*) filter (where rejection_reason is not null) as rows_rejected
    from base_baseline_raw_metrics

),

shapes as (

    {% for round, relation in [('baseline', 'stg_baseline_raw_metrics'), ('current', 'stg_raw_metrics')] -%}
    select
        '{{ round }}' as round,
        count(distinct model_name) as n_models,
        count(distinct problem_name) as n_problems,
        count(distinct parallelism_model) as n_parallelism_models
    from {{ relation }}
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

inputs as (

    {% if baseline_path -%}
    select
        'baseline' as round,
        {{ sql_string_literal(raw_metrics_input_path(baseline_path)) }} as input_path,
        {{ sql_string_literal(raw_metrics_input_format(baseline_path)) }} as input_format,
        baseline_file.input_sha256,
        baseline_accounting.rows_input,
        baseline_accounting.rows_kept,
        baseline_accounting.rows_rejected
    from baseline_file
    cross join baseline_accounting
    union all
    select
        'current' as round,
        input_path,
        input_format,
        input_sha256,
        rows_input,
        rows_kept,
        rows_rejected
    from fct_dataset_card
    {%- else -%}
    select
        cast(null as varchar) as round,
        cast(null as varchar) as input_path,
        cast(null as varchar) as input_format,
        cast(null as varchar) as input_sha256,
        cast(null as bigint) as rows_input,
        cast(null as bigint) as rows_kept,
        cast(null as bigint) as rows_rejected
    from baseline_accounting
    where false
    {%- endif %}

),

final as (

    select
        inputs.round,
        inputs.input_path,
        inputs.input_format,
        inputs.input_sha256,
        cast(inputs.rows_input as bigint) as rows_input,
        cast(inputs.rows_kept as bigint) as rows_kept,
        cast(inputs.rows_rejected as bigint) as rows_rejected,
        cast(shapes.n_models as bigint) as n_models,
        cast(shapes.n_problems as bigint) as n_problems,
        cast(shapes.n_parallelism_models as bigint) as n_parallelism_models
    from inputs
    inner join shapes
        on inputs.round = shapes.round

)

select * from final
