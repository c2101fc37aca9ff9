"""Read-only access to the dbt marts: one query function per mart, rows as typed dicts.

The DuckDB file is opened read-only inside a `with` block and closed as soon as the marts are
read, because any open handle (even a read-only one) makes the next `dbt build` fail on the lock.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import duckdb

from reporting.errors import (
    DatabaseLockedError,
    DatabaseMissingError,
    DatabaseReadError,
    MartMissingError,
)


class SuccessRate(TypedDict):
    model_name: str
    display_name: str
    family: str | None
    peer_group: str | None
    size_band: str | None
    base_model_name: str | None
    is_reference_model: bool
    scope: str
    metric: str
    n: int
    successes: int
    rate: float | None
    sd: float | None
    se: float | None
    df: float | None
    t_crit: float | None
    ci_low: float | None
    ci_high: float | None
    wilson_low: float | None
    wilson_high: float | None
    confidence_level: float | None
    wald_low: float | None
    wald_high: float | None
    n_clusters: int | None
    cluster_se: float | None
    cluster_ci_low: float | None
    cluster_ci_high: float | None
    np_adequate: bool | None
    small_sample_note: str | None
    ci_status: str | None
    ci_note: str | None
    n_effective: float | None
    design_effect: float | None


class DatasetCard(TypedDict):
    input_path: str | None
    input_format: str | None
    input_sha256: str | None
    is_synthetic_sample: bool
    rows_input: int | None
    rows_kept: int | None
    rows_rejected: int | None
    models_all_rejected: str | None
    execution_models_all_rejected: str | None
    n_models: int | None
    n_problems: int | None
    n_problem_types: int | None
    parallelism_models: str | None
    max_samples_per_problem: int | None
    reference_model: str | None
    reference_model_name: str | None
    confidence_level: float | None
    built_at: dt.datetime | None
    dbt_version: str | None
    duckdb_version: str | None


class AuditRow(TypedDict):
    outcome: str
    reason: str
    rows: int
    example_input_rows: list[int] | None


# The columns the renderer reads from each mart (the contract with the dbt project).
MART_COLUMNS: dict[str, tuple[str, ...]] = {
    "fct_success_rates": tuple(SuccessRate.__annotations__),
    "fct_dataset_card": tuple(DatasetCard.__annotations__),
    "fct_data_audit": tuple(AuditRow.__annotations__),
}

_FLOAT_COLUMNS = {
    "rate", "sd", "se", "df", "t_crit", "ci_low", "ci_high",
    "wilson_low", "wilson_high", "confidence_level", "wald_low", "wald_high", "cluster_se",
    "cluster_ci_low", "cluster_ci_high", "n_effective", "design_effect",
}  # fmt: skip
_INT_COLUMNS = {
    "n", "successes", "rows", "rows_input", "rows_kept", "rows_rejected", "n_models",
    "n_problems", "n_problem_types", "max_samples_per_problem", "n_clusters",
}  # fmt: skip
_BOOL_COLUMNS = {"is_reference_model", "is_synthetic_sample", "np_adequate"}

_LOCK_HOLDER = re.compile(r"held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class Invocation(TypedDict):
    """The latest row of dbt_invocations, written by the on-run-end hook of every dbt build."""

    invocation_id: str
    command: str
    started_at: dt.datetime
    nodes: int
    succeeded: int
    warned: int
    failed: int
    errored: int
    skipped: int
    failed_nodes: list[str]
    status: str


@dataclass(frozen=True)
class MartSpec:
    """A mart a report section reads: its name, the columns it needs and the row order.

    An optional mart (`required=False`) may be absent from the database (e.g. a mart another part of
    the project adds later): then it is left out of `MartData.tables` and the section falls back.
    If it is present, its columns are checked like any other.
    """

    name: str
    columns: tuple[str, ...]
    order_by: str
    required: bool = True


@dataclass(frozen=True)
class MartData:
    """Everything the report reads, fetched in one short read-only session."""

    success_rates: list[SuccessRate]
    dataset_card: DatasetCard
    data_audit: list[AuditRow]
    last_invocation: Invocation | None = None
    tables: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)


def _convert(column: str, value: Any) -> Any:
    """Plain Python values: floats for doubles/decimals, ints for counts, bools for flags."""
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if column in _FLOAT_COLUMNS:
        return float(value)
    if column in _INT_COLUMNS:
        return int(value)
    if column in _BOOL_COLUMNS:
        return bool(value)
    return value


def _rows(
    con: duckdb.DuckDBPyConnection,
    mart: str,
    order_by: str,
    columns: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    columns = tuple(columns) if columns is not None else MART_COLUMNS[mart]
    select_list = ", ".join(f'"{c}"' for c in columns)
    relation = con.sql(f"select {select_list} from {mart} order by {order_by}")
    names = relation.columns
    return [
        {name: _convert(name, value) for name, value in zip(names, row, strict=True)}
        for row in relation.fetchall()
    ]


def success_rates(con: duckdb.DuckDBPyConnection) -> list[SuccessRate]:
    """fct_success_rates, one row per (model_name, scope, metric)."""
    rows = _rows(con, "fct_success_rates", "model_name, scope, metric")
    return [SuccessRate(**row) for row in rows]


def dataset_card(con: duckdb.DuckDBPyConnection) -> DatasetCard:
    """fct_dataset_card, which holds exactly one row."""
    rows = _rows(con, "fct_dataset_card", "1")
    if len(rows) != 1:
        raise DatabaseReadError(
            f"The mart fct_dataset_card should hold exactly one row but holds {len(rows)}. "
            "Rebuild the marts with `dbt build` and render again."
        )
    return DatasetCard(**rows[0])


def data_audit(con: duckdb.DuckDBPyConnection) -> list[AuditRow]:
    """fct_data_audit, one row per (outcome, reason); empty when every row was kept as read."""
    rows = _rows(con, "fct_data_audit", "outcome desc, rows desc, reason")
    return [AuditRow(**row) for row in rows]


def last_invocation(con: duckdb.DuckDBPyConnection) -> Invocation | None:
    """The most recent dbt invocation recorded in the database, or None if there is no log."""
    present = con.sql(
        "select count(*) from duckdb_tables() where schema_name = 'main' "
        "and table_name = 'dbt_invocations'"
    ).fetchall()[0][0]
    if not present:
        return None
    columns = tuple(Invocation.__annotations__)
    relation = con.sql(
        f"select {', '.join(columns)} from main.dbt_invocations "
        "order by finished_at desc, started_at desc limit 1"
    )
    rows = relation.fetchall()
    return Invocation(**dict(zip(columns, rows[0], strict=True))) if rows else None


def mart_rows(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[dict[str, Any]]:
    """The rows of a section-declared mart, as plain Python values."""
    return _rows(con, spec.name, spec.order_by, spec.columns)


def mart_descriptions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each table's description, as dbt persisted it (persist_docs) into the table comment."""
    rows = con.sql(
        "select table_name, comment from duckdb_tables() "
        "where schema_name = current_schema() and comment is not null order by table_name"
    ).fetchall()
    return {table: " ".join(str(comment).split()) for table, comment in rows}


def check_marts(
    con: duckdb.DuckDBPyConnection,
    required: Sequence[str],
    specs: Sequence[MartSpec] = (),
) -> None:
    """Raise MartMissingError naming every absent mart or column the report needs."""
    present = con.sql(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = current_schema() and table_catalog = current_database()"
    ).fetchall()
    columns_by_table: dict[str, set[str]] = {}
    for table, column in present:
        columns_by_table.setdefault(table, set()).add(column)
    needed = {mart: set(MART_COLUMNS[mart]) for mart in required}
    for spec in specs:
        if not spec.required and spec.name not in columns_by_table:
            continue
        needed.setdefault(spec.name, set()).update(spec.columns)
    missing_marts = [m for m in needed if m not in columns_by_table]
    if missing_marts:
        raise MartMissingError(
            "The database has no mart named "
            + ", ".join(missing_marts)
            + ". The report needs it; the last `dbt build` did not create it (an old file, a "
            "partial build or a different PAREVAL_DB). Run `dbt build` and render again."
        )
    problems = [
        f"{mart} lacks {', '.join(sorted(columns - columns_by_table[mart]))}"
        for mart, columns in needed.items()
        if columns - columns_by_table[mart]
    ]
    if problems:
        raise MartMissingError(
            "The marts do not match the columns the report reads: "
            + "; ".join(problems)
            + ". The database was built by a different version of the models; run `dbt build` "
            "and render again."
        )


def _describe_lock_holder(error: Exception) -> str:
    match = _LOCK_HOLDER.search(str(error))
    if not match:
        return "another process"
    pid = match["pid"]
    program = match["program"]
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    except OSError:
        command = ""
    return f"process {pid} ({command or program})"


def require_database(db_path: Path) -> None:
    """Raise DatabaseMissingError unless the DuckDB file exists."""
    if not db_path.is_file():
        raise DatabaseMissingError(
            f"No DuckDB database at {db_path}. The marts are built by dbt: run `dbt build` "
            "(or `make build`) from the repository root first, or point --db / PAREVAL_DB at "
            "an existing database file."
        )


@contextmanager
def read_only(
    db_path: Path, attempts: int = 5, delay_seconds: float = 0.5
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, retried while another process holds the lock; closed on exit."""
    require_database(db_path)
    con: duckdb.DuckDBPyConnection | None = None
    for attempt in range(1, attempts + 1):
        try:
            con = duckdb.connect(str(db_path), read_only=True)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise DatabaseReadError(
                    f"DuckDB could not open {db_path}: {' '.join(str(error).split())} "
                    "Check that the file is a DuckDB database written by `dbt build`."
                ) from None
            if attempt == attempts:
                holder = _describe_lock_holder(error)
                raise DatabaseLockedError(
                    f"The database {db_path} is locked by {holder}. DuckDB lets only one "
                    "process write a file and blocks readers meanwhile; tried "
                    f"{attempts} times over {attempts * delay_seconds:.1f} s. Close that "
                    "process (a running `dbt build`, a DuckDB CLI or a notebook) and render "
                    "again."
                ) from None
            time.sleep(delay_seconds)
        except duckdb.Error as error:
            raise DatabaseReadError(
                f"DuckDB could not open {db_path}: {' '.join(str(error).split())} "
                "Check that the file is a DuckDB database written by `dbt build`."
            ) from None
    assert con is not None
    try:
        yield con
    finally:
        con.close()


def load(
    db_path: Path,
    specs: Sequence[MartSpec] = (),
    attempts: int = 5,
    delay_seconds: float = 0.5,
) -> MartData:
    """Read every mart the report needs, holding the database open only while reading."""
    with read_only(db_path, attempts, delay_seconds) as con:
        check_marts(con, tuple(MART_COLUMNS), specs)
        present = {
            name
            for (name,) in con.sql(
                "select table_name from information_schema.tables "
                "where table_schema = current_schema() and table_catalog = current_database()"
            ).fetchall()
        }
        try:
            return MartData(
                success_rates=success_rates(con),
                dataset_card=dataset_card(con),
                data_audit=data_audit(con),
                last_invocation=last_invocation(con),
                tables={
                    spec.name: mart_rows(con, spec)
                    for spec in specs
                    if spec.required or spec.name in present
                },
                descriptions=mart_descriptions(con),
            )
        except duckdb.Error as error:
            raise DatabaseReadError(
                f"Reading the marts from {db_path} failed: {' '.join(str(error).split())} "
                "Rebuild with `dbt build` and render again."
            ) from None
