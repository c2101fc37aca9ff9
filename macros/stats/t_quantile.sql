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

    Emitted SQL: one expression, a chain of one-element list_transform lambdas in which each step
    adds its intermediates to a struct (struct_insert), so no sub-expression is expanded more than
    once (the plain one-expression form expands Hill ~7x inside the correction and is ~40x slower).
    The steps are chained, not nested: each lambda reads only its own struct. (Thirteen nested
    lambdas, each reading the outer ones' variables, ran row by row, 100x slower; the t_cdf series'
    one lambda reading _tq, and t_quantiles' outer lambda, cost nothing measurable.)
    Until 2026-12 it was a correlated scalar subquery over a LATERAL join chain, which DuckDB had to
    decorrelate: on the sample, DuckDB's planner took 1.2 s of the 1.5 s fct_reference_comparisons
    ran, now 0.25 s of 0.55 s; the values are the same (the 6 x 1002 test grid agrees to the bit).
    Pass p and df as row-level expressions (columns, literals, arithmetic): an aggregate such as
    count(*) - 1 works but is written out at every use inside the expression, so compute it in a
    CTE first. Engine-specific (lgamma, list lambdas, struct_insert): dispatched.
#}
{% macro t_quantile(p, df) -%}
    {{ return(adapter.dispatch('t_quantile', 'pareval_report')(p, df)) }}
{%- endmacro %}

{% macro default__t_quantile(p, df) -%}
    {{ exceptions.raise_compiler_error(
        "t_quantile: only implemented for DuckDB (needs lgamma, list lambdas and struct_insert); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__t_quantile(p, df) -%}
{#- Each step adds its intermediates to a one-element list of structs (struct_insert in a
    list_transform), so every one is bound once and no lambda captures another's variable. -#}
(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform(list_transform([{
        'p': case when cast({{ p }} as double) > 0 and cast({{ p }} as double) < 1
            then cast({{ p }} as double) end,
        'n': case when cast({{ df }} as double) >= 1
            and (cast({{ df }} as double) = floor(cast({{ df }} as double)) or cast({{ df }} as double) >= 3)
            then cast({{ df }} as double) end
    }],
        lambda _tq: struct_insert(_tq,
            pp := 2 * least(_tq.p, 1 - _tq.p), sg := sign(_tq.p - 0.5), a := 1 / (_tq.n - 0.5))),
        lambda _tq: struct_insert(_tq,
            b := 48 / (_tq.a * _tq.a))),
        lambda _tq: struct_insert(_tq,
            c := ((20700 * _tq.a / _tq.b - 98) * _tq.a - 16) * _tq.a + 96.36)),
        lambda _tq: struct_insert(_tq,
            d := ((94.5 / (_tq.b + _tq.c) - 3) / _tq.b + 1) * sqrt(_tq.a * pi() / 2) * _tq.n)),
        lambda _tq: struct_insert(_tq,
            y := pow(_tq.d * _tq.pp, 2 / _tq.n), zq := 0.5 * _tq.pp - 0.5)),
        lambda _tq: struct_insert(_tq,
            nb := (_tq.n < 2.1 and _tq.pp > 0.5) or _tq.y > 0.05 + _tq.a,
            zr1 := 0.180625 - _tq.zq * _tq.zq,
            zr2 := case when _tq.pp > 0 then sqrt(-ln(0.5 * _tq.pp)) end)),
        lambda _tq: struct_insert(_tq,
            x := case when _tq.nb then {{ pareval_report._as241('_tq.zq', '_tq.zr1', '_tq.zr2') }} end)),
        lambda _tq: struct_insert(_tq,
            c2 := (((0.05 * _tq.d * _tq.x - 5) * _tq.x - 7) * _tq.x - 2) * _tq.x + _tq.b + _tq.c
                + case when _tq.n < 5 then 0.3 * (_tq.n - 4.5) * (_tq.x + 0.6) else 0 end)),
        lambda _tq: struct_insert(_tq,
            u := _tq.a * pow((((((0.4 * _tq.x * _tq.x + 6.3) * _tq.x * _tq.x + 36) * _tq.x * _tq.x + 94.5)
                / _tq.c2 - _tq.x * _tq.x - 3) / _tq.b + 1) * _tq.x, 2))),
        lambda _tq: struct_insert(_tq,
            eu := exp(_tq.u))),
        lambda _tq: struct_insert(_tq,
            t0 := _tq.sg * case
                when _tq.nb then
                    sqrt(_tq.n * case when _tq.eu = 1 then _tq.u else (_tq.eu - 1) * _tq.u / ln(_tq.eu) end)
                else
                    sqrt(_tq.n * (((1 / (((_tq.n + 6) / (_tq.n * _tq.y) - 0.089 * _tq.d - 0.822)
                        * (_tq.n + 2) * 3) + 0.5 / (_tq.n + 4)) * _tq.y - 1) * (_tq.n + 1) / (_tq.n + 2)
                        + 1 / _tq.y))
            end)),
        lambda _tq: struct_insert(_tq,
            fx := case when _tq.n <= 240 and _tq.n = floor(_tq.n) and _tq.n not in (1, 2, 4) then
                ({{ pareval_report.duckdb__t_cdf('_tq.t0', '_tq.n') }} - _tq.p)
                    / {{ pareval_report.duckdb__t_pdf('_tq.t0', '_tq.n') }}
            end)),
        lambda _tq: case
            when _tq.n = 1 then
                case when _tq.p = 0.5 then 0.0 else sign(_tq.p - 0.5) / tan(pi() * least(_tq.p, 1 - _tq.p)) end
            when _tq.n = 2 then (2 * _tq.p - 1) / sqrt(2 * _tq.p * (1 - _tq.p))
            when _tq.n = 4 then
                sign(_tq.p - 0.5) * 2 * sqrt(cos(acos(sqrt(4 * _tq.p * (1 - _tq.p))) / 3)
                    / sqrt(4 * _tq.p * (1 - _tq.p)) - 1)
            when _tq.fx is not null then
                _tq.t0 - _tq.fx * (1 - _tq.fx * _tq.t0 * (_tq.n + 1) / (2 * (_tq.t0 * _tq.t0 + _tq.n)))
            else _tq.t0
        end)[1])
{%- endmacro %}

{#
    t_quantiles(ps, df) -- the Student-t quantiles t_{p, df} of t_quantile(p, df) for several p at one
    df, as a LIST of DOUBLE in the order of ps (index it: [1], [2], ...).

    ps: a Jinja list of SQL expressions (literals or columns), each in (0, 1); df as in t_quantile.
    Each element is exactly t_quantile(p, df) (same method, same NULLs), but the emitted SQL holds
    one copy of t_quantile's ~9 KB expression instead of one per p: smaller SQL to parse (dbt's unit
    tests run sqlparse over the whole model) and to bind. DuckDB only (list lambdas): dispatched.
#}
{% macro t_quantiles(ps, df) -%}
    {{ return(adapter.dispatch('t_quantiles', 'pareval_report')(ps, df)) }}
{%- endmacro %}

{% macro default__t_quantiles(ps, df) -%}
    {{ exceptions.raise_compiler_error(
        "t_quantiles: only implemented for DuckDB (needs list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__t_quantiles(ps, df) -%}
    {%- set p_list = [] -%}
    {%- for p in ps -%}{%- do p_list.append('cast(' ~ p ~ ' as double)') -%}{%- endfor -%}
(list_transform([{{ p_list | join(', ') }}],
    lambda _tqp: {{ pareval_report.duckdb__t_quantile('_tqp', df) }}))
{%- endmacro %}
