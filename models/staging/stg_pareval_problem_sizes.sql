with

pareval_problem_sizes as (

    select * from {{ ref('pareval_problem_sizes') }}

),

final as (

    select
        problem_name,
        lower(parallelism_model) as parallelism_model,
        problem_size_expression,
        cast(problem_size as bigint) as problem_size
    from pareval_problem_sizes

)

select * from final
