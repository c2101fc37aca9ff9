{#
    holm_step_levels(relation, p_col, partition_by, order_tiebreak, alpha)
        CTE pattern: a complete SELECT of relation.* plus, per row, the Holm (1979) step-down decision
        and the per-comparison level of the step that decided it, so that an interval printed beside
        a Holm decision agrees with it.

        Within each family (partition_by, a list of column names) sort the non-NULL p-values ascending,
        p_(1) <= ... <= p_(m) (ties broken by order_tiebreak). Holm rejects H_(i) iff
        p_(j) < alpha / (m - j + 1) for every j <= i. Let j* be the first rank where that fails
        (infinity if none). The row at rank i is decided at step min(i, j*), whose level is
            holm_step_alpha = alpha / (m - min(i, j*) + 1).
        The (1 - holm_step_alpha) interval from the same statistic as p (here the t interval) then
        excludes 0 exactly when the row is rejected:
          * rejected (i < j*): p_(i) < alpha / (m - i + 1) = holm_step_alpha, so the interval at that
            level excludes 0;
          * not rejected (i >= j*): p_(i) >= p_(j*) >= alpha / (m - j* + 1) = holm_step_alpha, so it
            includes 0.
        (One of the interval choices the issue allows: "the interval at the level of the Holm step
        that decided it". Simultaneous coverage is that of Bonferroni at the decided steps; it is not
        the Strassburger–Bretz compatible region, which has no closed form.)

        Added columns: holm_rank (i; NULL p rank last; p-values equal to 12 decimals are ties, ordered
        by order_tiebreak, so floating-point noise never decides the order), holm_m (m, the number of non-NULL p in the
        family), holm_first_unrejected_rank (j*, NULL when every hypothesis is rejected),
        holm_rejected (boolean, NULL for NULL p), holm_step_alpha (NULL for NULL p).
        Agrees with holm_adjust(): holm_rejected <=> holm_p < alpha (checked by a data test).
        Shapes: relation is a relation or CTE name; p_col a column of it; alpha a number.
#}
{% macro holm_step_levels(relation, p_col, partition_by, order_tiebreak, alpha) -%}
    {%- set part = 'partition by ' ~ (partition_by | join(', ')) -%}
    select
        *,
        case when {{ p_col }} is not null then
            holm_rank < coalesce(holm_first_unrejected_rank, holm_m + 1) end as holm_rejected,
        case when {{ p_col }} is not null then
            {{ alpha }} / (holm_m - least(holm_rank, coalesce(holm_first_unrejected_rank, holm_rank)) + 1.0)
        end as holm_step_alpha
    from (
        select
            *,
            min(case when {{ p_col }} is not null and {{ p_col }} >= {{ alpha }} / (holm_m - holm_rank + 1.0)
                then holm_rank end) over ({{ part }}) as holm_first_unrejected_rank
        from (
            select
                {{ relation }}.*,
                row_number() over ({{ part }} order by round({{ p_col }}, 12) asc nulls last, {{ order_tiebreak }})
                    as holm_rank,
                count({{ p_col }}) over ({{ part }}) as holm_m
            from {{ relation }}
        ) as ranked
    ) as stepped
{%- endmacro %}
