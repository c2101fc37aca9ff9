{#-
    MPI strong scaling: one row per (model, procs), procs = the n of speedup_<n>proc = T(1 rank)/T(n ranks)
    of the same generated MPI code (parallelism_model 'mpi': a ParEval input also derives process
    speedups for mpi+omp code, whose scaling is in fct_scaling_curves). Every present speedup value of
    MPI code enters (a value exists only when both runs were valid, as ParEval's speedup@k reads valid
    runs; another run of the attempt may have failed). arithmetic_mean is what the reference report's runtime_speedup_comparison.csv shows;
    geometric_mean (exp of the mean log, over values > 0) is the proper average of ratios, with a
    t-interval on the log scale. Models without any speedup have n = 0 and NULL statistics.
    The problem is the unit of the intervals: each problem's speedups (all its samples) are summarised
    first -- arithmetic mean, and geometric mean (mean log over values > 0) -- and arithmetic_mean /
    geometric_mean and their t-intervals are taken ACROSS PROBLEMS (df = problems - 1). With one value
    per problem this is the ordinary interval over values. median, min, max and the shares describe the
    values themselves.
-#}

with

int_attempts as (

    select
        model_name,
        problem_name,
        {% for measure in speedup_measures() -%}
        {{ measure.column }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('int_attempts') }}
    where parallelism_model = 'mpi'

),

int_models as (

    select model_name, display_name, is_reference_model from {{ ref('int_models') }}

),

procs as (

    {% for measure in speedup_measures() -%}
    select cast({{ measure.procs }} as bigint) as procs
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

grid as (

    select int_models.model_name, procs.procs
    from int_models
    cross join procs

),

speedups_long as (

    {% for measure in speedup_measures() -%}
    select
        model_name,
        problem_name,
        cast({{ measure.procs }} as bigint) as procs,
        {{ measure.column }} as speedup
    from int_attempts
    where {{ measure.column }} is not null
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

summaries as (

    select
        model_name,
        procs,
        count(*) as n,
        quantile_cont(speedup, 0.5) as median,
        min(speedup) as min_speedup,
        max(speedup) as max_speedup,
        count_if(speedup > 1) as n_speedup_above_1,
        count_if(speedup > procs) as n_superlinear,
        count_if(speedup > 0) as n_positive
    from speedups_long
    group by model_name, procs

),

problem_summaries as (

    select
        model_name,
        procs,
        problem_name,
        avg(speedup) as problem_mean,
        avg(ln(speedup)) filter (where speedup > 0) as problem_mean_log
    from speedups_long
    group by model_name, procs, problem_name

),

across_problems as (

    select
        model_name,
        procs,
        count(*) as n_problems,
        avg(problem_mean) as arithmetic_mean,
        stddev_samp(problem_mean) as sd,
        count(problem_mean_log) as n_problems_positive,
        avg(problem_mean_log) as mean_log,
        stddev_samp(problem_mean_log) as sd_log
    from problem_summaries
    group by model_name, procs

),

summaries_on_grid as (

    select
        grid.model_name,
        grid.procs,
        coalesce(summaries.n, 0) as n,
        coalesce(across_problems.n_problems, 0) as n_problems,
        across_problems.arithmetic_mean,
        across_problems.sd,
        summaries.median,
        summaries.min_speedup,
        summaries.max_speedup,
        coalesce(summaries.n_speedup_above_1, 0) as n_speedup_above_1,
        coalesce(summaries.n_superlinear, 0) as n_superlinear,
        coalesce(summaries.n_positive, 0) as n_positive,
        coalesce(across_problems.n_problems_positive, 0) as n_problems_positive,
        across_problems.mean_log,
        across_problems.sd_log,
        case when across_problems.n_problems > 1 then across_problems.n_problems - 1 end as df,
        case when across_problems.n_problems_positive > 1 then across_problems.n_problems_positive - 1 end
            as df_geometric
    from grid
    left join summaries
        on grid.model_name = summaries.model_name
        and grid.procs = summaries.procs
    left join across_problems
        on grid.model_name = across_problems.model_name
        and grid.procs = across_problems.procs

),

t_critical_values as (

    {{ t_critical_values('summaries_on_grid', ['df', 'df_geometric']) }}

),

intervals as (

    {{ mean_and_geometric_mean_intervals('summaries_on_grid', 'arithmetic_mean', 'sd', 'n_problems',
                                         'mean_log', 'sd_log', 'n_problems_positive', 't_critical_values') }}

),

final as (

    select
        intervals.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        intervals.procs,
        intervals.n,
        cast(intervals.n_problems as bigint) as n_problems,
        intervals.arithmetic_mean,
        intervals.sd,
        intervals.ci_low as arithmetic_ci_low,
        intervals.ci_high as arithmetic_ci_high,
        intervals.median,
        intervals.min_speedup,
        intervals.max_speedup,
        cast(intervals.n_positive as bigint) as n_positive,
        cast(intervals.n_problems_positive as bigint) as n_problems_positive,
        intervals.geometric_mean,
        intervals.sd_log,
        intervals.geometric_ci_low,
        intervals.geometric_ci_high,
        intervals.arithmetic_mean / intervals.procs as arithmetic_efficiency,
        intervals.geometric_mean / intervals.procs as geometric_efficiency,
        cast(intervals.n_speedup_above_1 as bigint) as n_speedup_above_1,
        intervals.n_speedup_above_1 / nullif(intervals.n, 0) as share_speedup_above_1,
        cast(intervals.n_superlinear as bigint) as n_superlinear,
        intervals.n_superlinear / nullif(intervals.n, 0) as share_superlinear,
        cast({{ confidence_level() }} as double) as confidence_level
    from intervals
    inner join int_models
        on intervals.model_name = int_models.model_name

)

select * from final
