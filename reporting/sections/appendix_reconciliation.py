"""Appendix D: reconciliation with the reference report's conventions (Wald intervals,
population-SD Cohen's d, arithmetic-mean speedups), side by side with this report's."""

from __future__ import annotations

from collections.abc import Callable

from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting import tables
from reporting.marts import MartData, MartSpec
from reporting.section_marts import REFERENCE
from reporting.sections.base import Context, Section

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
    return {"views": views, "outside": ns.wald_outside(rows) if rows else None}


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
        "gap": ns.largest_d_gap(compared),
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
        "gap": ns.speedup_gap(present),
        "empty": empty,
    }


def reconciliation_context(data: MartData) -> Context:
    return {
        "level": fmt.level(data.dataset_card["confidence_level"]),
        "intervals": intervals(data),
        "effects": effect_sizes(data),
        "speedups": speedups(data),
    }


SECTIONS: tuple[Section, ...] = (
    Section("reconciliation", "sections/reconciliation.md.j2", reconciliation_context),
)
