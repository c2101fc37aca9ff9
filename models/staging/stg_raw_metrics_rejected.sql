with

base_raw_metrics as (

    select * from {{ ref('base_raw_metrics') }}

),

rejected as (

    select
        input_row_number,
        rejection_reason,
        {% for column in raw_metrics_required_columns() + raw_metrics_optional_columns() -%}
        {{ raw_metrics_raw_value_of(column) }} as raw_{{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from base_raw_metrics
    where rejection_reason is not null

)

select * from rejected
