{#
    The paired per-problem difference of the round comparison (fct_round_comparisons), and its minimum
    detectable difference. NOTE for the lead: branch stats-reference builds the same paired difference
    (macros/stats/paired_differences.sql) and an MDE; when both are merged, one of the two should go.

    Shape: the input has one row per problem (the unit and cluster: its parallelism variants and all its
    samples pooled into one rate per round), with d_i = rate_i - baseline_rate_i, a difference of fractions
    in [-1, 1]. Over the G problems of a family (model, scope, metric), with mean d and sample SD s (ddof 1):

        diff   = mean(d_i)                     problems weighted equally (Miller 2024, section 4: paired
                                               differences; clustered by problem, so the cluster-robust SE
                                               with G/(G-1) correction reduces to the ddof-1 SE below)
        se     = s / sqrt(G)
        ci     = diff -/+ t(1 - alpha/2, G - 1) * se      alpha = 1 - var confidence_level
        t      = diff / se,  p = P(|T_{G-1}| >= |t|)      two-sided paired t-test (scipy.stats.ttest_rel)
        mde    = (t(1 - alpha/2, G - 1) + t(power, G - 1)) * se,  power = 0.8
                 the smallest true mean difference the two-sided test at level alpha detects with 80%
                 power (the usual t approximation of the noncentral-t power equation; Miller 2024 section 5
                 gives the same form with z quantiles). Unadjusted alpha: Holm's first step uses alpha/m.

    Undefined cases, returned as NULL (never a spurious number):
        G < 2                  se, ci, p, mde NULL (no variance with one problem)
        s = 0 (G >= 2)         every problem changed by the same amount: se = 0, ci = [diff, diff], mde = 0;
                               the t statistic is 0/0 (diff = 0) or infinite, so p is NULL
    Errors: none raised; NULL inputs give NULL.

    round_comparison_power()                 0.8, the power of the MDE.
    round_paired_quantiles(relation, n_col)  CTE pattern: a complete SELECT of (df, t_alpha, t_power), one row
                                             per distinct n_col - 1 >= 1 of relation; t_alpha = t(1 - alpha/2, df),
                                             t_power = t(power, df) (t_quantile: exact series + Hill, <= 2e-13).
                                             Left-join it on df = G - 1 (G < 2 has no row: NULL quantiles).
    round_paired_se(sd, n)                   sd / sqrt(n); NULL when n < 2.
    round_paired_ci(mean, sd, n, t_alpha, sign)  mean -/+ t_alpha * sd / sqrt(n) ('-' low, '+' high).
    round_paired_p(mean, sd, n)              two-sided t-test p (t_two_sided_p, df n - 1); NULL when n < 2 or sd = 0.
    round_paired_mde(sd, n, t_alpha, t_power)  (t_alpha + t_power) * sd / sqrt(n).
    round_flip_threshold()                   0.5: a problem counts as solved in a round when its rate is >= 0.5;
                                             it regressed when solved in the baseline and not now, improved
                                             the other way round (with one sample per prompt: pass -> fail).
#}
{% macro round_comparison_power() -%}
    {{- return(0.8) -}}
{%- endmacro %}

{% macro round_flip_threshold() -%}
    {{- return(0.5) -}}
{%- endmacro %}

{% macro round_paired_quantiles(relation, n_col) -%}
    select
        df,
        {{ t_quantile(two_sided_quantile_p() ~ '', 'df') }} as t_alpha,
        {{ t_quantile(round_comparison_power() ~ '', 'df') }} as t_power
    from (
        select distinct {{ n_col }} - 1 as df from {{ relation }} where {{ n_col }} >= 2
    ) as distinct_df
{%- endmacro %}

{% macro round_paired_se(sd, n) -%}
    (case when ({{ n }}) >= 2 then ({{ sd }}) / sqrt({{ n }}) end)
{%- endmacro %}

{% macro round_paired_ci(mean, sd, n, t_alpha, sign) -%}
    (case when ({{ n }}) >= 2 then ({{ mean }}) {{ sign }} ({{ t_alpha }}) * ({{ sd }}) / sqrt({{ n }}) end)
{%- endmacro %}

{% macro round_paired_p(mean, sd, n) -%}
    (case when ({{ n }}) >= 2 and ({{ sd }}) > 0 then
        {{ t_two_sided_p('(' ~ mean ~ ') / ((' ~ sd ~ ') / sqrt(' ~ n ~ '))', '(' ~ n ~ ') - 1') }}
    end)
{%- endmacro %}

{% macro round_paired_mde(sd, n, t_alpha, t_power) -%}
    (case when ({{ n }}) >= 2 then (({{ t_alpha }}) + ({{ t_power }})) * ({{ sd }}) / sqrt({{ n }}) end)
{%- endmacro %}
