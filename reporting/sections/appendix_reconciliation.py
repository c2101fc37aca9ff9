"""Appendix D: reconciliation with the reference report's conventions (Wald intervals,
population-SD Cohen's d, arithmetic-mean speedups), side by side with this report's."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import tables
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec
from reporting.narrative_statistics import name
from reporting.section_marts import REFERENCE
from reporting.sections.base import Context, Section

Row = Mapping[str, Any]

SCALING = MartSpec("fct_scaling", order_by="model_name, procs")

MARTS: tuple[MartSpec, ...] = (REFERENCE, SCALING)

INTERVAL_METRICS = ("build", "valid_given_build")
D_METRICS = ("build", "pass")


def _model(r: dict) -> str:
    name = fmt.md_escape(r["display_name"])
    return fmt.bold(name) if r["is_reference_model"] else name


def _by_rate(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["rate"] is None, -(r["rate"] or 0.0), r["display_name"]))


def _views_by_metric(
    rows: list[dict],
    metrics: tuple[str, ...],
    header: tuple[str, ...],
    cells: Callable[[dict], tuple[str, ...]],
) -> list[tables.TableView]:
    """One '<Metric> (combined)' table per metric with rows, models by rate (highest first)."""
    views = []
    for metric in metrics:
        chosen = _by_rate([r for r in rows if r["metric"] == metric])
        if chosen:
            views.append(
                tables.TableView(
                    f"{fmt.metric_label(metric).capitalize()} (combined)",
                    header,
                    tuple(cells(r) for r in chosen),
                )
            )
    return views


def _interval_or_dash(low: float | None, high: float | None, shown: bool) -> str:
    return fmt.interval(low, high) if shown else fmt.DASH


def intervals(data: MartData) -> Context:
    rows = [
        dict(r)
        for r in data.success_rates
        if r["scope"] == "all" and r["metric"] in INTERVAL_METRICS
    ]
    views = _views_by_metric(
        rows,
        INTERVAL_METRICS,
        (
            "Model",
            "n",
            "Rate",
            "Wald (reference report)",
            "Wilson (this report)",
            "t-interval",
            "Cluster-robust",
        ),
        lambda r: (
            _model(r),
            fmt.count(r["n"]),
            fmt.percent(r["rate"]),
            _interval_or_dash(r["wald_low"], r["wald_high"], r["rate"] is not None),
            _interval_or_dash(r["wilson_low"], r["wilson_high"], r["rate"] is not None),
            _interval_or_dash(r["ci_low"], r["ci_high"], r["ci_low"] is not None),
            _interval_or_dash(
                r["cluster_ci_low"], r["cluster_ci_high"], r["cluster_ci_low"] is not None
            ),
        ),
    )
    return {"views": views, "outside": wald_outside(rows) if rows else None}


def effect_sizes(data: MartData) -> Context:
    rows = [
        r
        for r in data.tables.get(REFERENCE.name, [])
        if r["scope"] == "all" and r["metric"] in D_METRICS
    ]
    reference = next((r["display_name"] for r in rows if r["is_reference_model"]), None)
    compared = [r for r in rows if not r["is_reference_model"]]
    views = _views_by_metric(
        compared,
        D_METRICS,
        (
            "Model",
            "Rate",
            "Reference rate",
            "d, sample SD (this report)",
            "d, population SD (reference report)",
            "Difference",
        ),
        lambda r: (
            _model(r),
            fmt.percent(r["rate"]),
            fmt.percent(r["reference_rate"]),
            fmt.effect_size(r["cohens_d"]),
            fmt.effect_size(r["cohens_d_population_sd"]),
            fmt.effect_size(
                None
                if r["cohens_d"] is None or r["cohens_d_population_sd"] is None
                else r["cohens_d"] - r["cohens_d_population_sd"]
            ),
        ),
    )
    return {
        "views": views,
        "reference": fmt.bold(fmt.md_escape(reference)) if reference else "the reference model",
        "gap": largest_d_gap(compared),
    }


def _mean_cell(r: dict, kind: str) -> str:
    """'1.46 [0.86, 2.05]': a mean speedup with its interval, two decimals."""
    return (
        f"{fmt.effect_size(r[f'{kind}_mean'])} "
        f"[{fmt.effect_size(r[f'{kind}_ci_low'])}, {fmt.effect_size(r[f'{kind}_ci_high'])}]"
    )


def speedups(data: MartData) -> Context:
    rows = data.tables.get(SCALING.name, [])
    present = [r for r in rows if (r["n"] or 0) > 0]
    present.sort(key=lambda r: (r["procs"], r["display_name"]))
    body = tuple(
        (
            _model(r),
            fmt.count(r["procs"]),
            fmt.count(r["n"]),
            _mean_cell(r, "arithmetic"),
            _mean_cell(r, "geometric"),
            fmt.effect_size(r["median"]),
        )
        for r in present
    )
    empty = sorted({fmt.md_escape(r["display_name"]) for r in rows if not r["n"]})
    return {
        "table": tables.TableView(
            "Speedup over one process: arithmetic and geometric means",
            ("Model", "Processes", "n", "Arithmetic mean [CI]", "Geometric mean [CI]", "Median"),
            body,
        )
        if body
        else None,
        "gap": speedup_gap(present),
        "empty": empty,
    }


def reconciliation_context(data: MartData) -> Context:
    return {
        "level": fmt.level(data.dataset_card["confidence_level"]),
        "intervals": intervals(data),
        "effects": effect_sizes(data),
        "speedups": speedups(data),
    }


# Sentence rules -------------------------------------------------------------------------------


def wald_outside(rows: Sequence[Row]) -> str:
    """Which Wald intervals of the reference report's kind leave [0, 1]."""
    outside = [
        r
        for r in rows
        if (r["wald_low"] is not None and r["wald_low"] < 0)
        or (r["wald_high"] is not None and r["wald_high"] > 1)
    ]
    if not outside:
        return "None of the Wald intervals here leaves the range 0–100%."
    parts = [
        f"{name(r)} ({fmt.metric_label(r['metric'])}, n = {fmt.count(r['n'])}: "
        f"{fmt.interval(r['wald_low'], r['wald_high'])})"
        for r in outside
    ]
    return (
        f"The Wald interval leaves the range 0–100% for {join(parts)}; the Wilson interval for "
        "the same counts stays inside it."
    )


def largest_d_gap(rows: Sequence[Row]) -> str | None:
    """The largest difference between our d (ddof 1) and the population-SD d."""
    both = [
        r for r in rows if r["cohens_d"] is not None and r["cohens_d_population_sd"] is not None
    ]
    if not both:
        return None
    top = max(
        both, key=lambda r: (abs(r["cohens_d"] - r["cohens_d_population_sd"]), r["display_name"])
    )
    gap = abs(top["cohens_d"] - top["cohens_d_population_sd"])
    changed = [
        r for r in both if _magnitude(r["cohens_d"]) != _magnitude(r["cohens_d_population_sd"])
    ]
    if fmt.effect_size(top["cohens_d"]) == fmt.effect_size(top["cohens_d_population_sd"]):
        sentence = (
            f"The two conventions differ by at most {fmt.effect_size(gap)} here "
            f"({name(top)}, {fmt.metric_label(top['metric'])}), below the two-decimal precision "
            "of the tables."
        )
    else:
        sentence = (
            f"The largest gap between the two conventions is {fmt.effect_size(gap)} "
            f"({name(top)}, {fmt.metric_label(top['metric'])}: {fmt.effect_size(top['cohens_d'])} "
            f"vs {fmt.effect_size(top['cohens_d_population_sd'])})."
        )
    if changed:
        labelled = [f"{name(r)} ({fmt.metric_label(r['metric'])})" for r in changed]
        sentence += f" The magnitude label changes for {join(labelled)}."
    else:
        sentence += " No magnitude label changes between the two conventions."
    return sentence


def _magnitude(d: float) -> str:
    size = abs(d)
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"


def speedup_gap(rows: Sequence[Row]) -> str | None:
    """How far the arithmetic mean speedup exceeds the geometric mean."""
    both = [
        r
        for r in rows
        if r["arithmetic_mean"] is not None
        and r["geometric_mean"] is not None
        and r["geometric_mean"] > 0
    ]
    if not both:
        return None
    top = max(both, key=lambda r: (r["arithmetic_mean"] / r["geometric_mean"], r["display_name"]))
    above = sum(1 for r in both if r["arithmetic_mean"] > r["geometric_mean"] + 1e-12)
    crossing = [r for r in both if (r["arithmetic_mean"] > 1) != (r["geometric_mean"] > 1)]
    sentence = (
        f"The arithmetic mean exceeds the geometric mean in {fmt.count(above)} of "
        f"{fmt.count(len(both))} rows; the largest ratio is "
        f"{fmt.effect_size(top['arithmetic_mean'] / top['geometric_mean'])} ({name(top)}, "
        f"{fmt.count(top['procs'])} processes: {fmt.effect_size(top['arithmetic_mean'])} vs "
        f"{fmt.effect_size(top['geometric_mean'])})."
    )
    if crossing:
        parts = [f"{name(r)} ({fmt.count(r['procs'])} processes)" for r in crossing]
        sentence += (
            f" For {join(parts)} the two means fall on opposite sides of 1: the arithmetic mean "
            "reports a speedup where the typical problem gets a slowdown, or the reverse."
        )
    return sentence


SECTIONS: tuple[Section, ...] = (
    Section("reconciliation", "sections/reconciliation.md.j2", reconciliation_context),
)
