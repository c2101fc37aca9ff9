"""Shared pytest fixtures. Renderer fixtures are prefixed `fake_marts_` to avoid clashes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTS_DIR = Path(__file__).resolve().parent
for path in (REPO_ROOT, TESTS_DIR):  # `reporting` and the test helpers, whatever the CWD
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from fake_marts import build_fake_marts_db  # noqa: E402


@pytest.fixture
def fake_marts_db(tmp_path: Path) -> Path:
    """A small DuckDB file with fct_success_rates, fct_dataset_card and fct_data_audit."""
    return build_fake_marts_db(tmp_path / "fake_marts.duckdb")
