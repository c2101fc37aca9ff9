"""The marts reproduce every count the reference report published for the real r1 file."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from dbt_builds import REAL_TABLES


def _published(name: str) -> list[dict[str, str]]:
    path = REAL_TABLES / name
    if not path.exists():
        pytest.skip(f"published table not available: {path}")
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _model(name: str) -> str:
    """The published tables bold the H2LooP models (**name**); the results file does not."""
    return name.strip("*")


def _counts(db: duckdb.DuckDBPyConnection, scope: str, metric: str) -> dict[str, tuple[int, int]]:
    rows = db.sql(
        "select model_name, n, successes from fct_success_rates where scope = ? and metric = ?",
        params=[scope, metric],
    ).fetchall()
    return {model: (n, successes) for model, n, successes in rows}


@pytest.mark.parametrize(
    ("table", "scope"),
    [
        ("build_success_rate.csv", "all"),
        ("build_success_rate_serial.csv", "serial"),
        ("build_success_rate_mpi.csv", "mpi"),
    ],
)
def test_build_counts_equal_published(real_db: duckdb.DuckDBPyConnection, table: str, scope: str):
    ours = _counts(real_db, scope, "build")
    published = _published(table)
    assert len(published) == len(ours) == 11
    for row in published:
        n, successes = ours[_model(row["Model"])]
        assert (n, successes) == (int(row["Total Tests"]), int(row["Successful Builds"])), row
        assert successes / n == pytest.approx(float(row["Build Success Rate"]), abs=1e-12)


def test_validation_among_built_equals_published(real_db: duckdb.DuckDBPyConnection):
    ours = _counts(real_db, "all", "valid_given_build")
    for row in _published("build_vs_validation.csv"):
        n, successes = ours[_model(row["Model"])]
        assert (n, successes) == (int(row["Total Builds"]), int(row["Validated Builds"])), row
        assert successes / n == pytest.approx(float(row["Validation Rate"]), abs=1e-12)


def test_named_examples(real_db: duckdb.DuckDBPyConnection):
    assert _counts(real_db, "all", "build")["H2looP v0.1-multimodal"] == (120, 86)
    assert _counts(real_db, "all", "valid_given_build")["Gemini Pro"] == (110, 92)


def test_every_row_kept_or_rejected(real_db: duckdb.DuckDBPyConnection):
    rows_input, kept, rejected = real_db.sql(
        "select rows_input, rows_kept, rows_rejected from fct_dataset_card"
    ).fetchall()[0]
    assert rows_input == 1320
    assert kept + rejected == 1320
    assert real_db.sql("select count(*) from stg_raw_metrics").fetchall()[0][0] == kept


def test_real_file_is_not_called_synthetic(real_db: duckdb.DuckDBPyConnection):
    is_synthetic, sha = real_db.sql(
        "select is_synthetic_sample, input_sha256 from fct_dataset_card"
    ).fetchall()[0]
    assert not is_synthetic
    assert sha == "e2dfbdce67f3b348216497c103f16c03e3144367581fa1ceefd05173dc9ea1b8"


def test_real_build_warns_on_the_two_speedups_without_full_validity(real_build):
    results = {r["unique_id"].split(".")[2]: r for r in real_build.run_results["results"]}
    speedup = results["stg_raw_metrics_speedup_only_when_all_valid"]
    assert speedup["status"] == "warn"
    assert speedup["failures"] == 2


def test_sample_file_path_is_not_used(real_db: duckdb.DuckDBPyConnection):
    (path,) = real_db.sql("select input_path from fct_dataset_card").fetchall()[0]
    assert Path(path).name == "raw_metrics.csv" and "shared" in path
