{#-
    One row per model in the kept results, with its registry attributes (matched on model_key:
    lower case, spaces, dots, dashes and underscores removed) and whether it is the reference model
    (var reference_model, matched the same way). Stops the build, listing the models the data holds,
    when the reference model is not among them.
-#}
{%- set reference_key = model_key_of(var('reference_model')) -%}
{{- assert_reference_model_present(ref('stg_raw_metrics')) -}}

with

stg_raw_metrics as (

    select model_name, model_key from {{ ref('stg_raw_metrics') }}

),

stg_model_registry as (

    select * from {{ ref('stg_model_registry') }}

),

models_in_results as (

    select distinct
        model_name,
        model_key
    from stg_raw_metrics

),

models_joined_to_registry as (

    select
        models_in_results.model_name,
        models_in_results.model_key,
        coalesce(stg_model_registry.display_name, models_in_results.model_name) as display_name,
        stg_model_registry.family,
        stg_model_registry.peer_group,
        stg_model_registry.quantization,
        stg_model_registry.base_model_key,
        stg_model_registry.params_b,
        stg_model_registry.active_params_b,
        stg_model_registry.vram_gb,
        stg_model_registry.model_name is not null as is_in_registry,
        models_in_results.model_key = {{ sql_string_literal(reference_key) }} as is_reference_model
    from models_in_results
    left join stg_model_registry
        on models_in_results.model_key = stg_model_registry.model_key

),

final as (

    select
        model_name,
        model_key,
        display_name,
        family,
        peer_group,
        quantization,
        base_model_key,
        params_b,
        active_params_b,
        vram_gb,
        is_in_registry,
        is_reference_model
    from models_joined_to_registry

)

select * from final
