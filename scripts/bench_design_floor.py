"""Lower bounds of the data-dependent build, part by part: what issue 14's two missed targets need.

`scripts/bench.py` measures the data-dependent build (a large build minus the sample build) against
DuckDB's floor and against a pandas + scipy peer. This script times that difference part by part:
what the design costs before any value is checked or any statistic computed, what the checks and
the models that read the rows add, and what grows with the number of models. It reads the builds a
bench run left in its work directory (`builds/<case>-r<i>/`: the sample, `5M-parquet` and the peer's
`peer-1M-csv`, each with its `pareval.duckdb`, `target/` and `logs/`), builds nothing itself and
never writes to those databases. Each part runs alone in a fresh DuckDB connection with the build's
two threads; the minimum of `--repeats` runs is reported (seconds):

Large Parquet file (case 5M-parquet):
  (a) the file's columns written into a new database file as they are;
  (b) base_raw_metrics' columns written the same way with no parsing or validation at all;
  (c) base_raw_metrics' own query (parse, flag, quarantine) as the build compiled it, written the
      same way;
  (d) one scan of int_attempts with a group by over 8 columns: the least each model that reads the
      rows pays; and each table model downstream of base_raw_metrics through views only, its
      compiled query on the large build's database minus the same on the sample's (those more than
      0.1 s apart are the models that read the rows);
  (e) the uniqueness data tests on the rows, their compiled SQL;
  (f) the marts that grow with the number of models, their compiled SQL run on the large build's
      database minus the same on the sample's.
Peer's CSV (case peer-1M-csv): the CSV read as text into the temporary table the input check reads
(the statement from the build's log), then base_raw_metrics' query from it; and (f) on its database.

The sums are estimates of a floor, not measurements of a build: a build overlaps some of these
parts on its two dbt threads (one node's table write beside another's query), and each query here
uses both cores. DuckDB's floor is bench.py's (one typed read into memory plus one group by), run
the same way; the peer's time is bench_peer.py's.

Usage::

    python scripts/bench.py --sizes 5000000 --formats parquet --repeats 1 --models 119 --no-render
    python scripts/bench_design_floor.py            # same --workdir (default bench/tmp)
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb
from duckdb.sqltypes import VARCHAR

from pareval_dbt.functions import FUNCTION_NAME, file_sha256

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # scripts/bench.py: its floor code, flags and defaults

THREADS = 2
UNIQUE_TESTS = (
    "unique_base_raw_metrics_input_row_number",
    "unique_combination_of_columns_stg_raw_metrics_model_name__problem_name__parallelism_model__sample_id",
    "unique_int_attempts_input_row_number",
)
MODEL_COUNT_MARTS = ("fct_model_ranks", "fct_pairwise_comparisons", "fct_reference_comparisons")
BASE = "model.pareval_report.base_raw_metrics"
SCAN_SQL = (
    "select model_number, parallelism_model, count(*), sum(response_time_s), sum(total_tokens), "
    "count_if(did_build), count_if(are_all_valid), sum(best_runtime_s), sum(speedup_2proc) "
    "from int_attempts group by all"
)
CSV_ROWS_TABLE = "temp.main.pareval_input_rows_raw_metrics_path"
ROW_READER_MIN_S = 0.1  # a model downstream of the rows reads them if it costs this much more


def best_of(repeats: int, run: Callable[[], float]) -> float:
    """The least of `repeats` timings (seconds) of `run`, which returns its own timing."""
    return min(run() for _ in range(repeats))


def build_dir(workdir: Path, case: str) -> Path:
    """The first build of a case the bench run left (builds/<case>-r0, -r1, ...)."""
    found = sorted((workdir / "builds").glob(f"{case}-r*"))
    if not found or not (found[0] / "pareval.duckdb").exists():
        raise SystemExit(
            f"no build of {case} under {workdir / 'builds'}: run scripts/bench.py first"
        )
    return found[0]


@functools.cache
def manifest_nodes(build: Path) -> dict[str, Any]:
    """The nodes of a build's target/manifest.json."""
    return json.loads((build / "target" / "manifest.json").read_text(encoding="utf-8"))["nodes"]


def compiled(build: Path, name: str) -> str:
    """The SQL a node named `name` (a model's SELECT or a data test) ran in the build: its
    compiled_code in the build's manifest.json."""
    for node in manifest_nodes(build).values():
        if node["name"] == name and node.get("compiled_code"):
            return str(node["compiled_code"])
    raise SystemExit(f"no compiled SQL of {name} in {build / 'target' / 'manifest.json'}")


def timed_query(db: Path, sql: str, read_only: bool = True) -> float:
    """Seconds of one query (fetched in full) in a fresh connection with the build's functions."""
    with duckdb.connect(str(db), read_only=read_only) as con:
        con.execute(f"set threads = {THREADS}")
        # the function the profile's plugin registers on dbt's connections (fct_dataset_card)
        con.create_function(FUNCTION_NAME, file_sha256, [VARCHAR], VARCHAR, side_effects=True)
        start = time.perf_counter()
        con.execute(sql).fetchall()
        return time.perf_counter() - start


def timed_write(statements: Iterable[str], timed_from: int = 0) -> float:
    """Run statements in a new database file; time those from index `timed_from` on."""
    with (
        tempfile.TemporaryDirectory() as folder,
        duckdb.connect(str(Path(folder) / "pareval.duckdb")) as con,
    ):
        con.execute(f"set threads = {THREADS}")
        elapsed = 0.0
        for index, statement in enumerate(statements):
            start = time.perf_counter()
            con.execute(statement)
            if index >= timed_from:
                elapsed += time.perf_counter() - start
        return elapsed


def models_downstream(build: Path) -> list[str]:
    """Table models that read base_raw_metrics directly or through views only (each reads the
    rows itself, unless it filters them out), by name."""
    nodes = manifest_nodes(build)

    def reads_rows(unique_id: str) -> bool:
        for parent in nodes[unique_id].get("depends_on", {}).get("nodes", []):
            node = nodes.get(parent)
            is_view = bool(node) and node["config"].get("materialized") == "view"
            if parent == BASE or (is_view and reads_rows(parent)):
                return True
        return False

    return sorted(
        node["name"]
        for unique_id, node in nodes.items()
        if node["resource_type"] == "model"
        and node["config"].get("materialized") == "table"
        and unique_id != BASE
        and reads_rows(unique_id)
    )


def data_dependent(build: Path, sample: Path, name: str, repeats: int) -> float:
    """A model's or test's compiled query on `build`'s database minus the same on the sample's."""
    large_sql, sample_sql = compiled(build, name), compiled(sample, name)
    return best_of(repeats, lambda: timed_query(build / "pareval.duckdb", large_sql)) - best_of(
        repeats, lambda: timed_query(sample / "pareval.duckdb", sample_sql)
    )


def floor_seconds(path: Path, fmt: str) -> float:
    """bench.py's floor on the file (one typed read into memory plus one group by)."""
    timings = bench.floor(bench.Case(path.name, 0, fmt, path))[1]
    return float(timings["read_s"] + timings["group_s"])


def peer_seconds(path: Path) -> float:
    """bench_peer.py's time on the file (read + compute, inside its process)."""
    timings = bench.peer(bench.Case(path.name, 0, "csv", path))[1]
    return float(timings["read_s"] + timings["compute_s"])


def input_path(build: Path) -> Path:
    """The input file a build read (its var raw_metrics_path, from run_results.json)."""
    results = json.loads((build / "target" / "run_results.json").read_text(encoding="utf-8"))
    return Path(results["args"]["vars"]["raw_metrics_path"])


def model_count_marts(build: Path, sample: Path, repeats: int) -> dict[str, float]:
    """Each model-count-bound mart's query on `build` minus the same on the sample's (seconds)."""
    return {name: data_dependent(build, sample, name, repeats) for name in MODEL_COUNT_MARTS}


def csv_read_statement(build: Path) -> str:
    """The input check's read of a CSV file into its temporary table, from the build's log."""
    log = (build / "logs" / "dbt.log").read_text(encoding="utf-8")
    found = re.search(
        rf"(create temp table {re.escape(CSV_ROWS_TABLE)} as select \* from read_csv\(.*?\))\n",
        log,
        re.S,
    )
    if not found:
        raise SystemExit(f"the CSV read into {CSV_ROWS_TABLE} is not in {build}/logs/dbt.log")
    return found.group(1)


def parquet_parts(
    workdir: Path, sample: Path, repeats: int
) -> tuple[list[tuple[str, float]], dict[str, float]]:
    """The table's rows (label, seconds) for the large Parquet build, and the named parts the
    sums are made of (floor, unchecked, checked, scan, scans, tests, marts)."""
    large = build_dir(workdir, "5M-parquet")
    path = input_path(large)
    literal = "'" + str(path).replace("'", "''") + "'"
    base_sql = compiled(large, "base_raw_metrics")
    unchecked = (
        "select file_row_number + 1 as input_row_number, cast(null as json) as raw_values, "
        "model as model_name, problem_type, problem_name, parallelism_model, "
        "coalesce(sample_id, 0) as sample_id, cast(null as varchar) as source_file, "
        "cast(null as varchar) as source_place, cast(null as double) as best_sequential_runtime, "
        "cast(null as json) as raw_runs, source_write_success, did_build, is_source_valid, "
        "did_any_run, did_all_run, are_any_valid, are_all_valid, response_time as response_time_s, "
        "total_tokens, prompt_tokens, cast(null as double) as completion_tokens, "
        "best_runtime as best_runtime_s, avg_runtime as avg_runtime_s, speedup_2proc, "
        "speedup_4proc, num_successful_runs, cast(null as varchar) as quality_flags, "
        "cast(null as varchar) as rejection_reason "
        f"from read_parquet({literal}, file_row_number = true)"
    )
    db = large / "pareval.duckdb"
    as_built = {
        name: data_dependent(large, sample, name, repeats) for name in models_downstream(large)
    }
    readers = {name: extra for name, extra in as_built.items() if extra > ROW_READER_MIN_S}
    listed = ", ".join(f"{name} {extra:.2f}" for name, extra in sorted(readers.items()))
    tests = {
        test: best_of(repeats, lambda t=test: timed_query(db, compiled(large, t)))
        for test in UNIQUE_TESTS
    }
    marts = model_count_marts(large, sample, repeats)
    scan = best_of(repeats, lambda: timed_query(db, SCAN_SQL))
    found = {
        "floor": min(floor_seconds(path, "parquet") for _ in range(repeats)),
        "as_stored": best_of(
            repeats, lambda: timed_write([f"create table t as from read_parquet({literal})"])
        ),
        "unchecked": best_of(repeats, lambda: timed_write([f"create table t as {unchecked}"])),
        "checked": best_of(repeats, lambda: timed_write([f"create table t as {base_sql}"])),
        "scan": scan,
        "scans": scan * len(readers),
        "tests": sum(tests.values()),
        "marts": sum(marts.values()),
    }
    parts = [
        (f"floor ({path.name})", found["floor"]),
        ("(a) the file written as it is", found["as_stored"]),
        ("(b) base_raw_metrics' columns written, no parsing or validation", found["unchecked"]),
        ("(c) base_raw_metrics as built (parse, flag, quarantine, write)", found["checked"]),
        ("(d) one scan of int_attempts with a group by", scan),
        (f"(d) × the {len(readers)} models that read the rows", found["scans"]),
        (f"(d) those models as built, large minus sample ({listed})", sum(readers.values())),
        *((f"(e) {test[:60]}", seconds) for test, seconds in tests.items()),
        *((f"(f) {name}, large minus sample", extra) for name, extra in marts.items()),
    ]
    return parts, found


def peer_parts(
    workdir: Path, sample: Path, repeats: int
) -> tuple[list[tuple[str, float]], dict[str, float]]:
    peer = build_dir(workdir, "peer-1M-csv")
    read = csv_read_statement(peer)
    base_sql = compiled(peer, "base_raw_metrics")
    path = input_path(peer)
    found = {
        "peer": min(peer_seconds(path) for _ in range(repeats)),
        "read": best_of(repeats, lambda: timed_write([read])),
        "base": best_of(
            repeats, lambda: timed_write([read, f"create table base as {base_sql}"], timed_from=1)
        ),
    }
    marts = model_count_marts(peer, sample, repeats)
    found["marts"] = sum(marts.values())
    parts = [
        (f"peer: bench_peer.py on {path.name}", found["peer"]),
        ("peer CSV read as text into the input check's table", found["read"]),
        ("peer base_raw_metrics from it (parse, flag, quarantine, write)", found["base"]),
        *((f"peer (f) {name}, peer minus sample", extra) for name, extra in marts.items()),
    ]
    return parts, found


def summary(found: dict[str, float], peer: dict[str, float] | None) -> list[str]:
    """The sums the named parts of parquet_parts (and peer_parts) add up to, against DuckDB's
    floor and the peer."""
    shared = found["tests"] + found["marts"]
    unchecked, checked = found["unchecked"], found["checked"]
    sums = [
        ("(b) + (d) × models + (e) + (f): rows written unchecked", unchecked + found["scans"]),
        ("(c) + (d) × models + (e) + (f): rows checked as built", checked + found["scans"]),
        ("(c) + (d) + (e) + (f): one shared scan of the rows", checked + found["scan"]),
    ]
    floor_s = found["floor"]
    lines = ["", f"Against DuckDB's floor ({floor_s:.2f} s):", ""]
    lines += [
        f"- {label}: {value + shared:.2f} s = {(value + shared) / floor_s:.1f}x"
        for label, value in sums
    ]
    if peer:
        total = peer["read"] + peer["base"] + peer["marts"]
        lines += [
            "",
            f"Against the peer ({peer['peer']:.2f} s): CSV read + base_raw_metrics + (f) = "
            f"{total:.2f} s = {total / peer['peer']:.1f}x",
        ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=bench.DEFAULT_WORKDIR)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    sample = build_dir(args.workdir, bench.SAMPLE)
    parts, found = parquet_parts(args.workdir, sample, args.repeats)
    peer = None
    if list((args.workdir / "builds").glob("peer-1M-csv-r*")):
        peer_rows, peer = peer_parts(args.workdir, sample, args.repeats)
        parts += peer_rows
    print("| part | s |\n|---|---:|")
    for label, seconds in parts:
        print(f"| {label} | {seconds:.2f} |")
    print("\n".join(summary(found, peer)))


if __name__ == "__main__":
    main()
