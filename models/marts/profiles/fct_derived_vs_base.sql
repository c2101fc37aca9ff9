{#-
    Derived model vs its base model (spec §4.1, quantization/optimisation effects): one row per
    (derived model, scope) for every registry model whose base_model is also in the data; scope = each
    parallelism model both have, and 'all'. Built on int_problem_rates, on the project's frame: the
    problem is the unit and the cluster (a problem's samples, and in scope 'all' its parallelism
    variants, pool into one rate per model), and the comparison uses the problems both models answered.

    For build and pass: both models' rates on the shared problems (mean of the per-problem rates,
    problems weighted equally), the paired risk difference derived − base (mean of the per-problem
    differences), its cluster-robust SE (s_d/√G, one difference per problem cluster), the t-interval on
    G − 1 df and the two-sided t test from the same statistic -- the project's one paired-difference
    formula (macros/stats/paired_differences.sql) -- so "significant" (p < α) <=> the interval excludes
    0. Family 'derived_vs_base': each (derived model, scope, metric) is one planned comparison, p
    unadjusted (the report says how many tests its table holds). Undefined tests (one shared problem,
    or every shared problem with the same difference) keep their row with NULL p and interval and a
    reason. Descriptive beside it: the problems where each model's rate is higher. Also the VRAM ratio
    (derived / base; NULL if either is unknown) and both quantizations.
-#}
{%- set compared_metrics = ['build', 'pass'] -%}
{%- set alpha = (1 - confidence_level()) | round(12) -%}

with

int_problem_rates as (

    select model_name, scope, metric, problem_name, problem_rate
    from {{ ref('int_problem_rates') }}
    where metric in ('{{ compared_metrics | join("', '") }}')

),

int_models as (

    select
        model_name,
        model_key,
        display_name,
        base_model_key,
        quantization,
        vram_gb
    from {{ ref('int_models') }}

),

pairs_of_models as (

    select
        derived.model_name,
        derived.display_name,
        derived.quantization,
        derived.vram_gb,
        base.model_name as base_model_name,
        base.display_name as base_display_name,
        base.quantization as base_quantization,
        base.vram_gb as base_vram_gb
    from int_models as derived
    inner join int_models as base
        on derived.base_model_key = base.model_key

),

pairs as (

    {#- one row per (derived model, scope, metric, problem both answered): the two per-problem rates -#}
    select
        pairs_of_models.model_name,
        derived.scope,
        derived.metric,
        derived.problem_name,
        derived.problem_rate as rate_a,
        base.problem_rate as rate_b
    from pairs_of_models
    inner join int_problem_rates as derived
        on pairs_of_models.model_name = derived.model_name
    inner join int_problem_rates as base
        on pairs_of_models.base_model_name = base.model_name
        and derived.scope = base.scope
        and derived.metric = base.metric
        and derived.problem_name = base.problem_name

),

paired as (

    {{ paired_difference_summary('pairs', ['model_name', 'scope', 'metric']) }}

),

quantiles as (

    select
        df,
        {{ t_quantile(two_sided_quantile_p() ~ '', 'df') }} as t_crit
    from (select distinct df from paired where df >= 1) as distinct_df

),

tests as (

    {#- p and interval only where the t statistic is defined (se > 0), so both are NULL together -#}
    select
        paired.*,
        {{ paired_difference_p('paired.t_stat', 'paired.df') }} as p_value,
        {{ paired_difference_interval('paired.mean_diff', 'paired.se_diff', 'quantiles.t_crit', 'ci_low', 'ci_high') }},
        case
            when paired.n_problems < 2 then 'one shared problem: no variance estimate'
            when not paired.se_diff > 0 then 'every shared problem has the same difference: t undefined'
        end as test_null_reason
    from paired
    left join quantiles
        on paired.df = quantiles.df

),

wide as (

    select
        model_name,
        scope,
        {% for metric in compared_metrics -%}
        max(n_problems) filter (where metric = '{{ metric }}') as {{ metric }}_n_problems,
        max(rate_a) filter (where metric = '{{ metric }}') as {{ metric }}_rate,
        max(rate_b) filter (where metric = '{{ metric }}') as base_{{ metric }}_rate,
        max(mean_diff) filter (where metric = '{{ metric }}') as {{ metric }}_difference,
        max(sd_diff) filter (where metric = '{{ metric }}') as {{ metric }}_difference_sd,
        max(se_diff) filter (where metric = '{{ metric }}') as {{ metric }}_se,
        max(df) filter (where metric = '{{ metric }}') as {{ metric }}_df,
        max(t_stat) filter (where metric = '{{ metric }}') as {{ metric }}_t_stat,
        max(p_value) filter (where metric = '{{ metric }}') as {{ metric }}_p_value,
        max(ci_low) filter (where metric = '{{ metric }}') as {{ metric }}_ci_low,
        max(ci_high) filter (where metric = '{{ metric }}') as {{ metric }}_ci_high,
        max(test_null_reason) filter (where metric = '{{ metric }}') as {{ metric }}_test_null_reason,
        max(n_a_higher) filter (where metric = '{{ metric }}') as {{ metric }}_n_derived_better,
        max(n_b_higher) filter (where metric = '{{ metric }}') as {{ metric }}_n_base_better{{ ',' if not loop.last }}
        {% endfor %}
    from tests
    group by model_name, scope

),

final as (

    select
        pairs_of_models.model_name,
        pairs_of_models.display_name,
        pairs_of_models.base_model_name,
        pairs_of_models.base_display_name,
        wide.scope,
        pairs_of_models.quantization,
        pairs_of_models.base_quantization,
        pairs_of_models.vram_gb,
        pairs_of_models.base_vram_gb,
        pairs_of_models.vram_gb / nullif(pairs_of_models.base_vram_gb, 0) as vram_ratio_to_base,
        cast(wide.pass_n_problems as bigint) as n_shared_problems,
        {% for metric in compared_metrics -%}
        wide.{{ metric }}_rate,
        wide.base_{{ metric }}_rate,
        wide.{{ metric }}_difference,
        wide.{{ metric }}_difference_sd,
        wide.{{ metric }}_se,
        cast(wide.{{ metric }}_df as bigint) as {{ metric }}_df,
        wide.{{ metric }}_t_stat,
        wide.{{ metric }}_p_value,
        wide.{{ metric }}_ci_low,
        wide.{{ metric }}_ci_high,
        wide.{{ metric }}_p_value < {{ alpha }} as {{ metric }}_is_significant,
        wide.{{ metric }}_test_null_reason,
        cast(wide.{{ metric }}_n_derived_better as bigint) as {{ metric }}_n_derived_better,
        cast(wide.{{ metric }}_n_base_better as bigint) as {{ metric }}_n_base_better,
        {% endfor -%}
        cast({{ confidence_level() }} as double) as confidence_level
    from pairs_of_models
    inner join wide
        on pairs_of_models.model_name = wide.model_name

)

select * from final
