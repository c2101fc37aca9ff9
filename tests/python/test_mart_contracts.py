"""The marts the report reads: declared once (dbt YAML, contract enforced), listed in the
report's exposure, and read by the sections only through their declared columns.

The expected sets come from the YAML files (parsed here with PyYAML and a regular expression) and
from what the sections actually touch while rendering (recorded here), not from reporting.marts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from reporting import marts, sections
from reporting.errors import MartMissingError

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"

# Models the report reads whose columns cannot carry an enforced contract, with the reason.
UNCONTRACTED = {
    "fct_domain_pivot": "one column per model (pass_rate__<model>, build_rate__<model>): the "
    "column set depends on the data; the renderer reads only its three fixed, declared columns",
}

# Python annotation -> the DuckDB types it may carry.
_TYPE_FAMILIES = {
    "str": {"VARCHAR"},
    "int": {"BIGINT", "INTEGER", "HUGEINT"},
    "float": {"DOUBLE"},
    "bool": {"BOOLEAN"},
    "list[int]": {"BIGINT[]"},
    "dt.datetime": {"TIMESTAMP"},
}


def _yaml_models() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in MODELS.rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            found[model["name"]] = model
    return found


def _exposure_refs(name: str = "pareval_report") -> set[str]:
    for path in MODELS.rglob("*.yml"):
        for exposure in (yaml.safe_load(path.read_text()) or {}).get("exposures") or []:
            if exposure["name"] == name:
                assert exposure.get("owner") and exposure.get("description") and exposure["url"]
                refs = set()
                for item in exposure["depends_on"]:
                    match = re.fullmatch(r"ref\(\s*'(\w+)'\s*\)", item.strip())
                    assert match, item
                    refs.add(match.group(1))
                return refs
    raise AssertionError(f"no exposure named {name} under {MODELS}")


def _read_marts() -> set[str]:
    return {spec.name for spec in (*marts.CORE_MARTS, *sections.MART_SPECS)}


def test_every_mart_the_report_reads_has_an_enforced_typed_contract() -> None:
    models = _yaml_models()
    for mart in sorted(_read_marts()):
        model = models[mart]
        columns = model.get("columns") or []
        assert columns, f"{mart} declares no columns"
        enforced = ((model.get("config") or {}).get("contract") or {}).get("enforced") is True
        if mart in UNCONTRACTED:
            assert not enforced, f"{mart} has a contract now: take it off UNCONTRACTED"
            continue
        assert enforced, f"{mart} has no enforced contract"
        untyped = [c["name"] for c in columns if not c.get("data_type")]
        assert not untyped, f"{mart}: no data_type for {untyped}"


def test_exposure_depends_on_exactly_the_marts_the_renderer_reads() -> None:
    assert _exposure_refs() == _read_marts()


def test_core_typed_dicts_match_their_declared_columns_and_types() -> None:
    models = _yaml_models()
    for spec in marts.CORE_MARTS:
        declared = {c["name"]: c["data_type"] for c in models[spec.name]["columns"]}
        annotations = marts.CORE_TYPES[spec.name].__annotations__
        assert tuple(annotations) == tuple(declared), spec.name
        for column, annotation in annotations.items():
            python = str(getattr(annotation, "__forward_arg__", annotation))
            python = python.removesuffix(" | None")
            assert declared[column] in _TYPE_FAMILIES[python], (spec.name, column, python)


def test_conversion_follows_the_declared_type() -> None:
    convert = marts._convert
    assert convert("DOUBLE", 1) == 1.0 and isinstance(convert("DOUBLE", 1), float)
    assert convert("BIGINT", 2.0) == 2 and isinstance(convert("BIGINT", 2.0), int)
    assert convert("HUGEINT", 3) == 3 and isinstance(convert("HUGEINT", 3), int)
    assert convert("BOOLEAN", 1) is True
    assert convert("DECIMAL(18,3)", decimal.Decimal("1.5")) == 1.5
    assert isinstance(convert(None, decimal.Decimal("1.5")), float)
    assert convert("VARCHAR", "0.5") == "0.5"
    assert convert("BIGINT[]", [1, 2]) == [1, 2]
    assert convert("DOUBLE", None) is None


def test_a_mart_the_project_does_not_declare_is_a_clear_error() -> None:
    with pytest.raises(MartMissingError, match="declares no columns for fct_not_a_mart"):
        marts.declared_columns("fct_not_a_mart")


def test_rows_hold_exactly_the_declared_columns_typed(tmp_path: Path) -> None:
    """A database whose mart has an extra column and integer-valued doubles: the extra column is
    not read, and each value takes its declared type."""
    db = tmp_path / "one.duckdb"
    declared = {c["name"]: c["data_type"] for c in _yaml_models()["fct_scaling"]["columns"]}
    with duckdb.connect(str(db)) as con:
        listing = ", ".join(
            f'"{c}" {"bigint" if t == "DOUBLE" else t}' for c, t in declared.items()
        )
        con.execute(f"create table fct_scaling ({listing}, undeclared_extra varchar)")
        values = ", ".join("1" if t != "VARCHAR" else "'x'" for t in declared.values())
        con.execute(f"insert into fct_scaling values ({values}, 'extra')")
        spec = marts.MartSpec("fct_scaling", order_by="1")
        [row] = marts.mart_rows(con, spec)
    assert tuple(row) == tuple(declared)
    for column, data_type in declared.items():
        if data_type == "DOUBLE":
            assert isinstance(row[column], float), column


# --- what the sections touch while rendering -----------------------------------------------------


class _Row(dict):
    """A mart row that records which columns the renderer asks for (by [] or .get)."""

    def __init__(self, mart: str, values: Mapping[str, Any], log: set[tuple[str, str]]) -> None:
        super().__init__(values)
        self._mart = mart
        self._log = log

    def __getitem__(self, key: str) -> Any:
        self._log.add((self._mart, key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._log.add((self._mart, key))
        return super().get(key, default)


class _Tables(Mapping[str, list[dict[str, Any]]]):
    """MartData.tables that records which marts the sections open."""

    def __init__(self, tables: Mapping[str, list[dict[str, Any]]], opened: set[str]) -> None:
        self._tables = tables
        self._opened = opened

    def __getitem__(self, key: str) -> list[dict[str, Any]]:
        self._opened.add(key)
        return self._tables[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._opened.add(key)
        return self._tables.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._opened.add(str(key))
        return key in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def _render_recording(db: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """Every section's context and figures over the marts of `db`; returns the marts opened and
    the (mart, column) pairs read."""
    data = marts.load(db, sections.MART_SPECS)
    opened: set[str] = set()
    read: set[tuple[str, str]] = set()
    tables = {name: [_Row(name, row, read) for row in rows] for name, rows in data.tables.items()}
    recording = dataclasses.replace(
        data,
        success_rates=[_Row("fct_success_rates", r, read) for r in data.success_rates],
        dataset_card=_Row("fct_dataset_card", data.dataset_card, read),
        data_audit=[_Row("fct_data_audit", r, read) for r in data.data_audit],
        tables=_Tables(tables, opened),
    )
    for section in sections.SECTIONS:
        section.context(recording)
        section.figures(recording)
    return opened, read


def _check_reads(opened: set[str], read: set[tuple[str, str]]) -> None:
    declared = {
        name: {column["name"] for column in model.get("columns") or []}
        for name, model in _yaml_models().items()
    }
    undeclared = sorted((mart, column) for mart, column in read if column not in declared[mart])
    assert not undeclared, f"sections read columns their marts do not declare: {undeclared}"
    section_marts = {spec.name for spec in sections.MART_SPECS}
    assert opened <= section_marts, f"opened but not declared: {opened - section_marts}"


def test_sections_read_only_declared_columns_on_the_fake_marts(fake_marts_db: Path) -> None:
    opened, read = _render_recording(fake_marts_db)
    _check_reads(opened, read)
    # Every mart a part declares is opened by some section (none is declared for nothing); the
    # round marts are opened only when the input has a baseline round, which the fake has not.
    unopened = {spec.name for spec in sections.MART_SPECS} - opened
    assert all(name.startswith("fct_round_") for name in unopened), unopened


def test_sections_read_only_declared_columns_on_the_sample(sample_build) -> None:
    opened, read = _render_recording(sample_build.db)
    _check_reads(opened, read)


def test_the_read_check_catches_an_undeclared_column() -> None:
    read = {("fct_scaling", "procs"), ("fct_scaling", "speedup_typo")}
    with pytest.raises(AssertionError, match="speedup_typo"):
        _check_reads({"fct_scaling"}, read)


def test_core_marts_are_read_whole_and_typed(fake_marts_db: Path) -> None:
    data = marts.load(fake_marts_db, sections.MART_SPECS)
    assert tuple(data.dataset_card) == marts.declared_columns("fct_dataset_card")
    assert isinstance(data.dataset_card["built_at"], dt.datetime)
    assert all(tuple(r) == marts.declared_columns("fct_success_rates") for r in data.success_rates)


def test_a_spec_that_lists_columns_is_refused() -> None:
    """The old three-argument form MartSpec(name, (columns...), order) fails loudly."""
    with pytest.raises(TypeError, match="come from the mart's dbt YAML"):
        marts.MartSpec("fct_scaling", ("model_name", "procs"), "procs")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="order_by"):
        marts.MartSpec("fct_scaling", order_by=" ")
