{#- Every kept attempt with its model's registry attributes and its problem's catalog entry. -#}
with

stg_raw_metrics as (

    select * from {{ ref('stg_raw_metrics') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

stg_pareval_problems as (

    select problem_name, problem_type from {{ ref('stg_pareval_problems') }}

),

stg_problem_types as (

    select problem_type from {{ ref('stg_problem_types') }}

),

attempts_joined as (

    select
        stg_raw_metrics.*,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        stg_problem_types.problem_type is not null as is_known_problem_type,
        stg_pareval_problems.problem_name is not null as is_known_problem
    from stg_raw_metrics
    inner join int_models
        on stg_raw_metrics.model_name = int_models.model_name
    left join stg_problem_types
        on stg_raw_metrics.problem_type = stg_problem_types.problem_type
    left join stg_pareval_problems
        on stg_raw_metrics.problem_name = stg_pareval_problems.problem_name

)

select * from attempts_joined
