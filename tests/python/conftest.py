"""Shared fixtures: dbt builds of the sample and of the real r1 file; a fake marts database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTS_DIR = Path(__file__).resolve().parent
for path in (REPO_ROOT, TESTS_DIR):  # `reporting` and the test helpers, whatever the CWD
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import duckdb  # noqa: E402
from dbt_builds import REAL_RESULTS, Build, dbt_build  # noqa: E402
from fake_marts import build_fake_marts_db  # noqa: E402


def _successful(build: Build) -> Build:
    if build.returncode != 0:
        pytest.fail(f"dbt build failed:\n{build.stdout[-4000:]}\n{build.stderr[-2000:]}")
    return build


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project built on the bundled synthetic sample."""
    return _successful(dbt_build(tmp_path_factory.mktemp("sample_build")))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project built on ../shared/data/h2loop-r1/raw_metrics.csv (skipped when absent)."""
    if not REAL_RESULTS.exists():
        pytest.skip(f"real results file not available: {REAL_RESULTS}")
    workdir = tmp_path_factory.mktemp("real_build")
    return _successful(dbt_build(workdir, {"raw_metrics_path": str(REAL_RESULTS)}))


def _connect(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(db), read_only=True) as connection:
        yield connection


@pytest.fixture
def sample_db(sample_build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the sample build's marts."""
    yield from _connect(sample_build.db)


@pytest.fixture
def real_db(real_build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the real-file build's marts."""
    yield from _connect(real_build.db)


@pytest.fixture
def fake_marts_db(tmp_path: Path) -> Path:
    """A small DuckDB file with fct_success_rates, fct_dataset_card and fct_data_audit."""
    return build_fake_marts_db(tmp_path / "fake_marts.duckdb")
