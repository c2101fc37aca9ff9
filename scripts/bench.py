"""Time and memory benchmark of `dbt build` and `reporting/render.py`, against DuckDB's own floor.

One run measures, on this machine:

(a) `dbt build` and render on the bundled sample;
(b) `dbt build` (and render of each build's database) on generated inputs of each size (default 1M
    and 5M rows), CSV and Parquet, through the external path (var `raw_metrics_path`);
(c) DuckDB's floor for the same files: in a fresh Python process, one read of the whole file with
    the types staging uses (CSV `all_varchar = true`; Parquet as stored; ParEval JSON: every output
    object of every prompt, the flags as text) into an in-memory table, plus one
    `group by model, parallelism_model` with `count_if` of each of the 7 flags. The floor
    time is measured inside that process (interpreter start-up excluded), because build minus
    sample build also removes dbt's fixed start-up cost;
(d) the peak memory of each: `ru_maxrss` of the child from `os.wait4` (exact, the largest RSS any
    single process of the tree reached) and, for reference, the largest sum of RSS over the process
    tree sampled every 50 ms with psutil;
(e) after every build, every relation of the database (marts and staging views) read in full in a
    fresh process, timed and added to the build: a view computes nothing until it is read, so the
    data-dependent time (build minus sample build) would otherwise miss it;
(f) the peer: scripts/bench_peer.py, the core of the report in pandas + scipy (rates with t and
    Wilson intervals per model x scope, Cohen's d against the reference, domain pass rates,
    speedup means), on a generated file of `--peer-rows` rows and `--peer-models` models (default
    1M rows, 121 models), against the data-dependent build of the same file (its build minus the
    sample build, both with the full read);
(g) opt-in (`--pareval-samples N`, e.g. 840000 = a checkpoint sweep of 100 models x 7 execution
    models x 60 problems x 20 samples): a ParEval results folder of driver JSON written by
    scripts/make_pareval_results.py (N / 8,400 models), built through `raw_metrics_path` and read
    and rendered as above, with its floor (c); its samples kept (`stg_pareval_samples`) +
    rejected (`stg_raw_metrics_rejected`) against the samples written.

Each measurement is repeated (`--repeats`, default 3) in rounds (every case once per round, so
background load spreads over all cases) and the median is reported. Every build uses its own
database file and target directory under the work directory, never the repository's
`pareval.duckdb` or `target/`. Generated inputs are cached there by size and seed.

Usage::

    python scripts/bench.py            # 1M and 5M rows, 3 repeats, writes bench/results.md
    python scripts/bench.py --quick    # 100k rows (peer too), 1 repeat, bench/tmp/results.md
    python scripts/bench.py --sizes 100000 --repeats 1 --formats parquet
    python scripts/bench.py --pareval-only --repeats 1   # sample + 840k ParEval samples only
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
DBT = PYTHON.with_name("dbt")
RENDER = ROOT / "reporting" / "render.py"
GENERATOR = ROOT / "scripts" / "make_large_data.py"
PAREVAL_GENERATOR = ROOT / "scripts" / "make_pareval_results.py"
PAREVAL = "pareval"  # the case format of a ParEval results folder
PAREVAL_DEFAULT_SAMPLES = 840_000  # 100 models x 7 execution models x 60 problems x 20 samples
PAREVAL_PROBLEMS, PAREVAL_SAMPLES_PER_PROMPT, PAREVAL_EXECUTION_MODELS = 60, 20, 7
PAREVAL_SAMPLES_PER_MODEL = (
    PAREVAL_EXECUTION_MODELS * PAREVAL_PROBLEMS * PAREVAL_SAMPLES_PER_PROMPT
)  # 8,400
PEER = ROOT / "scripts" / "bench_peer.py"
PEER_LABEL = "peer"
PEER_RATIO_MAX = 2.0  # data-dependent build <= 2x the pandas + scipy peer (issue 14)
DEFAULT_WORKDIR = ROOT / "bench" / "tmp"
DEFAULT_RESULTS = ROOT / "bench" / "results.md"
DEFAULT_SIZES = (1_000_000, 5_000_000)
SAMPLE = "sample"
FLAGS = (
    "source_write_success",
    "did_build",
    "is_source_valid",
    "did_any_run",
    "did_all_run",
    "are_any_valid",
    "are_all_valid",
)

# Targets (issue 6).
SAMPLE_BUILD_MAX_S = 15.0
SAMPLE_RENDER_MAX_S = 5.0
FLOOR_FACTOR_MAX = 6.0  # issue 14
PEAK_MEMORY_MAX_MB = 2048.0
LINEARITY_SLACK = 1.2  # 5x the rows may cost at most 6x the time
RENDER_SIZE_SLACK = (1.25, 0.5)  # render at any size <= 1.25 x render on the sample + 0.5 s
RENDER_MODELS_MAX = 2.0  # render of a generated input (119+ models) <= 2x the sample's (issue 14)

FLOOR_CODE = """
import json, sys, time
import duckdb
path, fmt = sys.argv[1], sys.argv[2]
literal = "'" + path.replace("'", "''") + "'"
if fmt == "csv":
    reader = f"read_csv({literal}, header = true, all_varchar = true, auto_detect = true)"
else:
    reader = f"read_parquet({literal})"
flags = sys.argv[3].split(",")
if fmt == "pareval":  # every output object of every prompt of <folder>/<model>/*.json
    files = "'" + (path.rstrip("/") + "/*/*.json").replace("'", "''") + "'"
    columns = ", ".join(f"o->>'$.{f}' as {f}" for f in flags)
    reader = (
        "(select regexp_extract(filename, '([^/]+)/[^/]+$', 1) as model, "
        f"p->>'$.parallelism_model' as parallelism_model, {columns} from ("
        "select filename, json as p, unnest(cast(json->'$.outputs' as json[])) as o "
        f"from read_json_objects({files}, format = 'array', filename = true)) "
        "where json_type(o) = 'OBJECT')"
    )
con = duckdb.connect()
started = time.perf_counter()
con.execute(f"create table raw as select * from {reader}")
read_s = time.perf_counter() - started
counts = ", ".join(f"count_if(cast({f} as boolean))" for f in flags)
started = time.perf_counter()
groups = con.execute(f"select model, parallelism_model, {counts} from raw group by all").fetchall()
group_s = time.perf_counter() - started
rows = con.execute("select count(*) from raw").fetchone()[0]
print(json.dumps({"read_s": read_s, "group_s": group_s, "rows": rows, "groups": len(groups)}))
"""

READ_ALL_CODE = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
names = [row[0] for row in con.execute(
    "select table_name from information_schema.tables where table_schema = 'main'").fetchall()]
for name in names:
    quoted = '"' + name.replace('"', '""') + '"'
    con.execute(f"select count(*), max(hash(r)) from {quoted} as r").fetchall()
print(len(names))
"""

ACCOUNTING_CODE = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
kept = con.execute(f"select count(*) from {sys.argv[2]}").fetchone()[0]
rejected = con.execute("select count(*) from stg_raw_metrics_rejected").fetchone()[0]
print(kept, rejected)
"""


# ---------------------------------------------------------------- measuring one process


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    wall_s: float
    returncode: int
    maxrss_mb: float  # os.wait4 ru_maxrss: the largest RSS of any process in the tree
    tree_rss_mb: float  # sampled: the largest sum of RSS over the process tree
    stdout: str


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval_s: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval_s = pid, interval_s
        self.peak_bytes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_rss(root))
            self._stop_event.wait(self.interval_s)

    @staticmethod
    def _tree_rss(root: psutil.Process) -> int:
        total = 0
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        return total

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run `command` from the repository root; wall time, exit code and peak memory."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    return Run(wall, process.returncode, usage.ru_maxrss / 1024.0, sampler.peak_bytes / 2**20, text)


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """An input to build: the bundled sample, or a generated file of some size and format."""

    label: str
    rows: int  # for a ParEval folder: the samples written (one row of staging each)
    fmt: str  # 'seed', 'csv', 'parquet' or 'pareval' (a ParEval results folder)
    path: Path | None = None
    peer: bool = False  # the file the pandas + scipy peer also reads
    note: str = ""  # what the input is, for the report (ParEval: models, files, size on disk)

    @property
    def dbt_vars(self) -> dict[str, str]:
        return {"raw_metrics_path": str(self.path)} if self.path else {}


@dataclass
class Results:
    """Every measurement of a case, over the repeats."""

    builds: list[Run] = field(default_factory=list)
    renders: list[Run] = field(default_factory=list)
    floors: list[dict[str, float]] = field(default_factory=list)
    floor_runs: list[Run] = field(default_factory=list)
    node_times: list[dict[str, float]] = field(default_factory=list)
    # run_results.json's elapsed_time (s) and the number of dbt threads that ran nodes, per build
    run_summaries: list[dict[str, float]] = field(default_factory=list)
    reads: list[Run] = field(default_factory=list)  # every relation read in full after the build
    peers: list[dict[str, float]] = field(default_factory=list)
    peer_runs: list[Run] = field(default_factory=list)
    kept_rejected: list[tuple[int, int]] = field(default_factory=list)  # after each build


def dbt_build(case: Case, workdir: Path, unit_tests: bool = False) -> Run:
    """`dbt build` of one case in its own work directory, as `make build` runs it: without dbt's
    unit tests (they check the SQL on fixtures, never the input; `make test` runs them), unless
    `unit_tests` (a plain `dbt build`, as every round before 2026-12-02 measured)."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    # BENCH_BUILD_AS_LIMIT (bytes): run each build under `prlimit --as` (a shared machine's guard
    # against a runaway query; prlimit execs dbt in its own process, so the measurements are dbt's).
    # Never for render.py: vl-convert's V8 dies under an address-space cap.
    limit = os.environ.get("BENCH_BUILD_AS_LIMIT")
    command = [
        *(["prlimit", f"--as={limit}", "--"] if limit else []),
        str(DBT),
        "build",
        "--project-dir",
        str(ROOT),
        "--profiles-dir",
        str(ROOT),
        "--target-path",
        str(workdir / "target"),
        "--log-path",
        str(workdir / "logs"),
        "--vars",
        json.dumps(case.dbt_vars),
        *([] if unit_tests else ["--exclude-resource-type", "unit_test"]),
    ]
    env = {
        **os.environ,
        "PAREVAL_DB": str(workdir / "pareval.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return measure(command, env)


def render(workdir: Path) -> Run:
    db = workdir / "pareval.duckdb"
    command = [str(PYTHON), str(RENDER), "--db", str(db), "--out", str(workdir / "output")]
    return measure(command, {**os.environ, "PAREVAL_DB": str(db)})


def read_all(workdir: Path) -> Run:
    """Every relation of the build's database read in full, in a fresh process."""
    return measure([str(PYTHON), "-c", READ_ALL_CODE, str(workdir / "pareval.duckdb")])


def kept_and_rejected(workdir: Path, kept_table: str = "stg_raw_metrics") -> tuple[int, int]:
    """Rows of `kept_table` (stg_raw_metrics, or stg_pareval_samples for a ParEval input) and of
    stg_raw_metrics_rejected in the build's database."""
    db = str(workdir / "pareval.duckdb")
    run = measure([str(PYTHON), "-c", ACCOUNTING_CODE, db, kept_table])
    check(run, "counting kept and rejected rows")
    kept, rejected = run.stdout.split()[-2:]
    return int(kept), int(rejected)


def peer(case: Case) -> tuple[Run, dict[str, float]]:
    assert case.path is not None
    run = measure([str(PYTHON), str(PEER), str(case.path)])
    if run.returncode != 0:
        raise RuntimeError(f"peer failed on {case.path}:\n{run.stdout[-2000:]}")
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def floor(case: Case) -> tuple[Run, dict[str, float]]:
    assert case.path is not None
    command = [str(PYTHON), "-c", FLOOR_CODE, str(case.path), case.fmt, ",".join(FLAGS)]
    run = measure(command)
    if run.returncode != 0:
        raise RuntimeError(f"floor query failed on {case.path}:\n{run.stdout[-2000:]}")
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def node_times(workdir: Path) -> dict[str, float]:
    """execution_time of every node of a build, from its run_results.json."""
    path = workdir / "target" / "run_results.json"
    if not path.exists():
        return {}
    results = json.loads(path.read_text())["results"]
    return {r["unique_id"]: float(r["execution_time"]) for r in results}


def run_summary(workdir: Path) -> dict[str, float]:
    """A build's elapsed_time (s: dbt's execution of the nodes, without its start-up and parse) and
    the number of worker threads that ran its nodes (distinct thread_id), from run_results.json;
    {} without the file."""
    path = workdir / "target" / "run_results.json"
    if not path.exists():
        return {}
    run = json.loads(path.read_text())
    # worker threads only: the on-run-end hook runs in the 'main' thread
    threads = {r.get("thread_id") for r in run["results"]} - {"main", None}
    return {"elapsed": float(run["elapsed_time"]), "threads": float(len(threads))}


def generate_inputs(
    rows: int,
    seed: int,
    datadir: Path,
    formats: Sequence[str],
    models: int | None,
    for_peer: bool = False,
) -> list[Case]:
    """Generated files of about `rows` rows (cached by size, models and seed); one per format."""
    shape = f"_models_{models}" if models else ""
    base = datadir / f"rows_{rows}{shape}_seed_{seed}"
    paths = {fmt: base.with_suffix(f".{fmt}") for fmt in formats}
    if not all(p.exists() for p in paths.values()):
        command = [
            str(PYTHON),
            str(GENERATOR),
            "--rows",
            str(rows),
            "--seed",
            str(seed),
            "--format",
            "both",
            "--out",
            str(base),
        ]
        command += ["--models", str(models)] if models else []
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    label = f"{PEER_LABEL}-{size_label(rows)}" if for_peer else size_label(rows)
    return [Case(label, count_rows(paths[fmt], fmt), fmt, paths[fmt], for_peer) for fmt in formats]


def generate_pareval(samples: int, seed: int, datadir: Path) -> Case:
    """A ParEval results folder of about `samples` samples (cached by models and seed): as many
    models as that needs at 60 problems x 20 samples x 7 execution models (8,400 per model)."""
    models = max(1, round(samples / PAREVAL_SAMPLES_PER_MODEL))
    folder = datadir / (
        f"pareval_models_{models}_problems_{PAREVAL_PROBLEMS}_"
        f"samples_{PAREVAL_SAMPLES_PER_PROMPT}_seed_{seed}"
    )
    if not folder.exists():
        partial = folder.with_name(folder.name + ".partial")  # renamed only once complete
        shutil.rmtree(partial, ignore_errors=True)
        command = [
            str(PYTHON),
            str(PAREVAL_GENERATOR),
            "--models",
            str(models),
            "--problems",
            str(PAREVAL_PROBLEMS),
            "--samples",
            str(PAREVAL_SAMPLES_PER_PROMPT),
            "--seed",
            str(seed),
            "--out",
            str(partial),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        partial.rename(folder)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    files = sorted(folder.glob("*/*.json"))
    size_mb = sum(f.stat().st_size for f in files) / 2**20
    written = models * PAREVAL_SAMPLES_PER_MODEL
    note = (
        f"{models} model{'s' if models != 1 else ''} x {PAREVAL_EXECUTION_MODELS} execution "
        f"models x {PAREVAL_PROBLEMS} "
        f"problems x {PAREVAL_SAMPLES_PER_PROMPT} samples = {written:,} samples; "
        f"{len(files)} driver JSON files, {size_mb:,.0f} MB on disk"
    )
    return Case(f"{PAREVAL}-{size_label(written)}", written, PAREVAL, folder, note=note)


def count_rows(path: Path, fmt: str) -> int:
    import duckdb

    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        row = con.execute(f"select count(*) from {reader}(?)", [str(path)]).fetchone()
    assert row is not None
    return int(row[0])


def size_label(rows: int) -> str:
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows >= 1_000 and rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


# ---------------------------------------------------------------- running


def check(run: Run, what: str) -> None:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {run.returncode}):\n{run.stdout[-3000:]}")


def run_round(
    cases: list[Case],
    results: dict[str, Results],
    workroot: Path,
    index: int,
    with_render: bool,
    unit_tests: bool = False,
) -> None:
    for case in cases:
        key = case_key(case)
        workdir = workroot / "builds" / f"{key}-r{index}"
        build = dbt_build(case, workdir, unit_tests)
        if build.returncode < 0:  # killed by a signal from outside (shared machine): once more
            print(
                f"  note: dbt build on {key} was killed by signal {-build.returncode}; "
                "retrying once",
                flush=True,
            )
            build = dbt_build(case, workdir, unit_tests)
        check(build, f"dbt build on {key}")
        results[key].builds.append(build)
        results[key].node_times.append(node_times(workdir))
        results[key].run_summaries.append(run_summary(workdir))
        reading = read_all(workdir)
        check(reading, f"reading every relation built on {key}")
        results[key].reads.append(reading)
        kept_table = "stg_pareval_samples" if case.fmt == PAREVAL else "stg_raw_metrics"
        results[key].kept_rejected.append(kept_and_rejected(workdir, kept_table))
        line = (
            f"  round {index + 1} {key}: build {build.wall_s:.1f} s {build.maxrss_mb:.0f} MB, "
            f"read all {reading.wall_s:.1f} s"
        )
        if case.peer:
            peer_run, peer_timings = peer(case)
            results[key].peer_runs.append(peer_run)
            results[key].peers.append(peer_timings)
            line += (
                f", peer {peer_timings['read_s'] + peer_timings['compute_s']:.2f} s "
                f"{peer_run.maxrss_mb:.0f} MB"
            )
        if with_render:
            rendered = render(workdir)
            check(rendered, f"render on {key}")
            results[key].renders.append(rendered)
            line += f", render {rendered.wall_s:.1f} s"
        if case.path is not None:
            floor_run, timings = floor(case)
            results[key].floor_runs.append(floor_run)
            results[key].floors.append(timings)
            line += f", floor {timings['read_s'] + timings['group_s']:.2f} s"
        print(line, flush=True)
        shutil.rmtree(workdir / "output", ignore_errors=True)
        if case.path is not None and index > 0:  # keep the first round's databases only
            (workdir / "pareval.duckdb").unlink(missing_ok=True)


def case_key(case: Case) -> str:
    if case.fmt == "seed":
        return SAMPLE
    return case.label if case.fmt == PAREVAL else f"{case.label}-{case.fmt}"


# ---------------------------------------------------------------- summarising


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass(frozen=True)
class Row:
    key: str
    rows: int
    build_s: float
    data_s: float  # build minus sample build
    render_s: float
    floor_s: float
    floor_ratio: float
    peak_mb: float
    tree_mb: float
    render_mb: float
    floor_mb: float


def summarise(cases: list[Case], results: dict[str, Results]) -> list[Row]:
    sample_build = built_s(results[SAMPLE])
    table = []
    for case in cases:
        res = results[case_key(case)]
        build = built_s(res)
        floor_s = floor_median_s(res)
        data_s = build - sample_build if case.fmt != "seed" else float("nan")
        table.append(
            Row(
                case_key(case),
                case.rows,
                build,
                data_s,
                median([r.wall_s for r in res.renders]),
                floor_s,
                data_s / floor_s if res.floors else float("nan"),
                median([r.maxrss_mb for r in res.builds]),
                median([r.tree_rss_mb for r in res.builds]),
                median([r.maxrss_mb for r in res.renders]),
                median([r.maxrss_mb for r in res.floor_runs]),
            )
        )
    return table


def built_s(res: Results) -> float:
    """Median over the repeats of build time plus the full read of every relation."""
    return median([b.wall_s + r.wall_s for b, r in zip(res.builds, res.reads, strict=True)])


def floor_median_s(res: Results) -> float:
    """Median over the repeats of DuckDB's floor (typed read + group by); NaN when not measured."""
    return median([f["read_s"] + f["group_s"] for f in res.floors])


def peer_lines(cases: list[Case], results: dict[str, Results], rows: list[Row]) -> list[str]:
    """The peer against the data-dependent build on the same file."""
    by_key = {r.key: r for r in rows}
    lines = []
    for case in (c for c in cases if c.peer):
        res = results[case_key(case)]
        peer_s = median([p["read_s"] + p["compute_s"] for p in res.peers])
        peer_wall = median([r.wall_s for r in res.peer_runs])
        peer_mb = median([r.maxrss_mb for r in res.peer_runs])
        row = by_key[case_key(case)]
        ratio = row.data_s / peer_s if peer_s > 0 else float("nan")
        models = res.peers[0]["models"] if res.peers else "?"
        lines += [
            f"- file: {row.rows:,} rows, {models} models ({case.fmt}); peer = "
            "`scripts/bench_peer.py` (pandas + scipy: rates with t and Wilson intervals per "
            "model x scope, Cohen's d against the reference, domain pass rates, speedup means; "
            "timed inside the process)",
            f"- peer: {peer_s:.2f} s ({peer_wall:.2f} s with interpreter start-up), "
            f"peak {peer_mb:.0f} MB; dbt build + full read: {row.build_s:.1f} s, peak "
            f"{row.peak_mb:.0f} MB; data-dependent part (minus the sample's): {row.data_s:.1f} s",
            f"- data-dependent build ≤ {PEER_RATIO_MAX:.0f}x peer: "
            f"**{verdict(ratio <= PEER_RATIO_MAX)}** ({fmt(ratio, 1)}x)",
        ]
    return lines


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:.{digits}f}"


def results_table(rows: list[Row]) -> list[str]:
    lines = [
        "| input | rows | dbt build + read s | build - sample s | render s | floor s "
        "| (build - sample) / floor | build peak MB | build tree MB | render peak MB "
        "| floor peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.key} | {r.rows:,} | {fmt(r.build_s)} | {fmt(r.data_s)} | {fmt(r.render_s, 2)} "
            f"| {fmt(r.floor_s, 2)} | {fmt(r.floor_ratio)}x | {fmt(r.peak_mb, 0)} "
            f"| {fmt(r.tree_mb, 0)} | {fmt(r.render_mb, 0)} | {fmt(r.floor_mb, 0)} |"
        )
    return lines


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def targets(rows: list[Row], with_render: bool) -> list[str]:
    """One line per target, PASS or MISS, with the numbers it was judged on."""
    by_key = {r.key: r for r in rows}
    sample = by_key[SAMPLE]
    generated = [
        r
        for r in rows
        if r.key != SAMPLE and not r.key.startswith((PEER_LABEL, PAREVAL))  # ParEval: its own line
    ]
    lines = [
        f"- sample `dbt build` ≤ {SAMPLE_BUILD_MAX_S:.0f} s: "
        f"**{verdict(sample.build_s <= SAMPLE_BUILD_MAX_S)}** ({sample.build_s:.1f} s)"
    ]
    if with_render:
        lines.append(
            f"- sample render ≤ {SAMPLE_RENDER_MAX_S:.0f} s: "
            f"**{verdict(sample.render_s <= SAMPLE_RENDER_MAX_S)}** "
            f"({sample.render_s:.2f} s)"
        )
    else:
        lines.append("- sample render ≤ 5 s: **not measured** (--no-render, or no render.py)")
    if not generated:
        return lines
    largest = max(r.rows for r in generated)
    for r in (r for r in generated if r.rows == largest):
        lines.append(
            f"- {r.key}: build - sample ≤ {FLOOR_FACTOR_MAX:.0f}x floor: "
            f"**{verdict(r.floor_ratio <= FLOOR_FACTOR_MAX)}** ({r.data_s:.1f} s vs "
            f"{r.floor_s:.2f} s = {r.floor_ratio:.1f}x)"
        )
    peak = max(max(r.peak_mb, r.render_mb if with_render else 0.0) for r in generated)
    lines.append(
        f"- peak memory ≤ {PEAK_MEMORY_MAX_MB:.0f} MB (every build and render): "
        f"**{verdict(peak <= PEAK_MEMORY_MAX_MB)}** (max {peak:.0f} MB)"
    )
    lines += linearity(generated)
    by_fmt = {
        fmt_name: [r for r in generated if r.key.endswith(fmt_name) and r.rows == largest]
        for fmt_name in ("csv", "parquet")
    }
    if by_fmt["csv"] and by_fmt["parquet"]:
        csv_row, parquet_row = by_fmt["csv"][0], by_fmt["parquet"][0]
        lines.append(
            f"- Parquet not slower than CSV ({parquet_row.key} vs {csv_row.key}, build + read): "
            f"**{verdict(parquet_row.build_s <= csv_row.build_s)}** ({parquet_row.build_s:.1f} s "
            f"vs {csv_row.build_s:.1f} s; data-dependent part {parquet_row.data_s:.1f} s vs "
            f"{csv_row.data_s:.1f} s)"
        )
    if with_render:
        limit = RENDER_SIZE_SLACK[0] * sample.render_s + RENDER_SIZE_SLACK[1]
        worst = max(generated, key=lambda r: r.render_s)
        lines.append(
            f"- render time independent of size (≤ {RENDER_SIZE_SLACK[0]}x sample + "
            f"{RENDER_SIZE_SLACK[1]} s = {limit:.2f} s): "
            f"**{verdict(worst.render_s <= limit)}** (slowest {worst.key} "
            f"{worst.render_s:.2f} s, sample {sample.render_s:.2f} s)"
        )
        within = worst.render_s <= RENDER_MODELS_MAX * sample.render_s
        lines.append(
            f"- render of a generated input (its models) ≤ {RENDER_MODELS_MAX:.0f}x the sample's "
            f"render (11 models): **{verdict(within)}** "
            f"(slowest {worst.key} {worst.render_s:.2f} s = "
            f"{worst.render_s / sample.render_s:.2f}x {sample.render_s:.2f} s)"
        )
    return lines


def accounting(cases: list[Case], results: dict[str, Results]) -> list[str]:
    """Rows kept + rejected against the rows of the input, for every build of every case."""
    lines = []
    for case in cases:
        res = results[case_key(case)]
        if not res.kept_rejected:
            continue
        kept, rejected = res.kept_rejected[0]
        same = all(k + r == case.rows for k, r in res.kept_rejected) if case.path else True
        unit = "samples written" if case.fmt == PAREVAL else "rows"
        lines.append(
            f"- {case_key(case)}: kept {kept:,} + rejected {rejected:,} = {kept + rejected:,}"
            + (f" (input {case.rows:,} {unit}): **{verdict(same)}**" if case.path else "")
        )
    return lines


def pareval_targets(cases: list[Case], rows: list[Row], with_render: bool) -> list[str]:
    """The ParEval-shaped input (issue 14): build and render within the memory bound."""
    by_key = {r.key: r for r in rows}
    lines = []
    for case in (c for c in cases if c.fmt == PAREVAL):
        row = by_key[case_key(case)]
        render_part = (
            f"render peak ≤ {PEAK_MEMORY_MAX_MB:.0f} MB: "
            f"**{verdict(row.render_mb <= PEAK_MEMORY_MAX_MB)}** "
            f"({row.render_mb:.0f} MB, {row.render_s:.1f} s = "
            f"{row.render_s / by_key[SAMPLE].render_s:.2f}x the sample's render)"
            if with_render
            else "render peak: **not measured**"
        )
        lines += [
            f"- ParEval-shaped ~{size_label(case.rows)} samples ({case.note}): "
            f"build peak ≤ {PEAK_MEMORY_MAX_MB:.0f} MB: "
            f"**{verdict(row.peak_mb <= PEAK_MEMORY_MAX_MB)}** ({row.peak_mb:.0f} MB; build + "
            f"read {row.build_s:.1f} s, build - sample {row.data_s:.1f} s = "
            f"{fmt(row.floor_ratio)}x DuckDB's floor on the JSON, {fmt(row.floor_s, 2)} s) "
            f"/ {render_part}",
        ]
    return lines


def linearity(generated: list[Row]) -> list[str]:
    """For each format: the largest size's build costs ≤ 1.2 x (row ratio) x the smallest's."""
    lines = []
    for fmt_name in ("csv", "parquet"):
        sized = sorted((r for r in generated if r.key.endswith(fmt_name)), key=lambda r: r.rows)
        if len(sized) < 2:
            continue
        small, big = sized[0], sized[-1]
        allowed = LINEARITY_SLACK * big.rows / small.rows
        ratio = big.build_s / small.build_s
        data_ratio = big.data_s / small.data_s if small.data_s > 0 else float("nan")
        lines.append(
            f"- {fmt_name}: {big.key} build ≤ {allowed:.1f}x {small.key} build: "
            f"**{verdict(ratio <= allowed)}** ({ratio:.2f}x; data-dependent part "
            f"{fmt(data_ratio, 2)}x)"
        )
    return lines


def hotspots(cases: list[Case], results: dict[str, Results], top: int = 8) -> list[str]:
    """The slowest dbt nodes (median execution_time over repeats) of each generated case."""
    lines = []
    for case in cases:
        if case.path is None:
            continue
        runs = results[case_key(case)].node_times
        nodes = {n for times in runs for n in times}
        medians = {n: median([t[n] for t in runs if n in t]) for n in nodes}
        total = sum(medians.values())
        ranked = sorted(medians.items(), key=lambda item: -item[1])[:top]
        described = ", ".join(f"`{node_name(n)}` {t:.1f} s" for n, t in ranked)
        lines.append(f"- {case_key(case)} (nodes sum {total:.1f} s): {described}")
    return lines


def data_node_sum(times: dict[str, float]) -> float:
    """Sum of one build's node times (run_results.json) without the unit tests, whose fixtures do
    not depend on the input."""
    if not times:  # no run_results.json: unknown, not 0
        return float("nan")
    return sum(t for node, t in times.items() if not node.startswith("unit_test."))


def node_data_lines(cases: list[Case], results: dict[str, Results]) -> list[str]:
    """A second measure of the data-dependent part, less noisy than build - sample: the sum of the
    build's model, seed and test node times minus the sample's (medians over repeats). It leaves out
    dbt's start-up and parse, the reading of every relation after the build, and the unit tests
    when the builds ran them (`--unit-tests`: fixtures, not the input; about 35 s of node time in
    the sample build, varying by ±4 s between runs)."""
    sample_runs = results[SAMPLE].node_times
    if not sample_runs:
        return []
    threads = max((s.get("threads", 1.0) for s in results[SAMPLE].run_summaries), default=1.0)
    if threads > 1:
        return elapsed_data_lines(cases, results, int(threads))
    sample_sum = median([data_node_sum(t) for t in sample_runs])
    lines = [
        "Σ node times without unit tests, minus the sample's "
        f"({sample_sum:.1f} s); the targets above are judged on wall-clock build - sample:",
        "",
    ]
    for case in cases:
        if case.path is not None:
            res = results[case_key(case)]
            data_s = median([data_node_sum(t) for t in res.node_times]) - sample_sum
            lines.append(data_line(case, res, data_s))
    return lines


def data_line(case: Case, res: Results, data_s: float) -> str:
    """One generated case's data-dependent seconds, against its floor when one was measured."""
    if not res.floors:
        return f"- {case_key(case)}: {data_s:.1f} s"
    floor_s = floor_median_s(res)
    return (
        f"- {case_key(case)}: {data_s:.1f} s = {data_s / floor_s:.1f}x the floor ({floor_s:.2f} s)"
    )


def elapsed_data_lines(cases: list[Case], results: dict[str, Results], threads: int) -> list[str]:
    """With more than one dbt thread, Σ node times counts twice the time two nodes share the
    cores (each node's execution_time runs while the other thread's node competes for them), so
    it overstates the wall time. Instead: dbt's elapsed_time (the execution of every node, unit
    tests included when the builds ran them, without start-up and parse) minus the sample's,
    medians over repeats."""

    def elapsed(res: Results) -> float:
        values = [s["elapsed"] for s in res.run_summaries if "elapsed" in s]
        return median(values) if values else float("nan")

    sample_s = elapsed(results[SAMPLE])
    lines = [
        f"dbt ran {threads} threads, so Σ node times overstates the wall time (two nodes running "
        "at once each count the time they shared the cores); instead dbt's elapsed time "
        "(run_results.json: every node that ran, without start-up and parse) minus "
        f"the sample's ({sample_s:.1f} s); the targets above are judged on wall-clock "
        "build - sample:",
        "",
    ]
    for case in cases:
        if case.path is not None:
            res = results[case_key(case)]
            lines.append(data_line(case, res, elapsed(res) - sample_s))
    return lines


def node_name(unique_id: str) -> str:
    """model.proj.name -> model name; test.proj.name.hash -> test name (without the hash)."""
    parts = unique_id.split(".")
    kind = parts[0]
    name = parts[2] if kind in ("test", "unit_test") else parts[-1]
    return f"{kind} {name}"


def machine_state(load_before: tuple[float, float, float]) -> list[str]:
    import duckdb

    memory = psutil.virtual_memory()
    load_after = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "models", "macros"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("dbt-core", "dbt-duckdb"))
    return [
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; commit {commit}"
        f"{' (models/macros modified)' if dirty else ''}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{memory.total / 2**30:.0f} GiB RAM; Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, {versions}",
        f"- load average (1/5/15 min) before: {'/'.join(f'{x:.1f}' for x in load_before)}, "
        f"after: {'/'.join(f'{x:.1f}' for x in load_after)}",
    ]


def report(
    cases: list[Case],
    results: dict[str, Results],
    args: argparse.Namespace,
    with_render: bool,
    state: list[str],
) -> str:
    rows = summarise(cases, results)
    lines = [
        "# Benchmark: dbt build and render, against DuckDB's floor",
        "",
        f"`python scripts/bench.py {' '.join(args.argv)}`".replace(" `", "`"),
        "",
        *state,
        f"- medians of {args.repeats} run(s); wall-clock seconds; peak memory = `ru_maxrss` of "
        "the child (os.wait4), 'tree MB' = largest sampled sum of RSS over the process tree",
        "- floor = DuckDB alone, fresh process: read the whole file with staging's types into "
        "an in-memory table + one group by model, parallelism_model with count_if of the 7 flags "
        "(timed inside the process)",
        "- build = `dbt build"
        + (
            "` (dbt's unit tests included)"
            if args.unit_tests
            else " --exclude-resource-type unit_test` (as `make build`; the unit tests "
            "check the SQL on fixtures and run in `make test`)"
        )
        + " plus every relation of its database read in full afterwards (fresh "
        "process), so that views hide nothing; build - sample = the data-dependent part",
        "",
    ]
    if not with_render:
        lines += ["> render not measured (`--no-render`, or `reporting/render.py` is absent).", ""]
    lines += results_table(rows)
    lines += ["", "## Targets", "", *targets(rows, with_render)]
    lines += [*pareval_targets(cases, rows, with_render), *accounting(cases, results), ""]
    if any(c.peer for c in cases):
        lines += ["## Against a pandas + scipy peer", "", *peer_lines(cases, results, rows), ""]
    lines += ["## Slowest dbt nodes", "", *hotspots(cases, results), ""]
    lines += ["## Data-dependent part from dbt's own timings", ""]
    lines += [*node_data_lines(cases, results), ""]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=None,
        help="generated input sizes in rows (default: 1000000 5000000)",
    )
    parser.add_argument(
        "--formats", nargs="+", choices=("csv", "parquet"), default=["csv", "parquet"]
    )
    parser.add_argument("--repeats", type=int, default=None, help="runs per case (default 3)")
    parser.add_argument(
        "--quick", action="store_true", help="100k rows, 1 repeat, results to bench/tmp/results.md"
    )
    parser.add_argument("--seed", type=int, default=20250820)
    parser.add_argument(
        "--models",
        type=int,
        default=None,
        help="hold the number of models fixed and grow the samples instead "
        "(default: 20 samples per prompt and as many models as the size needs; "
        "the marts, and so render time, grow with the number of models)",
    )
    parser.add_argument(
        "--peer-rows",
        type=int,
        default=None,
        help="rows of the peer's file (default 1000000; 100000 with --quick; 0: no peer)",
    )
    parser.add_argument(
        "--peer-models", type=int, default=121, help="models in the peer's file (default 121)"
    )
    parser.add_argument(
        "--pareval-samples",
        type=int,
        default=0,
        help="also build a ParEval results folder (driver JSON) of about this many samples, "
        f"{PAREVAL_SAMPLES_PER_MODEL:,} per model (e.g. {PAREVAL_DEFAULT_SAMPLES}: 100 models; "
        "default 0: none)",
    )
    parser.add_argument(
        "--pareval-only",
        action="store_true",
        help="only the sample and the ParEval folder (no generated CSV/Parquet, no peer; "
        f"--pareval-samples defaults to {PAREVAL_DEFAULT_SAMPLES}); results to "
        "<workdir>/results-pareval.md",
    )
    parser.add_argument("--no-render", action="store_true", help="skip render.py")
    parser.add_argument(
        "--unit-tests",
        action="store_true",
        help="run dbt's unit tests in every build (a plain `dbt build`; default: as `make build`, "
        "without them: they check the SQL on fixtures, never the input)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where inputs, databases and logs go (default bench/tmp, ignored)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="results file (default bench/results.md; bench/tmp/ with --quick)",
    )
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    args.sizes = args.sizes or ([100_000] if args.quick else list(DEFAULT_SIZES))
    args.repeats = args.repeats or (1 if args.quick else 3)
    if args.peer_rows is None:
        args.peer_rows = 100_000 if args.quick else 1_000_000
    default_out = args.workdir / "results.md" if args.quick else DEFAULT_RESULTS
    if args.pareval_only:  # a partial run never overwrites bench/results.md by default
        args.sizes, args.peer_rows = [], 0
        args.pareval_samples = args.pareval_samples or PAREVAL_DEFAULT_SAMPLES
        default_out = args.workdir / "results-pareval.md"
    args.out = args.out or default_out
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    with_render = RENDER.exists() and not args.no_render
    if not RENDER.exists():
        print(f"note: {RENDER.relative_to(ROOT)} is absent: the render step is skipped", flush=True)
    cases = [Case(SAMPLE, sample_rows(), "seed")]
    for rows in args.sizes:
        print(f"inputs of about {rows:,} rows", flush=True)
        cases += generate_inputs(rows, args.seed, args.workdir / "data", args.formats, args.models)
    if args.peer_rows:
        print(f"peer input of about {args.peer_rows:,} rows, {args.peer_models} models", flush=True)
        cases += generate_inputs(
            args.peer_rows,
            args.seed,
            args.workdir / "data",
            ["csv"],
            args.peer_models,
            for_peer=True,
        )
    if args.pareval_samples:
        print(f"ParEval results folder of about {args.pareval_samples:,} samples", flush=True)
        cases.append(generate_pareval(args.pareval_samples, args.seed, args.workdir / "data"))
    results = {case_key(c): Results() for c in cases}
    for index in range(args.repeats):
        run_round(cases, results, args.workdir, index, with_render, args.unit_tests)
    text = report(cases, results, args, with_render, machine_state(load_before))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print("\n" + text + f"\nwritten to {args.out}")
    return 0


def sample_rows() -> int:
    with (ROOT / "seeds" / "raw_metrics.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


if __name__ == "__main__":
    sys.exit(main())
