"""Build the dbt project into throw-away DuckDB files for the tests.

Each build gets its own working directory holding its database (`pareval.duckdb`), target directory
and logs, so tests never touch the user's `pareval.duckdb` or `target/run_results.json`, and builds
on different inputs never collide (also across pytest-xdist workers).

A new `dbt` process costs seconds before the first node runs: importing dbt and the adapter, then
parsing the project or loading and checking a saved parse. So builds run inside the test process
through dbt's programmatic entry point (`dbtRunner`), and each worker parses the project once per
set of vars and hands that manifest to every later build with the same vars (`dbtRunner(manifest=)`
skips parsing; dbt compiles every node again at run time with the build's own vars and connection).
The manifest is keyed by the vars a parse can depend on (YAML test arguments, `set` blocks that
choose refs; see PARSE_FREE_VARS for those it cannot) and by the database's name, which every node
records: every build's database file is named DB_NAME. The build's console output (what `dbt
build` prints) is captured as `stdout`/`stderr`; `cli=True` runs the `dbt` command in a subprocess
instead, for tests of what the command itself does (a lock held by another process, a traceback).
dbt runs from the repository root, as the README asks (the sample's path is relative to it).

dbt's unit tests read the rows given in their YAML, never the input: they prove the same thing in
every build. They run in the session's sample build (`unit_tests=True`, where test_dbt_build checks
that every unit test and every data test of the project ran and passed); every other build leaves
them out (`--exclude-resource-type unit_test`) and runs its data tests on its own input as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REAL_RESULTS = SHARED / "data" / "h2loop-r1" / "raw_metrics.csv"
REAL_TABLES = SHARED / "data" / "h2loop-r1"
DBT = Path(sys.executable).with_name("dbt")
DB_NAME = "pareval.duckdb"
#: The folder of a worker's temporary directory where inputs are linked (`staged_input`).
STAGED = "staged_input"
#: Ingest plus the accounting marts and every dbt test among them: what a bad-input case checks.
INGEST_AND_ACCOUNTING = (
    "+fct_dataset_card +fct_data_audit +stg_raw_metrics +stg_raw_metrics_rejected"
)

#: Vars that no parse-time code reads: the models and macros use their values only when they run
#: (`reference_model` and `model_name` in `set` statements and checks guarded by `execute`), so
#: builds that differ only in them share one manifest. Of `raw_metrics_path` a parse records only
#: whether it is empty (the bundled seed is then a parent of base_raw_metrics), so builds of any
#: two files share one too. Every other var (YAML test arguments, the baseline round, which
#: decides refs of the round models) keys its own parse.
PARSE_FREE_VARS = ("reference_model", "model_name")
#: This process's temporary folder (set by conftest: one per pytest-xdist worker).
worker_folder: Path | None = None
#: Parsed manifests of this process, by (project directory, database name, vars as JSON).
_manifests: dict[tuple[str, str, str], Any] = {}


@dataclass(frozen=True)
class Build:
    """A finished dbt build: its database, its target directory and the process result."""

    db: Path
    target: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def run_results(self) -> dict:
        return json.loads((self.target / "run_results.json").read_text())

    def save(self, path: Path) -> None:
        record = {key: str(value) for key, value in asdict(self).items()}
        path.write_text(json.dumps(record | {"returncode": self.returncode}), "utf-8")

    @classmethod
    def load(cls, path: Path) -> Build:
        record = json.loads(path.read_text("utf-8"))
        return cls(
            Path(record["db"]),
            Path(record["target"]),
            int(record["returncode"]),
            record["stdout"],
            record["stderr"],
        )


def dbt_build(
    workdir: Path,
    dbt_vars: dict | None = None,
    select: str | None = None,
    env: dict[str, str] | None = None,
    *,
    unit_tests: bool = False,
    stage: bool = False,
    project: Path = ROOT,
    cli: bool = False,
) -> Build:
    """Run `dbt build` of `project` (default: this repository) into `workdir` (database, target
    and logs inside it), from the project's directory.

    `select` is a dbt selection (space-separated; tests run only when all their parents are
    selected); `env` adds environment variables. `unit_tests` runs dbt's unit tests too (see
    above); `stage` links `raw_metrics_path` at this worker's fixed path first (`staged_input`):
    the input's path in the marts (fct_dataset_card.input_path) is then the link's. `cli` runs
    the `dbt` command in a subprocess instead of in this process. The return code is the
    command's (0 success, 1 a node failed, 2 dbt stopped with an error).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / "target"
    dbt_vars = dict(dbt_vars or {})
    if stage and dbt_vars.get("raw_metrics_path"):
        staged = staged_input(Path(dbt_vars["raw_metrics_path"]), _staging_folder())
        dbt_vars["raw_metrics_path"] = str(staged)
    options = [
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(target),
        "--log-path",
        str(workdir / "logs"),
        "--vars",
        json.dumps(dbt_vars, sort_keys=True),
    ]
    # No dbt.log: no test reads it, and formatting every event for the file costs about a tenth
    # of a small build (the console output is kept in `stdout`).
    arguments = ["build", *options, "--log-level-file", "none"]
    if select:
        arguments += ["--select", *select.split(), "--indirect-selection", "cautious"]
    if not unit_tests:
        arguments += ["--exclude-resource-type", "unit_test"]
    environment = {
        **(env or {}),
        "PAREVAL_DB": str(workdir / DB_NAME),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if cli:
        completed = subprocess.run(
            [str(DBT), *arguments],
            cwd=project,
            env={**os.environ, **environment},
            capture_output=True,
            text=True,
            check=False,
        )
        returncode, stdout, stderr = completed.returncode, completed.stdout, completed.stderr
    else:
        returncode, stdout, stderr = _in_process(project, options, arguments, environment)
    return Build(workdir / DB_NAME, target, returncode, stdout, stderr)


def succeeded(build: Build) -> Build:
    """`build`, or the test fails with the end of dbt's output when the build did not succeed."""
    if build.returncode != 0:
        pytest.fail(f"dbt build failed:\n{build.stdout[-4000:]}\n{build.stderr[-2000:]}")
    return build


def _staging_folder() -> Path:
    """This process's folder for `staged_input` (one per pytest-xdist worker)."""
    folder = worker_folder or Path(tempfile.gettempdir()) / f"pareval-tests-{os.getpid()}"
    return folder / STAGED


@contextlib.contextmanager
def _environment(variables: dict[str, str], cwd: Path) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in variables}
    previous = Path.cwd()
    os.environ.update(variables)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(previous)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _in_process(
    project: Path, options: list[str], arguments: list[str], environment: dict[str, str]
) -> tuple[int, str, str]:
    """`dbt <arguments>` in this process (see `invoke`); returns (return code, console output,
    errors): 0 success, 1 a node failed, 2 dbt stopped with an error."""
    result, stdout, stderr = invoke(project, options, arguments, environment)
    if result.success:
        return 0, stdout, stderr
    if result.exception is None:
        return 1, stdout, stderr
    return 2, stdout, f"{stderr}{type(result.exception).__name__}: {result.exception}\n"


def invoke(
    project: Path, options: list[str], arguments: list[str], environment: dict[str, str]
) -> tuple[Any, str, str]:
    """`dbt <arguments>` through dbtRunner, run from `project` with `environment` added, reusing
    this process's manifest for the same project and vars (parsed here, with `options`, the first
    time; `options` must hold `--vars` and every option a parse needs; the database file is
    `environment["PAREVAL_DB"]`, named DB_NAME in every build so that they share parses).
    Returns dbt's result object (`dbtRunnerResult`), the console output and what went to stderr."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    # The parse records the database's name (the file's stem) in every node: key by it too.
    database = Path(environment.get("PAREVAL_DB", DB_NAME)).stem
    key = (str(project), database, _parse_key(options[options.index("--vars") + 1]))
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        _environment(environment, project),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            manifest = _manifests.get(key)
            if manifest is None:
                parsed = dbtRunner().invoke(["parse", *options, "--quiet"])
                if parsed.success:
                    manifest = _manifests[key] = parsed.result
            result = dbtRunner(manifest=manifest).invoke(arguments)
        finally:
            # dbt-duckdb keeps the database open in a class attribute after the run: close it,
            # as the end of a `dbt` process would, so that the test can open the file.
            with DuckDBConnectionManager._LOCK:
                if DuckDBConnectionManager._ENV is not None:
                    with contextlib.suppress(Exception):
                        DuckDBConnectionManager._ENV.close()
                    DuckDBConnectionManager._ENV = None
    return result, stdout.getvalue(), stderr.getvalue()


def _parse_key(dbt_vars: str) -> str:
    """The part of the vars (JSON) that can change what a parse records (PARSE_FREE_VARS)."""
    values = json.loads(dbt_vars)
    for name in PARSE_FREE_VARS:
        values.pop(name, None)
    if values.get("raw_metrics_path"):
        values["raw_metrics_path"] = "a file"
    return json.dumps(values, sort_keys=True)


def staged_input(source: Path, folder: Path) -> Path:
    """`source` linked at a fixed path in `folder` (same suffix): builds of different files share
    their vars, and so their parse. Call with one folder per process; the link is replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / f"results{source.suffix}"
    link.unlink(missing_ok=True)
    link.symlink_to(source.resolve())
    return link


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_build(root: Path, name: str, build: Callable[[Path], Build]) -> Build:
    """One build per test session, also with pytest-xdist: the first worker to ask builds into
    `root/name`, the others wait for it and reuse the database (they only read it)."""
    folder = root / name
    record = folder / "build.json"
    with _locked(root / f"{name}.lock"):
        if record.exists():
            return Build.load(record)
        result = build(folder / "build")
        folder.mkdir(parents=True, exist_ok=True)
        result.save(record)
        return result


def once_per_session(root: Path, name: str, make: Callable[[Path], None]) -> Path:
    """`make(folder)` once per test session, also with pytest-xdist (the first worker to ask makes
    `root/name`, the others wait for it and read it); `folder` is returned. When `make` fails, the
    next worker to ask tries again (and fails with its own message)."""
    folder = root / name
    done = folder / ".done"
    with _locked(root / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            done.touch()
    return folder
