{#
    Normality checks from the biased central moments m_k = (1/n) sum (x - xbar)^k, k = 2, 3, 4.
    Get them in a CTE, e.g.
        with mu as (select grp, avg(x) as xbar, count(*) as n from t group by grp)
        select grp, any_value(n) as n,
            avg(pow(x - xbar, 2)) as m2, avg(pow(x - xbar, 3)) as m3, avg(pow(x - xbar, 4)) as m4
        from t join mu using (grp) group by grp
    With g1 = m3 / m2^(3/2) (biased skewness) and b2 = m4 / m2^2 (kurtosis, g2 = b2 - 3):

    jarque_bera(n, m2, m3, m4)  JB = n/6 (g1^2 + g2^2/4)  (Jarque & Bera 1980; = scipy.stats.jarque_bera)
        NULL when m2 <= 0.
    jarque_bera_p(jb)           p = P(chi2_2 > JB) = exp(-JB/2) (exact for 2 df). Poor size for n < ~50.
    dagostino_k2(n, m2, m3, m4) D'Agostino-Pearson K^2 = Z1^2 + Z2^2 (= scipy.stats.normaltest):
        skewness (D'Agostino 1970): y = g1 sqrt((n+1)(n+3)/(6(n-2))),
            beta2 = 3(n^2+27n-70)(n+1)(n+3)/((n-2)(n+5)(n+7)(n+9)), W2 = -1 + sqrt(2(beta2 - 1)),
            delta = 1/sqrt(ln(W2)/2), alpha = sqrt(2/(W2 - 1)), Z1 = delta asinh(y/alpha)
        kurtosis (Anscombe & Glynn 1983): E = 3(n-1)/(n+1), V = 24n(n-2)(n-3)/((n+1)^2(n+3)(n+5)),
            x = (b2 - E)/sqrt(V), sb1 = 6(n^2-5n+2)/((n+7)(n+9)) sqrt(6(n+3)(n+5)/(n(n-2)(n-3))),
            A = 6 + 8/sb1 (2/sb1 + sqrt(1 + 4/sb1^2)), den = 1 + x sqrt(2/(A-4)),
            Z2 = ((1 - 2/(9A)) - sign(den) ((1 - 2/A)/|den|)^(1/3)) / sqrt(2/(9A))
        NULL when n < 20 (scipy: the kurtosis test is not valid below 20) or m2 <= 0 or den = 0.
        Deviation from scipy: scipy replaces y = 0 by y = 1 in skewtest (so a sample with exactly
        zero skewness gets Z1 != 0); here Z1 = 0 for y = 0. asinh is evaluated as
        sign(v) ln(|v| + sqrt(v^2 + 1)) (scipy: ln(v + sqrt(v^2 + 1)), same value to ~1e-14).
    dagostino_k2_p(k2)          p = exp(-K^2/2).
    Measured: all match scipy to <= 1e-12 relative (test suite). jarque_bera, jarque_bera_p and
    dagostino_k2_p are plain arithmetic; dagostino_k2 binds its intermediates once each in a chain
    of one-element list_transform lambdas (compact SQL, planned as one expression; pass row-level
    expressions: an aggregate works but is repeated at every use) and is dispatched (duckdb__ only).
#}
{% macro jarque_bera(n, m2, m3, m4) -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    {%- set s2 = '(cast(' ~ m2 ~ ' as double))' -%}
    {%- set g1 = '(cast(' ~ m3 ~ ' as double) / pow(' ~ s2 ~ ', 1.5))' -%}
    {%- set g2 = '(cast(' ~ m4 ~ ' as double) / (' ~ s2 ~ ' * ' ~ s2 ~ ') - 3)' -%}
    (case when {{ s2 }} > 0 then
        {{ nn }} / 6 * ({{ g1 }} * {{ g1 }} + {{ g2 }} * {{ g2 }} / 4) end)
{%- endmacro %}

{% macro jarque_bera_p(jb) -%}
    (case when cast({{ jb }} as double) >= 0 then exp(-cast({{ jb }} as double) / 2) end)
{%- endmacro %}

{% macro dagostino_k2(n, m2, m3, m4) -%}
    {{ return(adapter.dispatch('dagostino_k2', 'pareval_report')(n, m2, m3, m4)) }}
{%- endmacro %}

{% macro default__dagostino_k2(n, m2, m3, m4) -%}
    {{ exceptions.raise_compiler_error(
        "dagostino_k2: only implemented for DuckDB (needs list lambdas and struct_insert); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__dagostino_k2(n, m2, m3, m4) -%}
{#- Each step adds its intermediates to a one-element list of structs (struct_insert in a
    list_transform), so every one is bound once and no lambda captures another's variable. -#}
(list_transform(list_transform(list_transform(list_transform(list_transform([{
        'n': case when cast({{ n }} as double) >= 20 and cast({{ m2 }} as double) > 0
            then cast({{ n }} as double) end,
        'm2': cast({{ m2 }} as double),
        'm3': cast({{ m3 }} as double),
        'm4': cast({{ m4 }} as double)
    }],
        lambda _k2: struct_insert(_k2,
            y := _k2.m3 / pow(_k2.m2, 1.5) * sqrt((_k2.n + 1) * (_k2.n + 3) / (6 * (_k2.n - 2))),
            beta2 := 3 * (_k2.n * _k2.n + 27 * _k2.n - 70) * (_k2.n + 1) * (_k2.n + 3)
                / ((_k2.n - 2) * (_k2.n + 5) * (_k2.n + 7) * (_k2.n + 9)),
            x := (_k2.m4 / (_k2.m2 * _k2.m2) - 3 * (_k2.n - 1) / (_k2.n + 1))
                / sqrt(24 * _k2.n * (_k2.n - 2) * (_k2.n - 3)
                    / ((_k2.n + 1) * (_k2.n + 1) * (_k2.n + 3) * (_k2.n + 5))),
            sb1 := 6 * (_k2.n * _k2.n - 5 * _k2.n + 2) / ((_k2.n + 7) * (_k2.n + 9))
                * sqrt(6 * (_k2.n + 3) * (_k2.n + 5) / (_k2.n * (_k2.n - 2) * (_k2.n - 3))))),
        lambda _k2: struct_insert(_k2,
            w2 := -1 + sqrt(2 * (_k2.beta2 - 1)),
            a := 6 + 8 / _k2.sb1 * (2 / _k2.sb1 + sqrt(1 + 4 / (_k2.sb1 * _k2.sb1))))),
        lambda _k2: struct_insert(_k2,
            v := _k2.y / sqrt(2 / (_k2.w2 - 1)),
            den := 1 + _k2.x * sqrt(2 / (_k2.a - 4)))),
        lambda _k2: struct_insert(_k2,
            z1 := 1 / sqrt(0.5 * ln(_k2.w2)) * sign(_k2.v) * ln(abs(_k2.v) + sqrt(_k2.v * _k2.v + 1)),
            z2 := case when _k2.den <> 0 then
                ((1 - 2 / (9 * _k2.a)) - sign(_k2.den) * pow((1 - 2 / _k2.a) / abs(_k2.den), 1.0 / 3))
                    / sqrt(2 / (9 * _k2.a))
            end)),
        lambda _k2: _k2.z1 * _k2.z1 + _k2.z2 * _k2.z2)[1])
{%- endmacro %}

{% macro dagostino_k2_p(k2) -%}
    (case when cast({{ k2 }} as double) >= 0 then exp(-cast({{ k2 }} as double) / 2) end)
{%- endmacro %}
