"""Section 1, performance analysis results: 1.1 overall performance."""

from __future__ import annotations

from reporting import charts, narrative, tables
from reporting import formatting as fmt
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = ()


OVERALL_METRICS: tuple[tuple[str, str, str], ...] = (
    ("build", "Build success rate", "n is the number of generated attempts."),
    (
        "valid_given_build",
        "Validation success rate among built code",
        "n is the number of attempts that built; a dash marks a scope in which a model built "
        "nothing, so the rate is undefined.",
    ),
    ("pass", "Pass@1 (built and validated)", "n is the number of generated attempts."),
)


def overall_performance_context(data: MartData) -> Context:
    rates = data.success_rates
    levels = sorted({r["confidence_level"] for r in rates if r["confidence_level"] is not None})
    card_level = data.dataset_card["confidence_level"]
    confidence = levels[0] if len(levels) == 1 else card_level
    level = fmt.level(confidence)
    alpha = "1 minus the confidence level" if confidence is None else f"{1 - confidence:.3g}"
    references = [fmt.md_escape(name) for name in tables.reference_display_names(rates)]
    metrics_present = {r["metric"] for r in rates}
    metrics = [
        {
            "key": key,
            "title": heading,
            "n_note": n_note,
            "views": tables.rate_views(rates, key),
            "highest": narrative.highest_rate(rates, key),
        }
        for key, heading, n_note in OVERALL_METRICS
        if key in metrics_present
    ]
    return {
        "level": level,
        "alpha": alpha,
        "references": references,
        "scopes": [fmt.scope_label(s) for s in tables.ordered_scopes(r["scope"] for r in rates)],
        "unassigned": tables.unassigned_models(rates),
        "metrics": metrics,
    }


def overall_performance_figures(data: MartData) -> list[charts.Figure]:
    figure = charts.success_rate_chart(data.success_rates)
    return [figure] if figure else []


SECTIONS: tuple[Section, ...] = (
    Section(
        "overall_performance",
        "sections/overall_performance.md.j2",
        overall_performance_context,
        overall_performance_figures,
    ),
)
