{#
    Cluster-robust standard error of a mean (CR1-style small-cluster correction).

    cluster_robust_se(sum_sq_cluster_residuals, n, g)
        SE = sqrt(G / (G - 1) * S) / n,   S = sum_c (sum_{i in c} (y_i - ybar))^2
    cluster_robust_df(g)
        df = G - 1  (use with t_quantile(p, df) for the interval; Cameron & Miller 2015)

    S is the sum over clusters of the squared within-cluster sums of residuals around the overall
    mean, n the number of observations, G the number of clusters. Both macros return NULL when
    G < 2 (no between-cluster variation to estimate) or n <= 0.

    Form chosen: Miller (2024, arXiv 2411.00640, Appendix A) gives sqrt(S)/n; Inspect AI
    (inspect_ai scorer/_metrics/std.py, stderr(cluster=...)) multiplies by sqrt(G/(G-1)), the
    finite-cluster correction. We use Inspect's form because with few clusters (60 base problems
    here, fewer in per-domain subsets) the uncorrected sandwich is biased downwards by (G-1)/G,
    and it makes the estimate reduce to the ordinary sample-SD SE (ddof 1) when every cluster
    holds one observation -- consistent with the rest of the report. The t reference with G - 1
    df matches the same small-sample logic.

    Pattern (one mean per family; table scores(family, cluster_id, y)):
        with means as (
            select family, avg(y) as ybar, count(*) as n, count(distinct cluster_id) as g
            from scores group by family
        ),
        cluster_sums as (
            select s.family, s.cluster_id, sum(s.y - m.ybar) as r
            from scores as s join means as m using (family)
            group by s.family, s.cluster_id
        )
        select m.family, m.ybar,
            {{ cluster_robust_se('sum(c.r * c.r)', 'any_value(m.n)', 'any_value(m.g)') }} as se,
            {{ cluster_robust_df('any_value(m.g)') }} as df
        from cluster_sums as c join means as m using (family)
        group by m.family, m.ybar
    For a paired comparison apply the same pattern to y = s_A - s_B per problem.
    Plain arithmetic: no dispatch.
#}
{% macro cluster_robust_se(sum_sq_cluster_residuals, n, g) -%}
    {%- set gg = '(cast(' ~ g ~ ' as double))' -%}
    {%- set nn = '(cast(' ~ n ~ ' as double))' -%}
    (case when {{ gg }} >= 2 and {{ nn }} > 0 then
        sqrt({{ gg }} / ({{ gg }} - 1) * cast({{ sum_sq_cluster_residuals }} as double)) / {{ nn }}
    end)
{%- endmacro %}

{% macro cluster_robust_df(g) -%}
    (case when cast({{ g }} as double) >= 2 then cast({{ g }} as double) - 1 end)
{%- endmacro %}

{#
    binary_cluster_residual_sq(successes, trials, group_successes, group_trials): one cluster's term of
    S for a binary outcome, (successes − trials · rate)^2 = (sum_{i in c} (y_i − rate))^2 with y_i in
    {0, 1} and rate = group_successes / group_trials, the rate of the cluster's group. Sum it over the
    group's clusters (problems) for cluster_robust_se's S. Written as
    ((successes · group_trials − trials · group_successes) / group_trials)^2: the difference is taken
    in integers, so a cluster at exactly the group's rate contributes exactly 0 (as a double,
    successes − trials · rate leaves ~1e-16 when the rate has no exact binary form, e.g. 7/25, and a
    group whose problems all have the same rate would get an SE of ~1e-16 instead of 0, so an effective
    sample size of n instead of G). Arguments: integer counts (SQL expressions), group_trials > 0.
#}
{% macro binary_cluster_residual_sq(successes, trials, group_successes, group_trials) -%}
    pow(cast(({{ successes }}) * ({{ group_trials }}) - ({{ trials }}) * ({{ group_successes }}) as double)
        / ({{ group_trials }}), 2)
{%- endmacro %}
