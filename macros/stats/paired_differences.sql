{#
    The formulas the rate and comparison marts share for 0/1 outcomes and per-problem rates.
    Documented in _stats__macros.yml; oracles in tests/python/test_reference_oracle.py.

    binary_sd(successes, n)
        ddof-1 sample SD of n outcomes in {0, 1} of which `successes` are 1:
            sd = sqrt(x (n - x) / (n (n - 1)))          (= numpy.std(y, ddof=1))
        Shapes: two row-level SQL expressions (counts, integer-valued); returns DOUBLE, in the units of
        the outcome (a proportion). NULL when n < 2 (no SD from one value) or an input is NULL.

    paired_difference_summary(pairs, group_by)
        CTE pattern: a complete SELECT, one row per group_by combination, over a relation `pairs` that
        holds one row per (group, problem) with columns rate_a and rate_b: the per-problem rates (mean
        over that problem's trials, in [0, 1]) of model A and model B on a problem BOTH answered.
        Problems are weighted equally; the problem is the cluster (all samples and parallelism
        variants of it are inside its rate), so each cluster holds one difference d_p = rate_a - rate_b.
        Columns returned (units: proportions; multiply by 100 for pp):
            n_problems      G, the number of shared problems
            rate_a, rate_b  mean over shared problems of each model's per-problem rate
            sd_a, sd_b      ddof-1 SD of the per-problem rates (NULL when G < 2)
            mean_diff       d̄ = mean_p d_p = rate_a - rate_b
            sd_diff         s_d, ddof-1 SD of d_p (NULL when G < 2)
            se_diff         s_d / sqrt(G). This IS the cluster-robust (CR1) SE of d̄ with clusters =
                            problems: sqrt(G/(G-1) * sum_p (d_p - d̄)^2) / G = s_d / sqrt(G)
                            (cluster_robust_se with one observation per cluster; Miller 2024,
                            arXiv 2411.00640, section 4 "paired differences", clustered form).
            df              G - 1 (cluster_robust_df), NULL when G < 2
            t_stat          d̄ / se_diff, NULL when se_diff is 0 or NULL (a constant difference has no
                            sampling variance to test against: the t test is undefined, not infinite)
            n_a_higher, n_b_higher   problems with d_p > 0 / d_p < 0
        With one sample per prompt and one prompt per problem this is the ordinary paired t test
        (scipy.stats.ttest_rel on the per-problem outcomes); the oracle also checks it against
        statsmodels OLS of d on a constant with cov_type='cluster' (groups = problem).
        Reused by the all-pairs family: give it pairs of any two models.

    effective_sample_size(rate, se, n, g)
        Kish's effective sample size of a rate estimated with a cluster-robust SE:
            n_eff = min(n, rate (1 - rate) / se^2)     (= n / design effect,
                    design effect = se^2 / (rate (1 - rate) / n))
        When the design effect cannot be estimated (rate 0 or 1, se 0 or NULL, fewer than 2 clusters)
        n_eff = g, the number of problems: each problem counts as one independent trial, the most
        conservative value consistent with the design (ICC = 1). NULL when n <= 0.
        Shapes: row-level expressions; rate in [0, 1], se >= 0 (same units), n and g counts.
#}
{% macro binary_sd(successes, n) -%}
    {%- set x = '(cast(' ~ successes ~ ' as double))' -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    (case when {{ nn }} >= 2 then sqrt({{ x }} * ({{ nn }} - {{ x }}) / ({{ nn }} * ({{ nn }} - 1))) end)
{%- endmacro %}

{% macro paired_difference_summary(pairs, group_by) -%}
    select
        {% for column in group_by -%}
        {{ column }},
        {% endfor -%}
        cast(count(*) as bigint) as n_problems,
        avg(rate_a) as rate_a,
        avg(rate_b) as rate_b,
        stddev_samp(rate_a) as sd_a,
        stddev_samp(rate_b) as sd_b,
        avg(rate_a - rate_b) as mean_diff,
        stddev_samp(rate_a - rate_b) as sd_diff,
        stddev_samp(rate_a - rate_b) / sqrt(count(*)) as se_diff,
        cast({{ cluster_robust_df('count(*)') }} as bigint) as df,
        case when stddev_samp(rate_a - rate_b) > 0
            then avg(rate_a - rate_b) / (stddev_samp(rate_a - rate_b) / sqrt(count(*))) end as t_stat,
        cast(count_if(rate_a > rate_b) as bigint) as n_a_higher,
        cast(count_if(rate_a < rate_b) as bigint) as n_b_higher
    from {{ pairs }}
    group by {{ group_by | join(', ') }}
{%- endmacro %}

{% macro effective_sample_size(rate, se, n, g) -%}
    {%- set p = '(cast(' ~ rate ~ ' as double))' -%}
    {%- set s = '(cast(' ~ se ~ ' as double))' -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    (case
        when {{ nn }} > 0 and {{ g }} >= 2 and {{ s }} > 0 and {{ p }} > 0 and {{ p }} < 1
            then least({{ nn }}, {{ p }} * (1 - {{ p }}) / ({{ s }} * {{ s }}))
        when {{ nn }} > 0 then cast({{ g }} as double)
    end)
{%- endmacro %}
