{#-
    The comparison matrix: every ordered pair (model, other model) of distinct models, for metrics
    pass and build in scope 'all'. Unpaired effect sizes (diff, pooled SD with ddof 1, Cohen's d,
    Cohen's h) and the paired exact McNemar test on the prompts (problem_name, parallelism_model)
    both models attempted; each side of a pair is the prompt's success fraction, so with several
    samples per prompt the test is the exact sign test on the per-prompt differences.
    holm_p: Holm adjustment over the k(k-1)/2 unordered pairs of the metric (each pair counted once;
    both orders of a pair carry the same mcnemar_p and holm_p).
    Reads int_problem_outcomes (prompt level) only.
-#}
{%- set alpha = 1 - confidence_level() -%}
{%- set compared_metrics = ['build', 'pass'] -%}

with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, peer_group from {{ ref('int_models') }}

),

prompt_outcomes as (

    {{ success_metric_rows('int_problem_outcomes', ['model_name', 'parallelism_model', 'problem_name'],
                           compared_metrics) }}

),

counts as (

    select
        model_name,
        metric,
        sum(trials) as n,
        sum(successes) as successes,
        case when sum(trials) > 0 then sum(successes) / sum(trials) end as rate,
        case
            when sum(trials) > 1
                then sqrt(sum(successes) * (sum(trials) - sum(successes)) / (sum(trials) * (sum(trials) - 1.0)))
            when sum(trials) = 1 then 0.0
        end as sd
    from prompt_outcomes
    group by model_name, metric

),

model_pairs as (

    select
        counts.model_name,
        other_counts.model_name as other_model_name,
        counts.metric,
        counts.n,
        counts.successes,
        counts.rate,
        counts.sd,
        other_counts.n as other_n,
        other_counts.successes as other_successes,
        other_counts.rate as other_rate,
        other_counts.sd as other_sd
    from counts
    inner join counts as other_counts
        on counts.metric = other_counts.metric
        and counts.model_name <> other_counts.model_name

),

unpaired_effects as (

    select
        *,
        rate - other_rate as diff,
        case when n > 0 and other_n > 0 then {{ pooled_sd('sd', 'n', 'other_sd', 'other_n') }} end as pooled_sd,
        {{ cohens_h('rate', 'other_rate') }} as cohens_h
    from model_pairs

),

unpaired_d as (

    select
        *,
        {{ cohens_d('rate', 'other_rate', 'pooled_sd') }} as cohens_d,
        case
            when n = 0 or other_n = 0 then 'a model has no trials for this metric'
            when n + other_n <= 2 then 'fewer than 3 trials in the two groups: pooled SD undefined'
            when pooled_sd = 0 then 'pooled SD is 0: each model succeeded on all or on none of its trials'
        end as d_null_reason
    from unpaired_effects

),

usable_prompts as (

    select
        model_name,
        metric,
        problem_name,
        parallelism_model,
        successes / trials as fraction
    from prompt_outcomes
    where trials > 0

),

unordered_pair_tests as (

    select
        usable_prompts.model_name,
        other_prompts.model_name as other_model_name,
        usable_prompts.metric,
        count(*) as n_pairs,
        count_if(usable_prompts.fraction > other_prompts.fraction) as model_only,
        count_if(usable_prompts.fraction < other_prompts.fraction) as other_only
    from usable_prompts
    inner join usable_prompts as other_prompts
        on usable_prompts.metric = other_prompts.metric
        and usable_prompts.problem_name = other_prompts.problem_name
        and usable_prompts.parallelism_model = other_prompts.parallelism_model
        and usable_prompts.model_name < other_prompts.model_name
    group by usable_prompts.model_name, other_prompts.model_name, usable_prompts.metric

),

unordered_pair_p as (

    select
        *,
        {{ mcnemar_exact_p('model_only', 'other_only') }} as mcnemar_p
    from unordered_pair_tests

),

unordered_pair_adjusted as (

    select
        *,
        {{ holm_adjust('mcnemar_p', 'metric', 'model_name, other_model_name') }} as holm_p,
        count(*) over (partition by metric) as n_comparisons
    from unordered_pair_p

),

ordered_pair_tests as (

    select
        model_name,
        other_model_name,
        metric,
        n_pairs,
        model_only,
        other_only,
        mcnemar_p,
        holm_p,
        n_comparisons
    from unordered_pair_adjusted
    union all
    select
        other_model_name as model_name,
        model_name as other_model_name,
        metric,
        n_pairs,
        other_only as model_only,
        model_only as other_only,
        mcnemar_p,
        holm_p,
        n_comparisons
    from unordered_pair_adjusted

),

final as (

    select
        unpaired_d.model_name,
        int_models.display_name,
        int_models.peer_group,
        unpaired_d.other_model_name,
        other_models.display_name as other_display_name,
        other_models.peer_group as other_peer_group,
        'all' as scope,
        unpaired_d.metric,
        unpaired_d.n,
        unpaired_d.successes,
        unpaired_d.rate,
        unpaired_d.other_n,
        unpaired_d.other_successes,
        unpaired_d.other_rate,
        unpaired_d.diff,
        unpaired_d.pooled_sd,
        unpaired_d.cohens_d,
        unpaired_d.d_null_reason,
        unpaired_d.cohens_h,
        coalesce(ordered_pair_tests.n_pairs, 0) as n_pairs,
        coalesce(ordered_pair_tests.model_only, 0) as model_only,
        coalesce(ordered_pair_tests.other_only, 0) as other_only,
        ordered_pair_tests.mcnemar_p,
        ordered_pair_tests.holm_p,
        ordered_pair_tests.n_comparisons,
        ordered_pair_tests.holm_p < {{ alpha }} as significant,
        cast({{ confidence_level() }} as double) as confidence_level
    from unpaired_d
    inner join int_models
        on unpaired_d.model_name = int_models.model_name
    inner join int_models as other_models
        on unpaired_d.other_model_name = other_models.model_name
    left join ordered_pair_tests
        on unpaired_d.model_name = ordered_pair_tests.model_name
        and unpaired_d.other_model_name = ordered_pair_tests.other_model_name
        and unpaired_d.metric = ordered_pair_tests.metric

)

select * from final
