"""Section 1.2, Resource Efficiency Analysis.

Every number comes from a mart: fct_resource_efficiency (per-GB rates and ratios, *_holds flags of
the VRAM sensitivity), fct_vram_sensitivity (the alternative figures) and fct_success_rates (the
intervals of the same rates). Python only selects and orders mart rows (the efficiency frontier is
a selection: a model is on it when no other model with less or equal VRAM has a higher pass rate).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting import charts, charts_efficiency_domains, tables
from reporting import formatting as fmt
from reporting.formatting import join_names as _join
from reporting.formatting import model_name as _name
from reporting.marts import MartData, MartSpec, SuccessRate
from reporting.section_marts import (
    RESOURCE_EFFICIENCY,
    VRAM_SENSITIVITY,
    VRAM_SOURCE_LABELS,
    combined,
    rate_cell,
)
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = (RESOURCE_EFFICIENCY, VRAM_SENSITIVITY)

Row = dict[str, Any]
_EPS = 1e-12


def _level(data: MartData) -> str:
    return fmt.level(data.dataset_card["confidence_level"])


def frontier_models(rows: Sequence[Row]) -> list[Row]:
    """Models with known VRAM on the efficiency frontier, by VRAM ascending.

    Rule: a model is on the frontier when no other model with less or equal VRAM has a higher
    pass rate (a selection over mart rows; no statistic is computed).
    """
    known = [r for r in rows if r["vram_gb"] is not None and r["pass_rate"] is not None]
    on = [
        r
        for r in known
        if not any(
            o is not r and o["vram_gb"] <= r["vram_gb"] and o["pass_rate"] > r["pass_rate"] + _EPS
            for o in known
        )
    ]
    return sorted(on, key=lambda r: (r["vram_gb"], -r["pass_rate"], r["display_name"]))


def _efficiency_sorted(rows: Sequence[Row]) -> list[Row]:
    """Highest pass rate per GB first; unknown VRAM last (by pass rate)."""
    return sorted(
        rows,
        key=lambda r: (
            r["pass_pp_per_gb"] is None,
            -(r["pass_pp_per_gb"] or 0.0),
            -(r["pass_rate"] or 0.0),
            r["display_name"],
        ),
    )


EFFICIENCY_HEADERS = (
    "Model",
    "Params",
    "Quantization",
    "VRAM",
    "Build rate",
    "Pass@1",
    "Build pp/GB",
    "Pass pp/GB",
    "Pass per GB vs reference",
    "VRAM vs reference",
)


def efficiency_row(row: Row, build: SuccessRate | None, passed: SuccessRate | None) -> tuple:
    return (
        _name(row["display_name"], row["is_reference_model"]),
        fmt.params(row["params_b"]),
        fmt.text(row["quantization"]),
        fmt.vram(row["vram_gb"]),
        rate_cell(row["build_rate"], build, row["n"]),
        rate_cell(row["pass_rate"], passed, row["n"]),
        fmt.per_unit(row["build_pp_per_gb"]),
        fmt.per_unit(row["pass_pp_per_gb"]),
        fmt.ratio(row["pass_efficiency_ratio_to_reference"]),
        fmt.ratio(row["vram_ratio_to_reference"]),
    )


def efficiency_views(data: MartData) -> list[tables.TableView]:
    """One table of the models with a VRAM figure: a model without one has no per-GB value or
    ratio, so its row would be all dashes beside rates section 1.1 already shows; the template
    names those models and says why they are left out (efficiency_context's unknown_vram)."""
    every = data.tables[RESOURCE_EFFICIENCY.name]
    rows = _efficiency_sorted([r for r in every if r["vram_gb"] is not None])
    if not rows:
        return []
    build, passed = combined(data.success_rates, "build"), combined(data.success_rates, "pass")

    headers = list(EFFICIENCY_HEADERS)
    headers.insert(1, tables.PEER_GROUP_HEADER)
    body = []
    for r in rows:
        cells = list(efficiency_row(r, build.get(r["model_name"]), passed.get(r["model_name"])))
        cells.insert(1, tables.peer_group_label(r.get("size_band")))
        body.append(tuple(cells))
    title = "All models" if len(rows) == len(every) else "Models with a VRAM figure"
    return [tables.TableView(title=title, headers=tuple(headers), rows=tuple(body))]


def _with_interval(row: Row, passed: dict[str, SuccessRate]) -> str:
    return rate_cell(row["pass_rate"], passed.get(row["model_name"]), row["n"])


def efficiency_findings(data: MartData) -> list[str]:
    """Sentences chosen by rules over fct_resource_efficiency (+ intervals of fct_success_rates)."""
    rows = data.tables[RESOURCE_EFFICIENCY.name]
    passed = combined(data.success_rates, "pass")
    findings: list[str] = []
    frontier = frontier_models(rows)
    if frontier:
        listed = [
            f"{_name(r['display_name'], r['is_reference_model'])} ({fmt.vram(r['vram_gb'])}, "
            f"{_with_interval(r, passed)})"
            for r in frontier
        ]
        findings.append(
            "**Efficiency frontier.** Rule: a model with known VRAM is on the frontier when no "
            "other model with less or equal VRAM has a higher pass@1 point estimate. "
            f"{'These models are' if len(listed) > 1 else 'This model is'} on it, by VRAM: "
            f"{_join(listed)}. "
            + (
                "Every other model with known VRAM has a lower pass@1 estimate than some model "
                "that needs no more VRAM. "
                if sum(1 for r in rows if r["vram_gb"] is not None) > len(frontier)
                else ""
            )
            + "The rule uses point estimates; where the "
            "Wilson intervals of neighbouring models overlap, the data do not establish the "
            "ordering."
        )
    known = [r for r in rows if r["pass_pp_per_gb"] is not None]
    if known:
        best = max(known, key=lambda r: (r["pass_pp_per_gb"], r["display_name"]))
        tied = [r for r in known if abs(r["pass_pp_per_gb"] - best["pass_pp_per_gb"]) <= _EPS]
        names = _join([_name(r["display_name"], r["is_reference_model"]) for r in tied])
        findings.append(
            f"**Highest pass@1 per GB.** {names} "
            f"{'have' if len(tied) > 1 else 'has'} the highest pass@1 per GB of VRAM, "
            f"{fmt.per_unit(best['pass_pp_per_gb'])} percentage points per GB"
            + (
                "."
                if any(r["is_reference_model"] for r in tied)
                else f" ({fmt.ratio(best['pass_efficiency_ratio_to_reference'])} the reference "
                "model's)."
            )
            + _runner_up(known, tied)
        )
    reference = next((r for r in rows if r["is_reference_model"]), None)
    if reference is not None and reference["vram_gb"] is not None:
        dominating = [
            r
            for r in rows
            if r is not reference
            and r["vram_gb"] is not None
            and r["pass_rate"] is not None
            and reference["pass_rate"] is not None
            and r["vram_gb"] <= reference["vram_gb"]
            and r["pass_rate"] > reference["pass_rate"] + _EPS
        ]
        ref_name = _name(reference["display_name"], True)
        if not dominating:
            findings.append(
                f"**Reference model.** {ref_name} ({fmt.vram(reference['vram_gb'])}, "
                f"{_with_interval(reference, passed)}) is on the frontier: no model with less or "
                "equal VRAM has a higher pass@1 point estimate."
            )
        else:
            overlap = _intervals_overlap(reference, dominating, passed)
            listed = _join(
                [
                    f"{_name(r['display_name'], False)} ({fmt.vram(r['vram_gb'])}, "
                    f"{_with_interval(r, passed)})"
                    for r in dominating
                ]
            )
            tail = (
                " Their Wilson intervals overlap the reference's, so these data do not establish "
                "that the reference is worse."
                if overlap
                else ""
            )
            findings.append(
                f"**Reference model.** {ref_name} ({fmt.vram(reference['vram_gb'])}, "
                f"{_with_interval(reference, passed)}) is not on the frontier by the point-"
                f"estimate rule: {listed} need no more VRAM and have a higher pass@1 estimate."
                + tail
            )
    if reference is not None and reference["vram_gb"] is None:
        findings.append(
            "The reference model has no VRAM figure in the registry, so the mart leaves every "
            "ratio to the reference empty."
        )
    return findings


def _source(key: str | None) -> str:
    return VRAM_SOURCE_LABELS.get(key or "", fmt.text(key) if key else fmt.DASH)


def _ordinal(rank: int) -> str:
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def _by_scenario(rows: Sequence[Row], describe: Any, word: str = "under") -> str:
    """'A under spec 000 and parameters x bytes per weight; B under the reference report', grouping
    the scenarios (default first) that give the same description."""
    groups: dict[str, list[str]] = {}
    for r in sorted(rows, key=lambda r: (not r["is_default_scenario"], r["scenario"])):
        groups.setdefault(describe(r), []).append(_source(r["scenario"]))
    return "; ".join(f"{text} {word} {_join(names)}" for text, names in groups.items())


def vram_sensitivity_findings(data: MartData) -> list[str]:
    """The source of each model's VRAM figure, and whether each efficiency conclusion (rank in
    pass@1 per GB, frontier membership, VRAM ratio to the base model) holds under every recorded
    figure (fct_resource_efficiency's *_holds flags), with the alternatives (fct_vram_sensitivity)
    where it does not."""
    rows = data.tables[RESOURCE_EFFICIENCY.name]
    scenarios = data.tables.get(VRAM_SENSITIVITY.name, [])
    known = [r for r in rows if r["vram_gb"] is not None]
    if not known or not scenarios:
        return []
    default = next((r["scenario"] for r in scenarios if r["is_default_scenario"]), None)
    per_model: dict[str, list[Row]] = {}
    for r in scenarios:
        per_model.setdefault(r["model_name"], []).append(r)
    fallback = sorted(
        (r for r in known if r["vram_source"] != default), key=lambda r: r["display_name"]
    )
    sources_text = (
        f"**VRAM figures and their sources.** Default source: {_source(default)} (dbt var "
        "`vram_source`)."
    )
    if fallback:
        sources_text += (
            " Without a figure there, "
            + _join(
                [
                    f"{_name(r['display_name'], r['is_reference_model'])} takes "
                    f"{fmt.vram(r['vram_gb'])} from {_source(r['vram_source'])}"
                    for r in fallback
                ]
            )
            + "."
        )
    differing = []
    for r in sorted(known, key=lambda r: r["display_name"]):
        own = [
            x
            for x in per_model.get(r["model_name"], [])
            if x["vram_figure_source"] == x["scenario"]
        ]
        if len({x["vram_gb"] for x in own}) > 1:
            figures = _by_scenario(own, lambda x: fmt.vram(x["vram_gb"]), "per")
            differing.append(f"{_name(r['display_name'], r['is_reference_model'])}: {figures}")
    if differing:
        sources_text += " Recorded figures differ for " + "; ".join(differing) + "."
    else:
        sources_text += " Every recorded figure agrees."
    findings = [sources_text]

    rank_changes = [r for r in known if r["pass_efficiency_rank_holds"] is False]
    frontier_changes = [r for r in known if r["is_pass_frontier_holds"] is False]
    ratio_rows = [r for r in rows if r["vram_ratio_to_base"] is not None]
    parts = []
    if rank_changes:
        parts.append(
            "rank in pass@1 per GB changes for "
            + "; ".join(
                f"{_name(r['display_name'], r['is_reference_model'])} ("
                + _by_scenario(
                    per_model[r["model_name"]],
                    lambda x: (
                        f"{_ordinal(x['pass_efficiency_rank'])} of "
                        f"{fmt.count(x['n_models_with_vram'])} at {fmt.vram(x['vram_gb'])}"
                    ),
                )
                + ")"
                for r in sorted(rank_changes, key=lambda r: r["pass_efficiency_rank"])
            )
        )
    else:
        parts.append("every model's rank in pass@1 per GB is the same under every recorded figure")
    if frontier_changes:
        parts.append(
            "frontier membership changes for "
            + "; ".join(
                f"{_name(r['display_name'], r['is_reference_model'])} ("
                + _by_scenario(
                    per_model[r["model_name"]],
                    lambda x: "on the frontier" if x["is_pass_frontier"] else "off it",
                )
                + ")"
                for r in sorted(frontier_changes, key=lambda r: r["display_name"])
            )
        )
    else:
        parts.append("frontier membership is the same under every recorded figure")
    for r in sorted(ratio_rows, key=lambda r: r["display_name"]):
        name = _name(r["display_name"], r["is_reference_model"])
        if r["vram_ratio_to_base_holds"]:
            parts.append(
                f"{name} needs {fmt.ratio(r['vram_ratio_to_base'])} its base model's VRAM under "
                "every recorded figure"
            )
        else:
            parts.append(
                f"{name}'s VRAM ratio to its base model depends on the figures: "
                + _by_scenario(
                    [x for x in per_model[r["model_name"]] if x["vram_ratio_to_base"] is not None],
                    lambda x: (
                        f"{fmt.ratio(x['vram_ratio_to_base'])} "
                        f"({fmt.vram(x['vram_gb'])} vs {fmt.vram(x['base_vram_gb'])})"
                    ),
                )
            )
    findings.append(
        "**Do these conclusions hold under every recorded VRAM figure?** Each conclusion above "
        "uses the default figures; recomputed with each source's figures (a model the source "
        "gives none keeps its default): " + "; ".join(parts) + "."
    )
    return findings


def _runner_up(known: Sequence[Row], tied: Sequence[Row]) -> str:
    rest = [r for r in known if r not in tied]
    if not rest:
        return ""
    second = max(rest, key=lambda r: (r["pass_pp_per_gb"], r["display_name"]))
    return (
        f" The next is {_name(second['display_name'], second['is_reference_model'])} with "
        f"{fmt.per_unit(second['pass_pp_per_gb'])}. Per-GB values inherit the uncertainty of "
        "the pass rates (see their intervals above), which neither the values nor the ratios "
        "show, so a small lead in pass@1 per GB is not evidence of a real difference."
    )


def _intervals_overlap(
    reference: Row, others: Sequence[Row], passed: dict[str, SuccessRate]
) -> bool:
    ref = passed.get(reference["model_name"])
    if ref is None or ref["wilson_high"] is None:
        return False
    return all(
        passed.get(o["model_name"]) is not None
        and passed[o["model_name"]]["wilson_low"] is not None
        and passed[o["model_name"]]["wilson_low"] <= ref["wilson_high"]
        for o in others
    )


def efficiency_context(data: MartData) -> Context:
    rows = data.tables[RESOURCE_EFFICIENCY.name]
    unknown = sorted(fmt.md_escape(r["display_name"]) for r in rows if r["vram_gb"] is None)
    reference = next((r for r in rows if r["is_reference_model"]), None)
    return {
        "level": _level(data),
        "views": efficiency_views(data),
        "findings": efficiency_findings(data) + vram_sensitivity_findings(data),
        "unknown_vram": fmt.join_names(unknown),
        "n_unknown_vram": fmt.count(len(unknown)),
        "n_unknown_vram_models": "model has" if len(unknown) == 1 else "models have",
        "reference": _name(reference["display_name"], True) if reference else None,
        "reference_vram": fmt.vram(reference["vram_gb"]) if reference else fmt.DASH,
    }


def efficiency_figures(data: MartData) -> list[charts.Figure]:
    rows = data.tables[RESOURCE_EFFICIENCY.name]
    figure = charts_efficiency_domains.efficiency_chart(
        rows, combined(data.success_rates, "pass"), frontier_models(rows)
    )
    return [figure] if figure else []


SECTIONS: tuple[Section, ...] = (
    Section(
        "resource_efficiency",
        "sections/resource_efficiency.md.j2",
        efficiency_context,
        efficiency_figures,
    ),
)
