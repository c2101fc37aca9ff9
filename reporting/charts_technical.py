"""Charts of section 3: runtime distributions, MPI speedup, generation cost against pass rate.

They use the shared theme of reporting.chart_theme (Okabe-Ito colours, fonts, reference model as a
diamond with a bold label) and read mart rows only: the runtime boxes are drawn from the mart's
quantiles (min, p25, median, p75, max), never from raw runtimes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from reporting import formatting as fmt
from reporting.chart_theme import (
    BLACK,
    BLUE,
    GREY,
    LABEL_LIMIT_PX,
    MAX_SCATTER_LABELS,
    ORANGE,
    label_width_px,
    rows_height,
    short_label,
    themed,
)
from reporting.charts import Figure

Row = Mapping[str, Any]

SCOPE_COLOURS = {"serial": BLUE, "mpi": ORANGE}
REFERENCE = "Reference model"
OTHER = "Other models"


_RUNTIME_TOOLTIP = [
    alt.Tooltip("model:N", title="Model"),
    alt.Tooltip("scope:N", title="Code"),
    alt.Tooltip("median:Q", title="Median (s)", format=".3g"),
    alt.Tooltip("p25:Q", title="25th percentile (s)", format=".3g"),
    alt.Tooltip("p75:Q", title="75th percentile (s)", format=".3g"),
    alt.Tooltip("n:Q", title="n"),
]


def _bold_labels(references: Sequence[str]) -> alt.ExprRef:
    test = " || ".join(f"datum.value === {json.dumps(n)}" for n in references) or "false"
    return alt.ExprRef(expr=f"({test}) ? 'bold' : 'normal'")


def _shape(legend: bool = True) -> alt.Shape:
    return alt.Shape(
        "role:N",
        title="Marker",
        scale=alt.Scale(domain=[REFERENCE, OTHER], range=["diamond", "circle"]),
        legend=alt.Legend(orient="top", direction="horizontal") if legend else None,
    )


def _size() -> alt.SizeValue:
    return alt.condition(alt.datum.role == REFERENCE, alt.value(160), alt.value(70))


def runtime_chart(
    rows: Sequence[Row], order: Sequence[str], scopes: Sequence[str], measure_label: str
) -> Figure | None:
    """Box-style runtime distributions per model and scope on a log axis, from mart quantiles.

    Thin line: min to max; thick bar: p25 to p75; marker: median (diamond for the reference).
    Values below a floor (a tenth of the timer resolution, e.g. runtimes of 0) are drawn at the
    floor; a dashed line marks the timer resolution.
    """
    chosen = [r for r in rows if r["scope"] in scopes and r["n"]]
    if not chosen:
        return None
    resolution = chosen[0]["timer_resolution_s"]
    floor = resolution / 10
    top = max(r["max_s"] for r in chosen)
    upper = 10 ** math.ceil(math.log10(top)) if top > 0 else 1.0
    labels = {s: fmt.scope_label(s) for s in scopes}
    names = [n for n in order if any(r["display_name"] == n for r in chosen)]
    values = []
    for r in chosen:
        values.append(
            {
                "model": r["display_name"],
                "scope": labels[r["scope"]],
                "low": max(r["min_s"], floor),
                "p25": max(r["p25_s"], floor),
                "median": max(r["median_s"], floor),
                "p75": max(r["p75_s"], floor),
                "high": max(r["max_s"], floor),
                "role": REFERENCE if r["is_reference_model"] else OTHER,
                "n": r["n"],
            }
        )
    references = sorted({r["display_name"] for r in chosen if r["is_reference_model"]})
    x_scale = alt.Scale(type="log", domain=[floor, upper], nice=False, clamp=True)
    x_title = f"{measure_label} per attempt (log scale)"
    x_axis = alt.Axis(
        values=[10.0**k for k in range(round(math.log10(floor)), round(math.log10(upper)) + 1)],
        labelExpr=_seconds_label_expr(),
    )
    y = alt.Y(
        "model:N",
        sort=names,
        title=None,
        scale=alt.Scale(paddingInner=0.3, paddingOuter=0.2),
        axis=alt.Axis(labelFontWeight=_bold_labels(references)),
    )
    colour = alt.Color(
        "scope:N",
        title="Code",
        scale=alt.Scale(
            domain=list(labels.values()), range=[SCOPE_COLOURS.get(s, GREY) for s in scopes]
        ),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    base = alt.Chart(alt.Data(values=values)).encode(y=y, color=colour)
    step = 10
    layers: list[alt.Chart] = []
    for i, label in enumerate(labels.values()):
        offset = (i - (len(labels) - 1) / 2) * step
        part = base.transform_filter(alt.datum.scope == label)
        layers.append(
            part.mark_rule(strokeWidth=1.5, yOffset=offset).encode(
                x=alt.X("low:Q", scale=x_scale, title=x_title, axis=x_axis),
                x2="high:Q",
                tooltip=_RUNTIME_TOOLTIP,
            )
        )
        layers.append(
            part.mark_rule(strokeWidth=7, yOffset=offset, opacity=0.85).encode(
                x=alt.X("p25:Q", scale=x_scale, title=x_title, axis=x_axis),
                x2="p75:Q",
                tooltip=_RUNTIME_TOOLTIP,
            )
        )
        layers.append(
            part.mark_point(
                filled=True, stroke=BLACK, strokeWidth=1, opacity=1, yOffset=offset
            ).encode(
                x=alt.X("median:Q", scale=x_scale, title=x_title, axis=x_axis),
                shape=_shape(),
                size=_size(),
                tooltip=_RUNTIME_TOOLTIP,
            )
        )
    resolution_rule = (
        alt.Chart(alt.Data(values=[{"x": resolution, "label": "timer resolution"}]))
        .mark_rule(strokeDash=[5, 4], color=GREY, strokeWidth=1.2)
        .encode(x=alt.X("x:Q", scale=x_scale))
    )
    resolution_text = (
        alt.Chart(alt.Data(values=[{"x": resolution, "label": "timer resolution"}]))
        .mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontSize=11, color=GREY)
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.value(0), text="label:N")
    )
    height = max(len(names) * step * (len(labels) + 1.6), 80)
    chart = alt.layer(resolution_rule, resolution_text, *layers).properties(
        width=520,
        height=height,
        title=alt.Title(
            f"{measure_label}: {fmt.join_names(list(labels.values()))} code, per model",
            subtitle=[
                "Thin line: min to max; bar: 25th to 75th percentile; marker: median "
                "(diamond and bold label: reference model).",
                f"Values below {fmt.seconds(floor)} (including 0) are drawn at the left edge.",
            ],
        ),
    )
    alt_text = (
        f"Box-style chart of {measure_label.lower()} on a log scale for "
        f"{fmt.counted(len(names), 'model')}, {' and '.join(labels.values())} code side by side, "
        "showing minimum, quartiles, median "
        f"and maximum; the reference model ({', '.join(references) or 'none'}) has a diamond "
        "marker and a bold label; a dashed line marks the timer resolution."
    )
    return Figure(stem="runtime_distributions", alt=alt_text, chart=themed(chart))


def _seconds_label_expr() -> str:
    """Vega expression labelling powers of ten in seconds with SI units (1e-3 -> '1 ms')."""
    return (
        "datum.value >= 1 ? format(datum.value, ',') + ' s' : "
        "datum.value >= 1e-3 ? format(datum.value * 1e3, '~g') + ' ms' : "
        "datum.value >= 1e-6 ? format(datum.value * 1e6, '~g') + ' \u00b5s' : "
        "format(datum.value * 1e9, '~g') + ' ns'"
    )


def speedup_chart(rows: Sequence[Row], order: Sequence[str]) -> Figure | None:
    """Geometric-mean speedup with its interval per model, one panel per rank count.

    Solid grey line: no speedup (1\u00d7); dashed black line: ideal speedup (= ranks).
    """
    chosen = [r for r in rows if r["n"] and r["geometric_mean"] is not None]
    if not chosen:
        return None
    procs_values = sorted({r["procs"] for r in chosen})
    names = [n for n in order if any(r["display_name"] == n for r in chosen)]
    # each model's n per panel, in panel order (left to right)
    n_of = {(r["display_name"], r["procs"]): r["n"] for r in chosen}
    counts = {name: [n_of[name, p] for p in procs_values if (name, p) in n_of] for name in names}
    label_of = {n: _counted_label(n, counts[n]) for n in names}
    if len(set(label_of.values())) < len(label_of):  # two names cut alike: keep them whole
        label_of = {n: _counted_label(n, counts[n], cut=False) for n in names}
    references = sorted({label_of[r["display_name"]] for r in chosen if r["is_reference_model"]})
    highs = [r["geometric_ci_high"] or r["geometric_mean"] for r in chosen]
    x_max = min(max(max(highs) * 1.05, max(procs_values) * 1.15), max(procs_values) * 2.5)
    x_scale = alt.Scale(domain=[0, x_max], nice=False, clamp=True)
    level = fmt.level(chosen[0]["confidence_level"])
    panels = []
    for index, procs in enumerate(procs_values):
        values = [
            {
                "model": label_of[r["display_name"]],
                "full_name": r["display_name"],
                "mean": r["geometric_mean"],
                "low": r["geometric_ci_low"] if r["geometric_ci_low"] is not None else None,
                "high": r["geometric_ci_high"] if r["geometric_ci_high"] is not None else None,
                "role": REFERENCE if r["is_reference_model"] else OTHER,
                "n": r["n"],
            }
            for r in chosen
            if r["procs"] == procs
        ]
        y = alt.Y(
            "model:N",
            sort=[label_of[n] for n in names],
            title=None,
            scale=alt.Scale(domain=[label_of[n] for n in names], paddingInner=0.3),
            axis=(
                alt.Axis(
                    labelFontWeight=_bold_labels(references), labelLimit=COUNTED_LABEL_LIMIT_PX
                )
                if index == 0
                else None
            ),
        )
        x = alt.X(
            "mean:Q",
            scale=x_scale,
            title=f"Speedup T(1 rank) / T({procs} ranks)",
            axis=alt.Axis(format=".1f"),
        )
        base = alt.Chart(alt.Data(values=values)).encode(y=y)
        speedup_tooltip = [
            alt.Tooltip("full_name:N", title="Model"),
            alt.Tooltip("mean:Q", title=f"Geometric-mean speedup at {procs} ranks", format=".2f"),
            alt.Tooltip("low:Q", title="Interval low", format=".2f"),
            alt.Tooltip("high:Q", title="Interval high", format=".2f"),
            alt.Tooltip("n:Q", title="n"),
        ]
        guides = alt.Chart(
            alt.Data(
                values=[
                    {"x": 1.0, "label": "no speedup", "kind": "none"},
                    {"x": float(procs), "label": f"ideal {procs}\u00d7", "kind": "ideal"},
                ]
            )
        )
        rules = guides.mark_rule(strokeWidth=1.3).encode(
            x=alt.X("x:Q", scale=x_scale),
            color=alt.condition(alt.datum.kind == "ideal", alt.value(BLACK), alt.value(GREY)),
            strokeDash=alt.condition(
                alt.datum.kind == "ideal", alt.value([6, 4]), alt.value([1, 0])
            ),
        )
        interval = (
            base.transform_filter("isValid(datum.low)")
            .mark_rule(strokeWidth=2.5, color=BLUE)
            .encode(x=alt.X("low:Q", scale=x_scale), x2="high:Q", tooltip=speedup_tooltip)
        )
        points = base.mark_point(filled=True, color=BLUE, stroke=BLACK, strokeWidth=1).encode(
            x=x,
            shape=_shape(legend=index == 0),
            size=_size(),
            tooltip=speedup_tooltip,
        )
        panels.append(
            alt.layer(rules, interval, points).properties(
                width=260,
                height=rows_height(len(names), 26),
                title=alt.Title(f"{procs} ranks", fontSize=13),
            )
        )
    chart = alt.hconcat(*panels, spacing=16).properties(
        title=alt.Title(
            "MPI speedup of the generated code: geometric mean per model",
            subtitle=[
                f"Dot: geometric mean; bar: {level} interval (t-interval on the log scale), none "
                "when n = 1; diamond and bold label: reference model.",
                "Solid grey line: no speedup (1\u00d7); dashed black line: ideal speedup (equal to "
                "the number of ranks).",
                "n after a name: its speedups in each panel, left to right (one n when equal).",
            ],
        )
    )
    alt_text = (
        f"Dot plot of the geometric-mean MPI speedup at {' and '.join(map(str, procs_values))} "
        f"ranks for {fmt.counted(len(names), 'model')}"
        f" with {level} intervals, a solid line at 1 (no speedup) "
        "and a dashed line at the ideal speedup; the reference model "
        f"({', '.join(references) or 'none'}) is a diamond with a bold label."
    )
    return Figure(stem="speedup_by_model", alt=alt_text, chart=themed(chart))


# The speedup chart's model labels carry their counts ('<name> (n = 35/31)'), so its axis takes
# wider labels than the theme's: the usual model names are then shown whole with their counts.
COUNTED_LABEL_LIMIT_PX = LABEL_LIMIT_PX + 120
# Characters of a counted label that fit in COUNTED_LABEL_LIMIT_PX (12 px labels: about 7 px each).
AXIS_LABEL_CHARS = int(COUNTED_LABEL_LIMIT_PX // 7)


def _counted_label(name: str, counts: Sequence[int], cut: bool = True) -> str:
    """'<name> (n = 17/16)': the counts in panel order (one count when they are all equal); a long
    name is cut (with an ellipsis) so the count stays visible within the axis label limit, instead
    of Vega cutting the count off."""
    shown = counts if len(set(counts)) > 1 else list(counts)[:1]
    suffix = f" (n = {'/'.join(fmt.count(c) for c in shown)})"
    if cut and len(name) + len(suffix) > AXIS_LABEL_CHARS:
        name = short_label(name, max(AXIS_LABEL_CHARS - len(suffix), 8))
    return name + suffix


def _spread_labels(points: list[dict[str, Any]], key: str, gap: float) -> None:
    """Give each point a label position `label_y`, at least `gap` apart (greedy, in order)."""
    ordered = sorted(points, key=lambda p: (p[key], p["model"]))
    previous = None
    for point in ordered:
        position = point[key] if previous is None else max(point[key], previous + gap)
        point["label_y"] = position
        previous = position
    overflow = (ordered[-1]["label_y"] - 1.0) if ordered else 0.0
    if overflow > 0:  # shift the stack down so the top label stays inside the plot
        for point in ordered:
            point["label_y"] -= overflow


def _label_pixels(text: str) -> float:
    """Approximate width of an 11 px label (DejaVu Sans averages about 6 px a character)."""
    return label_width_px(text) + 8


def _ends(value: Mapping[str, Any]) -> tuple[float, float]:
    """Right and left end of a point's horizontal interval (the point itself without one)."""
    right = value["x_high"] if value["x_high"] is not None else value["x"]
    left = value["x_low"] if value["x_low"] is not None else value["x"]
    return right, left


def _row_ends(
    label: Mapping[str, Any], values: Sequence[Mapping[str, Any]], half_height: float
) -> tuple[float, float]:
    """Right and left end of the marks that reach a label's height (its label_y within
    `half_height`, in y units, of a point or of its vertical interval), the label's own included."""
    y = label["label_y"]
    row = [
        v
        for v in values
        if v is label or (v["pass_low"] - half_height <= y <= v["pass_high"] + half_height)
    ]
    ends = [_ends(v) for v in row]
    return max(right for right, _ in ends), min(left for _, left in ends)


def _label_domain(
    values: Sequence[Mapping[str, Any]], start: float, offset: float, width: int
) -> float:
    """The smallest x-domain end (at least `start`) where every label fits left or right."""
    domain_max = start
    for value in values:
        right, left = _ends(value)
        share = _label_pixels(value["model"]) / width
        if share >= 0.9:
            continue
        fits_right = right + offset + share * domain_max <= domain_max
        fits_left = left - offset - share * domain_max >= 0
        if not (fits_right or fits_left):
            domain_max = max(domain_max, (right + offset) / (1 - share))
    return domain_max


def generation_cost_chart(
    cost_rows: Sequence[Row], pass_intervals: Mapping[str, tuple[float | None, float | None]]
) -> Figure | None:
    """Mean response time and mean completion tokens (with t-intervals) against pass rate.

    Two panels; only models with data appear. Pass rates carry their primary interval (from
    fct_success_rates, scope all; the bounded Wilson one where the primary is flagged). Labels
    are spread vertically so they never overlap; a thin line joins a moved label to its point.
    """
    panels_spec = (
        ("response_time_s", "Mean response time (s)", "response time"),
        ("completion_tokens", "Mean completion tokens", "completion tokens"),
    )
    models = [r for r in cost_rows if r["model_name"] is not None]
    panels = []
    shown: set[str] = set()
    references: list[str] = []
    height = 300
    width = 330
    unlabelled_note = 0
    # The marker legend only when the reference model is plotted in some panel: a legend entry
    # for a marker that is not drawn would mislead.
    reference_plotted = any(
        r["is_reference_model"] and r[f"{prefix}_n"] and r[f"{prefix}_mean"] is not None
        for r in models
        for prefix, _, _ in panels_spec
    )
    for prefix, title, _ in panels_spec:
        values = []
        for r in models:
            if not r[f"{prefix}_n"] or r[f"{prefix}_mean"] is None:
                continue
            low, high = pass_intervals.get(r["model_name"], (None, None))
            values.append(
                {
                    "model": short_label(r["display_name"]),
                    "full_name": r["display_name"],
                    "x": r[f"{prefix}_mean"],
                    "x_low": r[f"{prefix}_ci_low"],
                    "x_high": r[f"{prefix}_ci_high"],
                    "pass": r["pass_rate"],
                    "pass_low": low if low is not None else r["pass_rate"],
                    "pass_high": high if high is not None else r["pass_rate"],
                    "role": REFERENCE if r["is_reference_model"] else OTHER,
                }
            )
            shown.add(r["display_name"])
            if r["is_reference_model"]:
                references.append(r["display_name"])
        if not values:
            continue
        # Many models: label the reference and the MAX_SCATTER_LABELS best by pass rate only
        # (the others keep their marker and tooltip), so labels stay inside the plot.
        ranked = sorted(values, key=lambda v: (v["role"] != REFERENCE, -(v["pass"] or 0)))
        labelled = ranked[: MAX_SCATTER_LABELS + (1 if values[0]["role"] == REFERENCE else 0)]
        labelled = [v for v in ranked if v in labelled]
        if len(labelled) < len(values):
            unlabelled_note = max(unlabelled_note, len(labelled))
        for v in values:
            v["labelled"] = any(v is w for w in labelled)
        _spread_labels(labelled, "pass", gap=15 / height)
        x_max = max(v["x_high"] if v["x_high"] is not None else v["x"] for v in values)
        offset = x_max * 0.04
        # A label sits beside every mark of its row (the points and bars that reach its height),
        # not only its own, so it never covers another model's point or interval.
        rows = [_row_ends(v, values, 8 / height) for v in labelled]
        domain_max = _label_domain(
            [{"model": v["model"], "x": v["x"], "x_high": right, "x_low": left}
             for v, (right, left) in zip(labelled, rows, strict=True)],
            x_max * 1.45, offset, width,
        )  # fmt: skip
        units_per_pixel = domain_max / width
        for v, (right_end, left_end) in zip(labelled, rows, strict=True):
            # right of the row's marks if it fits in the panel, else left of them
            label_width = _label_pixels(v["model"]) * units_per_pixel
            fits_right = right_end + offset + label_width <= domain_max
            v["side"] = "right" if fits_right or left_end - offset - label_width < 0 else "left"
            v["label_x"] = right_end + offset if v["side"] == "right" else left_end - offset
        x_scale = alt.Scale(domain=[0, domain_max], nice=False)
        y_scale = alt.Scale(domain=[0, 1], nice=False)
        base = alt.Chart(alt.Data(values=values))
        y = alt.Y("pass:Q", scale=y_scale, title="Pass rate", axis=alt.Axis(format="%"))
        x = alt.X("x:Q", scale=x_scale, title=title)
        x_bars = (
            base.transform_filter("isValid(datum.x_low)")
            .mark_rule(color=BLUE, strokeWidth=2)
            .encode(x=alt.X("x_low:Q", scale=x_scale, title=title), x2="x_high:Q", y=y)
        )
        y_bars = base.mark_rule(color=ORANGE, strokeWidth=2).encode(
            x=x, y=alt.Y("pass_low:Q", scale=y_scale, title="Pass rate"), y2="pass_high:Q"
        )
        points = base.mark_point(filled=True, color=BLACK, opacity=1).encode(
            x=x,
            y=y,
            shape=_shape(legend=not panels and reference_plotted),
            size=_size(),
            tooltip=[
                alt.Tooltip("full_name:N", title="Model"),
                alt.Tooltip("x:Q", title=title, format=",.3~g"),
                alt.Tooltip("pass:Q", title="Pass rate", format=".1%"),
            ],
        )
        leaders = (
            base.transform_filter(alt.datum.labelled)
            .mark_rule(color="#999999", strokeWidth=0.8)
            .encode(
                x=alt.X("x:Q", scale=x_scale),
                y=y,
                x2=alt.X2("label_x:Q"),
                y2=alt.Y2("label_y:Q"),
            )
        )
        texts = [
            base.transform_filter(
                alt.datum.labelled & (alt.datum.role == role) & (alt.datum.side == side)
            )
            .mark_text(
                align="right" if side == "left" else "left",
                baseline="middle",
                dx=-3 if side == "left" else 3,
                fontSize=11,
                fontWeight=weight,
            )
            .encode(
                x=alt.X("label_x:Q", scale=x_scale),
                y=alt.Y("label_y:Q", scale=y_scale),
                text="model:N",
            )
            for role, weight in ((REFERENCE, "bold"), (OTHER, "normal"))
            for side in ("left", "right")
        ]
        panels.append(
            alt.layer(x_bars, y_bars, leaders, points, *texts).properties(
                width=width, height=height
            )
        )
    if not panels:
        return None
    reference_note = (
        "diamond and bold label: reference model"
        if references
        else "the reference model has no such data and does not appear"
    )
    label_note = (
        [
            f"Only the {unlabelled_note} models with the highest pass rate are labelled; the HTML "
            "report's tooltips name the others."
        ]
        if unlabelled_note
        else []
    )
    chart = alt.hconcat(*panels, spacing=24).properties(
        title=alt.Title(
            "Generation cost against pass rate, per model",
            subtitle=[
                "Blue bar: t-interval of the mean; orange bar: primary interval of the pass rate; "
                "models without data are not shown;",
                f"{reference_note}.",
                *label_note,
            ],
        )
    )
    alt_text = (
        f"Two scatter plots of pass rate against mean response time and mean completion tokens "
        f"for the {fmt.counted(len(shown), 'model')} with such data, with intervals on both axes; "
        f"{reference_note}."
    )
    return Figure(stem="generation_cost_vs_pass", alt=alt_text, chart=themed(chart))
