with

source as (

    select * from {{ ref('pareval_problems') }}

),

renamed as (

    select
        problem_name,
        problem_type
    from source

)

select * from renamed
