{#-
    VRAM sensitivity of the efficiency conclusions: one row per (model, VRAM scenario), from
    int_vram_scenarios. A scenario is one recorded VRAM source (spec_000, reference_report,
    derivation); each model's figure comes from that source or, when the source gives it none, from
    its default (vram_figure_source says which). Per scenario: pass@1 per GB, its rank, pass-rate
    frontier membership and the VRAM ratio to the base model. The report names the alternative
    figures beside each efficiency finding that does not hold under every scenario.

    Budget (macros/profiles/deployment_budgets.sql, as fct_deployment_budgets): budget_label is the
    smallest hardware budget that holds the scenario's figure (hosted without one);
    budget_holds_under_every_source says whether the model lands in the same budget under every
    scenario (the same on each of the model's rows).
-#}

with

int_vram_scenarios as (

    select * from {{ ref('int_vram_scenarios') }}

),

budgets as (

    {{ deployment_budgets() }}

),

with_budget as (

    select
        model_name,
        scenario,
        {{ deployment_budget_order('vram_gb') }} as budget_order
    from int_vram_scenarios

),

budget_spread as (

    select model_name, count(distinct budget_order) = 1 as budget_holds_under_every_source
    from with_budget
    group by model_name

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

final as (

    select
        int_vram_scenarios.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        int_vram_scenarios.scenario,
        int_vram_scenarios.is_default_scenario,
        int_vram_scenarios.vram_gb,
        int_vram_scenarios.vram_figure_source,
        int_vram_scenarios.base_model_name,
        int_vram_scenarios.base_vram_gb,
        int_vram_scenarios.base_vram_figure_source,
        int_vram_scenarios.pass_rate,
        int_vram_scenarios.pass_pp_per_gb,
        int_vram_scenarios.pass_efficiency_rank,
        int_vram_scenarios.n_models_with_vram,
        int_vram_scenarios.is_pass_frontier,
        int_vram_scenarios.vram_ratio_to_base,
        budgets.budget_label,
        budget_spread.budget_holds_under_every_source
    from int_vram_scenarios
    inner join int_models
        on int_vram_scenarios.model_name = int_models.model_name
    inner join with_budget
        on int_vram_scenarios.model_name = with_budget.model_name
        and int_vram_scenarios.scenario = with_budget.scenario
    inner join budgets
        on with_budget.budget_order = budgets.budget_order
    inner join budget_spread
        on int_vram_scenarios.model_name = budget_spread.model_name

)

select * from final
