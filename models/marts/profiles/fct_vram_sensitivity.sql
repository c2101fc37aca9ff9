{#-
    VRAM sensitivity of the efficiency conclusions: one row per (model, VRAM scenario), from
    int_vram_scenarios. A scenario is one recorded VRAM source (spec_000, reference_report,
    derivation); each model's figure comes from that source or, when the source gives it none, from
    its default (vram_figure_source says which). Per scenario: pass@1 per GB, its rank, pass-rate
    frontier membership and the VRAM ratio to the base model. The report names the alternative
    figures beside each efficiency finding that does not hold under every scenario.
-#}

with

int_vram_scenarios as (

    select * from {{ ref('int_vram_scenarios') }}

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
        int_vram_scenarios.vram_ratio_to_base
    from int_vram_scenarios
    inner join int_models
        on int_vram_scenarios.model_name = int_models.model_name

)

select * from final
