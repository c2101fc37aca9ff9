"""fct_parallelism_gaps against an independent oracle (1e-9).

The oracle parses the input CSV in Python (test_descriptive_oracle.parse), takes each problem's
share of successful attempts per (model, parallelism model), pairs serial with every other
parallelism model on the problems the model attempted in both, and computes the paired risk
difference serial − other with statsmodels (OLS on a constant, cov_type='cluster', one cluster per
problem) for the SE, scipy (ttest_rel, t.ppf) for the test, the interval and the MDE, and
statsmodels multipletests('holm') across models within each (parallelism model, metric) family; the
interval at the level of the deciding Holm step is recomputed from the Holm (1979) step-down rule
written out here. Runs on the bundled sample, the real file (skipped when absent), a generated
multi-sample file with partial coverage and degenerate inputs with exact expected values.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest
import statsmodels.api as sm
from dbt_builds import REAL_RESULTS, Build
from paired_inputs import attempt, build_selection, partial_coverage_build, write_csv
from paired_inputs import problems as catalog_problems
from scipy import stats
from statsmodels.stats.multitest import multipletests
from test_descriptive_oracle import CONFIDENCE, SAMPLE, parse

SELECTION = "+fct_parallelism_gaps"
BASELINE = "serial"
POWER = 0.8  # the var power_target's default (macro power_target; not set in dbt_project.yml)
TOLERANCE = 1e-9
Key = tuple[str, str, str]


def cluster_se(d: np.ndarray) -> float:
    """statsmodels OLS of the per-problem differences on a constant, cluster-robust (CR1) with one
    cluster per problem."""
    fit = sm.OLS(d, np.ones((len(d), 1))).fit(
        cov_type="cluster", cov_kwds={"groups": np.arange(len(d))}
    )
    return float(fit.bse[0])


def _shares(rows: list[dict]) -> dict[tuple[str, str, str], dict[str, float]]:
    attempts: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in rows:
        attempts[(row["model"], row["pm"], row["problem_name"])].append(row)
    return {
        key: {
            "build": sum(r["did_build"] for r in outcomes) / len(outcomes),
            "pass": sum(r["are_all_valid"] for r in outcomes) / len(outcomes),
        }
        for key, outcomes in attempts.items()
    }


def _paired_test(serial: np.ndarray, other: np.ndarray) -> dict:
    d = serial - other
    g = len(d)
    alpha = 1 - CONFIDENCE
    out: dict = {
        "n_pairs": g,
        "baseline_rate": float(serial.mean()),
        "rate": float(other.mean()),
        "diff": float(d.mean()),
        "baseline_only": int((d > 0).sum()),
        "other_only": int((d < 0).sum()),
        "diff_sd": float(np.std(d, ddof=1)) if g >= 2 else None,
        "se": cluster_se(d) if g >= 2 else None,
        "df": g - 1 if g >= 2 else None,
    }
    if g < 2 or np.all(d == d[0]):
        return out | dict.fromkeys(("t_stat", "p_value", "ci_low", "ci_high", "mde"))
    test = stats.ttest_rel(serial, other)
    t_crit = float(stats.t.ppf(1 - alpha / 2, g - 1))
    return out | {
        "t_stat": float(test.statistic),
        "p_value": float(test.pvalue),
        "ci_low": out["diff"] - t_crit * out["se"],
        "ci_high": out["diff"] + t_crit * out["se"],
        "mde": (t_crit + float(stats.t.ppf(POWER, g - 1))) * out["se"],
    }


def _holm(results: dict[Key, dict]) -> None:
    """Holm within each (parallelism model, metric): adjusted p from multipletests, the decision
    from the step-down rule, and the t interval at the level of the step that decided the row."""
    alpha = 1 - CONFIDENCE
    families: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key, row in results.items():
        row |= dict.fromkeys(
            ("holm_p", "holm_m", "holm_rank", "holm_step_alpha", "holm_ci_low", "holm_ci_high")
        )
        row["significant"] = None
        if row["p_value"] is not None:
            families[(key[1], key[2])].append(key)
    for keys in families.values():
        keys.sort(key=lambda k: (round(results[k]["p_value"], 12), k[0]))
        p = [results[k]["p_value"] for k in keys]
        m = len(p)
        reject, adjusted = multipletests(p, alpha=alpha, method="holm")[:2]
        first_failure = next((i for i in range(1, m + 1) if p[i - 1] >= alpha / (m - i + 1)), None)
        for rank, key in enumerate(keys, start=1):
            row = results[key]
            step = rank if first_failure is None else min(rank, first_failure)
            level = alpha / (m - step + 1)
            half = float(stats.t.ppf(1 - level / 2, row["df"])) * row["se"]
            row |= {
                "holm_p": float(adjusted[rank - 1]),
                "holm_m": m,
                "holm_rank": rank,
                "holm_step_alpha": level,
                "holm_ci_low": row["diff"] - half,
                "holm_ci_high": row["diff"] + half,
                "significant": bool(reject[rank - 1]),
            }


def oracle(rows: list[dict]) -> dict[Key, dict]:
    share = _shares(rows)
    paired: dict[Key, list[tuple[float, float]]] = defaultdict(list)
    for (model, pm, problem), values in sorted(share.items()):
        if pm == BASELINE or (model, BASELINE, problem) not in share:
            continue
        for metric in ("build", "pass"):
            paired[(model, pm, metric)].append(
                (share[(model, BASELINE, problem)][metric], values[metric])
            )
    results = {
        key: _paired_test(np.array([s for s, _ in pairs]), np.array([o for _, o in pairs]))
        for key, pairs in paired.items()
    }
    _holm(results)
    return results


def mart(db: duckdb.DuckDBPyConnection) -> dict[Key, dict]:
    relation = db.sql("select * from fct_parallelism_gaps")
    names = relation.columns
    rows = [dict(zip(names, r, strict=True)) for r in relation.fetchall()]
    return {(r["model_name"], r["parallelism_model"], r["metric"]): r for r in rows}


def compare(ours: dict[Key, dict], expected: dict[Key, dict]) -> None:
    assert set(ours) == set(expected), set(ours) ^ set(expected)
    assert expected
    for key, want in expected.items():
        got = ours[key]
        for column, value in want.items():
            where = f"{key} {column}: mart {got[column]!r} vs oracle {value!r}"
            if value is None:
                assert got[column] is None, where
            elif isinstance(value, bool | int):
                assert got[column] == value, where
            else:
                assert got[column] is not None, where
                assert abs(got[column] - value) <= TOLERANCE * max(1.0, abs(value)), where
        assert (got["test_null_reason"] is None) == (want["p_value"] is not None), key


def check_invariants(ours: dict[Key, dict]) -> None:
    """significant <=> Holm interval excludes 0 <=> holm_p < α; ci excludes 0 <=> p < α."""
    alpha = 1 - CONFIDENCE
    for key, row in ours.items():
        assert row["power_target"] == POWER and row["confidence_level"] == CONFIDENCE, key
        if row["p_value"] is None:
            assert row["ci_low"] is row["holm_ci_low"] is row["significant"] is None, key
            continue
        if abs(row["p_value"] - alpha) > 1e-9:
            assert (row["ci_low"] > 0 or row["ci_high"] < 0) == (row["p_value"] < alpha), key
        at_step = abs(row["p_value"] - row["holm_step_alpha"]) <= 1e-9
        if abs(row["holm_p"] - alpha) > 1e-9 and not at_step:
            holm_excludes = row["holm_ci_low"] > 0 or row["holm_ci_high"] < 0
            assert row["significant"] == holm_excludes == (row["holm_p"] < alpha), key


@pytest.mark.parametrize(("db_fixture", "path"), [("sample_db", SAMPLE), ("real_db", REAL_RESULTS)])
def test_gaps_equal_the_oracle(db_fixture: str, path: Path, request: pytest.FixtureRequest):
    db = request.getfixturevalue(db_fixture)
    ours = mart(db)
    compare(ours, oracle(parse(path)))
    check_invariants(ours)


@pytest.fixture(scope="module")
def multi_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """11 real model names x 12 problems x 7 parallelism models x 5 samples, with partial coverage:
    Gemma3 has no serial attempt on the last 4 problems, Kimi K2 no MPI prompt at all, Mistral Nemo
    answers omp on one problem only and Gemini Pro has 2 samples on one serial prompt."""

    def dropped(r: dict, problems: list[str]) -> bool:
        model, pm, problem = r["model"], r["parallelism_model"], r["problem_name"]
        return (
            (model == "Gemma3" and pm == "serial" and problem in problems[8:])
            or (model == "Kimi K2" and pm == "mpi")
            or (model == "Mistral Nemo" and pm == "omp" and problem != problems[0])
            or (
                model == "Gemini Pro"
                and (problem, pm) == (problems[0], "serial")
                and int(r["sample_id"]) >= 2
            )
        )

    return partial_coverage_build(tmp_path_factory.mktemp("gaps_multi_sample"), SELECTION, dropped)


@pytest.fixture
def multi_sample_db(multi_sample: tuple[Build, Path]) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(multi_sample[0].db), read_only=True) as connection:
        yield connection


def test_multi_sample_partial_coverage_matches_oracle(
    multi_sample: tuple[Build, Path], multi_sample_db: duckdb.DuckDBPyConnection
) -> None:
    ours = mart(multi_sample_db)
    expected = oracle(parse(multi_sample[1]))
    compare(ours, expected)
    check_invariants(ours)
    # only the problems it attempted both ways
    assert ours[("Gemma3", "mpi", "pass")]["n_pairs"] == 8
    assert ("Kimi K2", "mpi", "pass") not in ours
    nemo = ours[("Mistral Nemo", "omp", "pass")]
    assert nemo["n_pairs"] == 1 and nemo["p_value"] is None and nemo["holm_m"] is None
    assert nemo["test_null_reason"] == "only 1 paired problem: the paired SE needs at least 2"
    mpi_family = [
        r for k, r in ours.items() if k[1:] == ("mpi", "pass") and r["p_value"] is not None
    ]
    assert mpi_family and {r["holm_m"] for r in mpi_family} == {len(mpi_family)}
    # several samples per prompt: shares strictly between 0 and 1 occur, so this is not McNemar
    share_rows = [r for r in ours.values() if r["baseline_rate"] not in (0, 1)]
    assert share_rows
    tested = [r for r in ours.values() if r["p_value"] is not None]
    assert len(tested) >= 40


@pytest.fixture(scope="module")
def degenerate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """One sample per prompt. Gemma3: serial passes 3/3, MPI 0/3 (constant difference 1, no t
    test), both build everything (difference 0 on every problem); omp on one problem only.
    H2LooP v0.1-coder (the reference model): serial passes p1, p2; MPI passes p2, p3, p4 (p4, p5
    have no serial attempt).
    Llama3.3 8B: serial only (no row)."""
    problems = catalog_problems(5)
    rows = []
    for problem in problems[:3]:
        rows.append(attempt("Gemma3", problem, "serial", True, True))
        rows.append(attempt("Gemma3", problem, "mpi", True, False))
    rows.append(attempt("Gemma3", problems[0], "omp", False, False))
    for index, problem in enumerate(problems):
        if index < 3:
            rows.append(attempt("H2LooP v0.1-coder", problem, "serial", True, index < 2))
        rows.append(attempt("H2LooP v0.1-coder", problem, "mpi", True, index >= 1))
    rows.append(attempt("Llama3.3 8B", problems[0], "serial", True, True))
    workdir = tmp_path_factory.mktemp("gaps_degenerate")
    path = write_csv(workdir / "degenerate.csv", list(rows[0]), rows)
    return build_selection(workdir, path, SELECTION), path


def test_degenerate_inputs_match_oracle_and_exact_values(degenerate: tuple[Build, Path]) -> None:
    build, path = degenerate
    with duckdb.connect(str(build.db), read_only=True) as db:
        ours = mart(db)
    compare(ours, oracle(parse(path)))
    check_invariants(ours)
    assert {k[0] for k in ours} == {"Gemma3", "H2LooP v0.1-coder"}
    gemma = ours[("Gemma3", "mpi", "pass")]
    assert (gemma["n_pairs"], gemma["diff"], gemma["se"]) == (3, 1, 0)
    assert gemma["p_value"] is gemma["ci_low"] is gemma["significant"] is None
    assert gemma["test_null_reason"] == (
        "the difference is 100.0 pp on every one of the 3 paired problems: no sampling variance, "
        "so the t test and its intervals are undefined"
    )
    built = ours[("Gemma3", "mpi", "build")]
    assert built["diff"] == 0 and built["p_value"] is None
    omp = ours[("Gemma3", "omp", "build")]
    assert (omp["n_pairs"], omp["diff"], omp["se"], omp["df"]) == (1, 1, None, None)
    # H2LooP v0.1-coder, pass: serial 1, 1, 0 vs MPI 0, 1, 1 on p1-p3 → differences +1, 0, −1
    coder = ours[("H2LooP v0.1-coder", "mpi", "pass")]
    assert (coder["n_pairs"], coder["baseline_only"], coder["other_only"]) == (3, 1, 1)
    assert coder["diff"] == 0 and coder["t_stat"] == 0
    assert coder["p_value"] == pytest.approx(1.0, abs=1e-12)
    half = stats.t.ppf(1 - (1 - CONFIDENCE) / 2, 2) / math.sqrt(3)
    assert coder["ci_high"] == pytest.approx(half, abs=1e-12)
    # the only test of its family: Holm level α, Holm interval = the interval
    assert coder["holm_m"] == 1 and coder["holm_ci_high"] == pytest.approx(half, abs=1e-12)
    assert coder["significant"] is False
