with

source as (

    select * from {{ ref('model_registry') }}

),

renamed as (

    select
        ---------- ids
        trim(model_name) as model_name,
        {{ model_key_sql('trim(model_name)') }} as model_key,

        ---------- strings
        display_name,
        family,
        nullif(trim(quantization), '') as quantization,
        peer_group,
        nullif(trim(base_model), '') as base_model_name,
        {{ model_key_sql('trim(base_model)') }} as base_model_key,
        source,

        ---------- numerics
        cast(params_b as double) as params_b,
        cast(active_params_b as double) as active_params_b

    from source

)

select * from renamed
