{#
    Settings of the reference-comparison family (fct_reference_comparisons), from vars with defaults:

    target_difference_pp()   var target_difference_pp, default 10: the difference (percentage points) whose
                             required number of problems is reported (problems_needed).
    equivalence_margin_pp()  var equivalence_margin_pp, default 5: the TOST equivalence margin ±ε (pp);
                             two models are called alike only when the TOST p-value is below α.
    power_target()           var power_target, default 0.8: the power of the minimum detectable difference.
    Each must be a number > 0 (power strictly between 0 and 1); a compile error names the var otherwise.
#}
{% macro _positive_number_var(name, default) -%}
    {%- set raw = var(name, default) -%}
    {%- set value = raw | float(-1) -%}
    {%- if not value > 0 -%}
        {{- exceptions.raise_compiler_error(name ~ " must be a number > 0; got '" ~ raw ~ "'.") -}}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{% macro target_difference_pp() -%}
    {{- return(pareval_report._positive_number_var('target_difference_pp', 10)) -}}
{%- endmacro %}

{% macro equivalence_margin_pp() -%}
    {{- return(pareval_report._positive_number_var('equivalence_margin_pp', 5)) -}}
{%- endmacro %}

{% macro power_target() -%}
    {%- set value = pareval_report._positive_number_var('power_target', 0.8) -%}
    {%- if not value < 1 -%}
        {{- exceptions.raise_compiler_error("power_target must be strictly between 0 and 1; got " ~ value) -}}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}
