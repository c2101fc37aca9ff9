{#-
    VRAM sensitivity: one row per (scenario, model) for every model in the results. A scenario is one
    VRAM source of seeds/model_vram_sources.csv (spec_000, reference_report, derivation): each model
    takes its figure from that source, or its default figure (int_models.vram_gb, var vram_source)
    when the source gives it none; vram_figure_source says which source the figure came from. Within
    each scenario, as in fct_resource_efficiency: pass rate over all attempts, pass@1 per GB in
    percentage points, its rank (1 = most efficient; models without VRAM unranked), pass-rate
    frontier membership (no model with less or equal VRAM has a higher pass rate) and the VRAM ratio
    to the model's base model (NULL when either VRAM is unknown or there is no base model).
-#}
{%- set pp = percentage_points_per_unit() -%}

with

int_models as (

    select
        model_name,
        model_key,
        base_model_key,
        vram_gb as default_vram_gb,
        vram_source as default_vram_source
    from {{ ref('int_models') }}

),

stg_model_vram_sources as (

    select model_key, vram_source, vram_gb from {{ ref('stg_model_vram_sources') }}

),

int_problem_outcomes as (

    select model_name, n_attempts, n_are_all_valid from {{ ref('int_problem_outcomes') }}

),

scenarios as (

    select distinct vram_source as scenario from stg_model_vram_sources

),

rates as (

    select
        model_name,
        sum(n_are_all_valid) / sum(n_attempts) as pass_rate
    from int_problem_outcomes
    group by model_name

),

scenario_figures as (

    select
        scenarios.scenario,
        int_models.model_name,
        int_models.model_key,
        int_models.base_model_key,
        coalesce(own.vram_gb, int_models.default_vram_gb) as vram_gb,
        case
            when own.vram_gb is not null then scenarios.scenario
            else int_models.default_vram_source
        end as vram_figure_source,
        scenarios.scenario = {{ sql_string_literal(var('vram_source', 'spec_000') | lower) }}
            as is_default_scenario
    from scenarios
    cross join int_models
    left join stg_model_vram_sources as own
        on int_models.model_key = own.model_key
        and scenarios.scenario = own.vram_source

),

efficiency as (

    select
        scenario_figures.*,
        rates.pass_rate,
        {{ pp }} * rates.pass_rate / nullif(scenario_figures.vram_gb, 0) as pass_pp_per_gb
    from scenario_figures
    inner join rates
        on scenario_figures.model_name = rates.model_name

),

ranked as (

    select
        *,
        case when vram_gb is not null
            then rank() over (partition by scenario, vram_gb is null order by pass_pp_per_gb desc)
        end as pass_efficiency_rank,
        case when vram_gb is not null
            then count(*) over (partition by scenario, vram_gb is null)
        end as n_models_with_vram,
        case when vram_gb is not null
            then pass_rate >= max(pass_rate) over (
                partition by scenario, vram_gb is null
                order by vram_gb
                range between unbounded preceding and current row
            )
        end as is_pass_frontier
    from efficiency

),

final as (

    select
        ranked.scenario,
        ranked.is_default_scenario,
        ranked.model_name,
        base.model_name as base_model_name,
        ranked.vram_gb,
        ranked.vram_figure_source,
        base.vram_gb as base_vram_gb,
        base.vram_figure_source as base_vram_figure_source,
        ranked.pass_rate,
        ranked.pass_pp_per_gb,
        cast(ranked.pass_efficiency_rank as bigint) as pass_efficiency_rank,
        cast(ranked.n_models_with_vram as bigint) as n_models_with_vram,
        ranked.is_pass_frontier,
        ranked.vram_gb / nullif(base.vram_gb, 0) as vram_ratio_to_base
    from ranked
    left join ranked as base
        on ranked.base_model_key = base.model_key
        and ranked.scenario = base.scenario

)

select * from final
