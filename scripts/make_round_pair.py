"""Generate a pair of result sets (a baseline and a current round) with known injected changes.

The pair exercises everything the round comparison (models/marts/rounds) must get right, and writes
what was injected to a manifest, so a test can check that the marts recover exactly that:

* Alpha Coder: one sample per prompt in the baseline, three in the current round (different sample
  counts); 26 (problem, parallelism model) cells regress and 2 improve on pass.
* Beta Coder: unchanged (the same rows in both rounds, two samples per prompt).
* Gamma Coder: renamed between rounds ("Gamma Coder Preview" -> "Gamma Coder v2", matched through
  the alias the manifest lists for seeds/model_aliases.csv); 3 cells regress and 18 improve on pass.
* Delta Coder: only in the baseline; Epsilon Coder: only in the current round.
* Problems: the baseline holds problems 0-39 of seeds/pareval_problems.csv, the current round 2-41
  (two problems only in each round); the current round also holds parallelism model omp (only
  there); one Alpha Coder cell is missing from the current round.
* The baseline holds one row that staging must quarantine (an unparseable boolean).

A cell is "solved" in a round when at least half of its samples pass (the marts' threshold, 0.5);
with three samples a solved cell passes 2 or 3 of them, an unsolved one 0 or 1, so rates vary while
the injected flips stay exact. Deterministic for a given --seed.

Usage::

    python scripts/make_round_pair.py OUT_DIR [--seed N]
    # writes baseline.csv, current.csv, model_aliases.csv and manifest.json into OUT_DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = REPO_ROOT / "seeds" / "pareval_problems.csv"
DEFAULT_SEED = 20261130

COLUMNS = (
    "model", "problem_type", "problem_name", "parallelism_model", "response_time", "total_tokens",
    "prompt_tokens", "source_write_success", "did_build", "is_source_valid", "did_any_run",
    "did_all_run", "are_any_valid", "are_all_valid", "best_runtime", "avg_runtime", "speedup_2proc",
    "speedup_4proc", "num_successful_runs", "sample_id",
)  # fmt: skip

BASELINE_PROBLEMS = range(0, 40)
CURRENT_PROBLEMS = range(2, 42)
BASELINE_ONLY = sorted(set(BASELINE_PROBLEMS) - set(CURRENT_PROBLEMS))
CURRENT_ONLY = sorted(set(CURRENT_PROBLEMS) - set(BASELINE_PROBLEMS))
BASELINE_PARALLELISM = ("serial", "mpi")
CURRENT_PARALLELISM = ("serial", "mpi", "omp")

# baseline name, current name, samples (baseline, current), cells (regressed, improved) on pass
MODELS = (
    ("Alpha Coder", "Alpha Coder", (1, 3), (26, 2)),
    ("Beta Coder", "Beta Coder", (2, 2), (0, 0)),
    ("Gamma Coder Preview", "Gamma Coder v2", (1, 1), (3, 18)),
    ("Delta Coder", None, (1, 0), (0, 0)),
    (None, "Epsilon Coder", (0, 1), (0, 0)),
)
MISSING_CELL = (
    "Alpha Coder",
    "10",
    "mpi",
)  # model, problem index, parallelism: absent from the current round


def _problems() -> list[tuple[str, str]]:
    with PROBLEMS.open(newline="") as handle:
        return [(row["problem_name"], row["problem_type"]) for row in csv.DictReader(handle)]


def _passes(solved: bool, samples: int, rng: random.Random) -> list[bool]:
    """Per-sample pass flags of a cell: solved means at least half of the samples pass."""
    if samples == 1:
        return [solved]
    need = -(-samples // 2)  # ceil(samples / 2)
    count = rng.randint(need, samples) if solved else rng.randint(0, need - 1)
    flags = [True] * count + [False] * (samples - count)
    rng.shuffle(flags)
    return flags


def _row(
    model: str,
    problem: tuple[str, str],
    parallelism: str,
    sample_id: int,
    passed: bool,
    rng: random.Random,
) -> dict[str, str]:
    """One attempt with a consistent outcome chain (pass implies every earlier stage)."""
    built = passed or rng.random() < 0.6
    any_run = passed or (built and rng.random() < 0.7)
    all_run = passed or (any_run and rng.random() < 0.8)
    any_valid = passed or (any_run and rng.random() < 0.3)
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        model=model,
        problem_type=problem[1],
        problem_name=problem[0],
        parallelism_model=parallelism,
        source_write_success="True",
        did_build=str(built),
        is_source_valid="True",
        did_any_run=str(any_run),
        did_all_run=str(all_run),
        are_any_valid=str(any_valid),
        are_all_valid=str(passed),
        num_successful_runs="1" if passed else "0",
        sample_id=str(sample_id),
    )
    return row


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the pair and its manifest into out_dir; return the manifest."""
    problems = _problems()
    rng = random.Random(seed)
    baseline_rows: list[dict[str, str]] = []
    current_rows: list[dict[str, str]] = []
    manifest: dict = {"seed": seed, "flips": {}, "unchanged_models": [], "renamed": {}}
    for baseline_name, current_name, (n_base, n_cur), (n_regress, n_improve) in MODELS:
        name = current_name or baseline_name
        shared = [
            (problems[i], p)
            for i in range(len(problems))
            for p in BASELINE_PARALLELISM
            if i in BASELINE_PROBLEMS
            and i in CURRENT_PROBLEMS
            and (name, str(i), p) != MISSING_CELL
        ]
        state = {cell: rng.random() < 0.5 for cell in shared}
        solved = [cell for cell in shared if state[cell]]
        unsolved = [cell for cell in shared if not state[cell]]
        regress = set(rng.sample(solved, n_regress))
        improve = set(rng.sample(unsolved, n_improve))
        if baseline_name and current_name:
            manifest["flips"][current_name] = {
                "regressed": sorted([c[0][0], c[1]] for c in regress),
                "improved": sorted([c[0][0], c[1]] for c in improve),
            }
        if baseline_name and current_name and baseline_name != current_name:
            manifest["renamed"][baseline_name] = current_name
        unchanged = n_base == n_cur and not regress and not improve
        if baseline_name and current_name and unchanged:
            manifest["unchanged_models"].append(current_name)
        cell_seed = rng.randrange(2**31)
        for index, problem in enumerate(problems):
            for parallelism in CURRENT_PARALLELISM:
                cell = (problem, parallelism)
                base_state = state.get(cell, rng.random() < 0.5)
                cur_state = base_state != (cell in regress or cell in improve)
                in_base = index in BASELINE_PROBLEMS and parallelism in BASELINE_PARALLELISM
                in_cur = (
                    index in CURRENT_PROBLEMS and (name, str(index), parallelism) != MISSING_CELL
                )
                local = random.Random(f"{cell_seed}-{index}-{parallelism}")
                if baseline_name and n_base and in_base:
                    draws = random.Random(f"{cell_seed}-{index}-{parallelism}-draws")
                    for sample, passed in enumerate(_passes(base_state, n_base, local)):
                        baseline_rows.append(
                            _row(baseline_name, problem, parallelism, sample, passed, draws)
                        )
                if current_name and n_cur and in_cur:
                    # An unchanged model repeats its baseline rows exactly (same generator state).
                    if unchanged:
                        local = random.Random(f"{cell_seed}-{index}-{parallelism}")
                    draws = random.Random(f"{cell_seed}-{index}-{parallelism}-draws")
                    for sample, passed in enumerate(_passes(cur_state, n_cur, local)):
                        current_rows.append(
                            _row(current_name, problem, parallelism, sample, passed, draws)
                        )
    # One row staging must quarantine.
    bad = dict(baseline_rows[0])
    bad["did_build"] = "maybe"
    bad["sample_id"] = "99"
    baseline_rows.append(bad)
    manifest.update({
        "baseline_rows": len(baseline_rows),
        "baseline_rows_rejected": 1,
        "current_rows": len(current_rows),
        "models_only_in": {"baseline": ["Delta Coder"], "current": ["Epsilon Coder"]},
        "problems_only_in": {
            "baseline": sorted(problems[i][0] for i in BASELINE_ONLY),
            "current": sorted(problems[i][0] for i in CURRENT_ONLY),
        },
        "parallelism_models_only_in": {"baseline": [], "current": ["omp"]},
        "cells_only_in": {
            "baseline": [["Alpha Coder", problems[int(MISSING_CELL[1])][0], MISSING_CELL[2]]],
            "current": [],
        },
        "aliases": [{"alias": "Gamma Coder Preview", "model_name": "Gamma Coder v2"}],
    })  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in (("baseline.csv", baseline_rows), ("current.csv", current_rows)):
        with (out_dir / name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    with (out_dir / "model_aliases.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=("alias", "model_name", "note"), lineterminator="\n"
        )
        writer.writeheader()
        for alias in manifest["aliases"]:
            writer.writerow({**alias, "note": "renamed between the generated rounds"})
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    manifest = generate(args.out_dir, args.seed)
    print(
        f"wrote {manifest['baseline_rows']} baseline and {manifest['current_rows']} current rows "
        f"to {args.out_dir}"
    )


if __name__ == "__main__":
    main()
