"""The report's sections: each is a template partial, a context built from marts, and charts.

To add a section: write `templates/sections/<key>.md.j2`, a context function here that reads
the `MartData` (add the mart's query function to marts.py), optionally a chart function in
charts.py, register it in SECTIONS and include the partial from report.md.j2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from reporting import charts, narrative, tables
from reporting import formatting as fmt
from reporting.marts import MartData

Context = dict[str, Any]


def _no_figures(_: MartData) -> list[charts.Figure]:
    return []


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[MartData], Context]
    figures: Callable[[MartData], list[charts.Figure]] = field(default=_no_figures)


def title(data: MartData) -> str:
    """The report title, from the dataset card."""
    card = data.dataset_card
    models = card["n_models"]
    noun = "model" if models == 1 else "models"
    reference = card["reference_model"] or card["reference_model_name"]
    text = f"ParEval results: {fmt.count(models)} {noun}"
    if reference:
        text += f", reference {fmt.md_escape(reference)}"
    return text


def dataset_card_context(data: MartData) -> Context:
    card = data.dataset_card
    reference = fmt.text(card["reference_model"])
    if card["reference_model_name"] and card["reference_model_name"] != card["reference_model"]:
        reference += f" (results name: {fmt.text(card['reference_model_name'])})"
    parallelism = ", ".join(
        fmt.md_escape(p.strip()) for p in (card["parallelism_models"] or "").split(",") if p.strip()
    )
    fields = [
        ("Input file", fmt.text(card["input_path"])),
        ("Input format", fmt.text(card["input_format"])),
        ("Input SHA-256", fmt.text(card["input_sha256"])),
        ("Synthetic sample", fmt.boolean(card["is_synthetic_sample"])),
        ("Rows in input", fmt.count(card["rows_input"])),
        ("Rows kept", fmt.count(card["rows_kept"])),
        ("Rows rejected", fmt.count(card["rows_rejected"])),
        ("Models", fmt.count(card["n_models"])),
        ("Problems", fmt.count(card["n_problems"])),
        ("Problem types", fmt.count(card["n_problem_types"])),
        ("Parallelism models", parallelism or fmt.DASH),
        ("Samples per problem (maximum)", fmt.count(card["max_samples_per_problem"])),
        ("Reference model", reference),
        ("Confidence level", fmt.level(card["confidence_level"])),
        ("Marts built at", fmt.text(fmt.timestamp(card["built_at"]))),
        ("dbt version", fmt.text(card["dbt_version"])),
        ("DuckDB version", fmt.text(card["duckdb_version"])),
    ]
    audit = tables.TableView(
        title="Rows rejected or repaired, by reason",
        headers=("Outcome", "Reason", "Rows", "First input rows"),
        rows=tuple(
            (
                fmt.text(a["outcome"]),
                fmt.text(a["reason"]),
                fmt.count(a["rows"]),
                fmt.text(", ".join(fmt.count(n) for n in a["example_input_rows"] or [])),
            )
            for a in data.data_audit
        ),
    )
    return {
        "fields": fields,
        "synthetic_note": narrative.synthetic_sample_note(card),
        "rows_note": narrative.rejected_rows_note(card),
        "audit": audit if audit.rows else None,
    }


OVERALL_METRICS: tuple[tuple[str, str, str], ...] = (
    ("build", "Build success rate", "n is the number of generated attempts."),
    (
        "valid_given_build",
        "Validation success rate among built code",
        "n is the number of attempts that built; a dash marks a scope in which a model built "
        "nothing, so the rate is undefined.",
    ),
    ("pass", "Pass@1 (built and validated)", "n is the number of generated attempts."),
)


def overall_performance_context(data: MartData) -> Context:
    rates = data.success_rates
    levels = sorted({r["confidence_level"] for r in rates if r["confidence_level"] is not None})
    card_level = data.dataset_card["confidence_level"]
    confidence = levels[0] if len(levels) == 1 else card_level
    level = fmt.level(confidence)
    alpha = "1 minus the confidence level" if confidence is None else f"{1 - confidence:.3g}"
    references = [fmt.md_escape(name) for name in tables.reference_display_names(rates)]
    metrics_present = {r["metric"] for r in rates}
    metrics = [
        {
            "key": key,
            "title": heading,
            "n_note": n_note,
            "views": tables.rate_views(rates, key),
            "highest": narrative.highest_rate(rates, key),
        }
        for key, heading, n_note in OVERALL_METRICS
        if key in metrics_present
    ]
    return {
        "level": level,
        "alpha": alpha,
        "references": references,
        "scopes": [fmt.scope_label(s) for s in tables.ordered_scopes(r["scope"] for r in rates)],
        "unassigned": tables.unassigned_models(rates),
        "metrics": metrics,
    }


def overall_performance_figures(data: MartData) -> list[charts.Figure]:
    figure = charts.success_rate_chart(data.success_rates)
    return [figure] if figure else []


SECTIONS: Mapping[str, Section] = MappingProxyType(
    {
        "dataset_card": Section("sections/dataset_card.md.j2", dataset_card_context),
        "overall_performance": Section(
            "sections/overall_performance.md.j2",
            overall_performance_context,
            overall_performance_figures,
        ),
    }
)
