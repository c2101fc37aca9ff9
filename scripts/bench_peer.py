"""The benchmark's peer: what a user would write with pandas + scipy instead of this project.

Computes only the core of the report from a results file (CSV or Parquet), treating every row as
one trial as a quick script would (no clusters, no quarantine, no checks):

* success rates per model x scope (each parallelism model and 'all') for build (did_build) and
  pass (are_all_valid), with a t interval (sample SD, n - 1 df) and a Wilson interval;
* Cohen's d (pooled SD, ddof 1) of each model against the reference model, per scope and metric;
* pass rates per model x domain (problem_type);
* mean speedup_2proc and speedup_4proc per model.

Prints one JSON line: seconds for reading and for computing (measured inside the process, so
interpreter start-up is excluded, as for DuckDB's floor in bench.py), rows and result sizes.
pandas and scipy are test-only dependencies (requirements-dev.txt); scripts/bench.py runs this.

    python scripts/bench_peer.py FILE [--reference "H2LooP v0.1-coder"] [--out results_dir]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

METRICS = {"build": "did_build", "pass": "are_all_valid"}
BOOLEANS = list(METRICS.values())
COLUMNS = [
    "model",
    "problem_type",
    "parallelism_model",
    *BOOLEANS,
    "speedup_2proc",
    "speedup_4proc",
]
LEVEL = 0.95


def read(path: Path) -> pd.DataFrame:
    if path.suffix in {".parquet", ".pq"}:
        frame = pd.read_parquet(path, columns=COLUMNS)
    else:
        frame = pd.read_csv(path, usecols=COLUMNS)
    for column in BOOLEANS:
        if frame[column].dtype != bool:
            frame[column] = frame[column].astype(str).str.lower().isin(["true", "1"])
    return frame


def rates(frame: pd.DataFrame) -> pd.DataFrame:
    """n, successes, rate, t and Wilson intervals per model x scope x metric."""
    long = frame.melt(
        id_vars=["model", "parallelism_model"],
        value_vars=BOOLEANS,
        var_name="column",
        value_name="success",
    )
    long["metric"] = long["column"].map({v: k for k, v in METRICS.items()})
    per_scope = long.groupby(["model", "parallelism_model", "metric"])["success"].agg(
        ["size", "sum"]
    )
    per_scope.index = per_scope.index.set_names("scope", level=1)
    overall = long.groupby(["model", "metric"])["success"].agg(["size", "sum"])
    overall = pd.concat({"all": overall}, names=["scope"]).reorder_levels(
        ["model", "scope", "metric"]
    )
    table = pd.concat([per_scope, overall]).rename(columns={"size": "n", "sum": "successes"})
    n, x = table["n"].to_numpy(float), table["successes"].to_numpy(float)
    rate = x / n
    sd = np.sqrt(np.where(n > 1, x * (n - x) / (n * np.maximum(n - 1, 1)), np.nan))
    t_crit = stats.t.ppf(1 - (1 - LEVEL) / 2, np.maximum(n - 1, 1))
    z = stats.norm.ppf(1 - (1 - LEVEL) / 2)
    centre = (rate + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(rate * (1 - rate) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return table.assign(
        rate=rate,
        sd=sd,
        ci_low=rate - t_crit * sd / np.sqrt(n),
        ci_high=rate + t_crit * sd / np.sqrt(n),
        wilson_low=np.clip(centre - half, 0, 1),
        wilson_high=np.clip(centre + half, 0, 1),
    )


def cohens_d(table: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Cohen's d of each model against the reference (pooled SD, ddof 1), per scope and metric."""
    ref = table.xs(reference, level="model")[["n", "rate", "sd"]].add_suffix("_ref")
    joined = table[["n", "rate", "sd"]].join(ref, on=["scope", "metric"])
    pooled = np.sqrt(
        ((joined["n"] - 1) * joined["sd"] ** 2 + (joined["n_ref"] - 1) * joined["sd_ref"] ** 2)
        / (joined["n"] + joined["n_ref"] - 2)
    )
    return joined.assign(cohens_d=(joined["rate"] - joined["rate_ref"]) / pooled)


def domain_rates(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby(["model", "problem_type"])["are_all_valid"].agg(["size", "mean"])


def speedups(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby("model")[["speedup_2proc", "speedup_4proc"]].mean()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--reference", default="H2LooP v0.1-coder")
    parser.add_argument("--out", type=Path, default=None, help="write the results as CSV here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    frame = read(args.path)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    table = rates(frame)
    effects = cohens_d(table, args.reference)
    domains = domain_rates(frame)
    means = speedups(frame)
    compute_s = time.perf_counter() - started
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, result in (
            ("rates", table),
            ("cohens_d", effects),
            ("domains", domains),
            ("speedups", means),
        ):
            result.to_csv(args.out / f"{name}.csv")
    print(
        json.dumps(
            {
                "read_s": read_s,
                "compute_s": compute_s,
                "rows": len(frame),
                "models": int(frame["model"].nunique()),
                "rate_rows": len(table),
                "domain_rows": len(domains),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
