{#
    Constants and small formulas of the descriptive marts (models/marts/profiles, fct_missing_data).
    Documented in _descriptive__macros.yml. Nothing here redefines a macro of the statistics layer
    (t_quantile, normal_quantile, t_two_sided_p, wilson_low/high, mcnemar_exact_p are used as they are).
#}

{#- timer_resolution_s(): var timer_resolution_s (default 1e-6 s). Runtimes below it are timer noise. -#}
{% macro timer_resolution_s() -%}
    {%- set raw = var('timer_resolution_s', 1.0e-6) -%}
    {%- set value = raw | float(-1) -%}
    {%- if value <= 0 -%}
        {{- exceptions.raise_compiler_error(
            "timer_resolution_s must be a positive number of seconds (e.g. 1e-6); got '" ~ raw ~ "'.") -}}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{#- tokens_per_cost_unit(): the token count the per-token rates are expressed per (1,000). -#}
{% macro tokens_per_cost_unit() -%}
    {{- return(1000) -}}
{%- endmacro %}

{#- percentage_points_per_unit(): a rate in [0, 1] times this is in percentage points. -#}
{% macro percentage_points_per_unit() -%}
    {{- return(100) -}}
{%- endmacro %}

{#- runtime_measures(): the runtime columns of int_attempts fct_runtime_stats describes. -#}
{% macro runtime_measures() -%}
    {{- return([
        {'name': 'best_runtime', 'column': 'best_runtime_s'},
        {'name': 'avg_runtime', 'column': 'avg_runtime_s'},
    ]) -}}
{%- endmacro %}

{#- speedup_measures(): the speedup columns of int_attempts and the rank count n of T(1)/T(n). -#}
{% macro speedup_measures() -%}
    {{- return([
        {'column': 'speedup_2proc', 'procs': 2},
        {'column': 'speedup_4proc', 'procs': 4},
    ]) -}}
{%- endmacro %}

{#- generation_cost_measures(): int_attempts columns summarised by fct_generation_cost (prefix = column). -#}
{% macro generation_cost_measures() -%}
    {{- return(['response_time_s', 'total_tokens', 'prompt_tokens', 'completion_tokens']) -}}
{%- endmacro %}

{#- gap_parallelism_models(): the serial − MPI gap of fct_domain_rates is minuend − subtrahend. -#}
{% macro gap_parallelism_models() -%}
    {{- return({'minuend': 'serial', 'subtrahend': 'mpi'}) -}}
{%- endmacro %}

{#-
    correlation_t(r, n): t statistic of a correlation coefficient, r √((n − 2) / (1 − r²)).
    correlation_p(r, n): two-sided p of H0 ρ = 0 from Student t with n − 2 df (t_two_sided_p, exact for
    integer df); 0 when |r| = 1, NULL when r is NULL or n < 3. Same as scipy.stats.pearsonr's p, and as
    spearmanr's p when r is Spearman's ρ (scipy uses the same t approximation for ρ).
-#}
{% macro correlation_t(r, n) -%}
    (({{ r }}) * sqrt((cast({{ n }} as double) - 2) / (1 - ({{ r }}) * ({{ r }}))))
{%- endmacro %}

{% macro correlation_p(r, n) -%}
    (case
        when ({{ r }}) is null or cast({{ n }} as double) < 3 then null
        when abs({{ r }}) >= 1 then 0.0
        else {{ t_two_sided_p(correlation_t(r, n), '(cast(' ~ n ~ ' as bigint) - 2)', large_df=true) }}
    end)
{%- endmacro %}

{#-
    geometric_mean_ci(mean_log, sd_log, n, t_crit, sign): bound of the t-interval of the mean of ln(x),
    back-transformed: exp(mean_log ± t_crit · sd_log / √n) ('-' low, '+' high). A CI for the geometric mean
    (= the population median under log-normality); asymmetric on the original scale.
-#}
{% macro geometric_mean_ci(mean_log, sd_log, n, t_crit, sign) -%}
    exp({{ mean_t_ci(mean_log, sd_log, n, t_crit, sign) }})
{%- endmacro %}

{#-
    average_rank(value, partition_by): rank of value within the partition with ties given the mean of the
    ranks they span (scipy.stats.rankdata method 'average'): (min rank + max rank) / 2, the max rank being
    the count of rows up to and including the value's ties (the default window frame includes peers).
    One window (one sort): the tie count over (partition, value) took a second window, ~2x the time
    over millions of rows. Exact in double (integers and halves). NULL values must be filtered out before.
-#}
{% macro average_rank(value, partition_by) -%}
    ((rank() over (partition by {{ partition_by }} order by {{ value }})
        + count(*) over (partition by {{ partition_by }} order by {{ value }})) / 2.0)
{%- endmacro %}

{#-
    missing_data_rules(): for each measurement column of int_attempts, the rows where a value is expected
    (applicable_when, SQL on int_attempts) and the rule the marts apply to a missing value (rule text).
-#}
{% macro missing_data_rules() -%}
    {%- set t = timer_resolution_s() -%}
    {{- return([
        {'column': 'response_time_s', 'input_column': 'response_time', 'applicable_when': 'true',
         'rule': 'Missing: the row is left out of the response-time statistics and correlations of '
                 ~ 'fct_generation_cost (n counts present values only; a model with none has n = 0 and NULL '
                 ~ 'statistics). Never imputed, never read as 0.'},
        {'column': 'total_tokens', 'input_column': 'total_tokens', 'applicable_when': 'true',
         'rule': 'Missing: left out of the token statistics of fct_generation_cost (n = 0 and NULLs for a '
                 ~ 'model without tokens). Never imputed, never read as 0.'},
        {'column': 'prompt_tokens', 'input_column': 'prompt_tokens', 'applicable_when': 'true',
         'rule': 'Missing: left out of the prompt-token statistics of fct_generation_cost. Never imputed.'},
        {'column': 'completion_tokens', 'input_column': 'total_tokens - prompt_tokens',
         'applicable_when': 'true',
         'rule': 'Derived as total_tokens - prompt_tokens; missing when either is missing or total < prompt. '
                 ~ 'Left out of the completion-token statistics, per-1,000-token rates and token correlations '
                 ~ 'of fct_generation_cost.'},
        {'column': 'best_runtime_s', 'input_column': 'best_runtime', 'applicable_when': 'are_all_valid',
         'rule': 'Expected only when every run was valid (no timing otherwise). fct_runtime_stats uses rows '
                 ~ 'with are_all_valid and a present value; values below ' ~ t ~ ' s (timer resolution) are '
                 ~ 'kept in n, mean, quantiles, but left out of the geometric mean.'},
        {'column': 'avg_runtime_s', 'input_column': 'avg_runtime', 'applicable_when': 'are_all_valid',
         'rule': 'As best_runtime_s: fct_runtime_stats uses rows with are_all_valid and a present value; '
                 ~ 'values below ' ~ t ~ ' s are left out of the geometric mean only.'},
        {'column': 'speedup_2proc', 'input_column': 'speedup_2proc',
         'applicable_when': "parallelism_model = 'mpi' and are_all_valid",
         'rule': 'Present only when the 1-rank and 2-rank runs were both valid (MPI rows). fct_scaling uses '
                 ~ 'every present value (including the rare rows where a later run failed); missing values are '
                 ~ 'left out, never read as 0.'},
        {'column': 'speedup_4proc', 'input_column': 'speedup_4proc',
         'applicable_when': "parallelism_model = 'mpi' and are_all_valid",
         'rule': 'As speedup_2proc, for 4 ranks.'},
        {'column': 'num_successful_runs', 'input_column': 'num_successful_runs', 'applicable_when': 'true',
         'rule': 'Not used by any statistic; reported for completeness.'},
    ]) -}}
{%- endmacro %}
