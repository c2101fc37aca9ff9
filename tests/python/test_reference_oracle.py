"""Oracle for the primary comparison family (fct_reference_comparisons) and the coverage mart.

Every expectation is recomputed here from the staged attempt rows (`stg_raw_metrics`) and the model
list (`int_models`, for the reference flag); the marts are only read to be compared with.

* the problem is the unit: per (model, scope, metric, problem) the rate = successes / trials
  (scope = each parallelism model plus 'all', where a problem's variants pool); comparisons use the
  problems both models have trials for (valid_given_build: both built);
* paired risk difference d_p = rate_model - rate_reference; its SE from statsmodels OLS d ~ 1 with
  cov_type='cluster' (groups = problem), its t test from scipy.stats.ttest_rel on the rate vectors;
* Holm step-down, the level of the step that decided each row, MDE, problems needed and TOST in
  plain Python (scipy only for t / normal quantiles and CDFs);
* Cohen's h on the shared rates, Cohen's d on the shared trials (pooled ddof-1 SD), d_z;
* coverage counts in plain Python.

Inputs: the bundled sample, ../shared/data/h2loop-r1/raw_metrics.csv (skipped when absent), a
generated multi-sample file (6 models, 7 parallelism models, 20 samples per prompt, partial
coverage; made with scripts/make_large_data.py) and small degenerate files written here with exact
expected values.
Agreement <= 1e-9 throughout.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest
import statsmodels.api as sm
from dbt_builds import ROOT, Build, dbt_build, succeeded
from scipy import stats

TOL = 1e-9
LEVEL = 0.95
ALPHA = 1 - LEVEL
POWER = 0.8
TARGET = 0.10
MARGIN = 0.05
METRICS = {  # metric: (success flag, trial filter flag or None = every attempt)
    "build": ("did_build", None),
    "pass": ("are_all_valid", None),
    "valid_given_build": ("are_all_valid", "did_build"),
}

Key = tuple[str, str, str]  # (model, scope, metric)


# ----------------------------------------------------------------------------------- inputs


def staged(db: duckdb.DuckDBPyConnection) -> list[dict]:
    relation = db.sql("select * from stg_raw_metrics")
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def reference_of(db: duckdb.DuckDBPyConnection) -> str:
    return db.sql("select model_name from int_models where is_reference_model").fetchall()[0][0]


def problem_rates(rows: list[dict]) -> dict[Key, dict[str, tuple[int, int]]]:
    """(model, scope, metric) -> problem -> (trials, successes), only problems with trials."""
    counts: dict[Key, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in rows:
        for scope in (r["parallelism_model"], "all"):
            for metric, (flag, trial_flag) in METRICS.items():
                if trial_flag is not None and not r[trial_flag]:
                    continue
                cell = counts[(r["model_name"], scope, metric)][r["problem_name"]]
                cell[0] += 1
                cell[1] += int(bool(r[flag]))
    return {k: {p: (t, s) for p, (t, s) in v.items()} for k, v in counts.items()}


# ----------------------------------------------------------------------------------- oracle


def cluster_se(d: np.ndarray, groups: list[str]) -> float:
    """statsmodels OLS of d on a constant, cluster-robust by problem (CR1)."""
    codes = np.asarray([sorted(set(groups)).index(g) for g in groups])
    fit = sm.OLS(d, np.ones((len(d), 1))).fit(cov_type="cluster", cov_kwds={"groups": codes})
    return float(fit.bse[0])


def holm(pvalues: dict[str, float]) -> dict[str, dict]:
    """Plain Holm step-down: adjusted p, decision and the level of the deciding step."""
    # p-values equal to 12 decimals are ties, broken by name (as the SQL: floating-point noise
    # must not decide the order of two equal p-values)
    order = sorted(pvalues, key=lambda m: (round(pvalues[m], 12), m))
    m = len(order)
    first_fail = next(
        (i for i, name in enumerate(order, 1) if pvalues[name] >= ALPHA / (m - i + 1)), None
    )
    out, running = {}, 0.0
    for i, name in enumerate(order, 1):
        running = max(running, (m - i + 1) * pvalues[name])
        decided_at = i if first_fail is None else min(i, first_fail)
        out[name] = {
            "holm_p": min(1.0, running),
            "holm_rank": i,
            "holm_m": m,
            "significant": first_fail is None or i < first_fail,
            "holm_step_alpha": ALPHA / (m - decided_at + 1),
        }
    return out


def pooled_sd(x1: int, n1: int, x2: int, n2: int) -> float | None:
    if n1 + n2 <= 2:
        return None
    ss = (x1 * (n1 - x1) / n1 if n1 else 0.0) + (x2 * (n2 - x2) / n2 if n2 else 0.0)
    return math.sqrt(ss / (n1 + n2 - 2))


def reference_oracle(db: duckdb.DuckDBPyConnection) -> dict[Key, dict]:
    rates = problem_rates(staged(db))
    reference = reference_of(db)
    out: dict[Key, dict] = {}
    families: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for (model, scope, metric), problems in rates.items():
        if model == reference:
            continue
        ref = rates.get((reference, scope, metric), {})
        shared = sorted(set(problems) & set(ref))
        e: dict = {"n_pairs": len(shared)}
        out[(model, scope, metric)] = e
        if not shared:
            e["p_value"] = None
            continue
        a = np.array([problems[p][1] / problems[p][0] for p in shared])
        b = np.array([ref[p][1] / ref[p][0] for p in shared])
        d = a - b
        g = len(shared)
        e |= {
            "rate_shared": float(a.mean()),
            "reference_rate_shared": float(b.mean()),
            "paired_diff": float(d.mean()),
            "model_only": int((d > 0).sum()),
            "reference_only": int((d < 0).sum()),
            "cohens_h": 2 * math.asin(math.sqrt(a.mean())) - 2 * math.asin(math.sqrt(b.mean())),
        }
        n1 = sum(problems[p][0] for p in shared)
        x1 = sum(problems[p][1] for p in shared)
        n2 = sum(ref[p][0] for p in shared)
        x2 = sum(ref[p][1] for p in shared)
        sp = pooled_sd(x1, n1, x2, n2)
        e["cohens_d"] = (x1 / n1 - x2 / n2) / sp if sp else None
        if g < 2 or float(np.std(d, ddof=1)) == 0:
            e["p_value"] = None
            continue
        sd = float(np.std(d, ddof=1))
        se = cluster_se(d, shared)
        assert se == pytest.approx(sd / math.sqrt(g), rel=1e-12)  # CR1 with one obs per cluster
        test = stats.ttest_rel(a, b)
        df = g - 1
        t_crit = float(stats.t.ppf(1 - ALPHA / 2, df))
        e |= {
            "paired_sd": sd,
            "paired_se": se,
            "paired_df": df,
            "t_stat": float(test.statistic),
            "p_value": float(test.pvalue),
            "paired_diff_ci_low": e["paired_diff"] - t_crit * se,
            "paired_diff_ci_high": e["paired_diff"] + t_crit * se,
            "d_z": e["paired_diff"] / sd,
            "mde": (t_crit + float(stats.t.ppf(POWER, df))) * se,
            "problems_needed": math.ceil(
                ((stats.norm.ppf(1 - ALPHA / 2) + stats.norm.ppf(POWER)) * sd / TARGET) ** 2
            ),
            "tost_p": max(
                float(stats.t.sf((e["paired_diff"] + MARGIN) / se, df)),
                float(stats.t.cdf((e["paired_diff"] - MARGIN) / se, df)),
            ),
        }
        t_one = float(stats.t.ppf(1 - ALPHA, df))
        e["tost_ci_low"] = e["paired_diff"] - t_one * se
        e["tost_ci_high"] = e["paired_diff"] + t_one * se
        e["equivalent"] = e["tost_p"] < ALPHA
        families[(scope, metric)][model] = e["p_value"]
    for (scope, metric), pvalues in families.items():
        for model, h in holm(pvalues).items():
            e = out[(model, scope, metric)]
            e |= h
            t_holm = float(stats.t.ppf(1 - h["holm_step_alpha"] / 2, e["paired_df"]))
            e["holm_ci_low"] = e["paired_diff"] - t_holm * e["paired_se"]
            e["holm_ci_high"] = e["paired_diff"] + t_holm * e["paired_se"]
    return out


def mart(db: duckdb.DuckDBPyConnection, name: str) -> dict[Key, dict]:
    relation = db.sql(f"select * from {name}")
    rows = [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()]
    return {(r["model_name"], r["scope"], r["metric"]): r for r in rows}


def assert_reference_comparisons(db: duckdb.DuckDBPyConnection) -> float:
    """Compare every non-reference row with the oracle; return the largest absolute difference."""
    expected = reference_oracle(db)
    ours = mart(db, "fct_reference_comparisons")
    compared = {k for k, r in ours.items() if not r["is_reference_model"]}
    assert set(expected) <= compared
    worst = 0.0
    for key in compared:
        row, e = ours[key], expected.get(key, {"n_pairs": 0, "p_value": None})
        assert row["family"] == "reference"
        for column, value in e.items():
            got = row[column]
            if value is None or isinstance(value, (bool, int)):
                assert got == value, (key, column, got, value)
                continue
            assert got is not None, (key, column)
            worst = max(worst, abs(got - value))
            assert got == pytest.approx(value, abs=TOL, rel=TOL), (key, column, got, value)
        if e["p_value"] is None:
            assert row["test_null_reason"], key
            assert row["significant"] is None and row["mde"] is None, key
        else:
            assert row["test_null_reason"] is None, key
            # one statistic: interval excludes 0 <=> p < alpha; Holm interval <=> Holm decision
            if abs(row["p_value"] - ALPHA) > 1e-9:
                excludes = row["paired_diff_ci_low"] > 0 or row["paired_diff_ci_high"] < 0
                assert excludes == (row["p_value"] < ALPHA), key
            holm_excludes = row["holm_ci_low"] > 0 or row["holm_ci_high"] < 0
            assert holm_excludes == row["significant"] == (row["holm_p"] < ALPHA), key
        h = row["cohens_h"]
        expected_label = (
            None if h is None else "negligible" if abs(h) < 0.2 else "small" if abs(h) < 0.5
            else "medium" if abs(h) < 0.8 else "large"
        )  # fmt: skip
        assert row["magnitude"] == expected_label, key
    return worst


def coverage_oracle(db: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict]:
    rows = staged(db)
    reference = reference_of(db)
    prompts: dict[tuple[str, str], set] = defaultdict(set)  # (model, scope) -> prompts
    samples: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        prompt = (r["parallelism_model"], r["problem_name"])
        for scope in (r["parallelism_model"], "all"):
            prompts[(r["model_name"], scope)].add(prompt)
            samples[(r["model_name"], scope)] += 1
    scopes = {s for _, s in prompts}
    models = {m for m, _ in prompts}
    out = {}
    for scope in scopes:
        in_scope = set().union(*(prompts[(m, scope)] for m in models))
        problems_in_scope = {p for _, p in in_scope}
        ref_problems = {p for _, p in prompts[(reference, scope)]}
        for model in models:
            mine = prompts[(model, scope)]
            problems = {p for _, p in mine}
            out[(model, scope)] = {
                "n_problems": len(problems),
                "problems_in_scope": len(problems_in_scope),
                "n_prompts": len(mine),
                "prompts_in_scope": len(in_scope),
                "n_samples": samples[(model, scope)],
                "n_problems_shared_with_reference": len(problems & ref_problems),
                "is_full_coverage": len(mine) == len(in_scope),
            }
    return out


def assert_coverage(db: duckdb.DuckDBPyConnection) -> None:
    relation = db.sql("select * from fct_model_coverage")
    rows = [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()]
    ours = {(r["model_name"], r["scope"]): r for r in rows}
    expected = coverage_oracle(db)
    assert set(ours) == set(expected)
    for key, e in expected.items():
        for column, value in e.items():
            assert ours[key][column] == value, (key, column)


# ----------------------------------------------------------------------------------- sample, real


@pytest.mark.parametrize("which", ["sample_db", "real_db"])
def test_reference_comparisons_match_oracle(which: str, request: pytest.FixtureRequest):
    db = request.getfixturevalue(which)
    worst = assert_reference_comparisons(db)
    assert_coverage(db)
    print(f"\n[{which}] max |mart - oracle| = {worst:.2g}")


def test_real_file_holm_decisions_agree_with_printed_intervals(real_db):
    """Real file: the Holm interval agrees with the decision row by row; every test has an MDE."""
    rows = mart(real_db, "fct_reference_comparisons").values()
    tested = [r for r in rows if r["p_value"] is not None]
    assert tested
    for r in tested:
        assert r["significant"] == (r["holm_ci_low"] > 0 or r["holm_ci_high"] < 0)
        assert r["mde"] is not None and r["mde"] > 0


# ----------------------------------------------------------------------------------- multi-sample


@pytest.fixture(scope="module")
def multi_sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """6 models x 20 problems x 7 parallelism models x 20 samples, with partial coverage: the last
    model answers only the first 12 problems, the fifth drops its MPI prompts, one prompt of the
    second has 7 samples instead of 20."""
    workdir = tmp_path_factory.mktemp("reference_multi_sample")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_large_data.py"), "--models", "6",
         "--samples", "20", "--problems", "20", "--format", "csv", "--out", str(workdir / "full")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    source = workdir / "full.csv"  # make_large_data writes OUT.csv
    with source.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    models = list(dict.fromkeys(r["model"] for r in rows))
    assert len(models) >= 5 and len({r["parallelism_model"] for r in rows}) >= 3
    problems = list(dict.fromkeys(r["problem_name"] for r in rows))
    short_prompt = (models[1], problems[0], "serial")
    kept = []
    for r in rows:
        if r["model"] == models[-1] and r["problem_name"] not in problems[:12]:
            continue
        if r["model"] == models[4] and r["parallelism_model"] == "mpi":
            continue
        if (r["model"], r["problem_name"], r["parallelism_model"]) == short_prompt and int(
            r["sample_id"]
        ) >= 7:
            continue
        kept.append(r)
    target = workdir / "multi_sample.csv"
    with target.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    build = dbt_build(workdir / "build", {"raw_metrics_path": str(target)}, stage=True)
    return succeeded(build)


@pytest.fixture
def multi_sample_db(multi_sample_build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(multi_sample_build.db), read_only=True) as connection:
        yield connection


def test_multi_sample_reference_comparisons_match_oracle(multi_sample_db):
    worst = assert_reference_comparisons(multi_sample_db)
    assert_coverage(multi_sample_db)
    partial = multi_sample_db.sql(
        "select count(*) from fct_model_coverage where scope = 'all' and not is_full_coverage"
    ).fetchall()[0][0]
    assert partial == 2  # 12 of 20 problems; no MPI prompts (7 samples of a prompt still count)
    spread = multi_sample_db.sql(
        "select count(*) from fct_model_coverage "
        "where scope = 'serial' and min_samples_per_problem < max_samples_per_problem"
    ).fetchall()[0][0]
    assert spread == 1
    print(f"\n[multi-sample] max |mart - oracle| = {worst:.2g}")


def test_multi_sample_rate_intervals_are_problem_clustered(multi_sample_db):
    """20 samples per prompt: the primary interval is the clustered one, wider than the naive."""
    rows = multi_sample_db.sql(
        "select n, rate, se, ci_high - ci_low as width, n_effective, design_effect "
        "from fct_success_rates where scope = 'all' and metric = 'pass' and ci_status = 'ok'"
    ).fetchall()
    assert rows
    for n, rate, se, width, n_eff, deff in rows:
        naive = math.sqrt(rate * (1 - rate) / n)
        assert se > 1.5 * naive  # samples of one prompt are not independent trials
        assert n_eff == pytest.approx(n / deff, rel=1e-12) and n_eff < n / 2
        assert width > 0


# ----------------------------------------------------------------------------------- degenerate

HEADER = [
    "model", "problem_type", "problem_name", "parallelism_model", "response_time", "total_tokens",
    "prompt_tokens", "source_write_success", "did_build", "is_source_valid", "did_any_run",
    "did_all_run", "are_any_valid", "are_all_valid", "best_runtime", "avg_runtime",
    "speedup_2proc", "speedup_4proc", "num_successful_runs",
]  # fmt: skip


def catalog_problems(count: int) -> list[tuple[str, str]]:
    with (ROOT / "seeds" / "pareval_problems.csv").open(newline="") as handle:
        return [(r["problem_name"], r["problem_type"]) for r in csv.DictReader(handle)][:count]


def result_row(model: str, problem: tuple[str, str], built: bool, passed: bool) -> dict:
    flag = {True: "True", False: "False"}
    return {
        "model": model, "problem_type": problem[1], "problem_name": problem[0],
        "parallelism_model": "serial", "response_time": "", "total_tokens": "",
        "prompt_tokens": "", "source_write_success": "True", "did_build": flag[built],
        "is_source_valid": "True", "did_any_run": flag[built], "did_all_run": flag[built],
        "are_any_valid": flag[passed], "are_all_valid": flag[passed],
        "best_runtime": "0.5" if passed else "", "avg_runtime": "0.5" if passed else "",
        "speedup_2proc": "", "speedup_4proc": "", "num_successful_runs": "1" if passed else "0",
    }  # fmt: skip


def build_fixture(workdir: Path, rows: list[dict], reference: str) -> Build:
    path = workdir / "degenerate.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    build = dbt_build(workdir, {"raw_metrics_path": str(path), "reference_model": reference})
    return succeeded(build)


@pytest.fixture(scope="module")
def degenerate_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Ten problems, one serial sample each. Reference (Gemini Flash) builds all, passes none.
    Kimi K2 passes all ten; Gemma3 answered 3 of 10 and passed all three; Mistral Nemo passes
    the first five; Llama3.3 8B fails everything (all-fail, constant values)."""
    problems = catalog_problems(10)
    rows = []
    for i, problem in enumerate(problems):
        rows.append(result_row("Gemini Flash", problem, True, False))
        rows.append(result_row("Kimi K2", problem, True, True))
        rows.append(result_row("Mistral Nemo", problem, True, i < 5))
        rows.append(result_row("Llama3.3 8B", problem, False, False))
        if i < 3:
            rows.append(result_row("Gemma3", problem, True, True))
    build = build_fixture(tmp_path_factory.mktemp("degenerate"), rows, "Gemini Flash")
    with duckdb.connect(str(build.db), read_only=True) as connection:
        yield connection


def test_degenerate_inputs_match_oracle(degenerate_db):
    assert_reference_comparisons(degenerate_db)
    assert_coverage(degenerate_db)


def test_degenerate_inputs_exact_values(degenerate_db):
    rows = mart(degenerate_db, "fct_reference_comparisons")
    kimi = rows[("Kimi K2", "all", "pass")]
    # 10/10 against a reference with no successes: defined effect (h = pi), undefined test
    assert kimi["paired_diff"] == 1.0 and kimi["rate_shared"] == 1.0
    assert kimi["reference_rate_shared"] == 0.0
    assert kimi["cohens_h"] == pytest.approx(math.pi, abs=1e-15) and kimi["magnitude"] == "large"
    assert kimi["p_value"] is None and kimi["significant"] is None and kimi["mde"] is None
    assert "100.0 pp on every one of the 10 shared problems" in kimi["test_null_reason"]
    assert kimi["cohens_d"] is None and "Cohen's h is still defined" in kimi["d_null_reason"]
    gemma = rows[("Gemma3", "all", "pass")]
    # 3 of 10 answered: compared on the 3 shared problems only
    assert gemma["n_pairs"] == 3 and gemma["n"] == 3 and gemma["rate"] == 1.0
    assert gemma["paired_diff"] == 1.0 and gemma["p_value"] is None
    gemma_build = rows[("Gemma3", "all", "build")]
    assert gemma_build["paired_diff"] == 0.0 and gemma_build["cohens_h"] == 0.0
    assert "same rate on every one of the 3 shared problems" in gemma_build["test_null_reason"]
    mistral = rows[("Mistral Nemo", "all", "pass")]
    # differences 1,1,1,1,1,0,0,0,0,0: mean 0.5, sd = sqrt(10 * 0.25 / 9)
    sd = math.sqrt(2.5 / 9)
    assert mistral["paired_diff"] == 0.5
    assert mistral["paired_se"] == pytest.approx(sd / math.sqrt(10), abs=1e-15)
    assert mistral["p_value"] == pytest.approx(
        2 * stats.t.sf(0.5 / (sd / math.sqrt(10)), 9), abs=1e-12
    )
    assert mistral["holm_m"] == 1 and mistral["holm_step_alpha"] == pytest.approx(ALPHA)
    llama_vgb = rows[("Llama3.3 8B", "all", "valid_given_build")]
    assert llama_vgb["n"] == 0 and llama_vgb["n_pairs"] == 0 and llama_vgb["p_value"] is None
    assert llama_vgb["test_null_reason"].startswith("no problem has trials")
    coverage = {
        (r[0], r[1]): r[2]
        for r in degenerate_db.sql(
            "select model_name, scope, is_full_coverage from fct_model_coverage"
        ).fetchall()
    }
    assert coverage[("Gemma3", "all")] is False and coverage[("Kimi K2", "all")] is True
    rates = {
        (r[0], r[1]): r[2:]
        for r in degenerate_db.sql(
            "select model_name, metric, ci_low, ci_high, ci_status, wilson_low, wilson_high "
            "from fct_success_rates where scope = 'all'"
        ).fetchall()
    }
    # all-pass and all-fail: no [100, 100] or [0, 0]; the bounded interval is Wilson on G = 10
    low, high, status, w_low, w_high = rates[("Kimi K2", "pass")]
    assert (low, high, status) == (None, None, "zero_variance")
    assert w_low == pytest.approx(10 / (10 + stats.norm.ppf(0.975) ** 2), abs=1e-12)
    assert w_high == 1.0
    low, high, status, w_low, w_high = rates[("Llama3.3 8B", "pass")]
    assert (low, high, status) == (None, None, "zero_variance")
    assert w_low == pytest.approx(0.0, abs=1e-15)  # Wilson at 0/10: 0 up to rounding
    assert w_high == pytest.approx(stats.norm.ppf(0.975) ** 2 / (10 + stats.norm.ppf(0.975) ** 2))


@pytest.fixture(scope="module")
def one_model_one_problem_db(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """One model, one problem, one sample that passed."""
    rows = [result_row("Gemini Flash", catalog_problems(1)[0], True, True)]
    build = build_fixture(tmp_path_factory.mktemp("one_model"), rows, "Gemini Flash")
    with duckdb.connect(str(build.db), read_only=True) as connection:
        yield connection


def test_one_model_one_problem(one_model_one_problem_db):
    db = one_model_one_problem_db
    status, low, note, w_low, w_high = db.sql(
        "select ci_status, ci_low, ci_note, wilson_low, wilson_high from fct_success_rates "
        "where scope = 'all' and metric = 'pass'"
    ).fetchall()[0]
    assert (status, low) == ("too_few_clusters", None)
    assert note.startswith("1 problem: a cluster-robust SE needs at least 2")
    z2 = stats.norm.ppf(0.975) ** 2
    assert w_low == pytest.approx(1 / (1 + z2), abs=1e-12) and w_high == 1.0
    compared = db.sql(
        "select count(*) from fct_reference_comparisons where p_value is not null"
    ).fetchall()[0][0]
    assert compared == 0
    assert db.sql("select ci_status from fct_pass_at_k").fetchall() == [
        ("too_few_clusters",),
        ("too_few_clusters",),
    ]


def test_multi_sample_runtime_and_speedup_are_per_problem(multi_sample_build: Build):
    """fct_runtime_stats / fct_scaling on 20 samples per prompt: each problem summarised first
    (mean, and geometric mean over its samples), then the t-interval across problems."""
    from test_descriptive_oracle import MARTS, compare, mart_rows, parse

    rows = parse(multi_sample_build.db.parent.parent / "multi_sample.csv")
    with duckdb.connect(str(multi_sample_build.db), read_only=True) as db:
        for name in ("fct_runtime_stats", "fct_scaling"):
            grain, oracle = MARTS[name]
            compare(name, mart_rows(db, name, grain), oracle(rows))
        n, problems = db.sql(
            "select n, n_problems from fct_runtime_stats "
            "where scope = 'serial' and measure = 'avg_runtime' and n > 0 limit 1"
        ).fetchall()[0]
        assert n > problems  # several samples per problem, one unit per problem
