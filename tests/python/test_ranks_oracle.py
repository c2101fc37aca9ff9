"""Independent oracles for the all-pairs family, compact letters, rank intervals and tiers.

Every expectation is recomputed from the staged attempt rows (`stg_raw_metrics`) and the model list
(`int_models`: the reference flag); the marts `fct_pairwise_comparisons`, `fct_model_ranks` and
`fct_model_tiers` are only read to be compared with. Written from the rules in the models' headers:

* the problem is the unit: a problem's rate is successes / trials over all its samples (and, in
  scope 'all', all its parallelism variants); the paired risk difference is the mean over shared
  problems of the per-problem rate difference; t test and SE from scipy.stats.ttest_rel, the SE
  cross-checked with
  statsmodels OLS with cov_type='cluster' (one observation per cluster), intervals from scipy t.ppf;
* Holm from statsmodels multipletests within (scope, metric); Holm interval at the deciding step;
* compact letters by a direct insert-and-absorb (Piepho 2004) over the significant pairs;
* rank intervals by a Python cluster bootstrap with the same md5 seeding scheme, compared exactly;
* tiers by checking every cross-boundary pair directly (not the SQL's running-maximum shortcut).

Inputs: the bundled sample, ../shared/data/h2loop-r1/raw_metrics.csv (skipped when absent), a
generated
20-sample file (6 models, 7 parallelism models, some partial coverage) and degenerate fixtures in
tests/fixtures/ranks/ (one model, one problem, all-pass, all-fail, a model that answered 3 of 10
prompts) with exact expected values.
"""

from __future__ import annotations

import csv
import hashlib
import math
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator

import duckdb
import numpy as np
import pytest
import statsmodels.api as sm
from dbt_builds import ROOT, Build, dbt_build, succeeded
from scipy import stats
from statsmodels.stats.multitest import multipletests

TOL = 1e-9
ALPHA = 0.05
METRICS = ("build", "pass")
SEED = 20240101
RESAMPLES = 2000
MAX_PAIRWISE_MODELS = 50
FIXTURES = ROOT / "tests" / "fixtures" / "ranks"
SELECT = "+fct_model_tiers"
# Only tests whose parents are all built (a test of an unselected mart fails on a missing table).
CAUTIOUS = {"DBT_INDIRECT_SELECTION": "cautious"}

Family = tuple[str, str]  # (scope, metric)


# --------------------------------------------------------------------------- staged input


def problem_rates(db: duckdb.DuckDBPyConnection) -> dict[Family, dict[str, dict[str, float]]]:
    """(scope, metric) -> model -> problem -> rate, from stg_raw_metrics rows."""
    rows = db.sql(
        "select model_name, parallelism_model, problem_name, did_build, are_all_valid"
        " from stg_raw_metrics"
    ).fetchall()
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for model, par, problem, built, passed in rows:
        for scope in (par, "all"):
            cell = counts[(scope, model, problem)]
            cell[0] += 1
            cell[1] += int(bool(built))
            cell[2] += int(bool(passed))
    out: dict[Family, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (scope, model, problem), (n, built, passed) in counts.items():
        out[(scope, "build")][model][problem] = built / n
        out[(scope, "pass")][model][problem] = passed / n
    return out


def included_models(db: duckdb.DuckDBPyConnection, rates: dict) -> set[str]:
    """Top MAX_PAIRWISE_MODELS by pass@1 in scope 'all' (ties by name) plus the reference."""
    info = dict(db.sql("select model_name, is_reference_model from int_models").fetchall())
    pass_all = rates.get(("all", "pass"), {})
    p1 = {m: (float(np.mean(list(pass_all[m].values()))) if m in pass_all else None) for m in info}
    order = sorted(info, key=lambda m: (p1[m] is None, -(p1[m] or 0.0), m))
    return set(order[:MAX_PAIRWISE_MODELS]) | {m for m, ref in info.items() if ref}


def round10(x: float) -> float:
    """DuckDB's round(x, 10) on a double: half away from zero of x * 1e10."""
    scaled = x * 1e10
    return math.copysign(math.floor(abs(scaled) + 0.5), scaled) / 1e10


# --------------------------------------------------------------------------- oracles


def pairwise_oracle(rates: dict, included: set[str]) -> dict[tuple, dict]:
    """(model, other, scope, metric) -> expected columns of fct_pairwise_comparisons."""
    out: dict[tuple, dict] = {}
    for (scope, metric), by_model in rates.items():
        if metric not in METRICS:
            continue
        names = sorted(m for m in by_model if m in included)
        family: dict[tuple[str, str], dict] = {}
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                shared = sorted(set(by_model[a]) & set(by_model[b]))
                ra = np.array([by_model[a][p] for p in shared])
                rb = np.array([by_model[b][p] for p in shared])
                g = len(shared)
                row: dict = {"n_shared": g, "diff": None, "diff_se": None, "p_value": None}
                row["diff"] = float(np.mean(ra - rb)) if g else None
                if g:
                    row["cohens_h"] = 2 * math.asin(math.sqrt(float(ra.mean()))) - 2 * math.asin(
                        math.sqrt(float(rb.mean()))
                    )
                if g == 0:
                    row["reason"] = "no shared problem"
                elif g == 1:
                    row["reason"] = "one shared problem: no variance estimate"
                else:
                    d = ra - rb
                    sd = float(np.std(d, ddof=1))
                    se = sd / math.sqrt(g)
                    row["diff_se"] = se
                    tq = stats.t.ppf(1 - ALPHA / 2, g - 1)
                    row["ci_low"], row["ci_high"] = row["diff"] - tq * se, row["diff"] + tq * se
                    if sd == 0:
                        row["reason"] = "every shared problem has the same difference: t undefined"
                    else:
                        t, p = stats.ttest_rel(ra, rb)
                        fit = sm.OLS(d, np.ones(g)).fit(
                            cov_type="cluster", cov_kwds={"groups": np.arange(g)}
                        )
                        assert abs(float(fit.bse[0]) - se) < 1e-12
                        row.update(t_stat=float(t), p_value=float(p), reason=None)
                        row["d_z"] = row["diff"] / sd
                family[(a, b)] = row
        tested = sorted((k for k, r in family.items() if r["p_value"] is not None),
                        key=lambda k: (round(family[k]["p_value"], 12), k))  # fmt: skip
        m = len(tested)
        if m:
            holm = multipletests([family[k]["p_value"] for k in tested], method="holm")[1]
            stop = next((i + 1 for i, h in enumerate(holm) if h >= ALPHA), None)
            for i, (k, h) in enumerate(zip(tested, holm, strict=True), start=1):
                row = family[k]
                step = i if stop is None else min(i, stop)
                tq = stats.t.ppf(1 - ALPHA / (2 * (m - step + 1)), row["n_shared"] - 1)
                row.update(
                    holm_p=float(h),
                    holm_step=step,
                    holm_ci_low=row["diff"] - tq * row["diff_se"],
                    holm_ci_high=row["diff"] + tq * row["diff_se"],
                    significant=bool(h < ALPHA),
                )
        for (a, b), row in family.items():
            row.setdefault("significant", False)
            row["n_comparisons"] = m
            out[(a, b, scope, metric)] = row
            out[(b, a, scope, metric)] = mirror(row)
    return out


def mirror(row: dict) -> dict:
    flipped = dict(row)
    for key in ("diff", "t_stat", "d_z", "cohens_h"):
        if flipped.get(key) is not None:
            flipped[key] = -flipped[key]
    for low, high in (("ci_low", "ci_high"), ("holm_ci_low", "holm_ci_high")):
        if row.get(low) is not None:
            flipped[low], flipped[high] = -row[high], -row[low]
    return flipped


def positions(rates: dict, included: set[str]) -> dict[Family, list[str]]:
    """Models of each family ordered by rate (rounded to 10 decimals) descending, then name."""
    out = {}
    for family, by_model in rates.items():
        if family[1] not in METRICS:
            continue
        means = {m: round10(float(np.mean(list(v.values())))) for m, v in by_model.items()
                 if m in included}  # fmt: skip
        out[family] = sorted(means, key=lambda m: (-means[m], m))
    return out


def letter_name(index: int) -> str:
    if index < 26:
        return chr(97 + index)
    if index < 52:
        return chr(65 + index - 26)
    return f"L{index}"


def compact_letters(order: list[str], significant: list[tuple[str, str]]) -> dict[str, str]:
    """Piepho (2004) insert-and-absorb; letters named in lexicographic order of member positions."""
    pos = {m: i + 1 for i, m in enumerate(order)}
    columns: list[frozenset[int]] = [frozenset(pos.values())]
    for a, b in significant:
        i, j = pos[a], pos[b]
        split: list[frozenset[int]] = []
        for col in columns:
            if i in col and j in col:
                split += [col - {i}, col - {j}]
            else:
                split.append(col)
        unique = set(split)
        columns = [c for c in unique if not any(c < other for other in unique)]
    ordered = sorted(sorted(c) for c in columns)
    return {
        m: "".join(letter_name(k) for k, col in enumerate(ordered) if pos[m] in col) for m in order
    }


def md5_draw(seed: int, replicate: int, draw: int) -> int:
    return int(hashlib.md5(f"{seed}-{replicate}-{draw}".encode()).hexdigest()[:8], 16)


def rank_intervals(by_model: dict[str, dict[str, float]], models: list[str]) -> dict[str, tuple]:
    """Cluster bootstrap over the family's problems, md5 seeding scheme of fct_model_ranks."""
    problems = sorted({p for m in models for p in by_model[m]})
    g = len(problems)
    ranks: dict[str, list[int]] = {m: [] for m in models}
    for b in range(1, RESAMPLES + 1):
        weights: dict[str, int] = defaultdict(int)
        for j in range(1, g + 1):
            weights[problems[md5_draw(SEED, b, j) % g]] += 1
        rep = {}
        for m in models:
            w = [(weights[p], r) for p, r in by_model[m].items() if weights.get(p)]
            if w:
                rep[m] = round10(sum(x * r for x, r in w) / sum(x for x, _ in w))
        for m, r in rep.items():
            ranks[m].append(1 + sum(1 for other in rep.values() if other > r))
    out = {}
    for m, values in ranks.items():
        values.sort()
        n = len(values)
        lo = values[max(1, math.ceil(n * ALPHA / 2 - 1e-9)) - 1]
        hi = values[max(1, math.ceil(n * (1 - ALPHA / 2) - 1e-9)) - 1]
        out[m] = (lo, hi, n)
    return out


def ranks_oracle(rates: dict, included: set[str], pairs: dict) -> dict[tuple, dict]:
    out = {}
    for (scope, metric), order in positions(rates, included).items():
        sig = sorted(
            ((a, b) for a in order for b in order
             if a < b and pairs[(a, b, scope, metric)]["significant"]),
            key=lambda k: (pairs[(k[0], k[1], scope, metric)]["holm_p"], k),
        )  # fmt: skip
        letters = compact_letters(order, sig)
        intervals = rank_intervals(rates[(scope, metric)], order)
        problems = {p for m in order for p in rates[(scope, metric)][m]}
        for i, m in enumerate(order, start=1):
            values = np.array(list(rates[(scope, metric)][m].values()))
            n_problems = len(values)
            sd = float(np.std(values, ddof=1)) if n_problems >= 2 else 0.0
            half = (
                stats.t.ppf(1 - ALPHA / 2, n_problems - 1) * sd / math.sqrt(n_problems)
                if sd > 0
                else None
            )
            out[(m, scope, metric)] = {
                "rate": float(values.mean()),
                "rate_ci_low": None if half is None else float(values.mean()) - half,
                "rate_ci_high": None if half is None else float(values.mean()) + half,
                "position": i,
                "letters": letters[m],
                "rank_ci_low": intervals[m][0],
                "rank_ci_high": intervals[m][1],
                "n_valid_resamples": intervals[m][2],
                "n_problems": n_problems,
                "n_family_problems": len(problems),
                "is_full_coverage": n_problems == len(problems),
            }
    return out


def tiers_oracle(rates: dict, included: set[str], pairs: dict) -> dict[tuple, dict]:
    """Clean breaks: a boundary after position c iff every (upper <= c, lower > c) pair is
    significant with a positive difference; checked pair by pair."""
    out = {}
    for (scope, metric), order in positions(rates, included).items():
        k = len(order)

        def separated(u: str, low: str, s: str = scope, mt: str = metric) -> bool:
            row = pairs[(u, low, s, mt)]
            return bool(row["significant"]) and row["diff"] > 0

        cuts = [
            c for c in range(1, k)
            if all(separated(order[u], order[v]) for u in range(c) for v in range(c, k))
        ]  # fmt: skip
        for i, m in enumerate(order, start=1):
            out[(m, scope, metric)] = {"tier": 1 + sum(1 for c in cuts if c < i),
                                       "n_tiers": len(cuts) + 1}  # fmt: skip
    return out


# --------------------------------------------------------------------------- comparison


def check(label: str, ours, expected) -> None:
    if expected is None or ours is None:
        assert ours is None and expected is None, f"{label}: mart {ours!r} vs oracle {expected!r}"
        return
    if isinstance(expected, str | bool | int) and not isinstance(expected, float):
        assert ours == expected, f"{label}: mart {ours!r} vs oracle {expected!r}"
        return
    assert abs(float(ours) - float(expected)) <= TOL, (
        f"{label}: mart {ours!r} vs oracle {expected!r}"
    )


def mart(db: duckdb.DuckDBPyConnection, name: str, key: list[str]) -> dict[tuple, dict]:
    relation = db.sql(f"select * from {name}")
    columns = relation.columns
    return {
        tuple(r[columns.index(k)] for k in key): dict(zip(columns, r, strict=True))
        for r in relation.fetchall()
    }


PAIR_COLUMNS = ("n_shared", "diff", "diff_se", "ci_low", "ci_high", "t_stat", "d_z", "cohens_h",
                "p_value", "holm_p", "holm_step", "holm_ci_low", "holm_ci_high", "significant",
                "n_comparisons")  # fmt: skip


def assert_marts_match_oracle(db: duckdb.DuckDBPyConnection) -> None:
    rates = problem_rates(db)
    included = included_models(db, rates)
    pairs = pairwise_oracle(rates, included)
    ours = mart(
        db, "fct_pairwise_comparisons", ["model_name", "other_model_name", "scope", "metric"]
    )
    assert set(ours) == set(pairs)
    for key, exp in pairs.items():
        row = ours[key]
        assert row["family"] == "all_pairs"
        assert row["p_null_reason"] == exp.get("reason"), key
        for column in PAIR_COLUMNS:
            check(f"{key}.{column}", row[column], exp.get(column))
    expected_ranks = ranks_oracle(rates, included, pairs)
    ranks = mart(db, "fct_model_ranks", ["model_name", "scope", "metric"])
    assert set(ranks) == set(expected_ranks)
    for key, exp in expected_ranks.items():
        for column, value in exp.items():
            check(f"ranks{key}.{column}", ranks[key][column], value)
    expected_tiers = tiers_oracle(rates, included, pairs)
    tiers = mart(db, "fct_model_tiers", ["model_name", "scope", "metric"])
    tiered = {k: r for k, r in tiers.items() if r["is_tiered"]}
    assert set(tiered) == set(expected_tiers)
    for key, exp in expected_tiers.items():
        for column, value in exp.items():
            check(f"tiers{key}.{column}", tiered[key][column], value)
        leader = tiered[key]["is_tier_leader"]
        if leader and not tiered[key]["is_full_coverage"]:
            same_tier = [r for r in tiered.values()
                         if r["scope"] == key[1] and r["metric"] == key[2]
                         and r["tier"] == tiered[key]["tier"]]  # fmt: skip
            assert not any(r["is_full_coverage"] for r in same_tier), f"{key} leads its tier"


def _connect(build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    succeeded(build)
    with duckdb.connect(str(build.db), read_only=True) as connection:
        yield connection


# --------------------------------------------------------------------------- sample and real file


@pytest.mark.parametrize("which", ["sample_db", "real_db"])
def test_all_pairs_letters_ranks_tiers_match_oracle(which: str, request: pytest.FixtureRequest):
    assert_marts_match_oracle(request.getfixturevalue(which))


# ------------------------------------------------------------------- generated 20-sample file


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """6 models x 12 problems x 7 parallelism models x 20 samples; the last model answered only 8
    problems and lost the mpi variant of 2 more (partial coverage)."""
    work = tmp_path_factory.mktemp("ranks_generated")
    full = work / "full.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_large_data.py"), "--models", "6",
         "--samples", "20", "--problems", "12", "--format", "csv", "--out", str(full)],
        check=True, capture_output=True,
    )  # fmt: skip
    partial = work / "partial.csv"
    with duckdb.connect() as con:
        last = con.sql(
            f"select model from read_csv('{full}', all_varchar=true)"
            " group by model order by model desc"
        ).fetchall()[0][0]
        problems = [r[0] for r in con.sql(
            f"select distinct problem_name from read_csv('{full}', all_varchar=true) order by 1"
        ).fetchall()]  # fmt: skip
        dropped = ", ".join(f"'{p}'" for p in problems[8:])
        half = ", ".join(f"'{p}'" for p in problems[6:8])
        con.sql(
            f"copy (select * from read_csv('{full}', all_varchar=true) where not (model = '{last}'"
            f" and (problem_name in ({dropped}) or (problem_name in ({half})"
            f" and parallelism_model = 'mpi')))) to '{partial}' (header, quote '\"')"
        )
    build = dbt_build(
        work / "build", {"raw_metrics_path": str(partial)}, select=SELECT, env=CAUTIOUS, stage=True
    )
    yield from _connect(build)


def test_generated_multi_sample_file_matches_oracle(generated_db: duckdb.DuckDBPyConnection):
    scopes = {
        r[0] for r in generated_db.sql("select distinct scope from fct_model_ranks").fetchall()
    }
    assert len(scopes) >= 4  # 'all' + 3 or more parallelism models
    assert (
        generated_db.sql(
            "select count(*) from fct_model_ranks where not is_full_coverage"
        ).fetchall()[0][0]
        > 0
    )
    assert_marts_match_oracle(generated_db)


# --------------------------------------------------------------------------- degenerate fixtures


def fixture_db(name: str, tmp_path_factory: pytest.TempPathFactory, reference: str):
    path = FIXTURES / f"{name}.csv"
    build = dbt_build(
        tmp_path_factory.mktemp(f"ranks_{name}"),
        {"raw_metrics_path": str(path), "reference_model": reference},
        select=SELECT,
        env=CAUTIOUS,
    )
    yield from _connect(build)


def fixture_reference(name: str) -> str:
    with (FIXTURES / f"{name}.csv").open(newline="") as handle:
        return next(csv.DictReader(handle))["model"]


@pytest.fixture(scope="module", params=["one_model", "one_problem", "all_pass", "all_fail",
                                        "partial_coverage"])  # fmt: skip
def degenerate(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    name = request.param
    for db in fixture_db(name, tmp_path_factory, fixture_reference(name)):
        yield name, db


def rows(db: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return db.sql(sql).fetchall()


def test_degenerate_inputs_have_exact_values(degenerate):
    name, db = degenerate
    assert_marts_match_oracle(db)
    ranks = rows(db, "select model_name, letters, rank_ci_low, rank_ci_high, is_full_coverage "
                     "from fct_model_ranks where scope = 'all' and metric = 'pass' "
                     "order by position")  # fmt: skip
    tiers = rows(db, "select model_name, tier, n_tiers, is_tier_leader, coverage_note "
                     "from fct_model_tiers where scope = 'all' and metric = 'pass' "
                     "order by position")  # fmt: skip
    pairs = rows(db, "select model_name, other_model_name, n_shared, diff, p_value, p_null_reason "
                     "from fct_pairwise_comparisons where scope = 'all' and metric = 'pass' "
                     "and model_name < other_model_name order by 1, 2")  # fmt: skip
    if name == "one_model":
        assert pairs == []
        assert ranks == [("Solo", "a", 1, 1, True)]
        assert tiers == [("Solo", 1, 1, True, None)]
    elif name == "one_problem":
        reason = "one shared problem: no variance estimate"
        assert pairs == [("Alpha", "Beta", 1, 1.0, None, reason),
                         ("Alpha", "Gamma", 1, 0.0, None, reason),
                         ("Beta", "Gamma", 1, -1.0, None, reason)]  # fmt: skip
        assert ranks == [("Alpha", "a", 1, 1, True), ("Gamma", "a", 1, 1, True),
                         ("Beta", "a", 3, 3, True)]  # fmt: skip
        assert [t[1:3] for t in tiers] == [(1, 1)] * 3
    elif name in ("all_pass", "all_fail"):
        reason = "every shared problem has the same difference: t undefined"
        assert pairs == [("Alpha", "Beta", 4, 0.0, None, reason),
                         ("Alpha", "Gamma", 4, 0.0, None, reason),
                         ("Beta", "Gamma", 4, 0.0, None, reason)]  # fmt: skip
        assert ranks == [(m, "a", 1, 1, True) for m in ("Alpha", "Beta", "Gamma")]
        assert [t[1:4] for t in tiers] == [(1, 1, True), (1, 1, False), (1, 1, False)]
    else:  # partial_coverage: Partial answered 3 of 10 prompts (3 of 10 problems) and passed all 3
        by_model = {r[0]: r for r in ranks}
        assert by_model["Partial"][4] is False
        assert ranks[0][0] == "Partial"  # highest rate on its own problems ...
        partial_tier = next(t for t in tiers if t[0] == "Partial")
        assert partial_tier[3] is False  # ... but it does not lead its tier
        assert partial_tier[4] == (
            "partial coverage: answered 3 of 10 problems; "
            "its rate and rank rest on those problems only"
        )
        shared = [p for p in pairs if "Partial" in p[:2]]
        assert shared and all(p[2] == 3 for p in shared)
