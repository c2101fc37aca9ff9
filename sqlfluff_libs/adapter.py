"""`adapter` for sqlfluff's jinja templater: quote, type and dispatch (to the macros loaded)."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context


def quote(identifier: Any) -> str:
    return '"' + str(identifier).replace('"', '""') + '"'


def type() -> str:
    return "duckdb"


@pass_context
def dispatch(context: Context, macro_name: str, macro_namespace: str | None = None) -> Any:
    """duckdb__NAME, else default__NAME, among the project's macros (as dbt's dispatch)."""
    for name in (f"duckdb__{macro_name}", f"default__{macro_name}"):
        macro = context.get(name)
        if macro is not None:
            return macro
    raise KeyError(f"no duckdb__ or default__ implementation of {macro_name}")
