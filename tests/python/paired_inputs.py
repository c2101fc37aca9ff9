"""Small inputs for the paired-difference oracles (serial vs parallel, derived vs base): attempts
written by hand, the generator's multi-sample file with rows taken out, and the dbt build of one
selection over such a file. Shared by test_parallelism_gaps_oracle and test_derived_vs_base_oracle.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from dbt_builds import ROOT, Build, dbt_build, succeeded


def problems(count: int) -> list[tuple[str, str]]:
    """The first `count` (problem_name, problem_type) of the ParEval catalog seed."""
    with (ROOT / "seeds" / "pareval_problems.csv").open(newline="") as handle:
        return [(r["problem_name"], r["problem_type"]) for r in csv.DictReader(handle)][:count]


def attempt(model: str, problem: tuple[str, str], pm: str, built: bool, passed: bool) -> dict:
    """One 19-column row: every flag up to did_all_run = built, the validity flags = passed."""
    flag = {True: "True", False: "False"}
    return {
        "model": model, "problem_type": problem[1], "problem_name": problem[0],
        "parallelism_model": pm, "response_time": "", "total_tokens": "", "prompt_tokens": "",
        "source_write_success": "True", "did_build": flag[built], "is_source_valid": "True",
        "did_any_run": flag[built], "did_all_run": flag[built], "are_any_valid": flag[passed],
        "are_all_valid": flag[passed], "best_runtime": "0.5" if passed else "",
        "avg_runtime": "0.5" if passed else "", "speedup_2proc": "", "speedup_4proc": "",
        "num_successful_runs": "1" if passed else "0",
    }  # fmt: skip


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_selection(workdir: Path, path: Path, selection: str) -> Build:
    """`dbt build --select selection` over the file at `path`; fails the test when dbt does."""
    build = dbt_build(workdir / "build", {"raw_metrics_path": str(path)}, select=selection)
    return succeeded(build)


def partial_coverage_build(
    workdir: Path, selection: str, dropped: Callable[[dict, list[str]], bool]
) -> tuple[Build, Path]:
    """The 11 real model names x 12 problems x 7 parallelism models x 5 samples of
    scripts/make_large_data.py, without the rows for which dropped(row, problem_names) is true,
    written to workdir/multi_sample.csv and built with `selection`. Returns the build and the
    file."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_large_data.py"), "--models", "11",
         "--samples", "5", "--problems", "12", "--format", "csv", "--out", str(workdir / "full")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    with (workdir / "full.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    names = list(dict.fromkeys(r["problem_name"] for r in rows))
    path = write_csv(
        workdir / "multi_sample.csv", fields, [r for r in rows if not dropped(r, names)]
    )
    return build_selection(workdir, path, selection), path
