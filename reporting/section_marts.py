"""Marts and small helpers that more than one report section reads.

Section modules (reporting/sections/) import from here, never from each other: a fact two sections
share is declared once, in this non-section module.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting import formatting as fmt
from reporting import rate_intervals
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
