{#
    Settings of the rates and assumption-check marts (fct_success_rates, fct_pass_at_k,
    fct_assumption_checks), kept here so that no threshold or list is hard-coded in model SQL.
    Each reads a var with the documented default, so a user can change it with --vars.

    pass_at_k_values()            var pass_at_k_values, default [1, 5, 10, 20]: the k of fct_pass_at_k.
                                  A k is reported for a (model, scope) only when k <= the smallest
                                  number of samples of any prompt of that model in that scope.
    np_adequacy_threshold()       var np_adequacy_threshold, default 10: the normal approximation to a
                                  binomial rate is called adequate when n*p >= 10 and n*(1-p) >= 10
                                  (i.e. at least 10 successes and 10 failures).
    small_sample_n()              var small_sample_n, default 30: below this many trials a rate row
                                  gets a small-sample note.
    k2_min_n()                    20: the D'Agostino-Pearson K^2 test needs n >= 20 (scipy's
                                  kurtosistest; macro dagostino_k2 returns NULL below it).
    assumption_check_binary_metrics()  the success_metrics() names checked for n*p adequacy.
    assumption_check_measures()   the row-level measures checked for normality: name (the measure
                                  label in the mart), column (in int_attempts) and valid_only (true:
                                  only attempts whose runs were all valid enter, because a runtime or
                                  speedup of an invalid output is not a measurement of working code).
#}
{% macro pass_at_k_values() -%}
    {%- set ks = var('pass_at_k_values', [1, 5, 10, 20]) -%}
    {%- for k in ks -%}
        {%- if not (k | int(-1) >= 1 and (k | string) == ((k | int) | string)) -%}
            {{- exceptions.raise_compiler_error(
                "pass_at_k_values must be a list of positive integers; got " ~ ks) -}}
        {%- endif -%}
    {%- endfor -%}
    {{- return(ks | map('int') | list) -}}
{%- endmacro %}

{% macro np_adequacy_threshold() -%}
    {%- set raw = var('np_adequacy_threshold', 10) -%}
    {{- return((raw | int) if (raw | float) == (raw | int) else (raw | float)) -}}
{%- endmacro %}

{% macro small_sample_n() -%}
    {{- return(var('small_sample_n', 30) | int) -}}
{%- endmacro %}

{% macro k2_min_n() -%}
    {{- return(20) -}}
{%- endmacro %}

{% macro assumption_check_binary_metrics() -%}
    {{- return(['build', 'pass', 'valid_given_build']) -}}
{%- endmacro %}

{% macro assumption_check_measures() -%}
    {{- return([
        {'name': 'best_runtime', 'column': 'best_runtime_s', 'valid_only': true},
        {'name': 'avg_runtime', 'column': 'avg_runtime_s', 'valid_only': true},
        {'name': 'speedup_2proc', 'column': 'speedup_2proc', 'valid_only': true},
        {'name': 'speedup_4proc', 'column': 'speedup_4proc', 'valid_only': true},
        {'name': 'response_time', 'column': 'response_time_s', 'valid_only': false},
        {'name': 'total_tokens', 'column': 'total_tokens', 'valid_only': false},
    ]) -}}
{%- endmacro %}
