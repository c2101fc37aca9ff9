{#- Each problem_name belongs to exactly one problem_type across the kept rows. -#}
select
    problem_name,
    list(distinct problem_type order by problem_type) as problem_types
from {{ ref('stg_raw_metrics') }}
group by problem_name
having count(distinct problem_type) > 1
