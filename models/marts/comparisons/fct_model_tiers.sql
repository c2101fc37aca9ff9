{#-
    Performance tiers on pass in scope 'all', one row per model.

    Rule: rank the models by pass rate (descending; ties by model_name). Tier 1 is led by the best
    model and holds every model that is not significantly worse than that leader; remove them and
    repeat with the best remaining model as the leader of tier 2, and so on. "Significantly worse"
    means a lower rate and a Holm-adjusted exact McNemar p below 1 - confidence_level, from
    fct_pairwise_comparisons (metric pass): the multiplicity family is all k(k-1)/2 unordered pairs
    of models, fixed before tiering, so the adjusted p of a pair does not depend on which
    comparisons the tiering ends up using (conservative: more pairs than are consulted).

    Iteration: a recursive CTE walks the models in rank order carrying the list of tier leaders
    found so far; a model joins the first leader (in tier order) it is not significantly worse
    than, otherwise it becomes a new leader. This equals the remove-and-repeat description, since
    a model is assigned to tier t exactly when it is significantly worse than the leaders of tiers
    1..t-1 and not significantly worse than the leader of tier t. Tiers need not be monotone in rank:
    paired-test power depends on the discordant counts, so a lower-ranked model can be not significantly
    worse than an earlier leader that a higher-ranked model was significantly worse than.
-#}
{%- set alpha = 1 - confidence_level() -%}

with recursive

fct_success_rates as (

    select * from {{ ref('fct_success_rates') }}

),

fct_pairwise_comparisons as (

    select * from {{ ref('fct_pairwise_comparisons') }}

),

pass_rates as (

    select
        model_name,
        display_name,
        peer_group,
        n,
        successes,
        rate,
        wilson_low,
        wilson_high,
        cast(row_number() over (order by rate desc nulls last, model_name) as bigint) as rank
    from fct_success_rates
    where scope = 'all'
        and metric = 'pass'

),

pass_pairs as (

    select
        model_name,
        other_model_name,
        rate,
        other_rate,
        mcnemar_p,
        holm_p
    from fct_pairwise_comparisons
    where scope = 'all'
        and metric = 'pass'

),

not_worse_than as (

    -- for each model, the better-ranked models it is not significantly worse than
    select
        pass_rates.model_name,
        list(better.model_name order by better.rank) filter (
            where pass_pairs.rate >= pass_pairs.other_rate
                or coalesce(pass_pairs.holm_p, 1) >= {{ alpha }}
        ) as candidates
    from pass_rates
    inner join pass_rates as better
        on better.rank < pass_rates.rank
    left join pass_pairs
        on pass_pairs.model_name = pass_rates.model_name
        and pass_pairs.other_model_name = better.model_name
    group by pass_rates.model_name

),

walk_input as (

    select
        pass_rates.rank,
        pass_rates.model_name,
        coalesce(not_worse_than.candidates, []) as candidates
    from pass_rates
    left join not_worse_than
        on pass_rates.model_name = not_worse_than.model_name

),

walk as (

    select
        rank,
        model_name,
        model_name as leader_name,
        [model_name] as leaders
    from walk_input
    where rank = 1

    union all

    select
        walk_input.rank,
        walk_input.model_name,
        coalesce(
            list_filter(walk.leaders, lambda leader: list_contains(walk_input.candidates, leader))[1],
            walk_input.model_name
        ) as leader_name,
        case
            when len(list_filter(walk.leaders, lambda leader: list_contains(walk_input.candidates, leader))) = 0
                then list_append(walk.leaders, walk_input.model_name)
            else walk.leaders
        end as leaders
    from walk
    inner join walk_input
        on walk_input.rank = walk.rank + 1

),

tiers as (

    select
        model_name,
        rank,
        leader_name,
        cast(list_position(leaders, leader_name) as bigint) as tier
    from walk

),

previous_leaders as (

    -- for a tier leader beyond tier 1: the leader of the tier just above, which it is significantly worse than
    select
        tiers.model_name,
        above.leader_name as previous_leader_name
    from tiers
    inner join tiers as above
        on above.model_name = above.leader_name
        and above.tier = tiers.tier - 1
    where tiers.model_name = tiers.leader_name

),

tiers_explained as (

    select
        tiers.model_name,
        tiers.rank,
        tiers.tier,
        tiers.model_name = tiers.leader_name as is_tier_leader,
        case when tiers.model_name <> tiers.leader_name then tiers.leader_name end as compared_with,
        leader_pair.mcnemar_p,
        leader_pair.holm_p as adjusted_p,
        previous_leaders.previous_leader_name,
        previous_pair.holm_p as previous_leader_adjusted_p
    from tiers
    left join pass_pairs as leader_pair
        on leader_pair.model_name = tiers.model_name
        and leader_pair.other_model_name = tiers.leader_name
        and tiers.model_name <> tiers.leader_name
    left join previous_leaders
        on tiers.model_name = previous_leaders.model_name
    left join pass_pairs as previous_pair
        on previous_pair.model_name = tiers.model_name
        and previous_pair.other_model_name = previous_leaders.previous_leader_name

),

final as (

    select
        pass_rates.model_name,
        pass_rates.display_name,
        pass_rates.peer_group,
        tiers_explained.tier,
        tiers_explained.rank,
        tiers_explained.is_tier_leader,
        pass_rates.n,
        pass_rates.successes,
        pass_rates.rate,
        pass_rates.wilson_low,
        pass_rates.wilson_high,
        tiers_explained.compared_with,
        compared_models.display_name as compared_with_display_name,
        tiers_explained.mcnemar_p,
        tiers_explained.adjusted_p,
        case
            when tiers_explained.is_tier_leader and tiers_explained.tier = 1
                then 'leads tier 1 (highest pass rate)'
            when tiers_explained.is_tier_leader
                then 'leads tier ' || tiers_explained.tier || ': significantly worse than '
                    || previous_models.display_name || ' (Holm p = '
                    || coalesce(printf('%.3g', tiers_explained.previous_leader_adjusted_p), 'n/a') || ')'
            when pass_rates.rate >= compared_models.rate
                then 'same pass rate as ' || compared_models.display_name || ' (Holm p = '
                    || coalesce(printf('%.3g', tiers_explained.adjusted_p), 'n/a') || ')'
            else 'not significantly worse than ' || compared_models.display_name || ' (Holm p = '
                || coalesce(printf('%.3g', tiers_explained.adjusted_p), 'n/a: no shared prompts') || ')'
        end as rationale,
        cast({{ confidence_level() }} as double) as confidence_level
    from pass_rates
    inner join tiers_explained
        on pass_rates.model_name = tiers_explained.model_name
    left join pass_rates as compared_models
        on tiers_explained.compared_with = compared_models.model_name
    left join pass_rates as previous_models
        on tiers_explained.previous_leader_name = previous_models.model_name

)

select * from final
