{#
    ParEval's own metrics (parallelcodefoundry/ParEval analysis/metrics.py; docs/statistics/pareval-metrics.md),
    reproduced with ParEval's conventions, quirks included, for fct_pareval_metrics.

    pareval_ncr(n, r)           C(n, r) as DOUBLE, computed as prod_{i=1..r} (n - r + i) / i; ParEval's nCr
                                returns 1 when n < r (a quirk that inflates speedup@k for k > 1 when few
                                samples ran), and C(n, 0) = 1. NULL for NULL inputs.
    pareval_pass_at_k(n, c, k)  ParEval's _passk: 1 when n - c < k (so also whenever n < k), else
                                1 - prod_{i=n-c+1}^{n} (1 - k / i) (Chen et al. 2021). n trials, c successes.
    pareval_resource_settings() the var pareval_resources as rows (parallelism_model, n_procs, n_threads,
                                resources): the run ParEval's speedup@k and efficiency@k read for each
                                execution model. Execution models absent from the var (serial, cuda, hip
                                by default) use every valid run ("as run"). Default as ParEval's committed
                                metrics: omp and kokkos 32 threads, mpi 512 processes, mpi+omp 4 processes
                                x 64 threads. resources = n_procs x n_threads (a missing count is 1): the
                                divisor of efficiency@k (cuda and hip divide by the problem size instead).
    pareval_timer_floor_s()     1e-8: ParEval floors each runtime at 1e-8 s in speedup@k and efficiency@k.
#}

{% macro pareval_ncr(n, r) -%}
    (case
        when ({{ n }}) < ({{ r }}) then 1.0
        else coalesce(list_product(list_transform(
            range(1, cast({{ r }} as bigint) + 1),
            lambda _ncr_i: (cast(({{ n }}) - ({{ r }}) as double) + _ncr_i) / _ncr_i)), 1.0)
    end)
{%- endmacro %}

{% macro pareval_pass_at_k(n, c, k) -%}
    (case
        when ({{ n }}) - ({{ c }}) < ({{ k }}) then 1.0
        else 1.0 - coalesce(list_product(list_transform(
            range(cast(({{ n }}) - ({{ c }}) + 1 as bigint), cast({{ n }} as bigint) + 1),
            lambda _pk_i: 1.0 - cast({{ k }} as double) / _pk_i)), 1.0)
    end)
{%- endmacro %}

{% macro pareval_resource_settings() -%}
    {%- set settings = var('pareval_resources', {
        'omp': {'n_threads': 32}, 'kokkos': {'n_threads': 32}, 'mpi': {'n_procs': 512},
        'mpi+omp': {'n_procs': 4, 'n_threads': 64}}) -%}
    {%- set rows = [] -%}
    {%- for em, counts in settings.items() -%}
        {%- if em not in pareval_parallelism_models() -%}
            {{- exceptions.raise_compiler_error("var pareval_resources: '" ~ em ~ "' is not one of ParEval's execution models ("
                ~ (pareval_parallelism_models() | join(', ')) ~ ")") -}}
        {%- endif -%}
        {%- set procs = counts.get('n_procs') if counts else none -%}
        {%- set threads = counts.get('n_threads') if counts else none -%}
        {%- do rows.append('(' ~ sql_string_literal(em) ~ ', ' ~ (procs | int if procs is not none else 'null') ~ ', '
            ~ (threads | int if threads is not none else 'null') ~ ')') -%}
    {%- endfor -%}
    {%- if rows | length == 0 -%}
        {{- return('select cast(null as varchar) as parallelism_model, cast(null as bigint) as n_procs, cast(null as bigint) as n_threads, cast(null as bigint) as resources where false') -}}
    {%- endif -%}
    {{- return('select parallelism_model, cast(n_procs as bigint) as n_procs, cast(n_threads as bigint) as n_threads, '
        ~ 'cast(coalesce(n_procs, 1) * coalesce(n_threads, 1) as bigint) as resources from (values '
        ~ (rows | join(', ')) ~ ') as settings (parallelism_model, n_procs, n_threads)') -}}
{%- endmacro %}

{% macro pareval_timer_floor_s() -%}1e-8{%- endmacro %}
