{#
    The formulas the rate and comparison marts share for 0/1 outcomes and per-problem rates, and the one
    formula of the paired difference. Documented in _stats__macros.yml; oracles in tests/python/.

    binary_sd(successes, n)
        ddof-1 sample SD of n outcomes in {0, 1} of which `successes` are 1:
            sd = sqrt(x (n - x) / (n (n - 1)))          (= numpy.std(y, ddof=1))
        Shapes: two row-level SQL expressions (counts, integer-valued); returns DOUBLE, in the units of
        the outcome (a proportion). NULL when n < 2 (no SD from one value) or an input is NULL.

    THE PAIRED DIFFERENCE (one formula for every paired comparison of the project: the reference
    family fct_reference_comparisons, the all-pairs family fct_pairwise_comparisons, the round
    comparison fct_round_comparisons, the derived-vs-base mart fct_derived_vs_base and the serial-vs-
    parallel mart fct_parallelism_gaps).
    Input: one row per shared problem p (the unit and the cluster: its parallelism variants and all its
    samples are pooled into one rate per side, problems weighted equally) with the per-problem difference
    d_p = rate_A,p - rate_B,p, a difference of proportions in [-1, 1]. Over the G problems of a group:

        mean   d̄ = mean_p d_p
        sd     s_d, ddof-1 SD of d_p                                    (NULL when G < 2)
        se     s_d / sqrt(G)                                             (NULL when G < 2)
               This IS the cluster-robust (CR1) SE of d̄ with clusters = problems:
               sqrt(G/(G-1) * sum_p (d_p - d̄)^2) / G = s_d / sqrt(G) (cluster_robust_se with one
               observation per cluster; Miller 2024, arXiv 2411.00640, section 4 "paired differences",
               clustered form; t reference with G - 1 df as in Cameron & Miller 2015).
        df     G - 1 (cluster_robust_df)                                 (NULL when G < 2)
        t      d̄ / se                  NULL when se is NULL or 0 (a constant difference has no sampling
                                       variance to test against: the t test is undefined, not infinite)
        p      P(|T_df| >= |t|), two-sided (t_two_sided_p); NULL when t is NULL
        ci     d̄ -/+ t_crit * se,  t_crit = t(1 - alpha/2, df) for a (1 - alpha) interval
               (NULL when se is NULL; [d̄, d̄] when se = 0 -- callers that want NULL there test se > 0)
        mde    (t_crit + t_power) * se,  t_power = t(power, df): the smallest true mean difference the
               two-sided level-alpha test detects with that power (the usual t approximation of the
               noncentral-t power equation; Miller 2024 section 5 gives the same form with z quantiles)
    With one sample per prompt and one prompt per problem this is the ordinary paired t test
    (scipy.stats.ttest_rel on the per-problem outcomes); the oracles also check it against statsmodels
    OLS of d on a constant with cov_type='cluster' (groups = problem): tests/python/
    test_reference_oracle.py, test_comparisons_oracle.py, test_rounds_oracle.py,
    test_derived_vs_base_oracle.py, test_parallelism_gaps_oracle.py (1e-9). Because ci and p come from the same t statistic and df,
    "ci excludes 0" <=> "p < alpha" (up to floating-point ties at the boundary).

    paired_difference_aggregates(d, n_as, mean_as, sd_as)
        Aggregate select items (inside a GROUP BY over the group): count(d) as n_as (G), mean as mean_as,
        sd as sd_as (NULL when G < 2). Defaults n_shared, diff, diff_sd.
    paired_difference_se(sd, g)            the SE above, row-level.
    paired_difference_df(g)                G - 1, row-level (NULL when G < 2).
    paired_difference_t(mean, se)          the t statistic, row-level.
    paired_difference_p(t, df)             the two-sided p of that t, row-level.
    paired_difference_ci(mean, se, t_crit, sign)   one bound: sign '-' low, '+' high.
    paired_difference_mde(se, t_crit, t_power)     the MDE.
    paired_difference_interval(mean, se, t_crit, low_as, high_as)
        Two select items, `low_as` and `high_as`: the interval's bounds where se > 0, both NULL
        otherwise (a constant difference or one problem: no interval, never a zero-width one), so an
        interval is present exactly when the p of the same t is.
    Shapes: SQL expressions (strings); units of the rates (proportions; x 100 for pp). Errors: none
    raised; NULL inputs give NULL.

    paired_difference_summary(pairs, group_by)
        CTE pattern built on the macros above: a complete SELECT, one row per group_by combination, over
        a relation `pairs` that holds one row per (group, problem) with columns rate_a and rate_b: the
        per-problem rates of model A and model B on a problem BOTH answered. Columns returned:
            n_problems      G, the number of shared problems
            rate_a, rate_b  mean over shared problems of each model's per-problem rate
            sd_a, sd_b      ddof-1 SD of the per-problem rates (NULL when G < 2)
            mean_diff, sd_diff, se_diff, df, t_stat   as above
            n_a_higher, n_b_higher   problems with d_p > 0 / d_p < 0

    effective_sample_size(rate, se, n, g, t_n, t_g)
        Effective sample size of a rate estimated with a cluster-robust SE, with Korn and Graubard's
        degrees-of-freedom adjustment (Korn & Graubard 1998, Survey Methodology 24:193-201; the df
        factor of R survey's svyciprop(method = "beta"), with the cap at n of the NCHS implementation
        of its standards for proportions, Parker et al. 2017):
            n_eff = min(n, rate (1 - rate) / se^2 * (t_n / t_g)^2)
        rate (1 - rate) / se^2 = n / design effect (Kish 1965: design effect = se^2 / (rate (1 - rate) / n));
        t_n = t_{1-a/2, n-1} and t_g = t_{1-a/2, G-1}, the quantiles of the interval's level at the
        attempts' and at the problems' df, so that a design effect estimated from few problems shrinks
        n_eff (G = 5 at 95%: (1.98 / 2.78)^2 = 0.51 for n = 100). Limit cases:
            rate 0 or 1           g: the design effect is 0/0, the spread between problems cannot be
                                  estimated, so each problem counts as one trial: the value when the
                                  samples of every problem agree completely (intra-problem correlation
                                  1; the G problems are then G binomial trials and the t ratio is 1).
                                  (The NCHS implementation takes n here; with the problem as the
                                  unit, 8,400 passing attempts on 60 problems would then give
                                  [99.95%, 100%].) The interval of 0 successes can therefore be wider
                                  than that of 1, whose design effect is estimated (about 1).
            SE 0, 0 < rate < 1    n (every problem at the same rate: the design effect is 0, and
                                  n_eff is capped at n, the limit as the spread vanishes)
            fewer than 2 problems g (no between-problem variance to estimate: each problem one trial)
        NULL when n, rate or (where the estimate is used) t_n or t_g is NULL, or n <= 0: never the
        cap n in their place. With one trial per problem (n = G, t_n = t_g) and 0 < rate < 1 the design
        effect is n/(n - 1) and n_eff = n - 1.
        Shapes: row-level expressions; rate in [0, 1], se >= 0 (same units), n and g counts, t_n and t_g
        t quantiles (t_critical_values at df n - 1 and G - 1).
#}
{% macro binary_sd(successes, n) -%}
    {%- set x = '(cast(' ~ successes ~ ' as double))' -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    (case when {{ nn }} >= 2 then sqrt({{ x }} * ({{ nn }} - {{ x }}) / ({{ nn }} * ({{ nn }} - 1))) end)
{%- endmacro %}

{% macro paired_difference_aggregates(d, n_as='n_shared', mean_as='diff', sd_as='diff_sd') -%}
    count({{ d }}) as {{ n_as }},
        avg(cast({{ d }} as double)) as {{ mean_as }},
        case when count({{ d }}) >= 2 then stddev_samp(cast({{ d }} as double)) end as {{ sd_as }}
{%- endmacro %}

{% macro paired_difference_se(sd, g) -%}
    (case when ({{ g }}) >= 2 then ({{ sd }}) / sqrt(cast({{ g }} as double)) end)
{%- endmacro %}

{% macro paired_difference_df(g) -%}
    {{ cluster_robust_df(g) }}
{%- endmacro %}

{% macro paired_difference_t(mean, se) -%}
    (case when ({{ se }}) > 0 then ({{ mean }}) / ({{ se }}) end)
{%- endmacro %}

{% macro paired_difference_p(t, df) -%}
    (case when ({{ t }}) is not null then {{ t_two_sided_p(t, df) }} end)
{%- endmacro %}

{% macro paired_difference_ci(mean, se, t_crit, sign) -%}
    {%- if sign not in ['-', '+'] -%}
        {{ exceptions.raise_compiler_error("paired_difference_ci: sign must be '-' or '+', got '" ~ sign ~ "'") }}
    {%- endif -%}
    (({{ mean }}) {{ sign }} ({{ t_crit }}) * ({{ se }}))
{%- endmacro %}

{% macro paired_difference_interval(mean, se, t_crit, low_as, high_as) -%}
    case when {{ se }} > 0
            then {{ paired_difference_ci(mean, se, t_crit, '-') }}
        end as {{ low_as }},
        case when {{ se }} > 0
            then {{ paired_difference_ci(mean, se, t_crit, '+') }}
        end as {{ high_as }}
{%- endmacro %}

{% macro paired_difference_mde(se, t_crit, t_power) -%}
    ((({{ t_crit }}) + ({{ t_power }})) * ({{ se }}))
{%- endmacro %}

{% macro paired_difference_summary(pairs, group_by) -%}
    {%- set se = paired_difference_se('sd_diff', 'n_problems') -%}
    select
        {% for column in group_by -%}
        {{ column }},
        {% endfor -%}
        cast(n_problems as bigint) as n_problems,
        rate_a,
        rate_b,
        sd_a,
        sd_b,
        mean_diff,
        sd_diff,
        {{ se }} as se_diff,
        cast({{ paired_difference_df('n_problems') }} as bigint) as df,
        {{ paired_difference_t('mean_diff', se) }} as t_stat,
        n_a_higher,
        n_b_higher
    from (
        select
            {% for column in group_by -%}
            {{ column }},
            {% endfor -%}
            avg(rate_a) as rate_a,
            avg(rate_b) as rate_b,
            stddev_samp(rate_a) as sd_a,
            stddev_samp(rate_b) as sd_b,
            {{ paired_difference_aggregates('rate_a - rate_b', 'n_problems', 'mean_diff', 'sd_diff') }},
            cast(count_if(rate_a > rate_b) as bigint) as n_a_higher,
            cast(count_if(rate_a < rate_b) as bigint) as n_b_higher
        from {{ pairs }}
        group by {{ group_by | join(', ') }}
    ) as paired_difference_aggregates
{%- endmacro %}

{% macro effective_sample_size(rate, se, n, g, t_n, t_g) -%}
    {%- set p = '(cast(' ~ rate ~ ' as double))' -%}
    {%- set s = '(cast(' ~ se ~ ' as double))' -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    {#- least() skips NULLs: a missing input is NULL here, never the cap n in its place -#}
    (case
        when {{ nn }} is null or {{ p }} is null or not ({{ nn }} > 0) then null
        when {{ p }} = 0 or {{ p }} = 1 then cast({{ g }} as double)
        when {{ g }} >= 2 and {{ s }} > 0 then case
            when {{ t_n }} is not null and {{ t_g }} is not null
                then least({{ nn }}, {{ p }} * (1 - {{ p }}) / ({{ s }} * {{ s }})
                    * pow(cast({{ t_n }} as double) / cast({{ t_g }} as double), 2))
        end
        when {{ g }} >= 2 and {{ s }} = 0 then {{ nn }}
        else cast({{ g }} as double)
    end)
{%- endmacro %}
