"""The headline facts the executive summary, the implications and the conclusions are built from.

Every value here is a row or a field of a mart, selected or ordered; nothing is computed. Each
`Finding` carries one sentence chosen by a rule over those values, so the same facts read the same
way wherever they appear. The rules are the functions below; each says in its docstring when it
says what.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reporting import formatting as fmt
from reporting import ranks, tables
from reporting import rate_intervals as ri
from reporting.marts import MartData, MartSpec, SuccessRate

Row = Mapping[str, Any]

MARTS: tuple[MartSpec, ...] = (
    ranks.TIERS,
    MartSpec("fct_reference_comparisons", order_by="scope, metric, diff desc, model_name"),
    ranks.PAIRWISE,
    ranks.PAIRWISE_MODELS,
    MartSpec("fct_resource_efficiency", order_by="vram_gb nulls last, model_name"),
    MartSpec("fct_derived_vs_base", order_by="model_name, scope"),
)


@dataclass(frozen=True)
class Finding:
    """One headline: a short label and a sentence (escaped markdown)."""

    label: str
    sentence: str


def name(row: Row) -> str:
    """A model's display name, escaped, in bold when it is the reference model."""
    return fmt.model_name(row["display_name"], row.get("is_reference_model"))


def plain_name(row: Row) -> str:
    return fmt.md_escape(str(row["display_name"]))


def alpha(data: MartData) -> float:
    level = data.dataset_card["confidence_level"]
    return 1 - (level if level is not None else 0.95)


def rate_row(
    data: MartData, model_name: str, metric: str, scope: str = "all"
) -> SuccessRate | None:
    for row in data.success_rates:
        if row["model_name"] == model_name and row["metric"] == metric and row["scope"] == scope:
            return row
    return None


def reference_name(data: MartData) -> str | None:
    return data.dataset_card["reference_model_name"]


def tiers(data: MartData, scope: str = "all") -> list[Row]:
    """Tiered models on pass@1 in `scope`, in tier order (fct_model_tiers)."""
    return ranks.tier_rows(data, scope, "pass")


def tier_of(data: MartData, model_name: str | None) -> Row | None:
    return next((t for t in tiers(data) if t["model_name"] == model_name), None)


def tier_members(data: MartData, tier: int) -> list[Row]:
    return [t for t in tiers(data) if t["tier"] == tier]


def reference_comparisons(data: MartData, metric: str, scope: str = "all") -> list[Row]:
    return [
        row
        for row in data.tables.get("fct_reference_comparisons", [])
        if row["metric"] == metric and row["scope"] == scope and not row["is_reference_model"]
    ]


def significant_wins(
    data: MartData, metric: str = "pass", scope: str = "all"
) -> frozenset[tuple[str, str]]:
    """(winner, loser) model_name pairs whose paired difference in `scope` is significant
    after Holm's correction over all pairs (fct_pairwise_comparisons) and favours the winner."""
    return frozenset(
        (row["model_name"], row["other_model_name"])
        for row in data.tables.get("fct_pairwise_comparisons", [])
        if row["metric"] == metric
        and row["scope"] == scope
        and row["significant"]
        and (row["diff"] or 0) > 0
    )


def separated_pairs(
    data: MartData, metric: str = "pass", scope: str = "all"
) -> tuple[int | None, int | None]:
    """(pairs significantly different after Holm, pairs in the all-pairs family), or (None, None)
    when the family has no rows."""
    rows = [
        r
        for r in data.tables.get("fct_pairwise_comparisons", [])
        if r["metric"] == metric and r["scope"] == scope
    ]
    if not rows:
        return None, None
    return len(significant_wins(data, metric, scope)), rows[0]["n_comparisons"]


def tier_meaning(data: MartData, tier: Row) -> str:
    """ranks.tier_meaning with the family's count of separated pairs (pass@1, combined)."""
    return ranks.tier_meaning(tier["n_tiers"], *separated_pairs(data))


def efficiency(data: MartData) -> list[Row]:
    return list(data.tables.get("fct_resource_efficiency", []))


def derived_vs_base(data: MartData, scope: str = "all") -> list[Row]:
    return [r for r in data.tables.get("fct_derived_vs_base", []) if r["scope"] == scope]


def with_interval(
    row: Row, rate: str = "rate", low: str = "wilson_low", high: str = "wilson_high"
) -> str:
    """A row's rate and interval, '61.7% [52.8, 70.2]', from the named columns."""
    return fmt.rate_with_interval(row[rate], row[low], row[high])


def _rate(row: SuccessRate | None) -> str:
    """The rate with its primary interval (or the marked bounded one, see rate_intervals)."""
    if row is None:
        return fmt.DASH
    return ri.rate_estimate(row)


def scope_finding(data: MartData) -> Finding:
    """What was evaluated: models, problems, parallelism models, samples per prompt."""
    card = data.dataset_card
    samples = card["max_samples_per_problem"] or 0
    sampling = (
        "one generated solution per prompt, so every rate is a pass@1 from a single sample"
        if samples == 1
        else f"up to {fmt.count(samples)} generated solutions per prompt"
    )
    present = [p.strip() for p in (card["parallelism_models"] or "").split(",") if p.strip()]
    parallelism = fmt.join_names(
        [
            fmt.md_escape(fmt.scope_label(p).replace("Serial", "serial"))
            for p in tables.ordered_scopes(present)
        ]
    )
    sentence = (
        f"{fmt.count(card['n_models'])} models were evaluated on {fmt.count(card['n_problems'])} "
        f"ParEval problems in {fmt.count(card['n_problem_types'])} problem types, as "
        f"{parallelism} code, with {sampling} ({fmt.count(card['rows_kept'])} "
        "attempts kept)."
    )
    return Finding("Scope", sentence)


def leaders_finding(data: MartData) -> Finding | None:
    """Tier 1 on pass@1 (combined): who is in it and what the tier claims (clean breaks)."""
    first = tier_members(data, 1)
    if not first:
        return None
    names = fmt.join_names([ranks.model_label(t) for t in first])
    rated = [t for t in first if t["rate"] is not None]
    low = min(rated, key=lambda t: t["rate"])
    high = max(rated, key=lambda t: t["rate"])
    spread = (
        f"pass@1 {ranks.rate_interval(high)}"
        if len(first) == 1
        else f"pass@1 from {ranks.rate_interval(low)} to {ranks.rate_interval(high)}"
    )
    n_tiers = first[0]["n_tiers"]
    if n_tiers == 1:
        sentence = (
            f"The all-pairs tests (Holm, exploratory) support no tier boundary on pass@1: all "
            f"{fmt.count(len(first))} ranked models form one tier ({spread}); the letters and "
            "rank intervals in section 1.1 show which pairs they do separate."
        )
    elif len(first) == 1:
        sentence = (
            f"Tier 1 of {fmt.count(n_tiers)} holds one model, {names} ({spread}): it is "
            "significantly better on pass@1 than every other ranked model (paired t test over "
            "problems, Holm, all-pairs family)."
        )
    else:
        sentence = (
            f"Tier 1 of {fmt.count(n_tiers)} holds {fmt.count(len(first))} models, {names} "
            f"({spread}): each is significantly better on pass@1 than every model of a lower tier "
            "(paired t test over problems, Holm, all-pairs family), while the members of tier 1 "
            "are not all separated from each other."
        )
    return Finding("Leading tier", sentence)


def reference_finding(data: MartData) -> Finding | None:
    """Where the reference model stands: its rates and its tier."""
    reference = reference_name(data)
    passed = rate_row(data, reference, "pass") if reference else None
    built = rate_row(data, reference, "build") if reference else None
    if passed is None:
        return None
    tier = tier_of(data, reference)
    where = (
        f" On pass@1 it is in {ranks.tier_position(tier)}, letters {tier['letters']}, rank "
        f"{ranks.rank_interval(tier)} ({fmt.level(tier['confidence_level'])} bootstrap "
        "interval); " + tier_meaning(data, tier) + "."
        if tier is not None
        else ""
    )
    sentence = (
        f"The reference model, {name(passed)}, passes {_rate(passed)} of its attempts "
        f"({fmt.fraction(passed['successes'], passed['n'])}) and builds {_rate(built)}.{where}"
    )
    return Finding("Reference model", sentence)


def paired_difference(row: Row) -> str:
    """The paired difference on shared problems with the interval of its Holm step, in points."""
    return ri.holm_difference(row)


def versus_reference_finding(data: MartData, metric: str = "pass") -> Finding | None:
    """Which models differ from the reference, read from the Holm decision of the reference family.

    A model is called significantly higher/lower only when the Holm-level interval printed beside
    it excludes 0 (the mart guarantees this equals the Holm decision); "not distinguishable" only
    when it includes 0, with the minimum detectable differences; "alike" only after TOST.
    """
    rows = reference_comparisons(data, metric)
    if not rows:
        return None
    label = fmt.metric_label(metric)
    tested = [r for r in rows if r["significant"] is not None]
    better, worse, unclear, untested = ri.by_decision(rows)
    alike = [r for r in unclear if r["equivalent"]]

    def listed(group: Sequence[Row]) -> str:
        ordered = sorted(group, key=lambda r: -(r["diff"] or 0))
        return fmt.join_names([f"{plain_name(r)} ({paired_difference(r)})" for r in ordered])

    parts = []
    if better:
        parts.append(f"significantly higher for {listed(better)}")
    if worse:
        parts.append(f"significantly lower for {listed(worse)}")
    reference_display = fmt.md_escape(data.dataset_card["reference_model"] or "")
    m = ri.family_size(tested)
    family = (
        f"Holm-adjusted paired t test over the {fmt.count(m)} models of the {ri.FAMILY}"
        if m
        else f"Holm-adjusted paired t test, {ri.FAMILY}"
    )
    opening = f"Against {fmt.bold(reference_display)}, {label} is "
    if parts:
        sentence = (
            opening
            + "; ".join(parts)
            + f" (paired difference on the shared problems in percentage points, with the "
            f"interval at the level of the Holm step that decided it; {family})"
        )
    elif tested:
        sentence = (
            f"No model's {label} differs significantly from {fmt.bold(reference_display)} "
            f"({family})"
        )
    else:
        sentence = f"No model's {label} could be tested against {fmt.bold(reference_display)}"
    if unclear:
        sentence += (
            f"; {listed(unclear)} cannot be distinguished from it (the interval includes 0; the "
            f"smallest difference these tests detect with 80% power is {ri.mde_range(unclear)})"
        )
        if alike:
            margin = fmt.count(alike[0]["equivalence_margin_pp"])
            sentence += (
                f", and {fmt.join_names([plain_name(r) for r in alike])} "
                f"{'is' if len(alike) == 1 else 'are'} alike within ±{margin} pp by TOST"
            )
        else:
            sentence += ", which is not evidence that they are alike: no equivalence test passed"
    if untested:
        sentence += (
            f"; not tested: {fmt.join_names([plain_name(r) for r in untested])} "
            f"({fmt.md_escape(untested[0]['test_null_reason'] or '')}"
            + (" and similar" if len(untested) > 1 else "")
            + ")"
        )
    return Finding(f"Versus the reference ({label})", sentence + ".")


def efficiency_finding(data: MartData) -> Finding | None:
    """The reference model's VRAM and where its pass@1 per GB ranks among models with known VRAM."""
    rows = efficiency(data)
    reference = next((r for r in rows if r["is_reference_model"]), None)
    if reference is None:
        return None
    if reference["vram_gb"] is None:
        return Finding(
            "Resource efficiency",
            f"The reference model's VRAM is not known, so no per-GB efficiency is computed for "
            f"{name(reference)}.",
        )
    if (reference["n_models_with_vram"] or 0) <= 1:
        return Finding(
            "Resource efficiency",
            f"{name(reference)} needs {fmt.vram(reference['vram_gb'])} and delivers "
            f"{fmt.effect_size(reference['pass_pp_per_gb'])} pass@1 percentage points per GB; "
            "it is the only model with known VRAM, so no per-GB comparison can be made.",
        )
    frontier = [r for r in rows if r["is_pass_frontier"]]
    on_frontier = bool(reference["is_pass_frontier"])
    frontier_text = (
        "it is on the efficiency frontier (no model with less or equal VRAM has a higher pass@1)"
        if on_frontier
        else "it is not on the efficiency frontier: a model with less or equal VRAM has a higher "
        "pass@1"
    )
    sentence = (
        f"{name(reference)} needs {fmt.vram(reference['vram_gb'])} and delivers "
        f"{fmt.effect_size(reference['pass_pp_per_gb'])} pass@1 percentage points per GB, rank "
        f"{fmt.count(reference['pass_efficiency_rank'])} of "
        f"{fmt.counted(reference['n_models_with_vram'], 'model')} with known VRAM; "
        f"{frontier_text}. The frontier holds "
        f"{fmt.join_names([name(r) for r in frontier])}. Per-GB figures use point estimates and "
        "approximate VRAM."
    )
    return Finding("Resource efficiency", sentence)


def derived_finding(data: MartData) -> Finding | None:
    """The reference model against its base model, when the registry names one in the data."""
    reference = reference_name(data)
    rows = derived_vs_base(data)
    row = next((r for r in rows if r["model_name"] == reference), None) or (
        rows[0] if rows else None
    )
    if row is None:
        return None
    return Finding("Derived vs base", derived_sentence(data, row))


def derived_sentence(data: MartData, row: Row) -> str:
    """Paired pass@1 difference of a derived model against its base over the problems both
    answered, read by its paired t test (significant exactly when the interval excludes 0)."""
    threshold = alpha(data)
    p = row["pass_p_value"]
    if p is None:
        verdict = f"no test is possible ({fmt.text(row['pass_test_null_reason'])})"
    elif p >= threshold:
        verdict = (
            "not statistically distinguishable (the interval includes 0; this is not evidence "
            "that they are alike)"
        )
    else:
        verdict = (
            "significantly higher" if (row["pass_difference"] or 0) > 0 else "significantly lower"
        )
    difference = (
        fmt.points_pp(row["pass_difference"])
        if row["pass_ci_low"] is None
        else fmt.points_with_interval(
            row["pass_difference"], row["pass_ci_low"], row["pass_ci_high"]
        )
    )
    test = "no test" if p is None else f"paired t test over problems, {fmt.p_phrase(p)}"
    vram = ""
    if row["vram_ratio_to_base"] is not None:
        vram = (
            f"; it needs {fmt.vram(row['vram_gb'])} against {fmt.vram(row['base_vram_gb'])} "
            f"({fmt.ratio(row['vram_ratio_to_base'])} the VRAM)"
        )
    return (
        f"{plain_name(row)} ({fmt.text(row['quantization'])}) against its base "
        f"{fmt.md_escape(str(row['base_display_name']))} ({fmt.text(row['base_quantization'])}): "
        f"pass@1 {fmt.percent(row['pass_rate'])} vs {fmt.percent(row['base_pass_rate'])}, a "
        f"paired difference of {difference} over "
        f"{fmt.count(row['n_shared_problems'])} shared problems ({test}): {verdict}{vram}."
    )


def headline_findings(data: MartData) -> list[Finding]:
    """The executive summary, in order; rules that have nothing to say are left out."""
    candidates = (
        scope_finding(data),
        leaders_finding(data),
        reference_finding(data),
        versus_reference_finding(data, "pass"),
        versus_reference_finding(data, "build"),
        efficiency_finding(data),
        derived_finding(data),
    )
    return [finding for finding in candidates if finding is not None]
