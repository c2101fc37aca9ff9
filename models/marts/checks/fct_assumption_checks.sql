{#-
    Assumption checks, one row per (model, scope, measure); scope is each parallelism model present
    plus 'all'.
    Binary measures (assumption_check_binary_metrics(): build, pass, valid_given_build): n, rate and
    the n·p adequacy of the normal approximation, taken from fct_success_rates (same counts).
    Row-level measures (assumption_check_measures()): the non-NULL, finite values of int_attempts; for the
    runtime and speedup measures only attempts whose runs were all valid (are_all_valid). Moments are
    aggregated, not expanded per row: one aggregate for n and mean, one for the central power sums
    m2, m3, m4 (centred on the group mean, which avoids the cancellation of raw power sums).
    From them: sd (ddof 1), bias-corrected skewness G1 and excess kurtosis G2 (scipy skew/kurtosis
    with bias=False), Jarque–Bera from biased moments (scipy.stats.jarque_bera), D'Agostino–Pearson K²
    (scipy.stats.normaltest; n >= 20), and per (scope, measure) the Brown–Forsythe test across models
    (scipy.stats.levene(center='median')), repeated on every row of that (scope, measure).
-#}
{%- set alpha = (1 - confidence_level()) | round(12) -%}
{%- set k2_n = k2_min_n() -%}
{%- set binary_metrics = assumption_check_binary_metrics() -%}
{%- set measures = assumption_check_measures() -%}

with

fct_success_rates as (

    select model_name, scope, metric, n, rate, np_adequate
    from {{ ref('fct_success_rates') }}

),

int_attempts as (

    select
        model_name,
        parallelism_model,
        are_all_valid,
        {% for measure in measures -%}
        {{ measure.column }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('int_attempts') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

model_scopes as (

    select distinct model_name, parallelism_model as scope from int_attempts
    union
    select distinct model_name, 'all' as scope from int_attempts

),

measurements as (

    {% for measure in measures -%}
    select
        model_name,
        parallelism_model,
        '{{ measure.name }}' as measure,
        cast({{ measure.column }} as double) as value
    from int_attempts
    where {{ measure.column }} is not null
        and isfinite({{ measure.column }})
        {%- if measure.valid_only %}
        and are_all_valid
        {%- endif %}
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

measurements_by_scope as (

    select model_name, parallelism_model as scope, measure, value from measurements
    union all
    select model_name, 'all' as scope, measure, value from measurements

),

group_means as (

    select
        model_name,
        scope,
        measure,
        count(*) as n,
        avg(value) as mean
    from measurements_by_scope
    group by model_name, scope, measure

),

central_moments as (

    select
        group_means.model_name,
        group_means.scope,
        group_means.measure,
        any_value(group_means.n) as n,
        any_value(group_means.mean) as mean,
        avg(pow(measurements_by_scope.value - group_means.mean, 2)) as m2,
        avg(pow(measurements_by_scope.value - group_means.mean, 3)) as m3,
        avg(pow(measurements_by_scope.value - group_means.mean, 4)) as m4
    from measurements_by_scope
    inner join group_means
        on measurements_by_scope.model_name = group_means.model_name
        and measurements_by_scope.scope = group_means.scope
        and measurements_by_scope.measure = group_means.measure
    group by group_means.model_name, group_means.scope, group_means.measure

),

shape as (

    select
        model_name,
        scope,
        measure,
        n,
        mean,
        m2,
        case when n > 1 then sqrt(m2 * n / (n - 1.0)) end as sd,
        case when n > 2 and m2 > 0 then
            m3 / pow(m2, 1.5) * sqrt(n * (n - 1.0)) / (n - 2)
        end as skewness,
        case when n > 3 and m2 > 0 then
            ((n + 1) * (m4 / (m2 * m2) - 3) + 6) * (n - 1) / ((n - 2.0) * (n - 3))
        end as excess_kurtosis,
        {{ jarque_bera('n', 'm2', 'm3', 'm4') }} as jarque_bera,
        {{ dagostino_k2('n', 'm2', 'm3', 'm4') }} as k2
    from central_moments

),

brown_forsythe as (

    {{ brown_forsythe_test('measurements_by_scope', 'model_name', 'value', ['scope', 'measure']) }}

),

continuous_rows as (

    select
        model_scopes.model_name,
        model_scopes.scope,
        measure_names.measure,
        'continuous' as measure_kind,
        cast(coalesce(shape.n, 0) as bigint) as n,
        cast(null as double) as rate,
        cast(null as boolean) as np_adequate,
        shape.mean,
        shape.sd,
        shape.skewness,
        shape.excess_kurtosis,
        shape.jarque_bera,
        {{ jarque_bera_p('shape.jarque_bera') }} as jarque_bera_p,
        shape.k2,
        {{ dagostino_k2_p('shape.k2') }} as k2_p,
        shape.m2
    from model_scopes
    cross join (
        {% for measure in measures -%}
        select '{{ measure.name }}' as measure{{ ' union all' if not loop.last }}
        {% endfor %}
    ) as measure_names
    left join shape
        on model_scopes.model_name = shape.model_name
        and model_scopes.scope = shape.scope
        and measure_names.measure = shape.measure

),

binary_rows as (

    select
        model_name,
        scope,
        metric as measure,
        'binary' as measure_kind,
        n,
        rate,
        np_adequate,
        cast(null as double) as mean,
        cast(null as double) as sd,
        cast(null as double) as skewness,
        cast(null as double) as excess_kurtosis,
        cast(null as double) as jarque_bera,
        cast(null as double) as jarque_bera_p,
        cast(null as double) as k2,
        cast(null as double) as k2_p,
        cast(null as double) as m2
    from fct_success_rates
    where metric in ({% for metric in binary_metrics %}'{{ metric }}'{{ ', ' if not loop.last }}{% endfor %})

),

all_rows as (

    select * from continuous_rows
    union all
    select * from binary_rows

),

verdicts as (

    select
        *,
        case
            when measure_kind = 'binary' and n = 0 then
                'No trials (n = 0): nothing to check.'
            when measure_kind = 'binary' and np_adequate then
                'Binary outcome: n·p and n·(1−p) are at least {{ np_adequacy_threshold() }}, so the normal '
                || 'approximation behind t and Wald intervals is adequate (Wilson is still preferred).'
            when measure_kind = 'binary' then
                'Binary outcome: n·p or n·(1−p) is below {{ np_adequacy_threshold() }}, so the normal '
                || 'approximation is inadequate; use the Wilson interval.'
            when n = 0 then
                'No measurements.'
            when n < 3 then
                format('Only {} measurement(s): too few to judge the shape of the distribution.', n)
            when m2 = 0 then
                'All measurements are equal: no spread, shape undefined.'
            when n < {{ k2_n }} then
                format('n = {} < {}: K² not computed; Jarque–Bera p = {:.3g} is only indicative at this size{}.',
                    n, {{ k2_n }}, jarque_bera_p,
                    case when jarque_bera_p < {{ alpha }} then ' (it rejects normality)' else '' end)
            when k2_p < {{ alpha }} then
                format('Not normal (D''Agostino–Pearson K² p = {:.3g} < {}; skewness {:.2f}, excess kurtosis '
                    || '{:.2f}): report medians or rank-based / bootstrap intervals; a t interval of the mean '
                    || 'relies on the CLT.', k2_p, {{ alpha }}, skewness, excess_kurtosis)
            else
                format('No evidence against normality (K² p = {:.3g} ≥ {}).', k2_p, {{ alpha }})
        end as normality_verdict
    from all_rows

),

final as (

    select
        verdicts.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        verdicts.scope,
        verdicts.measure,
        verdicts.measure_kind,
        case
            when verdicts.measure_kind = 'binary' then 'trials of the metric (fct_success_rates counts)'
            {% for measure in measures -%}
            when verdicts.measure = '{{ measure.name }}' then
                'attempts with {{ measure.column }} not null and finite{{ " and are_all_valid" if measure.valid_only }}'
            {% endfor -%}
        end as rows_included,
        verdicts.n,
        verdicts.rate,
        verdicts.np_adequate,
        verdicts.mean,
        verdicts.sd,
        verdicts.skewness,
        verdicts.excess_kurtosis,
        verdicts.jarque_bera,
        verdicts.jarque_bera_p,
        verdicts.k2,
        verdicts.k2_p,
        verdicts.normality_verdict,
        cast(brown_forsythe.k as bigint) as bf_n_groups,
        brown_forsythe.w as bf_statistic,
        cast(brown_forsythe.df1 as bigint) as bf_df1,
        cast(brown_forsythe.df2 as bigint) as bf_df2,
        brown_forsythe.p_value as bf_p,
        'Not testable from one score per prompt; handled by design: comparisons between models are paired '
            || 'on the same problems, and standard errors are cluster-robust with clusters = problem_name '
            || '(the serial and MPI variants and all samples of a problem form one cluster).'
            as independence_handling,
        cast({{ confidence_level() }} as double) as confidence_level
    from verdicts
    inner join int_models
        on verdicts.model_name = int_models.model_name
    left join brown_forsythe
        on verdicts.scope = brown_forsythe.scope
        and verdicts.measure = brown_forsythe.measure

)

select * from final
