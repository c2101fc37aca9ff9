"""Chart of the ParEval metrics section: strong-scaling curves from fct_scaling_curves.

One panel per execution model (ParEval's names), log-log axes: resources (threads, processes or
processes x threads) against the geometric-mean speedup over the same code on 1 resource, with
its interval as an error bar and the ideal line (speedup = resources) dashed. The reference model
is drawn in black on top, with a thicker line and diamond markers, and labelled "(reference)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from reporting import formatting as fmt
from reporting.chart_theme import BLACK, GREY, LABEL_LIMIT_PX, PALETTE, themed
from reporting.charts import Figure

Row = dict[str, Any]

REFERENCE_SUFFIX = " (reference)"
#: Panel order: ParEval's order of its execution models.
PANEL_ORDER = ("omp", "mpi", "mpi+omp", "kokkos")
RESOURCE_AXIS = {"omp": "threads", "kokkos": "threads", "mpi": "processes",
                 "mpi+omp": "processes × threads"}  # fmt: skip


def scaling_curves_chart(
    curves: Sequence[Row],
    names: Mapping[str, tuple[str, bool]],
    models: Sequence[str] | None = None,
) -> Figure | None:
    """Log-log speedup against resources, one panel per execution model; None without curves.

    `names` maps model_name to (display name, is reference); `models` (default: every model)
    are the models drawn, in legend order. The reference is drawn in black on top of the others,
    which take one palette colour each."""
    points = [r for r in curves if r["geometric_mean_speedup"] and r["resources"]]
    if models is not None:
        rank = {m: i for i, m in enumerate(models)}
        points = sorted(
            (r for r in points if r["model_name"] in rank),
            key=lambda r: (rank[r["model_name"]], r["parallelism_model"], r["resources"]),
        )
    if not points:
        return None
    present = [em for em in PANEL_ORDER if any(r["parallelism_model"] == em for r in points)]
    labels = []
    rows: list[Row] = []
    for r in points:
        display, is_reference = names.get(r["model_name"], (r["model_name"], False))
        label = display + (REFERENCE_SUFFIX if is_reference else "")
        if label not in labels:
            labels.append(label)
        rows.append(
            {
                "panel": fmt.parallelism_model_name(r["parallelism_model"]),
                "model": label,
                "reference": bool(is_reference),
                "resources": r["resources"],
                "speedup": r["geometric_mean_speedup"],
                "low": r["ci_low"] if r["ci_low"] is not None else r["geometric_mean_speedup"],
                "high": r["ci_high"] if r["ci_high"] is not None else r["geometric_mean_speedup"],
                "n_problems": r["n_problems"],
                "ideal": False,
            }
        )
    rows.sort(key=lambda r: r["reference"])  # stable: the reference's marks drawn last, on top
    max_resources = max(r["resources"] for r in rows)
    ideal = [
        {"panel": fmt.parallelism_model_name(em), "resources": n, "speedup": n, "ideal": True}
        for em in present
        for n in sorted(
            {1, max(r["resources"] for r in rows if r["panel"] == fmt.parallelism_model_name(em))}
        )
    ]
    x = alt.X(
        "resources:Q",
        scale=alt.Scale(type="log", base=2),
        title="Resources (log scale)",
        # every power of two up to the largest count, the last one labelled too: vega's overlap
        # pass would drop the edge label and its default flush would push it onto its neighbour
        # (the panels are wide enough for ten centred labels)
        axis=alt.Axis(
            values=[2**i for i in range(0, max_resources.bit_length())],
            labelOverlap=False,
            labelFlush=False,
        ),
    )
    y = alt.Y("speedup:Q", scale=alt.Scale(type="log"), title="Speedup over 1 resource (log scale)")
    reference_labels = {r["model"] for r in rows if r["reference"]}
    others = iter(list(PALETTE) * (len(labels) // len(PALETTE) + 1))
    colour = alt.Color(
        "model:N",
        title="Model",
        sort=labels,
        scale=alt.Scale(
            domain=labels,
            range=[BLACK if label in reference_labels else next(others) for label in labels],
        ),
        legend=alt.Legend(symbolLimit=0, labelLimit=LABEL_LIMIT_PX),
    )
    base = alt.Chart().transform_filter("!datum.ideal")
    lines = base.mark_line().encode(
        x=x,
        y=y,
        color=colour,
        strokeWidth=alt.condition("datum.reference", alt.value(3.2), alt.value(1.6)),
    )
    dots = base.mark_point(filled=True, size=55).encode(
        x=x,
        y=y,
        color=colour,
        shape=alt.condition("datum.reference", alt.value("diamond"), alt.value("circle")),
        tooltip=[
            "model:N",
            "resources:Q",
            alt.Tooltip("speedup:Q", format=".2f"),
            alt.Tooltip("low:Q", format=".2f"),
            alt.Tooltip("high:Q", format=".2f"),
            "n_problems:Q",
        ],
    )
    bars = base.mark_rule(opacity=0.6).encode(x=x, y="low:Q", y2="high:Q", color=colour)
    ideal_line = (
        alt.Chart()
        .transform_filter("datum.ideal")
        .mark_line(color=GREY, strokeDash=[5, 4], strokeWidth=1.2)
        .encode(x=x, y=y)
    )
    panels = [fmt.parallelism_model_name(em) for em in present]
    chart = (
        alt.layer(ideal_line, bars, lines, dots, data=alt.Data(values=rows + ideal))
        .properties(width=320, height=220)
        .facet(facet=alt.Facet("panel:N", title=None, sort=panels), columns=min(len(panels), 2))
        .resolve_scale(x="independent")
        .properties(title="Speedup against resources (dashed: ideal, speedup = resources)")
    )
    described = ", ".join(
        f"{p} ({RESOURCE_AXIS[em]})" for p, em in zip(panels, present, strict=True)
    )
    noun = "model" if len(labels) == 1 else "models"
    alt_text = (
        "Log-log line chart of the geometric-mean speedup over the same code on 1 resource "
        f"against the resources, one panel per execution model: {described}; {len(labels)} "
        f"{noun}, error bars are the intervals over problems, a dashed line marks ideal scaling; "
        "the reference model is black with diamond markers and a thick line."
    )
    return Figure("pareval_scaling_curves", alt_text, themed(chart))
