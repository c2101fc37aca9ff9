"""Charts of the statistics sections: performance tiers (1.1), paired-difference forest plot (2.2).

Both use the shared theme of reporting.chart_theme; encodings never rely on colour alone (tiers also
differ in marker shape, significance in marker shape and fill), so they read in grey.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import altair as alt

from reporting import formatting as fmt
from reporting.chart_theme import (
    BLACK,
    BLUE,
    GREY,
    LABEL_CHAR_PX,
    PALETTE,
    rows_height,
    themed,
)
from reporting.charts import Figure

Row = Mapping[str, Any]

TIER_SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross", "wedge")


_TIER_TOOLTIP = [
    alt.Tooltip("model:N", title="Model"),
    alt.Tooltip("tier:N", title="Tier"),
    alt.Tooltip("interval:N", title="Pass@1 [t-interval over problems]"),
]
_FOREST_TOOLTIP = [
    alt.Tooltip("model:N", title="Model"),
    alt.Tooltip("label:N", title="Paired difference"),
    alt.Tooltip("interval:N", title="Interval (Holm level, pp)"),
    alt.Tooltip("test:N", title="Paired test"),
]


def _bold_labels(names: Collection[str]) -> alt.ExprRef:
    test = " || ".join(f"datum.value === {json.dumps(n)}" for n in sorted(names)) or "false"
    return alt.ExprRef(expr=f"({test}) ? 'bold' : 'normal'")


def tier_chart(tiers: Sequence[Row], references: Collection[str]) -> Figure | None:
    """Pass@1 with its t-interval over problems by model in tier order, colour and shape by
    tier; the label gives the compact letters and the bootstrap rank interval."""
    rows = [t for t in tiers if t["rate"] is not None and t.get("is_tiered", True)]
    if not rows:
        return None
    rows = sorted(rows, key=lambda t: (t["tier"], t["order_in_tier"], t["model_name"]))
    tier_labels = [f"Tier {n}" for n in sorted({t["tier"] for t in rows})]
    level = fmt.level(rows[0]["confidence_level"])
    reference_names = {t["display_name"] for t in rows if t["model_name"] in references}

    def label(t: Row) -> str:
        rank = (
            str(t["rank_ci_low"])
            if t["rank_ci_low"] == t["rank_ci_high"]
            else f"{t['rank_ci_low']}–{t['rank_ci_high']}"
        )
        partial = "" if t["is_full_coverage"] else ", partial coverage"
        return f"{fmt.percent(t['rate'])} · {t['letters']} · rank {rank}{partial}"

    values = [
        {
            "model": t["display_name"],
            "tier": f"Tier {t['tier']}",
            "rate": t["rate"],
            "low": t["rate_ci_low"] if t["rate_ci_low"] is not None else t["rate"],
            "high": t["rate_ci_high"] if t["rate_ci_high"] is not None else t["rate"],
            "label": label(t),
            "interval": fmt.rate_with_interval(t["rate"], t["rate_ci_low"], t["rate_ci_high"]),
            "reference": t["model_name"] in references,
        }
        for t in rows
    ]
    order = [v["model"] for v in values]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(tier_labels))]
    shapes = [TIER_SHAPES[i % len(TIER_SHAPES)] for i in range(len(tier_labels))]
    x_scale = alt.Scale(domain=[0, 1], nice=False, clamp=True)
    y = alt.Y(
        "model:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontWeight=_bold_labels(reference_names)),
    )
    tier_colour = alt.Color(
        "tier:N",
        title="Tier",
        scale=alt.Scale(domain=tier_labels, range=colours),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    tier_shape = alt.Shape(
        "tier:N", title="Tier", scale=alt.Scale(domain=tier_labels, range=shapes)
    )
    base = alt.Chart(alt.Data(values=values)).encode(y=y)
    bars = base.mark_rule(strokeWidth=2.5).encode(
        x=alt.X(
            "low:Q",
            scale=x_scale,
            title=f"Pass@1, combined (point: estimate; bar: {level} t-interval over problems)",
            axis=alt.Axis(format="%", tickCount=5),
        ),
        x2="high:Q",
        color=tier_colour,
        tooltip=_TIER_TOOLTIP,
    )
    points = base.mark_point(filled=True, opacity=1, stroke=BLACK, strokeWidth=0.8).encode(
        x=alt.X("rate:Q", scale=x_scale),
        color=tier_colour,
        shape=tier_shape,
        size=alt.condition(alt.datum.reference, alt.value(220), alt.value(110)),
        strokeWidth=alt.condition(alt.datum.reference, alt.value(2.5), alt.value(0.8)),
        tooltip=_TIER_TOOLTIP,
    )
    # The labels get their own column right of the plot, sized to the longest one, so a label
    # never runs past the plot's edge however high the rate or long the letters.
    height = rows_height(len(values), 26)
    label_width = math.ceil(max(len(v["label"]) for v in values) * LABEL_CHAR_PX) + 8
    labels = (
        alt.Chart(alt.Data(values=values))
        .mark_text(align="left", baseline="middle", fontSize=11, color=GREY)
        .encode(
            y=alt.Y("model:N", sort=order, title=None, axis=None),
            x=alt.value(0),
            text="label:N",
            tooltip=_TIER_TOOLTIP,
        )
        .properties(width=label_width, height=height, view=alt.ViewBackground(stroke=None))
    )
    plot = alt.layer(bars, points).properties(width=460, height=height)
    chart = (
        alt.hconcat(plot, labels, spacing=6)
        .resolve_scale(y="shared")
        .properties(
            title=alt.Title(
                "Performance tiers by pass@1",
                subtitle=(
                    "Models in tier order; colour and marker give the tier; labels: letters "
                    "(shared letter = not separated) and bootstrap rank interval; reference "
                    "model in bold"
                ),
            ),
        )
    )
    references_text = ", ".join(sorted(reference_names)) or "none"
    alt_text = (
        f"Dot plot of pass@1 for {fmt.counted(len(values), 'model')}"
        f" in tier order with {level} t-intervals "
        "over problems; colour and marker shape show the "
        f"{fmt.counted(len(tier_labels), 'performance tier')}; "
        "each label gives the compact letters and the bootstrap rank interval; "
        f"the reference model ({references_text}) has a bold label."
    )
    return Figure(stem="model_tiers", alt=alt_text, chart=themed(chart))


def forest_plot(
    rows: Sequence[Row], metrics: Sequence[str], reference: str | None
) -> Figure | None:
    """The paired difference of every model against the reference (percentage points, shared
    problems) with the interval printed beside its Holm decision, one panel per metric.

    The interval is the one at the level of the Holm step that decided the comparison
    (fct_reference_comparisons.holm_ci_*): it excludes the zero line exactly when the marker is a
    filled square (significant, reference family), so the chart cannot contradict the test.
    Comparisons without a test (test_null_reason) are left out and listed in the alt text.
    """
    chosen = [
        r
        for r in rows
        if r["metric"] in metrics
        and not r["is_reference_model"]
        and r["paired_diff"] is not None
        and r["holm_ci_low"] is not None
    ]
    if not chosen:
        return None
    level = fmt.level(chosen[0]["confidence_level"])
    sort_metric = (
        metrics[-1] if any(r["metric"] == metrics[-1] for r in chosen) else chosen[0]["metric"]
    )
    diff_of = {r["display_name"]: r["paired_diff"] for r in chosen if r["metric"] == sort_metric}
    names = sorted(
        {r["display_name"] for r in chosen}, key=lambda n: (-(diff_of.get(n) or -math.inf), n)
    )
    lowest = min(r["holm_ci_low"] for r in chosen) * 100
    highest = max(r["holm_ci_high"] for r in chosen) * 100
    left = max(-100.0, math.floor(min(lowest, -10.0) / 10) * 10)
    right = min(100.0, math.ceil(max(highest, 10.0) / 10) * 10)
    x_scale = alt.Scale(domain=[left, right], nice=False, clamp=True)
    # ticks at multiples of a round step, so 0 (no difference) is always one of them
    step = 10 if right - left <= 60 else 20 if right - left <= 120 else 50
    x_ticks = list(range(math.ceil(left / step) * step, int(right) + 1, step))
    significant_label = "Significant (Holm, reference family)"
    other_label = "Not distinguishable"
    panels = []
    present = [m for m in metrics if any(r["metric"] == m for r in chosen)]
    for position, metric in enumerate(present):
        values = [
            {
                "model": r["display_name"],
                "diff": r["paired_diff"] * 100,
                "low": r["holm_ci_low"] * 100,
                "high": r["holm_ci_high"] * 100,
                "test": significant_label if r["significant"] else other_label,
                "label": fmt.points_pp(r["paired_diff"]),
                "interval": fmt.interval(r["holm_ci_low"], r["holm_ci_high"]),
            }
            for r in chosen
            if r["metric"] == metric
        ]
        y = alt.Y(
            "model:N",
            sort=names,
            scale=alt.Scale(domain=names),
            title=None,
            axis=alt.Axis(labels=position == 0, ticks=position == 0),
        )
        zero = (
            alt.Chart(alt.Data(values=[{"x": 0}]))
            .mark_rule(color=BLACK, strokeWidth=1.2)
            .encode(
                x=alt.X(
                    "x:Q",
                    scale=x_scale,
                    title="Paired difference, percentage points",
                    axis=alt.Axis(values=x_ticks),
                )
            )
        )
        base = alt.Chart(alt.Data(values=values)).encode(y=y)
        interval = base.mark_rule(strokeWidth=2, color=BLUE).encode(
            x=alt.X("low:Q", scale=x_scale), x2="high:Q", tooltip=_FOREST_TOOLTIP
        )
        marker = base.mark_point(size=90, strokeWidth=1.6, color=BLACK, opacity=1).encode(
            x=alt.X("diff:Q", scale=x_scale),
            shape=alt.Shape(
                "test:N",
                title="Holm decision",
                scale=alt.Scale(
                    domain=[significant_label, other_label], range=["square", "circle"]
                ),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            fill=alt.Fill(
                "test:N",
                scale=alt.Scale(domain=[significant_label, other_label], range=[BLACK, "white"]),
                legend=None,
            ),
            tooltip=_FOREST_TOOLTIP,
        )
        panels.append(
            alt.layer(zero, interval, marker).properties(
                width=300,
                height=rows_height(len(names)),
                title=alt.Title(fmt.metric_label(metric).capitalize(), fontSize=13),
            )
        )
    against = reference or "the reference model"
    chart = alt.hconcat(*panels, spacing=14).properties(
        title=alt.Title(
            f"Paired difference against {against} on shared problems",
            subtitle=(
                "Right of the line: higher rate than the reference. Bars: the interval at the "
                "level of the Holm step that decided each comparison (it excludes 0 exactly for "
                "the filled squares)"
            ),
        )
    )
    untested = sorted(
        {
            r["display_name"]
            for r in rows
            if r["metric"] in metrics and not r["is_reference_model"] and r["holm_ci_low"] is None
        }
    )
    alt_text = (
        "Forest plot of the paired difference in percentage points for "
        f"{fmt.counted(len(names), 'model')} against {against}, one panel per metric "
        f"({', '.join(fmt.metric_label(m) for m in present)}), with Holm-level intervals (the "
        f"unadjusted level is {level}); filled squares mark differences significant after Holm "
        "adjustment in the reference family."
        + (f" Not tested and not shown: {', '.join(untested)}." if untested else "")
    )
    return Figure(stem="paired_difference_forest", alt=alt_text, chart=themed(chart))
