{#
    Pieces of the t-intervals the marts share. Documented in _stats__macros.yml.

    t_critical_values(relation, df_expressions) -- CTE pattern: a complete SELECT of (df, t_crit), one row per
        distinct value >= 1 of any of df_expressions over relation, t_crit = t_quantile(two_sided_quantile_p(), df)
        = t(1 - α/2, df). t_quantile is a long expression (costly to evaluate and to parse), so a mart
        computes it once per distinct df and left-joins this table on its df column(s), once per kind of interval:

            t_critical_values as ({{ t_critical_values('summaries', ['df', 'df_geometric']) }}),
            ...
            left join t_critical_values as t_mean on summaries.df = t_mean.df

        A df below 1 or NULL has no row, so the join leaves t_crit (and every bound built on it) NULL.
        df_expressions are SQL expressions on relation's columns (e.g. 'n - 1'); one df is t_quantile's
        integer df, so they should be integer-valued.

    mean_t_ci(mean, sd, n, t_crit, sign) -- one bound of the t-interval of a mean from its sample SD:
        mean ± t_crit · sd / √n ('-' low, '+' high), evaluated as (t_crit · sd) / √n, left to right.
        NULL when any input is NULL (n = 1: sd and t_crit are NULL).

    mean_and_geometric_mean_intervals(relation, mean, sd, n, mean_log, sd_log, n_log, t_critical_values)
        -- CTE pattern: SELECT relation.* plus the arithmetic mean's t-interval and the geometric mean with
        its log-scale t-interval (fct_runtime_stats, fct_scaling). relation holds, per row, the mean, sample
        SD and count of the values and the mean, SD and count of their logs (mean_log, sd_log, n_log), and
        columns df (n - 1) and df_geometric (n_log - 1), NULL below 1. t_critical_values names the CTE of
        t_critical_values(relation, ['df', 'df_geometric']). Added columns:
            t_crit                          t(1 - α/2, df)
            ci_low, ci_high                 mean_t_ci(mean, sd, n, t_crit, -/+)
            geometric_mean                  exp(mean_log)
            geometric_ci_low, _high         geometric_mean_ci(mean_log, sd_log, n_log, t(1 - α/2, df_geometric), -/+)
#}
{% macro t_critical_values(relation, df_expressions) -%}
    select
        df,
        {{ t_quantile(two_sided_quantile_p() ~ '', 'df') }} as t_crit
    from (
        {% for expression in df_expressions -%}
        select distinct {{ expression }} as df from {{ relation }} where {{ expression }} >= 1
        {{ 'union' if not loop.last }}
        {% endfor %}
    ) as distinct_df
{%- endmacro %}

{% macro mean_t_ci(mean, sd, n, t_crit, sign) -%}
    ({{ mean }}) {{ sign }} ({{ t_crit }}) * ({{ sd }}) / sqrt({{ n }})
{%- endmacro %}

{% macro mean_and_geometric_mean_intervals(relation, mean, sd, n, mean_log, sd_log, n_log, t_critical_values) -%}
    {%- set r = relation ~ '.' -%}
    select
        {{ r }}*,
        t_mean.t_crit as t_crit,
        {{ mean_t_ci(r ~ mean, r ~ sd, r ~ n, 't_mean.t_crit', '-') }} as ci_low,
        {{ mean_t_ci(r ~ mean, r ~ sd, r ~ n, 't_mean.t_crit', '+') }} as ci_high,
        exp({{ r ~ mean_log }}) as geometric_mean,
        {{ geometric_mean_ci(r ~ mean_log, r ~ sd_log, r ~ n_log, 't_geometric.t_crit', '-') }} as geometric_ci_low,
        {{ geometric_mean_ci(r ~ mean_log, r ~ sd_log, r ~ n_log, 't_geometric.t_crit', '+') }} as geometric_ci_high
    from {{ relation }}
    left join {{ t_critical_values }} as t_mean
        on {{ r }}df = t_mean.df
    left join {{ t_critical_values }} as t_geometric
        on {{ r }}df_geometric = t_geometric.df
{%- endmacro %}
