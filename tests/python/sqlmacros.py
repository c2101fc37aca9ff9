"""Compile SQL that calls the project's dbt macros and run it in an in-memory DuckDB.

One dbt invocation costs a few seconds, so `compile_many` renders several named SQL snippets
in a single `dbt compile --inline` call: the snippets are joined with marker comments and split
again after rendering. It runs in this process with the manifest the builds of this process share
(dbt_builds.invoke), so the project is parsed once.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
from dbt_builds import DB_NAME, invoke

ROOT = Path(__file__).resolve().parents[2]
_MARK = "-- @@snippet:{}@@"
_MARK_RE = re.compile(r"^-- @@snippet:(\w+)@@$", re.MULTILINE)


def compile_many(snippets: dict[str, str]) -> dict[str, str]:
    """Render each Jinja/SQL snippet through dbt; returns name -> compiled SQL."""
    for name in snippets:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"snippet name must be a word: {name!r}")
    text = "\n".join(f"{_MARK.format(name)}\n{sql}" for name, sql in snippets.items())
    with tempfile.TemporaryDirectory() as tmp:
        options = [
            "--project-dir",
            str(ROOT),
            "--profiles-dir",
            str(ROOT),
            "--target-path",
            str(Path(tmp) / "target"),
            "--log-path",
            str(Path(tmp) / "logs"),
            "--vars",
            "{}",
        ]
        # never touch the project's database file from a test
        environment = {"PAREVAL_DB": str(Path(tmp) / DB_NAME)}
        res, _, _ = invoke(ROOT, options, ["compile", "--inline", text, *options], environment)
    if not res.success:
        raise RuntimeError(f"dbt compile failed: {res.exception}")
    compiled = res.result.results[0].node.compiled_code
    parts = _MARK_RE.split(compiled)
    # parts = [prefix, name1, sql1, name2, sql2, ...]
    out = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}
    if set(out) != set(snippets):
        raise RuntimeError(f"snippets lost in compilation: {set(snippets) ^ set(out)}")
    return out


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection."""
    return duckdb.connect()
