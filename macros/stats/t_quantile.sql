{#
    t_quantile(p, df) -- Student-t quantile t_{p, df} (inverse CDF), p in (0, 1), real df >= 1.

    The method of docs/statistics/quantiles.md:
      * df = 1, 2, 4: exact closed forms (Shaw 2006)
            df 1: sign(p - 1/2) / tan(pi * min(p, 1 - p))
            df 2: (2p - 1) / sqrt(2 p (1 - p))
            df 4: a = 4p(1 - p), q = cos(acos(sqrt(a)) / 3) / sqrt(a), t = sign(p - 1/2) 2 sqrt(q - 1)
      * otherwise Hill (1970), CACM Algorithm 396 (as in R src/nmath/qt.c), P = 2 min(p, 1 - p):
            a = 1/(n - 1/2), b = 48/a^2, c = ((20700 a/b - 98) a - 16) a + 96.36,
            d = ((94.5/(b + c) - 3)/b + 1) sqrt(a pi/2) n, y = (d P)^(2/n)
            normal branch (y > 0.05 + a, or n < 2.1 and P > 0.5), x = z_{P/2} (AS241):
                c += 0.3 (n - 4.5)(x + 0.6) if n < 5;  c = (((0.05 d x - 5) x - 7) x - 2) x + b + c
                u = a ((((((0.4 x^2 + 6.3) x^2 + 36) x^2 + 94.5)/c - x^2 - 3)/b + 1) x)^2
                y = expm1(u) with Kahan's expm1(u) = (e^u - 1) u / ln(e^u)  (Lozy 1979 remark)
            tail branch: y = ((1/(((n + 6)/(n y) - 0.089 d - 0.822)(n + 2) 3) + 0.5/(n + 4)) y - 1)
                             (n + 1)/(n + 2) + 1/y
            t0 = sign(p - 1/2) sqrt(n y)
      * integer df <= 240 (not 1, 2, 4): one Hill (1981) 2-term Taylor correction with the exact
        series CDF F (t_cdf) and density f (t_pdf):
            x = (F(t0) - p) / f(t0),  t = t0 - x (1 - x t0 (n + 1) / (2 (t0^2 + n)))
        non-integer df, or df > 240: Hill alone (Hill + Kahan expm1 is <= 7.5e-15 relative there).
        Measured for non-integer df (p grid as below): max relative error 1.3e-5 for df in (3, 5),
        5.6e-6 in (5, 10), 2.3e-8 in (10, 30), 4.3e-10 in (30, 100), 8.2e-13 in (100, 240);
        but 2.6e-4 in (2, 3) and up to 9.8e-2 in (1, 2). Non-integer df < 3 therefore return
        NULL; pass floor(df) there (conservative: wider interval) if a value is needed.

    Measured (tests/python/test_stats_macros.py): max relative error vs scipy.stats.t.ppf over
    p in {0.9, 0.95, 0.975, 0.99, 0.995, 0.9995} (and 1 - p) x df in 1..1000, 1e4, 1e6 is
    ~2e-13 (notes: 1.8e-13 at df 101-240, p = 0.9995).

    Returns NULL for NULL inputs, df < 1, non-integer df < 3, or p outside (0, 1).

    Emitted SQL: a correlated scalar subquery that stages every intermediate as a column of a
    LATERAL join chain, so no sub-expression is expanded more than once (the one-expression form
    expands Hill ~7x inside the correction and is ~40x slower). DuckDB decorrelates it; the
    6 x 1002 test grid evaluates in well under a second. Because it is a subquery, p and df must be
    row-level expressions (columns, literals, arithmetic), not aggregates: compute count(*) - 1
    in a CTE first. Engine-specific (LATERAL, lgamma, list lambdas): dispatched.
#}
{% macro t_quantile(p, df) -%}
    {{ return(adapter.dispatch('t_quantile', 'pareval_report')(p, df)) }}
{%- endmacro %}

{% macro default__t_quantile(p, df) -%}
    {{ exceptions.raise_compiler_error(
        "t_quantile: only implemented for DuckDB (needs LATERAL, lgamma and list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__t_quantile(p, df) -%}
(select
        case
            when _tq_n = 1 then
                case when _tq_p = 0.5 then 0.0 else sign(_tq_p - 0.5) / tan(pi() * least(_tq_p, 1 - _tq_p)) end
            when _tq_n = 2 then (2 * _tq_p - 1) / sqrt(2 * _tq_p * (1 - _tq_p))
            when _tq_n = 4 then
                sign(_tq_p - 0.5) * 2 * sqrt(cos(acos(sqrt(4 * _tq_p * (1 - _tq_p))) / 3)
                    / sqrt(4 * _tq_p * (1 - _tq_p)) - 1)
            when _tq_fx is not null then
                _tq_t0 - _tq_fx * (1 - _tq_fx * _tq_t0 * (_tq_n + 1) / (2 * (_tq_t0 * _tq_t0 + _tq_n)))
            else _tq_t0
        end
    from
        (select
            case when cast({{ p }} as double) > 0 and cast({{ p }} as double) < 1
                then cast({{ p }} as double) end as _tq_p,
            case when cast({{ df }} as double) >= 1
                and (cast({{ df }} as double) = floor(cast({{ df }} as double)) or cast({{ df }} as double) >= 3)
                then cast({{ df }} as double) end as _tq_n
        ) as _tq_s0,
        lateral (select
            2 * least(_tq_p, 1 - _tq_p) as _tq_pp,
            sign(_tq_p - 0.5) as _tq_sg,
            1 / (_tq_n - 0.5) as _tq_a
        ) as _tq_s1,
        lateral (select 48 / (_tq_a * _tq_a) as _tq_b) as _tq_s2,
        lateral (select ((20700 * _tq_a / _tq_b - 98) * _tq_a - 16) * _tq_a + 96.36 as _tq_c) as _tq_s3,
        lateral (select
            ((94.5 / (_tq_b + _tq_c) - 3) / _tq_b + 1) * sqrt(_tq_a * pi() / 2) * _tq_n as _tq_d
        ) as _tq_s4,
        lateral (select
            pow(_tq_d * _tq_pp, 2 / _tq_n) as _tq_y,
            0.5 * _tq_pp - 0.5 as _tq_zq
        ) as _tq_s5,
        lateral (select
            (_tq_n < 2.1 and _tq_pp > 0.5) or _tq_y > 0.05 + _tq_a as _tq_nb,
            0.180625 - _tq_zq * _tq_zq as _tq_zr1,
            case when _tq_pp > 0 then sqrt(-ln(0.5 * _tq_pp)) end as _tq_zr2
        ) as _tq_s6,
        lateral (select
            case when _tq_nb then {{ pareval_report._as241('_tq_zq', '_tq_zr1', '_tq_zr2') }} end as _tq_x
        ) as _tq_s7,
        lateral (select
            (((0.05 * _tq_d * _tq_x - 5) * _tq_x - 7) * _tq_x - 2) * _tq_x + _tq_b + _tq_c
                + case when _tq_n < 5 then 0.3 * (_tq_n - 4.5) * (_tq_x + 0.6) else 0 end as _tq_c2
        ) as _tq_s8,
        lateral (select
            _tq_a * pow((((((0.4 * _tq_x * _tq_x + 6.3) * _tq_x * _tq_x + 36) * _tq_x * _tq_x + 94.5)
                / _tq_c2 - _tq_x * _tq_x - 3) / _tq_b + 1) * _tq_x, 2) as _tq_u
        ) as _tq_s9,
        lateral (select exp(_tq_u) as _tq_eu) as _tq_s10,
        lateral (select
            _tq_sg * case
                when _tq_nb then
                    sqrt(_tq_n * case when _tq_eu = 1 then _tq_u else (_tq_eu - 1) * _tq_u / ln(_tq_eu) end)
                else
                    sqrt(_tq_n * (((1 / (((_tq_n + 6) / (_tq_n * _tq_y) - 0.089 * _tq_d - 0.822)
                        * (_tq_n + 2) * 3) + 0.5 / (_tq_n + 4)) * _tq_y - 1) * (_tq_n + 1) / (_tq_n + 2)
                        + 1 / _tq_y))
            end as _tq_t0
        ) as _tq_s11,
        lateral (select
            case when _tq_n <= 240 and _tq_n = floor(_tq_n) and _tq_n not in (1, 2, 4) then
                ({{ pareval_report.duckdb__t_cdf('_tq_t0', '_tq_n') }} - _tq_p)
                    / {{ pareval_report.duckdb__t_pdf('_tq_t0', '_tq_n') }}
            end as _tq_fx
        ) as _tq_s12
)
{%- endmacro %}
