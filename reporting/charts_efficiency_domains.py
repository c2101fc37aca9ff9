"""Charts of sections 1.2 and 1.3: VRAM vs pass@1 with the efficiency frontier, the domain heatmap
and the serial-vs-MPI dumbbell. Theme and palette come from reporting.chart_theme, saving from
reporting.charts.

The reference model is marked by shape (diamond) and a bold "(reference)" label, never by colour
alone; colours are Okabe-Ito or a single-hue sequential scale, so they survive printing in grey.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from reporting import formatting as fmt
from reporting import rate_intervals, tables
from reporting.chart_theme import (
    BLACK,
    BLUE,
    GREY,
    LABEL_CHAR_PX,
    ORANGE,
    PALETTE,
    columns_width,
    rows_height,
    short_label,
    themed,
)
from reporting.charts import Figure
from reporting.marts import SuccessRate

Row = dict[str, Any]

REFERENCE_SUFFIX = " (reference)"

# Pixel geometry of the efficiency scatter, used to place labels without overlaps.
_SCATTER_WIDTH = 620
_SCATTER_HEIGHT = 420
_LABEL_FONT = 11
_CHAR_WIDTH = LABEL_CHAR_PX
_LABEL_HEIGHT = 13
_LOG_TICKS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)


_SCATTER_TOOLTIP = [
    alt.Tooltip("full_name:N", title="Model"),
    alt.Tooltip("vram_label:N", title="VRAM"),
    alt.Tooltip("rate_label:N", title="Pass@1"),
    alt.Tooltip("frontier:N", title="Efficiency frontier"),
]


def _label(display_name: str, is_reference: bool) -> str:
    return display_name + (REFERENCE_SUFFIX if is_reference else "")


Box = tuple[float, float, float, float]


def _place_labels(
    points: list[dict[str, float]], obstacles: Sequence[Box] = ()
) -> list[tuple[float, float, str]]:
    """Deterministic label placement. Each label goes right of its point (or left of it), shifted
    vertically by the smallest amount that avoids placed labels, markers and obstacles (error bars,
    frontier line) and keeps it inside the plot; right is preferred over left at equal shift.
    Points are placed top to bottom. Returns (label y, anchor x, align) in pixels per point, in
    input order; a caller draws a leader line when the label moved away from its point."""
    placed: list[Box] = []
    markers = [(p["x"] - 8, p["y"] - 8, p["x"] + 8, p["y"] + 8) for p in points]
    markers += list(obstacles)
    result: list[tuple[float, float, str]] = [(0.0, 0.0, "left")] * len(points)
    order = sorted(range(len(points)), key=lambda i: (points[i]["y"], points[i]["x"]))
    half = _LABEL_HEIGHT / 2

    def free(box: Box) -> bool:
        inside = box[0] >= 0 and box[2] <= _SCATTER_WIDTH and box[1] >= 0
        inside = inside and box[3] <= _SCATTER_HEIGHT
        return inside and not any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
            for b in placed + markers
        )

    for i in order:
        p = points[i]
        width = p["chars"] * (_CHAR_WIDTH + (0.7 if p.get("bold") else 0.0))
        best: tuple[float, float, float, str, Box] | None = None
        for side, penalty in (("left", 0.0), ("right", 2.0)):
            anchor = p["x"] + 10 if side == "left" else p["x"] - 10
            x0 = anchor if side == "left" else anchor - width
            for step in range(0, 2 * _SCATTER_HEIGHT):
                dy = (step + 1) // 2 * (-1 if step % 2 else 1)
                box = (x0, p["y"] + dy - half, x0 + width, p["y"] + dy + half)
                if free(box):
                    score = abs(dy) + penalty
                    if best is None or score < best[0]:
                        best = (score, p["y"] + dy, anchor, side, box)
                    break
        if best is None:  # nowhere free: keep it beside the point
            best = (0.0, p["y"], p["x"] + 10, "left", (0.0, 0.0, 0.0, 0.0))
        placed.append(best[4])
        result[i] = (best[1], best[2], best[3])
    return result


def efficiency_chart(
    rows: Sequence[Row], passed: Mapping[str, SuccessRate], frontier: Sequence[Row]
) -> Figure | None:
    """Pass@1 (with Wilson bars) against VRAM on a log axis; the frontier as a step line."""
    known = [r for r in rows if r["vram_gb"] is not None and r["pass_rate"] is not None]
    if not known:
        return None
    on_frontier = {r["model_name"] for r in frontier}
    vrams = [r["vram_gb"] for r in known]
    lo = min(vrams) / 3  # room for a label left of the smallest model
    hi = max(vrams) * 2.5
    span = math.log10(hi) - math.log10(lo)

    def x_px(v: float) -> float:
        return _SCATTER_WIDTH * (math.log10(v) - math.log10(lo)) / span

    values = []
    for r in sorted(known, key=lambda r: (r["vram_gb"], r["display_name"])):
        sr = passed.get(r["model_name"])
        same = sr is not None and sr["n"] == r["n"] and sr["rate"] is not None
        low, high = rate_intervals.printed_bounds(sr) if same else (r["pass_rate"], r["pass_rate"])
        label = _label(short_label(r["display_name"]), r["is_reference_model"])
        values.append(
            {
                "model": label,
                "full_name": _label(r["display_name"], r["is_reference_model"]),
                "vram": r["vram_gb"],
                "rate": r["pass_rate"],
                "low": low,
                "high": high,
                "role": "Reference model" if r["is_reference_model"] else "Other models",
                "frontier": "On the frontier" if r["model_name"] in on_frontier else "Off it",
                "rate_label": fmt.percent(r["pass_rate"]),
                "vram_label": fmt.vram(r["vram_gb"]),
                "weight": "bold" if r["is_reference_model"] else "normal",
            }
        )

    def y_px(rate: float) -> float:
        return _SCATTER_HEIGHT * (1 - rate)

    obstacles: list[Box] = [
        (x_px(v["vram"]) - 2, y_px(v["high"]), x_px(v["vram"]) + 2, y_px(v["low"])) for v in values
    ]
    corners = [(x_px(r["vram_gb"]), y_px(r["pass_rate"])) for r in frontier]
    corners.append((_SCATTER_WIDTH, corners[-1][1]) if corners else (0.0, 0.0))
    for (x0, y0), (x1, y1) in itertools.pairwise(corners):
        obstacles.append((x0, y0 - 2, x1, y0 + 2))  # horizontal run at the earlier rate
        obstacles.append((x1 - 2, min(y0, y1), x1 + 2, max(y0, y1)))  # the step up
    placements = _place_labels(
        [
            {
                "x": x_px(v["vram"]),
                "y": y_px(v["rate"]),
                "chars": len(v["model"]),
                "bold": v["weight"] == "bold",
            }
            for v in values
        ],
        obstacles,
    )
    leaders = []
    for v, (y, anchor, align) in zip(values, placements, strict=True):
        v["label_rate"] = 1 - y / _SCATTER_HEIGHT
        v["label_vram"] = 10 ** (math.log10(lo) + anchor / _SCATTER_WIDTH * span)
        v["align"] = align
        if abs(y - y_px(v["rate"])) > _LABEL_HEIGHT / 2:
            leaders.append(
                {"vram": v["vram"], "rate": v["rate"], "lx": v["label_vram"], "ly": v["label_rate"]}
            )

    steps = [{"vram": r["vram_gb"], "rate": r["pass_rate"]} for r in frontier]
    if steps:
        steps.append({"vram": hi, "rate": steps[-1]["rate"]})

    x_scale = alt.Scale(type="log", domain=[lo, hi], nice=False)
    # Every layer carries the same axis titles: Vega-Lite drops a title the layers disagree on.
    x_title = "VRAM, GB (log scale; registry figure)"
    y_title = "Pass@1, combined (bar: 95% primary interval)"
    x = alt.X(
        "vram:Q",
        title=x_title,
        scale=x_scale,
        axis=alt.Axis(values=[v for v in _LOG_TICKS if lo <= v <= hi], format="~s"),
    )  # fmt: skip
    y_scale = alt.Scale(domain=[0, 1], nice=False)
    y = alt.Y("rate:Q", title=y_title, scale=y_scale,
              axis=alt.Axis(format="%", tickCount=6))  # fmt: skip
    data = alt.Data(values=values)
    base = alt.Chart(data)
    frontier_line = (
        alt.Chart(alt.Data(values=steps))
        .mark_line(interpolate="step-after", color=ORANGE, strokeWidth=2.5, strokeDash=[6, 3])
        .encode(x=x, y=y)
    )
    bars = base.mark_rule(color=GREY, strokeWidth=1.5).encode(
        x=x, y=alt.Y("low:Q", scale=y_scale, title=y_title), y2="high:Q", tooltip=_SCATTER_TOOLTIP
    )
    points = base.mark_point(strokeWidth=1.8, opacity=1).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "role:N",
            title="Marker",
            scale=alt.Scale(
                domain=["Reference model", "Other models"], range=["diamond", "circle"]
            ),
            legend=alt.Legend(
                orient="bottom",
                direction="horizontal",
                symbolFillColor="white",
                symbolStrokeColor=BLACK,
            ),
        ),
        fill=alt.Fill(
            "frontier:N",
            title="Efficiency frontier",
            scale=alt.Scale(domain=["On the frontier", "Off it"], range=[BLUE, "white"]),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        color=alt.value(BLUE),
        size=alt.condition(alt.datum.role == "Reference model", alt.value(220), alt.value(90)),
        tooltip=_SCATTER_TOOLTIP,
    )
    labels = []
    for align, dx in (("left", 1), ("right", -1)):
        for weight in ("normal", "bold"):
            chosen = base.transform_filter(
                (alt.datum.align == align) & (alt.datum.weight == weight)
            )
            labels.append(
                chosen.mark_text(
                    align=align, baseline="middle", dx=dx, fontSize=_LABEL_FONT, color=BLACK,
                    fontWeight=weight,
                ).encode(
                    x=alt.X("label_vram:Q", scale=x_scale, title=x_title),
                    y=alt.Y("label_rate:Q", scale=y_scale, title=y_title),
                    text="model:N",
                    tooltip=_SCATTER_TOOLTIP,
                )
            )  # fmt: skip
    leader_lines = (
        alt.Chart(alt.Data(values=leaders))
        .mark_rule(color=GREY, strokeWidth=0.8)
        .encode(
            x=alt.X("vram:Q", scale=x_scale, title=x_title),
            y=alt.Y("rate:Q", scale=y_scale, title=y_title),
            x2="lx:Q",
            y2="ly:Q",
        )
    )
    chart = alt.layer(frontier_line, leader_lines, bars, points, *labels).properties(
        width=_SCATTER_WIDTH,
        height=_SCATTER_HEIGHT,
        title=alt.Title(
            "Pass@1 against VRAM",
            subtitle=[
                "Filled markers and the dashed step line: the efficiency frontier (no model with "
                "less or equal VRAM has a higher pass@1).",
                "Models without a VRAM figure are not drawn.",
            ],
        ),
    )
    reference = next((v["full_name"] for v in values if v["role"] == "Reference model"), None)
    alt_text = (
        f"Scatter plot of combined pass@1 (with 95% primary-interval bars) against VRAM on a "
        f"log scale for "
        f"{fmt.counted(len(values), 'model')}"
        f" with a VRAM figure; the efficiency frontier is drawn as a dashed "
        "step line through "
        + ", ".join(r["display_name"] for r in frontier)
        + (
            f"; the reference model ({reference}) is a large diamond with a bold label."
            if reference
            else "."
        )
    )
    return Figure(stem="efficiency_vram_vs_pass", alt=alt_text, chart=themed(chart))


def domain_heatmap(
    rows: Sequence[Row],
    models: Sequence[tables.ModelInfo],
    domains: Sequence[tuple[str, str, float | None]],
) -> Figure | None:
    """Models by domains, pass@1 (combined) as a grey-safe single-hue scale, annotated."""
    cells = [r for r in rows if r["scope"] == "all"]
    if not cells or not models:
        return None
    label_of = {m.model_name: _label(m.display_name, m.is_reference) for m in models}
    names = {key: label for key, label, _ in domains}
    domain_order = [
        label
        for _, label, _ in sorted(
            domains, key=lambda d: (-(d[2] if d[2] is not None else -1), d[1])
        )
    ]
    values = [
        {
            "model": label_of[r["model_name"]],
            "domain": names.get(r["problem_type"], r["problem_type"]),
            "rate": r["pass_rate"],
            "text": fmt.percent(r["pass_rate"], 0),
            "fraction": fmt.fraction(r["n_passed"], r["n"]),
            "dark": (r["pass_rate"] or 0) >= 0.55,
        }
        for r in cells
        if r["model_name"] in label_of
    ]
    references = [label_of[m.model_name] for m in models if m.is_reference]
    bold_test = " || ".join(f"datum.value === {json.dumps(n)}" for n in references) or "false"

    problems = {r["n_problems"] for r in cells}
    n_text = (
        f"{fmt.count_range(r['n'] for r in cells)} attempts on {fmt.count_range(problems)} "
        f"{'problem' if problems == {1} else 'problems'}"
    )
    x = alt.X(
        "domain:N",
        sort=domain_order,
        title=["Domain (sorted by mean pass@1", "over models, highest first)"],
        axis=alt.Axis(labelAngle=-35, labelAlign="right", orient="bottom"),
    )
    y = alt.Y(
        "model:N",
        sort=[label_of[m.model_name] for m in models],
        title=None,
        axis=alt.Axis(labelFontWeight=alt.ExprRef(expr=f"({bold_test}) ? 'bold' : 'normal'")),
    )
    width = columns_width(len(domain_order), 52)
    height = rows_height(len(models), 28)
    base = alt.Chart(alt.Data(values=values)).encode(x=x, y=y)
    heatmap_tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("domain:N", title="Domain"),
        alt.Tooltip("text:N", title="Pass@1"),
        alt.Tooltip("fraction:N", title="Passed / attempts"),
    ]
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "rate:Q",
            title="Pass@1",
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
            # never taller than the plot, so it cannot reach down to the axis title
            legend=alt.Legend(format="%", orient="right", gradientLength=min(200, height)),
        ),
        tooltip=heatmap_tooltip,
    )
    text = base.mark_text(fontSize=11).encode(
        text="text:N",
        color=alt.condition(alt.datum.dark, alt.value("white"), alt.value(BLACK)),
        tooltip=heatmap_tooltip,
    )
    chart = (rect + text).properties(
        width=width,
        height=height,
        title=alt.Title(
            "Pass@1 by model and domain, combined",
            subtitle=[
                "Each cell: passing share of the model's attempts on the domain's problems "
                f"(n = {n_text} per cell).",
                "Models sorted by overall pass@1; the reference model's row label is bold.",
            ],
        ),
    )
    alt_text = (
        f"Heatmap of pass@1 for {fmt.counted(len(models), 'model')}"
        f" (rows, sorted by overall pass@1) across "
        f"{len(domain_order)} domains (columns), each cell annotated with its percentage; darker "
        f"blue is higher. The reference model ({', '.join(references) or 'none'}) has a bold "
        "row label."
    )
    return Figure(stem="domain_heatmap", alt=alt_text, chart=themed(chart))


_SCOPE_SHAPES = ("circle", "square", "triangle-up", "cross", "diamond", "triangle-down")


def parallelism_dumbbell(rates: Sequence[SuccessRate]) -> Figure | None:
    """Pass@1 per parallelism model (every scope but 'all'), one row per model, joined by a line."""
    rows = [
        r for r in rates if r["metric"] == "pass" and r["scope"] != "all" and r["rate"] is not None
    ]
    scopes = tables.ordered_scopes(r["scope"] for r in rows)
    if len(scopes) < 2:
        return None
    combined = {
        r["model_name"]: r["rate"] for r in rates if r["metric"] == "pass" and r["scope"] == "all"
    }
    models = tables.sort_by_rate(tables.models_in(rows), combined)
    label_of = {m.model_name: _label(m.display_name, m.is_reference) for m in models}
    scope_labels = [fmt.scope_label(s) for s in scopes]
    colours = [BLUE, ORANGE, *PALETTE[2:]][: len(scopes)]
    values = [
        {
            "model": label_of[r["model_name"]],
            "scope": fmt.scope_label(r["scope"]),
            "rate": r["rate"],
            "low": rate_intervals.printed_bounds(r)[0],
            "high": rate_intervals.printed_bounds(r)[1],
            "text": rate_intervals.rate_estimate(r),
            "n": r["n"],
        }
        for r in rows
    ]
    spans = []
    for m in models:
        own = [v["rate"] for v in values if v["model"] == label_of[m.model_name]]
        if own:
            spans.append({"model": label_of[m.model_name], "min": min(own), "max": max(own)})
    references = [label_of[m.model_name] for m in models if m.is_reference]
    bold_test = " || ".join(f"datum.value === {json.dumps(n)}" for n in references) or "false"
    y = alt.Y(
        "model:N",
        sort=[label_of[m.model_name] for m in models],
        title=None,
        scale=alt.Scale(paddingInner=0.3, paddingOuter=0.2),
        axis=alt.Axis(labelFontWeight=alt.ExprRef(expr=f"({bold_test}) ? 'bold' : 'normal'")),
    )
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    x_title = "Pass@1 (point: estimate; thin bar: 95% primary interval)"
    connector = (
        alt.Chart(alt.Data(values=spans))
        .mark_rule(color="#9a9a9a", strokeWidth=5, opacity=0.6)
        .encode(
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("min:Q", title="Lowest pass@1", format=".1%"),
                alt.Tooltip("max:Q", title="Highest pass@1", format=".1%"),
            ],
            y=y,
            x=alt.X(
                "min:Q",
                scale=x_scale,
                title=x_title,
                axis=alt.Axis(format="%", values=[0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            ),
            x2="max:Q",
        )
    )
    colour = alt.Color(
        "scope:N",
        title="Parallelism model",
        scale=alt.Scale(domain=scope_labels, range=colours),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    shape = alt.Shape(
        "scope:N",
        title="Parallelism model",
        scale=alt.Scale(domain=scope_labels, range=list(_SCOPE_SHAPES[: len(scopes)])),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    layers = [connector]
    step = 8
    # Each model's row must hold every parallelism model's marker, `step` px apart, inside its band
    # (the band is 1 - paddingInner = 70% of the row): 34 px a row for two, more for seven.
    row_step = max(34, math.ceil((len(scope_labels) * step + 8) / 0.7))
    for i, label in enumerate(scope_labels):
        offset = (i - (len(scope_labels) - 1) / 2) * step
        # No data of its own: the layer's `values` (below) is inherited, so the spec and Altair's
        # copies of it hold the rows once, not twice per parallelism model.
        chosen = alt.Chart().transform_filter(alt.datum.scope == label)
        layers.append(
            chosen.mark_rule(strokeWidth=1.2, yOffset=offset, opacity=0.9).encode(
                y=y,
                x=alt.X("low:Q", scale=x_scale, title=x_title),
                x2="high:Q",
                color=colour,
                tooltip=["model:N", "scope:N", "text:N", "n:Q"],
            )
        )
        layers.append(
            chosen.mark_point(filled=True, size=80, stroke=BLACK, strokeWidth=0.6, opacity=1,
                              yOffset=offset).encode(
                y=y, x=alt.X("rate:Q", scale=x_scale, title=x_title), color=colour, shape=shape,
                tooltip=["model:N", "scope:N", "text:N", "n:Q"],
            )
        )  # fmt: skip
    chart = alt.layer(*layers, data=alt.Data(values=values)).properties(
        width=480,
        height=rows_height(len(models), row_step),
        title=alt.Title(
            f"Pass@1 by parallelism model: {' vs '.join(scope_labels)}",
            subtitle=[
                "Grey bar: the span between a model's parallelism models.",
                "Models sorted by overall pass@1; the reference model has a bold label.",
            ],
        ),
    )
    alt_text = (
        f"Dumbbell chart of pass@1 per model for {', '.join(scope_labels)}, with 95% primary "
        f"intervals, {fmt.counted(len(models), 'model')}"
        f" sorted by overall pass@1; the reference model "
        f"({', '.join(references) or 'none'}) has a bold label."
    )
    return Figure(stem="pass_by_parallelism_dumbbell", alt=alt_text, chart=themed(chart))
