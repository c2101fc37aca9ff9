"""The sample build: every model and every dbt data and unit test pass on the bundled sample.

`make test` used to run `dbt build` before pytest; this is the same build (the session's
`sample_build`, which the report and oracle tests read too), asserted node by node.
"""

from __future__ import annotations

from dbt_builds import Build


def test_sample_build_runs_every_node_without_error(sample_build: Build) -> None:
    results = sample_build.run_results["results"]
    kinds = {result["unique_id"].split(".")[0] for result in results}
    assert {"seed", "model", "test", "unit_test"} <= kinds, kinds
    failed = [
        (result["unique_id"], result["status"])
        for result in results
        if result["status"] not in {"success", "pass", "warn"}
    ]
    assert failed == [], failed
