"""Shared fixtures: dbt builds of the sample and of the real r1 file; a fake marts database.

`reporting` and the helpers beside this file are importable through pytest's `pythonpath`
(pyproject.toml). The builds of the sample and of the real file are made once per test session,
also when pytest-xdist spreads the tests over several workers (`shared_build`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dbt_builds
import duckdb
import pytest
from dbt_builds import (
    REAL_RESULTS,
    ROOT,
    Build,
    dbt_build,
    once_per_session,
    shared_build,
    succeeded,
)
from fake_marts import build_fake_marts_db
from report_helpers import run_cli

#: Modules whose tests are spread over the xdist workers one by one; every other module runs on
#: one worker, so its module-scoped fixtures (renders of a report, builds) are made once.
SPREAD_MODULES = frozenset({"test_bad_inputs.py", "test_large_data.py", "test_stats_macros.py"})

# render.py and every other subprocess import `reporting` from this checkout first, even when
# another checkout of the project is installed (editable) in the same virtual environment.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
)

# With several xdist workers (one per core) every core is already busy with a worker's build; a
# second dbt thread per build (profiles.yml's default, PAREVAL_THREADS) would only make two workers'
# four threads share two cores. One thread per build then, unless PAREVAL_THREADS says otherwise.
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
    os.environ.setdefault("PAREVAL_THREADS", "1")


@pytest.hookimpl(optionalhook=True)  # pytest-xdist may be absent or disabled (-p no:xdist)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `--dist loadscope`, keep each module other than SPREAD_MODULES on one worker.

    A scheduler of our own, because `--dist loadgroup` with `xdist_group` marks no longer groups
    anything under pytest 9 (pytest-xdist 3.8 renames `item._nodeid`, which pytest 9's `nodeid`
    no longer reads), so a module's tests were spread and its module fixtures made on every worker.
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return nodeid if Path(module).name in SPREAD_MODULES else module

    return ModuleScheduling(config, log)


def _session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this session shares (this process's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def _worker_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Where this worker links staged inputs (see dbt_builds.staged_input)."""
    dbt_builds.worker_folder = tmp_path_factory.getbasetemp()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project built on the bundled synthetic sample (every model and every dbt data and unit
    test: the only build of the session that runs the unit tests, see dbt_builds)."""
    return succeeded(
        shared_build(
            _session_root(tmp_path_factory),
            "sample_build",
            lambda workdir: dbt_build(workdir, unit_tests=True),
        )
    )


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project built on ../shared/data/h2loop-r1/raw_metrics.csv (skipped when absent)."""
    if not REAL_RESULTS.exists():
        pytest.skip(f"real results file not available: {REAL_RESULTS}")
    return succeeded(
        shared_build(
            _session_root(tmp_path_factory),
            "real_build",
            lambda workdir: dbt_build(workdir, {"raw_metrics_path": str(REAL_RESULTS)}),
        )
    )


def _connect(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(db), read_only=True) as connection:
        yield connection


@pytest.fixture
def sample_db(sample_build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the sample build's marts."""
    yield from _connect(sample_build.db)


@pytest.fixture
def real_db(real_build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the real-file build's marts."""
    yield from _connect(real_build.db)


def _render(build: Build, report_format: str = "md") -> Callable[[Path], None]:
    def render(folder: Path) -> None:
        result = run_cli(
            "--db", build.db, "--out", folder / "out", "--format", report_format,
            cwd=folder, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        assert "Traceback" not in result.stdout + result.stderr, result.stderr[-4000:]

    return render


@pytest.fixture(scope="session")
def sample_report_dir(sample_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample build rendered as markdown (render.py as a user runs it), once per session:
    the folder holding report.md and figures/. The report tests read it; none writes into it."""
    root = _session_root(tmp_path_factory)
    return once_per_session(root, "sample_report", _render(sample_build)) / "out"


@pytest.fixture(scope="session")
def real_report_dir(real_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-file build rendered as markdown once per session (see sample_report_dir)."""
    root = _session_root(tmp_path_factory)
    return once_per_session(root, "real_report", _render(real_build)) / "out"


@pytest.fixture(scope="session")
def sample_html_dir(sample_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample build rendered as HTML (`--format html`) once per session: the folder holding
    report.html. The browser and report tests read it; none writes into it."""
    root = _session_root(tmp_path_factory)
    return once_per_session(root, "sample_html", _render(sample_build, "html")) / "out"


@pytest.fixture
def fake_marts_db(tmp_path: Path) -> Path:
    """A small DuckDB file with fct_success_rates, fct_dataset_card and fct_data_audit."""
    return build_fake_marts_db(tmp_path / "fake_marts.duckdb")
