{#-
    One row per model in the kept results, with its registry attributes (matched on model_key:
    lower case, spaces, dots, dashes and underscores removed) and whether it is the reference model
    (var reference_model, matched the same way). Stops the build, listing the models the data holds,
    when the reference model is not among them.

    VRAM: the figure from the source named by var vram_source (seeds/model_vram_sources.csv); a model
    without a figure from that source takes the first of spec_000, reference_report, derivation that
    has one (macro vram_source_order), and vram_source says which. NULL: no source gives a figure
    (hosted API or unknown model).

    size_band: the peer group by total parameters (documented bands, macro size_band): '<= 16B',
    '17-40B', '> 40B', 'unknown/hosted' when the registry holds the model without a size (a hosted
    API), or 'not in registry' when the registry does not hold the model at all.
-#}
{%- set reference_key = model_key_of(var('reference_model')) -%}
{{- assert_reference_model_present(ref('stg_raw_metrics')) -}}

with

stg_raw_metrics as (

    select model_name from {{ ref('stg_raw_metrics') }}

),

stg_model_registry as (

    select * from {{ ref('stg_model_registry') }}

),

stg_model_vram_sources as (

    select model_key, vram_source, vram_gb from {{ ref('stg_model_vram_sources') }}

),

default_vram as (

    {#- the first source in the preference order that gives the model a figure -#}
    select
        model_key,
        vram_gb,
        vram_source
    from (
        select
            model_key,
            vram_gb,
            vram_source,
            row_number() over (
                partition by model_key order by {{ vram_source_order('vram_source') }}
            ) as preference
        from stg_model_vram_sources
        where vram_gb is not null
    )
    where preference = 1

),

models_in_results as (

    {#- the matching key per distinct name (the same formula stg_raw_metrics applies per row: a regex
        over every row of a 5M-row input cost ~1 s here and again in int_attempts) -#}
    select
        model_name,
        {{ model_key_sql('model_name') }} as model_key
    from (select distinct model_name from stg_raw_metrics) as model_names

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
        stg_model_registry.base_model_name,
        default_vram.vram_gb,
        default_vram.vram_source,
        case
            when stg_model_registry.model_name is null then 'not in registry'
            else {{ size_band('stg_model_registry.params_b') }}
        end as size_band,
        stg_model_registry.model_name is not null as is_in_registry,
        models_in_results.model_key = {{ sql_string_literal(reference_key) }} as is_reference_model
    from models_in_results
    left join stg_model_registry
        on models_in_results.model_key = stg_model_registry.model_key
    left join default_vram
        on models_in_results.model_key = default_vram.model_key

),

final as (

    select
        model_name,
        {#- an integer per model, 1..n in model_name order: the marts that sort or group millions of
            attempts by model partition on it (int_attempts carries it) rather than on the name -#}
        cast(row_number() over (order by model_name) as integer) as model_number,
        model_key,
        display_name,
        family,
        peer_group,
        size_band,
        quantization,
        base_model_key,
        base_model_name,
        params_b,
        active_params_b,
        vram_gb,
        vram_source,
        is_in_registry,
        is_reference_model
    from models_joined_to_registry

)

select * from final
