{#-
    Serial against every other parallelism model, within each model, paired on the problems the model
    attempted in both: one row per (model, parallelism model, metric) for build and pass.

    Pairing: a problem's outcome in a parallelism model is its share of successful attempts (0/1 with
    one sample per prompt). baseline_only / other_only count the problems where the serial share is
    higher / lower; the exact McNemar test on those discordant counts is the paired test (with several
    samples it is the exact sign test on the per-problem differences). Holm's correction runs across
    models within each (parallelism model, metric) family. diff = serial rate − other rate on the paired
    problems; positive means serial code succeeds more often.
-#}
{%- set baseline = gap_parallelism_models()['minuend'] -%}
{%- set alpha = 1 - confidence_level() -%}

with

int_problem_outcomes as (

    select * from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

shares_per_prompt as (

    select
        model_name,
        parallelism_model,
        problem_name,
        n_did_build / n_attempts as build_share,
        n_are_all_valid / n_attempts as pass_share
    from int_problem_outcomes
    where n_attempts > 0

),

paired_problems as (

    select
        baseline.model_name,
        other.parallelism_model,
        baseline.problem_name,
        baseline.build_share as baseline_build,
        other.build_share as other_build,
        baseline.pass_share as baseline_pass,
        other.pass_share as other_pass
    from shares_per_prompt as baseline
    inner join shares_per_prompt as other
        on baseline.model_name = other.model_name
        and baseline.problem_name = other.problem_name
    where baseline.parallelism_model = {{ sql_string_literal(baseline) }}
        and other.parallelism_model <> {{ sql_string_literal(baseline) }}

),

paired_long as (

    {% for metric in ['build', 'pass'] -%}
    select
        model_name,
        parallelism_model,
        problem_name,
        '{{ metric }}' as metric,
        baseline_{{ metric }} as baseline_share,
        other_{{ metric }} as other_share
    from paired_problems
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

discordance as (

    select
        model_name,
        parallelism_model,
        metric,
        count(*) as n_pairs,
        avg(baseline_share) as baseline_rate,
        avg(other_share) as rate,
        count_if(baseline_share > other_share) as baseline_only,
        count_if(other_share > baseline_share) as other_only
    from paired_long
    group by model_name, parallelism_model, metric

),

tested as (

    select
        *,
        baseline_rate - rate as diff,
        {{ mcnemar_exact_p('baseline_only', 'other_only') }} as mcnemar_p
    from discordance

),

adjusted as (

    select
        *,
        {{ holm_adjust('mcnemar_p', 'parallelism_model, metric', 'model_name') }} as holm_p
    from tested

),

final as (

    select
        adjusted.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        {{ sql_string_literal(baseline) }} as baseline_parallelism_model,
        adjusted.parallelism_model,
        adjusted.metric,
        cast(adjusted.n_pairs as bigint) as n_pairs,
        adjusted.baseline_rate,
        adjusted.rate,
        adjusted.diff,
        cast(adjusted.baseline_only as bigint) as baseline_only,
        cast(adjusted.other_only as bigint) as other_only,
        adjusted.mcnemar_p,
        adjusted.holm_p,
        adjusted.holm_p < {{ alpha }} as significant,
        {{ confidence_level() }}::double as confidence_level
    from adjusted
    inner join int_models
        on adjusted.model_name = int_models.model_name

)

select * from final
