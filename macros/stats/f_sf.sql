{#
    f_sf(f, d1, d2) -- upper tail Q(F | d1, d2) = P(F_{d1,d2} > f) for integer d1, d2 >= 1,
    by the finite sums of Abramowitz & Stegun 26.6.4, 26.6.5 and 26.6.8. With
    x = d2 / (d2 + d1 f), 1 - x = d1 f / (d2 + d1 f):
      d1 even (26.6.4): Q = x^(d2/2) sum_{k=0}^{d1/2-1} G(d2/2+k)/(G(d2/2) k!) (1-x)^k
      d2 even (26.6.5): Q = 1 - (1-x)^(d1/2) sum_{k=0}^{d2/2-1} G(d1/2+k)/(G(d1/2) k!) x^k
      both odd (26.6.8): theta = atan(sqrt(d1 f / d2)),
            Q = 1 - A(theta | d2) + beta(d1, d2)
            A(theta | d2) = the odd-df Student-t series of t_cdf (A&S 26.7.3)
            beta = 0 for d1 = 1, else (2/sqrt(pi)) G((d2+1)/2)/G(d2/2) sin(theta) cos^d2(theta)
                   sum_{k=0}^{(d1-3)/2} [G((d2+1)/2+k)/G((d2+1)/2)] / [G(k+3/2)/G(3/2)] sin^(2k)(theta)
    Measured accuracy (docs/statistics/quantiles.md (F upper tail)): max abs error 8.2e-14 vs
    scipy.stats.f.sf (d1 1..11, 20, 59; d2 1..1000); relative accuracy degrades for tiny Q in the
    26.6.5/26.6.8 branches (1 - sum cancellation). Cost O(d1 + d2) per row, so above
    t_series_max_df() (1,000) in d1 or d2, Q = I_x(d2/2, d1/2) comes from the continued fraction of
    regularized_incomplete_beta (incomplete_beta.sql): O(1) in the df (a Brown-Forsythe test over
    3.8M measurements summed 1.9M terms).
    Returns 1 for f <= 0; NULL for NULL inputs (f, d1 or d2), d1 or d2 < 1, or non-integer d1/d2.
    Engine-specific (lgamma, list lambdas): dispatched.
#}
{% macro f_sf(f, d1, d2) -%}
    {{ return(adapter.dispatch('f_sf', 'pareval_report')(f, d1, d2)) }}
{%- endmacro %}

{% macro default__f_sf(f, d1, d2) -%}
    {{ exceptions.raise_compiler_error(
        "f_sf: only implemented for DuckDB (needs lgamma and list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__f_sf(f, d1, d2) -%}
    {%- set ff = '(cast(' ~ f ~ ' as double))' -%}
    {%- set a = '(cast(' ~ d1 ~ ' as double))' -%}
    {%- set b = '(cast(' ~ d2 ~ ' as double))' -%}
    {%- set x = '(' ~ b ~ ' / (' ~ b ~ ' + ' ~ a ~ ' * ' ~ ff ~ '))' -%}
    {%- set omx = '(' ~ a ~ ' * ' ~ ff ~ ' / (' ~ b ~ ' + ' ~ a ~ ' * ' ~ ff ~ '))' -%}
    {%- set th = '(atan(sqrt(' ~ a ~ ' * ' ~ ff ~ ' / ' ~ b ~ ')))' -%}
    {#- greatest/least skip NULLs in DuckDB (least(1.0, NULL) is 1.0): NULL inputs are tested first, and
        the continued fraction (NULL when it has not converged; clamped to [0, 1] inside) is coalesced
        with the sums unclamped, so that its NULL reaches them -#}
    (case
        when {{ ff }} is null or {{ a }} is null or {{ b }} is null then null
        when {{ a }} < 1 or {{ b }} < 1 or {{ a }} <> floor({{ a }}) or {{ b }} <> floor({{ b }}) then null
        when {{ ff }} <= 0 then 1.0
        else coalesce(
            {#- above t_series_max_df() df: Q = I_x(d2/2, d1/2) by the continued fraction
                (incomplete_beta.sql); the finite sums below when it has not converged -#}
            case when greatest({{ a }}, {{ b }}) > {{ pareval_report.t_series_max_df() }} then
                {{ pareval_report.regularized_incomplete_beta(
                    b ~ ' / 2.0', a ~ ' / 2.0', x, omx,
                    '-' ~ pareval_report.log1p_sql(a ~ ' * ' ~ ff ~ ' / ' ~ b),
                    '(ln(' ~ a ~ ' * ' ~ ff ~ ') - ln(' ~ b ~ ' + ' ~ a ~ ' * ' ~ ff ~ '))') }}
            end,
            case
            when cast({{ a }} as bigint) % 2 = 0 then
                greatest(0.0, least(1.0, pow({{ x }}, {{ b }} / 2) * list_sum(list_transform(
                    range(0, cast({{ a }} / 2 as bigint)),
                    lambda _fs_k: exp(lgamma({{ b }} / 2 + _fs_k) - lgamma({{ b }} / 2) - lgamma(_fs_k + 1.0))
                        * pow({{ omx }}, _fs_k)))))
            when cast({{ b }} as bigint) % 2 = 0 then
                greatest(0.0, least(1.0, 1.0 - pow({{ omx }}, {{ a }} / 2) * list_sum(list_transform(
                    range(0, cast({{ b }} / 2 as bigint)),
                    lambda _fs_k: exp(lgamma({{ a }} / 2 + _fs_k) - lgamma({{ a }} / 2) - lgamma(_fs_k + 1.0))
                        * pow({{ x }}, _fs_k)))))
            else
                greatest(0.0, least(1.0, 1.0 - {{ pareval_report._t_series_a(th, b) }}
                    + sin({{ th }}) * pow(cos({{ th }}), {{ b }}) * coalesce(list_sum(list_transform(
                        range(0, cast(({{ a }} - 1) / 2 as bigint)),
                        lambda _fs_k: exp(ln(2.0) - 0.5 * ln(pi()) + lgamma(({{ b }} + 1) / 2 + _fs_k)
                            - lgamma({{ b }} / 2) - lgamma(_fs_k + 1.5) + lgamma(1.5))
                            * pow(sin({{ th }}), 2 * _fs_k))), 0.0)))
            end)
    end)
{%- endmacro %}
