"""Deployment budgets, read from fct_deployment_budgets (the budgets, the best model per budget and
the dominated rule are computed in SQL; this module only selects rows and words them).

Shared by the practical-applications section (4.2), the conclusions (5) and the decision summary;
it is not a section module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import ranks
from reporting.marts import MartData, MartSpec

Row = Mapping[str, Any]

BUDGETS = MartSpec(
    "fct_deployment_budgets", order_by="scope, budget_order, position, model_name", required=False
)


def rows(data: MartData, scope: str = "all") -> list[Row]:
    return [r for r in data.tables.get(BUDGETS.name, []) if r["scope"] == scope]


def own_rows(data: MartData, scope: str = "all") -> list[Row]:
    """One row per model: its smallest budget, in pass@1 order."""
    return sorted(
        (r for r in rows(data, scope) if r["is_own_budget"]),
        key=lambda r: (r["position"], r["model_name"]),
    )


def own_row(data: MartData, model_name: str | None, scope: str = "all") -> Row | None:
    return next((r for r in own_rows(data, scope) if r["model_name"] == model_name), None)


#: How a model absent from seeds/model_registry.csv is labelled: it has no VRAM figure and so lands
#: in the last budget with the hosted APIs, but nothing says it is hosted.
NOT_IN_REGISTRY = "not in the model registry (size and VRAM unknown)"


def own_budget_label(row: Row) -> str:
    """The model's smallest budget, or NOT_IN_REGISTRY for a model the registry does not hold."""
    if row["is_hosted_budget"] and not row["is_in_registry"]:
        return NOT_IN_REGISTRY
    return row["own_budget_label"]


def no_vram_group(members: Sequence[Row]) -> str:
    """What the models of the last budget (no VRAM figure) are: hosted APIs of the registry,
    models not in the registry, or both."""
    registered = any(r["is_in_registry"] for r in members)
    unregistered = any(not r["is_in_registry"] for r in members)
    if registered and unregistered:
        return "hosted APIs and models not in the model registry (no VRAM figure)"
    if unregistered:
        return "models not in the model registry (size and VRAM unknown)"
    return "hosted APIs"


def name(row: Row, key: str = "display_name") -> str:
    return fmt.model_name(row[key], row.get("is_reference_model") and key == "display_name")


def pass_interval(row: Row) -> str:
    if row["pass_rate"] is None:
        return fmt.DASH
    if row["pass_ci_low"] is None:
        return fmt.percent(row["pass_rate"])
    return fmt.rate_with_interval(row["pass_rate"], row["pass_ci_low"], row["pass_ci_high"])


def dominated_by(row: Row) -> str:
    """'Gemma-3 27B (+7.5 pp [1.2, 13.8], 99.5% interval at the deciding Holm step)'."""
    difference = fmt.points_with_interval(
        row["dominated_by_diff"], row["dominated_by_ci_low"], row["dominated_by_ci_high"]
    )
    return (
        f"{fmt.md_escape(row['dominated_by_display_name'])} ({difference}, "
        f"{fmt.level(row['dominated_by_confidence_level'])} interval at the deciding Holm step)"
    )


def _groups(scope_rows: Sequence[Row]) -> list[tuple[list[str], list[Row]]]:
    """Consecutive budgets that hold the same models, merged: ([labels], rows of the first)."""
    by_budget: dict[int, list[Row]] = {}
    for r in scope_rows:
        by_budget.setdefault(r["budget_order"], []).append(r)
    groups: list[tuple[list[str], list[Row]]] = []
    previous: frozenset[str] | None = None
    for order in sorted(by_budget):
        members = by_budget[order]
        names = frozenset(r["model_name"] for r in members)
        hosted = members[0]["is_hosted_budget"]
        if groups and names == previous and not hosted:
            groups[-1][0].append(members[0]["budget_label"])
        else:
            groups.append(([members[0]["budget_label"]], members))
        previous = names
    return groups


def _label(labels: Sequence[str]) -> str:
    if len(labels) == 1:
        return fmt.md_escape(labels[0])
    return f"{fmt.md_escape(labels[0])} to {fmt.md_escape(labels[-1])}"


def _budget_sentence(labels: Sequence[str], members: Sequence[Row], scope: str) -> str:
    """The best model of one budget (or a run of budgets holding the same models) and the fitting
    models the all-pairs tests do not separate from it."""
    where = "" if scope == "all" else f" for {fmt.md_escape(fmt.scope_label(scope))} code"
    hosted = members[0]["is_hosted_budget"]
    budget = no_vram_group(members) if hosted else _label(labels)
    best = next((r for r in members if r["is_best_in_budget"]), None)
    if best is None:
        return f"{budget}{where}: no model with full coverage fits."
    peers = [
        r
        for r in members
        if not r["is_best_in_budget"] and r["is_full_coverage"] and not r["is_separated_from_best"]
    ]
    separated = [r for r in members if r["is_separated_from_best"]]
    partial = [r for r in members if not r["is_full_coverage"]]
    vram = "" if hosted else f", {fmt.vram(best['vram_gb'])}"
    sentence = f"{budget}{where}: {name(best)} ({pass_interval(best)}{vram})"
    if peers:
        sentence += (
            f"; not separated from it: {fmt.join_names([name(r) for r in peers])} (not "
            "evidence that they are as good)"
        )
    elif separated:
        sentence += "; significantly better than every other model that fits"
    if partial:
        sentence += f"; left out (partial coverage): {fmt.join_names([name(r) for r in partial])}"
    return sentence + "."


def best_per_budget(data: MartData) -> list[str]:
    """One sentence per budget (consecutive budgets holding the same models merged): the best model
    and the models the all-pairs tests (Holm) do not separate from it. Where the pass@1 order of
    the fitting models differs between parallelism models, the budget is read per parallelism
    model instead of from the combined rate."""
    combined = rows(data, "all")
    scopes = sorted({r["scope"] for r in data.tables.get(BUDGETS.name, [])} - {"all"})
    sentences = []
    for labels, members in _groups(combined):
        fitting = [r["model_name"] for r in members]
        differing = ranks.orders_differ(data, fitting) if len(fitting) > 1 else []
        if not differing:
            sentences.append(_budget_sentence(labels, members, "all"))
            continue
        names = fmt.join_names([fmt.md_escape(fmt.scope_label(s)) for s in differing])
        per_scope = []
        for scope in scopes:
            scoped = [r for r in rows(data, scope) if r["budget_label"] == labels[0]]
            if scoped:
                sentence = _budget_sentence(labels, scoped, scope)
                per_scope.append(sentence[:1].upper() + sentence[1:])
        heading = no_vram_group(members) if members[0]["is_hosted_budget"] else _label(labels)
        sentences.append(
            f"{heading}: the pass@1 order of the models that fit differs between the "
            f"combined scope and {names}, so the choice is read per parallelism model. "
            + " ".join(per_scope)
        )
    return [s[:1].upper() + s[1:] for s in sentences]
