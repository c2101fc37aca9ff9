"""Build the dbt project into throw-away DuckDB files for the tests.

Each build gets its own database file and target directory, so tests never touch the user's
`pareval.duckdb` or `target/run_results.json`, and builds on different inputs never collide.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REAL_RESULTS = SHARED / "data" / "h2loop-r1" / "raw_metrics.csv"
REAL_TABLES = SHARED / "data" / "h2loop-r1"
DBT = Path(sys.executable).with_name("dbt")


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


def dbt_build(
    workdir: Path,
    dbt_vars: dict | None = None,
    select: str | None = None,
    env: dict[str, str] | None = None,
) -> Build:
    """Run `dbt build` from the repository root into `workdir` (database and target inside it).

    `select` is a dbt selection (space-separated); `env` adds environment variables.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "pareval.duckdb"
    target = workdir / "target"
    command = [
        str(DBT), "build",
        "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(target), "--log-path", str(workdir / "logs"),
        "--vars", json.dumps(dbt_vars or {}),
    ]
    if select:
        command += ["--select", *select.split()]
    environment = {
        **os.environ, **(env or {}),
        "PAREVAL_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    return Build(db, target, completed.returncode, completed.stdout, completed.stderr)
