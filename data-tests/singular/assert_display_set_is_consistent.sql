{#-
    fct_success_rates.in_display_set (the models the report's per-model charts and tables show) is one
    value per model, always holds the reference model and every model int_pairwise_models includes, and
    holds a model left out of int_pairwise_models only when every model is shown or it is the base of an
    included derived model. When models are left out, the display set is at most max_pairwise_models +
    the reference + one base per included model. Returns the offending models.
-#}

with

per_model as (

    select
        model_name,
        count(distinct in_display_set) as n_values,
        bool_or(in_display_set) as in_display_set,
        bool_or(is_reference_model) as is_reference_model,
        max(base_model_name) as base_model_name,
        max(display_set_reason) as display_set_reason
    from {{ ref('fct_success_rates') }}
    group by model_name

),

int_pairwise_models as (

    select model_name, is_included, max_pairwise_models
    from {{ ref('int_pairwise_models') }}

),

included_derived as (

    select per_model.base_model_name as model_name
    from per_model
    inner join int_pairwise_models
        on per_model.model_name = int_pairwise_models.model_name
    where int_pairwise_models.is_included and per_model.base_model_name is not null

),

checked as (

    select
        per_model.model_name,
        per_model.n_values,
        per_model.in_display_set,
        per_model.is_reference_model,
        per_model.display_set_reason,
        int_pairwise_models.is_included,
        int_pairwise_models.max_pairwise_models,
        per_model.model_name in (select included_derived.model_name from included_derived) as is_included_base,
        count(*) filter (where per_model.in_display_set) over () as n_shown,
        count(*) over () as n_models
    from per_model
    inner join int_pairwise_models
        on per_model.model_name = int_pairwise_models.model_name

)

select *
from checked
where n_values <> 1
    or (is_reference_model and not in_display_set)
    or (is_included and not in_display_set)
    or (in_display_set and not is_included and not is_included_base and display_set_reason <> 'every model')
    or (n_shown < n_models and n_shown > max_pairwise_models + 1 + (
        select count(distinct included_derived.model_name) from included_derived
    ))
    or (display_set_reason = 'every model' and n_shown <> n_models)
