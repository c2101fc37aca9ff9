{#-
    The VRAM figures seed, typed: one row per (model, source) with the model's matching key. A blank
    figure (the source gives none, e.g. a hosted API) stays NULL.
-#}

with

source as (

    select * from {{ ref('model_vram_sources') }}

),

renamed as (

    select
        ---------- ids
        trim(model_name) as model_name,
        {{ model_key_sql('trim(model_name)') }} as model_key,
        lower(trim(source)) as vram_source,

        ---------- numerics
        cast(vram_gb as double) as vram_gb,

        ---------- strings
        basis as vram_basis

    from source

)

select * from renamed
