{#-
    Deployment budgets: one row per (scope, budget, model that fits the budget), for the models tiered
    on pass@1 in fct_model_tiers (scope = each parallelism model and 'all').

    Budgets (GB of VRAM, smallest first; macros/profiles/deployment_budgets.sql): 24 GB (one consumer
    GPU), 48 GB (one 48 GB workstation GPU), 80 GB (one A100/H100 80 GB), 2x80 GB, 8x80 GB (one 8-GPU
    server), more than 8x80 GB, and hosted (VRAM not published). A model with known VRAM fits every
    budget from the smallest that holds its figure (vram_gb <= budget_max_vram_gb) upwards, up to and
    including 'more than 8x80 GB'; a model without a VRAM figure fits only the hosted budget. vram_gb is fct_resource_efficiency's (the var
    vram_source's figure).

    Best in a budget: the model with full coverage that fits it and comes first in fct_model_tiers'
    order (position: pass@1 order). is_separated_from_best: the best model has a significantly higher
    pass@1 than this one (fct_pairwise_comparisons, paired t test over problems, Holm over all pairs
    of the scope, exploratory).

    Dominated: another model whose own (smallest) budget is the same or smaller - hosted models compare
    only with hosted models - has a significantly higher pass@1 (same all-pairs test); dominated_by_* is
    the first such model in pass@1 order, with its paired difference and the interval at its Holm step.
    Domination is a property of the model and the scope, repeated on each of the model's budget rows.
-#}

with

fct_model_tiers as (

    select
        model_name,
        display_name,
        is_reference_model,
        scope,
        tier,
        n_tiers,
        position,
        rate as pass_rate,
        rate_ci_low as pass_ci_low,
        rate_ci_high as pass_ci_high,
        is_full_coverage
    from {{ ref('fct_model_tiers') }}
    where metric = 'pass' and is_tiered

),

fct_resource_efficiency as (

    select model_name, vram_gb, vram_source from {{ ref('fct_resource_efficiency') }}

),

int_models as (

    select model_name, is_in_registry from {{ ref('int_models') }}

),

fct_pairwise_comparisons as (

    select
        model_name,
        other_model_name,
        scope,
        diff,
        holm_ci_low,
        holm_ci_high,
        holm_confidence_level
    from {{ ref('fct_pairwise_comparisons') }}
    where metric = 'pass' and significant and diff > 0

),

budgets as (

    {{ deployment_budgets() }}

),

models_with_vram as (

    select
        fct_model_tiers.*,
        fct_resource_efficiency.vram_gb,
        fct_resource_efficiency.vram_source,
        coalesce(int_models.is_in_registry, false) as is_in_registry
    from fct_model_tiers
    left join fct_resource_efficiency
        on fct_model_tiers.model_name = fct_resource_efficiency.model_name
    left join int_models
        on fct_model_tiers.model_name = int_models.model_name

),

own_budget as (

    {#- the smallest budget that holds the model -#}
    select
        models_with_vram.*,
        {{ deployment_budget_order('models_with_vram.vram_gb') }} as own_budget_order
    from models_with_vram

),

dominators as (

    {#- every (model, better model of the same or a smaller budget) pair, first in pass@1 order first -#}
    select
        own_budget.scope,
        own_budget.model_name,
        better.model_name as dominated_by_model_name,
        better.display_name as dominated_by_display_name,
        fct_pairwise_comparisons.diff as dominated_by_diff,
        fct_pairwise_comparisons.holm_ci_low as dominated_by_ci_low,
        fct_pairwise_comparisons.holm_ci_high as dominated_by_ci_high,
        fct_pairwise_comparisons.holm_confidence_level as dominated_by_confidence_level,
        row_number() over (
            partition by own_budget.scope, own_budget.model_name
            order by better.position, better.model_name
        ) as dominator_order
    from own_budget
    inner join own_budget as better
        on
            own_budget.scope = better.scope
            and own_budget.model_name <> better.model_name
            and (
                (own_budget.own_budget_order = 7 and better.own_budget_order = 7)
                or (own_budget.own_budget_order < 7 and better.own_budget_order <= own_budget.own_budget_order)
            )
    inner join fct_pairwise_comparisons
        on
            own_budget.scope = fct_pairwise_comparisons.scope
            and better.model_name = fct_pairwise_comparisons.model_name
            and own_budget.model_name = fct_pairwise_comparisons.other_model_name

),

fits as (

    select
        budgets.budget_order,
        budgets.budget_label,
        budgets.budget_max_vram_gb,
        budgets.is_hosted_budget,
        own_budget.*,
        own_budget.own_budget_order = budgets.budget_order as is_own_budget
    from own_budget
    inner join budgets
        on
            (budgets.is_hosted_budget and own_budget.own_budget_order = 7)
            or (not budgets.is_hosted_budget and own_budget.own_budget_order <= budgets.budget_order)

),

best as (

    select
        scope,
        budget_order,
        model_name as best_model_name,
        display_name as best_display_name
    from (
        select
            scope,
            budget_order,
            model_name,
            display_name,
            row_number() over (partition by scope, budget_order order by position, model_name) as order_in_budget
        from fits
        where is_full_coverage
    )
    where order_in_budget = 1

),

final as (

    select
        fits.scope,
        fits.budget_order,
        fits.budget_label,
        fits.budget_max_vram_gb,
        fits.is_hosted_budget,
        fits.model_name,
        fits.display_name,
        fits.is_reference_model,
        fits.vram_gb,
        fits.vram_source,
        fits.is_in_registry,
        budgets.budget_label as own_budget_label,
        fits.is_own_budget,
        fits.tier,
        fits.n_tiers,
        fits.position,
        fits.pass_rate,
        fits.pass_ci_low,
        fits.pass_ci_high,
        fits.is_full_coverage,
        best.best_model_name,
        best.best_display_name,
        coalesce(fits.model_name = best.best_model_name, false) as is_best_in_budget,
        separated.model_name is not null as is_separated_from_best,
        dominators.dominated_by_model_name is not null as is_dominated,
        dominators.dominated_by_model_name,
        dominators.dominated_by_display_name,
        dominators.dominated_by_diff,
        dominators.dominated_by_ci_low,
        dominators.dominated_by_ci_high,
        dominators.dominated_by_confidence_level
    from fits
    inner join budgets
        on fits.own_budget_order = budgets.budget_order
    left join best
        on fits.scope = best.scope and fits.budget_order = best.budget_order
    left join fct_pairwise_comparisons as separated
        on
            fits.scope = separated.scope
            and best.best_model_name = separated.model_name
            and fits.model_name = separated.other_model_name
    left join dominators
        on
            fits.scope = dominators.scope
            and fits.model_name = dominators.model_name
            and dominators.dominator_order = 1

)

select * from final
