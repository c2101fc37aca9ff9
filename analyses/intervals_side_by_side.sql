{#-
    Build and pass@1 rates of every model (scope 'all') with the four intervals the marts hold:
    Wilson score, t, cluster-robust t (clusters = problems) and the reference report's Wald z.
    Run: dbt show --select intervals_side_by_side --limit 100
-#}
with

rates as (

    select * from {{ ref('fct_success_rates') }}

),

final as (

    select
        display_name,
        metric,
        n,
        successes,
        round(rate, 4) as rate,
        round(wilson_low, 4) as wilson_low,
        round(wilson_high, 4) as wilson_high,
        round(ci_low, 4) as t_low,
        round(ci_high, 4) as t_high,
        round(cluster_ci_low, 4) as cluster_low,
        round(cluster_ci_high, 4) as cluster_high,
        round(wald_low, 4) as wald_low,
        round(wald_high, 4) as wald_high
    from rates
    where scope = 'all' and metric in ('build', 'pass')
    order by metric, rate desc, display_name

)

select * from final
