{#-
    Derived model vs its base model (spec §4.1, quantization/optimisation effects): one row per
    (derived model, scope) for every registry model whose base_model is also in the data; scope = each
    parallelism model both have, and 'all'. Paired on the prompts (parallelism_model, problem_name) both
    models attempted. A prompt's outcome is its share of attempts that built / passed (0 or 1 with one
    sample per prompt). For build and pass: both rates on the shared prompts, the mean paired difference
    (derived − base), the discordant counts (derived better / base better) and the exact two-sided McNemar
    p (macro mcnemar_exact_p; with several samples per prompt this is the exact sign test on the
    prompt-level differences). Also the VRAM ratio (derived / base; NULL if either is unknown) and both
    quantizations.
-#}

with

int_problem_outcomes as (

    select
        model_name,
        parallelism_model,
        problem_name,
        n_attempts,
        n_did_build,
        n_are_all_valid
    from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select
        model_name,
        model_key,
        display_name,
        base_model_key,
        quantization,
        vram_gb
    from {{ ref('int_models') }}

),

pairs_of_models as (

    select
        derived.model_name,
        derived.display_name,
        derived.quantization,
        derived.vram_gb,
        base.model_name as base_model_name,
        base.display_name as base_display_name,
        base.quantization as base_quantization,
        base.vram_gb as base_vram_gb
    from int_models as derived
    inner join int_models as base
        on derived.base_model_key = base.model_key

),

paired_prompts as (

    select
        pairs_of_models.model_name,
        derived.parallelism_model,
        derived.problem_name,
        derived.n_did_build / derived.n_attempts as derived_build,
        base.n_did_build / base.n_attempts as base_build,
        derived.n_are_all_valid / derived.n_attempts as derived_pass,
        base.n_are_all_valid / base.n_attempts as base_pass
    from pairs_of_models
    inner join int_problem_outcomes as derived
        on pairs_of_models.model_name = derived.model_name
    inner join int_problem_outcomes as base
        on pairs_of_models.base_model_name = base.model_name
        and derived.parallelism_model = base.parallelism_model
        and derived.problem_name = base.problem_name

),

paired_summaries as (

    select
        model_name,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        count(*) as n_shared_prompts,
        {% for metric in ['build', 'pass'] -%}
        avg(derived_{{ metric }}) as {{ metric }}_rate,
        avg(base_{{ metric }}) as base_{{ metric }}_rate,
        avg(derived_{{ metric }} - base_{{ metric }}) as {{ metric }}_difference,
        count_if(derived_{{ metric }} > base_{{ metric }}) as {{ metric }}_n_derived_better,
        count_if(derived_{{ metric }} < base_{{ metric }}) as {{ metric }}_n_base_better{{ ',' if not loop.last }}
        {% endfor %}
    from paired_prompts
    group by grouping sets ((model_name, parallelism_model), (model_name))

),

final as (

    select
        pairs_of_models.model_name,
        pairs_of_models.display_name,
        pairs_of_models.base_model_name,
        pairs_of_models.base_display_name,
        paired_summaries.scope,
        pairs_of_models.quantization,
        pairs_of_models.base_quantization,
        pairs_of_models.vram_gb,
        pairs_of_models.base_vram_gb,
        pairs_of_models.vram_gb / nullif(pairs_of_models.base_vram_gb, 0) as vram_ratio_to_base,
        paired_summaries.n_shared_prompts,
        {% for metric in ['build', 'pass'] -%}
        paired_summaries.{{ metric }}_rate,
        paired_summaries.base_{{ metric }}_rate,
        paired_summaries.{{ metric }}_difference,
        cast(paired_summaries.{{ metric }}_n_derived_better as bigint) as {{ metric }}_n_derived_better,
        cast(paired_summaries.{{ metric }}_n_base_better as bigint) as {{ metric }}_n_base_better,
        {{ mcnemar_exact_p('paired_summaries.' ~ metric ~ '_n_derived_better',
                           'paired_summaries.' ~ metric ~ '_n_base_better') }}
            as {{ metric }}_mcnemar_p{{ ',' if not loop.last }}
        {% endfor %}
    from pairs_of_models
    inner join paired_summaries
        on pairs_of_models.model_name = paired_summaries.model_name

)

select * from final
