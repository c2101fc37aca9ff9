"""ParEval's own output in, ParEval's own metrics out (issue 11).

* The h2loop DeepSeek driver JSON reproduces its 120 rows of the real raw_metrics.csv (every flag,
  runtime, speedup, token count and response time), and the two inputs give identical rate marts.
* fct_pareval_metrics on generated ParEval output (scripts/make_pareval_results.py) equals a
  plain-Python implementation of ParEval's analysis/metrics.py written here (<= 1e-12 relative),
  build_at_k_pareval included; fct_scaling_curves equals a plain-Python + scipy computation.
* ParEval's per-run CSV of the same data gives the same staging rows and marts as its JSON.
* Bad JSON: a file-level error naming file and place, or quarantine with a reason; kept + rejected =
  the input's samples, counted here from the JSON.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import statistics
import subprocess
import sys
from collections import defaultdict
from math import comb
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt_builds import REAL_RESULTS, REAL_TABLES, ROOT, Build
from dbt_builds import dbt_build as _dbt_build
from scipy import stats

FIXTURES = ROOT / "tests" / "fixtures" / "pareval"
DEEPSEEK_JSON = REAL_TABLES / "deepseek_coder_v2lite_results.json"
GENERATOR = ROOT / "scripts" / "make_pareval_results.py"
RATE_MARTS = "+fct_success_rates +fct_dataset_card +fct_data_audit +stg_raw_metrics_rejected"
PAREVAL_MARTS = "+fct_pareval_metrics +fct_scaling_curves +fct_scaling"
#: ParEval's default resource counts for speedup@k (omp/kokkos threads, mpi processes, mpi+omp).
RESOURCES: dict[str, tuple[int | None, int | None]] = {
    "omp": (None, 32),
    "kokkos": (None, 32),
    "mpi": (512, None),
    "mpi+omp": (4, 64),
}
TIMER_RESOLUTION_S = 1e-6

needs_shared = pytest.mark.skipif(
    not DEEPSEEK_JSON.exists() or not REAL_RESULTS.exists(),
    reason="../shared/data/h2loop-r1 (the real DeepSeek JSON and raw_metrics.csv) is not available",
)


def dbt_build(workdir: Path, dbt_vars: dict[str, str], select: str | None) -> Build:
    """A build of the selected models and only the tests whose parents are all selected (dbt's
    cautious indirect selection), so that a partial build does not run tests of marts left out."""
    return _dbt_build(workdir, dbt_vars, select, env={"DBT_INDIRECT_SELECTION": "cautious"})


def output_of(build: Build) -> str:
    return build.stdout + build.stderr


def assert_built(build: Build) -> None:
    assert build.returncode == 0, output_of(build)[-6000:]
    assert "Traceback" not in output_of(build)


def rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db_path), read_only=True) as db:
        return db.sql(sql).fetchall()


# ---- ParEval, in plain Python


def ncr(n: int, r: int) -> int:
    """ParEval's nCr: 1 when n < r."""
    return 1 if n < r else comb(n, r)


def passk(n: int, c: int, k: int) -> float:
    """ParEval's _passk."""
    if n - c < k:
        return 1.0
    product = 1.0
    for i in range(n - c + 1, n + 1):
        product *= 1.0 - k / i
    return 1.0 - product


def speedupk(runtimes: list[float], baseline: float, k: int, resources: float = 1) -> float:
    """ParEval's _speedupk / _efficiencyk (resources > 1)."""
    ordered = sorted(runtimes)
    n = len(ordered)
    total = 0.0
    for j in range(1, n + 1):
        total += (ncr(j - 1, k - 1) * baseline) / (
            ncr(n, k) * max(ordered[j - 1], 1e-8) * resources
        )
    return total


def driver_outputs(folder: Path) -> list[tuple[str, str, str, str, int, dict[str, Any]]]:
    """(model, execution model, problem type, problem, output index, output) of a results folder."""
    found = []
    for model_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        for path in sorted(model_dir.glob("*.json")):
            for prompt in json.loads(path.read_text("utf-8")):
                if prompt["parallelism_model"] != path.stem:
                    continue
                for index, output in enumerate(prompt["outputs"]):
                    found.append(
                        (
                            model_dir.name,
                            path.stem,
                            prompt["problem_type"],
                            prompt["name"],
                            index,
                            output,
                        )
                    )
    return found


def pareval_metrics(
    folder: Path, ks: list[int], sizes: dict[tuple[str, str], int]
) -> dict[tuple[str, str, str, int], dict[str, float]]:
    """analysis/metrics.py over a results folder: per (model, em, type, k) and type 'all'."""
    samples: dict[tuple[str, str, str, str], list[tuple[bool, bool, int]]] = defaultdict(list)
    timed: dict[tuple[str, str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for model, em, problem_type, problem, _, output in driver_outputs(folder):
        key = (model, em, problem_type, problem)
        runs = output["runs"]
        # create-dataframe.py: one row per run, one row for a sample without runs
        n_rows = len(runs) if runs else 1
        correct = bool(runs) and all(run["is_valid"] is True for run in runs)
        samples[key].append((output["did_build"], correct, n_rows))
        for run in runs or []:
            if run["is_valid"] is not True or run["runtime"] is None:
                continue
            procs, threads = RESOURCES.get(em, (None, None))
            if (procs is not None and run.get("num_procs") != procs) or (
                threads is not None and run.get("num_threads") != threads
            ):
                continue
            timed[key].append((run["runtime"], output["best_sequential_runtime"]))
    most_samples: dict[tuple[str, str], int] = defaultdict(int)
    for key, values in samples.items():
        most_samples[key[:2]] = max(most_samples[key[:2]], len(values))

    per_type: dict[tuple[str, str, str, int], dict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for key, values in samples.items():
        model, em, problem_type, problem = key
        for k in ks:
            if k > most_samples[(model, em)]:
                continue
            cell = per_type[(model, em, problem_type, k)]
            n = len(values)
            cell["build"].append(passk(n, sum(v[0] for v in values), k))
            cell["build_pareval"].append(
                passk(sum(v[2] for v in values), sum(v[2] for v in values if v[0]), k)
            )
            cell["pass"].append(passk(n, sum(v[1] for v in values), k))
            if timed.get(key):
                runtimes = [t for t, _ in timed[key]]
                baseline = min(b for _, b in timed[key])
                if em in ("cuda", "hip"):
                    resources: float = sizes[(problem, em)]
                else:
                    procs, threads = RESOURCES.get(em, (None, None))
                    resources = (procs or 1) * (threads or 1)
                cell["speedup"].append(speedupk(runtimes, baseline, k))
                cell["efficiency"].append(speedupk(runtimes, baseline, k, resources))

    result: dict[tuple[str, str, str, int], dict[str, float]] = {}
    overall: dict[tuple[str, str, str, int], dict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (model, em, problem_type, k), cell in per_type.items():
        row = {
            metric: (statistics.fmean(cell[metric]) if cell[metric] else 0.0)
            for metric in ("build", "build_pareval", "pass", "speedup", "efficiency")
        }
        result[(model, em, problem_type, k)] = row
        for metric, value in row.items():
            overall[(model, em, "all", k)][metric].append(value)
    for key, cell in overall.items():
        result[key] = {metric: statistics.fmean(values) for metric, values in cell.items()}
    return result


CurveKey = tuple[str, str, int | None, int | None]


def scaling_curves(folder: Path) -> dict[CurveKey, dict[str, float]]:
    """Per (model, em, procs, threads): geometric mean over problems of each problem's geometric
    mean speedup T(1)/T(r) over its samples, with the t interval of the mean log over problems."""
    per_problem: dict[CurveKey, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for model, em, _, problem, _, output in driver_outputs(folder):
        if em not in ("omp", "mpi", "mpi+omp", "kokkos"):
            continue
        timed = [
            run
            for run in output["runs"] or []
            if run["is_valid"] is True
            and run["runtime"] is not None
            and run["runtime"] >= TIMER_RESOLUTION_S
        ]
        one = [
            r["runtime"]
            for r in timed
            if (r.get("num_procs") or 1) * (r.get("num_threads") or 1) == 1
        ]
        if not one:
            continue
        for run in timed:
            key = (model, em, run.get("num_procs"), run.get("num_threads"))
            per_problem[key][problem].append(math.log(min(one) / run["runtime"]))
    curves = {}
    for key, problems in per_problem.items():
        logs = [statistics.fmean(values) for values in problems.values()]
        mean = statistics.fmean(logs)
        row = {"n_problems": len(logs), "geometric_mean_speedup": math.exp(mean)}
        if len(logs) >= 2:
            half = stats.t.ppf(0.975, len(logs) - 1) * statistics.stdev(logs) / math.sqrt(len(logs))
            row |= {"ci_low": math.exp(mean - half), "ci_high": math.exp(mean + half)}
        curves[key] = row
    return curves


def assert_rows_close(actual: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> None:
    """Equal rows; floats equal to 1e-12 relative (SQL sums in no fixed order, so the last bits of a
    mean may differ between two builds of the same data)."""
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        assert len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            if isinstance(a, float) and isinstance(b, float):
                assert relative_error(a, b) <= 1e-12, (got, want)
            else:
                assert a == b, (got, want)


def relative_error(actual: float, expected: float) -> float:
    if expected == 0:
        return abs(actual)
    return abs(actual - expected) / abs(expected)


# ---- builds


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pareval_results")
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--models",
            "2",
            "--problems",
            "12",
            "--samples",
            "20",
            "--out",
            str(out),
            "--run-csv",
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def generated_build(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = dbt_build(
        tmp_path_factory.mktemp("generated_build"),
        {"raw_metrics_path": str(generated), "reference_model": "H2LooP v0.1-coder"},
        PAREVAL_MARTS + " " + RATE_MARTS,
    )
    assert_built(build)
    return build


def test_generator_is_deterministic(generated: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--models",
            "2",
            "--problems",
            "12",
            "--samples",
            "20",
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    for path in sorted(tmp_path.rglob("*.json")):
        assert path.read_bytes() == (generated / path.relative_to(tmp_path)).read_bytes()
    outputs = driver_outputs(generated)
    assert {em for _, em, *_ in outputs} == {
        "serial",
        "omp",
        "mpi",
        "mpi+omp",
        "kokkos",
        "cuda",
        "hip",
    }
    failed = [o for *_, o in outputs if not o["did_build"]]
    assert failed and all(o["are_all_valid"] is None and o["runs"] is None for o in failed)


def run_generator(out: Path, models: int, problems: int = 12, samples: int = 20) -> int:
    """The generator's exit code for --models `models` into `out`."""
    command = [sys.executable, str(GENERATOR), "--models", str(models), "--problems", str(problems)]
    command += ["--samples", str(samples), "--out", str(out)]
    return subprocess.run(command, check=False, capture_output=True).returncode


def test_generator_sweep_models_are_named_and_stable(generated: Path, tmp_path: Path) -> None:
    """Past the 4 fixed models come checkpoints sweep-ckpt-005, ...; adding models changes none
    of the models already there (the first two equal the 2-model run byte for byte)."""
    assert run_generator(tmp_path / "six", 6) == 0
    assert sorted(p.name for p in (tmp_path / "six").iterdir()) == [
        "H2LooP v0.1-coder",
        "frontier-large",
        "mid-instruct-13b",
        "small-base-1b",
        "sweep-ckpt-005",
        "sweep-ckpt-006",
    ]
    for path in sorted(generated.glob("*/*.json")):
        assert path.read_bytes() == (tmp_path / "six" / path.relative_to(generated)).read_bytes()
    assert run_generator(tmp_path / "five", 5) == 0
    for path in sorted((tmp_path / "five" / "sweep-ckpt-005").glob("*.json")):
        assert path.read_bytes() == (tmp_path / "six" / "sweep-ckpt-005" / path.name).read_bytes()
    assert run_generator(tmp_path / "too_many", 1000, problems=1, samples=1) == 2


def test_pareval_metrics_equal_parevals_formulas(generated: Path, generated_build: Build) -> None:
    with (ROOT / "seeds" / "pareval_problem_sizes.csv").open(newline="", encoding="utf-8") as f:
        sizes = {
            (r["problem_name"], r["parallelism_model"]): int(r["problem_size"])
            for r in csv.DictReader(f)
        }
    expected = pareval_metrics(generated, [1, 5, 10, 20], sizes)
    actual = {
        (m, em, t, k): dict(
            zip(("build", "build_pareval", "pass", "speedup", "efficiency"), values, strict=True)
        )
        for m, em, t, k, *values in rows(
            generated_build.db,
            "select model_name, parallelism_model, problem_type, k, build_at_k, "
            "build_at_k_pareval, pass_at_k, speedup_at_k, efficiency_at_k from fct_pareval_metrics",
        )
    }
    assert set(actual) == set(expected)
    assert len(expected) == 2 * 7 * (12 + 1) * 4
    worst = max(
        relative_error(actual[key][metric], value)
        for key, row in expected.items()
        for metric, value in row.items()
    )
    assert worst <= 1e-12
    # the per-run weighting of ParEval's build@k differs from the per-sample rate on MPI
    mpi = actual[("H2LooP v0.1-coder", "mpi", "all", 1)]
    assert mpi["build_pareval"] > mpi["build"]


def test_scaling_curves_equal_plain_python(generated: Path, generated_build: Build) -> None:
    expected = scaling_curves(generated)
    actual = {
        (m, em, p, t): {"n_problems": n, "geometric_mean_speedup": g, "ci_low": lo, "ci_high": hi}
        for m, em, p, t, n, g, lo, hi in rows(
            generated_build.db,
            "select model_name, parallelism_model, n_procs, n_threads, n_problems, "
            "geometric_mean_speedup, ci_low, ci_high from fct_scaling_curves",
        )
    }
    assert set(actual) == set(expected)
    for key, row in expected.items():
        assert actual[key]["n_problems"] == row["n_problems"], key
        for metric in ("geometric_mean_speedup", "ci_low", "ci_high"):
            if metric in row:
                assert relative_error(actual[key][metric], row[metric]) <= 1e-9, (key, metric)


def test_per_run_csv_gives_the_same_samples_and_marts(
    generated: Path, generated_build: Build, tmp_path: Path
) -> None:
    model = "frontier-large"
    build = dbt_build(
        tmp_path,
        {
            "raw_metrics_path": str(generated / "per_run_csv" / f"{model}.csv"),
            "reference_model": model,
        },
        PAREVAL_MARTS + " " + RATE_MARTS,
    )
    assert_built(build)
    assert rows(build.db, "select input_format from fct_dataset_card") == [("pareval_run_csv",)]
    columns = (
        "model_name, problem_name, parallelism_model, sample_id, source_write_success, did_build, "
        "is_source_valid, did_any_run, did_all_run, are_any_valid, are_all_valid, best_runtime_s, "
        "avg_runtime_s, speedup_2proc, speedup_4proc, num_successful_runs"
    )
    order = "order by problem_name, parallelism_model, sample_id"
    from_csv = rows(build.db, f"select {columns} from stg_raw_metrics {order}")
    from_json = rows(
        generated_build.db,
        f"select {columns} from stg_raw_metrics where model_name = '{model}' {order}",
    )
    assert len(from_csv) == 7 * 12 * 20
    assert from_csv == from_json
    metrics = (
        "select parallelism_model, problem_type, k, build_at_k, build_at_k_pareval, "
        "pass_at_k, speedup_at_k, efficiency_at_k from fct_pareval_metrics {} "
        "order by 1, 2, 3"
    )
    assert_rows_close(
        rows(build.db, metrics.format("")),
        rows(generated_build.db, metrics.format(f"where model_name = '{model}'")),
    )
    curves = (
        "select parallelism_model, n_procs, n_threads, n_problems, geometric_mean_speedup "
        "from fct_scaling_curves {} order by 1, 2, 3"
    )
    assert_rows_close(
        rows(build.db, curves.format("")),
        rows(generated_build.db, curves.format(f"where model_name = '{model}'")),
    )


# ---- the real DeepSeek file


def matches_written_value(actual: Any, written: str) -> bool:
    """The CSV writes floats with 15 to 17 significant digits: equal at the digits written."""
    if written in ("True", "False"):
        return actual is (written == "True")
    if written == "":
        return actual is None
    expected = float(written)
    if actual is None:
        return False
    digits = written.lower().split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    unit = 10 ** (math.floor(math.log10(abs(expected))) - (len(digits) - 1)) if expected else 0
    return abs(float(actual) - expected) <= unit


@pytest.fixture(scope="module")
def deepseek_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    if not DEEPSEEK_JSON.exists() or not REAL_RESULTS.exists():
        pytest.skip("../shared/data/h2loop-r1 is not available")
    model = "deepseek_coder_v2lite"
    json_build = dbt_build(
        tmp_path_factory.mktemp("deepseek_json"),
        {"raw_metrics_path": str(DEEPSEEK_JSON), "model_name": model, "reference_model": model},
        RATE_MARTS,
    )
    assert_built(json_build)
    csv_path = tmp_path_factory.mktemp("deepseek_csv") / "deepseek_rows.csv"
    with REAL_RESULTS.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        header = next(reader)
        kept = [row for row in reader if row[0] == model]
    with csv_path.open("w", newline="", encoding="utf-8") as target:
        csv.writer(target, lineterminator="\n").writerows([header, *kept])
    csv_build = dbt_build(
        csv_path.parent / "build",
        {"raw_metrics_path": str(csv_path), "reference_model": model},
        RATE_MARTS,
    )
    assert_built(csv_build)
    return json_build, csv_build


@needs_shared
def test_deepseek_json_reproduces_its_120_csv_rows(deepseek_builds: tuple[Build, Build]) -> None:
    json_build, _ = deepseek_builds
    with REAL_RESULTS.open(newline="", encoding="utf-8") as handle:
        expected = [r for r in csv.DictReader(handle) if r["model"] == "deepseek_coder_v2lite"]
    assert len(expected) == 120
    renamed = {
        "model": "model_name",
        "response_time": "response_time_s",
        "best_runtime": "best_runtime_s",
        "avg_runtime": "avg_runtime_s",
    }
    with duckdb.connect(str(json_build.db), read_only=True) as db:
        relation = db.sql("select * from stg_raw_metrics")
        names = relation.columns
        actual = {
            (r["problem_name"], r["parallelism_model"]): r
            for r in (dict(zip(names, row, strict=True)) for row in relation.fetchall())
        }
        assert db.sql("select count(*) from stg_raw_metrics_rejected").fetchall() == [(0,)]
    assert len(actual) == 120
    mismatches = []
    for row in expected:
        got = actual[(row["problem_name"], row["parallelism_model"])]
        for column, written in row.items():
            value = got[renamed.get(column, column)]
            ok = (
                value == written
                if column in ("model", "problem_type", "problem_name", "parallelism_model")
                else matches_written_value(value, written)
            )
            if not ok:
                mismatches.append(
                    (row["problem_name"], row["parallelism_model"], column, written, value)
                )
    assert mismatches == []


@needs_shared
def test_deepseek_json_and_csv_give_identical_marts(deepseek_builds: tuple[Build, Build]) -> None:
    json_build, csv_build = deepseek_builds
    rates = (
        "select model_name, scope, metric, n, successes, rate, wilson_low, wilson_high "
        "from fct_success_rates order by 1, 2, 3"
    )
    assert_rows_close(rows(json_build.db, rates), rows(csv_build.db, rates))
    card = "select rows_input, rows_kept, rows_rejected, n_models, n_problems from fct_dataset_card"
    assert rows(json_build.db, card) == rows(csv_build.db, card) == [(120, 120, 0, 1, 60)]


# ---- conventions and bad JSON


def count_samples(path: Path) -> int:
    """Samples of a driver JSON file, counted here: every output of an execution model that has at
    least one driver result object in the file."""
    prompts = json.loads(path.read_text("utf-8"))
    run = {
        p["parallelism_model"] for p in prompts if any(isinstance(o, dict) for o in p["outputs"])
    }
    return sum(len(p["outputs"]) for p in prompts if p["parallelism_model"] in run)


def test_blank_later_flags_after_a_failed_build_count_as_failures(tmp_path: Path) -> None:
    path = FIXTURES / "one_pass_one_failed_build.json"
    build = dbt_build(
        tmp_path,
        {"raw_metrics_path": str(path), "reference_model": "x", "model_name": "x"},
        RATE_MARTS,
    )
    assert_built(build)
    assert rows(
        build.db,
        "select n, successes, rate from fct_success_rates where scope = 'all' and metric = 'pass'",
    ) == [(2, 1, 0.5)]
    notes = rows(build.db, "select quality_flags from base_raw_metrics where not did_build")
    note = "set to False (an earlier flag is False)"
    assert notes == [
        (
            f"blank did_any_run {note}; blank did_all_run {note}; "
            f"blank are_any_valid {note}; blank are_all_valid {note}",
        )
    ]


def test_bad_samples_are_quarantined_with_reasons(tmp_path: Path) -> None:
    path = FIXTURES / "bad_samples.json"
    build = dbt_build(
        tmp_path, {"raw_metrics_path": str(path), "reference_model": "bad_samples"}, RATE_MARTS
    )
    assert_built(build)
    assert count_samples(path) == 7
    assert rows(build.db, "select rows_input, rows_kept, rows_rejected from fct_dataset_card") == [
        (7, 2, 5)
    ]
    reasons = dict(
        rows(
            build.db,
            "select source_place, rejection_reason from base_raw_metrics "
            "where rejection_reason is not null",
        )
    )
    assert reasons["prompt 0 (25_reduce_xor, mpi), output 2"] == (
        'negative or non-finite runtime in runs[1]: "-0.5"'
    )
    assert reasons["prompt 0 (25_reduce_xor, mpi), output 3"] == (
        "run count of 0: did_build is true and runs is empty"
    )
    assert reasons["prompt 1 (27_reduce_average, mpi), output 0"] == (
        "runs is a JSON object, not a list"
    )
    assert reasons["prompt 1 (27_reduce_average, mpi), output 1"].startswith(
        "output 1 is a JSON number, not a driver result object"
    )
    assert reasons["prompt 1 (27_reduce_average, mpi), output 2"].startswith(
        "missing value in did_build"
    )


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("malformed.json", 'Malformed JSON in file "{path}", at byte'),
        ("top_level_object.json", "Expected top-level JSON array"),
    ],
)
def test_unreadable_json_stops_the_build_naming_file_and_place(
    fixture: str, message: str, tmp_path: Path
) -> None:
    path = FIXTURES / fixture
    build = dbt_build(tmp_path, {"raw_metrics_path": str(path)}, "base_raw_metrics")
    assert build.returncode != 0
    assert message.replace("{path}", str(path)) in output_of(build)
    assert "Traceback" not in output_of(build)


def test_results_folder_model_names_and_all_json(tmp_path: Path) -> None:
    """model-a: serial.json wins over all.json for serial, all.json adds mpi; model-b: all.json
    only; results.json is not driver output and is not read."""
    build = dbt_build(
        tmp_path,
        {"raw_metrics_path": str(FIXTURES / "folder"), "reference_model": "model-a"},
        RATE_MARTS + " +stg_pareval_samples",
    )
    assert_built(build)
    got = rows(
        build.db,
        "select model_name, parallelism_model, count(*), count_if(did_build), "
        "min(regexp_extract(source_file, '[^/]+$')) from stg_pareval_samples "
        "group by all order by 1, 2",
    )
    assert got == [
        ("model-a", "mpi", 2, 2, "all.json"),
        ("model-a", "serial", 2, 1, "serial.json"),
        ("model-b", "serial", 1, 1, "all.json"),
    ]
    assert rows(build.db, "select input_format, rows_input from fct_dataset_card") == [
        ("pareval_folder", 5)
    ]
    # the folder's fingerprint: SHA-256 of its driver files' SHA-256s (hex, in path order);
    # results.json is not driver output and is not part of it
    folder = FIXTURES / "folder"
    drivers = ["model-a/all.json", "model-a/serial.json", "model-b/all.json"]
    hexes = "".join(hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in drivers)
    assert rows(build.db, "select input_sha256 from fct_dataset_card") == [
        (hashlib.sha256(hexes.encode()).hexdigest(),)
    ]


def test_the_same_sample_in_two_files_is_an_error_naming_both(tmp_path: Path) -> None:
    folder = FIXTURES / "folder"
    build = dbt_build(
        tmp_path, {"raw_metrics_path": str(folder), "model_name": "one-name"}, "base_raw_metrics"
    )
    assert build.returncode != 0
    output = output_of(build)
    assert "(one-name, 25_reduce_xor, serial, sample 0) is in both" in output
    assert str(folder / "model-a" / "serial.json") in output
    assert str(folder / "model-b" / "all.json") in output


def test_generation_only_json_stops_the_build_saying_it_has_no_samples(tmp_path: Path) -> None:
    """Prompts whose outputs are all code strings (generated, never run) hold no sample."""
    path = tmp_path / "generated_only.json"
    prompt = {"name": "12_sum", "problem_type": "reduce", "parallelism_model": "omp"}
    path.write_text(json.dumps([{**prompt, "outputs": ["int main() {}", "int main() { }"]}]))
    build = dbt_build(tmp_path, {"raw_metrics_path": str(path)}, "base_raw_metrics")
    assert build.returncode != 0
    assert f"Input '{path}' has no samples: no prompt carries a driver result" in output_of(build)
    assert "Traceback" not in output_of(build)


def valid_best_runtime(output: dict[str, Any], procs: int) -> float | None:
    """The fastest valid run of a driver output at `procs` processes and one thread, or None."""
    times = [
        float(run["runtime"])
        for run in output.get("runs") or []
        if isinstance(run, dict)
        and run.get("is_valid") is True
        and run.get("num_procs") == procs
        and run.get("num_threads") in (None, 1)
        and run.get("runtime") is not None
    ]
    return min(times) if times else None


def test_mpi_speedups_are_of_mpi_code_only(generated: Path, generated_build: Build) -> None:
    """fct_scaling (section 3.1.3, "MPI speedup") counts the speedups of MPI code; the process
    speedups the driver output also gives for mpi+omp code stay out (their curves are in
    fct_scaling_curves)."""
    expected: dict[tuple[str, int], int] = defaultdict(int)
    hybrid = 0
    for model, execution_model, _, _, _, output in driver_outputs(generated):
        if not isinstance(output, dict) or valid_best_runtime(output, 1) is None:
            continue
        for procs in (2, 4):
            if valid_best_runtime(output, procs):
                if execution_model == "mpi":
                    expected[(model, procs)] += 1
                elif execution_model == "mpi+omp":
                    hybrid += 1
    assert hybrid > 0, "the generated data has no mpi+omp process speedup to leave out"
    got = rows(generated_build.db, "select model_name, procs, n from fct_scaling where n > 0")
    assert {(model, procs): n for model, procs, n in got} == dict(expected)
