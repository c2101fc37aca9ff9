"""What a user reads in the report on a many-model ParEval sweep: sentence rules fed small mart rows
(issue 14's review of the rendered sweep report). Expected values are written out by hand."""

from __future__ import annotations

from typing import Any

from reporting.marts import MartData
from reporting.sections import limitations


def _data(**tables: list[dict[str, Any]]) -> MartData:
    return MartData(success_rates=[], dataset_card={}, data_audit=[], tables=tables)  # type: ignore[arg-type]


def _curve(n_procs: int | None, n_threads: int | None, n_problems: int = 5) -> dict[str, Any]:
    return {"model_name": "m", "n_procs": n_procs, "n_threads": n_threads, "n_problems": n_problems}


def test_scaling_limitation_19_column_file_says_2_and_4() -> None:
    data = _data(fct_scaling=[{"procs": 2, "n": 10}, {"procs": 4, "n": 8}])
    item = limitations.scaling_limitation(data)
    assert item is not None
    assert item[0] == "MPI scaling was measured at 2 and 4 processes only."


def test_scaling_limitation_absent_when_curves_reach_512() -> None:
    # A ParEval run list: fct_scaling is empty (no speedup_<n>proc columns), the curves span 1-512.
    curves = [_curve(p, None) for p in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)]
    curves += [_curve(None, t) for t in (1, 2, 4, 8, 16, 32, 64)]
    empty = [{"procs": 2, "n": 0}, {"procs": 4, "n": 0}]
    data = _data(fct_scaling=empty, fct_scaling_curves=curves)
    assert limitations.scaling_limitation(data) is None


def test_scaling_limitation_counts_from_curves_when_short_of_512() -> None:
    curves = [_curve(p, None) for p in (1, 2, 8)] + [_curve(16, None, n_problems=0)]
    data = _data(fct_scaling=[], fct_scaling_curves=curves)
    item = limitations.scaling_limitation(data)
    assert item is not None
    assert item[0] == "MPI scaling was measured at 2 and 8 processes only."


def test_scaling_limitation_absent_without_any_scaling() -> None:
    assert limitations.scaling_limitation(_data(fct_scaling=[{"procs": 2, "n": 0}])) is None
