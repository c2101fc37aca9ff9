{#
    mcnemar_exact_p(b, c) -- two-sided exact McNemar test for paired binary outcomes.

    b, c are the discordant counts (A pass / B fail, A fail / B pass). Under H0 the number of
    b-type pairs among the b + c discordant ones is Binomial(b + c, 1/2):
        p = min(1, 2 * sum_{k=0}^{min(b, c)} C(b + c, k) / 2^(b + c)),   p = 1 when b + c = 0,
    with C(b + c, k) / 2^(b + c) = exp(lnG(b+c+1) - lnG(k+1) - lnG(b+c-k+1) - (b+c) ln 2).
    Same definition as statsmodels mcnemar(table, exact=True) and scipy binomtest(b, b+c, 0.5)
    (two-sided; identical for p = 1/2). Measured agreement: see the test suite (<= 1e-12 relative).
    NULL for NULL or negative counts. Engine-specific (lgamma, list lambdas): dispatched.
#}
{% macro mcnemar_exact_p(b, c) -%}
    {{ return(adapter.dispatch('mcnemar_exact_p', 'pareval_report')(b, c)) }}
{%- endmacro %}

{% macro default__mcnemar_exact_p(b, c) -%}
    {{ exceptions.raise_compiler_error(
        "mcnemar_exact_p: only implemented for DuckDB (needs lgamma and list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__mcnemar_exact_p(b, c) -%}
    {%- set bb = '(cast(' ~ b ~ ' as double))' -%}
    {%- set cc = '(cast(' ~ c ~ ' as double))' -%}
    (case
        when {{ bb }} < 0 or {{ cc }} < 0 then null
        when {{ bb }} + {{ cc }} = 0 then 1.0
        else least(1.0, 2 * coalesce(list_sum(list_transform(
            range(0, cast(least({{ bb }}, {{ cc }}) as bigint) + 1),
            lambda _mc_k: exp(lgamma({{ bb }} + {{ cc }} + 1) - lgamma(_mc_k + 1.0)
                - lgamma({{ bb }} + {{ cc }} - _mc_k + 1) - ({{ bb }} + {{ cc }}) * ln(2.0)))), 0.0))
    end)
{%- endmacro %}
