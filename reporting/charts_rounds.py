"""Charts of the round comparison (section "Changes since the baseline")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from reporting import chart_theme, charts

DECISION_COLOURS: dict[str, str] = {
    "improved": chart_theme.BLUE,
    "regressed": chart_theme.ORANGE,
    "not significant after Holm": chart_theme.GREY,
    "no detectable change": "#999999",
    "unchanged": chart_theme.BLACK,
    "not testable": chart_theme.GREY,
}


def round_slope_chart(
    rows: Sequence[Mapping[str, Any]],
    decisions: Mapping[str, str],
    level: str,
    metric_label: str,
) -> charts.Figure | None:
    """One small slope chart per model: its rate in the baseline and now, on the shared problems.

    `rows` are fct_round_comparisons rows of one (scope, metric); `decisions` maps model_name to
    the decision its sentence states (improved, regressed, ...), which colours the line. The bar at
    the current point is the paired interval of the change, drawn from the baseline rate
    (baseline_rate + [ci_low, ci_high]): where it crosses the baseline level (grey tick), the
    change is not distinguishable from 0. Per-round intervals are not drawn: their overlap says
    nothing about a paired change.
    """
    usable = [r for r in rows if r["rate"] is not None and r["baseline_rate"] is not None]
    if not usable:
        return None
    values: list[dict[str, Any]] = []
    for r in usable:
        decision = decisions.get(r["model_name"], "not testable")
        common = {"model": r["model_name"], "decision": decision}
        values.append({**common, "round": "Baseline", "rate": r["baseline_rate"]})
        low = r["baseline_rate"] + r["ci_low"] if r["ci_low"] is not None else None
        high = r["baseline_rate"] + r["ci_high"] if r["ci_high"] is not None else None
        values.append(
            {
                **common,
                "round": "Current",
                "rate": r["rate"],
                "low": low,
                "high": high,
                "baseline": r["baseline_rate"],
            }
        )
    present = [d for d in DECISION_COLOURS if d in {v["decision"] for v in values}]
    colour = alt.Color(
        "decision:N",
        title="Change",
        scale=alt.Scale(domain=present, range=[DECISION_COLOURS[d] for d in present]),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    x = alt.X(
        "round:N",
        sort=["Baseline", "Current"],
        title=None,
        scale=alt.Scale(padding=0.35),
        axis=alt.Axis(labelAngle=0),
    )
    y_scale = alt.Scale(domain=[0, 1], nice=False, clamp=True)
    y = alt.Y("rate:Q", scale=y_scale, title=metric_label, axis=alt.Axis(format="%", tickCount=5))
    base = alt.Chart().encode(x=x)
    line = base.mark_line(strokeWidth=2.5).encode(y=y, color=colour, detail="model:N")
    points = base.mark_point(
        filled=True, size=70, opacity=1, stroke=chart_theme.BLACK, strokeWidth=0.6
    ).encode(y=y, color=colour)
    current = base.transform_filter(alt.datum.round == "Current")
    reference = current.mark_tick(color=chart_theme.GREY, thickness=1.5, size=40).encode(
        y=alt.Y("baseline:Q", scale=y_scale)
    )
    bars = current.mark_rule(strokeWidth=2).encode(
        y=alt.Y("low:Q", scale=y_scale), y2="high:Q", color=colour
    )
    faceted = (
        alt.layer(line, reference, bars, points, data=alt.Data(values=values))
        .properties(width=150, height=170)
        .facet(
            facet=alt.Facet("model:N", title=None, sort=[r["model_name"] for r in usable]),
            columns=4,
        )
        .properties(
            title=alt.TitleParams(
                f"{metric_label}: baseline → current, on the problems both rounds share",
                subtitle=(
                    f"Bar: {level} paired interval of the change, drawn from the baseline rate "
                    "(grey tick); a bar crossing the tick is a change not distinguishable from 0."
                ),
            )
        )
    )
    names = ", ".join(r["model_name"] for r in usable)
    return charts.Figure(
        stem="round_changes",
        alt=(
            f"Slope chart per model ({names}): {metric_label} in the baseline and now on the "
            f"problems both rounds share, with the {level} paired interval of the change drawn "
            "from the baseline rate."
        ),
        chart=chart_theme.themed(faceted),
    )
