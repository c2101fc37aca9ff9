{#-
    Performance tiers the tests support, per (scope, metric) family (metrics build and pass; scopes each
    parallelism model and 'all'), one row per (model, scope, metric) of int_problem_rates for those metrics.

    Rule (clean breaks): order the models of int_pairwise_models by rate (descending, ties by model_name;
    fct_model_ranks.position). A tier boundary is placed between positions c and c + 1 only when every model
    at positions <= c is significantly better than every model at positions > c in the all-pairs family
    (fct_pairwise_comparisons: Holm-significant with a positive paired difference; a pair without a test
    is not separated). Tiers are the runs between boundaries. So "tier X of Y" always means: every model of
    a lower-numbered tier is significantly better than this model, and this model is significantly better
    than every model of a higher-numbered tier; models within a tier may or may not differ (their letters
    say which). Computed in O(k^2): a boundary after c is blocked when some unseparated pair spans it, i.e.
    when the running maximum over positions <= c of the farthest unseparated position exceeds c.

    Order within a tier (order_in_tier, is_tier_leader): models with full coverage first, then by rate, so a
    model that answered 3 of 10 problems never leads a tier on its 3 problems; coverage is flagged in
    coverage_note and in the rationale. Models outside int_pairwise_models have tier NULL and say why.
    rationale shows the tier, the compact letters and the 95% bootstrap rank interval (fct_model_ranks).
-#}
{%- set compared_metrics = ['build', 'pass'] -%}

with

int_problem_rates as (

    select * from {{ ref('int_problem_rates') }}

),

int_pairwise_models as (

    select * from {{ ref('int_pairwise_models') }}

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

fct_model_ranks as (

    select * from {{ ref('fct_model_ranks') }}

),

fct_pairwise_comparisons as (

    select * from {{ ref('fct_pairwise_comparisons') }}

),

unseparated_reach as (

    -- per model: the farthest lower-ranked position it is not significantly better than
    select
        upper.scope,
        upper.metric,
        upper.position,
        max(lower.position) filter (
            where not coalesce(pairs.significant and pairs.diff > 0, false)
        ) as reach
    from fct_model_ranks as upper
    inner join fct_model_ranks as lower
        on upper.scope = lower.scope
        and upper.metric = lower.metric
        and lower.position > upper.position
    left join fct_pairwise_comparisons as pairs
        on pairs.model_name = upper.model_name
        and pairs.other_model_name = lower.model_name
        and pairs.scope = upper.scope
        and pairs.metric = upper.metric
    group by upper.scope, upper.metric, upper.position

),

boundaries as (

    select
        fct_model_ranks.scope,
        fct_model_ranks.metric,
        fct_model_ranks.position,
        fct_model_ranks.position < fct_model_ranks.n_models
            and coalesce(max(unseparated_reach.reach) over (
                partition by fct_model_ranks.scope, fct_model_ranks.metric
                order by fct_model_ranks.position
                rows between unbounded preceding and current row
            ), 0) <= fct_model_ranks.position as is_boundary_after
    from fct_model_ranks
    left join unseparated_reach
        on fct_model_ranks.scope = unseparated_reach.scope
        and fct_model_ranks.metric = unseparated_reach.metric
        and fct_model_ranks.position = unseparated_reach.position

),

tiers as (

    select
        scope,
        metric,
        position,
        cast(1 + coalesce(sum(case when is_boundary_after then 1 else 0 end) over (
            partition by scope, metric order by position
            rows between unbounded preceding and 1 preceding
        ), 0) as bigint) as tier
    from boundaries

),

tiered as (

    select
        fct_model_ranks.*,
        tiers.tier,
        max(tiers.tier) over (partition by fct_model_ranks.scope, fct_model_ranks.metric) as n_tiers,
        cast(row_number() over (
            partition by fct_model_ranks.scope, fct_model_ranks.metric, tiers.tier
            order by fct_model_ranks.is_full_coverage desc, fct_model_ranks.position
        ) as bigint) as order_in_tier,
        count(*) over (partition by fct_model_ranks.scope, fct_model_ranks.metric, tiers.tier) as tier_size
    from fct_model_ranks
    inner join tiers
        on fct_model_ranks.scope = tiers.scope
        and fct_model_ranks.metric = tiers.metric
        and fct_model_ranks.position = tiers.position

),

excluded as (

    select
        int_problem_rates.model_name,
        int_problem_rates.scope,
        int_problem_rates.metric,
        count(*) as n_problems,
        avg(int_problem_rates.problem_rate) as rate,
        any_value(int_pairwise_models.inclusion_reason) as inclusion_reason
    from int_problem_rates
    inner join int_pairwise_models
        on int_problem_rates.model_name = int_pairwise_models.model_name
    where not int_pairwise_models.is_included
        and int_problem_rates.metric in ({{ "'" ~ compared_metrics | join("', '") ~ "'" }})
    group by int_problem_rates.model_name, int_problem_rates.scope, int_problem_rates.metric

),

tiered_rows as (

    select
        model_name,
        scope,
        metric,
        true as is_tiered,
        tier,
        n_tiers,
        tier_size,
        order_in_tier,
        order_in_tier = 1 as is_tier_leader,
        position,
        point_rank,
        n_models,
        rate,
        rate_ci_low,
        rate_ci_high,
        n_problems,
        n_family_problems,
        is_full_coverage,
        letters,
        rank_ci_low,
        rank_ci_high,
        case when not is_full_coverage then
            'partial coverage: answered ' || n_problems || ' of ' || n_family_problems
            || ' problems; its rate and rank rest on those problems only'
        end as coverage_note,
        'tier ' || tier || ' of ' || n_tiers
        || case
            when n_tiers = 1 then ' (no two groups of models are separated by the tests)'
            else ''
        end
        || '; letters ' || letters
        || '; rank ' || point_rank || ' of ' || n_models
        || ', 95% bootstrap interval ' || rank_ci_low || '–' || rank_ci_high
        || case when not is_full_coverage then
            '; partial coverage: ' || n_problems || ' of ' || n_family_problems || ' problems'
            else '' end as rationale
    from tiered

    union all

    select
        model_name,
        scope,
        metric,
        false as is_tiered,
        null as tier,
        null as n_tiers,
        null as tier_size,
        null as order_in_tier,
        false as is_tier_leader,
        null as position,
        null as point_rank,
        null as n_models,
        rate,
        null as rate_ci_low,
        null as rate_ci_high,
        n_problems,
        null as n_family_problems,
        null as is_full_coverage,
        null as letters,
        null as rank_ci_low,
        null as rank_ci_high,
        null as coverage_note,
        'not tiered: ' || inclusion_reason as rationale
    from excluded

),

final as (

    select
        tiered_rows.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        tiered_rows.scope,
        tiered_rows.metric,
        tiered_rows.is_tiered,
        cast(tiered_rows.tier as bigint) as tier,
        cast(tiered_rows.n_tiers as bigint) as n_tiers,
        cast(tiered_rows.tier_size as bigint) as tier_size,
        cast(tiered_rows.order_in_tier as bigint) as order_in_tier,
        tiered_rows.is_tier_leader,
        cast(tiered_rows.position as bigint) as position,
        cast(tiered_rows.point_rank as bigint) as point_rank,
        cast(tiered_rows.n_models as bigint) as n_models,
        tiered_rows.rate,
        tiered_rows.rate_ci_low,
        tiered_rows.rate_ci_high,
        cast(tiered_rows.n_problems as bigint) as n_problems,
        cast(tiered_rows.n_family_problems as bigint) as n_family_problems,
        tiered_rows.is_full_coverage,
        tiered_rows.coverage_note,
        tiered_rows.letters,
        cast(tiered_rows.rank_ci_low as bigint) as rank_ci_low,
        cast(tiered_rows.rank_ci_high as bigint) as rank_ci_high,
        tiered_rows.rationale,
        cast({{ confidence_level() }} as double) as confidence_level
    from tiered_rows
    inner join int_models
        on tiered_rows.model_name = int_models.model_name

)

select * from final
