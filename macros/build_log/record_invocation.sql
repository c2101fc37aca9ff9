{#
    record_invocation(results): on-run-end hook. Appends one row per dbt build / run / test / seed
    invocation to main.dbt_invocations in the DuckDB file itself: which command, when, how many nodes
    passed, warned, failed, errored or were skipped, and which failed. The renderer reads the latest row
    and refuses to publish marts whose last invocation failed (a failed build leaves the previous run's
    tables in the file). Keeping the log in the database means the check travels with the file and is
    not fooled by target/run_results.json being rewritten by `dbt docs generate`, `dbt show` or another
    project directory.
#}
{% macro record_invocation(results) -%}
    {%- if execute and flags.WHICH in ('build', 'run', 'test', 'seed') -%}
        {%- set counts = {'success': 0, 'pass': 0, 'warn': 0, 'fail': 0, 'error': 0, 'skipped': 0} -%}
        {%- set failed = [] -%}
        {%- for result in results -%}
            {%- set status = (result.status | string | lower) -%}
            {%- if status in counts -%}
                {%- do counts.update({status: counts[status] + 1}) -%}
            {%- endif -%}
            {%- if status in ('fail', 'error', 'runtime error') -%}
                {%- do failed.append(result.node.unique_id) -%}
            {%- endif -%}
        {%- endfor -%}
        create table if not exists main.dbt_invocations (
            invocation_id varchar,
            command varchar,
            started_at timestamp,
            finished_at timestamp,
            nodes integer,
            succeeded integer,
            warned integer,
            failed integer,
            errored integer,
            skipped integer,
            failed_nodes varchar[],
            status varchar
        );
        insert into main.dbt_invocations values (
            {{ sql_string_literal(invocation_id) }},
            {{ sql_string_literal(flags.WHICH) }},
            cast({{ sql_string_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }} as timestamp),
            cast(current_timestamp at time zone 'UTC' as timestamp),
            {{ results | length }},
            {{ counts['success'] + counts['pass'] }},
            {{ counts['warn'] }},
            {{ counts['fail'] }},
            {{ counts['error'] }},
            {{ counts['skipped'] }},
            [{% for node in failed %}{{ sql_string_literal(node) }}{{ ', ' if not loop.last }}{% endfor %}]::varchar[],
            {{ sql_string_literal('failed' if failed else 'success') }}
        )
    {%- endif -%}
{%- endmacro %}
