"""scripts/bench.py's opt-in ParEval-shaped case: the input it generates and the lines it reports.

No timing is measured here (the runs below are made up): scripts/bench.py measures speed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from types import ModuleType

import pytest
from script_modules import load_script


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("bench")


def test_pareval_input_is_one_model_per_8400_samples_and_cached(
    bench: ModuleType, tmp_path: Path
) -> None:
    case = bench.generate_pareval(5_000, 3, tmp_path)  # rounds to 1 model: 7 x 60 x 20 samples
    files = sorted(case.path.glob("*/*.json"))
    assert [f.parent.name for f in files] == ["H2LooP v0.1-coder"] * 7
    samples = sum(
        len(prompt["outputs"])
        for f in files
        for prompt in json.loads(f.read_text(encoding="utf-8"))
        if prompt["parallelism_model"] == f.stem
    )
    assert case.rows == samples == 8_400
    assert case.fmt == "pareval" and bench.case_key(case) == "pareval-8400"
    stamp = files[0].stat().st_mtime_ns
    again = bench.generate_pareval(8_400, 3, tmp_path)
    assert again.path == case.path and files[0].stat().st_mtime_ns == stamp  # not rewritten
    # DuckDB's floor on the folder reads every sample, one group per (model, execution model)
    _, floor = bench.floor(case)
    assert (floor["rows"], floor["groups"]) == (8_400, 7)


def run(bench: ModuleType, wall_s: float, mb: float) -> object:
    return bench.Run(wall_s, 0, mb, mb, "")


def report_lines(
    bench: ModuleType, build_mb: float, render_mb: float, kept_rejected: tuple[int, int]
) -> list[str]:
    sample = bench.Case("sample", 1_320, "seed")
    pareval = bench.Case("pareval-840k", 840_000, "pareval", Path("/nowhere"), note="100 models")
    results = {"sample": bench.Results(), "pareval-840k": bench.Results()}
    for key, build_s, build, render_s, render in (
        ("sample", 50.0, 300.0, 4.0, 200.0),
        ("pareval-840k", 250.0, build_mb, 6.0, render_mb),
    ):
        results[key].builds.append(run(bench, build_s, build))
        results[key].reads.append(run(bench, 1.0, 100.0))
        results[key].renders.append(run(bench, render_s, render))
    results["sample"].kept_rejected.append((1_320, 0))
    results["pareval-840k"].floors.append({"read_s": 3.0, "group_s": 1.0})
    results["pareval-840k"].kept_rejected.append(kept_rejected)
    args = argparse.Namespace(argv=["--pareval-only"], repeats=1, unit_tests=False)
    text = bench.report([sample, pareval], results, args, True, [])
    return text.splitlines()


def test_pareval_target_line_judges_both_peaks_against_2_gb(bench: ModuleType) -> None:
    lines = report_lines(bench, 1_900.0, 2_100.0, (840_000, 0))
    target = [line for line in lines if line.startswith("- ParEval-shaped ~840k samples")]
    assert len(target) == 1
    build_part, render_part = target[0].split(" / render peak")
    assert "build peak ≤ 2048 MB: **PASS** (1900 MB" in build_part
    assert "≤ 2048 MB: **MISS** (2100 MB, 6.0 s = 1.50x the sample's render)" in render_part
    # (250 + 1) - (50 + 1) = 200 s against a floor of 3 + 1 s
    assert "build - sample 200.0 s = 50.0x DuckDB's floor on the JSON, 4.00 s)" in build_part
    row = next(line for line in lines if line.startswith("| pareval-840k |"))
    assert "| 840,000 | 251.0 | 200.0 | 6.00 | 4.00 | 50.0x | 1900 |" in row
    # the CSV/Parquet targets do not take the ParEval input for a generated file
    assert not any(line.startswith("- peak memory ≤") for line in lines)


def test_pareval_accounting_compares_kept_and_rejected_with_samples_written(
    bench: ModuleType,
) -> None:
    lines = report_lines(bench, 1_000.0, 1_000.0, (839_999, 0))  # a sample lost
    line = next(line for line in lines if line.startswith("- pareval-840k: kept"))
    assert line == (
        "- pareval-840k: kept 839,999 + rejected 0 = 839,999 (input 840,000 samples written): "
        "**MISS**"
    )
    lines = report_lines(bench, 1_000.0, 1_000.0, (839_990, 10))
    line = next(line for line in lines if line.startswith("- pareval-840k: kept"))
    assert line.endswith("= 840,000 (input 840,000 samples written): **PASS**")


def test_node_timing_measure_leaves_out_unit_tests(bench: ModuleType) -> None:
    sample = bench.Case("sample", 1_320, "seed")
    big = bench.Case("5M", 5_000_000, "csv", Path("/nowhere.csv"))
    results = {"sample": bench.Results(), "5M-csv": bench.Results()}
    results["sample"].node_times.append({"model.p.a": 1.0, "unit_test.p.a.u": 30.0})
    results["5M-csv"].node_times.append(
        {"model.p.a": 5.0, "test.p.t.1": 2.0, "unit_test.p.a.u": 34.0}
    )
    results["5M-csv"].floors.append({"read_s": 0.5, "group_s": 0.5})
    lines = bench.node_data_lines([sample, big], results)
    # (5 + 2) - 1 = 6 s against a 1 s floor; the unit tests' 4 s of difference is not data
    assert lines[-1] == "- 5M-csv: 6.0 s = 6.0x the floor (1.00 s)"


def test_with_two_threads_the_measure_is_dbt_elapsed_time(bench: ModuleType) -> None:
    """Two dbt threads: node times overlap, so their sum is not a wall time; the measure is dbt's
    elapsed_time minus the sample's (with `--unit-tests`, unit tests on both sides)."""
    sample = bench.Case("sample", 1_320, "seed")
    big = bench.Case("5M", 5_000_000, "csv", Path("/nowhere.csv"))
    results = {"sample": bench.Results(), "5M-csv": bench.Results()}
    results["sample"].node_times.append({"model.p.a": 20.0, "unit_test.p.a.u": 30.0})
    results["sample"].run_summaries.append({"elapsed": 33.0, "threads": 2.0})
    results["5M-csv"].node_times.append({"model.p.a": 60.0, "unit_test.p.a.u": 34.0})
    results["5M-csv"].run_summaries.append({"elapsed": 45.0, "threads": 2.0})
    results["5M-csv"].floors.append({"read_s": 1.0, "group_s": 1.0})
    lines = bench.node_data_lines([sample, big], results)
    assert lines[0].startswith("dbt ran 2 threads")
    assert lines[-1] == "- 5M-csv: 12.0 s = 6.0x the floor (2.00 s)"


def test_design_floor_sums_its_parts() -> None:
    """bench_design_floor.summary adds the parts as its labels say, against floor and peer."""
    floor = load_script("bench_design_floor")
    found = {
        "floor": 2.0,
        "unchecked": 4.0,
        "checked": 6.0,
        "scan": 0.5,
        "scans": 3.5,
        "tests": 2.0,
        "marts": 2.0,
    }
    peer = {"peer": 2.0, "read": 1.0, "base": 2.0, "marts": 1.0}
    lines = floor.summary(found, peer)
    # (b) 4 + (d) × 3.5 + (e) 2 + (f) 2 = 11.5; (c) 6 + 3.5 + 2 + 2 = 13.5;
    # (c) 6 + one scan 0.5 + 2 + 2 = 10.5; the peer: 1 + 2 + 1 = 4 against 2
    assert [line.rsplit(": ", 1)[1] for line in lines if line.startswith("- ")] == [
        "11.50 s = 5.8x",
        "13.50 s = 6.8x",
        "10.50 s = 5.2x",
    ]
    assert lines[-1].endswith("= 4.00 s = 2.0x")
