{#-
    The hardware budgets of the deployment table (issue 12): 24 GB (one consumer GPU), 48 GB (one 48 GB
    workstation GPU), 80 GB (one A100/H100 80 GB), 2x80 GB, 8x80 GB (one 8-GPU server), more than
    8x80 GB, and hosted (VRAM not published). Declared once here; fct_deployment_budgets and
    fct_vram_sensitivity read them through the two macros below.

    deployment_budgets(): a relation (select ... from values) with one row per budget - budget_order
    (integer, 1 = smallest ... 6 = more than 8x80 GB, 7 = hosted), budget_label (varchar),
    budget_max_vram_gb (decimal GB, NULL for 6 and 7), is_hosted_budget (boolean).

    deployment_budget_order(vram_gb): the smallest budget that holds a VRAM figure in GB - the first
    budget whose budget_max_vram_gb >= vram_gb, 6 (more than 8x80 GB) above the largest, 7 (hosted)
    when vram_gb is NULL. Shape: one integer per row. No error: a negative figure lands in 24 GB
    (stg_model_vram_sources rejects those).
-#}
{% macro deployment_budget_list() -%}
    {{ return([
        {'order': 1, 'label': '24 GB', 'max_gb': '24.0', 'hosted': false},
        {'order': 2, 'label': '48 GB', 'max_gb': '48.0', 'hosted': false},
        {'order': 3, 'label': '80 GB', 'max_gb': '80.0', 'hosted': false},
        {'order': 4, 'label': '2×80 GB', 'max_gb': '160.0', 'hosted': false},
        {'order': 5, 'label': '8×80 GB', 'max_gb': '640.0', 'hosted': false},
        {'order': 6, 'label': 'more than 8×80 GB', 'max_gb': none, 'hosted': false},
        {'order': 7, 'label': 'hosted (VRAM not published)', 'max_gb': none, 'hosted': true},
    ]) }}
{%- endmacro %}


{% macro deployment_budgets() -%}
    select * from (
        values
        {%- for budget in deployment_budget_list() %}
        ({{ budget.order }}, '{{ budget.label }}', {{ budget.max_gb if budget.max_gb else 'null' }},
            {{ 'true' if budget.hosted else 'false' }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as b (budget_order, budget_label, budget_max_vram_gb, is_hosted_budget)
{%- endmacro %}


{% macro deployment_budget_order(vram_gb) -%}
    case
        when {{ vram_gb }} is null then 7
        {%- for budget in deployment_budget_list() if budget.max_gb %}
        when {{ vram_gb }} <= {{ budget.max_gb }} then {{ budget.order }}
        {%- endfor %}
        else 6
    end
{%- endmacro %}
