{#-
    fct_vram_sensitivity's budget per scenario follows the thresholds written out here (24, 48, 80, 160,
    640 GB; above: more than 8x80 GB; no figure: hosted), budget_holds_under_every_source is true exactly
    when the model has one budget over its scenarios, and the default scenario's budget is the one
    fct_deployment_budgets gives the model (own_budget_label). Returns the offending rows.
-#}

with

sensitivity as (

    select
        model_name,
        scenario,
        is_default_scenario,
        vram_gb,
        budget_label,
        budget_holds_under_every_source,
        case
            when vram_gb is null then 'hosted (VRAM not published)'
            when vram_gb <= 24 then '24 GB'
            when vram_gb <= 48 then '48 GB'
            when vram_gb <= 80 then '80 GB'
            when vram_gb <= 160 then '2×80 GB'
            when vram_gb <= 640 then '8×80 GB'
            else 'more than 8×80 GB'
        end as expected_budget_label
    from {{ ref('fct_vram_sensitivity') }}

),

per_model as (

    select model_name, count(distinct expected_budget_label) = 1 as expected_holds
    from sensitivity
    group by model_name

),

deployment as (

    select distinct model_name, own_budget_label
    from {{ ref('fct_deployment_budgets') }}

)

select
    sensitivity.model_name,
    sensitivity.scenario,
    sensitivity.vram_gb,
    sensitivity.budget_label,
    sensitivity.expected_budget_label,
    sensitivity.budget_holds_under_every_source,
    per_model.expected_holds,
    deployment.own_budget_label
from sensitivity
inner join per_model
    on sensitivity.model_name = per_model.model_name
left join deployment
    on sensitivity.model_name = deployment.model_name
where sensitivity.budget_label <> sensitivity.expected_budget_label
    or sensitivity.budget_holds_under_every_source <> per_model.expected_holds
    or (sensitivity.is_default_scenario and deployment.own_budget_label <> sensitivity.budget_label)
