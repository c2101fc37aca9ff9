{#-
    Generation cost: one row per model (level 'model') plus one cross-model row (level 'across_models',
    model_name NULL). For response_time_s and total, prompt and completion tokens: n (present values),
    mean, median, sample sd and the t-interval of the mean. Builds and passes per 1,000 completion tokens
    (over rows with completion tokens). Per-row correlations of response_time_s and of completion_tokens
    with pass (are_all_valid as 0/1): Pearson (= point-biserial) and Spearman (Pearson on average ranks),
    each with n and the two-sided t-based p (n − 2 df). The cross-model row correlates the models' mean
    response time / mean completion tokens with their pass rates (n = models with that mean).
    A model without a measure has n = 0 and NULL statistics, never zeros.
-#}
{%- set measures = generation_cost_measures() -%}
{%- set df_expressions = [] -%}
{%- for measure in measures -%}{%- do df_expressions.append(measure ~ '_n - 1') -%}{%- endfor -%}
{%- set correlated = ['response_time_s', 'completion_tokens'] -%}
{%- set per_tokens = tokens_per_cost_unit() -%}

with

int_attempts as (

    select
        model_name,
        model_number,
        did_build,
        are_all_valid,
        {% for measure in measures -%}
        {{ measure }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('int_attempts') }}

),

int_problem_outcomes as (

    select model_name, n_attempts, n_did_build, n_are_all_valid from {{ ref('int_problem_outcomes') }}

),

int_models as (

    select model_name, model_number, display_name, is_reference_model from {{ ref('int_models') }}

),

model_rates as (

    select
        model_name,
        sum(n_attempts) as n_attempts,
        sum(n_did_build) / sum(n_attempts) as build_rate,
        sum(n_are_all_valid) / sum(n_attempts) as pass_rate
    from int_problem_outcomes
    group by model_name

),

measure_summaries as (

    select
        model_name,
        {% for measure in measures -%}
        count({{ measure }}) as {{ measure }}_n,
        avg({{ measure }}) as {{ measure }}_mean,
        quantile_cont({{ measure }}, 0.5) as {{ measure }}_median,
        stddev_samp({{ measure }}) as {{ measure }}_sd,
        {% endfor -%}
        count_if(did_build and completion_tokens is not null) as n_built_with_completion_tokens,
        count_if(are_all_valid and completion_tokens is not null) as n_passed_with_completion_tokens,
        sum(completion_tokens) as sum_completion_tokens
    from int_attempts
    group by model_name

),

{% for x in correlated -%}
ranked_{{ x }} as (

    {#- the window reads only what it sorts and returns (model number, x, pass flag): every other
        column would be carried through the sort (at 5M rows, 3.8M response times: 2.2 s with the
        name and the pass counts, 0.8 s without). It partitions by int_models' model_number: DuckDB
        sorts a window's rows by partition and order keys, and an integer sorts faster than the name
        (1.3 s by name, 0.7 s by number) -#}
    select
        model_number,
        {{ x }} as x,
        are_all_valid as passed,
        {{ average_rank(x, 'model_number') }} as rank_x
    from int_attempts
    where {{ x }} is not null

),

pass_counts_{{ x }} as (

    select
        model_number,
        count_if(not passed) as n_not_passed,
        count_if(passed) as n_passed
    from ranked_{{ x }}
    group by model_number

),

ranks_{{ x }} as (

    {#- rank_y: the average rank of the 0/1 pass flag (not null), from the model's counts: no sort -#}
    select
        ranked_{{ x }}.model_number,
        ranked_{{ x }}.x,
        cast(ranked_{{ x }}.passed as double) as y,
        ranked_{{ x }}.rank_x,
        case
            when ranked_{{ x }}.passed
                then pass_counts_{{ x }}.n_not_passed + (pass_counts_{{ x }}.n_passed + 1) / 2.0
            else (pass_counts_{{ x }}.n_not_passed + 1) / 2.0
        end as rank_y
    from ranked_{{ x }}
    inner join pass_counts_{{ x }}
        on ranked_{{ x }}.model_number = pass_counts_{{ x }}.model_number

),

correlation_{{ x }} as (

    select
        int_models.model_name,
        correlation_by_number.* exclude (model_number)
    from (
        select
            model_number,
            count(*) as n,
            case when stddev_pop(x) > 0 and stddev_pop(y) > 0 then corr(x, y) end as pearson_r,
            case when stddev_pop(rank_x) > 0 and stddev_pop(rank_y) > 0 then corr(rank_x, rank_y) end
                as spearman_rho
        from ranks_{{ x }}
        group by model_number
    ) as correlation_by_number
    inner join int_models
        on correlation_by_number.model_number = int_models.model_number

),

{% endfor -%}

model_rows as (

    select
        'model' as level,
        model_rates.model_name,
        model_rates.n_attempts,
        model_rates.build_rate,
        model_rates.pass_rate,
        {% for measure in measures -%}
        measure_summaries.{{ measure }}_n,
        measure_summaries.{{ measure }}_mean,
        measure_summaries.{{ measure }}_median,
        measure_summaries.{{ measure }}_sd,
        {% endfor -%}
        {{ per_tokens }} * measure_summaries.n_built_with_completion_tokens
            / nullif(measure_summaries.sum_completion_tokens, 0) as builds_per_1k_completion_tokens,
        {{ per_tokens }} * measure_summaries.n_passed_with_completion_tokens
            / nullif(measure_summaries.sum_completion_tokens, 0) as passes_per_1k_completion_tokens,
        {% for x in correlated -%}
        coalesce(correlation_{{ x }}.n, 0) as {{ x }}_pass_corr_n,
        correlation_{{ x }}.pearson_r as {{ x }}_pass_pearson_r,
        correlation_{{ x }}.spearman_rho as {{ x }}_pass_spearman_rho{{ ',' if not loop.last }}
        {% endfor %}
    from model_rates
    inner join measure_summaries
        on model_rates.model_name = measure_summaries.model_name
    {% for x in correlated -%}
    left join correlation_{{ x }}
        on model_rates.model_name = correlation_{{ x }}.model_name
    {% endfor %}

),

{% for x in correlated -%}
across_ranks_{{ x }} as (

    select
        {{ x }}_mean as x,
        pass_rate as y,
        {{ average_rank(x ~ '_mean', "'all'") }} as rank_x,
        {{ average_rank('pass_rate', "'all'") }} as rank_y
    from model_rows
    where {{ x }}_mean is not null

),

across_correlation_{{ x }} as (

    select
        count(*) as n,
        case when stddev_pop(x) > 0 and stddev_pop(y) > 0 then corr(x, y) end as pearson_r,
        case when stddev_pop(rank_x) > 0 and stddev_pop(rank_y) > 0 then corr(rank_x, rank_y) end
            as spearman_rho
    from across_ranks_{{ x }}

),

{% endfor -%}

across_row as (

    select
        'across_models' as level,
        cast(null as varchar) as model_name,
        cast(null as bigint) as n_attempts,
        cast(null as double) as build_rate,
        cast(null as double) as pass_rate,
        {% for measure in measures -%}
        cast(null as bigint) as {{ measure }}_n,
        cast(null as double) as {{ measure }}_mean,
        cast(null as double) as {{ measure }}_median,
        cast(null as double) as {{ measure }}_sd,
        {% endfor -%}
        cast(null as double) as builds_per_1k_completion_tokens,
        cast(null as double) as passes_per_1k_completion_tokens,
        {% for x in correlated -%}
        across_correlation_{{ x }}.n as {{ x }}_pass_corr_n,
        across_correlation_{{ x }}.pearson_r as {{ x }}_pass_pearson_r,
        across_correlation_{{ x }}.spearman_rho as {{ x }}_pass_spearman_rho{{ ',' if not loop.last }}
        {% endfor %}
    from {% for x in correlated -%}
        across_correlation_{{ x }}{{ ' cross join ' if not loop.last }}
    {%- endfor %}

),

all_rows as (

    select * from model_rows
    union all by name
    select * from across_row

),

t_critical_values as (

    {{ t_critical_values('all_rows', df_expressions) }}

),

with_tests as (

    select
        all_rows.*,
        {% for measure in measures -%}
        {% for sign, bound in [('-', 'low'), ('+', 'high')] -%}
        {{ mean_t_ci('all_rows.' ~ measure ~ '_mean', 'all_rows.' ~ measure ~ '_sd', 'all_rows.' ~ measure ~ '_n',
                     't_' ~ measure ~ '.t_crit', sign) }} as {{ measure }}_ci_{{ bound }},
        {% endfor -%}
        {% endfor -%}
        {% for x in correlated -%}
        {{ correlation_p('all_rows.' ~ x ~ '_pass_pearson_r', 'all_rows.' ~ x ~ '_pass_corr_n') }}
            as {{ x }}_pass_pearson_p,
        {{ correlation_p('all_rows.' ~ x ~ '_pass_spearman_rho', 'all_rows.' ~ x ~ '_pass_corr_n') }}
            as {{ x }}_pass_spearman_p{{ ',' if not loop.last }}
        {% endfor %}
    from all_rows
    {% for measure in measures -%}
    left join t_critical_values as t_{{ measure }}
        on all_rows.{{ measure }}_n - 1 = t_{{ measure }}.df
    {% endfor %}

),

final as (

    select
        with_tests.level,
        with_tests.model_name,
        int_models.display_name,
        int_models.is_reference_model,
        cast(with_tests.n_attempts as bigint) as n_attempts,
        with_tests.build_rate,
        with_tests.pass_rate,
        {% for measure in measures -%}
        with_tests.{{ measure }}_n,
        with_tests.{{ measure }}_mean,
        with_tests.{{ measure }}_median,
        with_tests.{{ measure }}_sd,
        with_tests.{{ measure }}_ci_low,
        with_tests.{{ measure }}_ci_high,
        {% endfor -%}
        with_tests.builds_per_1k_completion_tokens,
        with_tests.passes_per_1k_completion_tokens,
        {% for x in correlated -%}
        with_tests.{{ x }}_pass_corr_n,
        with_tests.{{ x }}_pass_pearson_r,
        with_tests.{{ x }}_pass_pearson_p,
        with_tests.{{ x }}_pass_spearman_rho,
        with_tests.{{ x }}_pass_spearman_p,
        {% endfor -%}
        cast({{ confidence_level() }} as double) as confidence_level
    from with_tests
    left join int_models
        on with_tests.model_name = int_models.model_name

)

select * from final
