{#
    The regularized incomplete beta function I_x(a, b), for the tails of the t and F distributions at
    large degrees of freedom, where their finite sums (t_cdf.sql, f_sf.sql) need one term per two
    degrees of freedom: at 5M attempts a Brown-Forsythe p-value with 3.8M df summed 1.9M terms (1.4 s
    for 38 p-values) and lost about 1e-9 of relative accuracy to lgamma(j) cancelling at large j.

    regularized_incomplete_beta(a, b, x, y, log_x, log_y, max_iterations=200)
        I_x(a, b) for a, b > 0 and 0 < x < 1. The caller passes y = 1 - x, log_x = ln x and
        log_y = ln y, each computed from its own inputs rather than by subtracting from 1 (x is close
        to 1 at large df: ln x = -ln(1 + t^2/n), not ln of a rounded x, which would cost n * 1e-16).
        Method: the continued fraction of Numerical Recipes (3rd ed., 6.4: betacf, modified Lentz,
        DLMF 8.17.22), on x when x < (a + 1)/(a + b + 2), else on 1 - x with a and b swapped
        (I_x(a, b) = 1 - I_{1-x}(b, a)); the front factor x^a (1-x)^b / (a B(a, b)) in logs, with
        ln B by log_beta. The iteration runs in a list_reduce over 6 * max_iterations steps (two
        half-steps per iteration, each in three phases so that no expression is repeated) and stops
        changing once |d c - 1| < 2.3e-16. The value is clamped to [0, 1] (rounding); NULL when the
        fraction has not converged (a caller falls back to its finite sum) and for NULL inputs.
        Accuracy (tests/python/test_stats_macros.py, against scipy.stats, df up to 3.8M): 2e-11
        absolute; relative, where p > 1e-4, 2e-13 at 5,000 df, 1e-12 at 31,000, 2.1e-10 at 3.8M,
        growing about linearly with df (7e-10 at 2e7 in a prototype, not a test): rounding inside
        the recurrence when a is large and the fraction is taken on x (not 1 - x); the finite sums
        it replaces were 6.5e-10 to 8e-9 off at 1.5M to 2e7 df.
        Cost: O(max_iterations) per row, converged or not (a list_reduce runs its whole list), so the
        default is 200: the test grids converged within 80 iterations, and a row that needs more
        gets NULL and its caller's finite sum.

    log_beta(a, b)
        ln B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b); when max(a, b) >= 100 the difference
        lgamma(p + q) - lgamma(p) (p = max, q = min) is taken from Stirling's series without forming
        either term: (p - 1/2) ln(1 + q/p) + q ln(p + q) - q + S(p + q) - S(p), S(z) = 1/(12z) -
        1/(360z^3) + 1/(1260z^5) - 1/(1680z^7) (A&S 6.1.41; the next term is below 1e-20 at z >= 100).

    log1p_sql(u)
        ln(1 + u), accurate for small u: 2 atanh(u / (2 + u)) for u <= 1 (DuckDB has no log1p), ln(1 + u)
        above (where the atanh form loses digits as u / (2 + u) nears 1).

    Engine-specific (list_reduce with a struct state, lgamma, atanh): dispatched.
#}
{% macro regularized_incomplete_beta(a, b, x, y, log_x, log_y, max_iterations=200) -%}
    {{ return(adapter.dispatch('regularized_incomplete_beta', 'pareval_report')(
        a, b, x, y, log_x, log_y, max_iterations)) }}
{%- endmacro %}

{% macro default__regularized_incomplete_beta(a, b, x, y, log_x, log_y, max_iterations=200) -%}
    {{ exceptions.raise_compiler_error(
        "regularized_incomplete_beta: only implemented for DuckDB (needs list_reduce and lgamma); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__regularized_incomplete_beta(a, b, x, y, log_x, log_y, max_iterations=200) -%}
    {#- The arguments are bound once (a one-element list_transform is SQL's "let"): spelled out at
        each use, an argument expression was repeated dozens of times, and DuckDB took seconds to plan
        a model with a few p-values. In the state, a, b and x are those the fraction runs on (swapped
        when x >= (a + 1)/(a + b + 2)). -#}
    {%- set swapped = '(_ib_in.x >= (_ib_in.a + 1.0) / (_ib_in.a + _ib_in.b + 2.0))' -%}
    {%- set a_cf = '(case when ' ~ swapped ~ ' then _ib_in.b else _ib_in.a end)' -%}
    {%- set b_cf = '(case when ' ~ swapped ~ ' then _ib_in.a else _ib_in.b end)' -%}
    {%- set x_cf = '(case when ' ~ swapped ~ ' then _ib_in.y else _ib_in.x end)' -%}
    {%- set d0 = '(1.0 / ' ~ pareval_report._ib_guard('1.0 - (_ib_in.a + _ib_in.b) * ' ~ x_cf ~ ' / (' ~ a_cf ~ ' + 1.0)') ~ ')' -%}
    {#- list element k, three phases per half-step j = (k + 2) // 3 (two half-steps per iteration m):
        k % 3 = 1 computes the half-step's coefficient, k % 3 = 2 updates c and d, k % 3 = 0 folds
        d c into h and, after the second half-step, tests convergence -#}
    {%- set j = '((_ib_k + 2) // 3)' -%}
    {%- set m_first = '((' ~ j ~ ' + 1) // 2)' -%}
    {%- set m_second = '(' ~ j ~ ' // 2)' -%}
    (list_transform([{
        'a': cast({{ a }} as double), 'b': cast({{ b }} as double), 'x': cast({{ x }} as double),
        'y': cast({{ y }} as double), 'log_x': cast({{ log_x }} as double), 'log_y': cast({{ log_y }} as double)
    }], lambda _ib_in: list_transform([list_reduce(
        range(1, {{ 6 * max_iterations }} + 1),
        lambda _ib_s, _ib_k: case
            when _ib_s.done then _ib_s
            when _ib_k % 3 = 1 then {
                'a': _ib_s.a, 'b': _ib_s.b, 'x': _ib_s.x, 'swapped': _ib_s.swapped,
                'log_front': _ib_s.log_front,
                'coefficient': case when {{ j }} % 2 = 1
                    then {{ m_first }} * (_ib_s.b - {{ m_first }}) * _ib_s.x
                        / ((_ib_s.a - 1.0 + 2 * {{ m_first }}) * (_ib_s.a + 2 * {{ m_first }}))
                    else -(_ib_s.a + {{ m_second }}) * (_ib_s.a + _ib_s.b + {{ m_second }}) * _ib_s.x
                        / ((_ib_s.a + 2 * {{ m_second }}) * (_ib_s.a + 1.0 + 2 * {{ m_second }}))
                end,
                'c': _ib_s.c, 'd': _ib_s.d, 'h': _ib_s.h, 'done': false}
            when _ib_k % 3 = 2 then {
                'a': _ib_s.a, 'b': _ib_s.b, 'x': _ib_s.x, 'swapped': _ib_s.swapped,
                'log_front': _ib_s.log_front, 'coefficient': _ib_s.coefficient,
                'c': {{ pareval_report._ib_guard('1.0 + _ib_s.coefficient / _ib_s.c') }},
                'd': 1.0 / {{ pareval_report._ib_guard('1.0 + _ib_s.coefficient * _ib_s.d') }},
                'h': _ib_s.h, 'done': false}
            else {
                'a': _ib_s.a, 'b': _ib_s.b, 'x': _ib_s.x, 'swapped': _ib_s.swapped,
                'log_front': _ib_s.log_front, 'coefficient': _ib_s.coefficient,
                'c': _ib_s.c, 'd': _ib_s.d, 'h': _ib_s.h * _ib_s.d * _ib_s.c,
                'done': {{ j }} % 2 = 0 and abs(_ib_s.d * _ib_s.c - 1.0) < 2.3e-16}
        end,
        {
            'a': {{ a_cf }}, 'b': {{ b_cf }}, 'x': {{ x_cf }}, 'swapped': {{ swapped }},
            'log_front': _ib_in.a * _ib_in.log_x + _ib_in.b * _ib_in.log_y
                - {{ pareval_report.log_beta('_ib_in.a', '_ib_in.b') }},
            'coefficient': cast(0.0 as double),
            'c': cast(1.0 as double), 'd': {{ d0 }}, 'h': {{ d0 }}, 'done': false
        }
    )], lambda _ib_r: case
        when not _ib_r.done then null
        when _ib_r.swapped then greatest(0.0, least(1.0, 1.0 - exp(_ib_r.log_front) * _ib_r.h / _ib_r.a))
        else greatest(0.0, least(1.0, exp(_ib_r.log_front) * _ib_r.h / _ib_r.a))
    end)[1])[1])
{%- endmacro %}

{#- Lentz's guard: a denominator that vanishes is replaced by 1e-300 -#}
{% macro _ib_guard(value) -%}
    (case when abs({{ value }}) < 1e-300 then 1e-300 else {{ value }} end)
{%- endmacro %}

{% macro log_beta(a, b) -%}
    {%- set p = '(greatest(' ~ a ~ ', ' ~ b ~ '))' -%}
    {%- set q = '(least(' ~ a ~ ', ' ~ b ~ '))' -%}
    (case
        when ({{ a }}) is null or ({{ b }}) is null then null
        when {{ p }} >= 100 then lgamma({{ q }}) - (
            ({{ p }} - 0.5) * {{ pareval_report.log1p_sql(q ~ ' / ' ~ p) }} + {{ q }} * ln({{ p }} + {{ q }}) - {{ q }}
            + {{ pareval_report._stirling_tail('(' ~ p ~ ' + ' ~ q ~ ')') }} - {{ pareval_report._stirling_tail(p) }})
        else lgamma({{ a }}) + lgamma({{ b }}) - lgamma({{ a }} + {{ b }})
    end)
{%- endmacro %}

{#- S(z) of Stirling's series for ln Gamma(z), the terms after (z - 1/2) ln z - z + ln(2 pi)/2 -#}
{% macro _stirling_tail(z) -%}
    (1.0 / (12.0 * {{ z }}) - 1.0 / (360.0 * pow({{ z }}, 3)) + 1.0 / (1260.0 * pow({{ z }}, 5))
        - 1.0 / (1680.0 * pow({{ z }}, 7)))
{%- endmacro %}

{% macro log1p_sql(u) -%}
    (case when ({{ u }}) > 1 then ln(1.0 + ({{ u }})) else 2.0 * atanh(({{ u }}) / (2.0 + ({{ u }}))) end)
{%- endmacro %}
