with

source as (

    select * from {{ ref('model_registry') }}

),

renamed as (

    select
        ---------- ids
        trim(model_name) as model_name,
        lower(regexp_replace(trim(model_name), '[\s._-]', '', 'g')) as model_key,

        ---------- strings
        display_name,
        family,
        nullif(trim(quantization), '') as quantization,
        peer_group,
        nullif(trim(base_model), '') as base_model_name,
        lower(regexp_replace(trim(base_model), '[\s._-]', '', 'g')) as base_model_key,
        source,

        ---------- numerics
        cast(params_b as double) as params_b,
        cast(active_params_b as double) as active_params_b

    from source

)

select * from renamed
