{#
    assert_reference_model_present(relation): stops the build when the var reference_model matches no
    model_name of `relation` (matched like registry names), listing the models that are there.
    Introspective (runs a query at compile time), so unit tests override it with an empty string.
#}
{% macro assert_reference_model_present(relation) -%}
    {%- if execute -%}
        {%- set reference_key = model_key_of(var('reference_model')) -%}
        {%- set available = run_query(
            "select distinct model_name from " ~ relation ~ " order by 1"
        ).columns[0].values() -%}
        {%- set ns = namespace(found=false) -%}
        {%- for name in available -%}
            {%- if model_key_of(name) == reference_key -%}{%- set ns.found = true -%}{%- endif -%}
        {%- endfor -%}
        {%- if not ns.found -%}
            {{- exceptions.raise_compiler_error(
                "reference_model '" ~ var('reference_model') ~ "' is not in the results ("
                ~ raw_metrics_input_path() ~ "). Models available: "
                ~ (available | join(', ') if available else 'none (no row was kept)')
                ~ ". Set it with --vars '{reference_model: \"<one of them>\"}'."
            ) -}}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
