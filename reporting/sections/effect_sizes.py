"""Section 2.2, effect size analysis: every model against the reference (paired difference with
its Holm-level interval, Cohen's h, Cohen's d, d_z, MDE and TOST), the all-pairs Holm matrix, the
forest plot, and the sentences that sort the comparisons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import charts, charts_statistics, ranks, tables
from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting import rate_intervals as ri
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec
from reporting.narrative_statistics import name, p_phrase
from reporting.section_marts import REFERENCE, by_rate, confidence, model_cell
from reporting.sections.base import Context, Section

Row = Mapping[str, Any]

PAIRWISE = ranks.PAIRWISE

MARTS: tuple[MartSpec, ...] = (REFERENCE, *ranks.MARTS)

KEY_METRICS: tuple[str, ...] = ("build", "valid_given_build", "pass")
EFFECT_METRICS: tuple[str, ...] = ("build", "pass", "valid_given_build")
SCOPE = "all"


def _diff_cell(r: dict) -> str:
    """The paired difference with the interval of its Holm step (agrees with 'Significant')."""
    if r["diff"] is None:
        return fmt.DASH
    if r["is_reference_model"]:
        return f"{fmt.percent_number(r['diff'])} (reference)"
    if r["holm_ci_low"] is None:
        return f"{fmt.points_pp(r['diff'])} (not tested)"
    return ri.holm_difference(r)


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
        model_cell(r),
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
    chosen = by_rate([r for r in rows if r["metric"] == metric])
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
    level = confidence(data)
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
                "practical": practical_significance(rows, m),
                "cut_note": ri.CUT_NOTE
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


# Sentence rules -------------------------------------------------------------------------------


def practical_significance(rows: Sequence[Row], metric: str) -> list[str]:
    """Sentences sorting the comparisons with the reference (scope 'all', one metric).

    The wording follows the interval printed beside each model, the interval of the Holm step that
    decided it (fct_reference_comparisons.holm_ci_*; it excludes 0 exactly when Holm rejects):
    - significantly higher/lower: Holm rejects and the printed interval excludes 0;
    - cannot be distinguished: the printed interval includes 0 — always with the MDE; among those,
      alike only when the TOST equivalence test passed; medium or large |h| is called inconclusive;
    - not tested: the mart's reason (e.g. the same difference on every shared problem).
    Size labels follow Cohen's h (the effect size for proportions), never d.
    """
    tested = sorted(
        (r for r in rows if r["metric"] == metric and not r["is_reference_model"]),
        key=lambda r: (r["diff"] is None, -(r["diff"] or 0.0), r["display_name"]),
    )
    if not tested:
        return []
    label = fmt.metric_label(metric)
    reference = next((r["display_name"] for r in rows if r["is_reference_model"]), None)
    ref = fmt.bold(fmt.md_escape(reference)) if reference else "the reference model"
    with_test = [r for r in tested if r["significant"] is not None]
    m = ri.family_size(with_test)
    family = f"Holm over the {fmt.count(m)} models of the {ri.FAMILY}" if m else ri.FAMILY
    higher, lower, unclear, untested = ri.by_decision(tested)
    alike = [r for r in unclear if r["equivalent"]]
    inconclusive = [r for r in unclear if r["magnitude"] in ("medium", "large")]

    def listing(chosen: Sequence[Row]) -> str:
        return join(
            [
                f"{name(r)} ({ri.holm_difference(r)}, h = {fmt.effect_size(r['cohens_h'])} "
                f"{r['magnitude']}, {p_phrase(r['holm_p'], 'Holm p')})"
                for r in chosen
            ]
        )

    sentences = []
    if higher:
        sentences.append(f"Significantly higher {label} than {ref} ({family}): {listing(higher)}.")
    if lower:
        sentences.append(f"Significantly lower {label} than {ref} ({family}): {listing(lower)}.")
    if with_test and not higher and not lower:
        sentences.append(f"No model's {label} differs significantly from {ref}'s ({family}).")
    if unclear:
        sentences.append(
            f"Cannot be distinguished from {ref} (the interval includes 0): {listing(unclear)}. "
            f"The smallest difference these tests detect with 80% power is "
            f"{ri.mde_range(unclear)}, so smaller real differences may be missed."
        )
    if inconclusive:
        sentences.append(
            f"Inconclusive — a medium or large effect (Cohen's h) without a significant test: "
            f"{join([name(r) for r in inconclusive])}."
        )
    if alike:
        margin = fmt.count(alike[0]["equivalence_margin_pp"])
        sentences.append(
            f"Alike within ±{margin} percentage points by the TOST equivalence test: "
            f"{join([name(r) for r in alike])}."
        )
    elif unclear:
        margin = fmt.count(unclear[0]["equivalence_margin_pp"])
        sentences.append(
            f"No model passed the TOST equivalence test on {label} at ±{margin} percentage "
            f"points, so none can be called alike {ref}."
        )
    for r in untested:
        effect = (
            f"; Cohen's h = {fmt.effect_size(r['cohens_h'])} ({r['magnitude']})"
            if r["cohens_h"] is not None
            else ""
        )
        sentences.append(
            f"Not tested: {name(r)} — {fmt.md_escape(r['test_null_reason'] or '')}{effect}."
        )
    return sentences


SECTIONS: tuple[Section, ...] = (
    Section(
        "effect_sizes", "sections/effect_sizes.md.j2", effect_sizes_context, effect_sizes_figures
    ),
)
