{#
    Multiplicity-adjusted p-values as window expressions (one value per row; the family is
    the partition). Semantics of statsmodels.stats.multitest.multipletests:
      holm_adjust: Holm (1979) step-down, p~_(i) = min(1, max_{j <= i} (m - j + 1) p_(j))
      bh_adjust:   Benjamini & Hochberg (1995), p~_(i) = min(1, min_{j >= i} m p_(j) / j)
    where p_(1) <= ... <= p_(m) are the non-NULL p-values of the partition, ordered by
    (p, order_tiebreak). Rows with NULL p get NULL and do not count in m.

    Arguments: p_col (column or expression), partition_by (comma-separated SQL expressions of
    the family, or none for the whole result), order_tiebreak (a key column; it makes the
    rank assignment deterministic -- tied p-values receive identical adjusted values either
    way, as in statsmodels).

    Implementation: SQL cannot nest window functions, so the rank i comes from row_number()
    and the sorted family from list(p) over the partition; the cumulative max/min is a
    list_max/list_min over list_slice. Cost O(m^2) per family -- fine for families of
    comparisons (tens to a few thousand). Use in a select list (not in WHERE/GROUP BY).
    Engine-specific (list aggregate as a window function, list lambdas): dispatched.
#}
{% macro holm_adjust(p_col, partition_by=none, order_tiebreak=none) -%}
    {{ return(adapter.dispatch('holm_adjust', 'pareval_report')(p_col, partition_by, order_tiebreak)) }}
{%- endmacro %}

{% macro bh_adjust(p_col, partition_by=none, order_tiebreak=none) -%}
    {{ return(adapter.dispatch('bh_adjust', 'pareval_report')(p_col, partition_by, order_tiebreak)) }}
{%- endmacro %}

{% macro default__holm_adjust(p_col, partition_by=none, order_tiebreak=none) -%}
    {{ exceptions.raise_compiler_error(
        "holm_adjust: only implemented for DuckDB (needs list window aggregates and lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{% macro default__bh_adjust(p_col, partition_by=none, order_tiebreak=none) -%}
    {{ exceptions.raise_compiler_error(
        "bh_adjust: only implemented for DuckDB (needs list window aggregates and lambdas); adapter '"
        ~ adapter.type() ~ "' has no implementation") }}
{%- endmacro %}

{#- Shared pieces: window specs, rank i, family size m, sorted non-NULL family. -#}
{% macro _mt_parts(p_col, partition_by, order_tiebreak) -%}
    {%- set pcl = 'partition by ' ~ partition_by if partition_by else '' -%}
    {%- set pp = '(cast(' ~ p_col ~ ' as double))' -%}
    {%- set ob = pp ~ ' asc nulls last' ~ (', ' ~ order_tiebreak if order_tiebreak else '') -%}
    {%- do return({
        'p': pp,
        'i': '(row_number() over (' ~ pcl ~ ' order by ' ~ ob ~ '))',
        'm': '(count(' ~ pp ~ ') over (' ~ pcl ~ '))',
        'sorted': '(list_sort(list_filter(list(' ~ pp ~ ') over (' ~ pcl ~ '), lambda _mt_q: _mt_q is not null)))'
    }) -%}
{%- endmacro %}

{% macro duckdb__holm_adjust(p_col, partition_by=none, order_tiebreak=none) -%}
    {%- set x = pareval_report._mt_parts(p_col, partition_by, order_tiebreak) -%}
    (case when {{ x.p }} is not null then least(1.0, list_max(list_transform(
        list_slice({{ x.sorted }}, 1, {{ x.i }}),
        lambda _mt_q, _mt_j: ({{ x.m }} - _mt_j + 1) * _mt_q))) end)
{%- endmacro %}

{% macro duckdb__bh_adjust(p_col, partition_by=none, order_tiebreak=none) -%}
    {%- set x = pareval_report._mt_parts(p_col, partition_by, order_tiebreak) -%}
    (case when {{ x.p }} is not null then least(1.0, list_min(list_transform(
        list_slice({{ x.sorted }}, {{ x.i }}, {{ x.m }}),
        lambda _mt_q, _mt_j: {{ x.m }} * _mt_q / ({{ x.i }} + _mt_j - 1)))) end)
{%- endmacro %}
