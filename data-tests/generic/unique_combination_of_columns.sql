{#
    unique_combination_of_columns: no two rows share the values of `combination_of_columns`
    (the model's grain). Fails with each duplicated combination and its count (NULLs group together,
    as in GROUP BY).
    Two steps, exact: the combinations' 64-bit hashes that repeat (a repeated combination repeats its
    hash), then the exact grouping of only the rows with such a hash (a collision of two different
    combinations is grouped apart there and does not fail). One grouping by a hash instead of by the
    columns: at 5M rows and four key columns 0.77 s against 1.35 s.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{%- set columns = combination_of_columns | join(', ') %}

with

repeated_hashes as (

    select hash({{ columns }}) as key_hash
    from {{ model }}
    group by key_hash
    having count(*) > 1

),

repeated_combinations as (

    select
        {{ columns }},
        count(*) as rows_with_this_key
    from {{ model }}
    where hash({{ columns }}) in (select key_hash from repeated_hashes)
    group by {{ columns }}
    having count(*) > 1

)

select * from repeated_combinations

{% endtest %}
