"""Bad inputs, misuse and faults: every broken file gets a correct result or a clear error.

Each case of tests/fixtures/bad_inputs/cases.json is built with `dbt build --vars
'{raw_metrics_path: ...}'` into its own database; builds that must succeed are checked for their
accounting (kept + rejected = the file's data rows, counted here in Python independently of dbt),
their fct_data_audit rows by reason and case-specific SQL checks; builds that must fail are checked
for the message a user sees. No command may print a Python traceback. Generated cases (a 50 MB
file, a Parquet file, paths and vars holding quotes or SQL, a locked database) are built at test
time into tmp.

A case builds what its checks read: the ingest models, the accounting marts and every dbt test
among them (`INGEST_AND_ACCOUNTING`), plus fct_success_rates where a case checks it. Cases that
check the report (`render` in cases.json) build the whole project and render it as markdown and
HTML; after every failed build, render.py must refuse to render. Inputs are linked at a fixed path
per worker (`staged_input`), so the builds share dbt's parse of the project.
"""

from __future__ import annotations

import csv
import functools
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet
import pytest
from dbt_builds import INGEST_AND_ACCOUNTING, ROOT, Build, dbt_build, staged_input

FIXTURES = ROOT / "tests" / "fixtures" / "bad_inputs"
CASES: list[dict[str, Any]] = json.loads((FIXTURES / "cases.json").read_text("utf-8"))["cases"]
SAMPLE = ROOT / "seeds" / "raw_metrics.csv"
RENDER = ROOT / "reporting" / "render.py"

#: fct_success_rates needs the Wilson-interval macros (branch stats-macros); until they are merged,
#: cases that check it are skipped with that reason.
RATES_AVAILABLE = any(
    "macro wilson_low" in path.read_text("utf-8") for path in (ROOT / "macros").rglob("*.sql")
)
#: What the checks of a case read; the renderer reads every mart, so a rendered case builds all.
SELECT = INGEST_AND_ACCOUNTING
SELECT_RATES = f"{INGEST_AND_ACCOUNTING} +fct_success_rates"
INJECTION_PATH = "x'); drop table base_raw_metrics; --"
INJECTION_MODEL = "x'; drop view stg_raw_metrics; select '"


def assert_no_traceback(*outputs: str) -> None:
    for output in outputs:
        assert "Traceback" not in output, output[-6000:]


def output_of(build: Build) -> str:
    return build.stdout + build.stderr


def data_rows(path: Path, delimiter: str = ",") -> int:
    """The data rows of an input, counted without DuckDB or dbt (blank lines are not rows)."""
    if path.suffix in {".parquet", ".pq"}:
        return pyarrow.parquet.read_metadata(path).num_rows
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    return sum(1 for row in rows[1:] if row)


def rows_of(db: duckdb.DuckDBPyConnection, sql: str) -> list[list[Any]]:
    return [list(row) for row in db.sql(sql).fetchall()]


@pytest.fixture
def stage(tmp_path_factory: pytest.TempPathFactory):
    """Link an input at this worker's fixed path (see dbt_builds.staged_input)."""
    folder = tmp_path_factory.getbasetemp() / "staged_input"
    return lambda source: staged_input(source, folder)


def copy_build(build: Build, workdir: Path) -> Build:
    """A private copy of a finished build (database and target), to build on again."""
    workdir.mkdir(parents=True)
    shutil.copyfile(build.db, workdir / build.db.name)
    shutil.copytree(build.target, workdir / "target")
    return Build(
        workdir / build.db.name, workdir / "target", build.returncode, build.stdout, build.stderr
    )


@pytest.fixture(scope="module")
def extra_columns_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """extra_columns.csv built once (5 rows, all kept); copied by the tests that build again."""
    build = dbt_build(
        tmp_path_factory.mktemp("extra_columns"),
        {"raw_metrics_path": str(FIXTURES / "extra_columns.csv")},
        SELECT,
    )
    assert_accounted(build, 5, 5, 0)
    return build


def assert_accounted(build: Build, input_rows: int, kept: int, rejected: int) -> None:
    """The build succeeded and every input row is kept or rejected, in every place that counts."""
    assert build.returncode == 0, output_of(build)[-6000:]
    statuses = {
        result["status"]
        for result in build.run_results["results"]
        if not result["unique_id"].startswith("exposure.")  # an exposure runs nothing: no-op
    }
    assert statuses <= {"success", "pass", "warn"}, statuses
    with duckdb.connect(str(build.db), read_only=True) as db:
        card = rows_of(db, "select rows_input, rows_kept, rows_rejected from fct_dataset_card")
        assert card == [[input_rows, kept, rejected]]
        assert rows_of(db, "select count(*) from stg_raw_metrics") == [[kept]]
        assert rows_of(db, "select count(*) from stg_raw_metrics_rejected") == [[rejected]]
        assert rows_of(
            db,
            "select count(*), min(input_row_number), max(input_row_number) from base_raw_metrics",
        ) == [[input_rows, 1, input_rows]]


@functools.cache
def render_flags() -> str:
    """render.py's --help text (the flags it accepts)."""
    completed = subprocess.run(
        [sys.executable, str(RENDER), "--help"], capture_output=True, text=True, check=False
    )
    return completed.stdout


def render(build: Build, out: Path, report_format: str = "md") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(RENDER), "--db", str(build.db), "--out", str(out)]
    if "--run-results" in render_flags():
        command += ["--run-results", str(build.target / "run_results.json")]
    if report_format != "md":
        command += ["--format", report_format]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert_no_traceback(completed.stdout, completed.stderr)
    return completed


def written_report(completed: subprocess.CompletedProcess[str], out: Path, suffix: str) -> str:
    reports = sorted(out.rglob(f"*{suffix}"))
    assert reports, f"no *{suffix} under {out}: {completed.stdout}{completed.stderr}"
    return "\n".join(path.read_text("utf-8") for path in reports)


def check_render(build: Build, case: dict[str, Any], tmp_path: Path) -> None:
    """Render the build; names from the data must be escaped in markdown and HTML."""
    markdown = render(build, tmp_path / "report_md")
    if case["build"] == "failure":
        assert markdown.returncode != 0, "render.py rendered after a failed build"
        return
    assert markdown.returncode == 0, markdown.stdout + markdown.stderr
    expected: dict[str, list[str]] = case.get("render", {})
    if not expected:
        return
    report = written_report(markdown, tmp_path / "report_md", ".md")
    for text in expected.get("contains", []):
        assert text in report, f"{text!r} is not in the markdown report"
    for text in expected.get("not_in_markdown", []):
        assert text not in report, f"{text!r} reached the markdown report unescaped"
    html = render(build, tmp_path / "report_html", "html")
    assert html.returncode == 0, html.stdout + html.stderr
    page = written_report(html, tmp_path / "report_html", ".html")
    for text in expected.get("not_in_html", []):
        assert text not in page, f"{text!r} reached the HTML report unescaped"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path, stage) -> None:
    if case.get("needs_rates") and not RATES_AVAILABLE:
        pytest.skip("fct_success_rates needs the wilson_low macro (branch stats-macros)")
    source = FIXTURES / case["file"]
    rendered = bool(case.get("render"))
    # A rendered case reads every mart: it builds the whole project, from the file where it lies.
    path = stage(source)
    select = None if rendered else SELECT_RATES if case.get("needs_rates") else SELECT
    build = dbt_build(
        tmp_path / "build", {"raw_metrics_path": str(path), **case.get("vars", {})}, select
    )
    output = output_of(build)
    assert_no_traceback(build.stdout, build.stderr)
    for fragment in case.get("messages", []):
        assert fragment.replace("{path}", str(path)) in output, output[-6000:]

    if case["build"] == "failure":
        assert build.returncode != 0, output[-6000:]
    else:
        assert_accounted(
            build, data_rows(source, case.get("delimiter", ",")), case["kept"], case["rejected"]
        )
        with duckdb.connect(str(build.db), read_only=True) as db:
            audit = rows_of(
                db,
                "select outcome, reason, rows, example_input_rows from fct_data_audit "
                "order by outcome, reason",
            )
            assert audit == case["audit"]
            for check in case.get("checks", []):
                assert rows_of(db, check["sql"]) == check["expected"], check["sql"]
        for warning in case.get("warnings", []):
            assert any(warning in line and "WARN" in line for line in build.stdout.splitlines()), (
                f"no warning from {warning}"
            )

    if RENDER.exists() and (rendered or case["build"] == "failure"):
        check_render(build, case, tmp_path)


def test_fifty_megabyte_file_with_one_bad_row_at_the_end(tmp_path: Path, stage) -> None:
    """A 50 MB file: the last row is rejected under its own row number, every other row is kept."""
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        header, *sample = list(csv.reader(handle))
    big = tmp_path / "big.csv"
    rows = 0
    with big.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*header, "sample_id"])
        sample_id = 0
        while handle.tell() < 50_000_000:
            writer.writerows([*row, str(sample_id)] for row in sample)
            rows += len(sample)
            sample_id += 1
        bad = dict(zip(header, sample[0], strict=True)) | {"did_build": "maybe"}
        writer.writerow([*bad.values(), str(sample_id)])
        rows += 1
    assert big.stat().st_size >= 50_000_000
    assert data_rows(big) == rows

    build = dbt_build(tmp_path / "build", {"raw_metrics_path": str(stage(big))}, SELECT)
    assert_no_traceback(build.stdout, build.stderr)
    assert_accounted(build, rows, rows - 1, 1)
    with duckdb.connect(str(build.db), read_only=True) as db:
        rejected = rows_of(
            db,
            "select input_row_number, rejection_reason, raw_sample_id "
            "from stg_raw_metrics_rejected",
        )
        assert rejected == [[rows, 'unparseable boolean in did_build: "maybe"', str(sample_id)]]
        # Row numbers follow the file: row n holds sample (n - 1) // len(sample).
        assert rows_of(
            db,
            f"select count(*) from stg_raw_metrics "
            f"where (input_row_number - 1) // {len(sample)} <> sample_id",
        ) == [[0]]


def test_parquet_input_with_typed_columns(tmp_path: Path, stage) -> None:
    """A Parquet file whose columns are BOOLEAN and DOUBLE (not text) is read like the CSV;
    one with no rows stops the build."""
    parquet = tmp_path / "results.parquet"
    source = FIXTURES / "extra_columns.csv"
    with duckdb.connect() as db:
        db.read_csv(str(source)).write_parquet(str(parquet))
        types = {row[0]: row[1] for row in db.sql(f"describe from '{parquet}'").fetchall()}
    assert (types["did_build"], types["best_runtime"]) == ("BOOLEAN", "DOUBLE"), types
    build = dbt_build(tmp_path / "build", {"raw_metrics_path": str(stage(parquet))}, SELECT)
    assert_no_traceback(build.stdout, build.stderr)
    assert_accounted(build, data_rows(parquet), 5, 0)
    with duckdb.connect(str(build.db), read_only=True) as db:
        assert rows_of(
            db,
            "select count_if(did_build), sum(num_successful_runs), "
            "max(best_runtime_s) from stg_raw_metrics",
        ) == [[3, 5, 0.0302991485]]

    empty = tmp_path / "empty.parquet"
    with duckdb.connect() as db:
        db.read_parquet(str(parquet)).limit(0).write_parquet(str(empty))
    assert data_rows(empty) == 0
    staged = stage(empty)
    nothing = dbt_build(tmp_path / "empty_build", {"raw_metrics_path": str(staged)}, SELECT)
    assert_no_traceback(nothing.stdout, nothing.stderr)
    assert nothing.returncode != 0
    assert f"Input file '{staged}' has no data rows" in nothing.stdout


@pytest.mark.parametrize("own_row_numbers", [False, True])
def test_typed_parquet_duplicate_is_rejected_with_its_raw_text(
    tmp_path: Path, own_row_numbers: bool
) -> None:
    """A repeated key in a typed Parquet file: the later row is rejected, naming the first, and the
    quarantine shows its values as text (the BOOLEAN and DOUBLE columns cast, not parsed). Rows are
    numbered in file order, also when the file has a column named file_row_number (DuckDB's virtual
    column of that name, which numbers a Parquet file's rows otherwise, is then the file's own)."""
    source = FIXTURES / "extra_columns.csv"
    with open(source, newline="") as handle:
        records = list(csv.DictReader(handle))
    parquet = tmp_path / "repeated.parquet"
    extra = ", 100 - position as file_row_number" if own_row_numbers else ""
    with duckdb.connect() as db:
        db.sql(
            f"copy (select * exclude (position){extra} from ("
            f"select *, row_number() over () as position from read_csv('{source}') "
            f"union all (select *, 99 from read_csv('{source}') limit 1 offset 1)) "
            f"order by position) to '{parquet}' (format parquet)"
        )
        typed = db.sql(f"select typeof(did_build), typeof(best_runtime) from '{parquet}' limit 1")
        assert typed.fetchall() == [("BOOLEAN", "DOUBLE")]
    first = records[1]
    build = dbt_build(tmp_path / "build", {"raw_metrics_path": str(parquet)}, SELECT)
    assert_no_traceback(build.stdout, build.stderr)
    assert_accounted(build, len(records) + 1, len(records), 1)
    with duckdb.connect(str(build.db), read_only=True) as db:
        assert rows_of(
            db,
            "select input_row_number, rejection_reason, raw_model, raw_did_build, "
            "raw_best_runtime from stg_raw_metrics_rejected",
        ) == [
            [
                len(records) + 1,
                "duplicate key (model, problem_name, parallelism_model, sample_id): "
                "first seen at row 2",
                first["model"],
                first["did_build"].lower(),
                first["best_runtime"],
            ]
        ]


def test_path_with_quotes_and_semicolons_is_read_as_data(tmp_path: Path) -> None:
    """A file name holding quotes and SQL punctuation is just a file name."""
    folder = tmp_path / 'it\'s a "quoted"; folder'
    folder.mkdir()
    path = folder / "results'); select 1; --.csv"
    shutil.copy(FIXTURES / "extra_columns.csv", path)
    build = dbt_build(tmp_path / "build", {"raw_metrics_path": str(path)}, SELECT)
    assert_no_traceback(build.stdout, build.stderr)
    assert_accounted(build, 5, 5, 0)
    with duckdb.connect(str(build.db), read_only=True) as db:
        assert rows_of(db, "select input_path from fct_dataset_card") == [[str(path)]]


def test_sql_in_vars_cannot_change_the_sql(tmp_path: Path, extra_columns_build: Build) -> None:
    """raw_metrics_path and reference_model holding SQL fail cleanly and drop nothing."""
    workdir = tmp_path / "build"
    good = copy_build(extra_columns_build, workdir)

    def relations() -> list[list[Any]]:
        with duckdb.connect(str(good.db), read_only=True) as db:
            return rows_of(
                db,
                "select (select count(*) from base_raw_metrics), "
                "(select count(*) from stg_raw_metrics), "
                "(select list(table_name order by table_name) from information_schema.tables "
                "where table_schema = 'main')",
            )

    before = relations()
    bad_path = dbt_build(workdir, {"raw_metrics_path": INJECTION_PATH}, SELECT)
    assert_no_traceback(bad_path.stdout, bad_path.stderr)
    assert bad_path.returncode != 0
    assert f"Input file '{INJECTION_PATH}' not found" in bad_path.stdout
    assert relations() == before

    good_path = str(FIXTURES / "extra_columns.csv")
    bad_model = dbt_build(
        workdir, {"raw_metrics_path": good_path, "reference_model": INJECTION_MODEL}, SELECT
    )
    assert_no_traceback(bad_model.stdout, bad_model.stderr)
    assert bad_model.returncode != 0
    assert f"reference_model '{INJECTION_MODEL}' is not in the results" in bad_model.stdout
    assert relations() == before


def test_path_matching_several_files_is_refused(tmp_path: Path) -> None:
    """DuckDB reads * in a path as a pattern: a path matching several files stops the build."""
    pattern = str(FIXTURES / "*.csv")
    build = dbt_build(tmp_path / "build", {"raw_metrics_path": pattern}, SELECT)
    assert_no_traceback(build.stdout, build.stderr)
    assert build.returncode != 0
    matches = len(list(FIXTURES.glob("*.csv")))
    assert f"Input path '{pattern}' matches {matches} files" in build.stdout


def hold_database(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process with the database open (read-only, as a renderer would) for `seconds`."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb\n"
            "connection = duckdb.connect(sys.argv[1], read_only=True)\n"
            "print('open', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n"
            "connection.close()\n",
            str(db),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


def test_build_while_a_reader_holds_the_database(
    tmp_path: Path, extra_columns_build: Build, stage
) -> None:
    """The build retries, then fails with DuckDB's lock message; the file is left intact."""
    workdir = tmp_path / "build"
    good = copy_build(extra_columns_build, workdir)
    holder = hold_database(good.db, 120)
    try:
        started = time.monotonic()
        locked = dbt_build(
            workdir,
            {"raw_metrics_path": str(stage(FIXTURES / "single_row.csv"))},
            SELECT,
            env={"PAREVAL_CONNECT_ATTEMPTS": "2"},
            cli=True,  # what the `dbt` command prints when another process holds the file
        )
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert locked.returncode != 0
    assert "Could not set lock on file" in locked.stdout
    assert elapsed >= 3, "no retry: two attempts sleep 1 s and 2 s"
    # Nothing was written: the database still holds the first build, opens for writing and reads.
    with duckdb.connect(str(good.db)) as db:
        db.execute("checkpoint")
        assert rows_of(db, "select rows_input, rows_kept from fct_dataset_card") == [[5, 5]]
        assert rows_of(db, "select count(*) from stg_raw_metrics") == [[5]]
    if "Traceback" in output_of(locked):
        pytest.xfail(
            "dbt-duckdb 1.11.1 prints a traceback after the lock message: its exception_handler "
            "calls rollback_if_open(), which opens the connection again and lets DuckDB's "
            "IOException escape unwrapped"
        )


def test_build_waits_for_a_reader_that_lets_go(
    tmp_path: Path, extra_columns_build: Build, stage
) -> None:
    """A reader that closes the database within the retries does not fail the build."""
    workdir = tmp_path / "build"
    good = copy_build(extra_columns_build, workdir)
    holder = hold_database(good.db, 6)
    try:
        again = dbt_build(
            workdir,
            {"raw_metrics_path": str(stage(FIXTURES / "single_row.csv"))},
            SELECT,
            env={"PAREVAL_CONNECT_ATTEMPTS": "5"},
        )
    finally:
        holder.wait(timeout=60)
    assert_no_traceback(again.stdout, again.stderr)
    assert_accounted(again, 1, 1, 0)
