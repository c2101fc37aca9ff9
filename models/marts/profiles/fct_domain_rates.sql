{#-
    Success by problem domain: one row per (model, problem_type, scope), scope = each parallelism model
    present and 'all'. Rates with Wilson bounds, the serial − MPI gap of the domain (same value on every
    scope row of a (model, problem_type)), and each model's ranking of its domains within the scope.
-#}
{%- set p = two_sided_quantile_p() -%}
{%- set gap = gap_parallelism_models() -%}

with

int_problem_outcomes as (

    select
        model_name,
        parallelism_model,
        problem_type,
        n_attempts,
        n_did_build,
        n_are_all_valid
    from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

counts_by_scope as (

    select
        model_name,
        problem_type,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        sum(n_attempts) as n,
        sum(n_did_build) as n_built,
        sum(n_are_all_valid) as n_passed
    from int_problem_outcomes
    group by grouping sets ((model_name, problem_type, parallelism_model), (model_name, problem_type))

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

rates as (

    select
        counts_by_scope.model_name,
        counts_by_scope.problem_type,
        counts_by_scope.scope,
        cast(counts_by_scope.n as bigint) as n,
        cast(counts_by_scope.n_built as bigint) as n_built,
        cast(counts_by_scope.n_passed as bigint) as n_passed,
        counts_by_scope.n_built / nullif(counts_by_scope.n, 0) as build_rate,
        {{ wilson_low('counts_by_scope.n_built', 'counts_by_scope.n', 'z_critical_value.z_crit') }}
            as build_wilson_low,
        {{ wilson_high('counts_by_scope.n_built', 'counts_by_scope.n', 'z_critical_value.z_crit') }}
            as build_wilson_high,
        counts_by_scope.n_passed / nullif(counts_by_scope.n, 0) as pass_rate,
        {{ wilson_low('counts_by_scope.n_passed', 'counts_by_scope.n', 'z_critical_value.z_crit') }}
            as pass_wilson_low,
        {{ wilson_high('counts_by_scope.n_passed', 'counts_by_scope.n', 'z_critical_value.z_crit') }}
            as pass_wilson_high,
        counts_by_scope.n_passed / nullif(counts_by_scope.n_built, 0) as valid_given_build_rate,
        {{ wilson_low('counts_by_scope.n_passed', 'counts_by_scope.n_built', 'z_critical_value.z_crit') }}
            as valid_given_build_wilson_low,
        {{ wilson_high('counts_by_scope.n_passed', 'counts_by_scope.n_built', 'z_critical_value.z_crit') }}
            as valid_given_build_wilson_high
    from counts_by_scope
    cross join z_critical_value

),

gaps as (

    select
        model_name,
        problem_type,
        max(pass_rate) filter (where scope = '{{ gap.minuend }}')
            - max(pass_rate) filter (where scope = '{{ gap.subtrahend }}') as pass_gap_serial_minus_mpi,
        max(build_rate) filter (where scope = '{{ gap.minuend }}')
            - max(build_rate) filter (where scope = '{{ gap.subtrahend }}') as build_gap_serial_minus_mpi
    from rates
    group by model_name, problem_type

),

ranked as (

    select
        rates.*,
        gaps.pass_gap_serial_minus_mpi,
        gaps.build_gap_serial_minus_mpi,
        rank() over (partition by rates.model_name, rates.scope order by rates.pass_rate desc)
            as pass_rank_best_first,
        rank() over (partition by rates.model_name, rates.scope order by rates.pass_rate asc)
            as pass_rank_worst_first,
        count(*) over (partition by rates.model_name, rates.scope) as n_domains
    from rates
    inner join gaps
        on rates.model_name = gaps.model_name
        and rates.problem_type = gaps.problem_type

),

final as (

    select
        ranked.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        ranked.problem_type,
        ranked.scope,
        ranked.n,
        ranked.n_built,
        ranked.n_passed,
        ranked.build_rate,
        ranked.build_wilson_low,
        ranked.build_wilson_high,
        ranked.pass_rate,
        ranked.pass_wilson_low,
        ranked.pass_wilson_high,
        ranked.valid_given_build_rate,
        ranked.valid_given_build_wilson_low,
        ranked.valid_given_build_wilson_high,
        ranked.pass_gap_serial_minus_mpi,
        ranked.build_gap_serial_minus_mpi,
        ranked.n_domains,
        ranked.pass_rank_best_first,
        ranked.pass_rank_worst_first,
        ranked.pass_rank_best_first = 1 as is_best_domain,
        ranked.pass_rank_worst_first = 1 as is_worst_domain,
        cast({{ confidence_level() }} as double) as confidence_level
    from ranked
    inner join int_models
        on ranked.model_name = int_models.model_name

)

select * from final
