{#-
    Resource efficiency: one row per model. Build and pass rate over all attempts (int_problem_outcomes),
    per GB of VRAM in percentage points (100 · rate / vram_gb), the ratio of that efficiency to the
    reference model's (reference = 1.00) and the VRAM ratio to the reference. Unknown VRAM (NULL, e.g. a
    hosted API) stays NULL: the model's per-GB values and ratios are NULL, and when the reference's VRAM
    is unknown every ratio is NULL. No ratio divides by zero (NULL instead).
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
        efficiency.is_reference_model,
        efficiency.params_b,
        efficiency.active_params_b,
        efficiency.quantization,
        efficiency.vram_gb,
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
        reference.reference_vram_gb
    from efficiency
    left join reference
        on true

)

select * from final
