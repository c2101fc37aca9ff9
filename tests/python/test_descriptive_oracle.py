"""Independent oracle for the descriptive marts (issue 4).

Every mart of models/marts/profiles and fct_missing_data is recomputed here from the INPUT
CSV, parsed in Python (no SQL), with numpy/scipy, and compared with the built marts to 1e-9
(absolute for |x| <= 1, relative above). Runs on the bundled sample (seeds/raw_metrics.csv) and
on the real h2loop r1 file (skipped when absent). Also: the reference report's
runtime_speedup_comparison.csv serial runtimes and speedups are reproduced by the
arithmetic-mean columns, and its MPI figures' exact difference from ours is pinned down.
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
import statsmodels.api as sm
import yaml
from cluster_oracle import effective_n, statsmodels_cluster_se
from dbt_builds import REAL_RESULTS, REAL_TABLES, ROOT
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

SAMPLE = ROOT / "seeds" / "raw_metrics.csv"
REGISTRY = ROOT / "seeds" / "model_registry.csv"
VRAM_SOURCES = ROOT / "seeds" / "model_vram_sources.csv"
TOLERANCE = 1e-9
MISSING_TOKENS = {"", "nan", "null", "none", "na", "n/a"}
BOOLEANS = [
    "source_write_success",
    "did_build",
    "is_source_valid",
    "did_any_run",
    "did_all_run",
    "are_any_valid",
    "are_all_valid",
]
NUMBERS = [
    "response_time",
    "total_tokens",
    "prompt_tokens",
    "best_runtime",
    "avg_runtime",
    "speedup_2proc",
    "speedup_4proc",
    "num_successful_runs",
]

_project = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]
CONFIDENCE = float(_project["confidence_level"])
REFERENCE = _project["reference_model"]
TIMER_RESOLUTION = 1e-6
MAX_DIFF: dict[str, float] = defaultdict(float)


# ---------------------------------------------------------------- parsing (independent of the SQL)


def key(name: str) -> str:
    return re.sub(r"[\s._-]", "", name.strip()).lower()


def number(text: str | None) -> float | None:
    text = (text or "").strip()
    if text.lower() in MISSING_TOKENS:
        return None
    value = float(text)
    return value if math.isfinite(value) and value >= 0 else None


def parse(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="") as handle:
        for raw in csv.DictReader(handle):
            row = {
                "model": raw["model"].strip(),
                "problem_type": raw["problem_type"].strip(),
                "problem_name": raw["problem_name"].strip(),
                "pm": raw["parallelism_model"].strip().lower(),
            }
            for column in BOOLEANS:
                row[column] = raw[column].strip().lower() == "true"
            for column in NUMBERS:
                row[column] = number(raw.get(column))
            total, prompt = row["total_tokens"], row["prompt_tokens"]
            row["completion_tokens"] = (
                total - prompt
                if total is not None and prompt is not None and total >= prompt
                else None
            )
            rows.append(row)
    return rows


def default_vram() -> dict[str, float]:
    """Each model's default VRAM: spec 000's figure, else the reference report's, else the
    derivation's (the documented order for var vram_source = spec_000, the default)."""
    order = {"spec_000": 0, "reference_report": 1, "derivation": 2}
    best: dict[str, tuple[int, float]] = {}
    with VRAM_SOURCES.open(newline="") as handle:
        for raw in csv.DictReader(handle):
            if not raw["vram_gb"].strip():
                continue
            rank = order[raw["source"]]
            model = key(raw["model_name"])
            if model not in best or rank < best[model][0]:
                best[model] = (rank, float(raw["vram_gb"]))
    return {model: vram for model, (_, vram) in best.items()}


def registry() -> dict[str, dict]:
    vram = default_vram()
    with REGISTRY.open(newline="") as handle:
        out = {}
        for raw in csv.DictReader(handle):
            out[key(raw["model_name"])] = {
                "display_name": raw["display_name"],
                "quantization": raw["quantization"].strip() or None,
                "vram_gb": vram.get(key(raw["model_name"])),
                "params_b": float(raw["params_b"]) if raw["params_b"].strip() else None,
                "base_key": key(raw["base_model"]) if raw["base_model"].strip() else None,
            }
    return out


# ---------------------------------------------------------------- statistics helpers


def tcrit(df: int) -> float:
    return stats.t.ppf(1 - (1 - CONFIDENCE) / 2, df)


def describe(values: list[float]) -> dict:
    """n, mean, sd, t-CI, median, quartiles, min, max; NULLs (None) when undefined."""
    n = len(values)
    out = {"n": n}
    if n == 0:
        return out | dict.fromkeys(
            ["mean", "sd", "ci_low", "ci_high", "median", "p25", "p75", "min", "max"]
        )
    a = np.array(values, dtype=float)
    out |= {
        "mean": a.mean(),
        "median": np.percentile(a, 50),
        "p25": np.percentile(a, 25),
        "p75": np.percentile(a, 75),
        "min": a.min(),
        "max": a.max(),
    }
    if n > 1:
        sd = a.std(ddof=1)
        half = tcrit(n - 1) * sd / math.sqrt(n)
        out |= {"sd": sd, "ci_low": a.mean() - half, "ci_high": a.mean() + half}
    else:
        out |= {"sd": None, "ci_low": None, "ci_high": None}
    return out


def geometric(values: list[float]) -> dict:
    n = len(values)
    if n == 0:
        return {"n": 0, "gm": None, "sd_log": None, "low": None, "high": None}
    logs = np.log(np.array(values, dtype=float))
    out = {"n": n, "gm": stats.gmean(values), "sd_log": None, "low": None, "high": None}
    if n > 1:
        sd = logs.std(ddof=1)
        half = tcrit(n - 1) * sd / math.sqrt(n)
        out |= {
            "sd_log": sd,
            "low": math.exp(logs.mean() - half),
            "high": math.exp(logs.mean() + half),
        }
    return out


def correlations(x: list[float], y: list[float]) -> dict:
    n = len(x)
    out = {"n": n, "pr": None, "pp": None, "sr": None, "sp": None}
    if n < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return out
    pearson = stats.pearsonr(x, y)
    spearman = stats.spearmanr(x, y)
    out |= {"pr": float(pearson.statistic), "sr": float(spearman.statistic)}
    if n >= 3:
        out |= {"pp": float(pearson.pvalue), "sp": float(spearman.pvalue)}
    return out


# ---------------------------------------------------------------- the oracle marts


def scopes_of(rows: list[dict]):
    """(scope, rows) for each parallelism model present and 'all'."""
    by_pm = defaultdict(list)
    for row in rows:
        by_pm[row["pm"]].append(row)
    return [*by_pm.items(), ("all", rows)]


def group(rows: list[dict], *fields: str) -> dict:
    out = defaultdict(list)
    for row in rows:
        out[tuple(row[f] for f in fields)].append(row)
    return out


def clustered_wilson(flags: list[bool], clusters: list[str]) -> dict:
    """rate, effective sample size and Wilson bounds of a binary outcome whose trials cluster by
    problem: the CR1 SE from statsmodels and n_eff with Korn and Graubard's df adjustment
    (cluster_oracle.effective_n); bounds from statsmodels' proportion_confint(method='wilson')."""
    n = len(flags)
    if n == 0:
        return {"rate": None, "n_effective": None, "low": None, "high": None}
    y = [1.0 if flag else 0.0 for flag in flags]
    rate = sum(y) / n
    se = statsmodels_cluster_se(y, clusters)
    n_eff = effective_n(rate, se, n, len(set(clusters)), CONFIDENCE)
    low, high = proportion_confint(rate * n_eff, n_eff, alpha=1 - CONFIDENCE, method="wilson")
    return {"rate": rate, "n_effective": n_eff, "low": float(low), "high": float(high)}


def oracle_domain_rates(rows):
    out = {}
    for (model, ptype), cell in group(rows, "model", "problem_type").items():
        for scope, part in scopes_of(cell):
            built_part = [r for r in part if r["did_build"]]
            problems = [r["problem_name"] for r in part]
            build = clustered_wilson([r["did_build"] for r in part], problems)
            passed = clustered_wilson([r["are_all_valid"] for r in part], problems)
            given = clustered_wilson(
                [r["are_all_valid"] for r in built_part], [r["problem_name"] for r in built_part]
            )
            n, built = len(part), len(built_part)
            out[(model, ptype, scope)] = {
                "n": n,
                "n_problems": len(set(problems)),
                "n_built": built,
                "n_passed": sum(r["are_all_valid"] for r in part),
                "build_rate": build["rate"],
                "build_n_effective": build["n_effective"],
                "build_wilson_low": build["low"],
                "build_wilson_high": build["high"],
                "pass_rate": passed["rate"],
                "pass_n_effective": passed["n_effective"],
                "pass_wilson_low": passed["low"],
                "pass_wilson_high": passed["high"],
                "valid_given_build_rate": given["rate"],
                "valid_given_build_n_effective": given["n_effective"],
                "valid_given_build_wilson_low": given["low"],
                "valid_given_build_wilson_high": given["high"],
            }
    for (model, ptype, _scope), row in out.items():
        serial, mpi = out.get((model, ptype, "serial")), out.get((model, ptype, "mpi"))
        row["pass_gap_serial_minus_mpi"] = (
            serial["pass_rate"] - mpi["pass_rate"] if serial and mpi else None
        )
        row["build_gap_serial_minus_mpi"] = (
            serial["build_rate"] - mpi["build_rate"] if serial and mpi else None
        )
    by_model_scope = defaultdict(list)
    for (model, _ptype, scope), row in out.items():
        by_model_scope[(model, scope)].append(row)
    for group_rows in by_model_scope.values():
        rates = [r["pass_rate"] for r in group_rows]
        best = stats.rankdata([-r for r in rates], method="min")
        worst = stats.rankdata(rates, method="min")
        for row, b, w in zip(group_rows, best, worst, strict=True):
            row |= {
                "n_domains": len(group_rows),
                "pass_rank_best_first": int(b),
                "pass_rank_worst_first": int(w),
                "is_best_domain": b == 1,
                "is_worst_domain": w == 1,
            }
    return out


def oracle_domain_pivot(rows):
    domain = oracle_domain_rates(rows)
    out = {}
    for ptype in {k[1] for k in domain}:
        cells = {k[0]: v for k, v in domain.items() if k[1] == ptype and k[2] == "all"}
        row = {
            "n_models": len(cells),
            "mean_pass_rate_over_models": np.mean([v["pass_rate"] for v in cells.values()]),
            "mean_build_rate_over_models": np.mean([v["build_rate"] for v in cells.values()]),
        }
        for model, v in cells.items():
            suffix = re.sub(r"[^a-z0-9]", "_", key(model))
            row[f"pass_rate__{suffix}"] = v["pass_rate"]
            row[f"build_rate__{suffix}"] = v["build_rate"]
        out[(ptype,)] = row
    return out


def per_problem(pairs: list[tuple[str, float]], positive) -> tuple[list[float], list[float]]:
    """The problem is the unit: per problem, the mean of its values and the mean log of those
    passing `positive`; problems without such a value have no mean log."""
    by_problem: dict[str, list[float]] = defaultdict(list)
    for problem, value in pairs:
        by_problem[problem].append(value)
    means = [float(np.mean(v)) for v in by_problem.values()]
    logs = [
        float(np.mean(np.log([x for x in v if positive(x)])))
        for v in by_problem.values()
        if any(positive(x) for x in v)
    ]
    return means, logs


def across_problems(means: list[float], logs: list[float]) -> dict:
    """Mean and t-interval across problems of the problem means; geometric mean and its
    log-scale t-interval across problems of the problem mean logs (df = problems - 1)."""
    d = describe(means)
    g = geometric([math.exp(x) for x in logs])
    return {"mean": d["mean"], "sd": d["sd"], "ci_low": d["ci_low"], "ci_high": d["ci_high"],
            "gm": g["gm"], "sd_log": g["sd_log"], "low": g["low"], "high": g["high"],
            "n_problems": len(means), "n_problems_log": len(logs)}  # fmt: skip


def oracle_runtime_stats(rows):
    out = {}
    for (model,), cell in group(rows, "model").items():
        for scope, part in scopes_of(cell):
            for measure in ["best_runtime", "avg_runtime"]:
                pairs = [
                    (r["problem_name"], r[measure])
                    for r in part
                    if r["are_all_valid"] and r[measure] is not None
                ]
                values = [v for _, v in pairs]
                d = describe(values)
                a = across_problems(*per_problem(pairs, lambda v: v >= TIMER_RESOLUTION))
                out[(model, scope, measure)] = {
                    "n": d["n"],
                    "n_problems": a["n_problems"],
                    "mean_s": a["mean"],
                    "sd_s": a["sd"],
                    "ci_low_s": a["ci_low"],
                    "ci_high_s": a["ci_high"],
                    "median_s": d["median"],
                    "p25_s": d["p25"],
                    "p75_s": d["p75"],
                    "min_s": d["min"],
                    "max_s": d["max"],
                    "n_below_timer_resolution": sum(v < TIMER_RESOLUTION for v in values),
                    "n_geometric": sum(v >= TIMER_RESOLUTION for v in values),
                    "n_problems_geometric": a["n_problems_log"],
                    "geometric_mean_s": a["gm"],
                    "sd_log": a["sd_log"],
                    "geometric_ci_low_s": a["low"],
                    "geometric_ci_high_s": a["high"],
                }
    return out


def oracle_scaling(rows):
    out = {}
    for (model,), cell in group(rows, "model").items():
        for procs in (2, 4):
            pairs = [
                (r["problem_name"], r[f"speedup_{procs}proc"])
                for r in cell
                if r[f"speedup_{procs}proc"] is not None and r["pm"] == "mpi"
            ]
            values = [v for _, v in pairs]
            d = describe(values)
            a = across_problems(*per_problem(pairs, lambda v: v > 0))
            n = d["n"]
            above = sum(v > 1 for v in values)
            superlinear = sum(v > procs for v in values)
            out[(model, procs)] = {
                "n": n,
                "n_problems": a["n_problems"],
                "arithmetic_mean": a["mean"],
                "sd": a["sd"],
                "arithmetic_ci_low": a["ci_low"],
                "arithmetic_ci_high": a["ci_high"],
                "median": d["median"],
                "min_speedup": d["min"],
                "max_speedup": d["max"],
                "n_positive": sum(v > 0 for v in values),
                "n_problems_positive": a["n_problems_log"],
                "geometric_mean": a["gm"],
                "sd_log": a["sd_log"],
                "geometric_ci_low": a["low"],
                "geometric_ci_high": a["high"],
                "arithmetic_efficiency": a["mean"] / procs if n else None,
                "geometric_efficiency": a["gm"] / procs if a["gm"] is not None else None,
                "n_speedup_above_1": above,
                "share_speedup_above_1": above / n if n else None,
                "n_superlinear": superlinear,
                "share_superlinear": superlinear / n if n else None,
            }
    return out


COST_MEASURES = {
    "response_time_s": "response_time",
    "total_tokens": "total_tokens",
    "prompt_tokens": "prompt_tokens",
    "completion_tokens": "completion_tokens",
}
CORRELATED = {"response_time_s": "response_time", "completion_tokens": "completion_tokens"}


def oracle_generation_cost(rows):
    out = {}
    for (model,), cell in group(rows, "model").items():
        n = len(cell)
        row = {
            "n_attempts": n,
            "build_rate": sum(r["did_build"] for r in cell) / n,
            "pass_rate": sum(r["are_all_valid"] for r in cell) / n,
        }
        for name, column in COST_MEASURES.items():
            d = describe([r[column] for r in cell if r[column] is not None])
            row |= {
                f"{name}_n": d["n"],
                f"{name}_mean": d["mean"],
                f"{name}_median": d["median"],
                f"{name}_sd": d["sd"],
                f"{name}_ci_low": d["ci_low"],
                f"{name}_ci_high": d["ci_high"],
            }
        with_tokens = [r for r in cell if r["completion_tokens"] is not None]
        total = sum(r["completion_tokens"] for r in with_tokens)
        row["builds_per_1k_completion_tokens"] = (
            1000 * sum(r["did_build"] for r in with_tokens) / total if total else None
        )
        row["passes_per_1k_completion_tokens"] = (
            1000 * sum(r["are_all_valid"] for r in with_tokens) / total if total else None
        )
        for name, column in CORRELATED.items():
            present = [r for r in cell if r[column] is not None]
            c = correlations(
                [r[column] for r in present], [float(r["are_all_valid"]) for r in present]
            )
            row |= {
                f"{name}_pass_corr_n": c["n"],
                f"{name}_pass_pearson_r": c["pr"],
                f"{name}_pass_pearson_p": c["pp"],
                f"{name}_pass_spearman_rho": c["sr"],
                f"{name}_pass_spearman_p": c["sp"],
            }
        out[("model", model)] = row
    across = {}
    for name in CORRELATED:
        having = [v for v in out.values() if v[f"{name}_mean"] is not None]
        c = correlations([v[f"{name}_mean"] for v in having], [v["pass_rate"] for v in having])
        across |= {
            f"{name}_pass_corr_n": c["n"],
            f"{name}_pass_pearson_r": c["pr"],
            f"{name}_pass_pearson_p": c["pp"],
            f"{name}_pass_spearman_rho": c["sr"],
            f"{name}_pass_spearman_p": c["sp"],
        }
    for name in COST_MEASURES:
        across |= dict.fromkeys(
            [f"{name}_{s}" for s in ["n", "mean", "median", "sd", "ci_low", "ci_high"]]
        )
    out[("across_models", None)] = across | {
        "n_attempts": None,
        "build_rate": None,
        "pass_rate": None,
    }
    return out


def oracle_resource_efficiency(rows):
    reg = registry()
    out = {}
    for (model,), cell in group(rows, "model").items():
        entry = reg.get(key(model), {})
        n = len(cell)
        build = sum(r["did_build"] for r in cell) / n
        passed = sum(r["are_all_valid"] for r in cell) / n
        vram = entry.get("vram_gb")
        out[(model,)] = {
            "n": n,
            "build_rate": build,
            "pass_rate": passed,
            "vram_gb": vram,
            "params_b": entry.get("params_b"),
            "quantization": entry.get("quantization"),
            "build_pp_per_gb": 100 * build / vram if vram else None,
            "pass_pp_per_gb": 100 * passed / vram if vram else None,
        }
    reference = next(v for k, v in out.items() if key(k[0]) == key(REFERENCE))

    def ratio(a, b):
        return a / b if a is not None and b else None

    for row in out.values():
        row["build_efficiency_ratio_to_reference"] = ratio(
            row["build_pp_per_gb"], reference["build_pp_per_gb"]
        )
        row["pass_efficiency_ratio_to_reference"] = ratio(
            row["pass_pp_per_gb"], reference["pass_pp_per_gb"]
        )
        row["vram_ratio_to_reference"] = ratio(row["vram_gb"], reference["vram_gb"])
        row["reference_vram_gb"] = reference["vram_gb"]
    return out


def cluster_se(d: np.ndarray) -> float:
    """statsmodels OLS of the per-problem differences on a constant, cluster-robust with one
    cluster per problem (CR1): the SE of the paired difference."""
    fit = sm.OLS(d, np.ones((len(d), 1))).fit(
        cov_type="cluster", cov_kwds={"groups": np.arange(len(d))}
    )
    return float(fit.bse[0])


def paired_test(derived: np.ndarray, base: np.ndarray) -> dict:
    """The paired risk difference over shared problems, its cluster-robust t interval and test:
    SE from statsmodels, p from scipy.stats.ttest_rel, quantile from scipy.stats.t."""
    d = derived - base
    g = len(d)
    alpha = 1 - CONFIDENCE
    out = {
        "rate": derived.mean(),
        "base_rate": base.mean(),
        "difference": d.mean(),
        "difference_sd": float(np.std(d, ddof=1)) if g >= 2 else None,
        "se": cluster_se(d) if g >= 2 else None,
        "df": g - 1 if g >= 2 else None,
        "n_derived_better": int((d > 0).sum()),
        "n_base_better": int((d < 0).sum()),
    }
    if g < 2 or np.all(d == d[0]):
        reason = (
            "one shared problem: no variance estimate"
            if g < 2
            else "every shared problem has the same difference: t undefined"
        )
        return out | {
            "t_stat": None, "p_value": None, "ci_low": None, "ci_high": None,
            "is_significant": None, "test_null_reason": reason,
        }  # fmt: skip
    test = stats.ttest_rel(derived, base)
    half = float(stats.t.ppf(1 - alpha / 2, g - 1)) * out["se"]
    return out | {
        "t_stat": float(test.statistic),
        "p_value": float(test.pvalue),
        "ci_low": out["difference"] - half,
        "ci_high": out["difference"] + half,
        "is_significant": bool(test.pvalue < alpha),
        "test_null_reason": None,
    }


def oracle_derived_vs_base(rows):
    """Derived model vs its base on the problems both answered: each model's per-problem rate is
    the mean over that problem's attempts (in scope 'all' over its parallelism variants too)."""
    reg = registry()
    models = {key(r["model"]): r["model"] for r in rows}
    cells = group(rows, "model", "pm", "problem_name")
    out = {}
    for derived_key, derived in models.items():
        entry = reg.get(derived_key)
        if not entry or entry["base_key"] not in models:
            continue
        base = models[entry["base_key"]]
        base_entry = reg[entry["base_key"]]
        scopes: dict[str, dict[tuple[str, str], list[dict]]] = defaultdict(dict)
        for (model, pm, problem), attempts in cells.items():
            if model in (derived, base):
                scopes[pm].setdefault((model, problem), []).extend(attempts)
                scopes["all"].setdefault((model, problem), []).extend(attempts)
        for scope, by_problem in scopes.items():
            shared = sorted(p for m, p in by_problem if m == derived and (base, p) in by_problem)
            if not shared:
                continue
            row = {
                "base_model_name": base,
                "quantization": entry["quantization"],
                "base_quantization": base_entry["quantization"],
                "vram_gb": entry["vram_gb"],
                "base_vram_gb": base_entry["vram_gb"],
                "vram_ratio_to_base": entry["vram_gb"] / base_entry["vram_gb"]
                if entry["vram_gb"] and base_entry["vram_gb"]
                else None,
                "n_shared_problems": len(shared),
                "confidence_level": CONFIDENCE,
            }
            for metric, column in (("build", "did_build"), ("pass", "are_all_valid")):
                rates = {
                    m: np.array([np.mean([a[column] for a in by_problem[(m, p)]]) for p in shared])
                    for m in (derived, base)
                }
                result = paired_test(rates[derived], rates[base])
                row |= {
                    f"{metric}_rate": result.pop("rate"),
                    f"base_{metric}_rate": result.pop("base_rate"),
                }
                row |= {f"{metric}_{name}": value for name, value in result.items()}
            out[(derived, scope)] = row
    return out


MISSING_COLUMNS = {
    "response_time_s": ("response_time", lambda r: True),
    "total_tokens": ("total_tokens", lambda r: True),
    "prompt_tokens": ("prompt_tokens", lambda r: True),
    "completion_tokens": ("completion_tokens", lambda r: True),
    "best_runtime_s": ("best_runtime", lambda r: r["are_all_valid"]),
    "avg_runtime_s": ("avg_runtime", lambda r: r["are_all_valid"]),
    "speedup_2proc": ("speedup_2proc", lambda r: r["pm"] == "mpi" and r["are_all_valid"]),
    "speedup_4proc": ("speedup_4proc", lambda r: r["pm"] == "mpi" and r["are_all_valid"]),
    "num_successful_runs": ("num_successful_runs", lambda r: True),
}


def oracle_missing_data(rows):
    out = {}
    for (model,), cell in group(rows, "model").items():
        for name, (column, applicable) in MISSING_COLUMNS.items():
            missing = sum(r[column] is None for r in cell)
            expected = [r for r in cell if applicable(r)]
            missing_expected = sum(r[column] is None for r in expected)
            out[(model, name)] = {
                "rows": len(cell),
                "missing": missing,
                "share_missing": missing / len(cell),
                "rows_applicable": len(expected),
                "missing_applicable": missing_expected,
                "share_missing_applicable": missing_expected / len(expected) if expected else None,
            }
    return out


MARTS = {
    "fct_domain_rates": (["model_name", "problem_type", "scope"], oracle_domain_rates),
    "fct_domain_pivot": (["problem_type"], oracle_domain_pivot),
    "fct_runtime_stats": (["model_name", "scope", "measure"], oracle_runtime_stats),
    "fct_scaling": (["model_name", "procs"], oracle_scaling),
    "fct_generation_cost": (["level", "model_name"], oracle_generation_cost),
    "fct_resource_efficiency": (["model_name"], oracle_resource_efficiency),
    "fct_derived_vs_base": (["model_name", "scope"], oracle_derived_vs_base),
    "fct_missing_data": (["model_name", "column_name"], oracle_missing_data),
}


# ---------------------------------------------------------------- comparison


def one(db: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> tuple:
    rows = db.sql(query, params=params).fetchall()
    assert len(rows) == 1, query
    return rows[0]


def mart_rows(db: duckdb.DuckDBPyConnection, mart: str, grain: list[str]) -> dict:
    relation = db.sql(f"select * from {mart}")
    names = relation.columns
    return {
        tuple(row[names.index(g)] for g in grain): dict(zip(names, row, strict=True))
        for row in relation.fetchall()
    }


def compare(mart: str, ours: dict, oracle: dict) -> None:
    assert set(ours) == set(oracle), f"{mart}: grain differs: {set(ours) ^ set(oracle)}"
    for grain, expected in oracle.items():
        actual = ours[grain]
        for column, want in expected.items():
            got = actual[column]
            where = f"{mart} {grain} {column}: mart {got!r} vs oracle {want!r}"
            if want is None or (isinstance(want, float) and math.isnan(want)):
                assert got is None, where
            elif isinstance(want, str | bool | np.bool_):
                assert got == want, where
            else:
                assert got is not None, where
                difference = abs(float(got) - float(want))
                scaled = difference / max(1.0, abs(float(want)))
                MAX_DIFF[mart] = max(MAX_DIFF[mart], scaled)
                assert scaled <= TOLERANCE, where


def check_all(db: duckdb.DuckDBPyConnection, path: Path) -> None:
    MAX_DIFF.clear()
    rows = parse(path)
    kept = one(db, "select rows_kept, rows_rejected from fct_dataset_card")
    assert kept == (len(rows), 0), "the oracle assumes every input row is kept"
    for mart, (grain, oracle) in MARTS.items():
        compare(mart, mart_rows(db, mart, grain), oracle(rows))
    print(f"max scaled difference vs oracle ({path.name}):", dict(MAX_DIFF))


def test_oracle_sample(sample_db: duckdb.DuckDBPyConnection):
    check_all(sample_db, SAMPLE)


def test_oracle_real(real_db: duckdb.DuckDBPyConnection):
    check_all(real_db, REAL_RESULTS)


# ---------------------------------------------------------------- the reference report's table


def published() -> dict[str, dict[str, str]]:
    path = REAL_TABLES / "runtime_speedup_comparison.csv"
    if not path.exists():
        pytest.skip(f"published table not available: {path}")
    with path.open(newline="") as handle:
        return {row["Model"].strip("*"): row for row in csv.DictReader(handle)}


def test_published_serial_runtimes_and_speedups_reproduced(real_db: duckdb.DuckDBPyConnection):
    table = published()
    assert len(table) == 5
    for model, row in table.items():
        serial, n_serial = one(
            real_db,
            "select mean_s, n from fct_runtime_stats where model_name = ? and scope = 'serial'"
            " and measure = 'avg_runtime'",
            [model],
        )
        assert f"{serial:.6f}" == row["Serial_Avg_Runtime_s"], model
        assert n_serial == int(row["Valid_Serial_Tests"]), model
        for procs in (2, 4):
            mean = one(
                real_db,
                "select arithmetic_mean from fct_scaling where model_name = ? and procs = ?",
                [model, procs],
            )[0]
            published_value = row[f"Avg_Speedup_{procs}proc"]
            if published_value == "N/A":
                assert mean is None, model
            else:
                assert f"{mean:.2f}x" == published_value, (model, procs)
    coder = one(
        real_db,
        "select list(arithmetic_mean order by procs) from fct_scaling"
        " where model_name = 'H2LooP v0.1-coder'",
    )[0]
    assert [round(v, 2) for v in coder] == [1.45, 1.93]


# The published MPI_Avg_Runtime_s / Valid_MPI_Tests cannot be reproduced: neither the
# all-valid rule of fct_runtime_stats nor "every present mpi avg_runtime" (the serial column's
# rule) gives them, except for Mistral Nemo. Exact values: model -> (published mean, published
# n, ours all-valid mean, n, every-present mean, n); ours rounded to the published 6 decimals.
MPI_DISCREPANCY = {
    "H2looP v0.1-multimodal": ("0.046880", 20, "0.061917", 11, "0.046567", 26),
    "H2LooP v0.1-coder": ("0.024121", 21, "0.027872", 16, "0.023553", 22),
    "deepseek_coder_v2lite": ("0.146830", 17, "0.224012", 9, "0.134306", 20),
    "Llama3.3 8B": ("N/A", 0, None, 0, None, 0),
    "Mistral Nemo": ("0.093922", 3, "0.054273", 1, "0.093922", 3),
}


def test_published_mpi_runtimes_differ_exactly_as_documented(real_db: duckdb.DuckDBPyConnection):
    table = published()
    for model, (
        pub_mean,
        pub_n,
        valid_mean,
        valid_n,
        present_mean,
        present_n,
    ) in MPI_DISCREPANCY.items():
        assert table[model]["MPI_Avg_Runtime_s"] == pub_mean
        assert int(table[model]["Valid_MPI_Tests"]) == pub_n
        mean, n = one(
            real_db,
            "select mean_s, n from fct_runtime_stats where model_name = ? and scope = 'mpi'"
            " and measure = 'avg_runtime'",
            [model],
        )
        assert (None if mean is None else f"{mean:.6f}", n) == (valid_mean, valid_n), model
        every = [
            r["avg_runtime"]
            for r in parse(REAL_RESULTS)
            if r["model"] == model and r["pm"] == "mpi" and r["avg_runtime"] is not None
        ]
        assert (f"{np.mean(every):.6f}" if every else None, len(every)) == (
            present_mean,
            present_n,
        ), model
