{#-
    Where each model stands, per (scope, metric) family (metrics build and pass; scopes each parallelism
    model and 'all'), for the models of int_pairwise_models. One row per (model, scope, metric).

    Compact letter display (letters): from the all-pairs family's Holm decisions (fct_pairwise_comparisons,
    significant), by the insert-and-absorb algorithm of Piepho (2004, J. Comput. Graph. Stat. 13:456):
    start with one letter holding every model; for each significant pair (i, j), in order of (holm_p,
    names), every letter holding both is replaced by two copies, one without i and one without j; then
    letters contained in another letter are absorbed (removed). Only the new copies can be absorbed: a
    letter left whole was maximal before the step and is not inside any copy, which is a subset of a letter
    it was not inside; so each step tests the copies (a few) against every letter rather than every letter
    against every other (at 119 models and ~800 significant pairs per family that is ~2 s instead of ~80 s;
    same letters). The result is the set of maximal groups
    of models no two of which are significantly different, so two models share a letter exactly when they
    are not significantly different. Piepho's optional "sweep" that drops redundant letters is not applied.
    Letters are named a, b, ... (then A..Z, then L52, L53, ...) in lexicographic order of their members'
    positions (models ordered by rate rounded to 10 decimals, descending, ties by model_name), so 'a' holds the first model.
    Computed in SQL: a recursive CTE steps through the significant pairs of each family carrying the list
    of letters, each a bitstring over the family's positions (subset test t & s = s; list_has_all on lists
    of positions, with the lists captured in nested lambdas, cost ~20 s at 5M rows, 119 models, where more
    pairs are significant and the walk has ~900 steps; ~3 s as bitstrings, same letters); no Python.
    significant_pairs is materialized so that the step's join does not recompute it at every step.

    Rank interval (rank_ci_low, rank_ci_high): cluster bootstrap over problems. The family's problems are
    numbered 0..G-1 by problem_name; replicate b (1..var rank_bootstrap_resamples, default 2000) draws G
    problems with replacement, draw j (1..G) taking problem number u(seed, b, j) mod G where u is the first
    8 hex digits of md5('<seed>-<b>-<j>') read as an integer (seed = var rank_bootstrap_seed). A model's
    replicate rate is the draw-weighted mean of its problem rates over the drawn problems it answered
    (none drawn: no rank in that replicate), rounded to 10 decimals so that exact ties stay ties: w . r /
    w . a, with w the replicate's G draw counts, r the model's G problem rates (0 where it did not answer)
    and a its G answered indicators (list_dot_product: B x M dot products of length G instead of a join of
    B x M x G rows; 11 s to 3 s at 119 models, 60 problems, 16 families, same intervals; w is built
    from a map of the drawn problems' counts, once per replicate and distinct G (the draws depend on G
    alone), and a is a list of doubles, so that the dot product does not cast it per replicate); its rank
    is 1 + the number of models with a higher replicate rate (competition ranking). The interval is the
    k_low-th and k_high-th smallest of its n valid replicate ranks, k_low = ceil(n (1 - level)/2),
    k_high = ceil(n (1 + level)/2). Deterministic: same seed, same data, same intervals.

    rate_ci_low/high: the t-interval over the model's problems, rate ± t(1 - alpha/2, G - 1) sd/sqrt(G)
    (one row per problem = cluster, so this is the problem-clustered interval); NULL when G < 2 or the
    problem rates do not vary (sd 0: no spread to estimate, never a zero-width interval).

    Coverage: n_problems of the model against the family's problems (any included model's);
    is_full_coverage is false when the model missed a problem, and every place that ranks it says so.
-#}
{%- set alpha = 1 - confidence_level() -%}
{%- set level = confidence_level() -%}
{%- set raw_b = var('rank_bootstrap_resamples', 2000) -%}
{%- set n_resamples = raw_b | int(-1) -%}
{%- if n_resamples < 2000 -%}
    {{ exceptions.raise_compiler_error(
        "rank_bootstrap_resamples must be an integer >= 2000; got '" ~ raw_b ~ "'.") }}
{%- endif -%}
{%- set seed = var('rank_bootstrap_seed', 20240101) | int -%}
{%- set compared_metrics = ['build', 'pass'] -%}

with recursive

int_problem_rates as (

    select * from {{ ref('int_problem_rates') }}

),

int_pairwise_models as (

    select model_name from {{ ref('int_pairwise_models') }} where is_included

),

int_models as (

    select model_name, display_name, peer_group, is_reference_model from {{ ref('int_models') }}

),

fct_pairwise_comparisons as (

    select * from {{ ref('fct_pairwise_comparisons') }}

),

included_rates as (

    select
        int_problem_rates.model_name,
        int_problem_rates.scope,
        int_problem_rates.metric,
        int_problem_rates.problem_name,
        int_problem_rates.problem_rate
    from int_problem_rates
    inner join int_pairwise_models
        on int_problem_rates.model_name = int_pairwise_models.model_name
    where int_problem_rates.metric in ({{ "'" ~ compared_metrics | join("', '") ~ "'" }})

),

family_problems as (

    select
        scope,
        metric,
        problem_name,
        cast(row_number() over (partition by scope, metric order by problem_name) - 1 as bigint) as problem_number,
        count(*) over (partition by scope, metric) as n_family_problems
    from (select distinct scope, metric, problem_name from included_rates) as distinct_problems

),

model_rates as (

    select
        model_name,
        scope,
        metric,
        count(*) as n_problems,
        avg(problem_rate) as rate,
        case when count(*) >= 2 then stddev_samp(problem_rate) end as rate_sd
    from included_rates
    group by model_name, scope, metric

),

rate_t_critical_values as (

    select
        df,
        {{ t_quantile(two_sided_quantile_p() ~ '', 'df') }} as t_crit
    from (select distinct n_problems - 1 as df from model_rates where n_problems >= 2) as distinct_df

),

positions as (

    select
        model_rates.*,
        cast(row_number() over (
            partition by scope, metric order by round(rate, 10) desc, model_name
        ) as bigint) as position,
        cast(rank() over (partition by scope, metric order by round(rate, 10) desc) as bigint) as point_rank,
        count(*) over (partition by scope, metric) as n_models
    from model_rates

),

-- compact letter display: insert-and-absorb over the significant pairs of each family

significant_pairs as materialized (

    {#- materialized: the recursive step joins it once per step; inlined, it was recomputed every step -#}
    select
        pairs.scope,
        pairs.metric,
        model_positions.position as position_i,
        other_positions.position as position_j,
        cast(row_number() over (
            partition by pairs.scope, pairs.metric
            order by pairs.holm_p, pairs.model_name, pairs.other_model_name
        ) as bigint) as step
    from fct_pairwise_comparisons as pairs
    inner join positions as model_positions
        on pairs.model_name = model_positions.model_name
        and pairs.scope = model_positions.scope
        and pairs.metric = model_positions.metric
    inner join positions as other_positions
        on pairs.other_model_name = other_positions.model_name
        and pairs.scope = other_positions.scope
        and pairs.metric = other_positions.metric
    where pairs.significant
        and pairs.model_name < pairs.other_model_name

),

letter_walk as (

    {#- a letter is a bitstring over the family's positions: bit position - 1 (0-based from the left) is set
        when the model at that position is in the letter. Splitting clears one bit (set_bit); t strictly
        contains s when t has more bits and t & s = s. The letters of a step are a set: their order in the
        list does not matter until final_letter_sets sorts them. -#}
    select
        scope,
        metric,
        cast(0 as bigint) as step,
        [cast(repeat('1', cast(count(*) as integer)) as bit)] as letter_sets
    from positions
    group by scope, metric

    union all

    select
        scope,
        metric,
        step,
        list_concat(
            untouched_sets,
            list_filter(split_sets, lambda s: not (
                coalesce(list_bool_or(list_transform(untouched_sets, lambda t:
                    bit_count(t) > bit_count(s) and (t & s) = s)), false)
                or coalesce(list_bool_or(list_transform(split_sets, lambda t:
                    bit_count(t) > bit_count(s) and (t & s) = s)), false)
            ))
        ) as letter_sets
    from (
        select
            letter_walk.scope,
            letter_walk.metric,
            significant_pairs.step,
            list_filter(letter_walk.letter_sets, lambda s: not (
                get_bit(s, cast(significant_pairs.position_i - 1 as integer)) = 1
                and get_bit(s, cast(significant_pairs.position_j - 1 as integer)) = 1
            )) as untouched_sets,
            list_distinct(flatten(list_transform(
                list_filter(letter_walk.letter_sets, lambda s:
                    get_bit(s, cast(significant_pairs.position_i - 1 as integer)) = 1
                    and get_bit(s, cast(significant_pairs.position_j - 1 as integer)) = 1),
                lambda s: [
                    set_bit(s, cast(significant_pairs.position_i - 1 as integer), 0),
                    set_bit(s, cast(significant_pairs.position_j - 1 as integer), 0)
                ]
            ))) as split_sets
        from letter_walk
        inner join significant_pairs
            on letter_walk.scope = significant_pairs.scope
            and letter_walk.metric = significant_pairs.metric
            and significant_pairs.step = letter_walk.step + 1
    ) as split_step

),

final_letter_sets as (

    {#- the last step's letters, each back to its sorted list of positions, in lexicographic order -#}
    select
        scope,
        metric,
        list_sort(list_transform(arg_max(letter_sets, step), lambda letter: list_filter(
            range(1, bit_length(letter) + 1), lambda p: get_bit(letter, cast(p - 1 as integer)) = 1
        ))) as letter_sets
    from letter_walk
    group by scope, metric

),

letters_long as (

    select
        final_letter_sets.scope,
        final_letter_sets.metric,
        letter_index,
        unnest(final_letter_sets.letter_sets[letter_index]) as position
    from final_letter_sets,
        range(1, len(final_letter_sets.letter_sets) + 1) as letter_numbers (letter_index)

),

model_letters as (

    select
        scope,
        metric,
        position,
        string_agg(
            case
                when letter_index <= 26 then chr(cast(96 + letter_index as integer))
                when letter_index <= 52 then chr(cast(64 + letter_index - 26 as integer))
                else 'L' || (letter_index - 1)
            end,
            '' order by letter_index
        ) as letters
    from letters_long
    group by scope, metric, position

),

-- rank intervals: cluster bootstrap over problems, resample indices from md5(seed, replicate, draw)

draws as (

    select
        replicate,
        draw,
        cast(('0x' || left(md5('{{ seed }}-' || replicate || '-' || draw), 8)) as bigint) as u
    from range(1, {{ n_resamples }} + 1) as replicates (replicate),
        range(1, (select max(n_family_problems) from family_problems) + 1) as draw_numbers (draw)

),

family_sizes as (

    {#- family_number: an integer per (scope, metric) for the bootstrap's joins and rank window (1.6M
        rows at 119 models) -#}
    select
        scope,
        metric,
        n_family_problems,
        cast(row_number() over (order by scope, metric) as integer) as family_number
    from (select distinct scope, metric, n_family_problems from family_problems) as families

),

family_problem_counts as (

    {#- a replicate's draws depend only on the family's number of problems G, so its weights are built
        once per distinct G and shared by every family of that size (usually one G for all 16
        families: 16 times fewer draws counted and lists built; at 121 models ~1 s of 2.8 s) -#}
    select distinct n_family_problems from family_sizes

),

replicate_weights as (

    select
        family_problem_counts.n_family_problems,
        draws.replicate,
        draws.u % family_problem_counts.n_family_problems as problem_number,
        count(*) as weight
    from family_problem_counts
    inner join draws
        on draws.draw <= family_problem_counts.n_family_problems
    group by family_problem_counts.n_family_problems, draws.replicate, problem_number

),

replicate_weight_maps as (

    select
        n_family_problems,
        replicate,
        map_from_entries(list((problem_number, cast(weight as double)))) as weight_map
    from replicate_weights
    group by n_family_problems, replicate

),

replicate_weight_vectors as (

    {#- the G draw counts in problem order, 0 for a problem not drawn (a map lookup per problem: a grid
        of every (replicate, problem) joined and aggregated in order cost ~3x more) -#}
    select
        n_family_problems,
        replicate,
        list_transform(
            range(0, n_family_problems),
            lambda problem_number: coalesce(weight_map[problem_number], 0.0)
        ) as weights
    from replicate_weight_maps

),

model_problem_grid as (

    select
        positions.model_name,
        family_problems.scope,
        family_problems.metric,
        family_sizes.family_number,
        family_sizes.n_family_problems,
        positions.position,
        family_problems.problem_number,
        family_problems.problem_name
    from positions
    inner join family_problems
        on positions.scope = family_problems.scope
        and positions.metric = family_problems.metric
    inner join family_sizes
        on positions.scope = family_sizes.scope
        and positions.metric = family_sizes.metric

),

model_rate_vectors as (

    select
        model_problem_grid.model_name,
        model_problem_grid.scope,
        model_problem_grid.metric,
        any_value(model_problem_grid.family_number) as family_number,
        any_value(model_problem_grid.n_family_problems) as n_family_problems,
        any_value(model_problem_grid.position) as position,
        list(coalesce(included_rates.problem_rate, 0) order by model_problem_grid.problem_number) as rates,
        list(cast(case when included_rates.problem_rate is null then 0 else 1 end as double) order by model_problem_grid.problem_number) as answered
    from model_problem_grid
    left join included_rates
        on model_problem_grid.model_name = included_rates.model_name
        and model_problem_grid.scope = included_rates.scope
        and model_problem_grid.metric = included_rates.metric
        and model_problem_grid.problem_name = included_rates.problem_name
    group by model_problem_grid.model_name, model_problem_grid.scope, model_problem_grid.metric

),

replicate_sums as (

    {#- per (replicate, model): w . r (draw-weighted sum of its problem rates) and w . a (draws of the
        problems it answered) -#}
    select
        model_rate_vectors.family_number,
        replicate_weight_vectors.replicate,
        model_rate_vectors.position,
        list_dot_product(replicate_weight_vectors.weights, model_rate_vectors.rates) as weighted_sum,
        list_dot_product(replicate_weight_vectors.weights, model_rate_vectors.answered) as drawn_weight
    from model_rate_vectors
    inner join replicate_weight_vectors
        on model_rate_vectors.n_family_problems = replicate_weight_vectors.n_family_problems

),

replicate_rates as (

    select
        family_number,
        replicate,
        position,
        round(weighted_sum / drawn_weight, 10) as replicate_rate
    from replicate_sums
    where drawn_weight > 0

),

replicate_ranks as (

    {#- keyed by integers (family, replicate, the model's position): the window sorts 1.6M rows at 119
        models, and names as keys or payload made it about twice as slow -#}
    select
        family_number,
        position,
        rank() over (partition by family_number, replicate order by replicate_rate desc) as replicate_rank
    from replicate_rates

),

rank_lists as (

    select
        family_number,
        position,
        list_sort(list(replicate_rank)) as ranks
    from replicate_ranks
    group by family_number, position

),

rank_intervals as (

    select
        family_sizes.scope,
        family_sizes.metric,
        rank_lists.position,
        len(ranks) as n_valid_resamples,
        cast(ranks[cast(greatest(1, ceil(len(ranks) * {{ alpha / 2 }} - 1e-9)) as bigint)] as bigint) as rank_ci_low,
        cast(ranks[cast(greatest(1, ceil(len(ranks) * {{ 1 - alpha / 2 }} - 1e-9)) as bigint)] as bigint) as rank_ci_high
    from rank_lists
    inner join family_sizes
        on rank_lists.family_number = family_sizes.family_number

),

family_tests as (

    select
        scope,
        metric,
        max(n_comparisons) as n_comparisons
    from fct_pairwise_comparisons
    group by scope, metric

),

final as (

    select
        positions.model_name,
        int_models.display_name,
        int_models.peer_group,
        int_models.is_reference_model,
        positions.scope,
        positions.metric,
        'all_pairs' as family,
        positions.n_problems,
        family_problems_count.n_family_problems,
        positions.n_problems / family_problems_count.n_family_problems as coverage,
        positions.n_problems = family_problems_count.n_family_problems as is_full_coverage,
        positions.rate,
        case when positions.rate_sd > 0 then positions.rate
            - rate_t.t_crit * positions.rate_sd / sqrt(positions.n_problems) end as rate_ci_low,
        case when positions.rate_sd > 0 then positions.rate
            + rate_t.t_crit * positions.rate_sd / sqrt(positions.n_problems) end as rate_ci_high,
        positions.position,
        positions.point_rank,
        positions.n_models,
        model_letters.letters,
        rank_intervals.rank_ci_low,
        rank_intervals.rank_ci_high,
        cast({{ n_resamples }} as bigint) as n_resamples,
        coalesce(rank_intervals.n_valid_resamples, 0) as n_valid_resamples,
        cast({{ seed }} as bigint) as bootstrap_seed,
        coalesce(family_tests.n_comparisons, 0) as n_comparisons,
        cast({{ level }} as double) as confidence_level
    from positions
    inner join int_models
        on positions.model_name = int_models.model_name
    inner join family_sizes as family_problems_count
        on positions.scope = family_problems_count.scope
        and positions.metric = family_problems_count.metric
    left join model_letters
        on positions.scope = model_letters.scope
        and positions.metric = model_letters.metric
        and positions.position = model_letters.position
    left join rank_intervals
        on positions.position = rank_intervals.position
        and positions.scope = rank_intervals.scope
        and positions.metric = rank_intervals.metric
    left join rate_t_critical_values as rate_t
        on positions.n_problems - 1 = rate_t.df
    left join family_tests
        on positions.scope = family_tests.scope
        and positions.metric = family_tests.metric

)

select * from final
