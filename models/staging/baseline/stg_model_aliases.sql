{#- Other names of a model (seed model_aliases): a name a result set used (e.g. before a rename) and the
    model it stands for, both as matching keys (lower case, spaces, dots, dashes and underscores removed,
    as registry names). The round comparison matches a model across rounds on
    coalesce(alias's model_key, its own model_key). -#}
with

source as (

    select * from {{ ref('model_aliases') }}

),

renamed as (

    select
        ---------- ids
        trim(alias) as alias,
        {{ model_key_sql('trim(alias)') }} as alias_key,
        trim(model_name) as model_name,
        {{ model_key_sql('trim(model_name)') }} as model_key,

        ---------- strings
        nullif(trim(note), '') as note

    from source

)

select * from renamed
