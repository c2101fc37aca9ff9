"""The tier table, letters, rank intervals and the all-pairs sentences on the fake marts.

fake_marts_ranks.py holds a model with partial coverage and the highest rate, a model left out of
the all-pairs subset, and a top two separated by the unadjusted interval but not after Holm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fake_marts_ranks import HOSTILE

from reporting import formatting as fmt

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def report(fake_marts_db: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "reporting" / "render.py"), "--db", str(fake_marts_db),
         "--out", str(out)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return (out / "report.md").read_text(encoding="utf-8")


def _section(text: str, start: str, end: str) -> str:
    tail = text[text.index(start) :]
    return tail[: tail.index(end)] if end in tail else tail


def test_partial_coverage_is_flagged_and_does_not_lead(report: str) -> None:
    tiers = _section(report, "Performance Tier Analysis", "pass@k")
    rows = [line for line in tiers.splitlines() if line.startswith("| 1 |")]
    assert "partial coverage" not in rows[0]  # a full-coverage model leads tier 1
    hostile = next(line for line in rows if fmt.md_escape(HOSTILE) in line)
    assert "(partial coverage)" in hostile and "partial: 6 of 60" in hostile
    assert "partial coverage: its rate and rank rest" in tiers


def test_subset_and_family_are_named(report: str) -> None:
    tiers = _section(report, "Performance Tier Analysis", "pass@k")
    assert "cover 4 of the 5 models" in tiers and "`max_pairwise_models`" in tiers
    matrix = _section(report, "Comparison matrix of all model pairs (exploratory)", "\n## ")
    assert "all-pairs family (exploratory; 6 pairs)" in matrix


def test_holm_only_difference_is_not_called_sampling_noise(report: str) -> None:
    passed = _section(report, "Pass@1 (built and validated)", "Performance Tier Analysis")
    sentence = next(line for line in passed.splitlines() if "has the highest pass@1" in line)
    assert "not separable after Holm over 6 pairs" in sentence
    assert "within sampling noise" not in sentence
    assert "all-pairs family" in sentence


def test_recommendations_follow_paradigms_and_tiers_say_what_they_claim(report: str) -> None:
    summary = _section(report, "## Executive Summary", "\n## ")
    assert "tier 2 of 2" in summary
    assert "every model of a better tier is significantly better" in summary
