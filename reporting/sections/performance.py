"""Section 1, performance analysis results: 1.1 overall performance, tiers and pass@k."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import charts, charts_statistics, ranks, rate_intervals, tables
from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec
from reporting.narrative_statistics import name
from reporting.sections.base import Context, Section

Row = Mapping[str, Any]

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
        "summary": tier_summary(tiers),
        "non_monotone": tier_non_monotone(tiers),
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
            "highest": leader_sentence(rates, pairwise, key),
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


# Sentence rules -------------------------------------------------------------------------------


_TIE = 1e-12


def wilson(row: Row) -> str:
    """A rate with its primary interval (the bounded Wilson one, marked †, where it is flagged).
    Rows without a ci_status (tier rows) print their own Wilson columns."""
    if "ci_status" in row:
        return rate_intervals.rate_estimate(row)
    return fmt.rate_with_interval(row["rate"], row["wilson_low"], row["wilson_high"])


def leader_sentence(
    rates: Sequence[Row], pairwise: Sequence[Row], metric: str, scope: str = "all"
) -> str | None:
    """Name the model with the highest rate and say whether the next one differs significantly.

    Rule: sort by rate; ties at the top are reported as ties. Otherwise look up the paired test
    of the top two in the all-pairs family (fct_pairwise_comparisons; ranks.separation words it):
    Holm-significant → "significantly different" with the interval at the deciding Holm step;
    unadjusted interval excludes 0 but Holm does not reject → "not separable after Holm over N
    pairs" (never "within sampling noise"); unadjusted interval includes 0 → "not
    distinguishable ... within sampling noise". Where the marts hold no paired test
    (valid_given_build, or a model outside int_pairwise_models), the sentence says the order is
    a point-estimate order. Finally: how many of the other models the leader is significantly
    above.
    """
    candidates = sorted(
        (
            r
            for r in rates
            if r["metric"] == metric and r["scope"] == scope and r["rate"] is not None
        ),
        key=lambda r: (-r["rate"], r["display_name"]),
    )
    if not candidates:
        return None
    label = fmt.metric_label(metric)
    top = candidates[0]
    tied = [r for r in candidates if abs(r["rate"] - top["rate"]) <= _TIE]
    if len(candidates) == 1:
        return f"{name(top)} is the only model with a {label} estimate: {wilson(top)}."
    if len(tied) > 1:
        return (
            f"{join([name(r) for r in tied])} share the highest {label}, "
            f"{fmt.percent(top['rate'])}."
        )
    runner = candidates[1]
    opening = (
        f"{name(top)} has the highest {label}, {wilson(top)}; the next is {name(runner)}, "
        f"{wilson(runner)}."
    )
    index = ranks.pair_index(pairwise, scope)
    test = index.get((top["model_name"], runner["model_name"], metric))
    level = top["confidence_level"]
    if test is None:
        return (
            f"{opening} The marts hold no paired test of {label} between these models (the "
            "all-pairs family covers build and pass, and only the models of "
            "`int_pairwise_models`), so this is an ordering of point estimates only; the "
            "intervals show how far apart the models may really be."
        )
    detail = ranks.separation(test, level)
    if test["significant"]:
        sentence = f"{opening} On the problems both answered the two are {detail}."
    elif test["p_value"] is not None and (test["ci_low"] > 0 or test["ci_high"] < 0):
        sentence = (
            f"{opening} On the problems both answered the two are {detail}: the difference is "
            "unlikely to be chance on its own, but with this many pairs compared it does not "
            "survive the multiplicity correction."
        )
    elif test["p_value"] is not None:
        sentence = (
            f"{opening} On the problems both answered the two are {detail}; the difference is "
            "within sampling noise."
        )
    else:
        sentence = f"{opening} The two have {detail}."
    others = [
        r
        for r in pairwise
        if r["model_name"] == top["model_name"]
        and r["metric"] == metric
        and r["scope"] == scope
        and r["holm_p"] is not None
    ]
    above = [r for r in others if r["diff"] > 0 and r["significant"]]
    if others:
        sentence += (
            f" In the same family, {name(top)}'s {label} is significantly higher than that of "
            f"{fmt.count(len(above))} of the other {fmt.count(len(others))} models it was tested "
            "against."
        )
    return sentence


def tier_summary(tiers: Sequence[Row]) -> str | None:
    """How many tiers there are, what the number claims, and who is in tier 1.

    Tiers are separated only by clean breaks (fct_model_tiers): every model above a boundary is
    significantly better than every model below it. So the sentence says what "tier X of Y"
    claims and, for tier 1, which of its members the tests separate from its leader.
    """
    if not tiers:
        return None
    count = max(t["tier"] for t in tiers)
    first = [t for t in tiers if t["tier"] == 1]
    names = [name(t) for t in first]
    if count == 1:
        sentence = (
            f"The tests place all {fmt.count(len(tiers))} models in one tier: no boundary exists "
            "at which every model above it is significantly better than every model below it, so "
            "no tier number would be supported; the letters and rank intervals show which pairs "
            "the tests do separate."
        )
    else:
        sentence = (
            f"The {fmt.count(len(tiers))} models fall into {fmt.count(count)} tiers; every model "
            "of a better tier is significantly better than every model of a worse tier (Holm, "
            "all-pairs family), while models of the same tier may or may not differ. "
        )
        if len(first) == 1:
            sentence += f"Tier 1 holds {names[0]} alone."
        else:
            sentence += f"Tier 1 holds {join(names)}."
    leader = first[0]
    apart = [t for t in first[1:] if not set(t["letters"] or "") & set(leader["letters"] or "")]
    if apart:
        sentence += (
            f" Within tier 1, {join([name(t) for t in apart])} "
            f"{'shares' if len(apart) == 1 else 'share'} no letter with {name(leader)}: the "
            "tests separate them, but the chain of unseparated models between them leaves no "
            "clean boundary."
        )
    return sentence


def tier_non_monotone(tiers: Sequence[Row]) -> str | None:
    """Flag models ranked on fewer problems than the others (partial coverage)."""
    partial = [t for t in tiers if not t["is_full_coverage"]]
    if not partial:
        return None
    details = [
        f"{name(t)} ({fmt.count(t['n_problems'])} of {fmt.count(t['n_family_problems'])} problems)"
        for t in partial
    ]
    return (
        f"{join(details)} {'has' if len(partial) == 1 else 'have'} partial coverage: "
        f"{'its rate and rank rest' if len(partial) == 1 else 'their rates and ranks rest'} on "
        "the problems answered only, the paired tests on the shared problems only, and within "
        "a tier the models with full coverage are listed first."
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "overall_performance",
        "sections/overall_performance.md.j2",
        overall_performance_context,
        overall_performance_figures,
    ),
)
