"""Section 4.2.2's serial-vs-parallel strategy read from fct_parallelism_gaps rows: "significantly
lower" only beside a Holm-step interval that excludes 0, every tested parallelism model shown with
its difference and interval, untested ones with the mart's reason."""

from __future__ import annotations

import re

from reporting.sections.practical_applications import parallel_gap_strategy

INTERVAL = re.compile(r"\[(-?[\d.]+), (-?[\d.]+)\]")


def _row(pm: str, diff: float | None, low: float | None, high: float | None, **extra) -> dict:
    significant = None if low is None else (low > 0 or high < 0)
    return {
        "parallelism_model": pm, "metric": "pass", "rate": 0.3, "baseline_rate": 0.3 + (diff or 0),
        "n_pairs": 60, "diff": diff, "holm_ci_low": low, "holm_ci_high": high,
        "holm_ci_low_in_range": low, "holm_ci_high_in_range": high, "holm_ci_leaves_range": False,
        "significant": significant, "holm_m": 11 if significant is not None else None,
        "test_null_reason": None,
    } | extra  # fmt: skip


def _intervals(text: str) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in INTERVAL.findall(text.replace("−", "-"))]


def test_significant_gap_carries_its_interval_and_the_rest_their_own_clauses() -> None:
    rows = [
        _row("mpi", 0.317, 0.092, 0.541),
        _row("omp", 0.05, -0.03, 0.13),
        _row("cuda", -0.2, -0.35, -0.05),
        _row("hip", 0.0, None, None, test_null_reason="the difference is 0.0 pp on every one"),
    ]
    (sentence,) = parallel_gap_strategy(rows)
    assert sentence.startswith("**Parallel-specific training and examples.**")
    clauses = sentence.split("; ")
    assert "significantly lower in MPI" in clauses[0]
    assert "+31.7 pp [9.2, 54.1]" in clauses[0]
    assert _intervals(clauses[0]) == [(9.2, 54.1)]
    assert "Holm across the 11 models" in clauses[0]
    assert clauses[1].startswith("it is significantly higher in CUDA")
    assert _intervals(clauses[1]) == [(-35.0, -5.0)]
    assert clauses[2].startswith("not distinguishable from serial code in OpenMP")
    assert _intervals(clauses[2]) == [(-3.0, 13.0)]
    assert clauses[3].startswith("not tested in HIP (the difference is 0.0 pp on every one)")
    assert "McNemar" not in sentence


def test_no_gap_lists_each_parallelism_model_with_its_interval() -> None:
    (sentence,) = parallel_gap_strategy([_row("mpi", 0.067, -0.017, 0.150)])
    assert sentence.startswith("**No parallel-specific gap to target.**")
    assert "not significantly lower" in sentence
    assert "MPI (30.0% against 36.7% serial on 60 paired problems, difference +6.7 pp" in sentence
    assert _intervals(sentence) == [(-1.7, 15.0)]


def test_untested_only_never_reads_as_no_gap() -> None:
    row = _row("mpi", 0.0, None, None, test_null_reason="only 1 paired problem")
    (sentence,) = parallel_gap_strategy([row])
    assert sentence.startswith("**No parallel-specific gap could be tested.**")
    assert "significant" not in sentence and "not tested in MPI (only 1 paired problem)" in sentence


def test_no_rows_no_strategy() -> None:
    assert parallel_gap_strategy([]) == []


def test_models_outside_the_holm_family_are_named() -> None:
    """Holm 'across the 10 models' of a family: the eleventh, untested (zero variance), is named
    with its reason, so the family size is accounted for."""
    reference = [_row("mpi", 0.317, 0.092, 0.541) | {"holm_m": 10}]
    reason = "no variance: every paired difference is 0"
    other = _row("mpi", 0.0, None, None, test_null_reason=reason)
    other["display_name"] = "Mistral NeMo 12B"
    (sentence,) = parallel_gap_strategy(reference, [*reference, other])
    assert "Holm across the 10 models of each parallel programming model" in sentence
    assert (
        "untested and so outside the family: Mistral NeMo 12B in MPI (no variance: every paired "
        "difference is 0)" in sentence
    )
    (alone,) = parallel_gap_strategy(reference, reference)
    assert "outside the family" not in alone
