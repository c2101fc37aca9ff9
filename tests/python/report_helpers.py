"""Helpers of the report tests: run render.py as a subprocess, read the rendered markdown (table
rows, a table under a caption, the text between two headings) and query a marts database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
RENDER = REPO_ROOT / "reporting" / "render.py"
FORBIDDEN = re.compile(r"\b(nan|NaN|None|inf|Infinity|dtype|np\.float64)\b")
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = 180,
) -> subprocess.CompletedProcess[str]:
    """Run render.py as a user would (PAREVAL_DB unset unless env sets it), from cwd (a directory
    that is not the repository root; None: this process's)."""
    environment = {k: v for k, v in os.environ.items() if k != "PAREVAL_DB"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, str(RENDER), *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def split_row(line: str) -> list[str]:
    """Cells of a markdown table row, splitting only on pipes that are not escaped."""
    cells, current, index = [], "", 0
    body = line.strip()[1:-1]
    while index < len(body):
        if body[index] == "\\":
            current += body[index : index + 2]
            index += 2
            continue
        if body[index] == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += body[index]
        index += 1
    cells.append(current.strip())
    return cells


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def table_rows(text: str, caption: str) -> list[list[str]]:
    """The rows (as cell lists, header first, no separator) of the table under a bold caption."""
    lines = text[text.index(f"**{caption}**") :].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append(split_row(line))
    return [rows[0], *rows[2:]]


def table_dicts(text: str, caption: str) -> list[dict[str, str]]:
    """The rows of the table under a bold caption, as {header: cell}."""
    header, *body = table_rows(text, caption)
    assert all(len(r) == len(header) for r in body)
    return [dict(zip(header, r, strict=True)) for r in body]


def between(report: str, start: str, end: str | None) -> str:
    """The text from the first `start` to the next `end` after it (None: to the end)."""
    begin = report.index(start)
    stop = report.index(end, begin) if end else len(report)
    return report[begin:stop]


def mart(db: Path, sql: str) -> list[dict[str, Any]]:
    """The rows of a query on the marts database (opened read-only), as {column: value}."""
    with duckdb.connect(str(db), read_only=True) as con:
        relation = con.sql(sql)
        return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
