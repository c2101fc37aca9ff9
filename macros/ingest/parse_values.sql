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

{#- token_in(expr, tokens): TRUE when the VARCHAR expr equals one of tokens, else FALSE (NULL expr:
    FALSE). A CASE over the constants, not `in (...)` nor list_contains: DuckDB 2.0 turns both into a
    hash "mark" join per use (33 of them in base_raw_metrics, about a quarter of its time at 1M rows),
    and a join is evaluated for every row, where a CASE inside another CASE's branch is evaluated only
    for the rows that reach it. -#}
{% macro token_in(expr, tokens) -%}
    (case {{ expr }}{% for token in tokens %} when {{ sql_string_literal(token) }} then true{% endfor %} else false end)
{%- endmacro %}

{% macro clean_token(expr) -%}
    case
        when {{ token_in('lower(trim(' ~ expr ~ ', ' ~ whitespace_characters() ~ '))', missing_value_tokens()) }}
            then null
        else trim({{ expr }}, {{ whitespace_characters() }})
    end
{%- endmacro %}

{% macro parse_boolean(expr) -%}
    case
        when {{ token_in('lower(' ~ expr ~ ')', true_tokens()) }} then true
        when {{ token_in('lower(' ~ expr ~ ')', false_tokens()) }} then false
    end
{%- endmacro %}

{% macro parse_double(expr) -%}
    try_cast({{ expr }} as double)
{%- endmacro %}

{#
    The fast path of raw_metrics_base: readings that are certainly those of clean_token + parse_boolean,
    for the values that need neither (anything else gets NULL / FALSE and takes the full path).

    fast_boolean_tokens()  the exact spellings (no blanks, no other case) read without lower/trim.
    fast_boolean(expr)     TRUE / FALSE for those spellings, else NULL.
    fast_text_key(expr)    TRUE when expr is a key that clean_token leaves as it is: it starts and ends with
                           a printable ASCII character (so no blank at either end) and is not a
                           missing-value token; else FALSE (also for NULL).
#}
{% macro fast_boolean_tokens() -%}
    {{- return({
        'True': true, 'true': true, 'TRUE': true, '1': true, '1.0': true,
        'False': false, 'false': false, 'FALSE': false, '0': false, '0.0': false,
    }) -}}
{%- endmacro %}

{% macro fast_boolean(expr) -%}
    (case {{ expr }}{% for token, value in fast_boolean_tokens().items() %} when {{ sql_string_literal(token) }} then {{ 'true' if value else 'false' }}{% endfor %} end)
{%- endmacro %}

{% macro fast_text_key(expr) -%}
    coalesce(
        ascii({{ expr }}) between 33 and 126
        and ascii(right({{ expr }}, 1)) between 33 and 126
        and case when strlen({{ expr }}) > 4 then true
            else not {{ token_in('lower(' ~ expr ~ ')', missing_value_tokens()) }} end,
        false
    )
{%- endmacro %}
