{#
    pass_at_k(n, c, k) -- unbiased pass@k estimator for one problem (Chen et al. 2021,
    "Evaluating Large Language Models Trained on Code", arXiv 2107.03374):
        pass@k = 1 - C(n - c, k) / C(n, k)              (1 when n - c < k)
    evaluated in the numerically stable product form of the paper's reference code
        pass@k = 1 - prod_{i = n - c + 1}^{n} (1 - k / i).
    n samples, c of them correct, k <= n. Average over problems in the model.
    NULL for NULL inputs, k < 1, k > n, c < 0 or c > n. With n = 1 (one sample per problem)
    pass@1 = c. Engine-specific (list_product over range with a lambda): dispatched.
#}
{% macro pass_at_k(n, c, k) -%}
    {{ return(adapter.dispatch('pass_at_k', 'pareval_report')(n, c, k)) }}
{%- endmacro %}

{% macro default__pass_at_k(n, c, k) -%}
    {{ exceptions.raise_compiler_error(
        "pass_at_k: only implemented for DuckDB (needs list lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro duckdb__pass_at_k(n, c, k) -%}
    {%- set nn = '(cast(' ~ n ~ ' as bigint))' -%}
    {%- set cc = '(cast(' ~ c ~ ' as bigint))' -%}
    {%- set kk = '(cast(' ~ k ~ ' as double))' -%}
    (case
        when {{ kk }} < 1 or {{ kk }} > {{ nn }} or {{ cc }} < 0 or {{ cc }} > {{ nn }} then null
        when {{ nn }} - {{ cc }} < {{ kk }} then 1.0
        else 1.0 - coalesce(list_product(list_transform(
            range({{ nn }} - {{ cc }} + 1, {{ nn }} + 1),
            lambda _pk_i: 1.0 - {{ kk }} / _pk_i)), 1.0)
    end)
{%- endmacro %}
