{#
    Value parsing for staging. Each macro takes a SQL expression (as a string) that yields VARCHAR.

    clean_token(expr)    text trimmed of blanks (space, tab, CR, LF, no-break space), or NULL for a blank or a missing-value token
                         (nan, null, none, na, n/a in any case).
    parse_boolean(expr)  TRUE for true/t/1/1.0/yes/y, FALSE for false/f/0/0.0/no/n (1.0/0.0: pandas float flags) (any case, trimmed), else NULL.
                         Call it on clean_token output: NULL then means blank or unparseable.
    is_true_token / is_false_token / boolean_tokens: the accepted spellings, in one place.
    parse_double(expr)   try_cast to DOUBLE of cleaned text (accepts 1581.0, 1e-8, inf); NULL if unparseable.
#}

{% macro missing_value_tokens() -%}
    {{- return(['', 'nan', 'null', 'none', 'na', 'n/a']) -}}
{%- endmacro %}

{% macro whitespace_characters() -%}
    {#- space, tab, carriage return, line feed, no-break space -#}
    {{- return("' ' || chr(9) || chr(13) || chr(10) || chr(160)") -}}
{%- endmacro %}

{% macro true_tokens() -%}
    {{- return(['true', 't', '1', '1.0', 'yes', 'y']) -}}
{%- endmacro %}

{% macro false_tokens() -%}
    {{- return(['false', 'f', '0', '0.0', 'no', 'n']) -}}
{%- endmacro %}

{% macro quoted_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append(sql_string_literal(value)) -%}
    {%- endfor -%}
    {{- return(quoted | join(', ')) -}}
{%- endmacro %}

{#- Token lists are tested with list_contains, not `in (...)`: DuckDB turns a constant IN list
    into a hash "mark" join per column, which cost about a quarter of the staging time at 1M rows. -#}
{% macro clean_token(expr) -%}
    case
        when list_contains([{{ quoted_list(missing_value_tokens()) }}], lower(trim({{ expr }}, {{ whitespace_characters() }})))
            then null
        else trim({{ expr }}, {{ whitespace_characters() }})
    end
{%- endmacro %}

{% macro parse_boolean(expr) -%}
    case
        when list_contains([{{ quoted_list(true_tokens()) }}], lower({{ expr }})) then true
        when list_contains([{{ quoted_list(false_tokens()) }}], lower({{ expr }})) then false
    end
{%- endmacro %}

{% macro parse_double(expr) -%}
    try_cast({{ expr }} as double)
{%- endmacro %}
