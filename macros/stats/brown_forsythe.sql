{#
    Brown-Forsythe test of equal variances (Levene's test with the group median as centre;
    Brown & Forsythe 1974; = scipy.stats.levene(..., center='median')).

        z_ij = |y_ij - median_i|,  W = ((N - k)/(k - 1)) sum_i n_i (zbar_i - zbar)^2
                                        / sum_i sum_j (z_ij - zbar_i)^2  ~  F(k - 1, N - k)

    brown_forsythe_p(w, k, n_total)  p = f_sf(W, k - 1, N - k); NULL when k < 2 or N <= k.

    brown_forsythe_test(relation, group_col, value_col, family_cols=[])  CTE pattern: returns a
        complete SELECT (use it as a CTE body: `with bf as ({{ brown_forsythe_test(ref('x'),
        'model_name', 'score', ['domain']) }})`) with one row per family:
        family columns, k, n_total, w, df1, df2, p_value. NULL values are ignored; families with
        fewer than two groups or no within-group degrees of freedom (N <= k) get no row; a family
        whose within-group dispersion is 0 gets w and p_value NULL.
    The statistic uses DuckDB's median() (interpolating, = numpy.median) and var_pop().
    Engine-agnostic except through f_sf (dispatched).

    brown_forsythe_from_groups(relation, group_col, n_col, zbar_col, ss_col, family_cols=[])  the same
        test from per-group summaries (one row per group of a family): n_col = n_i, zbar_col = zbar_i
        (mean of |y_ij - median_i|), ss_col = sum_j (z_ij - zbar_i)^2 (var_pop(z) * n_i). Same output and
        NULL rules as brown_forsythe_test, which computes the summaries and calls it. For a caller that
        already aggregates its rows per group (fct_assumption_checks: one pass for moments and z).
#}
{% macro brown_forsythe_p(w, k, n_total) -%}
    (case when cast({{ k }} as double) >= 2 and cast({{ n_total }} as double) > cast({{ k }} as double) then
        {{ pareval_report.f_sf(w, '(cast(' ~ k ~ ' as double) - 1)',
            '(cast(' ~ n_total ~ ' as double) - cast(' ~ k ~ ' as double))') }}
    end)
{%- endmacro %}

{% macro brown_forsythe_test(relation, group_col, value_col, family_cols=[]) -%}
    {%- set fam = family_cols | list -%}
    {%- set fam_sel = (fam | join(', ') ~ ', ') if fam else '' -%}
    {%- set fam_grp = (fam | join(', ') ~ ', ') if fam else '' -%}
    {%- set fam_using = 'using (' ~ (fam + ['_bf_g']) | join(', ') ~ ')' -%}
    with _bf_src as (
        select {{ fam_sel }}{{ group_col }} as _bf_g, cast({{ value_col }} as double) as _bf_y
        from {{ relation }}
        where {{ value_col }} is not null
    ),
    _bf_med as (
        select {{ fam_sel }}_bf_g, median(_bf_y) as _bf_md
        from _bf_src
        group by {{ fam_grp }}_bf_g
    ),
    _bf_groups as (
        select
            {{ fam_sel }}_bf_g,
            count(*) as _bf_n,
            avg(abs(_bf_y - _bf_md)) as _bf_zbar,
            var_pop(abs(_bf_y - _bf_md)) * count(*) as _bf_ss
        from _bf_src join _bf_med {{ fam_using }}
        group by {{ fam_grp }}_bf_g
    )
    select * from (
        {{ pareval_report.brown_forsythe_from_groups('_bf_groups', '_bf_g', '_bf_n', '_bf_zbar', '_bf_ss', fam) }}
    ) as _bf_result
{%- endmacro %}

{% macro brown_forsythe_from_groups(relation, group_col, n_col, zbar_col, ss_col, family_cols=[]) -%}
    {%- set fam = family_cols | list -%}
    {%- set fam_sel = (fam | join(', ') ~ ', ') if fam else '' -%}
    with _bf_summaries as (
        select
            {{ fam_sel }}{{ group_col }} as _bf_g,
            {{ n_col }} as _bf_n,
            {{ zbar_col }} as _bf_zbar,
            {{ ss_col }} as _bf_ss
        from {{ relation }}
    ),
    _bf_family as (
        select
            {{ fam_sel }}count(*) as k,
            sum(_bf_n) as n_total,
            sum(_bf_n * _bf_zbar) / sum(_bf_n) as _bf_zbar_all,
            sum(_bf_ss) as _bf_within
        from _bf_summaries
        {% if fam %}group by {{ fam | join(', ') }}{% endif %}
    ),
    _bf_stat as (
        select
            {% for c in fam %}f.{{ c }}, {% endfor %}
            any_value(f.k) as k,
            any_value(f.n_total) as n_total,
            (any_value(f.n_total) - any_value(f.k)) / (any_value(f.k) - 1.0)
                * sum(g._bf_n * pow(g._bf_zbar - f._bf_zbar_all, 2))
                / nullif(any_value(f._bf_within), 0) as w
        from _bf_family as f
        {% if fam %}join _bf_summaries as g using ({{ fam | join(', ') }}){% else %}cross join _bf_summaries as g{% endif %}
        where f.k >= 2 and f.n_total > f.k  -- a test needs two groups and within-group df
        group by {% for c in fam %}f.{{ c }}, {% endfor %}f._bf_zbar_all
    )
    select
        {{ fam_sel }}k, n_total, w,
        k - 1 as df1,
        n_total - k as df2,
        {{ pareval_report.brown_forsythe_p('w', 'k', 'n_total') }} as p_value
    from _bf_stat
{%- endmacro %}
