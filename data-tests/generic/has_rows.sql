{#
    has_rows: the model holds at least `min_rows` rows (default 1). Used on the parsed input so that a
    header-only or empty results file stops the build with a clear failure instead of an empty report.
#}
{% test has_rows(model, min_rows=1) %}

select
    count(*) as rows_found,
    {{ min_rows }} as rows_required
from {{ model }}
having count(*) < {{ min_rows }}

{% endtest %}
