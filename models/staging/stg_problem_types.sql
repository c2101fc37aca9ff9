with

source as (

    select * from {{ ref('problem_types') }}

),

renamed as (

    select
        problem_type,
        display_name,
        description,
        complexity_characteristics
    from source

)

select * from renamed
