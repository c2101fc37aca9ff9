"""The all-pairs family, letters, rank intervals and tiers: mart specs and sentence rules.

One place declares what the report reads from fct_pairwise_comparisons, fct_model_tiers and
int_pairwise_models, so every section that reads them asks for the same columns. The sentence
rules follow the agreement rule of the statistics: a difference is called significant only when
the interval printed beside it excludes 0, and "not distinguishable" only when it includes 0; a
difference whose unadjusted interval excludes 0 but which Holm does not reject is "not separable
after Holm over N pairs", never "within sampling noise". Every p-value names its family.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting.marts import MartData, MartSpec

Row = Mapping[str, Any]

PAIRWISE = MartSpec(
    "fct_pairwise_comparisons", order_by="scope, metric, model_name, other_model_name"
)
TIERS = MartSpec(
    "fct_model_tiers",
    order_by="scope, metric, tier nulls last, order_in_tier, rate desc, model_name",
)
RANKS = MartSpec("fct_model_ranks", order_by="scope, metric, model_name")
PAIRWISE_MODELS = MartSpec("int_pairwise_models", order_by="pass_rank", required=False)

MARTS: tuple[MartSpec, ...] = (PAIRWISE, TIERS, RANKS, PAIRWISE_MODELS)

FAMILY = "all-pairs family, exploratory"


def bootstrap(data: MartData) -> tuple[int | None, int | None]:
    """(resamples, seed) of the rank intervals."""
    row = next(iter(data.tables.get(RANKS.name, [])), None)
    return (row["n_resamples"], row["bootstrap_seed"]) if row else (None, None)


def tier_rows(data: MartData, scope: str = "all", metric: str = "pass") -> list[Row]:
    """Tiered models of one (scope, metric), in tier order (leader first within a tier)."""
    rows = [
        r
        for r in data.tables.get(TIERS.name, [])
        if r["scope"] == scope and r["metric"] == metric and r["is_tiered"]
    ]
    return sorted(rows, key=lambda r: (r["tier"], r["order_in_tier"], r["model_name"]))


def tier_scopes(data: MartData, metric: str = "pass") -> list[str]:
    """The scopes with tiers: 'all' first, then the parallelism models in name order."""
    scopes = {r["scope"] for r in data.tables.get(TIERS.name, []) if r["metric"] == metric}
    return sorted(scopes, key=lambda s: (s != "all", s))


def untiered(data: MartData, scope: str = "all", metric: str = "pass") -> list[Row]:
    return [
        r
        for r in data.tables.get(TIERS.name, [])
        if r["scope"] == scope and r["metric"] == metric and not r["is_tiered"]
    ]


def pair_index(pairwise: Iterable[Row], scope: str = "all") -> dict[tuple[str, str, str], Row]:
    """fct_pairwise_comparisons rows of one scope by (model_name, other_model_name, metric)."""
    return {
        (r["model_name"], r["other_model_name"], r["metric"]): r
        for r in pairwise
        if r["scope"] == scope
    }


def subset_note(data: MartData) -> str | None:
    """Which models the quadratic analyses cover, when max_pairwise_models left some out."""
    rows = data.tables.get(PAIRWISE_MODELS.name, [])
    left_out = [r for r in rows if not r["is_included"]]
    if not rows or not left_out:
        return None
    first = rows[0]
    return (
        f"The all-pairs comparisons, letters, rank intervals and tiers cover "
        f"{fmt.count(first['n_included'])} of the {fmt.count(first['n_models'])} models: the top "
        f"{fmt.count(first['max_pairwise_models'])} by pass@1 plus the reference model (var "
        f"`max_pairwise_models`); the other {fmt.count(len(left_out))} are compared with the "
        "reference only (section 2.2) and are listed as not tiered in `fct_model_tiers`."
    )


def rate_interval(row: Row) -> str:
    """A tier row's rate with its t-interval over problems, or the reason there is none."""
    if row["rate"] is None:
        return fmt.DASH
    if row["rate_ci_low"] is None:
        return f"{fmt.percent(row['rate'])} (no interval: problem rates do not vary)"
    text = fmt.rate_with_interval(row["rate"], row["rate_ci_low"], row["rate_ci_high"])
    if row["rate_ci_low"] < 0 or row["rate_ci_high"] > 1:
        text += " (the symmetric t-interval leaves [0, 100%]: few successes or failures)"
    return text


def rank_interval(row: Row) -> str:
    low, high = row["rank_ci_low"], row["rank_ci_high"]
    if low is None:
        return fmt.DASH
    return fmt.count(low) if low == high else f"{fmt.count(low)}–{fmt.count(high)}"


def coverage(row: Row) -> str:
    if row["is_full_coverage"]:
        return "full"
    return f"partial: {fmt.count(row['n_problems'])} of {fmt.count(row['n_family_problems'])}"


def model_label(row: Row, key: str = "display_name") -> str:
    """Display name, flagged when the model's coverage is partial."""
    label = fmt.md_escape(row[key])
    if row.get("is_full_coverage") is False:
        label += " (partial coverage)"
    return label


def tier_meaning(
    n_tiers: int, separated_pairs: int | None = None, n_pairs: int | None = None
) -> str:
    """What "tier X of Y" means under the clean-break rule.

    One tier does not mean that no pair differs: the rule needs every model above a cut to be
    significantly better than every model below it, so a continuum of overlapping neighbours has
    no cut even when most pairs differ. Given the count of significantly different pairs (and of
    pairs), the sentence says which case holds."""
    if n_tiers == 1:
        rule = (
            "one tier: the tier rule draws a boundary only where every model above it is "
            "significantly better than every model below it (Holm, all-pairs family), and no "
            "such cut exists here"
        )
        if separated_pairs is None:
            return rule
        if separated_pairs == 0:
            return rule + "; the all-pairs tests separate no pair of models"
        return (
            f"{rule}, although {fmt.count(separated_pairs)} of {fmt.count(n_pairs)} pairs of "
            "models differ significantly: neighbouring models overlap, so every cut leaves some "
            "unseparated pair across it (the letters in section 1.1 show which pairs differ)"
        )
    return (
        "every model of a better tier is significantly better than every model of a worse "
        "tier (Holm, all-pairs family); models within a tier may or may not differ, as their "
        "letters show"
    )


def tier_position(row: Row) -> str:
    """'tier 2 of 3'; partial coverage flagged. What the tier claims is tier_meaning's job (said
    once, next to the comparisons it must agree with)."""
    text = f"tier {fmt.count(row['tier'])} of {fmt.count(row['n_tiers'])}"
    if not row["is_full_coverage"]:
        text += (
            f"; partial coverage, {fmt.count(row['n_problems'])} of "
            f"{fmt.count(row['n_family_problems'])} problems"
        )
    return text


def family_p(p: float | None, n: int | None) -> str:
    """'Holm p = 0.012, all-pairs family of 55 pairs' (or the phrase for a missing p)."""
    if p is None:
        return "no test"
    return f"{fmt.p_phrase(p, 'Holm p')}, {FAMILY} of {fmt.count(n)} pairs"


def separation(test: Row | None, level: float | None) -> str:
    """How two models compare in the all-pairs family, in words that agree with the interval.

    significant (Holm): the difference with the interval at the Holm step that decided it;
    not significant but the unadjusted interval excludes 0: "not separable after Holm over N
    pairs" with the unadjusted interval and p; otherwise "not distinguishable" with the
    unadjusted interval (which includes 0); no test: the reason.
    """
    if test is None:
        return "no paired test (the two models share no problem)"
    if test["p_value"] is None:
        return f"no paired test ({test['p_null_reason']})"
    diff = fmt.points_with_interval(test["diff"], test["ci_low"], test["ci_high"])
    shared = f"{fmt.count(test['n_shared'])} shared problems"
    if test["significant"]:
        holm = fmt.points_with_interval(test["diff"], test["holm_ci_low"], test["holm_ci_high"])
        return (
            f"significantly different: {holm} ({fmt.level(test['holm_confidence_level'])} "
            f"interval at the deciding Holm step; {family_p(test['holm_p'], test['n_comparisons'])}"
            f"; {shared})"
        )
    unadjusted_excludes_zero = test["ci_low"] > 0 or test["ci_high"] < 0
    if unadjusted_excludes_zero:
        return (
            f"not separable after Holm over {fmt.count(test['n_comparisons'])} pairs: {diff} "
            f"({fmt.level(level)} unadjusted interval, {fmt.p_phrase(test['p_value'])}, which "
            f"excludes 0; {family_p(test['holm_p'], test['n_comparisons'])}; {shared})"
        )
    return (
        f"not distinguishable: {diff} ({fmt.level(level)} interval, which includes 0; "
        f"{family_p(test['holm_p'], test['n_comparisons'])}; {shared})"
    )


def orders_differ(data: MartData, models: Sequence[str], metric: str = "pass") -> list[str]:
    """The parallelism models in which two of `models` are ordered by rate against the combined
    order (ties ignored); empty when every paradigm orders them as the combined rate does."""
    by_scope: dict[str, dict[str, float]] = {}
    for r in data.tables.get(TIERS.name, []):
        if r["metric"] == metric and r["model_name"] in models and r["rate"] is not None:
            by_scope.setdefault(r["scope"], {})[r["model_name"]] = r["rate"]
    combined = by_scope.get("all", {})
    return [
        scope
        for scope, rates in sorted(by_scope.items())
        if scope != "all"
        and any(
            a in rates and b in rates and combined[a] > combined[b] and rates[a] < rates[b]
            for a in combined
            for b in combined
        )
    ]
