{#-
    Runtime distribution: one row per (model, scope, measure), scope = each parallelism model the model
    has and 'all', measure = best_runtime | avg_runtime (seconds). Only rows whose runs were all valid
    (are_all_valid) and whose value is present enter. Values below the timer resolution (var
    timer_resolution_s, default 1e-6 s; includes 0.0) stay in n, mean, sd, quantiles, min and max, are
    counted in n_below_timer_resolution and are left out of the geometric mean and its CI (ln of a
    value at the timer's noise floor, or of 0, is meaningless). n = 0 rows carry NULL statistics.
    The problem is the unit of the intervals: each problem (cluster: all its samples, and in scope 'all'
    its parallelism variants) is summarised first -- its arithmetic mean and its geometric mean (mean of
    logs) over its values -- and mean_s / sd_s / ci_*_s and geometric_mean_s / geometric_ci_*_s are the
    mean and t-interval ACROSS PROBLEMS (df = problems - 1). With one value per problem this is the
    ordinary interval over values. median, quartiles, min and max describe the values themselves.
-#}
{%- set resolution = timer_resolution_s() -%}

with

int_attempts as (

    select
        model_name,
        parallelism_model,
        problem_name,
        are_all_valid,
        {% for measure in runtime_measures() -%}
        {{ measure.column }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('int_attempts') }}

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

measures as (

    {% for measure in runtime_measures() -%}
    select '{{ measure.name }}' as measure
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

scopes as (

    select distinct model_name, parallelism_model as scope from int_attempts
    union
    select distinct model_name, 'all' as scope from int_attempts

),

grid as (

    select scopes.model_name, scopes.scope, measures.measure
    from scopes
    cross join measures

),

values_long as (

    {% for measure in runtime_measures() -%}
    select
        model_name,
        parallelism_model,
        problem_name,
        '{{ measure.name }}' as measure,
        {{ measure.column }} as value_s
    from int_attempts
    where are_all_valid and {{ measure.column }} is not null
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

summaries as (

    select
        model_name,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        measure,
        count(*) as n,
        quantile_cont(value_s, 0.5) as median_s,
        quantile_cont(value_s, 0.25) as p25_s,
        quantile_cont(value_s, 0.75) as p75_s,
        min(value_s) as min_s,
        max(value_s) as max_s,
        count_if(value_s < {{ resolution }}) as n_below_timer_resolution,
        count_if(value_s >= {{ resolution }}) as n_geometric
    from values_long
    group by grouping sets ((model_name, measure, parallelism_model), (model_name, measure))

),

problem_summaries as (

    {#- per problem first: its mean and its mean log over its values (>= resolution for the log) -#}
    select
        model_name,
        case when grouping(parallelism_model) = 1 then 'all' else parallelism_model end as scope,
        measure,
        problem_name,
        avg(value_s) as problem_mean_s,
        avg(ln(value_s)) filter (where value_s >= {{ resolution }}) as problem_mean_log
    from values_long
    group by grouping sets ((model_name, measure, parallelism_model, problem_name),
                            (model_name, measure, problem_name))

),

across_problems as (

    select
        model_name,
        scope,
        measure,
        count(*) as n_problems,
        avg(problem_mean_s) as mean_s,
        stddev_samp(problem_mean_s) as sd_s,
        count(problem_mean_log) as n_problems_geometric,
        avg(problem_mean_log) as mean_log,
        stddev_samp(problem_mean_log) as sd_log
    from problem_summaries
    group by model_name, scope, measure

),

summaries_on_grid as (

    select
        grid.model_name,
        grid.scope,
        grid.measure,
        coalesce(summaries.n, 0) as n,
        coalesce(across_problems.n_problems, 0) as n_problems,
        across_problems.mean_s,
        across_problems.sd_s,
        summaries.median_s,
        summaries.p25_s,
        summaries.p75_s,
        summaries.min_s,
        summaries.max_s,
        coalesce(summaries.n_below_timer_resolution, 0) as n_below_timer_resolution,
        coalesce(summaries.n_geometric, 0) as n_geometric,
        coalesce(across_problems.n_problems_geometric, 0) as n_problems_geometric,
        across_problems.mean_log,
        across_problems.sd_log,
        case when across_problems.n_problems > 1 then across_problems.n_problems - 1 end as df,
        case when across_problems.n_problems_geometric > 1 then across_problems.n_problems_geometric - 1 end
            as df_geometric
    from grid
    left join summaries
        on grid.model_name = summaries.model_name
        and grid.scope = summaries.scope
        and grid.measure = summaries.measure
    left join across_problems
        on grid.model_name = across_problems.model_name
        and grid.scope = across_problems.scope
        and grid.measure = across_problems.measure

),

t_critical_values as (

    {{ t_critical_values('summaries_on_grid', ['df', 'df_geometric']) }}

),

intervals as (

    {{ mean_and_geometric_mean_intervals('summaries_on_grid', 'mean_s', 'sd_s', 'n_problems',
                                         'mean_log', 'sd_log', 'n_problems_geometric', 't_critical_values') }}

),

final as (

    select
        intervals.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        intervals.scope,
        intervals.measure,
        intervals.n,
        cast(intervals.n_problems as bigint) as n_problems,
        intervals.mean_s,
        intervals.sd_s,
        intervals.sd_s / sqrt(intervals.n_problems) as se_s,
        intervals.df,
        intervals.t_crit,
        intervals.ci_low as ci_low_s,
        intervals.ci_high as ci_high_s,
        intervals.median_s,
        intervals.p25_s,
        intervals.p75_s,
        intervals.min_s,
        intervals.max_s,
        cast(intervals.n_below_timer_resolution as bigint) as n_below_timer_resolution,
        cast(intervals.n_geometric as bigint) as n_geometric,
        cast(intervals.n_problems_geometric as bigint) as n_problems_geometric,
        intervals.geometric_mean as geometric_mean_s,
        intervals.sd_log,
        intervals.geometric_ci_low as geometric_ci_low_s,
        intervals.geometric_ci_high as geometric_ci_high_s,
        cast({{ resolution }} as double) as timer_resolution_s,
        case
            when intervals.n = 0 then 'no all-valid row with a value'
            else 'geometric mean over the ' || intervals.n_geometric || ' of ' || intervals.n
                || ' values >= timer resolution ({{ resolution }} s), per problem first ('
                || intervals.n_problems_geometric || ' problems); '
                || intervals.n_below_timer_resolution || ' below it (timer noise or 0) excluded'
        end as geometric_mean_note,
        cast({{ confidence_level() }} as double) as confidence_level
    from intervals
    inner join int_models
        on intervals.model_name = int_models.model_name

)

select * from final
