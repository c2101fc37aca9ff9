{#
    Student-t distribution for integer degrees of freedom, by exact finite series.

    t_cdf(t, df)          F(t) = 1/2 + sign(t) * A(t|n) / 2
    t_two_sided_p(t, df)  P(|T| >= |t|) = 1 - A(|t| | n)
    t_pdf(t, df)          f(t) = exp(-ln(n)/2 - ln B(n/2, 1/2) - (n+1)/2 ln(1 + t^2/n))
                          (= G((n+1)/2) / (G(n/2) sqrt(n pi)) (1 + t^2/n)^(-(n+1)/2))

    A(t|n) (Abramowitz & Stegun 26.7.3, 26.7.4), theta = atan(|t| / sqrt(n)):
        n odd : A = (2/pi) [theta + sin(theta) * sum_{j=0}^{(n-3)/2} (2j)!!/(2j+1)!! cos^(2j+1)(theta)]
                (A = 2 theta / pi for n = 1)
        n even: A = sin(theta) * sum_{j=0}^{(n-2)/2} (2j-1)!!/(2j)!! cos^(2j)(theta)
    with the double-factorial ratios written as gamma ratios for a list lambda:
        (2j)!!/(2j+1)!! = G(j+1) G(1/2) / (2 G(j+3/2)),  (2j-1)!!/(2j)!! = G(j+1/2) / (G(1/2) G(j+1)).

    Accuracy (docs/statistics/quantiles.md): F max abs error 1.2e-14 vs scipy.stats.t.cdf;
    the two-sided p-value 1 - A loses relative accuracy by cancellation for tiny p
    (relative error <= 2.6e-10 down to p ~ 1e-6). Cost is O(df) per row (n/2 series terms), so
    with large_df=true, above t_series_max_df() (1,000) df, t_two_sided_p and t_cdf take
    p = I_{n/(n+t^2)}(n/2, 1/2) from the continued fraction of regularized_incomplete_beta
    (incomplete_beta.sql) instead: O(1) in df,
    and more accurate there (2.1e-10 relative at 3.8M df, where the sum was 6.5e-10 to 8e-9 off
    at 1.5M to 2e7 df).

    large_df (default false): include that branch. It is opt-in because DuckDB plans each copy of
    the fraction in about 0.05 s, and most callers' df is a number of problems (paired tests,
    t_quantile's Newton step), never near 1,000; correlation_p (attempt-level df) turns it on.

    NULL for NULL inputs, df < 1 or non-integer df (the integer guard applies to both methods,
    although the incomplete beta would accept a Welch df; use t_quantile's Hill branch or round
    the df if that is acceptable).
    Engine-specific (lgamma, list_transform/list_sum/range with lambdas): dispatched.
#}
{% macro t_cdf(t, df, large_df=false) -%}
    {{ return(adapter.dispatch('t_cdf', 'pareval_report')(t, df, large_df)) }}
{%- endmacro %}

{% macro default__t_cdf(t, df, large_df=false) -%}
    {{ exceptions.raise_compiler_error(
        "t_cdf: only implemented for DuckDB (needs lgamma and list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__t_cdf(t, df, large_df=false) -%}
    {%- set tt = '(cast(' ~ t ~ ' as double))' -%}
    {%- set n = '(cast(' ~ df ~ ' as double))' -%}
    {%- set series_a = pareval_report._t_series_a('atan(abs(' ~ tt ~ ') / sqrt(' ~ n ~ '))', n) -%}
    (case
        when {{ n }} >= 1 and {{ n }} = floor({{ n }}) then
            0.5 + 0.5 * sign({{ tt }}) * {% if large_df %}coalesce(
                {#- A = 1 - P(|T| >= |t|): the continued fraction above t_series_max_df() df -#}
                1.0 - {{ pareval_report._t_two_sided_p_large_df(tt, n) }},
                {{ series_a }})
            {%- else %}{{ series_a }}{% endif %}
    end)
{%- endmacro %}

{% macro t_two_sided_p(t, df, large_df=false) -%}
    {{ return(adapter.dispatch('t_two_sided_p', 'pareval_report')(t, df, large_df)) }}
{%- endmacro %}

{% macro default__t_two_sided_p(t, df, large_df=false) -%}
    {{ exceptions.raise_compiler_error(
        "t_two_sided_p: only implemented for DuckDB (needs lgamma and list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__t_two_sided_p(t, df, large_df=false) -%}
    {%- set tt = '(cast(' ~ t ~ ' as double))' -%}
    {%- set n = '(cast(' ~ df ~ ' as double))' -%}
    {%- set series_a = pareval_report._t_series_a('atan(abs(' ~ tt ~ ') / sqrt(' ~ n ~ '))', n) -%}
    (case
        {# greatest/least skip NULLs in DuckDB: test t explicitly so a NULL t gives NULL, not 1 #}
        when {{ tt }} is not null and {{ n }} >= 1 and {{ n }} = floor({{ n }}) then
            greatest(0.0, least(1.0, {% if large_df %}coalesce(
                {#- above t_series_max_df() df: I_{n/(n+t^2)}(n/2, 1/2) by the continued fraction
                    (incomplete_beta.sql); the finite sum when it has not converged -#}
                {{ pareval_report._t_two_sided_p_large_df(tt, n) }},
                1.0 - {{ series_a }})
            {%- else %}1.0 - {{ series_a }}{% endif %}))
    end)
{%- endmacro %}

{#- P(|T| >= |t|) = I_{n/(n+t^2)}(n/2, 1/2) by the continued fraction of regularized_incomplete_beta
    (incomplete_beta.sql) when n > t_series_max_df() and t <> 0; else NULL (as when it has not
    converged), so that a caller coalesces it with the finite sum. tt and n: DOUBLE SQL expressions. -#}
{% macro _t_two_sided_p_large_df(tt, n) -%}
    {#- t and n bound once (a one-element list_transform), so that their expressions are not
        repeated in every argument of the fraction -#}
    (list_transform([{'t': {{ tt }}, 'n': {{ n }}}], lambda _tl: case
        when _tl.n > {{ pareval_report.t_series_max_df() }} and _tl.t <> 0 then
            {{ pareval_report.regularized_incomplete_beta(
                '_tl.n / 2.0', '0.5',
                '_tl.n / (_tl.n + _tl.t * _tl.t)', '_tl.t * _tl.t / (_tl.n + _tl.t * _tl.t)',
                '-' ~ pareval_report.log1p_sql('_tl.t * _tl.t / _tl.n'),
                '(2.0 * ln(abs(_tl.t)) - ln(_tl.n + _tl.t * _tl.t))') }}
    end)[1])
{%- endmacro %}

{#- t_series_max_df(): the largest df whose tails t_two_sided_p and f_sf sum term by term (at most
    500 terms); above it they use the continued fraction of regularized_incomplete_beta -#}
{% macro t_series_max_df() -%}
    {{- return(1000) -}}
{%- endmacro %}

{% macro t_pdf(t, df) -%}
    {{ return(adapter.dispatch('t_pdf', 'pareval_report')(t, df)) }}
{%- endmacro %}

{% macro default__t_pdf(t, df) -%}
    {{ exceptions.raise_compiler_error(
        "t_pdf: only implemented for DuckDB (needs lgamma); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__t_pdf(t, df) -%}
    {%- set tt = '(cast(' ~ t ~ ' as double))' -%}
    {%- set n = '(cast(' ~ df ~ ' as double))' -%}
    {#- 1 / (sqrt(n) B(n/2, 1/2)) = G((n+1)/2) / (G(n/2) sqrt(n pi)); ln B by log_beta and ln(1 + t^2/n)
        by log1p_sql (incomplete_beta.sql), so that large n loses nothing to lgamma cancelling -#}
    (case
        when {{ n }} > 0 then
            exp(-0.5 * ln({{ n }}) - {{ pareval_report.log_beta(n ~ ' / 2.0', '0.5') }}
                - ({{ n }} + 1) / 2 * {{ pareval_report.log1p_sql(tt ~ ' * ' ~ tt ~ ' / ' ~ n) }})
    end)
{%- endmacro %}

{#- A(t|n) of A&S 26.7.3-4 for theta = atan(|t|/sqrt(n)) and integer n >= 1 (DuckDB only). -#}
{% macro _t_series_a(theta, n) -%}
    (case
        when cast({{ n }} as bigint) % 2 = 1 then
            2 / pi() * ({{ theta }} + sin({{ theta }}) * coalesce(list_sum(list_transform(
                range(0, cast(({{ n }} - 1) / 2 as bigint)),
                lambda _ts_j: exp(lgamma(_ts_j + 1.0) + lgamma(0.5) - ln(2.0) - lgamma(_ts_j + 1.5))
                    * pow(cos({{ theta }}), 2 * _ts_j + 1))), 0.0))
        else
            sin({{ theta }}) * coalesce(list_sum(list_transform(
                range(0, cast({{ n }} / 2 as bigint)),
                lambda _ts_j: exp(lgamma(_ts_j + 0.5) - lgamma(0.5) - lgamma(_ts_j + 1.0))
                    * pow(cos({{ theta }}), 2 * _ts_j))), 0.0)
    end)
{%- endmacro %}
