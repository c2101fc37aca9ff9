{#-
    Resource efficiency: one row per model. Build and pass rate over all attempts (int_problem_outcomes),
    per GB of VRAM in percentage points (100 · rate / vram_gb), the ratio of that efficiency to the
    reference model's (reference = 1.00) and the VRAM ratio to the reference. Unknown VRAM (NULL, e.g. a
    hosted API) stays NULL: the model's per-GB values and ratios are NULL, and when the reference's VRAM
    is unknown every ratio is NULL. No ratio divides by zero (NULL instead).

    VRAM is the default figure (int_models: var vram_source, with its fallback); vram_source names the
    source. Sensitivity (int_vram_scenarios: one scenario per recorded VRAM source): the range of the
    model's recorded figures, of its pass@1-per-GB rank and of its VRAM ratio to its base model, and
    whether it is on the pass-rate frontier under every / some scenario; the *_holds flags say whether
    each conclusion is the same under every recorded figure (NULL when it does not apply).
    size_band: the peer group by size (macro size_band).
-#}
{%- set pp = percentage_points_per_unit() -%}

with

int_problem_outcomes as (

    select model_name, n_attempts, n_did_build, n_are_all_valid from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select
        model_name,
        display_name,
        family,
        peer_group,
        size_band,
        base_model_name,
        vram_source,
        params_b,
        active_params_b,
        quantization,
        vram_gb,
        is_reference_model
    from {{ ref('int_models') }}

),

rates as (

    select
        model_name,
        sum(n_attempts) as n,
        sum(n_did_build) / sum(n_attempts) as build_rate,
        sum(n_are_all_valid) / sum(n_attempts) as pass_rate
    from int_problem_outcomes
    group by model_name

),

efficiency as (

    select
        int_models.*,
        cast(rates.n as bigint) as n,
        rates.build_rate,
        rates.pass_rate,
        {{ pp }} * rates.build_rate / nullif(int_models.vram_gb, 0) as build_pp_per_gb,
        {{ pp }} * rates.pass_rate / nullif(int_models.vram_gb, 0) as pass_pp_per_gb
    from int_models
    inner join rates
        on int_models.model_name = rates.model_name

),

ranked as (

    select
        *,
        case when vram_gb is not null
            then rank() over (partition by vram_gb is null order by pass_pp_per_gb desc)
        end as pass_efficiency_rank,
        case when vram_gb is not null
            then rank() over (partition by vram_gb is null order by build_pp_per_gb desc)
        end as build_efficiency_rank,
        case when vram_gb is not null
            then count(*) over (partition by vram_gb is null)
        end as n_models_with_vram,
        case when vram_gb is not null
            then pass_rate >= max(pass_rate) over (
                partition by vram_gb is null
                order by vram_gb
                range between unbounded preceding and current row
            )
        end as is_pass_frontier
    from efficiency

),

int_vram_scenarios as (

    select * from {{ ref('int_vram_scenarios') }}

),

sensitivity as (

    select
        model_name,
        count(distinct scenario) as n_vram_scenarios,
        count(distinct vram_gb) as n_distinct_vram_figures,
        min(vram_gb) as vram_gb_min,
        max(vram_gb) as vram_gb_max,
        min(pass_efficiency_rank) as pass_efficiency_rank_min,
        max(pass_efficiency_rank) as pass_efficiency_rank_max,
        bool_and(is_pass_frontier) as is_pass_frontier_in_every_scenario,
        bool_or(is_pass_frontier) as is_pass_frontier_in_some_scenario,
        min(vram_ratio_to_base) as vram_ratio_to_base_min,
        max(vram_ratio_to_base) as vram_ratio_to_base_max,
        max(case when is_default_scenario then vram_ratio_to_base end) as vram_ratio_to_base
    from int_vram_scenarios
    group by model_name

),

reference as (

    select
        vram_gb as reference_vram_gb,
        build_pp_per_gb as reference_build_pp_per_gb,
        pass_pp_per_gb as reference_pass_pp_per_gb
    from efficiency
    where is_reference_model

),

final as (

    select
        efficiency.model_name,
        efficiency.display_name,
        efficiency.family,
        efficiency.peer_group,
        efficiency.size_band,
        efficiency.is_reference_model,
        efficiency.base_model_name,
        efficiency.params_b,
        efficiency.active_params_b,
        efficiency.quantization,
        efficiency.vram_gb,
        efficiency.vram_source,
        efficiency.n,
        efficiency.build_rate,
        efficiency.pass_rate,
        efficiency.build_pp_per_gb,
        efficiency.pass_pp_per_gb,
        efficiency.build_pp_per_gb / nullif(reference.reference_build_pp_per_gb, 0)
            as build_efficiency_ratio_to_reference,
        efficiency.pass_pp_per_gb / nullif(reference.reference_pass_pp_per_gb, 0)
            as pass_efficiency_ratio_to_reference,
        efficiency.vram_gb / nullif(reference.reference_vram_gb, 0) as vram_ratio_to_reference,
        reference.reference_vram_gb,
        cast(efficiency.pass_efficiency_rank as bigint) as pass_efficiency_rank,
        cast(efficiency.build_efficiency_rank as bigint) as build_efficiency_rank,
        cast(efficiency.n_models_with_vram as bigint) as n_models_with_vram,
        efficiency.is_pass_frontier,
        sensitivity.vram_ratio_to_base,
        cast(sensitivity.n_vram_scenarios as bigint) as n_vram_scenarios,
        cast(sensitivity.n_distinct_vram_figures as bigint) as n_distinct_vram_figures,
        sensitivity.vram_gb_min,
        sensitivity.vram_gb_max,
        cast(sensitivity.pass_efficiency_rank_min as bigint) as pass_efficiency_rank_min,
        cast(sensitivity.pass_efficiency_rank_max as bigint) as pass_efficiency_rank_max,
        sensitivity.is_pass_frontier_in_every_scenario,
        sensitivity.is_pass_frontier_in_some_scenario,
        sensitivity.vram_ratio_to_base_min,
        sensitivity.vram_ratio_to_base_max,
        case when efficiency.vram_gb is not null
            then sensitivity.pass_efficiency_rank_min = sensitivity.pass_efficiency_rank_max
        end as pass_efficiency_rank_holds,
        case when efficiency.vram_gb is not null
            then sensitivity.is_pass_frontier_in_every_scenario
                = sensitivity.is_pass_frontier_in_some_scenario
        end as is_pass_frontier_holds,
        case when sensitivity.vram_ratio_to_base is not null
            then sensitivity.vram_ratio_to_base_min = sensitivity.vram_ratio_to_base_max
        end as vram_ratio_to_base_holds
    from ranked as efficiency
    left join reference
        on true
    left join sensitivity
        on efficiency.model_name = sensitivity.model_name

)

select * from final
