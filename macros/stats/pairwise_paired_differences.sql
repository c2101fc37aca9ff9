{#
    The paired risk difference of two models on the problems both answered, and its t test.
    (Same formula as the reference family's paired difference; a second copy lives here only until the
    two branches are merged -- see the note in macros/stats/_stats__macros.yml.)

    Input: one row per shared problem p with d_p = rate_A,p - rate_B,p (each side the problem's own rate,
    successes / trials, so problems weighted equally whatever their sample counts; in scope 'all' a
    problem's parallelism variants and samples are pooled in its rate, so each row is one cluster).

    paired_difference_aggregates(d) -- aggregate select items, used in a GROUP BY over the pair:
        n_shared   G, the number of shared problems (clusters)
        diff       mean_p d_p, the paired risk difference
        diff_sd    sample SD of d_p (ddof 1); NULL when G < 2
    paired_difference_se(diff_sd, n_shared) -- SE = diff_sd / sqrt(G). With one row per cluster the
        cluster-robust SE sqrt(G/(G-1) Σ_c (d_c - mean)^2)/G (macro cluster_robust_se) is exactly this.
        NULL when G < 2.
    paired_difference_t(diff, se) -- t = diff / se, df = G - 1; NULL when se is NULL or 0 (every shared
        problem has the same difference: the t statistic is undefined, reported with a reason).
    Units: rates and differences are proportions in [0, 1] / [-1, 1].
    Source: Miller (2024, arXiv 2411.00640) section 4 (paired differences, clustered SE);
    the t reference with G - 1 df as in Cameron & Miller (2015).
#}
{% macro paired_difference_aggregates(d) -%}
    count({{ d }}) as n_shared,
        avg(cast({{ d }} as double)) as diff,
        case when count({{ d }}) >= 2 then stddev_samp(cast({{ d }} as double)) end as diff_sd
{%- endmacro %}

{% macro paired_difference_se(diff_sd, n_shared) -%}
    (case when {{ n_shared }} >= 2 then {{ diff_sd }} / sqrt(cast({{ n_shared }} as double)) end)
{%- endmacro %}

{% macro paired_difference_t(diff, se) -%}
    (case when {{ se }} > 0 then {{ diff }} / {{ se }} end)
{%- endmacro %}
