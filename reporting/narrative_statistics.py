"""Sentence rules for the statistical parts of the report (1.1 leader and tiers, B, D) and the
helpers the rules of 2.1 and 2.2 (in their section modules) share.

Every function takes mart rows and returns escaped markdown (or None when the rule has nothing
to say). A comparison is worded as a difference only where the Holm-adjusted paired test in the
marts says so; otherwise the sentence says the models are not statistically distinguishable and
quotes the intervals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import ranks
from reporting import rate_intervals as ri
from reporting.formatting import join_names as join

Row = Mapping[str, Any]

_TIE = 1e-12


def alpha(level: float | None) -> float:
    """Significance level 1 − confidence level (0.05 when the level is unknown)."""
    return 0.05 if level is None else 1 - level


def name(row: Row, key: str = "display_name") -> str:
    """A model's display name, escaped and in bold (every named model is bold in sentences)."""
    return fmt.bold(fmt.md_escape(str(row[key])))


def points(value: float | None) -> str:
    """A difference of proportions in percentage points: 0.125 -> '12.5 percentage points'."""
    return f"{fmt.percent_number(value)} percentage points"


def wilson(row: Row) -> str:
    """A rate with its primary interval (the bounded Wilson one, marked †, where it is flagged).
    Rows without a ci_status (tier rows) print their own Wilson columns."""
    if "ci_status" in row:
        return ri.rate_estimate(row)
    return fmt.rate_with_interval(row["rate"], row["wilson_low"], row["wilson_high"])


def pair_index(pairwise: Iterable[Row]) -> dict[tuple[str, str, str], Row]:
    """fct_pairwise_comparisons rows of scope 'all' by (model_name, other_model_name, metric)."""
    return ranks.pair_index(pairwise, "all")


p_phrase = fmt.p_phrase


def is_significant(p: float | None, level: float | None) -> bool:
    return p is not None and p < alpha(level)


# 1.1: the leader of a metric ---------------------------------------------------------------


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
            f" In the same family, {name(top)} is significantly higher than "
            f"{fmt.count(len(above))} of the other {fmt.count(len(others))} models it was tested "
            "against."
        )
    return sentence


# 1.1: tiers ------------------------------------------------------------------------------------


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


# Appendix B and D ------------------------------------------------------------------------------


def normality_label(row: Row) -> str:
    """Short verdict from the moments and tests (the mart's verdict text has its own formats)."""
    n = row["n"] or 0
    level = row["confidence_level"]
    if n == 0:
        return "no measurements"
    if n < 3:
        return "too few values"
    if row["sd"] is not None and row["sd"] == 0:
        return "all values equal"
    if row["k2_p"] is None:
        if row["jarque_bera_p"] is not None and row["jarque_bera_p"] < alpha(level):
            return "indicative: not normal (JB; n < 20)"
        return "too few for K² (n < 20)"
    if row["k2_p"] < alpha(level):
        return "not normal"
    return "no evidence against normality"


def wald_outside(rows: Sequence[Row]) -> str:
    """Which Wald intervals of the reference report's kind leave [0, 1]."""
    outside = [
        r
        for r in rows
        if (r["wald_low"] is not None and r["wald_low"] < 0)
        or (r["wald_high"] is not None and r["wald_high"] > 1)
    ]
    if not outside:
        return "None of the Wald intervals here leaves the range 0–100%."
    parts = [
        f"{name(r)} ({fmt.metric_label(r['metric'])}, n = {fmt.count(r['n'])}: "
        f"{fmt.interval(r['wald_low'], r['wald_high'])})"
        for r in outside
    ]
    return (
        f"The Wald interval leaves the range 0–100% for {join(parts)}; the Wilson interval for "
        "the same counts stays inside it."
    )


def largest_d_gap(rows: Sequence[Row]) -> str | None:
    """The largest difference between our d (ddof 1) and the population-SD d."""
    both = [
        r for r in rows if r["cohens_d"] is not None and r["cohens_d_population_sd"] is not None
    ]
    if not both:
        return None
    top = max(
        both, key=lambda r: (abs(r["cohens_d"] - r["cohens_d_population_sd"]), r["display_name"])
    )
    gap = abs(top["cohens_d"] - top["cohens_d_population_sd"])
    changed = [
        r for r in both if _magnitude(r["cohens_d"]) != _magnitude(r["cohens_d_population_sd"])
    ]
    if fmt.effect_size(top["cohens_d"]) == fmt.effect_size(top["cohens_d_population_sd"]):
        sentence = (
            f"The two conventions differ by at most {fmt.effect_size(gap)} here "
            f"({name(top)}, {fmt.metric_label(top['metric'])}), below the two-decimal precision "
            "of the tables."
        )
    else:
        sentence = (
            f"The largest gap between the two conventions is {fmt.effect_size(gap)} "
            f"({name(top)}, {fmt.metric_label(top['metric'])}: {fmt.effect_size(top['cohens_d'])} "
            f"vs {fmt.effect_size(top['cohens_d_population_sd'])})."
        )
    if changed:
        labelled = [f"{name(r)} ({fmt.metric_label(r['metric'])})" for r in changed]
        sentence += f" The magnitude label changes for {join(labelled)}."
    else:
        sentence += " No magnitude label changes between the two conventions."
    return sentence


def _magnitude(d: float) -> str:
    size = abs(d)
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"


def speedup_gap(rows: Sequence[Row]) -> str | None:
    """How far the arithmetic mean speedup exceeds the geometric mean."""
    both = [
        r
        for r in rows
        if r["arithmetic_mean"] is not None
        and r["geometric_mean"] is not None
        and r["geometric_mean"] > 0
    ]
    if not both:
        return None
    top = max(both, key=lambda r: (r["arithmetic_mean"] / r["geometric_mean"], r["display_name"]))
    above = sum(1 for r in both if r["arithmetic_mean"] > r["geometric_mean"] + 1e-12)
    crossing = [r for r in both if (r["arithmetic_mean"] > 1) != (r["geometric_mean"] > 1)]
    sentence = (
        f"The arithmetic mean exceeds the geometric mean in {fmt.count(above)} of "
        f"{fmt.count(len(both))} rows; the largest ratio is "
        f"{fmt.effect_size(top['arithmetic_mean'] / top['geometric_mean'])} ({name(top)}, "
        f"{fmt.count(top['procs'])} processes: {fmt.effect_size(top['arithmetic_mean'])} vs "
        f"{fmt.effect_size(top['geometric_mean'])})."
    )
    if crossing:
        parts = [f"{name(r)} ({fmt.count(r['procs'])} processes)" for r in crossing]
        sentence += (
            f" For {join(parts)} the two means fall on opposite sides of 1: the arithmetic mean "
            "reports a speedup where the typical problem gets a slowdown, or the reverse."
        )
    return sentence
