"""Independent scipy/statsmodels oracle for the comparison marts.

Every expectation is recomputed from the staged attempt rows (`stg_raw_metrics`) and the model list
(`int_models`, for the reference flag and display names); the comparison marts are only read to be
compared with. Conventions (documented in models/marts/comparisons/_comparisons__models.yml):

* fct_reference_comparisons: checked by test_reference_oracle.assert_reference_comparisons (the
  problem-level paired family); this module adds the multimodal published table and its inputs;
* pairwise: pairs are prompts (problem_name, parallelism_model) both models have trials for; each
  side is the prompt's success fraction; McNemar = exact binomial test on the discordant pairs;
* the paired SE is cluster-robust with clusters = problem_name and the G/(G-1) correction (as the
  stats-macros `cluster_robust_se`), t with G - 1 df;
* Holm/BH within (scope, metric) for the reference comparisons.

The all-pairs family, letters, rank intervals and tiers have their own oracle in
test_ranks_oracle.py (they were reshaped onto problem-level paired differences).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest
from dbt_builds import REAL_RESULTS, REAL_TABLES, ROOT, Build, dbt_build, succeeded
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep
from test_ranks_oracle import assert_marts_match_oracle

TOL = 1e-9
CONFIDENCE = 0.95
ALPHA = 1 - CONFIDENCE
Z = stats.norm.ppf(1 - ALPHA / 2)
METRICS = {
    # name: (successes column, trials column) of the per-prompt counts
    "build": ("built", "attempts"),
    "pass": ("passed", "attempts"),
    "valid_given_build": ("passed", "built"),
}
NO_REASON = None
#: What the fixture builds of this module read (and the dbt tests among them): the real file with
#: another reference and the multi-sample file run only this part of the project.
COMPARISON_MARTS = (
    "+fct_reference_comparisons +int_problem_outcomes +int_models"
    " +fct_pairwise_comparisons +fct_model_ranks +fct_model_tiers"
)

MAX_ABS_DIFF: dict[str, float] = defaultdict(float)


# --------------------------------------------------------------------------- staged input


def prompt_counts(db: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], dict[str, int]]:
    """(model, parallelism_model, problem) -> attempts, built, passed, from stg_raw_metrics rows."""
    rows = db.sql(
        "select model_name, parallelism_model, problem_name, did_build, are_all_valid"
        " from stg_raw_metrics"
    ).fetchall()
    out: dict[tuple[str, str, str], dict[str, int]] = defaultdict(
        lambda: {"attempts": 0, "built": 0, "passed": 0}
    )
    for model, par, problem, built, passed in rows:
        cell = out[(model, par, problem)]
        cell["attempts"] += 1
        cell["built"] += int(bool(built))
        cell["passed"] += int(bool(passed))
    return dict(out)


def models(db: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, bool]]:
    return {
        m: (d, r)
        for m, d, r in db.sql(
            "select model_name, display_name, is_reference_model from int_models"
        ).fetchall()
    }


# --------------------------------------------------------------------------- statistics


def sd1(x: int, n: int) -> float | None:
    """ddof-1 SD of n 0/1 outcomes with x ones (0 for n = 1: its sum of squares is 0)."""
    if n == 0:
        return None
    if n == 1:
        return 0.0
    return float(np.std(np.r_[np.ones(x), np.zeros(n - x)], ddof=1))


def unpaired(x1: int, n1: int, x2: int, n2: int) -> dict:
    p1 = x1 / n1 if n1 else None
    p2 = x2 / n2 if n2 else None
    out = {"rate": p1, "other_rate": p2, "diff": None if p1 is None or p2 is None else p1 - p2}
    pooled = d = None
    reason = NO_REASON
    if n1 == 0 or n2 == 0:
        reason = "no trials"
    elif n1 + n2 <= 2:
        reason = "fewer than 3"
    else:
        s1, s2 = sd1(x1, n1), sd1(x2, n2)
        pooled = math.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))
        if pooled > 0:
            d = (p1 - p2) / pooled
        else:
            reason = "pooled SD is 0"
    out.update(pooled_sd=pooled, cohens_d=d, reason=reason)
    if n1 and n2:
        lo, hi = confint_proportions_2indep(
            x1, n1, x2, n2, method="newcomb", compare="diff", alpha=ALPHA
        )
        out.update(newcombe_low=lo, newcombe_high=hi)
        out["cohens_h"] = 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))
        var = (p1 * (1 - p1) + p2 * (1 - p2)) / 2
        out["cohens_d_population_sd"] = (p1 - p2) / math.sqrt(var) if var > 0 else None
    else:
        out.update(
            newcombe_low=None, newcombe_high=None, cohens_h=None, cohens_d_population_sd=None
        )
    if d is not None:
        g = d * (1 - 3 / (4 * (n1 + n2) - 9))
        se = math.sqrt((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2)))
        mag = (
            "negligible"
            if abs(d) < 0.2
            else "small"
            if abs(d) < 0.5
            else "medium"
            if abs(d) < 0.8
            else "large"
        )
        out.update(hedges_g=g, d_se=se, d_ci_low=d - Z * se, d_ci_high=d + Z * se, magnitude=mag)
    else:
        out.update(hedges_g=None, d_se=None, d_ci_low=None, d_ci_high=None, magnitude=None)
    return out


def exact_mcnemar(b: int, c: int) -> float:
    return float(mcnemar([[0, b], [c, 0]], exact=True).pvalue)


def paired(pairs: list[tuple[str, float, float]]) -> dict:
    """pairs: (cluster, model fraction, other fraction). Exact McNemar + clustered t CI."""
    n = len(pairs)
    b = sum(1 for _, a, o in pairs if a > o)
    c = sum(1 for _, a, o in pairs if a < o)
    out = {
        "n_pairs": n,
        "model_only": b,
        "other_only": c,
        "mcnemar_p": exact_mcnemar(b, c) if n else None,
        "paired_diff": None,
        "paired_se": None,
        "ci_low": None,
        "ci_high": None,
        "d_z": None,
        "n_clusters": None,
    }
    if not n:
        return out
    y = np.array([a - o for _, a, o in pairs])
    ybar = float(y.mean())
    clusters: dict[str, float] = defaultdict(float)
    for (cl, _, _), yi in zip(pairs, y, strict=True):
        clusters[cl] += yi - ybar
    g = len(clusters)
    out.update(paired_diff=ybar, n_clusters=g)
    if g >= 2:
        se = math.sqrt(g / (g - 1) * sum(r * r for r in clusters.values())) / n
        t = stats.t.ppf(1 - ALPHA / 2, g - 1)
        out.update(paired_se=se, ci_low=ybar - t * se, ci_high=ybar + t * se)
    if n >= 2 and np.std(y, ddof=1) > 0:
        out["d_z"] = ybar / float(np.std(y, ddof=1))
    return out


def adjust(pvalues: dict, method: str) -> dict:
    keys = sorted(k for k, p in pvalues.items() if p is not None)
    if not keys:
        return {}
    adjusted = multipletests([pvalues[k] for k in keys], method=method)[1]
    return dict(zip(keys, (float(a) for a in adjusted), strict=True))


# --------------------------------------------------------------------------- oracles


def scoped(counts):
    """(model, scope, par, problem) -> cell, scope = each parallelism model and 'all'."""
    for (model, par, problem), cell in counts.items():
        yield model, par, par, problem, cell
        yield model, "all", par, problem, cell


# --------------------------------------------------------------------------- comparison helpers


def check(label: str, ours, expected) -> None:
    if expected is None or ours is None:
        assert ours is None and expected is None, f"{label}: mart {ours!r} vs oracle {expected!r}"
        return
    if isinstance(expected, str | bool | int) and not isinstance(expected, float):
        assert ours == expected, f"{label}: mart {ours!r} vs oracle {expected!r}"
        return
    diff = abs(float(ours) - float(expected))
    column = label.rsplit(".", 1)[-1]
    MAX_ABS_DIFF[column] = max(MAX_ABS_DIFF[column], diff)
    assert diff <= TOL, f"{label}: mart {ours!r} vs oracle {expected!r} (|diff| {diff:.3g})"


def mart(db: duckdb.DuckDBPyConnection, name: str, key: list[str]) -> dict[tuple, dict]:
    relation = db.sql(f"select * from {name}")
    columns = relation.columns
    return {
        tuple(r[columns.index(k)] for k in key): dict(zip(columns, r, strict=True))
        for r in relation.fetchall()
    }


def assert_reference_marts(db: duckdb.DuckDBPyConnection) -> None:
    """fct_reference_comparisons is the problem-level paired family since issue 10; its oracle
    (statsmodels cluster SE, scipy paired t, plain-Python Holm/MDE/TOST) lives in
    test_reference_oracle.py and is applied here to this module's inputs as well."""
    from test_reference_oracle import assert_reference_comparisons

    assert_reference_comparisons(db)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("which", ["sample_db", "real_db"])
def test_reference_comparisons_match_oracle(which: str, request: pytest.FixtureRequest):
    assert_reference_marts(request.getfixturevalue(which))


@pytest.fixture(scope="module")
def multimodal_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real file built with the reference report's reference model for its Cohen's d table."""
    published = REAL_TABLES / "cohens_d_multimodal.csv"
    if not REAL_RESULTS.exists() or not published.exists():
        pytest.skip("../shared/data/h2loop-r1 is not available")
    build = dbt_build(
        tmp_path_factory.mktemp("multimodal_build"),
        {"raw_metrics_path": str(REAL_RESULTS), "reference_model": "H2looP v0.1-multimodal"},
        COMPARISON_MARTS,
    )
    return succeeded(build)


@pytest.fixture
def multimodal_db(multimodal_build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(multimodal_build.db), read_only=True) as connection:
        yield connection


def test_population_sd_d_reproduces_published_multimodal_table(
    multimodal_db: duckdb.DuckDBPyConnection,
):
    with (REAL_TABLES / "cohens_d_multimodal.csv").open(newline="") as handle:
        published = list(csv.DictReader(handle))
    ours = dict(
        multimodal_db.sql(
            "select model_name, cohens_d_population_sd from fct_reference_comparisons "
            "where scope = 'all' and metric = 'build' and not is_reference_model"
        ).fetchall()
    )
    assert len(published) == len(ours) == 10
    for row in published:
        check(
            f"published.{row['Model']}.cohens_d_population_sd",
            ours[row["Model"].strip("*")],
            float(row["Cohen's d"]),
        )


def test_multimodal_build_matches_oracle_too(multimodal_db: duckdb.DuckDBPyConnection):
    assert_reference_marts(multimodal_db)


def _multi_sample_csv(source: Path, target: Path, seed: int = 7) -> None:
    """Several samples per prompt from the bundled sample: 1-4 samples per (model, prompt); each
    extra sample takes the outcome columns of a random model's row for the same prompt (so every row
    stays internally consistent); a few prompts are dropped for some models (unshared prompts)."""
    rng = np.random.default_rng(seed)
    with source.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in reader.fieldnames or [] if f != "sample_id"]
        rows = list(reader)
    by_prompt: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_prompt[(row["problem_name"], row["parallelism_model"])].append(row)
    outcome = [
        f for f in fields if f not in ("model", "problem_type", "problem_name", "parallelism_model")
    ]
    with target.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*fields, "sample_id"])
        writer.writeheader()
        for row in rows:
            if rng.random() < 0.05:
                continue
            for sample in range(int(rng.integers(1, 5))):
                donor = (
                    row
                    if sample == 0
                    else rng.choice(by_prompt[(row["problem_name"], row["parallelism_model"])])
                )
                out = {f: row[f] for f in fields} | {f: donor[f] for f in outcome}
                writer.writerow(out | {"sample_id": sample})


@pytest.fixture(scope="module")
def multi_sample_db(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[duckdb.DuckDBPyConnection]:
    workdir = tmp_path_factory.mktemp("multi_sample_build")
    path = workdir / "multi_sample.csv"
    _multi_sample_csv(ROOT / "seeds" / "raw_metrics.csv", path)
    build = dbt_build(workdir, {"raw_metrics_path": str(path)}, COMPARISON_MARTS, stage=True)
    succeeded(build)
    with duckdb.connect(str(build.db), read_only=True) as connection:
        yield connection


def test_multi_sample_input_matches_oracle(multi_sample_db: duckdb.DuckDBPyConnection):
    """Per-prompt success fractions, sign-test McNemar, unequal cluster sizes, unshared prompts."""
    assert (
        multi_sample_db.sql("select max(n_attempts) from int_problem_outcomes").fetchall()[0][0] > 1
    )
    assert_reference_marts(multi_sample_db)
    assert_marts_match_oracle(multi_sample_db)  # all-pairs family, letters, ranks, tiers


def test_zz_report_max_abs_differences():
    """Runs last in this module: prints the largest |mart - oracle| per column measured above."""
    print("\nmax |mart - oracle|:", {k: f"{v:.2e}" for k, v in sorted(MAX_ABS_DIFF.items())})
