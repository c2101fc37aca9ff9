{#-
    Every model of either round and how it was matched: one row per round_model_key (the model_key, or the
    model_key its name is an alias of in seed model_aliases). is_renamed: both rounds hold the model under
    names that differ as matching keys, i.e. it was paired through an alias. Counts are (problem,
    parallelism model) cells. Empty without a baseline.
-#}
with

int_round_cells as (

    select * from {{ ref('int_round_cells') }}

),

per_model as (

    select
        round_model_key,
        min(model_name) as model_name,
        min(baseline_model_name) as baseline_model_name,
        bool_or(in_baseline) as in_baseline,
        bool_or(in_current) as in_current,
        count(*) filter (where is_matched) as n_cells_matched,
        count(*) filter (where in_baseline and not in_current) as n_cells_baseline_only,
        count(*) filter (where in_current and not in_baseline) as n_cells_current_only
    from int_round_cells
    group by round_model_key

),

final as (

    select
        round_model_key,
        model_name,
        baseline_model_name,
        in_baseline,
        in_current,
        coalesce(
            in_baseline and in_current
                and {{ model_key_sql('model_name') }}
                    <> {{ model_key_sql('baseline_model_name') }},
            false
        ) as is_renamed,
        cast(n_cells_matched as bigint) as n_cells_matched,
        cast(n_cells_baseline_only as bigint) as n_cells_baseline_only,
        cast(n_cells_current_only as bigint) as n_cells_current_only
    from per_model

)

select * from final
