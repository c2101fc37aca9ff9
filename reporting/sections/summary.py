"""Executive Summary: the one-page decision summary (at most 40 lines of markdown).

The question, the answer for the reference model with its primary intervals, the findings a
decision rests on (each one line with its evidence) and what the data cannot tell. Every value is a
mart field; every sentence is chosen by a rule below over those values. The facts shared with the
conclusions come from reporting.findings and reporting.budgets (not from a section module).
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting import budgets, findings, narrative, ranks, tables
from reporting import formatting as fmt
from reporting import rate_intervals as ri
from reporting.findings import Finding, Row, plain_name
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = (
    *findings.MARTS,
    budgets.BUDGETS,
    MartSpec("fct_resource_efficiency", order_by="model_name"),
    MartSpec("fct_vram_sensitivity", order_by="model_name, scenario", required=False),
)

SOURCE_LABELS = {
    "spec_000": "the task specification",
    "reference_report": "the reference report",
    "derivation": "parameters × bytes per weight",
}


def question(data: MartData) -> str | None:
    """The decision the report answers, from the dataset card."""
    card = data.dataset_card
    reference = card["reference_model"] or card["reference_model_name"]
    if not reference:
        return None
    present = [p.strip() for p in (card["parallelism_models"] or "").split(",") if p.strip()]
    scopes = fmt.join_names(
        [fmt.md_escape(fmt.scope_label(p)) for p in tables.ordered_scopes(present)]
    )
    others = (card["n_models"] or 1) - 1
    return (
        f"Should {fmt.bold(fmt.md_escape(reference))} be used for parallel code generation — how "
        f"does it compare with the other {fmt.count(others)} "
        f"{'model' if others == 1 else 'models'} on {fmt.count(card['n_problems'])} ParEval "
        f"problems ({scopes}), and what hardware does it need?"
    )


# A one-page summary names at most this many models per list; longer lists give the count and
# the largest differences (section 2.2 lists them all).
MAX_LISTED = 5


def _listed(rows: Sequence[Row], with_difference: bool) -> str:
    ordered = sorted(rows, key=lambda r: -abs(r["diff"] or 0))
    shown = ordered[:MAX_LISTED] if len(ordered) > MAX_LISTED else ordered
    if len(shown) < len(ordered):
        shown = sorted(shown, key=lambda r: -(r["diff"] or 0))
    else:
        shown = sorted(ordered, key=lambda r: -(r["diff"] or 0))
    if with_difference:
        names = [f"{plain_name(r)} ({ri.holm_difference(r)})" for r in shown]
    else:
        names = [plain_name(r) for r in shown]
    if len(shown) < len(ordered):
        rest = len(ordered) - len(shown)
        return (
            f"{fmt.count(len(ordered))} models (largest differences: {', '.join(names)}, and "
            f"{fmt.count(rest)} more)"
        )
    return fmt.join_names(names)


def answer(data: MartData) -> str | None:
    """The reference model's pass@1 and build rates with primary intervals, its tier and rank
    interval, and how many models are above, below or not distinguishable from it on pass@1."""
    reference = findings.reference_name(data)
    passed = findings.rate_row(data, reference, "pass") if reference else None
    if passed is None:
        return None
    built = findings.rate_row(data, reference, "build")
    text = (
        f"{findings.name(passed)} passes {ri.rate_estimate(passed)} of its attempts "
        f"({fmt.fraction(passed['successes'], passed['n'])})"
    )
    if built is not None:
        text += f" and builds {ri.rate_estimate(built)}"
    tier = findings.tier_of(data, reference)
    if tier is not None:
        text += (
            f"; on pass@1 it is in {ranks.tier_position(tier)}, rank "
            f"{ranks.rank_interval(tier)} "
            f"({fmt.level(tier['confidence_level'])} bootstrap interval)"
        )
        text += f"; {findings.tier_meaning(data, tier)}"
    rows = findings.reference_comparisons(data, "pass")
    better, worse, unclear, _ = ri.by_decision(rows)
    if rows:
        text += (
            f". Of the {fmt.count(len(rows))} other models, {fmt.count(len(better))} "
            f"{'passes' if len(better) == 1 else 'pass'} significantly more often, "
            f"{fmt.count(len(worse))} significantly less often and {fmt.count(len(unclear))} "
            f"cannot be told apart from it (paired t test, Holm, {ri.FAMILY})"
        )
    return text + "."


def versus_finding(data: MartData) -> Finding | None:
    """Who beats the reference on pass@1 (with the paired difference and its Holm-step interval)
    and who it beats, by the reference family's Holm decision."""
    rows = findings.reference_comparisons(data, "pass")
    if not rows:
        return None
    better, worse, unclear, _ = ri.by_decision(rows)
    parts = []
    if better:
        parts.append(f"higher for {_listed(better, True)}")
    if worse:
        parts.append(f"lower for {_listed(worse, False)}")
    if not parts:
        sentence = "No model's pass@1 differs significantly from the reference's"
    else:
        sentence = "Pass@1 is significantly " + "; significantly ".join(parts)
    if unclear:
        sentence += f"; not distinguishable: {_listed(unclear, False)}"
    return Finding("Versus the reference", sentence + " (section 2.2).")


def budget_finding(data: MartData) -> Finding | None:
    """Within the reference model's smallest budget: is it dominated, is it the best, who else
    is not separated from the best (fct_deployment_budgets)."""
    reference = findings.reference_name(data)
    own = budgets.own_row(data, reference)
    if own is None:
        return None
    budget = (
        f"Among {budgets.no_vram_group([own])}"
        if own["is_hosted_budget"]
        else f"Within {fmt.md_escape(own['budget_label'])} ({fmt.vram(own['vram_gb'])} needed)"
    )
    best = next(
        (
            r
            for r in budgets.rows(data)
            if r["budget_order"] == own["budget_order"] and r["is_best_in_budget"]
        ),
        None,
    )
    if own["is_dominated"]:
        sentence = (
            f"{budget}, {budgets.dominated_by(own)} is significantly better on pass@1 in the "
            "all-pairs family: the reference is dominated"
        )
    elif own["is_best_in_budget"] and not any(
        r["budget_order"] == own["budget_order"] and r["model_name"] != own["model_name"]
        for r in budgets.rows(data)
    ):
        sentence = (
            f"{budget}, the reference is the only model, so this budget compares it with none"
        )
    elif own["is_best_in_budget"]:
        sentence = f"{budget}, the reference has the highest pass@1"
        peers = [
            r
            for r in budgets.rows(data)
            if r["budget_order"] == own["budget_order"]
            and not r["is_best_in_budget"]
            and not r["is_separated_from_best"]
            and r["is_full_coverage"]
        ]
        if peers:
            sentence += (
                f", but {fmt.join_names([budgets.name(r) for r in peers])} "
                f"{'is' if len(peers) == 1 else 'are'} not separated from it by the tests"
            )
    else:
        sentence = (
            f"{budget}, {fmt.md_escape(own['best_display_name'])} has the highest pass@1"
            + (f" ({budgets.pass_interval(best)})" if best is not None else "")
            + ", but no model of the same or a smaller budget is significantly better than the "
            "reference in the all-pairs family"
        )
    return Finding("Hardware budget", sentence + " (section 4.2.1).")


def _source(source: str | None) -> str:
    return SOURCE_LABELS.get(source or "", fmt.md_escape(source or "unknown source"))


def efficiency_vram_finding(data: MartData) -> Finding | None:
    """The reference model's pass@1 per GB rank and frontier membership, and whether both hold
    under every recorded VRAM figure (fct_resource_efficiency *_holds), with the alternative
    figures (fct_vram_sensitivity) where they do not."""
    rows = findings.efficiency(data)
    ref = next((r for r in rows if r["is_reference_model"]), None)
    if ref is None or ref["vram_gb"] is None:
        return None
    sentence = (
        f"{fmt.vram(ref['vram_gb'])} (from {_source(ref.get('vram_source'))}); pass@1 per GB "
        f"ranks {fmt.count(ref['pass_efficiency_rank'])} of "
        f"{fmt.count(ref['n_models_with_vram'])}, "
        + ("on" if ref["is_pass_frontier"] else "off")
        + " the efficiency frontier"
    )
    holds = [ref.get("pass_efficiency_rank_holds"), ref.get("is_pass_frontier_holds")]
    scenarios = [
        s
        for s in data.tables.get("fct_vram_sensitivity", [])
        if s["model_name"] == ref["model_name"] and not s["is_default_scenario"]
    ]
    if all(h is True for h in holds):
        sentence += "; both hold under every recorded VRAM figure"
    elif scenarios:
        alternatives = [
            f"with the figures of {_source(s['scenario'])} ({fmt.vram(s['vram_gb'])} for it) "
            f"it ranks {fmt.count(s['pass_efficiency_rank'])}, "
            + ("on" if s["is_pass_frontier"] else "off")
            + " the frontier"
            for s in scenarios
            if s["vram_gb"] is not None
            and (
                s["pass_efficiency_rank"] != ref["pass_efficiency_rank"]
                or bool(s["is_pass_frontier"]) != bool(ref["is_pass_frontier"])
            )
        ]
        if alternatives:
            sentence += "; this depends on the VRAM figure: " + "; ".join(alternatives)
    return Finding("VRAM and efficiency", sentence + " (section 1.2).")


def cannot_tell(data: MartData) -> list[str]:
    """What the data cannot tell: the smallest pass@1 difference against the reference that the
    tests detect with 80% power (fct_reference_comparisons.mde) for the models not told apart,
    and the limits set by the design (one sample per prompt; VRAM is a published figure)."""
    items = []
    rows = findings.reference_comparisons(data, "pass")
    _, _, unclear, _ = ri.by_decision(rows)
    open_question = [r for r in unclear if not r["equivalent"]]
    if open_question:
        items.append(
            f"Whether {_listed(open_question, False)} "
            f"{'differs' if len(open_question) == 1 else 'differ'} from the reference by less than "
            f"{ri.mde_range(open_question)}: smaller pass@1 differences are not detected with 80% "
            "power at these sample sizes, and no equivalence test shows them alike"
        )
    elif rows:
        tested = [r for r in rows if r["mde"] is not None]
        if tested:
            items.append(
                f"Differences below {ri.mde_range(tested)} against the reference: the tests detect "
                "smaller ones with less than 80% power"
            )
    if (data.dataset_card["max_samples_per_problem"] or 0) <= 1:
        items.append(
            "pass@k for k > 1 or how reliably a model answers one prompt: each prompt was "
            "sampled once"
        )
    items.append(
        "Measured memory use: VRAM figures are published figures, not measurements (section 4.3)"
    )
    return items


def summary_context(data: MartData) -> Context:
    chosen = (
        versus_finding(data),
        budget_finding(data),
        efficiency_vram_finding(data),
        findings.derived_finding(data),
    )
    return {
        "synthetic_note": narrative.synthetic_sample_note(data.dataset_card),
        "question": question(data),
        "answer": answer(data),
        "findings": [f for f in chosen if f is not None],
        "cannot_tell": cannot_tell(data),
    }


SECTIONS: tuple[Section, ...] = (
    Section("executive_summary", "sections/executive_summary.md.j2", summary_context),
)
