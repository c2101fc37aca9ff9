"""Marts and small helpers that more than one report section reads.

Section modules (reporting/sections/) import from here, never from each other: a fact two sections
share is declared once, in this non-section module.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting import formatting as fmt
from reporting import rate_intervals
from reporting.marts import MartData, MartSpec, SuccessRate

RESOURCE_EFFICIENCY = MartSpec(
    "fct_resource_efficiency",
    (
        "model_name", "display_name", "family", "peer_group", "is_reference_model", "params_b",
        "active_params_b", "quantization", "vram_gb", "n", "build_rate", "pass_rate",
        "build_pp_per_gb", "pass_pp_per_gb", "build_efficiency_ratio_to_reference",
        "pass_efficiency_ratio_to_reference", "vram_ratio_to_reference", "reference_vram_gb",
        "vram_source", "size_band", "base_model_name", "pass_efficiency_rank",
        "is_pass_frontier", "vram_ratio_to_base", "pass_efficiency_rank_holds",
        "is_pass_frontier_holds", "vram_ratio_to_base_holds",
    ),
    "model_name",
)  # fmt: skip
VRAM_SENSITIVITY = MartSpec(
    "fct_vram_sensitivity",
    (
        "model_name", "display_name", "is_reference_model", "scenario", "is_default_scenario",
        "vram_gb", "vram_figure_source", "base_model_name", "base_vram_gb",
        "base_vram_figure_source", "pass_efficiency_rank", "n_models_with_vram",
        "is_pass_frontier", "vram_ratio_to_base",
    ),
    "model_name, scenario",
)  # fmt: skip

# How the report names each VRAM source (seeds/model_vram_sources.csv).
VRAM_SOURCE_LABELS = {
    "spec_000": "spec 000",
    "reference_report": "spec 002 (the reference report)",
    "derivation": "parameters \u00d7 bytes per weight",
}

REFERENCE = MartSpec(
    "fct_reference_comparisons",
    (
        "model_name", "display_name", "peer_group", "is_reference_model", "reference_model_name",
        "family", "scope", "metric", "n", "successes", "rate", "reference_n",
        "reference_successes", "reference_rate", "n_problems_model", "n_problems_reference",
        "rate_shared", "reference_rate_shared", "diff", "paired_diff", "paired_diff_ci_low",
        "paired_diff_ci_high", "p_value", "holm_p", "bh_q", "holm_m", "holm_step_alpha",
        "holm_ci_low", "holm_ci_high", "holm_ci_low_in_range", "holm_ci_high_in_range",
        "holm_ci_leaves_range", "significant", "test_null_reason", "mde",
        "problems_needed", "target_difference_pp", "tost_p", "equivalent",
        "equivalence_margin_pp", "pooled_sd", "cohens_d", "cohens_d_population_sd", "hedges_g",
        "d_ci_low", "d_ci_high", "d_null_reason", "d_z", "cohens_h", "magnitude",
        "paired_basis", "n_pairs", "n_clusters", "model_only", "reference_only", "mcnemar_p",
        "power_target", "confidence_level",
    ),
    "scope, metric, model_name",
)  # fmt: skip

# The baseline round's input (models/marts/rounds): the dataset card and section "Changes since the
# baseline" both read it.
ROUND_INPUTS = MartSpec(
    "fct_round_inputs",
    (
        "round", "input_path", "input_format", "input_sha256", "rows_input", "rows_kept",
        "rows_rejected", "n_models", "n_problems", "n_parallelism_models",
    ),
    "round",
    required=False,
)  # fmt: skip


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
