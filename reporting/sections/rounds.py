"""Changes since the baseline: the current results against a baseline round (var
baseline_metrics_path), paired per problem (models/marts/rounds). Absent without a baseline.

Every sentence is chosen by a rule over mart values (decision()); no number is computed here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from reporting import charts, charts_rounds, tables
from reporting import formatting as fmt
from reporting.marts import MartData, MartSpec
from reporting.section_marts import ROUND_INPUTS
from reporting.sections.base import Context, Section

Row = Mapping[str, Any]

COMPARISONS = MartSpec(
    "fct_round_comparisons", order_by="metric, scope, model_name", required=False
)
CHANGES = MartSpec(
    "fct_round_problem_changes",
    order_by="model_name, problem_type, problem_name, parallelism_model",
    required=False,
)
MODELS = MartSpec("fct_round_models", order_by="model_name", required=False)
UNMATCHED = MartSpec(
    "fct_round_unmatched",
    order_by="unmatched_kind, present_in, model_name, problem_name, parallelism_model",
    required=False,
)
INPUTS = ROUND_INPUTS

MARTS: tuple[MartSpec, ...] = (COMPARISONS, CHANGES, MODELS, UNMATCHED, INPUTS)

METRIC = "pass"
SCOPE = "all"
MAX_LISTED = 12


def _alpha(data: MartData) -> float:
    level = data.dataset_card["confidence_level"]
    return 0.05 if level is None else 1 - level


def _has_baseline(data: MartData) -> bool:
    return any(r["round"] == "baseline" for r in data.tables.get(INPUTS.name, []))


def _primary(data: MartData) -> list[Row]:
    return [
        r
        for r in data.tables.get(COMPARISONS.name, [])
        if r["metric"] == METRIC and r["scope"] == SCOPE
    ]


def decision(row: Row, alpha: float) -> str:
    """The change a sentence may state, from the mart's values alone.

    improved / regressed: Holm p < alpha (then p < alpha and the printed interval excludes 0);
    not significant after Holm: the interval excludes 0 but Holm's correction does not reject;
    no detectable change: the interval includes 0; unchanged: every shared problem has the same
    rate in both rounds; not testable: fewer than two shared problems, or every problem changed by
    the same nonzero amount (no variance, no t statistic).
    """
    if row["p_value"] is None:
        if row["n_problems_shared"] >= 2 and row["diff"] == 0 and row["mde"] == 0:
            return "unchanged"
        return "not testable"
    if row["holm_p"] is not None and row["holm_p"] < alpha:
        return "improved" if row["diff"] > 0 else "regressed"
    if row["ci_low"] is not None and (row["ci_low"] > 0 or row["ci_high"] < 0):
        return "not significant after Holm"
    return "no detectable change"


def _magnitude_pp(value: float | None) -> str:
    """An unsigned size in percentage points: 0.189 -> '18.9 pp'."""
    text = fmt.percent_number(value)
    return text if text == fmt.DASH else f"{text} pp"


def _sentence(row: Row, verdict: str, family: int, baseline_name: str | None) -> str:
    name = fmt.bold(fmt.md_escape(row["model_name"]))
    if baseline_name:
        name += f" (baseline name: {fmt.md_escape(baseline_name)})"
    shared = row["n_problems_shared"]
    problems = f"{fmt.count(shared)} shared problem{'' if shared == 1 else 's'}"
    change = (
        f"{fmt.percent(row['baseline_rate'])} → {fmt.percent(row['rate'])}, "
        f"{fmt.points_with_interval(row['diff'], row['ci_low'], row['ci_high'])}"
    )
    flips = (
        f"on its combined rate {fmt.count(row['n_regressed'])} "
        f"problem{'' if row['n_regressed'] == 1 else 's'} regressed and "
        f"{fmt.count(row['n_improved'])} improved"
    )
    holm = f"Holm {fmt.p_phrase(row['holm_p'])} over {fmt.count(family)} models"
    if verdict in ("improved", "regressed"):
        return f"{name} {verdict}: {change} on {problems} ({holm}); {flips}."
    if verdict == "not significant after Holm":
        return (
            f"{name}: {change} on {problems}; the interval excludes 0 "
            f"({fmt.p_phrase(row['p_value'])}) but the change is not significant after "
            f"Holm's correction ({holm}); {flips}."
        )
    if verdict == "no detectable change":
        return (
            f"{name}: no detectable change, {change} on {problems} ({holm}); {flips}. With this "
            f"many problems and this spread, a true change smaller than "
            f"{_magnitude_pp(row['mde'])} in either direction would likely go unnoticed "
            "(80% power), so this is not evidence that the model is unchanged."
        )
    if verdict == "unchanged":
        return f"{name} is unchanged: each of the {problems} has the same rate in both rounds."
    if shared < 2:
        return (
            f"{name}: {fmt.percent(row['baseline_rate'])} → {fmt.percent(row['rate'])} on "
            f"{problems}; too few for an interval or a test."
        )
    return (
        f"{name}: every one of the {problems} changed by the same "
        f"{fmt.points_pp(row['diff'])}; with no spread there is no interval width or t-test."
    )


def _regressions(data: MartData, models: Sequence[str]) -> tables.TableView | None:
    """Regressed problems per model, grouped by domain (problem type)."""
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in data.tables.get(CHANGES.name, []):
        if r["metric"] == METRIC and r["direction"] == "regressed":
            domain = r["problem_type_display_name"] or r["problem_type"] or fmt.DASH
            grouped[(r["model_name"], domain)].append(r)
    if not grouped:
        return None
    order = {name: i for i, name in enumerate(models)}
    rows = []
    for (model, domain), items in sorted(
        grouped.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][0], kv[0][1])
    ):
        cells = ", ".join(
            f"{fmt.md_escape(r['problem_name'])} "
            f"({fmt.md_escape(fmt.scope_label(r['parallelism_model']))}, "
            f"{fmt.percent(r['baseline_rate'], 0)} → {fmt.percent(r['rate'], 0)})"
            for r in items
        )
        rows.append((fmt.md_escape(model), fmt.md_escape(domain), fmt.count(len(items)), cells))
    return tables.TableView(
        title="Regressed prompts (problem and parallelism model whose pass rate fell from ≥ 50% to "
        "< 50%), by model and domain",
        headers=("Model", "Domain", "Prompts", "Problem (parallelism model, baseline → now)"),
        rows=tuple(rows),
    )


def _unmatched(data: MartData) -> list[str]:
    """One sentence per kind of item that only one round holds."""
    items: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in data.tables.get(UNMATCHED.name, []):
        items[(r["unmatched_kind"], r["present_in"])].append(r)
    where = {"baseline": "only in the baseline", "current": "only in the current results"}
    sentences = []
    for kind, noun, key in (
        ("model", "Models", "model_name"),
        ("parallelism_model", "Parallelism models", "parallelism_model"),
        ("problem", "Problems", "problem_name"),
    ):
        for side in ("baseline", "current"):
            rows = items.get((kind, side), [])
            if rows:
                names = [fmt.md_escape(str(r[key])) for r in rows]
                sentences.append(f"{noun} {where[side]} (not compared): {fmt.join_names(names)}.")
    for side in ("baseline", "current"):
        cells = items.get(("model_problem", side), [])
        if cells:
            listed = [
                f"{fmt.md_escape(r['model_name'])} / {fmt.md_escape(r['problem_name'])} / "
                f"{fmt.md_escape(r['parallelism_model'])}"
                for r in cells[:MAX_LISTED]
            ]
            more = (
                f" and {fmt.count(len(cells) - MAX_LISTED)} more" if len(cells) > MAX_LISTED else ""
            )
            sentences.append(
                f"{fmt.count(len(cells))} prompt{'' if len(cells) == 1 else 's'} of models in both "
                f"rounds {'is' if len(cells) == 1 else 'are'} {where[side]} (not compared): "
                f"{'; '.join(listed)}{more}."
            )
    return sentences


def _by_parallelism(data: MartData, models: Sequence[str], alpha: float) -> tables.TableView | None:
    """The same change within each parallelism model (Holm over models within each scope)."""
    rows = [
        r
        for r in data.tables.get(COMPARISONS.name, [])
        if r["metric"] == METRIC and r["scope"] != SCOPE
    ]
    if not rows:
        return None
    order = {name: i for i, name in enumerate(models)}
    scopes = {scope: i for i, scope in enumerate(tables.ordered_scopes(r["scope"] for r in rows))}
    rows.sort(key=lambda r: (order.get(r["model_name"], len(order)), scopes[r["scope"]]))
    return tables.TableView(
        title="Pass@1 change by parallelism model (paired interval; Holm over models per scope)",
        headers=(
            "Model",
            "Parallelism model",
            "Problems shared",
            "Baseline",
            "Current",
            "Change [interval]",
            "Holm p",
            "Regressed / improved",
            "Reading",
        ),
        rows=tuple(
            (
                fmt.md_escape(r["model_name"]),
                fmt.md_escape(fmt.scope_label(r["scope"])),
                fmt.count(r["n_problems_shared"]),
                fmt.percent(r["baseline_rate"]),
                fmt.percent(r["rate"]),
                fmt.points_with_interval(r["diff"], r["ci_low"], r["ci_high"]),
                fmt.p_value(r["holm_p"]),
                f"{fmt.count(r['n_regressed'])} / {fmt.count(r['n_improved'])}",
                decision(r, alpha),
            )
            for r in rows
        ),
    )


def rounds_context(data: MartData) -> Context:
    if not _has_baseline(data):
        return {"present": False}
    alpha = _alpha(data)
    level = fmt.level(data.dataset_card["confidence_level"])
    primary = sorted(
        _primary(data), key=lambda r: (r["diff"] is None, r["diff"] or 0, r["model_name"])
    )
    renamed = {
        r["model_name"]: r["baseline_model_name"]
        for r in data.tables.get(MODELS.name, [])
        if r["is_renamed"]
    }
    family = sum(1 for r in primary if r["p_value"] is not None)
    verdicts = {r["model_name"]: decision(r, alpha) for r in primary}
    inputs = {r["round"]: r for r in data.tables.get(INPUTS.name, [])}
    table = tables.TableView(
        title=f"Pass@1 on the shared problems, baseline → now (combined; {level} paired interval)",
        headers=(
            "Model",
            "Problems shared",
            "Baseline",
            "Current",
            "Change [interval]",
            "Holm p",
            "Regressed / improved",
            "MDE (80% power)",
            "Reading",
        ),
        rows=tuple(
            (
                fmt.md_escape(r["model_name"]),
                fmt.count(r["n_problems_shared"]),
                fmt.percent(r["baseline_rate"]),
                fmt.percent(r["rate"]),
                fmt.points_with_interval(r["diff"], r["ci_low"], r["ci_high"]),
                fmt.p_value(r["holm_p"]),
                f"{fmt.count(r['n_regressed'])} / {fmt.count(r['n_improved'])}",
                _magnitude_pp(r["mde"]),
                verdicts[r["model_name"]],
            )
            for r in primary
        ),
    )
    return {
        "present": True,
        "level": level,
        "alpha": fmt.p_value(alpha),
        "baseline": fmt.md_escape(str(inputs["baseline"]["input_path"])),
        "current": fmt.md_escape(str(inputs["current"]["input_path"]))
        if "current" in inputs
        else None,
        "n_models": fmt.count(len(primary)),
        "sentences": [
            _sentence(r, verdicts[r["model_name"]], family, renamed.get(r["model_name"]))
            for r in primary
        ],
        "table": table if primary else None,
        "by_parallelism": _by_parallelism(data, [r["model_name"] for r in primary], alpha),
        "regressions": _regressions(data, [r["model_name"] for r in primary]),
        "unmatched": _unmatched(data),
    }


def rounds_figures(data: MartData) -> list[charts.Figure]:
    if not _has_baseline(data):
        return []
    alpha = _alpha(data)
    primary = sorted(
        _primary(data), key=lambda r: (r["diff"] is None, r["diff"] or 0, r["model_name"])
    )
    figure = charts_rounds.round_slope_chart(
        primary,
        {r["model_name"]: decision(r, alpha) for r in primary},
        fmt.level(data.dataset_card["confidence_level"]),
        "Pass@1",
    )
    return [figure] if figure is not None else []


SECTIONS: tuple[Section, ...] = (
    Section("round_changes", "sections/round_changes.md.j2", rounds_context, rounds_figures),
)
