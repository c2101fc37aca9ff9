"""Marts and small helpers that more than one report section reads.

Section modules (reporting/sections/) import from here, never from each other: a fact two sections
share is declared once, in this non-section module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import rate_intervals, tables
from reporting.marts import MartData, MartSpec, SuccessRate

RESOURCE_EFFICIENCY = MartSpec("fct_resource_efficiency", order_by="model_name")
VRAM_SENSITIVITY = MartSpec("fct_vram_sensitivity", order_by="model_name, scenario")

# How the report names each VRAM source (seeds/model_vram_sources.csv).
VRAM_SOURCE_LABELS = {
    "spec_000": "spec 000",
    "reference_report": "spec 002 (the reference report)",
    "derivation": "parameters \u00d7 bytes per weight",
}

REFERENCE = MartSpec("fct_reference_comparisons", order_by="scope, metric, model_name")

# The baseline round's input (models/marts/rounds): the dataset card and section "Changes since the
# baseline" both read it.
ROUND_INPUTS = MartSpec("fct_round_inputs", order_by="round", required=False)


def combined(rates: Sequence[SuccessRate], metric: str) -> dict[str, SuccessRate]:
    return {r["model_name"]: r for r in rates if r["scope"] == "all" and r["metric"] == metric}


def _level(data: MartData) -> str:
    return fmt.level(data.dataset_card["confidence_level"])


def rate_cell(rate: float | None, match: SuccessRate | None, n: int | None) -> str:
    """The mart rate with the primary interval of fct_success_rates (the bounded Wilson one,
    marked †, where it is flagged) when both describe the same attempts (same n and rate);
    otherwise the bare rate."""
    if (
        match is not None
        and match["n"] == n
        and match["rate"] is not None
        and rate is not None
        and abs(match["rate"] - rate) <= 1e-9
    ):
        return rate_intervals.rate_estimate(match)
    return fmt.percent(rate)


def baseline_card_fields(data: MartData) -> list[tuple[str, str]]:
    """Dataset-card rows naming the baseline input (empty without a baseline)."""
    baseline = next(
        (r for r in data.tables.get(ROUND_INPUTS.name, []) if r["round"] == "baseline"), None
    )
    if baseline is None:
        return []
    return [
        ("Baseline input file", fmt.text(baseline["input_path"])),
        ("Baseline input format", fmt.text(baseline["input_format"])),
        ("Baseline SHA-256", fmt.text(baseline["input_sha256"])),
        (
            "Baseline rows in input / kept / rejected",
            f"{fmt.count(baseline['rows_input'])} / {fmt.count(baseline['rows_kept'])} / "
            f"{fmt.count(baseline['rows_rejected'])}",
        ),
    ]


def model_cell(row: SuccessRate | dict) -> str:
    """A model's name for a table cell: escaped, bold for the reference model."""
    return fmt.model_name(row["display_name"], row["is_reference_model"])


def by_rate(rows: Sequence[dict]) -> list[dict]:
    """Rows by rate, highest first (no rate last), then by name."""
    return sorted(rows, key=lambda r: (r["rate"] is None, -(r["rate"] or 0.0), r["display_name"]))


def confidence(data: MartData) -> float | None:
    """The confidence level of the success rates (the dataset card's when they disagree)."""
    levels = {
        r["confidence_level"] for r in data.success_rates if r["confidence_level"] is not None
    }
    return levels.pop() if len(levels) == 1 else data.dataset_card["confidence_level"]


def row_name(row: Mapping[str, Any]) -> str:
    """A mart row's model name for a sentence or cell: escaped; bold for the reference model."""
    return fmt.model_name(row["display_name"], row.get("is_reference_model"))


def peer_groups_of(data: MartData) -> dict[str, str | None]:
    """Each model's peer group (size band) from fct_success_rates."""
    return {m.model_name: m.peer_group for m in tables.models_in(data.success_rates)}


def sort_by_order(
    rows: Sequence[Mapping[str, Any]], order: Sequence[str]
) -> list[Mapping[str, Any]]:
    """Rows in the order of display names `order` (tables.model_order); unknown names last."""
    position = {name: i for i, name in enumerate(order)}
    return sorted(rows, key=lambda r: position.get(str(r["display_name"]), len(position)))


def peer_cell(row: Mapping[str, Any], peer_groups: Mapping[str, str | None]) -> str:
    """The peer-group column of a row."""
    return tables.peer_group_label(peer_groups.get(row["model_name"]))
