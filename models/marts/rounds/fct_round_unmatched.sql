{#-
    What only one of the two rounds holds, so that nothing is dropped silently from the comparison.
    One row per item, by unmatched_kind:
      model              a model (after alias matching) that only one round evaluated
      parallelism_model  a parallelism model that only one round holds (for any model)
      problem            a problem that only one round holds (for any model)
      model_problem      a (model, problem, parallelism model) cell in one round only, where the model,
                         the problem and the parallelism model are each in both rounds (the items of the
                         kinds above are not repeated cell by cell)
    present_in: 'baseline' or 'current'; n_attempts: that round's attempts (samples) of the item.
    Empty without a baseline.
-#}
with

int_round_cells as (

    select * from {{ ref('int_round_cells') }}

),

cells_long as (

    select
        'baseline' as round,
        round_model_key,
        baseline_model_name as model_name,
        parallelism_model,
        problem_name,
        baseline_n_attempts as n_attempts
    from int_round_cells
    where in_baseline
    union all
    select
        'current' as round,
        round_model_key,
        model_name,
        parallelism_model,
        problem_name,
        n_attempts
    from int_round_cells
    where in_current

),

{% for kind, key in [('model', 'round_model_key'), ('parallelism_model', 'parallelism_model'),
                     ('problem', 'problem_name')] %}
{{ kind }}_presence as (

    select
        {{ key }} as item,
        count(*) filter (where round = 'baseline') > 0 as in_baseline,
        count(*) filter (where round = 'current') > 0 as in_current
    from cells_long
    group by {{ key }}

),
{% endfor %}

unmatched_items as (

    select
        'model' as unmatched_kind,
        cells_long.round as present_in,
        min(cells_long.model_name) as model_name,
        cast(null as varchar) as problem_name,
        cast(null as varchar) as parallelism_model,
        sum(cells_long.n_attempts) as n_attempts
    from cells_long
    inner join model_presence
        on cells_long.round_model_key = model_presence.item
    where not (model_presence.in_baseline and model_presence.in_current)
    group by cells_long.round, cells_long.round_model_key

    union all

    select
        'parallelism_model' as unmatched_kind,
        cells_long.round as present_in,
        cast(null as varchar) as model_name,
        cast(null as varchar) as problem_name,
        cells_long.parallelism_model,
        sum(cells_long.n_attempts) as n_attempts
    from cells_long
    inner join parallelism_model_presence
        on cells_long.parallelism_model = parallelism_model_presence.item
    where not (parallelism_model_presence.in_baseline and parallelism_model_presence.in_current)
    group by cells_long.round, cells_long.parallelism_model

    union all

    select
        'problem' as unmatched_kind,
        cells_long.round as present_in,
        cast(null as varchar) as model_name,
        cells_long.problem_name,
        cast(null as varchar) as parallelism_model,
        sum(cells_long.n_attempts) as n_attempts
    from cells_long
    inner join problem_presence
        on cells_long.problem_name = problem_presence.item
    where not (problem_presence.in_baseline and problem_presence.in_current)
    group by cells_long.round, cells_long.problem_name

    union all

    select
        'model_problem' as unmatched_kind,
        case when int_round_cells.in_baseline then 'baseline' else 'current' end as present_in,
        case when int_round_cells.in_baseline
            then int_round_cells.baseline_model_name else int_round_cells.model_name end as model_name,
        int_round_cells.problem_name,
        int_round_cells.parallelism_model,
        coalesce(int_round_cells.baseline_n_attempts, int_round_cells.n_attempts) as n_attempts
    from int_round_cells
    inner join model_presence
        on int_round_cells.round_model_key = model_presence.item
    inner join parallelism_model_presence
        on int_round_cells.parallelism_model = parallelism_model_presence.item
    inner join problem_presence
        on int_round_cells.problem_name = problem_presence.item
    where not int_round_cells.is_matched
        and model_presence.in_baseline and model_presence.in_current
        and parallelism_model_presence.in_baseline and parallelism_model_presence.in_current
        and problem_presence.in_baseline and problem_presence.in_current

),

final as (

    select
        unmatched_kind,
        present_in,
        model_name,
        problem_name,
        parallelism_model,
        cast(n_attempts as bigint) as n_attempts
    from unmatched_items

)

select * from final
