{#
    Standardised effect sizes for two groups.

    pooled_sd(sd1, n1, sd2, n2)  s_p = sqrt(((n1 - 1) sd1^2 + (n2 - 1) sd2^2) / (n1 + n2 - 2)),
        sd_i are ddof-1 sample SDs; NULL when n1 + n2 <= 2. The reference report used ddof-0 SDs
        averaged as sqrt((s1^2 + s2^2)/2); compute that form in the model if it is needed for
        compatibility (docs/statistics/effect-sizes.md).
    cohens_d(mean1, mean2, pooled_sd)  d = (mean1 - mean2) / s_p; NULL when s_p is 0 or NULL.
    hedges_g(d, n1, n2)  g = J d with Hedges' approximation J = 1 - 3 / (4 (n1 + n2) - 9)
        (= 1 - 3/(4 m - 1), m = n1 + n2 - 2; agrees with the exact gamma-ratio J to ~1e-6 at
        m = 238); NULL when n1 + n2 < 3.
    cohens_d_se(d, n1, n2)  large-sample SE of d: sqrt((n1 + n2)/(n1 n2) + d^2 / (2 (n1 + n2)))
        (Hedges & Olkin 1985); NULL when n1 or n2 <= 0.
    cohens_h(p1, p2)  h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2)) (Cohen 1988, arcsine effect size for
        proportions); NULL outside [0, 1].
    Plain arithmetic: no dispatch. Arguments are repeated in the emitted SQL.
#}
{% macro pooled_sd(sd1, n1, sd2, n2) -%}
    {%- set a = '(cast(' ~ n1 ~ ' as double))' -%}
    {%- set b = '(cast(' ~ n2 ~ ' as double))' -%}
    {%- set s1 = '(cast(' ~ sd1 ~ ' as double))' -%}
    {%- set s2 = '(cast(' ~ sd2 ~ ' as double))' -%}
    (case when {{ a }} + {{ b }} > 2 then
        sqrt((({{ a }} - 1) * {{ s1 }} * {{ s1 }} + ({{ b }} - 1) * {{ s2 }} * {{ s2 }})
            / ({{ a }} + {{ b }} - 2)) end)
{%- endmacro %}

{% macro cohens_d(mean1, mean2, pooled_sd) -%}
    {%- set s = '(cast(' ~ pooled_sd ~ ' as double))' -%}
    (case when {{ s }} > 0 then
        (cast({{ mean1 }} as double) - cast({{ mean2 }} as double)) / {{ s }} end)
{%- endmacro %}

{% macro hedges_g(d, n1, n2) -%}
    {%- set m = '(cast(' ~ n1 ~ ' as double) + cast(' ~ n2 ~ ' as double))' -%}
    (case when {{ m }} >= 3 then cast({{ d }} as double) * (1 - 3 / (4 * {{ m }} - 9)) end)
{%- endmacro %}

{% macro cohens_d_se(d, n1, n2) -%}
    {%- set a = '(cast(' ~ n1 ~ ' as double))' -%}
    {%- set b = '(cast(' ~ n2 ~ ' as double))' -%}
    {%- set dd = '(cast(' ~ d ~ ' as double))' -%}
    (case when {{ a }} > 0 and {{ b }} > 0 then
        sqrt(({{ a }} + {{ b }}) / ({{ a }} * {{ b }}) + {{ dd }} * {{ dd }} / (2 * ({{ a }} + {{ b }})))
    end)
{%- endmacro %}

{% macro cohens_h(p1, p2) -%}
    {%- set a = '(cast(' ~ p1 ~ ' as double))' -%}
    {%- set b = '(cast(' ~ p2 ~ ' as double))' -%}
    (case when {{ a }} between 0 and 1 and {{ b }} between 0 and 1 then
        2 * asin(sqrt({{ a }})) - 2 * asin(sqrt({{ b }})) end)
{%- endmacro %}
