"""Degenerate copies of a built marts database, for the chart tests: names of 100+ characters, one
model, two domains, 100+ models. Generic over the marts: every table with a model or display name
column is rewritten, so a new mart is covered without a change here."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

LONG_SUFFIX = " " + "with an extraordinarily long checkpoint and quantisation description " * 2
_NAME_COLUMNS = ("model_name", "other_model_name", "base_model_name", "reference_model_name")
_DISPLAY_COLUMNS = (
    "display_name",
    "other_display_name",
    "base_display_name",
    "compared_with_display_name",
)
KINDS = ("long_names", "one_model", "two_domains", "many_models")
MANY_COPIES = 10  # 11 sample models x 10 copies = 110 models


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.sql(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'main' and table_name in (select table_name from "
        "information_schema.tables where table_type = 'BASE TABLE' and table_schema = 'main') "
        "order by table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _reference(con: duckdb.DuckDBPyConnection) -> str:
    return con.sql(
        "select model_name from fct_success_rates where is_reference_model limit 1"
    ).fetchall()[0][0]


def degenerate_copy(source: Path, target: Path, kind: str) -> Path:
    """Copy `source` to `target` and rewrite it into the degenerate case `kind` (see KINDS)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {KINDS}")
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as con:
        tables = _tables(con)
        reference = _reference(con)
        for table, columns in tables.items():
            names = [c for c in _NAME_COLUMNS if c in columns]
            displays = [c for c in _DISPLAY_COLUMNS if c in columns]
            if table == "stg_problem_types":
                displays = []
            if kind == "long_names" and displays:
                sets = ", ".join(f"{c} = {c} || ?" for c in displays)
                con.execute(f"update {table} set {sets}", [LONG_SUFFIX] * len(displays))
            elif kind == "one_model" and "model_name" in names:
                compared = [c for c in ("model_name", "other_model_name") if c in names]
                keep = " and ".join(f"coalesce({c} = ?, true)" for c in compared)
                con.execute(f"delete from {table} where not ({keep})", [reference] * len(compared))
            elif kind == "two_domains" and "problem_type" in columns:
                con.execute(
                    f"delete from {table} where problem_type not in (select problem_type "
                    f"from (select distinct problem_type from {table}) order by 1 limit 2)"
                )
            elif kind == "many_models" and "model_name" in names:
                replaced = [f"{c} || ' #' || copy as {c}" for c in names + displays]
                flags = (
                    ["(is_reference_model and copy = 0) as is_reference_model"]
                    if "is_reference_model" in columns
                    else []
                )
                select_list = ", ".join(
                    f"* exclude (copy) replace ({', '.join(replaced + flags)})" for _ in [0]
                )
                con.execute(
                    f"create temporary table copies as select {select_list} from "
                    f"{table}, range({MANY_COPIES}) as copies(copy)"
                )
                con.execute(f"delete from {table}")
                con.execute(f"insert into {table} select * from copies")
                con.execute("drop table copies")
    return target
