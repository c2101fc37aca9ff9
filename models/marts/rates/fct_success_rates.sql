{#-
    Success rates with intervals, long form: one row per (model, scope, metric).
    scope is each parallelism model present plus 'all'; metric is one of success_metrics().
    ci_low / ci_high: the t-interval the spec asks for, rate ± t(1-α/2, n-1)·s/√n with s the sample SD
    (ddof 1) of the 0/1 outcomes; not clamped to [0, 1]. wilson_low / wilson_high: Wilson score interval.
-#}
{%- set p = two_sided_quantile_p() -%}

with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, family, peer_group, is_reference_model from {{ ref('int_models') }}

),

counts_by_scope as (

    select
        model_name,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        sum(n_attempts) as n_attempts,
        {% for column in ['n_did_build', 'n_are_all_valid', 'n_is_source_valid', 'n_did_any_run',
                          'n_did_all_run', 'n_are_any_valid'] -%}
        sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from int_problem_outcomes
    group by grouping sets ((model_name, parallelism_model), (model_name))

),

counts_long as (

    {% for metric in success_metrics() -%}
    select
        model_name,
        scope,
        '{{ metric.name }}' as metric,
        cast({{ metric.trials }} as bigint) as n,
        cast({{ metric.successes }} as bigint) as successes
    from counts_by_scope
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

moments as (

    select
        *,
        case when n > 0 then successes / n end as rate,
        case when n > 1 then sqrt(successes * (n - successes) / (n * (n - 1.0))) end as sd,
        case when n > 1 then sqrt(successes * (n - successes) / (n * (n - 1.0))) / sqrt(n) end as se,
        case when n > 1 then n - 1 end as df
    from counts_long

),

t_critical_values as (

    select
        df,
        {{ t_quantile(p ~ '', 'df') }} as t_crit
    from (select distinct df from moments where df >= 1) as distinct_df

),

z_critical_value as (

    select {{ normal_quantile(p ~ '') }} as z_crit

),

intervals as (

    select
        moments.*,
        t_critical_values.t_crit,
        moments.rate - t_critical_values.t_crit * moments.se as ci_low,
        moments.rate + t_critical_values.t_crit * moments.se as ci_high,
        case when moments.n > 0
            then {{ wilson_low('moments.successes', 'moments.n', 'z_critical_value.z_crit') }}
        end as wilson_low,
        case when moments.n > 0
            then {{ wilson_high('moments.successes', 'moments.n', 'z_critical_value.z_crit') }}
        end as wilson_high
    from moments
    cross join z_critical_value
    left join t_critical_values
        on moments.df = t_critical_values.df

),

final as (

    select
        intervals.model_name,
        int_models.display_name,
        int_models.family,
        int_models.peer_group,
        int_models.is_reference_model,
        intervals.scope,
        intervals.metric,
        intervals.n,
        intervals.successes,
        intervals.rate,
        intervals.sd,
        intervals.se,
        intervals.df,
        intervals.t_crit,
        intervals.ci_low,
        intervals.ci_high,
        intervals.wilson_low,
        intervals.wilson_high,
        cast({{ confidence_level() }} as double) as confidence_level
    from intervals
    inner join int_models
        on intervals.model_name = int_models.model_name

)

select * from final
