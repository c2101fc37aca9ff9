"""The sample build: every model and every dbt data and unit test pass on the bundled sample.

`make test` used to run `dbt build` before pytest; this is the same build (the session's
`sample_build`, which the report and oracle tests read too), asserted node by node. It is the only
build of the session that runs dbt's unit tests (the others leave them out, see dbt_builds), so it
checks against the project's manifest that every unit test and every data test ran here.
"""

from __future__ import annotations

import json

from dbt_builds import Build


def test_sample_build_runs_every_node_without_error(sample_build: Build) -> None:
    results = sample_build.run_results["results"]
    kinds = {result["unique_id"].split(".")[0] for result in results}
    assert {"seed", "model", "test", "unit_test"} <= kinds, kinds
    failed = [
        (result["unique_id"], result["status"])
        for result in results
        if result["status"] not in {"success", "pass", "warn"}
        and not (result["unique_id"].startswith("exposure.") and result["status"] == "no-op")
    ]
    assert failed == [], failed


def test_sample_build_runs_every_unit_test_and_data_test(sample_build: Build) -> None:
    manifest = json.loads((sample_build.target / "manifest.json").read_text("utf-8"))
    project = manifest["metadata"]["project_name"]
    expected = {
        unique_id
        for unique_id, node in [*manifest["nodes"].items(), *manifest["unit_tests"].items()]
        if node["resource_type"] in {"test", "unit_test", "model", "seed"}
        and node["package_name"] == project
        and node["config"].get("enabled", True)
    }
    ran = {result["unique_id"] for result in sample_build.run_results["results"]}
    assert expected - ran == set()
    assert sum(1 for unique_id in expected if unique_id.startswith("unit_test.")) > 0
