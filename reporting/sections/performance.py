"""Section 1, performance analysis results: 1.1 overall performance, tiers and pass@k."""

from __future__ import annotations

from reporting import charts, charts_statistics, ranks, rate_intervals, tables
from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

PAIRWISE = ranks.PAIRWISE
TIERS = ranks.TIERS
PASS_AT_K = MartSpec("fct_pass_at_k", order_by="model_name, scope, k")
COVERAGE = MartSpec("fct_model_coverage", order_by="model_name, scope", required=False)

MARTS: tuple[MartSpec, ...] = (*ranks.MARTS, PASS_AT_K, COVERAGE)


def partial_models(data: MartData, scope: str = "all") -> set[str]:
    """model_name of every model below full coverage in the scope (fct_model_coverage)."""
    return {
        r["model_name"]
        for r in data.tables.get(COVERAGE.name, [])
        if r["scope"] == scope and not r["is_full_coverage"]
    }


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


def _reference_names(data: MartData) -> set[str]:
    return {r["model_name"] for r in data.success_rates if r["is_reference_model"]}


def tier_context(data: MartData) -> Context:
    """The tier table (pass@1, combined), the per-paradigm table, their sentences and the α."""
    tiers = ranks.tier_rows(data)
    references = _reference_names(data)
    rows = []
    for t in tiers:
        model = ranks.model_label(t)
        rows.append(
            (
                fmt.count(t["tier"]),
                fmt.bold(model) if t["model_name"] in references else model,
                ranks.rate_interval(t),
                fmt.text(t["letters"]),
                f"{fmt.count(t['point_rank'])} [{ranks.rank_interval(t)}]",
                ranks.coverage(t),
            )
        )
    family = tiers[0]["n_models"] * (tiers[0]["n_models"] - 1) // 2 if tiers else None
    tests = next(
        (
            r["n_comparisons"]
            for r in data.tables.get(PAIRWISE.name, [])
            if r["scope"] == "all" and r["metric"] == "pass"
        ),
        None,
    )
    level = tiers[0]["confidence_level"] if tiers else data.dataset_card["confidence_level"]
    return {
        "table": tables.TableView(
            title="Performance tiers (pass@1, combined)",
            headers=(
                "Tier",
                "Model",
                "Pass@1 [t-interval over problems]",
                "Letters",
                f"Rank [{fmt.level(level)} bootstrap interval]",
                "Coverage (problems)",
            ),
            rows=tuple(rows),
        )
        if rows
        else None,
        "paradigms": paradigm_table(data, level),
        "order_differs": fmt.join_names(
            [
                fmt.md_escape(fmt.scope_label(s))
                for s in ranks.orders_differ(data, [t["model_name"] for t in tiers])
            ]
        ),
        "alpha": fmt.p_value(ns.alpha(level)),
        "family": fmt.count(tests) if tests is not None else None,
        "pairs": fmt.count(family) if family is not None else None,
        "summary": ns.tier_summary(tiers),
        "non_monotone": ns.tier_non_monotone(tiers),
        "subset": ranks.subset_note(data),
        "resamples": fmt.count(ranks.bootstrap(data)[0]),
        "seed": fmt.text(ranks.bootstrap(data)[1]),
    }


def paradigm_table(data: MartData, level: float | None) -> tables.TableView | None:
    """Tier, letters and rank interval of every tiered model in each scope (pass@1)."""
    scopes = ranks.tier_scopes(data)
    if len(scopes) < 2:
        return None
    cells = {(r["model_name"], s): r for s in scopes for r in ranks.tier_rows(data, s)}
    combined = ranks.tier_rows(data)
    references = _reference_names(data)
    body = []
    for t in combined:
        model = ranks.model_label(t)
        line = [fmt.bold(model) if t["model_name"] in references else model]
        for s in scopes:
            r = cells.get((t["model_name"], s))
            line.append(
                fmt.DASH
                if r is None
                else (
                    f"{fmt.percent(r['rate'])} · tier {fmt.count(r['tier'])}/"
                    f"{fmt.count(r['n_tiers'])} · {r['letters']} · rank "
                    f"{ranks.rank_interval(r)}" + ("" if r["is_full_coverage"] else " · partial")
                )
            )
        body.append(tuple(line))
    return tables.TableView(
        title=(
            f"Pass@1 by parallelism model: rate · tier · letters · {fmt.level(level)} rank interval"
        ),
        headers=("Model", *[fmt.scope_label(s) for s in scopes]),
        rows=tuple(body),
    )


def pass_at_k_context(data: MartData) -> Context:
    """pass@k by model (scope 'all') and whether k > 1 is estimable."""
    rows = [r for r in data.tables.get(PASS_AT_K.name, []) if r["scope"] == "all"]
    if not rows:
        return {"table": None, "single_sample": None, "ks": []}
    ks = sorted({r["k"] for r in rows})
    cell = {(r["model_name"], r["k"]): r for r in rows}
    models = {r["model_name"]: r for r in rows}
    rate_of = {m: cell[(m, 1)]["pass_at_k"] if (m, 1) in cell else None for m in models}
    ordered = sorted(
        models.values(), key=lambda r: (-(rate_of[r["model_name"]] or 0), r["display_name"])
    )
    body = []
    for r in ordered:
        model = fmt.md_escape(r["display_name"])
        cells = [fmt.bold(model) if r["is_reference_model"] else model]
        for k in ks:
            row = cell.get((r["model_name"], k))
            cells.append(
                fmt.DASH if row is None else rate_intervals.rate_estimate(row, "pass_at_k")
            )
        samples = (r["samples_per_problem"], r["max_samples_per_problem"])
        cells.append(
            fmt.count(samples[0])
            if samples[0] == samples[1]
            else f"{fmt.count(samples[0])}–{fmt.count(samples[1])}"
        )
        cells.append(fmt.count(r["n_clusters"]))
        body.append(tuple(cells))
    max_samples = max(r["max_samples_per_problem"] for r in rows)
    return {
        "table": tables.TableView(
            title="pass@k by model (combined; primary interval, † bounded)",
            headers=(
                "Model",
                *[f"pass@{k}" for k in ks],
                "Samples per prompt",
                "Problems (clusters)",
            ),
            rows=tuple(body),
        ),
        "single_sample": max_samples == 1,
        "ks": [fmt.count(k) for k in ks],
        "max_samples": fmt.count(max_samples),
    }


def overall_performance_context(data: MartData) -> Context:
    rates = data.success_rates
    pairwise = data.tables.get(PAIRWISE.name, [])
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
            "views": tables.rate_views(rates, key, partial_models(data)),
            "highest": ns.leader_sentence(rates, pairwise, key),
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
        "partial": sorted(
            fmt.md_escape(m.display_name)
            for m in tables.models_in(rates)
            if m.model_name in partial_models(data)
        ),
        "metrics": metrics,
        "tiers": tier_context(data),
        "pass_at_k": pass_at_k_context(data),
    }


def overall_performance_figures(data: MartData) -> list[charts.Figure]:
    figures = [charts.success_rate_chart(data.success_rates)]
    figures.append(charts_statistics.tier_chart(ranks.tier_rows(data), _reference_names(data)))
    return [f for f in figures if f is not None]


SECTIONS: tuple[Section, ...] = (
    Section(
        "overall_performance",
        "sections/overall_performance.md.j2",
        overall_performance_context,
        overall_performance_figures,
    ),
)
