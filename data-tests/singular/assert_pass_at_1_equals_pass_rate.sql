{#-
    fct_pass_at_k: every (model, scope) of fct_success_rates has a k = 1 row, and with a balanced design
    (every prompt has the same number of samples) pass@1 equals the pass rate (exactly for one sample per
    prompt; to 1e-12 otherwise). With one sample per prompt no k > 1 is reported.
-#}
with

pass_at_k as (

    select model_name, scope, k, pass_at_k, samples_per_problem, max_samples_per_problem
    from {{ ref('fct_pass_at_k') }}

),

success_rates as (

    select model_name, scope, rate from {{ ref('fct_success_rates') }} where metric = 'pass'

),

pass_at_1 as (

    select * from pass_at_k where k = 1

),

mismatches as (

    select
        success_rates.model_name,
        success_rates.scope,
        success_rates.rate,
        pass_at_1.pass_at_k,
        'pass@1 missing or different from the pass rate' as problem
    from success_rates
    left join pass_at_1
        on success_rates.model_name = pass_at_1.model_name
        and success_rates.scope = pass_at_1.scope
    where pass_at_1.model_name is null
        or (pass_at_1.samples_per_problem = pass_at_1.max_samples_per_problem
            and abs(pass_at_1.pass_at_k - success_rates.rate) > 1e-12)

),

single_sample_with_larger_k as (

    select model_name, scope, null as rate, pass_at_k, 'k > 1 reported for single-sample data' as problem
    from pass_at_k
    where max_samples_per_problem = 1 and k > 1

),

final as (

    select model_name, scope, rate, pass_at_k, problem from mismatches
    union all
    select model_name, scope, rate, pass_at_k, problem from single_sample_with_larger_k

)

select * from final
