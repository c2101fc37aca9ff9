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
    dagostino_k2_p are plain arithmetic; dagostino_k2 emits a LATERAL-staged correlated scalar
    subquery (compact SQL; arguments must be row-level expressions, not aggregates) and is
    dispatched (duckdb__ only).
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
        "dagostino_k2: only implemented for DuckDB (emits a LATERAL-staged scalar subquery); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__dagostino_k2(n, m2, m3, m4) -%}
(select _k2_z1 * _k2_z1 + _k2_z2 * _k2_z2
    from
        (select
            case when cast({{ n }} as double) >= 20 and cast({{ m2 }} as double) > 0
                then cast({{ n }} as double) end as _k2_n,
            cast({{ m2 }} as double) as _k2_m2,
            cast({{ m3 }} as double) as _k2_m3,
            cast({{ m4 }} as double) as _k2_m4
        ) as _k2_s0,
        lateral (select
            _k2_m3 / pow(_k2_m2, 1.5) * sqrt((_k2_n + 1) * (_k2_n + 3) / (6 * (_k2_n - 2))) as _k2_y,
            3 * (_k2_n * _k2_n + 27 * _k2_n - 70) * (_k2_n + 1) * (_k2_n + 3)
                / ((_k2_n - 2) * (_k2_n + 5) * (_k2_n + 7) * (_k2_n + 9)) as _k2_beta2,
            (_k2_m4 / (_k2_m2 * _k2_m2) - 3 * (_k2_n - 1) / (_k2_n + 1))
                / sqrt(24 * _k2_n * (_k2_n - 2) * (_k2_n - 3)
                    / ((_k2_n + 1) * (_k2_n + 1) * (_k2_n + 3) * (_k2_n + 5))) as _k2_x,
            6 * (_k2_n * _k2_n - 5 * _k2_n + 2) / ((_k2_n + 7) * (_k2_n + 9))
                * sqrt(6 * (_k2_n + 3) * (_k2_n + 5) / (_k2_n * (_k2_n - 2) * (_k2_n - 3))) as _k2_sb1
        ) as _k2_s1,
        lateral (select
            -1 + sqrt(2 * (_k2_beta2 - 1)) as _k2_w2,
            6 + 8 / _k2_sb1 * (2 / _k2_sb1 + sqrt(1 + 4 / (_k2_sb1 * _k2_sb1))) as _k2_a
        ) as _k2_s2,
        lateral (select
            _k2_y / sqrt(2 / (_k2_w2 - 1)) as _k2_v,
            1 + _k2_x * sqrt(2 / (_k2_a - 4)) as _k2_den
        ) as _k2_s3,
        lateral (select
            1 / sqrt(0.5 * ln(_k2_w2)) * sign(_k2_v) * ln(abs(_k2_v) + sqrt(_k2_v * _k2_v + 1)) as _k2_z1,
            case when _k2_den <> 0 then
                ((1 - 2 / (9 * _k2_a)) - sign(_k2_den) * pow((1 - 2 / _k2_a) / abs(_k2_den), 1.0 / 3))
                    / sqrt(2 / (9 * _k2_a))
            end as _k2_z2
        ) as _k2_s4
)
{%- endmacro %}

{% macro dagostino_k2_p(k2) -%}
    (case when cast({{ k2 }} as double) >= 0 then exp(-cast({{ k2 }} as double) / 2) end)
{%- endmacro %}
