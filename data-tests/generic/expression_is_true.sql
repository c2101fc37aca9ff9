{#
    expression_is_true: every row satisfies a boolean SQL expression. A NULL result counts as satisfied
    (write `x is not null and ...` to require presence). Optional `where` restricts the rows checked.
    Fails with the offending rows.
#}
{% test expression_is_true(model, expression, where=none, column_name=none) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), true)
{%- if where %}
    and ({{ where }})
{%- endif %}

{% endtest %}
