"""Build the dbt project into throw-away DuckDB files for the tests.

Each build gets its own working directory holding its database (`pareval.duckdb`), target directory
and logs, so tests never touch the user's `pareval.duckdb` or `target/run_results.json`, and builds
on different inputs never collide (also across pytest-xdist workers).

Parsing the project costs about a third of a sample `dbt build`, and dbt reparses from scratch in
every new target directory. dbt's partial parsing may reuse an earlier parse when the command-line
vars and the connection settings (the database path among them) are the same. So, in a test
session, every build of one worker opens its database through one fixed path, a symbolic link
(`current-build`) pointed at the build's own directory before it runs, and each build starts from
the parse (`partial_parse.msgpack`) of an earlier build with the same vars, kept per worker in
`parse_cache`. dbt itself checks every file's checksum and reparses what changed. `staged_input`
gives inputs a fixed path, so that builds of different files of one kind share their vars too
(`dbt_build(..., stage=True)` does it for `raw_metrics_path`): a change of vars makes dbt parse
the whole project again, which costs more than building a small input.
dbt runs from the repository root, as the README asks (the sample's path is relative to it).

dbt's unit tests read the rows given in their YAML, never the input: they prove the same thing in
every build. They run in the session's sample build (`unit_tests=True`, where test_dbt_build checks
that every unit test and every data test of the project ran and passed); every other build leaves
them out (`--exclude-resource-type unit_test`) and runs its data tests on its own input as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REAL_RESULTS = SHARED / "data" / "h2loop-r1" / "raw_metrics.csv"
REAL_TABLES = SHARED / "data" / "h2loop-r1"
DBT = Path(sys.executable).with_name("dbt")
DB_NAME = "pareval.duckdb"
PARTIAL_PARSE = "partial_parse.msgpack"
#: The folder of a worker's temporary directory where inputs are linked (`staged_input`).
STAGED = "staged_input"
#: Ingest plus the accounting marts and every dbt test among them: what a bad-input case checks.
INGEST_AND_ACCOUNTING = (
    "+fct_dataset_card +fct_data_audit +stg_raw_metrics +stg_raw_metrics_rejected"
)

#: Where parses are kept: set by conftest to a folder of this worker's temporary directory.
parse_cache: Path | None = None


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


def _cached_parse(dbt_vars: dict) -> Path | None:
    if parse_cache is None:
        return None
    key = hashlib.sha256(json.dumps(dbt_vars, sort_keys=True).encode()).hexdigest()[:16]
    return parse_cache / key / PARTIAL_PARSE


def _database_path(workdir: Path) -> Path:
    """The path dbt opens: the fixed link of this worker, pointed at `workdir` (see above)."""
    if parse_cache is None:
        return workdir / DB_NAME
    link = parse_cache.parent / "current-build"
    link.parent.mkdir(parents=True, exist_ok=True)
    temporary = link.with_name(f"{link.name}.new")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(workdir.resolve(), target_is_directory=True)
    os.replace(temporary, link)
    return link / DB_NAME


def dbt_build(
    workdir: Path,
    dbt_vars: dict | None = None,
    select: str | None = None,
    env: dict[str, str] | None = None,
    *,
    unit_tests: bool = False,
    stage: bool = False,
) -> Build:
    """Run `dbt build` from the repository root into `workdir` (database and target inside it).

    `select` is a dbt selection (space-separated; tests run only when all their parents are
    selected); `env` adds environment variables. `unit_tests` runs dbt's unit tests too (see
    above); `stage` links `raw_metrics_path` at this worker's fixed path first (`staged_input`),
    so the build shares its parse with other builds of the same vars; the input's path in the
    marts (fct_dataset_card.input_path) is then the link's.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / "target"
    dbt_vars = dict(dbt_vars or {})
    if stage and parse_cache is not None and dbt_vars.get("raw_metrics_path"):
        staged = staged_input(Path(dbt_vars["raw_metrics_path"]), parse_cache.parent / STAGED)
        dbt_vars["raw_metrics_path"] = str(staged)
    cached = _cached_parse(dbt_vars)
    if cached is not None and cached.exists():
        target.mkdir(exist_ok=True)
        shutil.copyfile(cached, target / PARTIAL_PARSE)
    command = [
        str(DBT),
        "build",
        "--project-dir",
        str(ROOT),
        "--profiles-dir",
        str(ROOT),
        "--target-path",
        str(target),
        "--log-path",
        str(workdir / "logs"),
        "--vars",
        json.dumps(dbt_vars),
    ]
    if select:
        command += ["--select", *select.split(), "--indirect-selection", "cautious"]
    if not unit_tests:
        command += ["--exclude-resource-type", "unit_test"]
    environment = {
        **os.environ,
        **(env or {}),
        "PAREVAL_DB": str(_database_path(workdir)),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    parsed = target / PARTIAL_PARSE
    if cached is not None and parsed.exists() and not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as handle:
            shutil.copyfileobj(parsed.open("rb"), handle)
        os.replace(handle.name, cached)
    return Build(
        workdir / DB_NAME, target, completed.returncode, completed.stdout, completed.stderr
    )


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
