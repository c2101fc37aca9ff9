{#-
    The two result sets side by side: one row per (round_model_key, parallelism_model, problem_name) present
    in the baseline (var baseline_metrics_path), the current results, or both, with each round's attempt and
    outcome counts (NULL where the round has no attempt).

    Matching: a model is the same in both rounds when its round_model_key is: the model_key of the alias
    (seed model_aliases) when its name is an alias, else its own model_key (registry name matching: lower
    case, spaces, dots, dashes and underscores removed). model_name is the current set's name of the model
    (the baseline's when the current set lacks it), baseline_model_name the baseline's.
    is_matched: the cell is in both rounds; only matched cells are compared.
    Empty without a baseline (var baseline_metrics_path), so every round mart is empty too.
-#}
{%- set has_baseline = (var('baseline_metrics_path', '') | string | trim) != '' -%}
{%- set counts = ['n_attempts', 'n_did_build', 'n_are_all_valid', 'n_is_source_valid', 'n_did_any_run',
                  'n_did_all_run', 'n_are_any_valid'] -%}

with

stg_raw_metrics as (

    select model_name, model_key, problem_type, problem_name, parallelism_model,
        did_build, are_all_valid, is_source_valid, did_any_run, did_all_run, are_any_valid
    from {{ ref('stg_raw_metrics') }}

),

stg_baseline_raw_metrics as (

    select model_name, model_key, problem_type, problem_name, parallelism_model,
        did_build, are_all_valid, is_source_valid, did_any_run, did_all_run, are_any_valid
    from {{ ref('stg_baseline_raw_metrics') }}

),

stg_model_aliases as (

    select alias_key, model_key from {{ ref('stg_model_aliases') }}

),

attempts as (

    select 'current' as round, * from stg_raw_metrics
    union all
    select 'baseline' as round, * from stg_baseline_raw_metrics

),

attempts_keyed as (

    select
        attempts.*,
        coalesce(stg_model_aliases.model_key, attempts.model_key) as round_model_key
    from attempts
    left join stg_model_aliases
        on attempts.model_key = stg_model_aliases.alias_key

),

outcomes_per_cell as (

    select
        round,
        round_model_key,
        parallelism_model,
        problem_name,
        min(model_name) as model_name,
        min(problem_type) as problem_type,
        count(*) as n_attempts,
        count_if(did_build) as n_did_build,
        count_if(are_all_valid) as n_are_all_valid,
        count_if(is_source_valid) as n_is_source_valid,
        count_if(did_any_run) as n_did_any_run,
        count_if(did_all_run) as n_did_all_run,
        count_if(are_any_valid) as n_are_any_valid
    from attempts_keyed
    group by round, round_model_key, parallelism_model, problem_name

),

model_names as (

    select
        round_model_key,
        min(model_name) filter (where round = 'current') as current_model_name,
        min(model_name) filter (where round = 'baseline') as baseline_model_name
    from outcomes_per_cell
    group by round_model_key

),

current_cells as (

    select * from outcomes_per_cell where round = 'current'

),

baseline_cells as (

    select * from outcomes_per_cell where round = 'baseline'

),

cells_joined as (

    select
        coalesce(current_cells.round_model_key, baseline_cells.round_model_key) as round_model_key,
        coalesce(current_cells.parallelism_model, baseline_cells.parallelism_model) as parallelism_model,
        coalesce(current_cells.problem_name, baseline_cells.problem_name) as problem_name,
        coalesce(current_cells.problem_type, baseline_cells.problem_type) as problem_type,
        current_cells.round_model_key is not null as in_current,
        baseline_cells.round_model_key is not null as in_baseline,
        {% for column in counts -%}
        baseline_cells.{{ column }} as baseline_{{ column }},
        current_cells.{{ column }} as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from current_cells
    full outer join baseline_cells
        on current_cells.round_model_key = baseline_cells.round_model_key
        and current_cells.parallelism_model = baseline_cells.parallelism_model
        and current_cells.problem_name = baseline_cells.problem_name

),

final as (

    select
        cells_joined.round_model_key,
        coalesce(model_names.current_model_name, model_names.baseline_model_name) as model_name,
        model_names.baseline_model_name,
        cells_joined.parallelism_model,
        cells_joined.problem_name,
        cells_joined.problem_type,
        cells_joined.in_baseline,
        cells_joined.in_current,
        cells_joined.in_baseline and cells_joined.in_current as is_matched,
        {% for column in counts -%}
        cast(cells_joined.baseline_{{ column }} as bigint) as baseline_{{ column }},
        cast(cells_joined.{{ column }} as bigint) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from cells_joined
    inner join model_names
        on cells_joined.round_model_key = model_names.round_model_key
    where {{ 'true' if has_baseline else 'false' }}

)

select * from final
