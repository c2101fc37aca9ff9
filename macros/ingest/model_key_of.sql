{#
    model_key_of(name): the matching key of a model name, computed in Jinja (for vars):
    lower case with spaces, dots, dashes and underscores removed. SQL models compute the same key with
    lower(regexp_replace(name, '[\s._-]', '', 'g')); tests/python checks the two agree.
#}
{% macro model_key_of(name) -%}
    {{- return(modules.re.sub('[\\s._-]', '', (name | string)).lower()) -}}
{%- endmacro %}
