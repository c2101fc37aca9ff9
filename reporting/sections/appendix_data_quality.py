"""Appendix A, data quality: row accounting, rejected/repaired rows by reason, missing data.

Reads fct_dataset_card and fct_data_audit (core marts) and fct_missing_data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import narrative, tables
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec
from reporting.section_marts import row_name as name
from reporting.sections.base import Context, Section
from reporting.tables import model_order

MISSING_MART = "fct_missing_data"

MARTS: tuple[MartSpec, ...] = (MartSpec(MISSING_MART, order_by="model_name, column_position"),)

Row = Mapping[str, Any]


def accounting_table(card: Mapping[str, Any]) -> tables.TableView:
    return tables.TableView(
        title="Input rows",
        headers=("Rows read", "Rows kept", "Rows rejected"),
        rows=(
            (
                fmt.count(card["rows_input"]),
                fmt.count(card["rows_kept"]),
                fmt.count(card["rows_rejected"]),
            ),
        ),
    )


def audit_table(audit: Sequence[Mapping[str, Any]]) -> tables.TableView:
    return tables.TableView(
        title="Rejected and repaired rows by reason",
        headers=("Outcome", "Reason", "Rows", "Example input rows", "What it means"),
        rows=tuple(
            (
                fmt.text(a["outcome"]),
                fmt.text(a["reason"]),
                fmt.count(a["rows"]),
                fmt.text(", ".join(fmt.count(n) for n in a["example_input_rows"] or [])),
                reason_meaning(str(a["reason"])),
            )
            for a in audit
        ),
    )


def _columns(rows: Sequence[Row]) -> list[Row]:
    """One row per measurement column (the rules are the same for every model), in mart order."""
    first: dict[str, Row] = {}
    for r in sorted(rows, key=lambda r: (r["column_position"], r["model_name"])):
        first.setdefault(r["column_name"], r)
    return list(first.values())


def rules_table(columns: Sequence[Row]) -> tables.TableView:
    return tables.TableView(
        title="How missing values are handled, by column",
        headers=("Column", "From input column", "Value expected when", "Handling rule"),
        rows=tuple(
            (
                fmt.text(c["column_name"]),
                fmt.text(c["input_column"]),
                fmt.text(c["applicable_when"]),
                fmt.text(c["handling_rule"]),
            )
            for c in columns
        ),
    )


def _pivot(
    rows: Sequence[Row], columns: Sequence[Row], order: Sequence[str], title: str, cell: Any
) -> tables.TableView:
    by_key = {(r["display_name"], r["column_name"]): r for r in rows}
    attempts = {r["display_name"]: r["rows"] for r in rows}
    body = []
    for model in order:
        first = next(r for r in rows if r["display_name"] == model)
        cells = [name({**first, "is_reference_model": first.get("is_reference_model")})]
        cells.append(fmt.count(attempts[model]))
        for c in columns:
            row = by_key.get((model, c["column_name"]))
            cells.append(fmt.DASH if row is None else cell(row))
        body.append(tuple(cells))
    return tables.TableView(
        title=title,
        headers=("Model", "Attempts", *(fmt.text(c["column_name"]) for c in columns)),
        rows=tuple(body),
    )


def missing_cell(row: Row) -> str:
    """'46 (38.3%)': attempts without a value and their share of all attempts."""
    return f"{fmt.count(row['missing'])} ({fmt.percent(row['share_missing'])})"


def expected_cell(row: Row) -> str:
    """'0/72': attempts without a value among those where one is expected; dash if none expected."""
    if not row["rows_applicable"]:
        return fmt.DASH
    return fmt.fraction(row["missing_applicable"], row["rows_applicable"])


def data_quality_context(data: MartData) -> Context:
    card = data.dataset_card
    missing = data.tables[MISSING_MART]
    reference_names = {r["model_name"] for r in data.success_rates if r["is_reference_model"]}
    reference_names.add(card["reference_model_name"] or "")
    flagged = [{**r, "is_reference_model": r["model_name"] in reference_names} for r in missing]
    peer_groups = {m.model_name: m.peer_group for m in tables.models_in(data.success_rates)}
    order = model_order(flagged, peer_groups)
    columns = _columns(flagged)
    return {
        "accounting": accounting_table(card),
        "rows_note": narrative.rejected_rows_note(card).removesuffix(" Reasons:"),
        "audit": audit_table(data.data_audit) if data.data_audit else None,
        "rules_table": rules_table(columns) if columns else None,
        "missing_table": _pivot(
            flagged,
            columns,
            order,
            "Missing values by model and column: missing (share)",
            missing_cell,
        )
        if columns
        else None,
        "expected_table": _pivot(
            flagged,
            columns,
            order,
            "Missing where a value is expected: missing/expected",
            expected_cell,
        )
        if columns
        else None,
        "missing_notes": [
            note
            for note in (
                fully_missing_note(flagged, "response_time_s", "Response time"),
                fully_missing_note(flagged, "total_tokens", "Token usage"),
                unexpected_missing_note(flagged),
            )
            if note
        ],
    }


# Sentence rules -------------------------------------------------------------------------------

# What each audit reason means, matched on the start of the reason text (fct_data_audit strips the
# offending value, so reasons read like these prefixes).
REASON_MEANINGS: tuple[tuple[str, str], ...] = (
    (
        "missing value in",
        "A key column or an outcome flag is blank (or nan/null/none/na); the "
        "row cannot be attributed to a model and problem or scored, so it is rejected.",
    ),
    (
        "unparseable boolean in",
        "An outcome flag holds text that is not a boolean "
        "(true/false/t/f/1/0/yes/no/y/n); the row is rejected rather than guessed.",
    ),
    (
        "unparseable number in",
        "A measurement holds text that is not a number; the row is rejected.",
    ),
    (
        "non-integer value in",
        "An integer column (such as num_successful_runs or sample_id) "
        "holds a fraction; the row is rejected.",
    ),
    (
        "unknown parallelism model",
        "parallelism_model is none of ParEval's seven (serial, omp, "
        "mpi, mpi+omp, kokkos, cuda, hip); the row is rejected.",
    ),
    (
        "inconsistent outcome flags",
        "The outcome flags break ParEval's chain (build needs a "
        "written source, a run needs a build, valid results need runs); the row is rejected.",
    ),
    (
        "duplicate key",
        "A second copy of a (model, problem, parallelism model, sample) already "
        "seen; the first copy is kept, later ones are rejected.",
    ),
    (
        "negative",
        "A measurement below zero, impossible for a time, token count or speedup; the "
        "row is kept and the value set to NULL (missing).",
    ),
    (
        "non-finite",
        "A measurement of inf or nan; the row is kept and the value set to NULL (missing).",
    ),
)


def reason_meaning(reason: str) -> str:
    for prefix, meaning in REASON_MEANINGS:
        if reason.startswith(prefix):
            return fmt.md_escape(meaning)
    return "See base\\_raw\\_metrics for the check."


def fully_missing_note(rows: Sequence[Row], column: str, what: str) -> str | None:
    """Models for which a column is missing on every attempt."""
    models = [
        name(r)
        for r in rows
        if r["column_name"] == column and r["rows"] and r["missing"] == r["rows"]
    ]
    if not models:
        return None
    return f"{what} is missing for every attempt of {join(models)}."


def unexpected_missing_note(rows: Sequence[Row]) -> str:
    """Values missing where the input should have them, beyond measures a model never recorded."""
    partial = [
        r
        for r in rows
        if r["missing_applicable"] and r["missing_applicable"] < r["rows_applicable"]
    ]
    if not partial:
        return (
            "Apart from measures a model never recorded, no value is missing where the input "
            "should have one: every other missing runtime or speedup belongs to an attempt whose "
            "runs were not all valid (or, for speedups, that was not an MPI attempt), where "
            "ParEval records no timing."
        )
    cells = join(
        [
            f"{name(r)} {fmt.md_escape(r['column_name'])} "
            f"({fmt.fraction(r['missing_applicable'], r['rows_applicable'])})"
            for r in partial
        ]
    )
    return (
        "Beyond measures a model never recorded, values are missing where one is expected in: "
        f"{cells}. They are left out as the handling rules say."
    )


SECTIONS: tuple[Section, ...] = (
    Section("appendix_data_quality", "sections/appendix_data_quality.md.j2", data_quality_context),
)
