"""Charts of the statistical parts: performance tiers (1.1) and the Cohen's d forest plot (2.2).

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
from reporting.chart_theme import BLACK, BLUE, GREY, PALETTE, rows_height, themed
from reporting.charts import Figure

Row = Mapping[str, Any]

TIER_SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross", "wedge")
# Magnitude bands of |d| (Cohen 1988): lighter as the effect grows.
BANDS = (
    ("negligible", 0.0, 0.2, "#d4d4d4"),
    ("small", 0.2, 0.5, "#e8e8e8"),
    ("medium", 0.5, 0.8, "#f5f5f5"),
)


_TIER_TOOLTIP = [
    alt.Tooltip("model:N", title="Model"),
    alt.Tooltip("tier:N", title="Tier"),
    alt.Tooltip("interval:N", title="Pass@1 [Wilson]"),
]
_FOREST_TOOLTIP = [
    alt.Tooltip("model:N", title="Model"),
    alt.Tooltip("label:N", title="Cohen's d"),
    alt.Tooltip("interval:N", title="Interval"),
    alt.Tooltip("test:N", title="Paired test"),
]


def _bold_labels(names: Collection[str]) -> alt.ExprRef:
    test = " || ".join(f"datum.value === {json.dumps(n)}" for n in sorted(names)) or "false"
    return alt.ExprRef(expr=f"({test}) ? 'bold' : 'normal'")


def tier_chart(tiers: Sequence[Row], references: Collection[str]) -> Figure | None:
    """Pass rate with Wilson bars by model in rank order, colour and shape by tier."""
    rows = [t for t in tiers if t["rate"] is not None]
    if not rows:
        return None
    rows = sorted(rows, key=lambda t: t["rank"])
    tier_labels = [f"Tier {n}" for n in sorted({t["tier"] for t in rows})]
    level = fmt.level(rows[0]["confidence_level"])
    reference_names = {t["display_name"] for t in rows if t["model_name"] in references}
    values = [
        {
            "model": t["display_name"],
            "tier": f"Tier {t['tier']}",
            "rate": t["rate"],
            "low": t["wilson_low"] if t["wilson_low"] is not None else t["rate"],
            "high": t["wilson_high"] if t["wilson_high"] is not None else t["rate"],
            "label": fmt.percent(t["rate"]),
            "interval": fmt.rate_with_interval(t["rate"], t["wilson_low"], t["wilson_high"]),
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
            title=f"Pass@1, combined (point: estimate; bar: {level} Wilson interval)",
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
    labels = base.mark_text(align="left", baseline="middle", dx=8, fontSize=11, color=GREY).encode(
        x=alt.X("high:Q", scale=x_scale), text="label:N", tooltip=_TIER_TOOLTIP
    )
    chart = alt.layer(bars, points, labels).properties(
        width=460,
        height=rows_height(len(values), 26),
        title=alt.Title(
            "Performance tiers by pass@1",
            subtitle=(
                "Models in rank order; colour and marker give the tier; the reference model "
                "has a bold label and a larger, heavier-outlined marker"
            ),
        ),
    )
    references_text = ", ".join(sorted(reference_names)) or "none"
    alt_text = (
        f"Dot plot of pass@1 for {len(values)} models in rank order with {level} Wilson "
        f"intervals; colour and marker shape show the {len(tier_labels)} performance tiers; "
        f"the reference model ({references_text}) has a bold label."
    )
    return Figure(stem="model_tiers", alt=alt_text, chart=themed(chart))


def forest_plot(
    rows: Sequence[Row], metrics: Sequence[str], reference: str | None
) -> Figure | None:
    """Cohen's d of every model against the reference with its interval, one panel per metric.

    Shaded bands mark the magnitude scale (|d| < 0.2, < 0.5, < 0.8); the vertical line is d = 0
    (no difference); a filled square marks a Holm-significant paired test, an open circle the rest.
    """
    chosen = [
        r
        for r in rows
        if r["metric"] in metrics and r["cohens_d"] is not None and not r["is_reference_model"]
    ]
    if not chosen:
        return None
    level = fmt.level(chosen[0]["confidence_level"])
    alpha = 1 - (chosen[0]["confidence_level"] or 0.95)
    sort_metric = (
        metrics[-1] if any(r["metric"] == metrics[-1] for r in chosen) else chosen[0]["metric"]
    )
    d_of = {r["display_name"]: r["cohens_d"] for r in chosen if r["metric"] == sort_metric}
    names = sorted(
        {r["display_name"] for r in chosen}, key=lambda n: (-(d_of.get(n) or -math.inf), n)
    )
    lowest = min(min(r["d_ci_low"] or r["cohens_d"], r["cohens_d"]) for r in chosen)
    highest = max(max(r["d_ci_high"] or r["cohens_d"], r["cohens_d"]) for r in chosen)
    # At least ±1 so every magnitude band shows; otherwise the data's range in steps of 0.5.
    left = min(-1.0, math.floor(lowest * 2 - 0.1) / 2)
    right = max(1.0, math.ceil(highest * 2 + 0.1) / 2)
    x_scale = alt.Scale(domain=[left, right], nice=False)
    significant_label = "Significant (Holm)"
    other_label = "Not significant"
    bands = []
    for label, low, high, colour in BANDS:
        for sign in (1, -1):
            a, b = sorted((sign * low, sign * high))
            bands.append({"x": a, "x2": b, "band": label, "colour": colour})
    panels = []
    present = [m for m in metrics if any(r["metric"] == m for r in chosen)]
    for position, metric in enumerate(present):
        values = [
            {
                "model": r["display_name"],
                "d": r["cohens_d"],
                "low": r["d_ci_low"] if r["d_ci_low"] is not None else r["cohens_d"],
                "high": r["d_ci_high"] if r["d_ci_high"] is not None else r["cohens_d"],
                "test": significant_label
                if r["holm_p"] is not None and r["holm_p"] < alpha
                else other_label,
                "label": fmt.effect_size(r["cohens_d"]),
                "interval": (
                    f"[{fmt.effect_size(r['d_ci_low'])}, {fmt.effect_size(r['d_ci_high'])}]"
                    if r["d_ci_low"] is not None and r["d_ci_high"] is not None
                    else fmt.DASH
                ),
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
        band_layer = (
            alt.Chart(alt.Data(values=bands))
            .mark_rect()
            .encode(
                x=alt.X("x:Q", scale=x_scale, title=f"Cohen's d ({level} interval)"),
                x2="x2:Q",
                color=alt.Color("colour:N", scale=None, legend=None),
            )
        )
        zero = (
            alt.Chart(alt.Data(values=[{"x": 0}]))
            .mark_rule(color=BLACK, strokeWidth=1.2)
            .encode(x="x:Q")
        )
        base = alt.Chart(alt.Data(values=values)).encode(y=y)
        interval = base.mark_rule(strokeWidth=2, color=BLUE).encode(
            x=alt.X("low:Q", scale=x_scale), x2="high:Q", tooltip=_FOREST_TOOLTIP
        )
        marker = base.mark_point(size=90, strokeWidth=1.6, color=BLACK, opacity=1).encode(
            x=alt.X("d:Q", scale=x_scale),
            shape=alt.Shape(
                "test:N",
                title="Paired McNemar test",
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
            alt.layer(band_layer, zero, interval, marker).properties(
                width=300,
                height=rows_height(len(names)),
                title=alt.Title(fmt.metric_label(metric).capitalize(), fontSize=13),
            )
        )
    against = reference or "the reference model"
    chart = alt.hconcat(*panels, spacing=14).properties(
        title=alt.Title(
            f"Cohen's d against {against}",
            subtitle=(
                "Right of the line: higher rate than the reference. Shading, darkest first: "
                "negligible (|d| < 0.2), small (< 0.5), medium (< 0.8); unshaded: large"
            ),
        )
    )
    alt_text = (
        f"Forest plot of Cohen's d with {level} intervals for {len(names)} models against "
        f"{against}, one panel per metric ({', '.join(fmt.metric_label(m) for m in present)}); "
        "grey bands mark negligible, small and medium effects; filled squares mark differences "
        "significant after Holm adjustment."
    )
    return Figure(stem="cohens_d_forest", alt=alt_text, chart=themed(chart))
