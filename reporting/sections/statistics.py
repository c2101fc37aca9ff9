"""Section 2, advanced statistical analysis: 2.1 confidence intervals, 2.2 effect sizes."""

from __future__ import annotations

from collections.abc import Sequence

from reporting import charts, charts_statistics, ranks, rate_intervals, tables
from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting.marts import MartData, MartSpec, SuccessRate
from reporting.section_marts import REFERENCE
from reporting.sections.base import Context, Section

PAIRWISE = ranks.PAIRWISE


MARTS: tuple[MartSpec, ...] = (REFERENCE, *ranks.MARTS)

KEY_METRICS: tuple[str, ...] = ("build", "valid_given_build", "pass")
EFFECT_METRICS: tuple[str, ...] = ("build", "pass", "valid_given_build")
SCOPE = "all"


def _model_cell(row: SuccessRate | dict) -> str:
    return fmt.model_name(row["display_name"], row["is_reference_model"])


def _by_rate(rows: Sequence[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["rate"] is None, -(r["rate"] or 0.0), r["display_name"]))


def _confidence(data: MartData) -> float | None:
    levels = {
        r["confidence_level"] for r in data.success_rates if r["confidence_level"] is not None
    }
    return levels.pop() if len(levels) == 1 else data.dataset_card["confidence_level"]


# 2.1 ------------------------------------------------------------------------------------------


def ci_table(rows: Sequence[SuccessRate], metric: str) -> tables.TableView:
    """Rate, primary interval (or the marked bounded one), the secondary Wilson interval on the
    effective sample size, problems, effective n, design effect and the note, per model."""
    body = []
    for r in _by_rate([dict(x) for x in rows]):
        primary = (
            fmt.interval(r["ci_low"], r["ci_high"])
            if r["ci_status"] in ("ok", "outside_0_1")
            else "undefined"
        )
        body.append(
            (
                _model_cell(r),
                fmt.count(r["n"]),
                fmt.count(r["n_clusters"]),
                rate_intervals.rate_estimate(r),
                fmt.DASH if r["rate"] is None else primary,
                fmt.interval(r["wilson_low"], r["wilson_high"])
                if r["rate"] is not None
                else fmt.DASH,
                fmt.effect_size(r["n_effective"]),
                fmt.effect_size(r["design_effect"]),
                ns.ci_note(r),
            )
        )
    return tables.TableView(
        title=f"{fmt.metric_label(metric).capitalize()} (combined)",
        headers=(
            "Model",
            "n",
            "Problems (G)",
            "Rate [as printed]",
            "t, cluster-robust (primary)",
            "Wilson, effective n (secondary)",
            "Effective n",
            "Design effect",
            "Note",
        ),
        rows=tuple(body),
    )


def confidence_intervals_context(data: MartData) -> Context:
    rows = [r for r in data.success_rates if r["scope"] == SCOPE and r["metric"] in KEY_METRICS]
    level = _confidence(data)
    metrics = [m for m in KEY_METRICS if any(r["metric"] == m for r in rows)]
    attempts = sorted({r["n"] for r in rows if r["metric"] == "build"})
    clusters = sorted({r["n_clusters"] for r in rows if r["metric"] == "build"})
    return {
        "level": fmt.level(level),
        "alpha": fmt.p_value(ns.alpha(level)),
        "attempts": [fmt.count(n) for n in attempts],
        "clusters": [fmt.count(n) for n in clusters],
        "tables": [
            {
                "view": ci_table([r for r in rows if r["metric"] == m], m),
                "widest": ns.widest_interval([r for r in rows if r["metric"] == m]),
            }
            for m in metrics
        ],
        "t_outside": ns.t_outside_unit(rows) if rows else None,
        "np_inadequate": ns.np_inadequate(rows) if rows else None,
        "clustering": ns.clustering_effect(rows),
    }


# 2.2 ------------------------------------------------------------------------------------------


def _diff_cell(r: dict) -> str:
    """The paired difference with the interval of its Holm step (agrees with 'Significant')."""
    if r["diff"] is None:
        return fmt.DASH
    if r["is_reference_model"]:
        return f"{fmt.percent_number(r['diff'])} (reference)"
    if r["holm_ci_low"] is None:
        return f"{fmt.points_pp(r['diff'])} (not tested)"
    return rate_intervals.holm_difference(r)


def _d_cell(r: dict) -> str:
    if r["cohens_d"] is None:
        return fmt.DASH
    return (
        f"{fmt.effect_size(r['cohens_d'])} "
        f"[{fmt.effect_size(r['d_ci_low'])}, {fmt.effect_size(r['d_ci_high'])}]"
    )


def effect_row(r: dict) -> tuple[str, ...]:
    shared = (
        fmt.DASH
        if r["is_reference_model"]
        else f"{fmt.count(r['n_pairs'])} of {fmt.count(r['n_problems_model'])}"
    )
    return (
        _model_cell(r),
        shared,
        fmt.percent(r["rate"] if r["is_reference_model"] else r["rate_shared"]),
        fmt.percent(r["reference_rate"] if r["is_reference_model"] else r["reference_rate_shared"]),
        _diff_cell(r),
        fmt.p_value(r["p_value"]),
        fmt.p_value(r["holm_p"]),
        fmt.boolean(r["significant"]),
        fmt.DASH if r["mde"] is None else f"{fmt.percent_number(r['mde'])} pp",
        fmt.boolean(r["equivalent"]),
        fmt.effect_size(r["cohens_h"]),
        fmt.text(r["magnitude"]),
        _d_cell(r),
        fmt.effect_size(r["d_z"]),
    )


EFFECT_HEADERS = (
    "Model",
    "Shared problems",
    "Rate (shared)",
    "Reference rate (shared)",
    "Paired difference, pp [Holm-level interval]",
    "p (paired t)",
    "Holm p (reference family)",
    "Significant",
    "MDE (80% power)",
    "Alike (TOST)",
    "Cohen's h",
    "Size (by h)",
    "Cohen's d [CI]",
    "d_z",
)


def effect_views(
    rows: Sequence[dict], metric: str, size_bands: dict[str, str | None] | None = None
) -> list[tables.TableView]:
    """One table of every model against the reference, by rate, with its peer group (size band)."""
    bands = size_bands or {}
    chosen = _by_rate([r for r in rows if r["metric"] == metric])
    headers = (EFFECT_HEADERS[0], tables.PEER_GROUP_HEADER, *EFFECT_HEADERS[1:])
    body = tuple(
        (row[0], tables.peer_group_label(bands.get(r["model_name"])), *row[1:])
        for r in chosen
        for row in (effect_row(r),)
    )
    return [tables.TableView("All models", headers, body)]


def pairwise_matrix(data: MartData, metric: str = "pass") -> Context:
    """Holm-adjusted p of every pair of models (rows × numbered columns) in the all-pairs family
    (exploratory), combined scope, models in tier order; with the counts of separated pairs."""
    pairs = [
        r
        for r in data.tables.get(PAIRWISE.name, [])
        if r["metric"] == metric and r["scope"] == SCOPE
    ]
    if not pairs:
        return {"table": None}
    order = {t["model_name"]: i for i, t in enumerate(ranks.tier_rows(data, SCOPE, metric))}
    rate = {r["model_name"]: r["rate"] for r in pairs}
    names = {r["model_name"]: r["display_name"] for r in pairs}
    references = {r["model_name"] for r in data.success_rates if r["is_reference_model"]}
    models = sorted(names, key=lambda m: (order.get(m, 10**9), -(rate[m] or 0.0), names[m]))
    index = {(r["model_name"], r["other_model_name"]): r for r in pairs}
    body = []
    for i, m in enumerate(models, start=1):
        label = fmt.md_escape(names[m])
        cells = [f"{i}. {fmt.bold(label) if m in references else label}"]
        for other in models:
            if other == m:
                cells.append(fmt.DASH)
                continue
            test = index.get((m, other))
            cells.append(fmt.DASH if test is None else fmt.p_value(test["holm_p"]))
        body.append(tuple(cells))
    level = pairs[0]["confidence_level"]
    unordered = {
        tuple(sorted((r["model_name"], r["other_model_name"]))): r
        for r in pairs
        if r["holm_p"] is not None
    }
    significant = sum(1 for r in unordered.values() if r["significant"])
    holm_only = sum(
        1
        for r in unordered.values()
        if not r["significant"] and (r["ci_low"] > 0 or r["ci_high"] < 0)
    )
    untested = len({tuple(sorted((r["model_name"], r["other_model_name"]))) for r in pairs}) - len(
        unordered
    )
    return {
        "table": tables.TableView(
            title=(
                f"Holm p, all-pairs family (exploratory; {fmt.count(len(unordered))} pairs), "
                f"{fmt.metric_label(metric)}, combined"
            ),
            headers=("Model", *[str(i) for i in range(1, len(models) + 1)]),
            rows=tuple(body),
        ),
        "metric": fmt.metric_label(metric),
        "family": fmt.count(len(unordered)),
        "significant": fmt.count(significant),
        "holm_only": fmt.count(holm_only) if holm_only else None,
        "untested": fmt.count(untested) if untested else None,
        "alpha": fmt.p_value(ns.alpha(level)),
        "level": fmt.level(level),
        "subset": ranks.subset_note(data),
    }


def effect_sizes_context(data: MartData) -> Context:
    rows = [r for r in data.tables.get(REFERENCE.name, []) if r["scope"] == SCOPE]
    reference_rows = [r for r in rows if r["is_reference_model"]]
    reference = reference_rows[0]["display_name"] if reference_rows else None
    if reference is None:
        names = tables.reference_display_names(data.success_rates)
        reference = names[0] if names else None
    level = _confidence(data)
    metrics = [m for m in EFFECT_METRICS if any(r["metric"] == m for r in rows)]
    size_bands = {m.model_name: m.peer_group for m in tables.models_in(data.success_rates)}
    return {
        "reference": fmt.bold(fmt.md_escape(reference)) if reference else "the reference model",
        "level": fmt.level(level),
        "alpha": fmt.p_value(ns.alpha(level)),
        "metrics": [
            {
                "label": fmt.metric_label(m),
                "views": effect_views(rows, m, size_bands),
                "practical": ns.practical_significance(rows, m),
                "cut_note": rate_intervals.CUT_NOTE
                if any(r["holm_ci_leaves_range"] for r in rows if r["metric"] == m)
                else None,
            }
            for m in metrics
        ],
        "matrix": pairwise_matrix(data),
    }


def effect_sizes_figures(data: MartData) -> list[charts.Figure]:
    rows = [r for r in data.tables.get(REFERENCE.name, []) if r["scope"] == SCOPE]
    reference = next((r["display_name"] for r in rows if r["is_reference_model"]), None)
    figure = charts_statistics.forest_plot(rows, KEY_METRICS, reference)
    return [figure] if figure else []


SECTIONS: tuple[Section, ...] = (
    Section(
        "confidence_intervals", "sections/confidence_intervals.md.j2", confidence_intervals_context
    ),
    Section(
        "effect_sizes", "sections/effect_sizes.md.j2", effect_sizes_context, effect_sizes_figures
    ),
)
