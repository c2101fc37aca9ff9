{#
    Settings and helpers of the round comparison (fct_round_comparisons). The paired per-problem
    difference itself -- mean, cluster-robust SE, t interval, t test and minimum detectable difference --
    is the project's one formula in macros/stats/paired_differences.sql (paired_difference_*), shared with
    the reference, all-pairs and derived-vs-base comparisons.

    round_comparison_power()                 0.8, the power of the round comparison's MDE.
    round_paired_quantiles(relation, n_col)  CTE pattern: a complete SELECT of (df, t_alpha, t_power), one row
                                             per distinct n_col - 1 >= 1 of relation; t_alpha = t(1 - alpha/2, df),
                                             t_power = t(power, df) (t_quantile: exact series + Hill, <= 2e-13).
                                             Left-join it on df = G - 1 (G < 2 has no row: NULL quantiles).
    round_flip_threshold()                   0.5: a problem counts as solved in a round when its rate is >= 0.5;
                                             it regressed when solved in the baseline and not now, improved
                                             the other way round (with one sample per prompt: pass -> fail).
#}
{% macro round_comparison_power() -%}
    {{- return(0.8) -}}
{%- endmacro %}

{% macro round_flip_threshold() -%}
    {{- return(0.5) -}}
{%- endmacro %}

{% macro round_paired_quantiles(relation, n_col) -%}
    select
        df,
        t_values[1] as t_alpha,
        t_values[2] as t_power
    from (
        select df, {{ t_quantiles([two_sided_quantile_p() ~ '', round_comparison_power() ~ ''], 'df') }} as t_values
        from (
            select distinct {{ n_col }} - 1 as df from {{ relation }} where {{ n_col }} >= 2
        ) as distinct_df
    ) as t_lists
{%- endmacro %}
