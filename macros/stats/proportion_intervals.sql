{#
    Confidence intervals for a binomial proportion x/n and for a difference of two
    independent proportions. z is the critical value as a SQL expression, e.g.
    {{ normal_quantile('0.975') }} or 1.959963984540054 for a 95 % interval.
    All results are NULL when n <= 0 or an input is NULL.

    wald_low/high(successes, n, z)   p +/- z sqrt(p (1 - p) / n), p = x/n. Not clipped (the
        reference report's numbers, including negative lower bounds at small n, are reproduced).
        Coverage is poor for small n or p near 0/1 (Brown, Cai & DasGupta 2001).
    wilson_low/high(successes, n, z) Wilson (1927) score interval
        (p + z^2/(2n) -/+ z sqrt(p (1 - p)/n + z^2/(4 n^2))) / (1 + z^2/n), clipped to [0, 1]
        (only removes rounding noise at x = 0 or x = n). Same formula as statsmodels
        proportion_confint(method='wilson').
    newcombe_low/high(x1, n1, x2, n2, z) Newcombe (1998, Stat Med 17:873, method 10) hybrid score
        interval for p1 - p2 from the Wilson limits (l_i, u_i):
            L = (p1 - p2) - sqrt((p1 - l1)^2 + (u2 - p2)^2)
            U = (p1 - p2) + sqrt((u1 - p1)^2 + (p2 - l2)^2)
        = statsmodels confint_proportions_2indep(method='newcomb', compare='diff').
    Arguments are repeated in the emitted SQL: pass columns or short expressions.
#}
{% macro _prop(x, n) -%}
    (cast({{ x }} as double) / nullif(cast({{ n }} as double), 0))
{%- endmacro %}

{% macro wald_low(successes, n, z) -%}
    {%- set ph = pareval_report._prop(successes, n) -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    (case when {{ nn }} > 0 then
        {{ ph }} - cast({{ z }} as double) * sqrt({{ ph }} * (1 - {{ ph }}) / {{ nn }}) end)
{%- endmacro %}

{% macro wald_high(successes, n, z) -%}
    {%- set ph = pareval_report._prop(successes, n) -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    (case when {{ nn }} > 0 then
        {{ ph }} + cast({{ z }} as double) * sqrt({{ ph }} * (1 - {{ ph }}) / {{ nn }}) end)
{%- endmacro %}

{% macro _wilson(successes, n, z, sign) -%}
    {%- set ph = pareval_report._prop(successes, n) -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    {%- set zz = '(cast(' ~ z ~ ' as double))' -%}
    (case when {{ nn }} > 0 then greatest(0.0, least(1.0,
        ({{ ph }} + {{ zz }} * {{ zz }} / (2 * {{ nn }})
            {{ sign }} {{ zz }} * sqrt({{ ph }} * (1 - {{ ph }}) / {{ nn }}
                + {{ zz }} * {{ zz }} / (4 * {{ nn }} * {{ nn }})))
        / (1 + {{ zz }} * {{ zz }} / {{ nn }}))) end)
{%- endmacro %}

{% macro wilson_low(successes, n, z) -%}
    {{ pareval_report._wilson(successes, n, z, '-') }}
{%- endmacro %}

{% macro wilson_high(successes, n, z) -%}
    {{ pareval_report._wilson(successes, n, z, '+') }}
{%- endmacro %}

{% macro newcombe_low(x1, n1, x2, n2, z) -%}
    {%- set p1 = pareval_report._prop(x1, n1) -%}
    {%- set p2 = pareval_report._prop(x2, n2) -%}
    (({{ p1 }} - {{ p2 }}) - sqrt(
        pow({{ p1 }} - {{ pareval_report.wilson_low(x1, n1, z) }}, 2)
        + pow({{ pareval_report.wilson_high(x2, n2, z) }} - {{ p2 }}, 2)))
{%- endmacro %}

{% macro newcombe_high(x1, n1, x2, n2, z) -%}
    {%- set p1 = pareval_report._prop(x1, n1) -%}
    {%- set p2 = pareval_report._prop(x2, n2) -%}
    (({{ p1 }} - {{ p2 }}) + sqrt(
        pow({{ pareval_report.wilson_high(x1, n1, z) }} - {{ p1 }}, 2)
        + pow({{ p2 }} - {{ pareval_report.wilson_low(x2, n2, z) }}, 2)))
{%- endmacro %}
