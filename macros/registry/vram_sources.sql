{#-
    vram_source_order(column): an ORDER BY expression ranking VRAM sources for the default figure.
    The source named by var vram_source comes first, then spec_000 (the task's own table),
    reference_report (spec 002) and derivation (parameters x bytes per weight). Shape: one integer
    per row, lower is preferred. Errors: compilation stops when var vram_source is not one of the three.
-#}
{% macro vram_source_order(column) -%}
    {%- set sources = ['spec_000', 'reference_report', 'derivation'] -%}
    {%- set chosen = var('vram_source', 'spec_000') | lower -%}
    {%- if chosen not in sources -%}
        {{ exceptions.raise_compiler_error(
            "var vram_source = '" ~ chosen ~ "' is not a VRAM source; use one of " ~ sources | join(', ')
        ) }}
    {%- endif -%}
    case {{ column }} when {{ sql_string_literal(chosen) }} then 0
    {%- for source in sources %} when '{{ source }}' then {{ loop.index }}{% endfor %} else 99 end
{%- endmacro %}


{#-
    size_band(params_b): the peer group by total parameters in billions (issue 12's bands). Shape:
    one string per row: '<= 16B' (params <= 16), '17-40B' (16 < params <= 40), '> 40B' (params > 40),
    'unknown/hosted' (NULL: a hosted API; int_models bands a model missing from the registry
    'not in registry' instead). Mixture-of-experts
    models are banded by total parameters, which must all be resident in memory.
-#}
{% macro size_band(params_b) -%}
    case
        when {{ params_b }} is null then 'unknown/hosted'
        when {{ params_b }} <= 16 then '<= 16B'
        when {{ params_b }} <= 40 then '17-40B'
        else '> 40B'
    end
{%- endmacro %}
