{#
    model_key_of(name): the matching key of a model name, computed in Jinja (for vars):
    lower case with spaces, dots, dashes and underscores removed. SQL models compute the same key with
    model_key_sql(expression) below; tests/python checks the two agree.
#}
{% macro model_key_of(name) -%}
    {{- return(modules.re.sub('[\\s._-]', '', (name | string)).lower()) -}}
{%- endmacro %}

{#
    model_key_sql(expression): the same matching key as SQL, for a column or expression of model names
    (VARCHAR in, VARCHAR out; NULL stays NULL): lower case with spaces, dots, dashes and underscores
    removed. Every staging model and mart that matches model names uses this one formula.
#}
{% macro model_key_sql(expression) -%}
    lower(regexp_replace({{ expression }}, '[\s._-]', '', 'g'))
{%- endmacro %}
