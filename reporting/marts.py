"""Read-only access to the dbt marts: one query function per mart, rows as typed dicts.

Each mart's columns and their types are declared once, in the dbt project: the `columns` (with
`data_type`, enforced by the model's contract) of its entry in models/**/_*__models.yml. The
renderer reads exactly those columns (`declared_columns`), converts each value by its declared
type (`_convert`), and a report section names only the mart and the row order (`MartSpec`).

The DuckDB file is opened read-only inside a `with` block and closed as soon as the marts are
read, because any open handle (even a read-only one) makes the next `dbt build` fail on the lock.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict

import duckdb
import yaml

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
    df: int | None
    t_crit: float | None
    ci_low: float | None
    ci_high: float | None
    ci_status: str | None
    ci_note: str | None
    n_effective: float | None
    design_effect: float | None
    wilson_low: float | None
    wilson_high: float | None
    wald_low: float | None
    wald_high: float | None
    n_clusters: int | None
    cluster_se: float | None
    cluster_df: int | None
    cluster_t_crit: float | None
    cluster_ci_low: float | None
    cluster_ci_high: float | None
    np_adequate: bool | None
    small_sample_note: str | None
    confidence_level: float | None
    in_display_set: bool
    display_set_reason: str


class DatasetCard(TypedDict):
    input_path: str | None
    input_format: str | None
    input_sha256: str | None
    is_synthetic_sample: bool
    rows_input: int | None
    rows_kept: int | None
    models_all_rejected: str | None
    execution_models_all_rejected: str | None
    rows_rejected: int | None
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


# The dbt project's model YAML files, beside this package in the checkout (`pip install -e .`).
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
# libyaml's safe loader when PyYAML was built with it (about 7x faster than the pure-Python one).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC")
_INT_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
)


@dataclass(frozen=True)
class MartContract:
    """A model's column declaration in the dbt YAML: names in order, each with its data_type
    (None where the YAML gives none), and whether dbt enforces it as a contract."""

    name: str
    columns: tuple[str, ...]
    data_types: Mapping[str, str | None]
    enforced: bool
    path: Path


@functools.cache
def contracts(models_dir: Path = MODELS_DIR) -> dict[str, MartContract]:
    """Every model declared in models_dir/**/*.yml, by name (read once per process)."""
    if not models_dir.is_dir():
        raise MartMissingError(
            f"No dbt models folder at {models_dir}: the renderer takes each mart's columns from "
            "the models' YAML. Run render.py from a checkout of the project (installed with "
            "`pip install -e .`)."
        )
    found: dict[str, MartContract] = {}
    for path in sorted(models_dir.rglob("*.yml")):
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
        except yaml.YAMLError as error:
            raise MartMissingError(
                f"Could not read {path}: {' '.join(str(error).split())}"
            ) from None
        for model in document.get("models") or []:
            config = model.get("config") or {}
            contract = config.get("contract") or {}
            columns = model.get("columns") or []
            found[model["name"]] = MartContract(
                name=model["name"],
                columns=tuple(column["name"] for column in columns),
                data_types={column["name"]: column.get("data_type") for column in columns},
                enforced=bool(contract.get("enforced")),
                path=path,
            )
    return found


def contract(mart: str) -> MartContract:
    """The declaration of one mart; MartMissingError if the dbt project declares no such model."""
    declared = contracts()
    if mart not in declared or not declared[mart].columns:
        raise MartMissingError(
            f"The dbt project declares no columns for {mart} (models/**/_*__models.yml): the "
            "renderer reads only declared columns. Document the model's columns (with data_type) "
            "in its YAML."
        )
    return declared[mart]


def declared_columns(mart: str) -> tuple[str, ...]:
    """The mart's columns, in the order its YAML declares them."""
    return contract(mart).columns


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
    """A mart the report reads: its name and the row order. Its columns are the ones the dbt
    project declares for it (`declared_columns`), read from the YAML when first needed.

    An optional mart (`required=False`) may be absent from the database (e.g. a mart another part of
    the project adds later): then it is left out of `MartData.tables` and the section falls back.
    If it is present, its columns are checked like any other.
    """

    name: str
    order_by: str
    required: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.order_by, str) or not isinstance(self.required, bool):
            raise TypeError(
                f"MartSpec({self.name!r}, ...): write MartSpec(name, order_by=..., required=...); "
                "the columns are not listed here but come from the mart's dbt YAML"
            )
        if not self.order_by.strip():
            raise ValueError(f"MartSpec({self.name!r}) needs order_by (the row order)")

    @property
    def columns(self) -> tuple[str, ...]:
        return declared_columns(self.name)


# The marts every report reads (the typed dicts above give their rows' shape to the type checker;
# tests/python/test_mart_contracts.py checks that they match the declared columns).
CORE_MARTS: tuple[MartSpec, ...] = (
    MartSpec("fct_success_rates", order_by="model_name, scope, metric"),
    MartSpec("fct_dataset_card", order_by="1"),
    MartSpec("fct_data_audit", order_by="outcome desc, rows desc, reason"),
)
CORE_TYPES: dict[str, type] = {
    "fct_success_rates": SuccessRate,
    "fct_dataset_card": DatasetCard,
    "fct_data_audit": AuditRow,
}


def unique_specs(specs: Sequence[MartSpec]) -> tuple[MartSpec, ...]:
    """One spec per mart, in first-appearance order, reading every declared column: the first
    declaration's row order; required if any declaration requires it. Reads no YAML (the columns
    are resolved when the marts are checked and read)."""
    first: dict[str, MartSpec] = {}
    required: set[str] = set()
    for spec in specs:
        first.setdefault(spec.name, spec)
        if spec.required:
            required.add(spec.name)
    return tuple(replace(spec, required=spec.name in required) for spec in first.values())


@dataclass(frozen=True)
class MartData:
    """Everything the report reads, fetched in one short read-only session."""

    success_rates: list[SuccessRate]
    dataset_card: DatasetCard
    data_audit: list[AuditRow]
    last_invocation: Invocation | None = None
    tables: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)


def _convert(data_type: str | None, value: Any) -> Any:
    """Plain Python values by the column's declared type: float for DOUBLE/DECIMAL, int for the
    integer types, bool for BOOLEAN (anything else as DuckDB returns it, a DECIMAL as a float)."""
    if value is None:
        return None
    kind = (data_type or "").upper()
    if kind.startswith(_FLOAT_TYPES) or isinstance(value, decimal.Decimal):
        return float(value)
    if kind in _INT_TYPES:
        return int(value)
    if kind == "BOOLEAN":
        return bool(value)
    return value


#: DuckDB column types whose values arrive as Python floats (so `_convert` keeps them as they are
#: for a declared float type; integer columns arrive as int and BOOLEAN as bool likewise).
_NATIVE_FLOAT = ("DOUBLE", "FLOAT", "REAL")


def _needs_conversion(declared: str | None, actual: str) -> bool:
    """Whether `_convert(declared, value)` can differ from a value DuckDB returns for a column of
    type `actual` (only DECIMAL values, and a declared type the column does not have)."""
    kind = (declared or "").upper()
    actual = actual.upper()
    if actual.startswith(("DECIMAL", "NUMERIC")):
        return True
    if kind.startswith(_FLOAT_TYPES):
        return actual not in _NATIVE_FLOAT
    if kind in _INT_TYPES:
        return actual not in _INT_TYPES
    if kind == "BOOLEAN":
        return actual != "BOOLEAN"
    return False


def _rows(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[dict[str, Any]]:
    """The mart's declared columns in `spec.order_by` order, one dict per row, each value as
    `_convert` makes it; columns whose DuckDB values are already plain are not touched per value
    (fct_pairwise_comparisons has 40,000 rows at 119 models)."""
    types = contract(spec.name).data_types
    select_list = ", ".join(f'"{c}"' for c in spec.columns)
    relation = con.sql(f"select {select_list} from {spec.name} order by {spec.order_by}")
    names = relation.columns
    converted = [
        (name, types.get(name))
        for name, actual in zip(names, relation.types, strict=True)
        if _needs_conversion(types.get(name), str(actual))
    ]
    rows = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
    for name, declared in converted:
        for row in rows:
            row[name] = _convert(declared, row[name])
    return rows


def success_rates(con: duckdb.DuckDBPyConnection) -> list[SuccessRate]:
    """fct_success_rates, one row per (model_name, scope, metric)."""
    rows = _rows(con, CORE_MARTS[0])
    return [SuccessRate(**row) for row in rows]


def dataset_card(con: duckdb.DuckDBPyConnection) -> DatasetCard:
    """fct_dataset_card, which holds exactly one row."""
    rows = _rows(con, CORE_MARTS[1])
    if len(rows) != 1:
        raise DatabaseReadError(
            f"The mart fct_dataset_card should hold exactly one row but holds {len(rows)}. "
            "Rebuild the marts with `dbt build` and render again."
        )
    return DatasetCard(**rows[0])


def data_audit(con: duckdb.DuckDBPyConnection) -> list[AuditRow]:
    """fct_data_audit, one row per (outcome, reason); empty when every row was kept as read."""
    rows = _rows(con, CORE_MARTS[2])
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
    return _rows(con, spec)


def mart_descriptions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each table's description, as dbt persisted it (persist_docs) into the table comment."""
    rows = con.sql(
        "select table_name, comment from duckdb_tables() "
        "where schema_name = current_schema() and comment is not null order by table_name"
    ).fetchall()
    return {table: " ".join(str(comment).split()) for table, comment in rows}


def check_marts(con: duckdb.DuckDBPyConnection, specs: Sequence[MartSpec]) -> None:
    """Raise MartMissingError naming every absent mart or column the report needs."""
    present = con.sql(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = current_schema() and table_catalog = current_database()"
    ).fetchall()
    columns_by_table: dict[str, set[str]] = {}
    for table, column in present:
        columns_by_table.setdefault(table, set()).add(column)
    needed: dict[str, set[str]] = {}
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
        specs = unique_specs((*CORE_MARTS, *specs))
        check_marts(con, specs)
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
                    if spec.name not in CORE_TYPES and (spec.required or spec.name in present)
                },
                descriptions=mart_descriptions(con),
            )
        except duckdb.Error as error:
            raise DatabaseReadError(
                f"Reading the marts from {db_path} failed: {' '.join(str(error).split())} "
                "Rebuild with `dbt build` and render again."
            ) from None
