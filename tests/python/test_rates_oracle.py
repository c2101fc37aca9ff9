"""Independent scipy / statsmodels / numpy oracle for the rates and assumption-check marts.

Every expected value is recomputed here from the staged attempt rows (`stg_raw_metrics` of the built
database), never from a mart or an intermediate table, and compared with fct_success_rates,
fct_pass_at_k and fct_assumption_checks:

* the primary interval: t on G-1 df with the cluster-robust SE of statsmodels OLS on a constant
  with cov_type='cluster' (groups = problem_name; its CR1 factor G/(G-1)); NULL with a status when
  G < 2 or SE 0, flagged when outside [0, 1]; the bounded alternative Wilson (statsmodels
  proportion_confint) on the effective sample size n / design effect; Wald; n·p rule;
* pass@k with the numpy product form of Chen et al. (2021), its cluster-robust SE;
* skewness / excess kurtosis (scipy, bias=False), Jarque-Bera, D'Agostino-Pearson K² (n >= 20),
  Brown-Forsythe (scipy levene, center='median') across models per (scope, measure).

Tolerances: 1e-9 absolute (and relative for large statistics); t quantiles 1e-12 relative.
The reference-compatible Wald columns must also reproduce the published confidence_intervals.csv.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np
import pytest
from cluster_oracle import effective_n, statsmodels_cluster_se
from dbt_builds import REAL_TABLES, dbt_build, succeeded
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

LEVEL = 0.95
P = 1 - (1 - LEVEL) / 2
TOL = 1e-9
T_TOL = 1e-12
#: What the multi-sample build reads (and the dbt tests among them).
RATE_MARTS = (
    "+fct_success_rates +fct_pass_at_k +fct_assumption_checks +fct_domain_rates +stg_raw_metrics"
)
KS = (1, 5, 10, 20)
NP_MIN = 10
K2_MIN_N = 20

# metric -> (success flag, trial filter flag or None = every attempt); from the spec, not the SQL.
METRICS = {
    "build": ("did_build", None),
    "pass": ("are_all_valid", None),
    "valid_given_build": ("are_all_valid", "did_build"),
    "source_valid": ("is_source_valid", None),
    "any_run": ("did_any_run", None),
    "all_run": ("did_all_run", None),
    "any_valid": ("are_any_valid", None),
}
# measure -> (staged column, only attempts whose runs were all valid)
MEASURES = {
    "best_runtime": ("best_runtime_s", True),
    "avg_runtime": ("avg_runtime_s", True),
    "speedup_2proc": ("speedup_2proc", True),
    "speedup_4proc": ("speedup_4proc", True),
    "response_time": ("response_time_s", False),
    "total_tokens": ("total_tokens", False),
}
BINARY_CHECKED = ("build", "pass", "valid_given_build")


class Diffs:
    """Records the largest absolute difference per column, and fails on any above tolerance."""

    def __init__(self) -> None:
        self.max: dict[str, float] = defaultdict(float)
        self.failures: list[str] = []

    def check(
        self, column: str, ours, expected, key, tol: float = TOL, relative: bool = False
    ) -> None:
        ours_missing = ours is None or (isinstance(ours, float) and math.isnan(ours))
        expected_missing = expected is None or (
            isinstance(expected, float) and math.isnan(expected)
        )
        if ours_missing or expected_missing:
            if ours_missing != expected_missing:
                self.failures.append(f"{key} {column}: ours {ours!r} vs expected {expected!r}")
            return
        if isinstance(expected, bool):
            if bool(ours) != expected:
                self.failures.append(f"{key} {column}: ours {ours!r} vs expected {expected!r}")
            return
        diff = abs(float(ours) - float(expected))
        scale = max(1.0, abs(float(expected))) if not relative else abs(float(expected)) or 1.0
        self.max[column] = max(self.max[column], diff / scale)
        if diff > tol * scale:
            self.failures.append(
                f"{key} {column}: ours {ours!r} vs expected {expected!r} (diff {diff:.3g})"
            )

    def assert_ok(self, label: str) -> None:
        report = ", ".join(f"{c} {v:.2g}" for c, v in sorted(self.max.items()))
        print(f"\n[{label}] max scaled differences: {report}")
        assert not self.failures, "\n".join(self.failures[:30])


def _rows(db: duckdb.DuckDBPyConnection, query: str) -> list[dict]:
    relation = db.sql(query)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def _staged(db: duckdb.DuckDBPyConnection) -> list[dict]:
    return _rows(db, "select * from stg_raw_metrics")


def _scopes(attempts: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """(model, scope) -> attempts; scope is each parallelism model plus 'all'."""
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in attempts:
        out[(row["model_name"], row["parallelism_model"])].append(row)
        out[(row["model_name"], "all")].append(row)
    return out


def _cluster_se(values: list[float], clusters: list[str]) -> tuple[float | None, int]:
    """CR1 cluster-robust SE of a mean: sqrt(G/(G-1) * sum_c (sum_i in c (y - ybar))^2) / n."""
    n = len(values)
    groups = sorted(set(clusters))
    g = len(groups)
    if n == 0 or g < 2:
        return None, g
    y = np.asarray(values, dtype=float)
    ybar = y.mean()
    sums = defaultdict(float)
    for value, cluster in zip(y, clusters, strict=True):
        sums[cluster] += value - ybar
    s = sum(r * r for r in sums.values())
    return math.sqrt(g / (g - 1) * s) / n, g


def interval_status(n: int, g: int, se: float | None, low: float | None, high: float | None) -> str:
    if n == 0:
        return "no_trials"
    if g < 2:
        return "too_few_clusters"
    if se == 0:
        return "zero_variance"
    assert low is not None and high is not None
    return "outside_0_1" if low < 0 or high > 1 else "ok"


def expected_success_rates(attempts: list[dict]) -> dict[tuple[str, str, str], dict]:
    z = stats.norm.ppf(P)
    out = {}
    for (model, scope), rows in _scopes(attempts).items():
        for metric, (flag, trial_flag) in METRICS.items():
            trials = [r for r in rows if trial_flag is None or r[trial_flag]]
            y = [1.0 if r[flag] else 0.0 for r in trials]
            n, s = len(y), int(sum(y))
            e: dict = {
                "n": n,
                "successes": s,
                "n_clusters": len({r["problem_name"] for r in trials}),
            }
            e["np_adequate"] = n > 0 and s >= NP_MIN and n - s >= NP_MIN
            clusters = [r["problem_name"] for r in trials]
            se = statsmodels_cluster_se(y, clusters)
            g = e["n_clusters"]
            if n > 0:
                e["rate"] = s / n
                e["n_effective"] = effective_n(e["rate"], se, n, g, LEVEL)
                e["wilson_low"], e["wilson_high"] = proportion_confint(
                    e["rate"] * e["n_effective"], e["n_effective"], alpha=1 - LEVEL, method="wilson"
                )
                phat = s / n
                half = z * math.sqrt(phat * (1 - phat) / n)
                e["wald_low"], e["wald_high"] = phat - half, phat + half
            else:
                for c in ("rate", "n_effective", "wilson_low", "wilson_high"):
                    e[c] = None
                e["wald_low"] = e["wald_high"] = None
            e["sd"] = float(np.std(y, ddof=1)) if n > 1 else None
            e["cluster_se"] = e["se"] = se
            e["cluster_df"] = e["df"] = g - 1 if se is not None else None
            t_crit = float(stats.t.ppf(P, g - 1)) if se is not None else None
            e["cluster_t_crit"] = e["t_crit"] = t_crit
            if se is not None and se > 0 and t_crit is not None:
                e["ci_low"] = e["cluster_ci_low"] = e["rate"] - t_crit * se
                e["ci_high"] = e["cluster_ci_high"] = e["rate"] + t_crit * se
            else:
                for c in ("ci_low", "ci_high", "cluster_ci_low", "cluster_ci_high"):
                    e[c] = None
            e["ci_status"] = interval_status(n, g, se, e["ci_low"], e["ci_high"])
            out[(model, scope, metric)] = e
    return out


def numpy_pass_at_k(n: int, c: int, k: int) -> float:
    """Chen et al. (2021) unbiased estimator in the stable product form of their reference code."""
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def expected_pass_at_k(attempts: list[dict]) -> dict[tuple[str, str, int], dict]:
    prompts: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in attempts:
        prompts[(row["model_name"], row["parallelism_model"], row["problem_name"])].append(row)
    by_scope: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for (model, pm, problem), rows in prompts.items():
        entry = (problem, len(rows), sum(1 for r in rows if r["are_all_valid"]))
        by_scope[(model, pm)].append(entry)
        by_scope[(model, "all")].append(entry)
    out = {}
    for (model, scope), entries in by_scope.items():
        spp = min(n for _, n, _ in entries)
        for k in KS:
            if k > spp:
                continue
            values = [numpy_pass_at_k(n, c, k) for _, n, c in entries]
            se = statsmodels_cluster_se(values, [problem for problem, _, _ in entries])
            g = len({problem for problem, _, _ in entries})
            e = {
                "pass_at_k": float(np.mean(values)),
                "n_problems": len(entries),
                "samples_per_problem": spp,
                "n_clusters": g,
                "cluster_se": se,
            }
            if se is not None and se > 0:
                t = float(stats.t.ppf(P, g - 1))
                e["cluster_ci_low"] = e["pass_at_k"] - t * se
                e["cluster_ci_high"] = e["pass_at_k"] + t * se
            else:
                e["cluster_ci_low"] = e["cluster_ci_high"] = None
            n_samples = sum(n for _, n, _ in entries)
            n_eff = effective_n(e["pass_at_k"], se, n_samples, g, LEVEL)
            e["wilson_low"], e["wilson_high"] = proportion_confint(
                e["pass_at_k"] * n_eff, n_eff, alpha=1 - LEVEL, method="wilson"
            )
            e["ci_status"] = interval_status(
                n_samples, g, se, e["cluster_ci_low"], e["cluster_ci_high"]
            )
            out[(model, scope, k)] = e
    return out


def expected_assumption_checks(attempts: list[dict]) -> tuple[dict, dict]:
    rates = expected_success_rates(attempts)
    per_group: dict[tuple[str, str, str], dict] = {}
    values_by: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (model, scope), rows in _scopes(attempts).items():
        for measure, (column, valid_only) in MEASURES.items():
            x = np.array(
                [
                    float(r[column])
                    for r in rows
                    if r[column] is not None
                    and math.isfinite(float(r[column]))
                    and (r["are_all_valid"] or not valid_only)
                ],
                dtype=float,
            )
            n = len(x)
            e: dict = {"n": n}
            if n:
                values_by[(scope, measure)][model] = list(x)
            e["mean"] = float(x.mean()) if n else None
            e["sd"] = float(np.std(x, ddof=1)) if n > 1 else None
            spread = n > 0 and float(np.var(x)) > 0
            e["skewness"] = float(stats.skew(x, bias=False)) if n > 2 and spread else None
            e["excess_kurtosis"] = (
                float(stats.kurtosis(x, bias=False)) if n > 3 and spread else None
            )
            if spread and n >= 2:
                jb = stats.jarque_bera(x)
                e["jarque_bera"], e["jarque_bera_p"] = float(jb.statistic), float(jb.pvalue)
            else:
                e["jarque_bera"] = e["jarque_bera_p"] = None
            if spread and n >= K2_MIN_N:
                k2 = stats.normaltest(x)
                e["k2"], e["k2_p"] = float(k2.statistic), float(k2.pvalue)
            else:
                e["k2"] = e["k2_p"] = None
            per_group[(model, scope, measure)] = e
        for metric in BINARY_CHECKED:
            r = rates[(model, scope, metric)]
            per_group[(model, scope, metric)] = {
                "n": r["n"],
                "rate": r["rate"],
                "np_adequate": r["np_adequate"],
            }
    bf = {}
    for key, groups in values_by.items():
        samples = [np.asarray(v) for _, v in sorted(groups.items())]
        n_total = sum(len(s) for s in samples)
        if len(samples) < 2 or n_total <= len(samples):
            continue
        result = stats.levene(*samples, center="median")
        bf[key] = {
            "bf_n_groups": len(samples),
            "bf_statistic": float(result.statistic),
            "bf_df1": len(samples) - 1,
            "bf_df2": n_total - len(samples),
            "bf_p": float(result.pvalue),
        }
    return per_group, bf


# ------------------------------------------------------------------ comparisons


RATE_COLUMNS = (
    "n",
    "successes",
    "rate",
    "sd",
    "se",
    "df",
    "ci_low",
    "ci_high",
    "wilson_low",
    "wilson_high",
    "wald_low",
    "wald_high",
    "n_clusters",
    "cluster_se",
    "cluster_df",
    "cluster_ci_low",
    "cluster_ci_high",
    "np_adequate",
    "n_effective",
)


def check_success_rates(db: duckdb.DuckDBPyConnection, label: str) -> Diffs:
    expected = expected_success_rates(_staged(db))
    ours = {
        (r["model_name"], r["scope"], r["metric"]): r
        for r in _rows(db, "select * from fct_success_rates")
    }
    assert set(ours) == set(expected)
    diffs = Diffs()
    for key, e in expected.items():
        row = ours[key]
        for column in RATE_COLUMNS:
            diffs.check(column, row[column], e[column], key)
        diffs.check("t_crit", row["t_crit"], e["t_crit"], key, tol=T_TOL, relative=True)
        diffs.check(
            "cluster_t_crit",
            row["cluster_t_crit"],
            e["cluster_t_crit"],
            key,
            tol=T_TOL,
            relative=True,
        )
        assert row["ci_status"] == e["ci_status"], key
        assert (row["ci_note"] is None) == (e["ci_status"] == "ok"), key
        if e["ci_status"] != "ok" or e["n_clusters"] < 30:
            assert row["small_sample_note"], key
        else:
            assert row["small_sample_note"] is None, key
    diffs.assert_ok(label + " fct_success_rates")
    return diffs


def check_pass_at_k(db: duckdb.DuckDBPyConnection, label: str) -> Diffs:
    expected = expected_pass_at_k(_staged(db))
    ours = {
        (r["model_name"], r["scope"], r["k"]): r for r in _rows(db, "select * from fct_pass_at_k")
    }
    assert set(ours) == set(expected)
    diffs = Diffs()
    for key, e in expected.items():
        for column, value in e.items():
            if column == "ci_status":
                assert ours[key][column] == value, key
            else:
                diffs.check(column, ours[key][column], value, key)
    diffs.assert_ok(label + " fct_pass_at_k")
    return diffs


def check_assumption_checks(db: duckdb.DuckDBPyConnection, label: str) -> Diffs:
    per_group, bf = expected_assumption_checks(_staged(db))
    ours = {
        (r["model_name"], r["scope"], r["measure"]): r
        for r in _rows(db, "select * from fct_assumption_checks")
    }
    assert set(ours) == set(per_group)
    diffs = Diffs()
    for key, e in per_group.items():
        row = ours[key]
        for column, value in e.items():
            relative = column in ("jarque_bera", "k2", "mean", "sd")
            diffs.check(column, row[column], value, key, relative=relative)
        if key[2] in MEASURES:
            expected_bf = bf.get(
                (key[1], key[2]),
                dict.fromkeys(("bf_n_groups", "bf_statistic", "bf_df1", "bf_df2", "bf_p")),
            )
            for column, value in expected_bf.items():
                diffs.check(column, row[column], value, key)
        assert "cluster" in row["independence_handling"]
        assert row["normality_verdict"]
    diffs.assert_ok(label + " fct_assumption_checks")
    return diffs


def test_success_rates_match_oracle_on_sample(sample_db):
    check_success_rates(sample_db, "sample")


def test_success_rates_match_oracle_on_real_file(real_db):
    check_success_rates(real_db, "real")


def test_pass_at_k_matches_oracle_on_sample(sample_db):
    check_pass_at_k(sample_db, "sample")


def test_pass_at_k_matches_oracle_on_real_file(real_db):
    check_pass_at_k(real_db, "real")


def test_assumption_checks_match_oracle_on_sample(sample_db):
    check_assumption_checks(sample_db, "sample")


def test_assumption_checks_match_oracle_on_real_file(real_db):
    check_assumption_checks(real_db, "real")


# ---------------------------------------------------- the reference report's Wald intervals

_PAIR = re.compile(r"np\.float64\(([^)]+)\)")


def _published_intervals() -> list[dict[str, str]]:
    path = REAL_TABLES / "confidence_intervals.csv"
    if not path.exists():
        pytest.skip(f"published table not available: {path}")
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _pair(text: str) -> tuple[float, float]:
    low, high = (float(v) for v in _PAIR.findall(text))
    return low, high


def test_wald_columns_reproduce_published_confidence_intervals(real_db):
    rows = {
        (r["model_name"], r["metric"]): r
        for r in _rows(real_db, "select * from fct_success_rates where scope = 'all'")
    }
    published = _published_intervals()
    assert len(published) == 11
    worst = 0.0
    for row in published:
        model = row["Model"].strip("*")
        for metric, column, rate_column in (
            ("build", "Build Rate CI", "Build Success Rate"),
            ("valid_given_build", "Validation Rate CI", "Validation Rate"),
        ):
            ours = rows[(model, metric)]
            low, high = _pair(row[column])
            worst = max(worst, abs(ours["wald_low"] - low), abs(ours["wald_high"] - high))
            assert ours["wald_low"] == pytest.approx(low, abs=TOL), (model, metric)
            assert ours["wald_high"] == pytest.approx(high, abs=TOL), (model, metric)
            assert ours["rate"] == pytest.approx(float(row[rate_column]), abs=1e-12)
    print(f"\n[real] max |wald - published| = {worst:.2g}")


# ------------------------------------------------------------------ several samples per problem

HEADER = [
    "model",
    "problem_type",
    "problem_name",
    "parallelism_model",
    "response_time",
    "total_tokens",
    "prompt_tokens",
    "source_write_success",
    "did_build",
    "is_source_valid",
    "did_any_run",
    "did_all_run",
    "are_any_valid",
    "are_all_valid",
    "best_runtime",
    "avg_runtime",
    "speedup_2proc",
    "speedup_4proc",
    "num_successful_runs",
    "sample_id",
]


def _multi_sample_csv(path: Path, samples: int = 10) -> None:
    """Two registry models, six catalogued problems (three in each of two domains), serial and MPI,
    `samples` samples per prompt. Per-prompt success probabilities vary so that pass@k differs from
    pass@1, and the samples of a problem are correlated (one cluster)."""
    rng = np.random.default_rng(20240611)
    problems = []
    with (Path(__file__).resolve().parents[2] / "seeds" / "pareval_problems.csv").open(
        newline=""
    ) as handle:
        for row in csv.DictReader(handle):
            problems.append((row["problem_name"], row["problem_type"]))
    by_type: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for problem in problems:
        by_type[problem[1]].append(problem)
    problems = [p for ps in list(by_type.values())[:2] for p in ps[:3]]
    assert len(problems) == 6, "the catalog needs two domains of three problems"
    lines = []
    for model in ("H2LooP v0.1-coder", "Gemini Flash"):
        for problem, problem_type in problems:
            for pm in ("serial", "mpi"):
                p_build, p_valid = rng.uniform(0.2, 1.0), rng.uniform(0.0, 0.8)
                for sample in range(samples):
                    built = bool(rng.random() < p_build)
                    valid = built and bool(rng.random() < p_valid)
                    best = float(rng.lognormal(-4, 1)) if valid else None
                    lines.append(
                        {
                            "model": model,
                            "problem_type": problem_type,
                            "problem_name": problem,
                            "parallelism_model": pm,
                            "response_time": f"{rng.uniform(1, 30):.6f}",
                            "total_tokens": str(int(rng.integers(500, 4000))),
                            "prompt_tokens": "400",
                            "source_write_success": "True",
                            "did_build": str(built),
                            "is_source_valid": "True",
                            "did_any_run": str(built),
                            "did_all_run": str(built),
                            "are_any_valid": str(valid),
                            "are_all_valid": str(valid),
                            "best_runtime": "" if best is None else repr(best),
                            "avg_runtime": "" if best is None else repr(best * 1.1),
                            "speedup_2proc": repr(float(rng.uniform(0.5, 2)))
                            if valid and pm == "mpi"
                            else "",
                            "speedup_4proc": repr(float(rng.uniform(0.5, 4)))
                            if valid and pm == "mpi"
                            else "",
                            "num_successful_runs": "3" if valid else "0",
                            "sample_id": str(sample),
                        }
                    )
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(lines)


@pytest.fixture(scope="module")
def multi_sample_db(tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("multi_sample_build")
    csv_path = workdir / "multi_sample.csv"
    _multi_sample_csv(csv_path)
    build = dbt_build(workdir, {"raw_metrics_path": str(csv_path)}, RATE_MARTS, stage=True)
    succeeded(build)
    with duckdb.connect(str(build.db), read_only=True) as connection:
        yield connection


def test_pass_at_k_with_several_samples(multi_sample_db):
    rows = _rows(multi_sample_db, "select * from fct_pass_at_k order by model_name, scope, k")
    assert {(r["scope"], r["k"]) for r in rows} == {
        (s, k) for s in ("all", "serial", "mpi") for k in (1, 5, 10)
    }
    assert all(r["samples_per_problem"] == 10 for r in rows)
    assert {r["n_problems"] for r in rows if r["scope"] == "all"} == {12}
    # pass@k grows with k and differs from pass@1 on this data
    by = defaultdict(dict)
    for r in rows:
        by[(r["model_name"], r["scope"])][r["k"]] = r["pass_at_k"]
    assert all(v[1] <= v[5] <= v[10] for v in by.values())
    assert any(v[5] > v[1] + 0.05 for v in by.values())
    check_pass_at_k(multi_sample_db, "multi-sample")


def test_several_samples_are_one_cluster(multi_sample_db):
    rates = check_success_rates(multi_sample_db, "multi-sample")
    assert rates.max
    clusters = _rows(
        multi_sample_db,
        "select scope, metric, n, n_clusters from fct_success_rates where metric = 'pass'",
    )
    assert {(r["scope"], r["n"], r["n_clusters"]) for r in clusters} == {
        ("all", 120, 6),
        ("serial", 60, 6),
        ("mpi", 60, 6),
    }
    check_assumption_checks(multi_sample_db, "multi-sample")


def test_domain_rates_cluster_by_problem(multi_sample_db, tmp_path: Path):
    """fct_domain_rates' Wilson bounds rest on the effective sample size with problems as clusters
    (the oracle of test_descriptive_oracle: statsmodels' cluster SE and Wilson), not on the
    attempts: ten correlated samples of a problem count for less than ten problems."""
    from test_descriptive_oracle import compare, mart_rows, oracle_domain_rates, parse

    csv_path = tmp_path / "multi_sample.csv"
    _multi_sample_csv(csv_path)  # deterministic: the rows the fixture built
    grain = ["model_name", "problem_type", "scope"]
    ours = mart_rows(multi_sample_db, "fct_domain_rates", grain)
    compare("fct_domain_rates", ours, oracle_domain_rates(parse(csv_path)))
    assert {(r["scope"], r["n"], r["n_problems"]) for r in ours.values()} == {
        ("all", 60, 3),
        ("serial", 30, 3),
        ("mpi", 30, 3),
    }
    shrunk = [r["pass_n_effective"] / r["n"] for r in ours.values() if 0 < r["pass_rate"] < 1]
    assert shrunk and min(shrunk) < 0.5, shrunk


def test_numpy_pass_at_k_reference_values():
    """The oracle's estimator itself: n = 10, c = 3, k = 5 is 1 - C(7,5)/C(10,5) = 11/12."""
    assert numpy_pass_at_k(10, 3, 5) == pytest.approx(11 / 12, abs=1e-15)
    assert numpy_pass_at_k(10, 3, 1) == pytest.approx(0.3, abs=1e-15)
    assert numpy_pass_at_k(10, 3, 10) == 1.0
    assert numpy_pass_at_k(1, 0, 1) == 0.0
