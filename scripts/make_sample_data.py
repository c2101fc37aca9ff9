"""Generate the deterministic synthetic sample ``seeds/raw_metrics.csv``.

The sample has the shape and quirks of the real ParEval-style result file
(h2loop/evals-public ``REPORTS/r1/raw_metrics.csv``): 11 models x 60 problems x
{mpi, serial}, 19 columns, booleans as ``True``/``False``, blanks as empty fields.

Generation reads only two committed files:

* ``seeds/sample_calibration.csv``: per (model, parallelism_model) the number of rows
  and of ``True`` values of the five outcome flags. The generated sample reproduces
  these counts exactly. The table was derived once from the real file with
  ``--derive-calibration PATH``.
* ``seeds/pareval_problems.csv``: the 60 problems and their types.

Which problems succeed is drawn at random, but from a latent model: every problem has an
ease (a problem-type effect plus a problem effect), shifted per execution model, plus a
model-by-problem effect shared by the serial and MPI variants. At each stage of the
outcome chain (build, run, valid) a model keeps its calibrated number of rows, taking
those with the highest ease plus fresh noise. A model's skill is therefore its
calibrated threshold, and outcomes correlate across models and between the serial and
MPI variants of a problem.

Run outcomes follow the real file's rules (checked against it): an MPI sample runs at
np = 1, 2, 4 and every run is tried, whether or not an earlier one failed; a run crashed
(C), ran but was invalid (I), or was valid (V). ``num_successful_runs`` counts the valid
runs, ``best_runtime``/``avg_runtime`` are the min/mean time of the valid runs, and
``speedup_Nproc`` = T(np=1)/T(np=N) is filled only when both of those runs are valid.
A serial sample has one run.

Usage::

    python scripts/make_sample_data.py                  # writes seeds/raw_metrics.csv
    python scripts/make_sample_data.py --derive-calibration ../shared/data/h2loop-r1/raw_metrics.csv
"""

import argparse
import csv
import math
import random
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "seeds" / "raw_metrics.csv"
DEFAULT_CALIBRATION = REPO_ROOT / "seeds" / "sample_calibration.csv"
DEFAULT_PROBLEMS = REPO_ROOT / "seeds" / "pareval_problems.csv"
DEFAULT_SEED = 20250820

COLUMNS = (
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
)
FLAGS = ("did_build", "did_any_run", "did_all_run", "are_any_valid", "are_all_valid")
CALIBRATION_COLUMNS = ("model", "parallelism_model", "n_rows", *(f"n_{f}" for f in FLAGS))
# Within a problem the real file lists the MPI row first, then the serial row.
PARALLELISM_MODELS = ("mpi", "serial")
MPI_PROCS = (1, 2, 4)

# Run patterns, one letter per run (MPI: np = 1, 2, 4): C crashed, I invalid, V valid.
# The empty pattern means the build failed. The default pattern for each outcome class
# is the most common one in the real file; the rarer patterns are in ODD_PATTERNS.
NOT_BUILT = ""
DEFAULT_PATTERNS = {
    "serial": {"built": "C", "ran": "I", "valid": "V"},
    "mpi": {
        "built": "CCC",
        "ran_some_invalid": "ICC",
        "ran_some_valid": "VCC",
        "ran_all_invalid": "III",
        "ran_all_some_valid": "VII",
        "valid": "VVV",
    },
}
# The real file has exactly one MPI row of each of these (notes/pareval.md section 4b):
# VVC (speedup_2proc only, did_all_run False), VCV (speedup_4proc only) and IVV (two
# valid runs, no speedup). The sample keeps one of each, on a random eligible row.
ODD_PATTERNS = (("VCC", "VVC"), ("VCC", "VCV"), ("VII", "IVV"))
# The real file has one valid serial row timed at exactly 0.0 s.
ZERO_RUNTIME_ROWS = 1

# Latent outcome model (standard deviations on the score scale).
SD_TYPE = 0.6
SD_PROBLEM = 0.8
SD_PROBLEM_PM = 0.5
SD_MODEL_PROBLEM = 0.5
SD_STAGE = 0.7

# Runtimes (natural log of seconds), after the real file's valid rows.
SERIAL_LOG_MEAN, SERIAL_LOG_SD_PROBLEM, SERIAL_LOG_SD_ROW = -4.9, 1.5, 0.5
MPI_LOG_MEAN_SHIFT, MPI_LOG_SD_SHIFT, MPI_LOG_SD_ROW = 0.5, 0.7, 0.7
SERIAL_MAX, MPI_MIN, MPI_MAX = 0.45, 1.5e-5, 15.0
# About nine problems' serial kernels are optimised away by the compiler (~1e-8 s).
N_TINY_PROBLEMS, P_TINY_THERE, P_TINY_ELSEWHERE = 11, 0.85, 0.005
TINY_RANGE = (8e-9, 6e-8)
SERIAL_DECIMALS, MPI_DECIMALS, AVG_DECIMALS = 10, 8, 16
# Scaling: log2(sp2) = a = A_MAX - d, log2(sp4) = 2a - b. The deficit d is lognormal
# (a problem part plus a row part), so sp2 is capped near 2 with a long tail below 1.
SCALING_A_MAX, SCALING_D_LOG_MEDIAN = 1.05, math.log(0.5)
SCALING_D_SD_PROBLEM, SCALING_D_SD_ROW = 0.6, 0.5
SCALING_B_MEAN, SCALING_B_SD = 0.6, 0.5
SCALING_A_MIN, SCALING_LOG2_SP4_RANGE = -2.5, (-3.5, 2.1)


@dataclass(frozen=True)
class TokenProfile:
    """Prompt tokens = scale x problem prompt length (+ MPI extra); completion lognormal."""

    prompt_scale: float
    mpi_extra: int
    completion_median: float


@dataclass(frozen=True)
class ModelProfile:
    """Per-model metadata: response time (median serial, median MPI, log sd) and tokens.

    ``response_time`` None leaves the column blank, as the real file does for that model.
    """

    response_time: tuple[float, float, float] | None
    tokens: TokenProfile | None = None


# Medians and spreads read off the real file; blanks exactly where it has them.
PROFILES: dict[str, ModelProfile] = {
    "Gemini Flash": ModelProfile(None),
    "Gemini Pro": ModelProfile(None),
    "H2LooP v0.1-coder": ModelProfile(None),
    "H2looP v0.1-multimodal": ModelProfile((6.9, 12.3, 0.5), TokenProfile(1.068, 45, 170.0)),
    "Gemma3": ModelProfile((6.0, 11.0, 0.55)),
    "Kimi K2": ModelProfile((6.8, 15.5, 1.0)),
    "Llama3.3 8B": ModelProfile((2.65, 5.9, 0.5)),
    "Llama4 Maverick": ModelProfile((2.2, 4.7, 0.5)),
    "Mistral Nemo": ModelProfile((2.85, 6.0, 0.5)),
    "Qwen 2.5 Coder": ModelProfile((9.2, 19.8, 0.55), TokenProfile(1.0, 38, 160.0)),
    "deepseek_coder_v2lite": ModelProfile((3.7, 5.1, 0.4), TokenProfile(1.128, 46, 175.0)),
}
DEFAULT_PROFILE = ModelProfile((4.0, 8.0, 0.5))
PROMPT_BASE_OFFSET, PROMPT_BASE_MEDIAN, PROMPT_BASE_SD = 1075.0, 90.0, 0.5
COMPLETION_SD, COMPLETION_MPI_FACTOR, COMPLETION_RANGE = 0.75, 1.4, (20, 1000)


@dataclass(frozen=True)
class Problem:
    name: str
    problem_type: str


@dataclass(frozen=True)
class Calibration:
    model: str
    parallelism_model: str
    n_rows: int
    counts: dict[str, int]


Key = tuple[str, str, str]  # (model, problem_name, parallelism_model)


def sub_rng(seed: int, *labels: str) -> random.Random:
    """An independent, reproducible stream for one part of the generation."""
    return random.Random("/".join((str(seed), *labels)))


# ---------------------------------------------------------------- calibration


def derive_calibration(real_path: Path) -> list[Calibration]:
    """Count rows and True flags per (model, parallelism_model), in file order."""
    n_rows: dict[tuple[str, str], int] = {}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    with real_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["model"], row["parallelism_model"])
            n_rows[key] = n_rows.get(key, 0) + 1
            tally = counts.setdefault(key, dict.fromkeys(FLAGS, 0))
            for flag in FLAGS:
                if row[flag] not in ("True", "False"):
                    raise ValueError(f"{flag}={row[flag]!r} is not True/False in {real_path}")
                tally[flag] += row[flag] == "True"
    return [
        Calibration(model, pm, n_rows[(model, pm)], counts[(model, pm)]) for model, pm in n_rows
    ]


def write_calibration(path: Path, table: Iterable[Calibration]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CALIBRATION_COLUMNS)
        for cal in table:
            writer.writerow(
                [cal.model, cal.parallelism_model, cal.n_rows, *(cal.counts[f] for f in FLAGS)]
            )


def read_calibration(path: Path) -> list[Calibration]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != CALIBRATION_COLUMNS:
            raise ValueError(f"{path}: header must be {','.join(CALIBRATION_COLUMNS)}")
        table = [
            Calibration(
                row["model"],
                row["parallelism_model"],
                int(row["n_rows"]),
                {f: int(row[f"n_{f}"]) for f in FLAGS},
            )
            for row in reader
        ]
    return table


def check_calibration(table: list[Calibration], n_problems: int) -> None:
    """Refuse counts that no set of nested outcomes can reproduce."""
    seen = set()
    for cal in table:
        where = f"calibration {cal.model!r}/{cal.parallelism_model!r}"
        c = cal.counts
        if cal.parallelism_model not in PARALLELISM_MODELS:
            raise ValueError(f"{where}: parallelism_model must be one of {PARALLELISM_MODELS}")
        if (cal.model, cal.parallelism_model) in seen:
            raise ValueError(f"{where}: duplicate row")
        seen.add((cal.model, cal.parallelism_model))
        if cal.n_rows != n_problems:
            raise ValueError(f"{where}: n_rows {cal.n_rows} != {n_problems} problems")
        if not cal.n_rows >= c["did_build"] >= c["did_any_run"] >= 0:
            raise ValueError(f"{where}: need n_rows >= did_build >= did_any_run >= 0")
        if not c["did_any_run"] >= max(c["did_all_run"], c["are_any_valid"]):
            raise ValueError(f"{where}: did_all_run and are_any_valid must be <= did_any_run")
        if not 0 <= c["are_all_valid"] <= min(c["did_all_run"], c["are_any_valid"]):
            raise ValueError(f"{where}: are_all_valid must be <= did_all_run, are_any_valid")
        single_run = (c["did_all_run"], c["are_any_valid"]) == (
            c["did_any_run"],
            c["are_all_valid"],
        )
        if cal.parallelism_model == "serial" and not single_run:
            raise ValueError(
                f"{where}: a serial sample has one run, so did_all_run must "
                "equal did_any_run and are_any_valid equal are_all_valid"
            )
    models = {cal.model for cal in table}
    if len(seen) != len(models) * len(PARALLELISM_MODELS):
        raise ValueError("calibration needs both an mpi and a serial row for every model")


# ---------------------------------------------------------------- problems and latents


def read_problems(path: Path) -> list[Problem]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Problem(row["problem_name"], row["problem_type"]) for row in csv.DictReader(handle)]


def problem_order(problems: list[Problem], rng: random.Random) -> list[Problem]:
    """Problems grouped by type, types and problems shuffled (as in the real file)."""
    types = sorted({p.problem_type for p in problems})
    rng.shuffle(types)
    ordered: list[Problem] = []
    for ptype in types:
        group = [p for p in problems if p.problem_type == ptype]
        rng.shuffle(group)
        ordered.extend(group)
    return ordered


def model_order(table: list[Calibration]) -> list[str]:
    return list(dict.fromkeys(cal.model for cal in table))


def latent_ease(problems: list[Problem], models: list[str], seed: int) -> dict[Key, float]:
    """Ease of each (model, problem, pm): type + problem + problem-by-pm + model-by-problem."""
    rng = sub_rng(seed, "ease")
    types = sorted({p.problem_type for p in problems})
    type_effect = {t: rng.gauss(0.0, SD_TYPE) for t in types}
    base = {p.name: type_effect[p.problem_type] + rng.gauss(0.0, SD_PROBLEM) for p in problems}
    pm_shift = {
        (p.name, pm): rng.gauss(0.0, SD_PROBLEM_PM) for p in problems for pm in PARALLELISM_MODELS
    }
    ease: dict[Key, float] = {}
    for model in models:
        for p in problems:
            shared = rng.gauss(0.0, SD_MODEL_PROBLEM)
            for pm in PARALLELISM_MODELS:
                ease[(model, p.name, pm)] = base[p.name] + pm_shift[(p.name, pm)] + shared
    return ease


# ---------------------------------------------------------------- outcomes


def top_n(candidates: Iterable[str], n: int, score: Callable[[str], float]) -> list[str]:
    """The n candidates with the highest score (ties broken by name)."""
    return sorted(candidates, key=lambda name: (-score(name), name))[:n]


def draw_outcome_sets(
    cal: Calibration, names: list[str], ease: dict[str, float], rng: random.Random
) -> dict[str, set[str]]:
    """Nested sets of problem names with exactly the calibrated sizes."""
    c = cal.counts

    def stage(candidates: Iterable[str], n: int) -> set[str]:
        noisy = {name: ease[name] + rng.gauss(0.0, SD_STAGE) for name in sorted(candidates)}
        return set(top_n(noisy, n, noisy.__getitem__))

    built = stage(names, c["did_build"])
    ran = stage(built, c["did_any_run"])
    all_valid = stage(ran, c["are_all_valid"])
    all_ran = all_valid | stage(ran - all_valid, c["did_all_run"] - c["are_all_valid"])
    any_valid = all_valid | stage(ran - all_valid, c["are_any_valid"] - c["are_all_valid"])
    return {
        "did_build": built,
        "did_any_run": ran,
        "did_all_run": all_ran,
        "are_any_valid": any_valid,
        "are_all_valid": all_valid,
    }


def default_pattern(pm: str, name: str, sets: dict[str, set[str]]) -> str:
    """The run pattern of one row from its outcome class."""
    patterns = DEFAULT_PATTERNS[pm]
    if name not in sets["did_build"]:
        return NOT_BUILT
    if name not in sets["did_any_run"]:
        return patterns["built"]
    if pm == "serial":
        return patterns["valid"] if name in sets["are_all_valid"] else patterns["ran"]
    if name in sets["are_all_valid"]:
        return patterns["valid"]
    some_valid = name in sets["are_any_valid"]
    if name in sets["did_all_run"]:
        return patterns["ran_all_some_valid" if some_valid else "ran_all_invalid"]
    return patterns["ran_some_valid" if some_valid else "ran_some_invalid"]


def draw_patterns(
    table: list[Calibration], names: list[str], ease: dict[Key, float], seed: int
) -> dict[Key, str]:
    patterns: dict[Key, str] = {}
    for cal in table:
        rng = sub_rng(seed, "outcomes", cal.model, cal.parallelism_model)
        row_ease = {n: ease[(cal.model, n, cal.parallelism_model)] for n in names}
        sets = draw_outcome_sets(cal, names, row_ease, rng)
        for name in names:
            key = (cal.model, name, cal.parallelism_model)
            patterns[key] = default_pattern(cal.parallelism_model, name, sets)
    place_odd_patterns(patterns, sub_rng(seed, "odd-patterns"))
    return patterns


def place_odd_patterns(patterns: dict[Key, str], rng: random.Random) -> None:
    """Turn one random eligible row into each rarer pattern (same five flags)."""
    for common, odd in ODD_PATTERNS:
        eligible = sorted(key for key, pattern in patterns.items() if pattern == common)
        if eligible:
            patterns[rng.choice(eligible)] = odd


def flags_of(pattern: str) -> dict[str, bool]:
    """The five outcome flags implied by a run pattern."""
    ran = [run != "C" for run in pattern]
    valid = [run == "V" for run in pattern]
    built = pattern != NOT_BUILT
    return {
        "did_build": built,
        "did_any_run": any(ran),
        "did_all_run": built and all(ran),
        "are_any_valid": any(valid),
        "are_all_valid": built and all(valid),
    }


# ---------------------------------------------------------------- runtimes


def clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


@dataclass(frozen=True)
class RuntimeModel:
    """Problem-level runtime scale, serial tininess and MPI scaling (log deficit)."""

    serial_log: dict[str, float]
    mpi_log: dict[str, float]
    tiny: dict[str, bool]
    scaling: dict[str, float]


def runtime_model(names: list[str], seed: int) -> RuntimeModel:
    rng = sub_rng(seed, "runtime-model")
    serial_log = {n: rng.gauss(SERIAL_LOG_MEAN, SERIAL_LOG_SD_PROBLEM) for n in names}
    mpi_log = {n: serial_log[n] + rng.gauss(MPI_LOG_MEAN_SHIFT, MPI_LOG_SD_SHIFT) for n in names}
    tiny_names = set(rng.sample(names, N_TINY_PROBLEMS))
    tiny = {n: n in tiny_names for n in names}
    scaling = {n: rng.gauss(SCALING_D_LOG_MEDIAN, SCALING_D_SD_PROBLEM) for n in names}
    return RuntimeModel(serial_log, mpi_log, tiny, scaling)


def serial_time(model: RuntimeModel, name: str, rng: random.Random) -> float:
    p_tiny = P_TINY_THERE if model.tiny[name] else P_TINY_ELSEWHERE
    if rng.random() < p_tiny:
        value = rng.uniform(*TINY_RANGE)
    else:
        value = clamp(
            math.exp(rng.gauss(model.serial_log[name], SERIAL_LOG_SD_ROW)),
            TINY_RANGE[1],
            SERIAL_MAX,
        )
    return round(value, SERIAL_DECIMALS)


def mpi_times(model: RuntimeModel, name: str, rng: random.Random) -> list[float]:
    """Times at np = 1, 2, 4, rounded as the driver prints them."""
    t1 = clamp(math.exp(rng.gauss(model.mpi_log[name], MPI_LOG_SD_ROW)), MPI_MIN, MPI_MAX)
    deficit = math.exp(model.scaling[name] + rng.gauss(0.0, SCALING_D_SD_ROW))
    a = max(SCALING_A_MAX - deficit, SCALING_A_MIN)
    log2_sp4 = clamp(2 * a - rng.gauss(SCALING_B_MEAN, SCALING_B_SD), *SCALING_LOG2_SP4_RANGE)
    times = (t1, t1 / 2.0**a, t1 / 2.0**log2_sp4)
    return [max(round(t, MPI_DECIMALS), 10.0**-MPI_DECIMALS) for t in times]


def runtime_fields(pm: str, pattern: str, times: list[float]) -> dict[str, str]:
    """best/avg over the valid runs; speedups T(1)/T(N) when both runs are valid."""
    fields = {"best_runtime": "", "avg_runtime": "", "speedup_2proc": "", "speedup_4proc": ""}
    if not times:
        return fields
    valid = [t for t, run in zip(times, pattern, strict=True) if run == "V"]
    if valid:
        fields["best_runtime"] = fmt_float(min(valid))
        fields["avg_runtime"] = fmt_float(round(sum(valid) / len(valid), AVG_DECIMALS))
    if pm == "mpi":
        for index, column in ((1, "speedup_2proc"), (2, "speedup_4proc")):
            if pattern[0] == "V" and pattern[index] == "V":
                fields[column] = fmt_float(times[0] / times[index])
    return fields


def draw_times(patterns: dict[Key, str], names: list[str], seed: int) -> dict[Key, list[float]]:
    """Run times for every row with a valid run; one serial row gets exactly 0.0."""
    model = runtime_model(names, seed)
    times: dict[Key, list[float]] = {}
    for key in sorted(patterns):
        if "V" not in patterns[key]:
            continue
        rng = sub_rng(seed, "times", *key)
        if key[2] == "serial":
            times[key] = [serial_time(model, key[1], rng)]
        else:
            times[key] = mpi_times(model, key[1], rng)
    zero_pool = sorted(k for k in times if k[2] == "serial" and model.tiny[k[1]])
    for key in sub_rng(seed, "zero-runtime").sample(
        zero_pool, min(ZERO_RUNTIME_ROWS, len(zero_pool))
    ):
        times[key] = [0.0]
    return times


# ---------------------------------------------------------------- metadata columns


def prompt_lengths(names: list[str], seed: int) -> dict[str, float]:
    """Tokenizer-neutral prompt length of each problem (shared by all models)."""
    rng = sub_rng(seed, "prompt-length")
    return {
        n: PROMPT_BASE_OFFSET + PROMPT_BASE_MEDIAN * math.exp(rng.gauss(0.0, PROMPT_BASE_SD))
        for n in names
    }


def metadata_fields(
    profile: ModelProfile, pm: str, prompt_length: float, rng: random.Random
) -> dict[str, str]:
    """response_time, total_tokens and prompt_tokens (blank where the profile says)."""
    fields = {"response_time": "", "total_tokens": "", "prompt_tokens": ""}
    z_length, z_other = rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0)
    if profile.response_time is not None:
        serial_median, mpi_median, sd = profile.response_time
        median = mpi_median if pm == "mpi" else serial_median
        seconds = median * math.exp(sd * (0.8 * z_length + 0.6 * z_other))
        # Round off the libm-dependent digits, then add full-precision seeded jitter.
        fields["response_time"] = fmt_float(round(seconds, 3) + rng.random() * 1e-3)
    if profile.tokens is not None:
        tokens = profile.tokens
        prompt = round(prompt_length * tokens.prompt_scale)
        if pm == "mpi":
            prompt += tokens.mpi_extra + rng.randint(-3, 3)
        factor = COMPLETION_MPI_FACTOR if pm == "mpi" else 1.0
        completion = round(
            clamp(
                tokens.completion_median * factor * math.exp(COMPLETION_SD * z_length),
                *COMPLETION_RANGE,
            )
        )
        fields["prompt_tokens"] = fmt_float(float(prompt))
        fields["total_tokens"] = fmt_float(float(prompt + completion))
    return fields


# ---------------------------------------------------------------- assembly and output


def fmt_float(value: float) -> str:
    """Shortest round-trip repr, as pandas wrote the real file ('1581.0', '8.4e-09')."""
    return repr(float(value))


def fmt_bool(value: bool) -> str:
    return "True" if value else "False"


def build_rows(table: list[Calibration], problems: list[Problem], seed: int) -> list[list[str]]:
    check_calibration(table, len(problems))
    models = model_order(table)
    ordered = problem_order(problems, sub_rng(seed, "problem-order"))
    names = [p.name for p in ordered]
    patterns = draw_patterns(table, names, latent_ease(ordered, models, seed), seed)
    times = draw_times(patterns, names, seed)
    lengths = prompt_lengths(names, seed)
    rows = []
    for model in models:
        profile = PROFILES.get(model, DEFAULT_PROFILE)
        meta_rng = sub_rng(seed, "metadata", model)
        for problem in ordered:
            for pm in PARALLELISM_MODELS:
                key = (model, problem.name, pm)
                pattern = patterns[key]
                record = {
                    "model": model,
                    "problem_type": problem.problem_type,
                    "problem_name": problem.name,
                    "parallelism_model": pm,
                    "source_write_success": "True",
                    "is_source_valid": "True",
                    "num_successful_runs": str(pattern.count("V")),
                }
                record.update(metadata_fields(profile, pm, lengths[problem.name], meta_rng))
                record.update({f: fmt_bool(v) for f, v in flags_of(pattern).items()})
                record.update(runtime_fields(pm, pattern, times.get(key, [])))
                rows.append([record[column] for column in COLUMNS])
    return rows


def write_rows(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def generate(out: Path, calibration: Path, problems: Path, seed: int) -> int:
    rows = build_rows(read_calibration(calibration), read_problems(problems), seed)
    write_rows(out, rows)
    return len(rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="sample CSV to write (default: seeds/raw_metrics.csv)",
    )
    parser.add_argument(
        "--calibration",
        type=Path,
        default=DEFAULT_CALIBRATION,
        help="calibration table to read, or to write with --derive-calibration",
    )
    parser.add_argument(
        "--problems",
        type=Path,
        default=DEFAULT_PROBLEMS,
        help="problem list (default: seeds/pareval_problems.csv)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--derive-calibration",
        type=Path,
        metavar="REAL_CSV",
        help="derive the calibration table from a real raw_metrics.csv, "
        "write it to --calibration and exit",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.derive_calibration is not None:
        table = derive_calibration(args.derive_calibration)
        write_calibration(args.calibration, table)
        print(f"wrote {args.calibration} ({len(table)} rows)")
        return 0
    n_rows = generate(args.out, args.calibration, args.problems, args.seed)
    print(f"wrote {args.out} ({n_rows} rows, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
