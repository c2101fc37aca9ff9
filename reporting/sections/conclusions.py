"""Section 5: key findings, strategic recommendations and the final assessment.

The key findings are those the executive summary does not state (reporting.findings). The final
assessment places the reference model by three facts from the marts — its tier, whether it is on
the pass-rate efficiency frontier, and which better-tier models fit its hardware budget — with the
rule spelled out in `final_assessment`.
"""

from __future__ import annotations

from reporting import budgets, findings, ranks
from reporting import formatting as fmt
from reporting.findings import name
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = (*findings.MARTS, budgets.BUDGETS)


def final_assessment(data: MartData) -> str | None:
    """The reference model in one paragraph.

    Rules: in tier 1 → says whether the all-pairs tests separate it from the tier's leader (a
    tier under the clean-break rule may hold separated models);
    otherwise, if a model that fits the same or a smaller hardware budget has a significantly
    higher pass@1 (Holm-adjusted paired McNemar) → outperformed by it, named; otherwise →
    outperformed only by models that need more (or unpublished) resources.
    """
    reference = findings.reference_name(data)
    tier = findings.tier_of(data, reference)
    if tier is None:
        return None
    own = budgets.own_row(data, reference) or {
        **tier,
        "is_dominated": False,
        "own_budget_label": None,
    }
    caveat = (
        " These are simulated outcomes from the bundled synthetic sample; the assessment shows "
        "how the rules read, not how the named models perform."
        if data.dataset_card["is_synthetic_sample"]
        else ""
    )
    pass_rate = ranks.rate_interval(tier)
    if tier["tier"] == 1:
        leaders = findings.tier_members(data, 1)
        others = [name(t) for t in leaders if t["model_name"] != reference]
        company = f" alongside {fmt.join_names(others)}" if others else " on its own"
        leader = leaders[0]
        wins = findings.significant_wins(data)
        if leader["model_name"] == reference or (leader["model_name"], reference) not in wins:
            versus = (
                "its pass@1 of "
                f"{pass_rate} is not separated from that of the tier's leader by the all-pairs "
                "tests (Holm)"
                if leader["model_name"] != reference
                else f"it leads the tier with a pass@1 of {pass_rate}"
            )
        else:
            versus = (
                f"its pass@1 of {pass_rate} is significantly below that of {name(leader)} (Holm, "
                "all-pairs family), but no clean tier boundary separates them"
            )
        text = (
            f"{name(own)} is in {ranks.tier_position(tier)}{company}: {versus}; "
            f"{findings.tier_meaning(data, tier)}."
        )
    else:
        if own["is_dominated"]:
            text = (
                f"{name(own)} ({ranks.tier_position(tier)}, pass@1 {pass_rate}) is outperformed "
                f"by {budgets.dominated_by(own)}, which fits the same or a smaller hardware "
                "budget and has a significantly higher pass@1 (all-pairs family)."
            )
        elif own["own_budget_label"] is None:
            text = (
                f"{name(own)} ({ranks.tier_position(tier)}, pass@1 {pass_rate}) has no "
                "deployment-budget row, so no budget comparison is made."
            )
        else:
            text = (
                f"{name(own)} ({ranks.tier_position(tier)}, pass@1 {pass_rate}) is "
                "significantly outperformed only by models that need a larger hardware budget or "
                f"whose VRAM is not published: within {fmt.md_escape(own['own_budget_label'])} no "
                "model has a significantly higher pass@1."
            )
    efficiency = findings.efficiency_finding(data)
    if efficiency is not None:
        text += " " + efficiency.sentence
    return text + caveat


def recommendations(data: MartData) -> dict[str, list[str]]:
    """For researchers: chosen by how the data was collected; for practitioners: by budget."""
    card = data.dataset_card
    researchers = [
        "Report pass rates with intervals (Wilson for proportions) and compare models with paired "
        "tests on the shared problems, corrected for multiplicity, as this report does; "
        "overlapping or non-overlapping intervals are not a test."
    ]
    if (card["max_samples_per_problem"] or 0) <= 1:
        researchers.append(
            "Collect several samples per prompt: with one, pass@k and within-prompt variability "
            "are not estimable."
        )
    researchers.append(
        "Treat the variants of one problem (serial, MPI, …) as a cluster: they share the task, so "
        "their outcomes are correlated (section 2.1 quantifies how much this widens the standard "
        "errors)."
    )
    practitioners = (
        [
            "Choose within your hardware budget: section 4.2.1 names, per budget, the model with "
            "the highest pass@1 that fits and the models the tests do not separate from it."
        ]
        if budgets.own_rows(data)
        else []
    )
    return {"researchers": researchers, "practitioners": practitioners}


def key_findings(data: MartData) -> list[findings.Finding]:
    """5.1: the findings the executive summary does not state (it holds the reference model's
    pass@1 comparisons, budget, efficiency and base-model comparison): the scope, the leading
    tier and the build-success comparison against the reference."""
    chosen = (
        findings.scope_finding(data),
        findings.leaders_finding(data),
        findings.versus_reference_finding(data, "build"),
    )
    return [finding for finding in chosen if finding is not None]


def conclusions_context(data: MartData) -> Context:
    return {
        "findings": key_findings(data),
        "recommendations": recommendations(data),
        "assessment": final_assessment(data),
    }


SECTIONS: tuple[Section, ...] = (
    Section("conclusions", "sections/conclusions.md.j2", conclusions_context),
)
