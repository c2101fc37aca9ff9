"""Generate a ParEval results folder (driver JSON), deterministic, for tests and benchmarks.

Writes ``<out>/<model>/<execution model>.json`` as ParEval's ``drivers/run-all.py`` does: each
file is a JSON list of every prompt (problems x 7 execution models); the prompts of that file's
execution model carry ``outputs``, one object per sample (``source_write_success``, ``did_build``,
``is_source_valid``, ``did_any_run``, ``did_all_run``, ``are_any_valid``, ``are_all_valid``,
``best_sequential_runtime``, ``runs``), the other prompts carry plain strings (the generated code).
Prompts also carry the h2loop harness's ``response_time``, ``total_tokens`` and ``prompt_tokens``.

What it imitates (see ../shared/notes/pareval.md, sections 2 and 3):

* runs at ParEval's resource counts: serial, cuda and hip one run; omp 1-64 threads (7 configs);
  mpi 1-512 processes (10 configs); mpi+omp 1, 2, 4 processes x 1, 8, 64 threads (9 configs);
  kokkos 1-32 threads (6 configs); runs stop after the first one that fails or is invalid
  (``--early-exit-runs``);
* a failed build has ``runs`` null and the later flags (``did_any_run``, ``did_all_run``,
  ``are_any_valid``, ``are_all_valid``) null, as ParEval leaves them;
* ``best_sequential_runtime`` is the minimum of the runs' BestSequential values (null when nothing
  ran); runtimes scale with the resources with a per-sample efficiency, serial kernels of a few
  problems take about 1e-8 s.

Models: the first four are fixed (``H2LooP v0.1-coder``, the default reference model, then
``frontier-large``, ``small-base-1b``, ``mid-instruct-13b``); ``--models`` above 4 (up to
999) adds the checkpoints of a sweep, ``sweep-ckpt-005``, ``sweep-ckpt-006``, ..., each with
a skill drawn from its name alone (uniform on [-1.5, 1.5] on the logit scale, the span of the four
fixed models), so a model's data is the same whatever ``--models`` is.

Outcomes come from a seeded ``random.Random`` per (model, problem, execution model), so the output
depends only on the arguments. Models are generated and written one at a time, so memory does not
grow with ``--models``. ``--run-csv`` also writes ParEval's per-run CSV
(``analysis/create-dataframe.py`` columns) of the same data, one file per model.

Usage::

    python scripts/make_pareval_results.py --out /tmp/pareval_results
    python scripts/make_pareval_results.py --models 2 --problems 12 --samples 20 --out /tmp/small
    python scripts/make_pareval_results.py --models 100 --out /tmp/sweep  # 840,000 samples
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXECUTION_MODELS = ("serial", "omp", "mpi", "mpi+omp", "kokkos", "cuda", "hip")
#: (num_procs, num_threads) of each run, in launch order; None = not recorded for that model.
LAUNCH_CONFIGS: dict[str, list[tuple[int | None, int | None]]] = {
    "serial": [(None, None)],
    "omp": [(None, t) for t in (1, 2, 4, 8, 16, 32, 64)],
    "mpi": [(p, None) for p in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)],
    "mpi+omp": [(p, t) for p in (1, 2, 4) for t in (1, 8, 64)],
    "kokkos": [(None, t) for t in (1, 2, 4, 8, 16, 32)],
    "cuda": [(None, None)],
    "hip": [(None, None)],
}
#: How hard each execution model is (added to the model's skill on the logit scale).
DIFFICULTY = {"serial": 0.8, "omp": 0.0, "mpi": -1.2, "mpi+omp": -1.4, "kokkos": -0.9,
              "cuda": -0.6, "hip": -0.7}  # fmt: skip
DEFAULT_MODELS = ("H2LooP v0.1-coder", "frontier-large", "small-base-1b", "mid-instruct-13b")
SKILL = (0.6, 1.3, -1.4, 0.1)
MAX_MODELS = 999  # three-digit checkpoint numbers sort in order
SWEEP_SKILL_RANGE = (-1.5, 1.5)


def model_list(count: int) -> list[tuple[str, float]]:
    """(name, skill) of the first `count` models: the four fixed ones, then sweep checkpoints."""
    models = list(zip(DEFAULT_MODELS, SKILL, strict=True))[:count]
    for number in range(len(DEFAULT_MODELS) + 1, count + 1):
        name = f"sweep-ckpt-{number:03d}"
        skill = random.Random(f"skill|{name}").uniform(*SWEEP_SKILL_RANGE)
        models.append((name, round(skill, 3)))
    return models


def problems(limit: int) -> list[tuple[str, str]]:
    """(problem_name, problem_type) of the first `limit` ParEval problems, spread over the types."""
    with (ROOT / "seeds" / "pareval_problems.csv").open(newline="", encoding="utf-8") as handle:
        rows = [(r["problem_name"], r["problem_type"]) for r in csv.DictReader(handle)]
    # every fifth problem first, so that a small limit still covers many problem types
    ordered = sorted(rows, key=lambda r: (int(r[0][:2]) % 5, r[0]))
    return sorted(ordered[:limit])


def logistic(x: float) -> float:
    import math

    return 1.0 / (1.0 + math.exp(-x))


def sample_output(
    rng: random.Random,
    em: str,
    p_build: float,
    p_valid: float,
    base_runtime: float,
    efficiency: float,
) -> dict[str, Any]:
    """One driver result: flags, best_sequential_runtime and the runs (or a failed build)."""
    source = f"// generated {em} code\n"
    if rng.random() >= p_build:
        return {
            "generated_output": source,
            "source_write_success": True,
            "did_build": False,
            "is_source_valid": True,
            "did_any_run": None,
            "did_all_run": None,
            "are_any_valid": None,
            "are_all_valid": None,
            "best_sequential_runtime": None,
            "runs": None,
        }
    correct = rng.random() < p_valid
    runs: list[dict[str, Any]] = []
    best_sequential: list[float] = []
    serial_time = base_runtime * rng.uniform(0.8, 2.5)
    for procs, threads in LAUNCH_CONFIGS[em]:
        resources = (procs or 1) * (threads or 1)
        crashed = rng.random() < 0.03
        # a correct sample can still fail validation at a large resource count (races, rank bugs)
        valid = (not crashed) and correct and not (resources > 8 and rng.random() < 0.02)
        runtime: float | None = None
        if not crashed and valid:
            speedup = resources**efficiency if em not in ("cuda", "hip") else rng.uniform(2, 40)
            runtime = max(serial_time / speedup * rng.uniform(0.9, 1.1), 1e-9)
            best_sequential.append(base_runtime * rng.uniform(0.95, 1.05))
        run: dict[str, Any] = {"did_run": not crashed, "is_valid": valid, "runtime": runtime}
        if procs is not None:
            run["num_procs"] = procs
        if threads is not None:
            run["num_threads"] = threads
        runs.append(run)
        if crashed or not valid:
            break  # --early-exit-runs
    did_any_run = any(r["did_run"] for r in runs)
    did_all_run = all(r["did_run"] for r in runs)
    return {
        "generated_output": source,
        "source_write_success": True,
        "did_build": True,
        "is_source_valid": True,
        "did_any_run": did_any_run,
        "did_all_run": did_all_run,
        "are_any_valid": did_any_run and any(r["is_valid"] for r in runs),
        "are_all_valid": did_all_run and all(r["is_valid"] for r in runs),
        "best_sequential_runtime": min(best_sequential) if best_sequential else None,
        "runs": runs,
    }


def generate(
    models: list[tuple[str, float]], problem_list: list[tuple[str, str]], samples: int, seed: int
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{model: {execution model: [prompt, ...]}}; every prompt list covers all execution models."""
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for model, skill in models:
        per_em: dict[str, list[dict[str, Any]]] = {}
        for em in EXECUTION_MODELS:
            prompts = []
            for problem_index, (name, problem_type) in enumerate(problem_list):
                for prompt_em in EXECUTION_MODELS:
                    prompt: dict[str, Any] = {
                        "problem_type": problem_type,
                        "language": "cpp",
                        "name": name,
                        "parallelism_model": prompt_em,
                        "prompt": f"// {name} ({prompt_em})\n",
                        "temperature": 0.2,
                        "top_p": 0.95,
                        "do_sample": True,
                        "max_new_tokens": 1024,
                        "prompted": False,
                    }
                    rng = random.Random(f"{seed}|{model}|{name}|{prompt_em}")
                    ease = rng.gauss(0.0, 1.0)
                    prompt["response_time"] = round(rng.uniform(1.0, 20.0), 6)
                    prompt["prompt_tokens"] = rng.randint(900, 1600)
                    prompt["total_tokens"] = prompt["prompt_tokens"] + rng.randint(50, 900)
                    if prompt_em == em:
                        p_build = logistic(1.2 + skill + 0.5 * DIFFICULTY[em] + ease)
                        p_valid = logistic(0.3 + skill + DIFFICULTY[em] + ease)
                        tiny = problem_index % 7 == 3  # optimised-away serial kernels
                        base = 1e-8 if tiny else 10 ** rng.uniform(-3.5, -0.5)
                        efficiency = rng.uniform(0.3, 0.95)
                        prompt["outputs"] = [
                            sample_output(rng, em, p_build, p_valid, base, efficiency)
                            for _ in range(samples)
                        ]
                    else:
                        prompt["outputs"] = [f"// generated {prompt_em} code\n"] * samples
                    prompts.append(prompt)
            per_em[em] = prompts
        results[model] = per_em
    return results


RUN_CSV_COLUMNS = [
    "prompt",
    "name",
    "problem_type",
    "language",
    "parallelism_model",
    "temperature",
    "top_p",
    "do_sample",
    "max_new_tokens",
    "prompted",
    "generated_output",
    "did_build",
    "is_source_valid",
    "best_sequential_runtime",
    "output_idx",
    "run_idx",
    "did_run",
    "is_valid",
    "runtime",
    "num_threads",
    "num_procs",
]


def write_run_csv(path: Path, per_em: dict[str, list[dict[str, Any]]]) -> None:
    """ParEval's create-dataframe.py layout: one row per run; a failed build is one row."""

    def cell(value: Any) -> str:
        return "" if value is None else str(value)

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(RUN_CSV_COLUMNS)
        for em, prompts in per_em.items():
            for prompt in prompts:
                if prompt["parallelism_model"] != em:
                    continue
                base = [
                    prompt["prompt"],
                    prompt["name"],
                    prompt["problem_type"],
                    "cpp",
                    em,
                    0.2,
                    0.95,
                    True,
                    1024,
                    False,
                ]
                for output_idx, output in enumerate(prompt["outputs"]):
                    head = [
                        *base,
                        output["generated_output"],
                        output["did_build"],
                        output["is_source_valid"],
                        cell(output["best_sequential_runtime"]),
                        output_idx,
                    ]
                    runs = output["runs"]
                    if runs is None:
                        writer.writerow([*head, "", "", "", "", "", ""])
                        continue
                    for run_idx, run in enumerate(runs):
                        writer.writerow(
                            [
                                *head,
                                run_idx,
                                run["did_run"],
                                run["is_valid"],
                                cell(run["runtime"]),
                                cell(run.get("num_threads")),
                                cell(run.get("num_procs")),
                            ]
                        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="results folder to write")
    parser.add_argument(
        "--models",
        type=int,
        default=3,
        help=f"models (1-{MAX_MODELS}): the first {len(DEFAULT_MODELS)} fixed, then "
        "sweep-ckpt-005, sweep-ckpt-006, ...",
    )
    parser.add_argument("--problems", type=int, default=60, help="problems (1-60)")
    parser.add_argument("--samples", type=int, default=20, help="samples per prompt")
    parser.add_argument("--seed", type=int, default=11, help="random seed")
    parser.add_argument(
        "--run-csv",
        action="store_true",
        help="also write <out>/per_run_csv/<model>.csv in ParEval's per-run CSV layout "
        "(outside the model folders)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.models <= MAX_MODELS or not 1 <= args.problems <= 60:
        parser.error(f"--models must be 1-{MAX_MODELS} and --problems 1-60")
    problem_list = problems(args.problems)
    models = model_list(args.models)
    for one_model in models:  # one model at a time: memory does not grow with --models
        for model, per_em in generate([one_model], problem_list, args.samples, args.seed).items():
            folder = args.out / model
            folder.mkdir(parents=True, exist_ok=True)
            for em, prompts in per_em.items():
                (folder / f"{em}.json").write_text(json.dumps(prompts, indent=1), encoding="utf-8")
            if args.run_csv:
                (args.out / "per_run_csv").mkdir(exist_ok=True)
                write_run_csv(args.out / "per_run_csv" / f"{model}.csv", per_em)
    print(
        f"wrote {len(models)} models x {len(EXECUTION_MODELS)} execution models x "
        f"{args.problems} problems x {args.samples} samples to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
