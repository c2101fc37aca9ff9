"""Charts: one function per chart, PNG (scale 2) and SVG saved deterministically; the shared theme
is reporting.chart_theme.

Data reach Altair as plain dicts (`alt.Data(values=...)`), so neither pandas nor pyarrow is needed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import vl_convert

from reporting import formatting as fmt
from reporting import rate_intervals
from reporting.atomic import write_atomic
from reporting.chart_theme import BLACK, BLUE, ORANGE, themed
from reporting.marts import SuccessRate
from reporting.tables import NOT_IN_REGISTRY, SIZE_BANDS, models_in, sort_by_rate


@dataclass(frozen=True)
class Figure:
    """A chart to be written as figures/<stem>.png and .svg, with its alt text."""

    stem: str
    alt: str
    chart: alt.TopLevelMixin


#: Significant digits kept for every number in a chart's spec. DuckDB sums in parallel, so two
#: builds of one input can differ in the last bits of a mean (55.83612540340249 vs
#: 55.836125403402505); rounding makes PNG, SVG and HTML byte-identical across builds.
SPEC_SIGNIFICANT_DIGITS = 12


def _rounded(value: object) -> object:
    """`value` with every float rounded to SPEC_SIGNIFICANT_DIGITS significant digits."""
    if isinstance(value, float):
        return float(f"{value:.{SPEC_SIGNIFICANT_DIGITS}g}")
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def spec_json(figure: Figure) -> str:
    """The chart's Vega-Lite spec as JSON, serialised without Altair's JSON-schema validation
    (which cost about half of the render time with a hundred models), every float rounded to
    SPEC_SIGNIFICANT_DIGITS significant digits so the figures do not depend on summation order."""
    spec = figure.chart.to_dict(validate=False)
    return json.dumps(_rounded(spec), indent=2)


def save(figure: Figure, figures_dir: Path, spec: str | None = None) -> dict[str, str]:
    """Write PNG (scale 2) and SVG atomically; return the relative paths for the report.

    The chart is serialised once (or `spec`, from `spec_json`, is used); vl-convert draws it once as
    SVG, offline and byte-for-byte reproducible, and rasterises that SVG for the PNG (the same bytes
    as `vegalite_to_png`, which draws the SVG again first: this halves the time spent in Vega).
    """
    figures_dir.mkdir(parents=True, exist_ok=True)
    spec = spec if spec is not None else spec_json(figure)
    svg = vl_convert.vegalite_to_svg(spec)
    renderings = (
        ("png", vl_convert.svg_to_png(svg, scale=2)),
        ("svg", svg.encode("utf-8")),
    )
    written: dict[str, str] = {}
    for extension, content in renderings:
        target = figures_dir / f"{figure.stem}.{extension}"
        write_atomic(target, content)
        written[extension] = f"{figures_dir.name}/{target.name}"
    return written


def success_rate_chart(
    rates: Sequence[SuccessRate], metrics: Sequence[str] = ("build", "pass"), scope: str = "all"
) -> Figure | None:
    """Rate by model with primary intervals (bounded Wilson where flagged), one panel per
    peer group, the reference marked.

    Panels are the size bands (fct_success_rates.size_band). The reference model appears in every
    panel as the point of comparison, in black with a
    diamond marker and a bold label; metrics differ in colour (blue/orange) and vertical offset.
    """
    rows = [
        r for r in rates if r["scope"] == scope and r["metric"] in metrics and r["rate"] is not None
    ]
    if not rows:
        return None
    metric_labels = {m: fmt.metric_label(m) for m in metrics}
    sort_metric = metrics[-1]
    models = sort_by_rate(
        models_in(rows),
        {r["model_name"]: r["rate"] for r in rows if r["metric"] == sort_metric},
    )
    order = [m.display_name for m in models]
    level = fmt.level(rows[0]["confidence_level"])
    # a model without a band is not in the registry: one panel, one title, whichever way it says so
    unregistered = NOT_IN_REGISTRY
    panels = [
        (band, "Not in registry" if band == unregistered else f"Peer group {fmt.size_band(band)}")
        for band in SIZE_BANDS
        if any((m.peer_group or unregistered) == band for m in models)
    ]

    values = []
    for group, title in panels:
        for r in rows:
            if (r.get("size_band") or unregistered) == group or r["is_reference_model"]:
                values.append(
                    {
                        "panel": title,
                        "model": r["display_name"],
                        "metric": metric_labels[r["metric"]],
                        "rate": r["rate"],
                        "low": rate_intervals.printed_bounds(r)[0],
                        "high": rate_intervals.printed_bounds(r)[1],
                        "role": "Reference model" if r["is_reference_model"] else "Other models",
                        "label": fmt.percent(r["rate"]),
                        "n": r["n"],
                    }
                )
    references = sorted({r["display_name"] for r in rows if r["is_reference_model"]})
    bold_test = " || ".join(f"datum.value === {json.dumps(name)}" for name in references) or "false"

    colour = alt.Color(
        "metric:N",
        title="Metric",
        scale=alt.Scale(domain=list(metric_labels.values()), range=[BLUE, ORANGE][: len(metrics)]),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    y = alt.Y(
        "model:N",
        sort=order,
        title=None,
        scale=alt.Scale(paddingInner=0.25, paddingOuter=0.2),
        axis=alt.Axis(labelFontWeight=alt.ExprRef(expr=f"({bold_test}) ? 'bold' : 'normal'")),
    )
    x_scale = alt.Scale(domain=[0, 1], nice=False, clamp=True)
    x_title = f"Rate (point: estimate; bar: {level} {rate_intervals.CHART_INTERVAL})"
    base = alt.Chart(alt.Data(values=values)).encode(y=y, color=colour)
    layers = []
    step = 9
    for i, label in enumerate(metric_labels.values()):
        offset = (i - (len(metric_labels) - 1) / 2) * step
        chosen = base.transform_filter(alt.datum.metric == label)
        layers.append(
            chosen.mark_rule(strokeWidth=2.5, yOffset=offset).encode(
                x=alt.X(
                    "low:Q", scale=x_scale, title=x_title, axis=alt.Axis(format="%", tickCount=5)
                ),
                x2="high:Q",
                tooltip=["model:N", "metric:N", "label:N", "n:Q"],
            )
        )
        layers.append(
            chosen.mark_point(
                filled=True, stroke=BLACK, strokeWidth=0.8, opacity=1, yOffset=offset
            ).encode(
                x=alt.X("rate:Q", scale=x_scale, title=x_title),
                shape=alt.Shape(
                    "role:N",
                    title="Marker",
                    scale=alt.Scale(
                        domain=["Reference model", "Other models"], range=["diamond", "circle"]
                    ),
                    legend=alt.Legend(orient="top", direction="horizontal"),
                ),
                size=alt.condition(
                    alt.datum.role == "Reference model", alt.value(150), alt.value(70)
                ),
                tooltip=["model:N", "metric:N", "label:N", "n:Q"],
            )
        )
    # Each panel's height follows its own row count (a step per model on its independent y
    # scale), so a two-model size band is not drawn as tall as the largest band.
    layered = alt.layer(*layers).properties(
        width=440, height=alt.Step(step * (len(metric_labels) + 1.5))
    )
    heading = " and ".join(metric_labels.values())
    chart = (
        layered.facet(
            row=alt.Row(
                "panel:N",
                sort=[title for _, title in panels],
                title=None,
                header=alt.Header(
                    labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top"
                ),
            ),
        )
        .resolve_scale(y="independent")
        .properties(
            title=alt.Title(
                f"{heading.capitalize()} rate by model, {fmt.scope_label(scope).lower()}",
                subtitle="Panels: peer group by size; sorted by "
                f"{metric_labels[sort_metric].lower()}; the reference model is the diamond with "
                "a bold label, in every panel",
            )
        )
    )
    alt_text = (
        f"Dot plot of {' and '.join(v.lower() for v in metric_labels.values())} rate for "
        f"{fmt.counted(len(models), 'model')}"
        f" with {level} primary intervals (cluster-robust t; bounded "
        f"Wilson where flagged), in panels by peer group; the "
        f"reference model ({', '.join(references) or 'none'}) is drawn as a diamond with a bold "
        "label."
    )
    return Figure(stem="success_rates_by_model", alt=alt_text, chart=themed(chart))
