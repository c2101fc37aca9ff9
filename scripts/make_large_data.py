"""Generate large, realistic ParEval-style result files (CSV and/or Parquet) with DuckDB.

Rows = models x 60 problems x 7 parallelism models x samples, in that nesting order (model,
problem, parallelism model, sample). The file has the 19 columns of the bundled sample plus
``sample_id``, and the sample's quirks:

* booleans are the strings ``True``/``False`` in CSV (native BOOLEAN in Parquet, as pandas writes
  them); ``source_write_success`` and ``is_source_valid`` are always true;
* token counts are floats (``1581.0``) and present only for some models; ``response_time`` is blank
  for some models (the three real ones the sample leaves blank, and about a quarter of the
  generated ones); runtimes and speedups are blank where no run was valid;
* serial-like kernels of about 11 problems are often timed at ~1e-8 s (optimised away);
* MPI-family rows (mpi, mpi+omp) have three runs (np = 1, 2, 4) and ``speedup_Nproc`` =
  T(np=1)/T(np=N) only when both runs are valid; the other models have one run and no speedups;
* the outcome flags follow the implication chain checked by staging (did_build => source_write
  _success, did_any_run => did_build, did_all_run => did_any_run, are_any_valid => did_any_run,
  are_all_valid => are_any_valid and did_all_run), because they are derived from per-run states.

The models are the 11 real model names (``H2LooP v0.1-coder``, the default reference model,
first) followed by generated ones (``model-0011``, ...). Outcomes come from a latent model: model
skill (from seeds/sample_calibration.csv for the real models) + problem ease + parallelism-model
shift + a model-by-problem effect shared by all samples of a prompt + per-sample and per-run noise.

All randomness is ``hash(seed, ...)`` in DuckDB SQL over ``range()``, so the output depends only on
the arguments (byte-identical CSV for a given seed and size) and 5M rows take seconds, not minutes.

Usage::

    python scripts/make_large_data.py --models 100 --samples 20 --format both --out /tmp/big
    python scripts/make_large_data.py --rows 1000000 --format parquet --out /tmp/big_1m.parquet
    python scripts/make_large_data.py --rows 5000000 --models 119 --out /tmp/big_5m  # 100 samples
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
PROBLEMS_CSV = REPO_ROOT / "seeds" / "pareval_problems.csv"
CALIBRATION_CSV = REPO_ROOT / "seeds" / "sample_calibration.csv"
DEFAULT_SEED = 20250820
DEFAULT_SAMPLES = 20  # ParEval's own runs: 20 samples per prompt

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
    "sample_id",
)
BOOLEAN_COLUMNS = (
    "source_write_success",
    "did_build",
    "is_source_valid",
    "did_any_run",
    "did_all_run",
    "are_any_valid",
    "are_all_valid",
)
# The default reference model first, so that even a 1-model file can be built.
REAL_MODELS = (
    "H2LooP v0.1-coder",
    "Gemini Flash",
    "Gemini Pro",
    "H2looP v0.1-multimodal",
    "Gemma3",
    "Kimi K2",
    "Llama3.3 8B",
    "Llama4 Maverick",
    "Mistral Nemo",
    "Qwen 2.5 Coder",
    "deepseek_coder_v2lite",
)
# Real models' response time (median serial seconds, log sd), blank (None) as in the sample.
REAL_RESPONSE_TIME: dict[str, tuple[float, float] | None] = {
    "H2LooP v0.1-coder": None,
    "Gemini Flash": None,
    "Gemini Pro": None,
    "H2looP v0.1-multimodal": (6.9, 0.5),
    "Gemma3": (6.0, 0.55),
    "Kimi K2": (6.8, 1.0),
    "Llama3.3 8B": (2.65, 0.5),
    "Llama4 Maverick": (2.2, 0.5),
    "Mistral Nemo": (2.85, 0.5),
    "Qwen 2.5 Coder": (9.2, 0.55),
    "deepseek_coder_v2lite": (3.7, 0.4),
}
# Real models with token counts: (prompt scale, median completion tokens).
REAL_TOKENS: dict[str, tuple[float, float]] = {
    "H2looP v0.1-multimodal": (1.068, 170.0),
    "Qwen 2.5 Coder": (1.0, 160.0),
    "deepseek_coder_v2lite": (1.128, 175.0),
}
# (name, log shift of ease, runs per sample, log runtime factor vs serial)
PARALLELISM_MODELS = (
    ("serial", 0.6, 1, 0.0),
    ("omp", 0.2, 1, -1.2),
    ("mpi", -0.3, 3, 0.5),
    ("mpi+omp", -0.6, 3, 0.3),
    ("kokkos", -0.4, 1, -1.0),
    ("cuda", -0.1, 1, -2.0),
    ("hip", -0.2, 1, -1.8),
)
N_PARALLELISM = len(PARALLELISM_MODELS)


@dataclass(frozen=True)
class Size:
    """The shape of a generated file."""

    models: int
    samples: int
    problems: int

    @property
    def rows(self) -> int:
        return self.models * self.problems * N_PARALLELISM * self.samples


def read_problems(path: Path = PROBLEMS_CSV) -> list[tuple[str, str]]:
    """(problem_name, problem_type) in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["problem_name"], row["problem_type"]) for row in csv.DictReader(handle)]


def real_model_skills(path: Path = CALIBRATION_CSV) -> dict[str, float]:
    """A skill per real model: the logit of its share of all-valid rows in the calibration."""
    valid: dict[str, int] = {}
    total: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            valid[row["model"]] = valid.get(row["model"], 0) + int(row["n_are_all_valid"])
            total[row["model"]] = total.get(row["model"], 0) + int(row["n_rows"])
    return {m: math.log((valid[m] + 0.5) / (total[m] - valid[m] + 0.5)) for m in valid}


def size_for_rows(rows: int, problems: int, models: int | None = None) -> Size:
    """Models and samples whose product approximates `rows`.

    Without `models`: 20 samples once there is room, and as many models as needed (a sweep).
    With `models`: that many models, and as many samples as needed.
    """
    per_sample = problems * N_PARALLELISM
    if models is not None:
        return Size(models, max(1, round(rows / (per_sample * models))), problems)
    samples = max(1, min(DEFAULT_SAMPLES, round(rows / (per_sample * len(REAL_MODELS)))))
    models = max(1, round(rows / (per_sample * samples)))
    return Size(models, samples, problems)


# ---------------------------------------------------------------- SQL


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(values: list[str] | list[float] | list[int]) -> str:
    return "[" + ", ".join(literal(v) if isinstance(v, str) else repr(v) for v in values) + "]"


def nullable_list(values: list[float | None]) -> str:
    return "[" + ", ".join("NULL::DOUBLE" if v is None else repr(v) for v in values) + "]"


# Plain expressions (no subqueries) so DuckDB keeps everything a streaming projection.
U01 = "((hash({seed}, {a}, {b}, {c}) >> 11)::double + 0.5) / 9007199254740992.0"
ZNORM = (
    "(sqrt(-2.0 * ln(((hash({seed}, {a}, {b}, {c}) >> 32)::double + 0.5) / 4294967296.0))"
    " * cos(2.0 * pi() * ((hash({seed}, {a}, {b}, {c}) & 4294967295)::double + 0.5)"
    " / 4294967296.0))"
)


def u01(seed: int, a: str, b: str, salt: str) -> str:
    return U01.format(seed=seed, a=a, b=b, c=literal(salt))


def znorm(seed: int, a: str, b: str, salt: str) -> str:
    return ZNORM.format(seed=seed, a=a, b=b, c=literal(salt))


def model_expressions(seed: int) -> dict[str, str]:
    """Per-model attributes: real models from the tables above, generated ones from hashes."""
    skills = real_model_skills()
    n_real = len(REAL_MODELS)
    real_rt = [REAL_RESPONSE_TIME[m] for m in REAL_MODELS]
    real_tok = [REAL_TOKENS.get(m) for m in REAL_MODELS]
    model_i = gen = "model_i"
    is_real = f"{model_i} < {n_real}"
    idx = f"{model_i} + 1"
    return {
        "model": f"case when {is_real} then {sql_list(list(REAL_MODELS))}[{idx}] "
        f"else 'model-' || lpad({model_i}::varchar, 4, '0') end",
        "skill": f"case when {is_real} then {sql_list([skills[m] for m in REAL_MODELS])}[{idx}] "
        f"else -0.5 + 1.2 * {znorm(seed, gen, '0', 'skill')} end",
        "rt_median": f"case when {is_real} then "
        f"{nullable_list([r[0] if r else None for r in real_rt])}[{idx}] "
        f"when {u01(seed, gen, '0', 'has_rt')} < 0.25 then NULL "
        f"else exp(1.4 + 0.5 * {znorm(seed, gen, '0', 'rt')}) end",
        "rt_sd": f"case when {is_real} then "
        f"{nullable_list([r[1] if r else None for r in real_rt])}[{idx}] "
        f"else 0.5 end",
        "tok_scale": f"case when {is_real} then "
        f"{nullable_list([t[0] if t else None for t in real_tok])}[{idx}] "
        f"when {u01(seed, gen, '0', 'has_tok')} < 0.3 "
        f"then 1.0 + 0.05 * {znorm(seed, gen, '0', 'tok')} end",
        "tok_completion": f"case when {is_real} then "
        f"{nullable_list([t[1] if t else None for t in real_tok])}[{idx}] "
        f"else 170.0 end",
    }


def run_state_columns(seed: int) -> str:
    """ran0..2 (the run exited 0) and ok0..2 (its output would validate) of the runs at np 1, 2, 4.

    The np = 1 run has its own noise; the np = 2 and np = 4 runs share one (the code's parallel
    part works or not) plus a little of their own, so VCC and VVV are common and VVC rare, as in
    the real file.
    """
    columns = []
    for r in range(3):
        if r == 0:
            ran_noise = f"0.5 * {znorm(seed, 'i', '0', 'ran')}"
            ok_noise = f"0.4 * {znorm(seed, 'i', '0', 'ok')}"
            shift = 0.0
        else:
            ran_noise = (
                f"0.5 * {znorm(seed, 'i', '0', 'par_ran')}"
                f" + 0.1 * {znorm(seed, 'i', str(r), 'ran')}"
            )
            ok_noise = (
                f"0.4 * {znorm(seed, 'i', '0', 'par_ok')} + 0.1 * {znorm(seed, 'i', str(r), 'ok')}"
            )
            shift = 0.3 + 0.05 * r
        columns.append(f"built and {r} < n_runs and q_run - {shift} + {ran_noise} > 0 as ran{r}")
        columns.append(f"q_valid - {shift} + {ok_noise} > 0 as ok{r}")
    return ",\n        ".join(columns)


def generation_sql(size: Size, seed: int, problems: list[tuple[str, str]]) -> str:
    """One SELECT producing every row, typed (BOOLEAN flags, DOUBLE measurements)."""
    s, n_pm, n_prob = size.samples, N_PARALLELISM, size.problems
    names = sql_list([p[0] for p in problems])
    types = sql_list([p[1] for p in problems])
    pm_names = sql_list([p[0] for p in PARALLELISM_MODELS])
    pm_shift = sql_list([p[1] for p in PARALLELISM_MODELS])
    pm_runs = sql_list([p[2] for p in PARALLELISM_MODELS])
    pm_time = sql_list([p[3] for p in PARALLELISM_MODELS])
    m = model_expressions(seed)
    z, u = (lambda a, b, c: znorm(seed, a, b, c)), (lambda a, b, c: u01(seed, a, b, c))
    prompt = "model_i * 1000 + prob_i"  # a model x problem key
    cell = f"({prompt}) * 10 + pm_i"  # a prompt (model x problem x parallelism model)
    return f"""
with
idx as (
    select
        i,
        i % {s} as sample_id,
        (i // {s}) % {n_pm} as pm_i,
        (i // ({s} * {n_pm})) % {n_prob} as prob_i,
        i // ({s} * {n_pm} * {n_prob}) as model_i
    from range({size.rows}) as r(i)
),
latent as (
    select
        *,
        {m["model"]} as model,
        {names}[prob_i + 1] as problem_name,
        {types}[prob_i + 1] as problem_type,
        {pm_names}[pm_i + 1] as parallelism_model,
        {pm_runs}[pm_i + 1] as n_runs,
        {m["rt_median"]} as rt_median,
        {m["rt_sd"]} as rt_sd,
        {m["tok_scale"]} as tok_scale,
        {m["tok_completion"]} as tok_completion,
        {m["skill"]} + 0.7 * {z("prob_i", "0", "ease")} + {pm_shift}[pm_i + 1]
            + 0.5 * {z(prompt, "0", "model_problem")} + 0.3 * {z(cell, "0", "prompt")}
            as ease,
        -4.9 + 1.5 * {z("prob_i", "0", "serial_log")} + {pm_time}[pm_i + 1] as log_time,
        {u("prob_i", "0", "tiny")} < 11.0 / 60.0 as is_tiny_problem,
        1075.0 + 90.0 * exp(0.5 * {z("prob_i", "0", "prompt_len")}) as prompt_length
    from idx
),
runs as (
    select
        *,
        ease + 0.7 + 0.8 * {z("i", "0", "build")} > 0 as built,
        ease + 1.0 + 0.6 * {z("i", "0", "run")} as q_run,
        ease + 0.1 + 0.6 * {z("i", "0", "valid")} as q_valid
    from latent
),
run_states as (
    select
        *,
        {run_state_columns(seed)}
    from runs
),
valid_states as (
    select
        *,
        ran0 and ok0 as valid0, ran1 and ok1 as valid1, ran2 and ok2 as valid2
    from run_states
),
times as (
    select
        *,
        case
            when n_runs = 1 and is_tiny_problem and pm_i in (0, 1, 4)
                and {u("i", "0", "tiny")} < 0.85
                then round(8e-9 + 5.2e-8 * {u("i", "1", "tiny")}, 10)
            when n_runs = 1 then round(least(greatest(
                exp(log_time + 0.5 * {z("i", "0", "t")}), 6e-8), 0.45), 10)
            else round(least(greatest(
                exp(log_time + 0.7 * {z("i", "0", "t")}), 1.5e-5), 15.0), 8)
        end as t0,
        greatest(1.05 - exp(ln(0.5) + 0.6 * {z("prob_i", "0", "scaling")}
            + 0.5 * {z("i", "0", "deficit")}), -2.5) as log2_sp2
    from valid_states
),
mpi_times as (
    select
        *,
        case when n_runs = 3 then greatest(round(t0 / pow(2.0, log2_sp2), 8), 1e-8) end as t1,
        case when n_runs = 3 then greatest(round(t0 / pow(2.0, least(greatest(
            2 * log2_sp2 - (0.6 + 0.5 * {z("i", "0", "sp4")}), -3.5), 2.1)), 8), 1e-8)
        end as t2
    from times
),
final as (
    select
        model,
        problem_type,
        problem_name,
        parallelism_model,
        case when rt_median is not null then round(
            rt_median * (case when n_runs = 3 then 2.0 when pm_i = 0 then 1.0 else 1.5 end)
            * exp(rt_sd * {z("i", "0", "rt")}), 3) + 0.001 * {u("i", "0", "rt")}
        end as response_time,
        case when tok_scale is not null then (
            round(prompt_length * tok_scale) + case when n_runs = 3
                then 45 + floor(7 * {u("i", "0", "tok")}) - 3 else 0 end
            + round(least(greatest(tok_completion * (case when n_runs = 3 then 1.4 else 1.0 end)
                * exp(0.75 * {z("i", "0", "completion")}), 20), 1000)))::double
        end as total_tokens,
        case when tok_scale is not null then (
            round(prompt_length * tok_scale) + case when n_runs = 3
                then 45 + floor(7 * {u("i", "0", "tok")}) - 3 else 0 end)::double
        end as prompt_tokens,
        true as source_write_success,
        built as did_build,
        true as is_source_valid,
        ran0 or ran1 or ran2 as did_any_run,
        built and ran0 and (n_runs < 2 or ran1) and (n_runs < 3 or ran2) as did_all_run,
        valid0 or valid1 or valid2 as are_any_valid,
        built and valid0 and (n_runs < 2 or valid1) and (n_runs < 3 or valid2) as are_all_valid,
        least(case when valid0 then t0 end, case when valid1 then t1 end,
              case when valid2 then t2 end) as best_runtime,
        round((case when valid0 then t0 else 0 end + case when valid1 then t1 else 0 end
               + case when valid2 then t2 else 0 end)
            / nullif(valid0::int + valid1::int + valid2::int, 0), 16) as avg_runtime,
        case when valid0 and valid1 then t0 / t1 end as speedup_2proc,
        case when valid0 and valid2 then t0 / t2 end as speedup_4proc,
        (valid0::int + valid1::int + valid2::int)::bigint as num_successful_runs,
        sample_id::bigint as sample_id
    from mpi_times
)
select * from final
"""


def csv_projection(relation: str) -> str:
    """The typed rows with booleans spelled True/False, as pandas writes them."""
    columns = [
        f"case when {c} then 'True' else 'False' end as {c}" if c in BOOLEAN_COLUMNS else c
        for c in COLUMNS
    ]
    return f"select {', '.join(columns)} from {relation}"


# ---------------------------------------------------------------- output


def output_paths(out: Path, fmt: str) -> dict[str, Path]:
    """Where each format goes: OUT with its suffix replaced (OUT.csv / OUT.parquet)."""
    formats = ("csv", "parquet") if fmt == "both" else (fmt,)
    suffixes = {"csv": ".csv", "parquet": ".parquet"}
    base = out.with_suffix("") if out.suffix in (".csv", ".parquet", ".pq") else out
    return {f: base.with_name(base.name + suffixes[f]) for f in formats}


def write_files(size: Size, seed: int, paths: dict[str, Path]) -> None:
    """Write the requested formats; with both, the CSV is derived from the Parquet file."""
    query = generation_sql(size, seed, read_problems()[: size.problems])
    with duckdb.connect() as con:
        con.execute("set preserve_insertion_order = true")
        for path in paths.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        if "parquet" in paths:
            target = literal(str(paths["parquet"]))
            con.execute(f"copy ({query}) to {target} (format parquet, compression zstd)")
            source = f"read_parquet({target})"
        else:
            source = f"({query})"
        if "csv" in paths:
            target = literal(str(paths["csv"]))
            con.execute(f"copy ({csv_projection(source)}) to {target} (format csv, header true)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        help="approximate number of rows (picks the samples, and the models "
        "unless --models is given)",
    )
    parser.add_argument("--models", type=int, help="number of models (11 real names first)")
    parser.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        help=f"samples per prompt with --models and no --rows (default {DEFAULT_SAMPLES})",
    )
    parser.add_argument(
        "--problems",
        type=int,
        default=60,
        help="use only the first N of the 60 problems (default 60)",
    )
    parser.add_argument("--format", choices=("csv", "parquet", "both"), default="both")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output path; its suffix is replaced by .csv / .parquet",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.rows is None and args.models is None:
        parser.error("give --rows or --models")
    if min(args.rows or 1, args.models or 1, args.samples) < 1 or not 1 <= args.problems <= 60:
        parser.error("sizes must be positive (and --problems at most 60)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.rows is not None:
        size = size_for_rows(args.rows, args.problems, args.models)
    else:
        size = Size(args.models, args.samples, args.problems)
    paths = output_paths(args.out, args.format)
    started = time.perf_counter()
    write_files(size, args.seed, paths)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {size.rows} rows ({size.models} models x {size.problems} problems x "
        f"{N_PARALLELISM} parallelism models x {size.samples} samples, seed {args.seed}) "
        f"in {elapsed:.1f} s: {', '.join(str(p) for p in paths.values())}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
