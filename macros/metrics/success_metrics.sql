{#
    success_metrics(): the binary outcomes the marts report, each a success count over a denominator of
    int_problem_outcomes columns (sums over problems). One definition serves every mart.

      build              did_build over all attempts
      pass               are_all_valid over all attempts (pass@1 with one sample per problem)
      valid_given_build  are_all_valid over built attempts (the reference report's "validation rate")
      source_valid       is_source_valid over all attempts
      any_run            did_any_run over all attempts
      all_run            did_all_run over all attempts
      any_valid          are_any_valid over all attempts
#}
{% macro success_metrics() -%}
    {{- return([
        {'name': 'build', 'successes': 'n_did_build', 'trials': 'n_attempts'},
        {'name': 'pass', 'successes': 'n_are_all_valid', 'trials': 'n_attempts'},
        {'name': 'valid_given_build', 'successes': 'n_are_all_valid', 'trials': 'n_did_build'},
        {'name': 'source_valid', 'successes': 'n_is_source_valid', 'trials': 'n_attempts'},
        {'name': 'any_run', 'successes': 'n_did_any_run', 'trials': 'n_attempts'},
        {'name': 'all_run', 'successes': 'n_did_all_run', 'trials': 'n_attempts'},
        {'name': 'any_valid', 'successes': 'n_are_any_valid', 'trials': 'n_attempts'},
    ]) -}}
{%- endmacro %}

{% macro success_metric_names() -%}
    {%- set names = [] -%}
    {%- for metric in success_metrics() -%}{%- do names.append(metric.name) -%}{%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}

{#
    success_metric_rows(relation, columns, metric_names=none, trials_as='trials'): the long form of
    success_metrics() over relation, a complete query for a CTE body. One SELECT per metric (those named in
    metric_names, default all, in success_metrics() order) of the given columns, '<name>' as metric, the
    metric's trials as bigint <trials_as> and its successes as bigint successes, joined by union all.
    relation must hold the int_problem_outcomes count columns the metrics name (n_attempts, n_did_build, ...).
#}
{% macro success_metric_rows(relation, columns, metric_names=none, trials_as='trials') -%}
    {% for metric in success_metrics() if metric_names is none or metric.name in metric_names -%}
    select
        {% for column in columns -%}
        {{ column }},
        {% endfor -%}
        '{{ metric.name }}' as metric,
        cast({{ metric.trials }} as bigint) as {{ trials_as }},
        cast({{ metric.successes }} as bigint) as successes
    from {{ relation }}
    {{ 'union all' if not loop.last }}
    {% endfor %}
{%- endmacro %}

{#
    confidence_level(): the var confidence_level as a float, checked to lie strictly between 0 and 1.
    two_sided_quantile_p(): 1 - (1 - confidence_level) / 2, the quantile a two-sided interval needs.
#}
{% macro confidence_level() -%}
    {%- set raw = var('confidence_level', 0.95) -%}
    {%- set level = raw | float(-1) -%}
    {%- if not (0 < level < 1) -%}
        {{- exceptions.raise_compiler_error(
            "confidence_level must be a number strictly between 0 and 1 (e.g. 0.95); got '" ~ raw ~ "'."
        ) -}}
    {%- endif -%}
    {{- return(level) -}}
{%- endmacro %}

{% macro two_sided_quantile_p() -%}
    {{- return(1 - (1 - confidence_level()) / 2) -}}
{%- endmacro %}
