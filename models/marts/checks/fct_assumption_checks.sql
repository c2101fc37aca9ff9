{#-
    Assumption checks, one row per (model, scope, measure); scope is each parallelism model present
    plus 'all'.
    Binary measures (assumption_check_binary_metrics(): build, pass, valid_given_build): n, rate and
    the n·p adequacy of the normal approximation, taken from fct_success_rates (same counts).
    Row-level measures (assumption_check_measures()): the non-NULL, finite values of int_attempts; for the
    runtime and speedup measures only attempts whose runs were all valid (are_all_valid). Moments are
    aggregated, not expanded per row: one aggregate for n, mean and median (grouping sets: per
    parallelism model and 'all'), one for the central power sums m2, m3, m4 (centred on the group mean,
    which avoids the cancellation of raw power sums) and the Brown–Forsythe z = |value − median|
    summaries. The second pass reads each measurement once, at parallelism-model grain, about both its
    group's and its model's 'all' centres; the 'all' sums are the sums of its parallelism models' (z's
    sum of squares pooled: within + between). Expanding every measurement into its two scopes and
    joining back (17.7M rows at 5M attempts) took 43 s alone. Both passes group by small integers
    (model, parallelism model, measure) and take powers as products: 6.0-6.5 s -> 3-4.5 s at 5M.
    From them: sd (ddof 1), bias-corrected skewness G1 and excess kurtosis G2 (scipy skew/kurtosis
    with bias=False), Jarque–Bera from biased moments (scipy.stats.jarque_bera), D'Agostino–Pearson K²
    (scipy.stats.normaltest; n >= 20), and per (scope, measure) the Brown–Forsythe test across models
    (scipy.stats.levene(center='median')), repeated on every row of that (scope, measure).
-#}
{%- set alpha = (1 - confidence_level()) | round(12) -%}
{%- set k2_n = k2_min_n() -%}
{%- set binary_metrics = assumption_check_binary_metrics() -%}
{%- set measures = assumption_check_measures() -%}
{%- set parallelism_models = pareval_parallelism_models() -%}
{%- set measure_names = measures | map(attribute='name') | list -%}

with

fct_success_rates as (

    select model_name, scope, metric, n, rate, np_adequate
    from {{ ref('fct_success_rates') }}

),

int_models as (

    select model_name, model_number, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

int_attempts as (

    {#- the measurements' group keys as small integers (model by int_models' model_number, parallelism
        model by its place in pareval_parallelism_models(), which staging enforces; measure by its
        place in assumption_check_measures()): the second pass joins 8.8M measurements at 5M attempts
        to their group's centres, 3.8 s on the names against 2.4 s on integers -#}
    select
        int_attempts.model_name,
        int_attempts.parallelism_model,
        int_attempts.model_number,
        {#- staging rejects any other parallelism model (and tests it): if one came through, the
            build stops here rather than leave its measurements out of the sums -#}
        cast(coalesce(
            list_position({{ parallelism_models }}, int_attempts.parallelism_model),
            error('fct_assumption_checks: unknown parallelism model "' || int_attempts.parallelism_model || '"')
        ) as tinyint) as parallelism_number,
        int_attempts.are_all_valid,
        {% for measure in measures -%}
        int_attempts.{{ measure.column }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('int_attempts') }} as int_attempts

),

model_scopes as (

    select distinct model_name, parallelism_model as scope from int_attempts
    union
    select distinct model_name, 'all' as scope from int_attempts

),

measurements as (

    {% for measure in measures -%}
    select
        model_number,
        parallelism_number,
        cast({{ loop.index }} as tinyint) as measure_number,
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

group_stats as (

    {#- n, mean and median of each group, per parallelism model and over all (grouping sets: one pass) -#}
    select
        model_number,
        parallelism_number,
        measure_number,
        grouping(parallelism_number) = 1 as is_all_scope,
        count(*) as n,
        avg(value) as mean,
        median(value) as median_value
    from measurements
    group by grouping sets ((model_number, parallelism_number, measure_number), (model_number, measure_number))

),

group_centres as (

    {#- per (model, parallelism model, measure): the centres of its own group and of the model's 'all' group -#}
    select
        own_group.model_number,
        own_group.parallelism_number,
        own_group.measure_number,
        own_group.mean,
        own_group.median_value,
        all_group.mean as all_mean,
        all_group.median_value as all_median_value
    from group_stats as own_group
    inner join group_stats as all_group
        on own_group.model_number = all_group.model_number
        and own_group.measure_number = all_group.measure_number
        and all_group.is_all_scope
    where not own_group.is_all_scope

),

deviations as (

    {#- each measurement's deviations from its group's and its model's 'all' centres -#}
    select
        measurements.model_number,
        measurements.parallelism_number,
        measurements.measure_number,
        group_centres.mean,
        group_centres.all_mean,
        measurements.value - group_centres.mean as deviation,
        abs(measurements.value - group_centres.median_value) as z,
        measurements.value - group_centres.all_mean as all_deviation,
        abs(measurements.value - group_centres.all_median_value) as all_z
    from measurements
    inner join group_centres
        on measurements.model_number = group_centres.model_number
        and measurements.parallelism_number = group_centres.parallelism_number
        and measurements.measure_number = group_centres.measure_number

),

parallelism_number_sums as (

    {#- second pass over the measurements, at (model, parallelism model, measure) grain, about both centres:
        power sums of (value - mean) and the Brown-Forsythe summaries of z = |value - median|. Powers as
        products: pow() cost 1.5 s more at 5M rows (8.8M measurements) -#}
    select
        model_number,
        parallelism_number,
        measure_number,
        count(*) as n,
        any_value(mean) as mean,
        any_value(all_mean) as all_mean,
        sum(deviation * deviation) as s2,
        sum(deviation * deviation * deviation) as s3,
        sum((deviation * deviation) * (deviation * deviation)) as s4,
        avg(z) as z_mean,
        var_pop(z) * count(*) as z_sum_sq,
        sum(all_deviation * all_deviation) as all_s2,
        sum(all_deviation * all_deviation * all_deviation) as all_s3,
        sum((all_deviation * all_deviation) * (all_deviation * all_deviation)) as all_s4,
        avg(all_z) as all_z_mean,
        var_pop(all_z) * count(*) as all_z_sum_sq
    from deviations
    group by model_number, parallelism_number, measure_number

),

parallelism_sums as (

    {#- the same, keyed by the names again -#}
    select
        int_models.model_name,
        {{ parallelism_models }}[parallelism_number_sums.parallelism_number] as parallelism_model,
        {{ measure_names }}[parallelism_number_sums.measure_number] as measure,
        parallelism_number_sums.* exclude (model_number, parallelism_number, measure_number)
    from parallelism_number_sums
    inner join int_models
        on parallelism_number_sums.model_number = int_models.model_number

),

all_scope_z as (

    {#- the 'all' group's z summaries pooled from its parallelism models' (about the same median):
        zbar = sum n_p zbar_p / n, sum of squares = sum ss_p + sum n_p (zbar_p - zbar)^2 -#}
    select
        model_name,
        measure,
        sum(n) as n,
        sum(n * all_z_mean) / sum(n) as z_mean
    from parallelism_sums
    group by model_name, measure

),

group_sums as (

    {#- central moments m2, m3, m4 (about the group mean) and z summaries, per scope -#}
    select
        model_name,
        parallelism_model as scope,
        measure,
        n,
        mean,
        s2 / n as m2,
        s3 / n as m3,
        s4 / n as m4,
        z_mean,
        z_sum_sq
    from parallelism_sums

    union all

    select
        parallelism_sums.model_name,
        'all' as scope,
        parallelism_sums.measure,
        any_value(all_scope_z.n) as n,
        any_value(parallelism_sums.all_mean) as mean,
        sum(parallelism_sums.all_s2) / any_value(all_scope_z.n) as m2,
        sum(parallelism_sums.all_s3) / any_value(all_scope_z.n) as m3,
        sum(parallelism_sums.all_s4) / any_value(all_scope_z.n) as m4,
        any_value(all_scope_z.z_mean) as z_mean,
        sum(parallelism_sums.all_z_sum_sq)
        + sum(parallelism_sums.n * pow(parallelism_sums.all_z_mean - all_scope_z.z_mean, 2)) as z_sum_sq
    from parallelism_sums
    inner join all_scope_z
        on parallelism_sums.model_name = all_scope_z.model_name
        and parallelism_sums.measure = all_scope_z.measure
    group by parallelism_sums.model_name, parallelism_sums.measure

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
    from group_sums

),

brown_forsythe as (

    {{ brown_forsythe_from_groups('group_sums', 'model_name', 'n', 'z_mean', 'z_sum_sq', ['scope', 'measure']) }}

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
