{#-
    The all-pairs family (exploratory; family = 'all_pairs'): every ordered pair (model, other model) of
    distinct models of int_pairwise_models (the top var max_pairwise_models by pass@1 plus the reference),
    for metrics build and pass in every scope (each parallelism model and 'all').

    Effect: the paired risk difference on the problems both models answered, diff = mean_p (rate_p -
    other_rate_p), each side the problem's own rate (problems weighted equally; one sample or twenty).
    The problem is the cluster and holds one row, so the cluster-robust SE is sd(d)/sqrt(G) (ddof 1) and
    the t reference has G - 1 df (macros paired_difference_* in macros/stats/paired_differences.sql, the
    project's one paired-difference formula). Test: the two-sided t test of the same
    statistic, p_value = P(|T_{G-1}| >= |t|), so the unadjusted interval [ci_low, ci_high] excludes 0
    exactly when p_value < alpha.

    Multiplicity: Holm over the unordered pairs with a test within each (scope, metric) family; both
    orders of a pair carry the same p-values. holm_ci_low/high is the interval at the level of the Holm
    step that decided the pair: with the family sorted by p (ties by model names), step s = the pair's
    own position i when Holm rejects it, otherwise the first position at which Holm stopped; the level
    is 1 - alpha/(m - s + 1) (positions order p rounded to 12 decimals, then the model names). Then significant (holm_p < alpha) holds exactly when the Holm interval
    excludes 0: rejected at step i means p_i < alpha/(m - i + 1); not rejected means p_i >= p_s >=
    alpha/(m - s + 1).

    Undefined cases keep their row with a reason (p_null_reason): no shared problem; one shared problem
    (no variance); every shared problem with the same difference (sd 0: t undefined). Such pairs have no
    test, do not enter the Holm family and count as not separated.
-#}
{%- set alpha = 1 - confidence_level() -%}
{%- set compared_metrics = ['build', 'pass'] -%}

with

int_problem_rates as (

    select * from {{ ref('int_problem_rates') }}

),

int_pairwise_models as (

    select model_name from {{ ref('int_pairwise_models') }} where is_included

),

int_models as (

    select model_name, display_name, peer_group from {{ ref('int_models') }}

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

model_rates as (

    select
        model_name,
        scope,
        metric,
        count(*) as n_problems,
        avg(problem_rate) as rate
    from included_rates
    group by model_name, scope, metric

),

unordered_pairs as (

    select
        model_rates.model_name,
        other_rates.model_name as other_model_name,
        model_rates.scope,
        model_rates.metric
    from model_rates
    inner join model_rates as other_rates
        on model_rates.scope = other_rates.scope
        and model_rates.metric = other_rates.metric
        and model_rates.model_name < other_rates.model_name

),

problem_differences as (

    select
        included_rates.model_name,
        other_rates.model_name as other_model_name,
        included_rates.scope,
        included_rates.metric,
        included_rates.problem_rate as shared_problem_rate,
        other_rates.problem_rate as other_shared_problem_rate,
        included_rates.problem_rate - other_rates.problem_rate as d
    from included_rates
    inner join included_rates as other_rates
        on included_rates.scope = other_rates.scope
        and included_rates.metric = other_rates.metric
        and included_rates.problem_name = other_rates.problem_name
        and included_rates.model_name < other_rates.model_name

),

pair_summaries as (

    select
        model_name,
        other_model_name,
        scope,
        metric,
        {{ paired_difference_aggregates('d') }},
        avg(shared_problem_rate) as shared_rate,
        avg(other_shared_problem_rate) as other_shared_rate
    from problem_differences
    group by model_name, other_model_name, scope, metric

),

pair_tests as (

    select
        unordered_pairs.model_name,
        unordered_pairs.other_model_name,
        unordered_pairs.scope,
        unordered_pairs.metric,
        coalesce(pair_summaries.n_shared, 0) as n_shared,
        pair_summaries.diff,
        pair_summaries.diff_sd,
        pair_summaries.shared_rate,
        pair_summaries.other_shared_rate,
        {{ paired_difference_se('pair_summaries.diff_sd', 'pair_summaries.n_shared') }} as diff_se,
        cast({{ paired_difference_df('pair_summaries.n_shared') }} as bigint) as df
    from unordered_pairs
    left join pair_summaries
        on unordered_pairs.model_name = pair_summaries.model_name
        and unordered_pairs.other_model_name = pair_summaries.other_model_name
        and unordered_pairs.scope = pair_summaries.scope
        and unordered_pairs.metric = pair_summaries.metric

),

pair_p as (

    select
        *,
        {{ paired_difference_t('diff', 'diff_se') }} as t_stat,
        case
            when n_shared = 0 then 'no shared problem'
            when n_shared = 1 then 'one shared problem: no variance estimate'
            when diff_se = 0 then 'every shared problem has the same difference: t undefined'
        end as p_null_reason
    from pair_tests

),

pair_p_values as (

    select
        *,
        {{ paired_difference_p('t_stat', 'df') }} as p_value
    from pair_p

),

pair_positions as (

    select
        *,
        {{ multiple_testing_positions('p_value', 'scope, metric', 'model_name, other_model_name') }}
    from pair_p_values

),

pair_holm as (

    select
        * exclude (mt_position, mt_family_size),
        {{ holm_adjust('p_value', 'scope, metric', 'model_name, other_model_name') }} as holm_p,
        count(p_value) over (partition by scope, metric) as n_comparisons,
        case when p_value is not null then row_number() over (
            -- p rounded to 12 decimals so that p-values equal up to floating-point noise are ties,
            -- broken by the model names (a deterministic step for tied pairs)
            partition by scope, metric order by round(p_value, 12) asc nulls last, model_name, other_model_name
        ) end as holm_position
    from pair_positions

),

pair_holm_steps as (

    select
        *,
        min(holm_position) filter (where holm_p >= {{ alpha }}) over (partition by scope, metric)
            as holm_stop_position
    from pair_holm

),

pair_levels as (

    select
        *,
        1 - {{ alpha }} / 2 as quantile_p,
        1 - {{ alpha }} / (2 * (n_comparisons - holm_step + 1)) as holm_quantile_p
    from (
        select
            *,
            -- least() would skip a NULL position, so untested pairs are kept NULL explicitly
            case when holm_position is not null
                then least(holm_position, coalesce(holm_stop_position, holm_position)) end as holm_step
        from pair_holm_steps
    ) as stepped

),

distinct_quantiles as (

    select distinct quantile_p as q, df from pair_levels where df >= 1 and diff_se is not null
    union
    select distinct holm_quantile_p as q, df from pair_levels where df >= 1 and holm_quantile_p is not null

),

t_critical_values as (

    select
        q,
        df,
        {{ t_quantile('q', 'df') }} as t_crit
    from distinct_quantiles

),

unordered_final as (

    select
        pair_levels.*,
        1 - 2 * (1 - pair_levels.holm_quantile_p) as holm_confidence_level,
        {{ paired_difference_ci('pair_levels.diff', 'pair_levels.diff_se', 't_plain.t_crit', '-') }} as ci_low,
        {{ paired_difference_ci('pair_levels.diff', 'pair_levels.diff_se', 't_plain.t_crit', '+') }} as ci_high,
        case when pair_levels.p_value is not null
            then {{ paired_difference_ci('pair_levels.diff', 'pair_levels.diff_se', 't_holm.t_crit', '-') }}
        end as holm_ci_low,
        case when pair_levels.p_value is not null
            then {{ paired_difference_ci('pair_levels.diff', 'pair_levels.diff_se', 't_holm.t_crit', '+') }}
        end as holm_ci_high,
        case when pair_levels.diff_sd > 0 then pair_levels.diff / pair_levels.diff_sd end as d_z
    from pair_levels
    left join t_critical_values as t_plain
        on pair_levels.quantile_p = t_plain.q
        and pair_levels.df = t_plain.df
        and pair_levels.diff_se is not null
    left join t_critical_values as t_holm
        on pair_levels.holm_quantile_p = t_holm.q
        and pair_levels.df = t_holm.df

),

ordered_pairs as (

    select
        model_name,
        other_model_name,
        scope,
        metric,
        n_shared,
        shared_rate,
        other_shared_rate,
        diff,
        diff_sd,
        diff_se,
        df,
        t_stat,
        ci_low,
        ci_high,
        d_z,
        p_value,
        p_null_reason,
        holm_p,
        n_comparisons,
        holm_step,
        holm_confidence_level,
        holm_ci_low,
        holm_ci_high
    from unordered_final
    union all
    select
        other_model_name as model_name,
        model_name as other_model_name,
        scope,
        metric,
        n_shared,
        other_shared_rate as shared_rate,
        shared_rate as other_shared_rate,
        -diff as diff,
        diff_sd,
        diff_se,
        df,
        -t_stat as t_stat,
        -ci_high as ci_low,
        -ci_low as ci_high,
        -d_z as d_z,
        p_value,
        p_null_reason,
        holm_p,
        n_comparisons,
        holm_step,
        holm_confidence_level,
        -holm_ci_high as holm_ci_low,
        -holm_ci_low as holm_ci_high
    from unordered_final

),

final as (

    select
        ordered_pairs.model_name,
        int_models.display_name,
        int_models.peer_group,
        ordered_pairs.other_model_name,
        other_models.display_name as other_display_name,
        other_models.peer_group as other_peer_group,
        'all_pairs' as family,
        ordered_pairs.scope,
        ordered_pairs.metric,
        model_rates.n_problems,
        model_rates.rate,
        other_model_rates.n_problems as other_n_problems,
        other_model_rates.rate as other_rate,
        ordered_pairs.n_shared,
        ordered_pairs.shared_rate,
        ordered_pairs.other_shared_rate,
        ordered_pairs.diff,
        ordered_pairs.diff_se,
        ordered_pairs.df,
        ordered_pairs.t_stat,
        ordered_pairs.ci_low,
        ordered_pairs.ci_high,
        ordered_pairs.d_z,
        {{ cohens_h('ordered_pairs.shared_rate', 'ordered_pairs.other_shared_rate') }} as cohens_h,
        ordered_pairs.p_value,
        ordered_pairs.p_null_reason,
        ordered_pairs.holm_p,
        ordered_pairs.n_comparisons,
        ordered_pairs.holm_step,
        ordered_pairs.holm_confidence_level,
        ordered_pairs.holm_ci_low,
        ordered_pairs.holm_ci_high,
        coalesce(ordered_pairs.holm_p < {{ alpha }}, false) as significant,
        cast({{ confidence_level() }} as double) as confidence_level
    from ordered_pairs
    inner join int_models
        on ordered_pairs.model_name = int_models.model_name
    inner join int_models as other_models
        on ordered_pairs.other_model_name = other_models.model_name
    inner join model_rates
        on ordered_pairs.model_name = model_rates.model_name
        and ordered_pairs.scope = model_rates.scope
        and ordered_pairs.metric = model_rates.metric
    inner join model_rates as other_model_rates
        on ordered_pairs.other_model_name = other_model_rates.model_name
        and ordered_pairs.scope = other_model_rates.scope
        and ordered_pairs.metric = other_model_rates.metric

)

select * from final
