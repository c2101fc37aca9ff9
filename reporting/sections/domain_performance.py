"""Section 1.3, Domain-Specific Performance.

Every number comes from a mart: fct_domain_rates / fct_domain_pivot (domains), stg_problem_types
(domain descriptions), fct_success_rates and, when present, fct_model_tiers (which models are
"top"). Python only selects, orders and counts mart rows; it computes no statistic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reporting import charts, charts_efficiency_domains, tables
from reporting import formatting as fmt
from reporting.formatting import join_names as _join
from reporting.marts import MartData, MartSpec
from reporting.section_marts import (
    combined,
)
from reporting.sections.base import Context, Section

DOMAIN_RATES = MartSpec("fct_domain_rates", order_by="model_name, scope, problem_type")
DOMAIN_PIVOT = MartSpec("fct_domain_pivot", order_by="problem_type")
PROBLEM_TYPES = MartSpec("stg_problem_types", order_by="problem_type")
# Optional: the tier mart of the statistics layer; without it "top models" fall back to a rule.
MODEL_TIERS = MartSpec("fct_model_tiers", order_by="tier, model_name", required=False)

MARTS: tuple[MartSpec, ...] = (DOMAIN_RATES, DOMAIN_PIVOT, PROBLEM_TYPES, MODEL_TIERS)

# Without fct_model_tiers the domain table shows this many models by combined pass rate
# (models tied with the last one are kept), plus the reference model.
TOP_MODELS_FALLBACK = 3
# A list of tied best/worst domains longer than this is summarised as a count.
MAX_TIED_DOMAINS_LISTED = 3
_EPS = 1e-12

Row = dict[str, Any]


def _level(data: MartData) -> str:
    return fmt.level(data.dataset_card["confidence_level"])


@dataclass(frozen=True)
class Domain:
    key: str
    label: str  # display name as text (charts)
    name: str  # display name escaped for markdown
    description: str
    characteristics: str
    mean_pass: float | None
    n_models: int | None


def domains(data: MartData) -> list[Domain]:
    """The domains present in fct_domain_rates, alphabetically by display name."""
    described = {r["problem_type"]: r for r in data.tables[PROBLEM_TYPES.name]}
    pivot = {r["problem_type"]: r for r in data.tables[DOMAIN_PIVOT.name]}
    keys = sorted({r["problem_type"] for r in data.tables[DOMAIN_RATES.name]})
    result = []
    for key in keys:
        info = described.get(key, {})
        result.append(
            Domain(
                key=key,
                label=str(info.get("display_name") or key),
                name=fmt.text(info.get("display_name") or key),
                description=fmt.text(info.get("description")),
                characteristics=fmt.text(info.get("complexity_characteristics")),
                mean_pass=pivot.get(key, {}).get("mean_pass_rate_over_models"),
                n_models=pivot.get(key, {}).get("n_models"),
            )
        )
    return sorted(result, key=lambda d: (d.name.lower(), d.key))


def _domain_rows(data: MartData, scope: str) -> dict[tuple[str, str], Row]:
    return {
        (r["model_name"], r["problem_type"]): r
        for r in data.tables[DOMAIN_RATES.name]
        if r["scope"] == scope
    }


def _ordered_models(data: MartData) -> list[tables.ModelInfo]:
    passed = combined(data.success_rates, "pass")
    in_domains = {r["model_name"] for r in data.tables[DOMAIN_RATES.name]}
    models = [m for m in tables.models_in(data.success_rates) if m.model_name in in_domains]
    return tables.sort_by_rate(models, {k: v["rate"] for k, v in passed.items()})


def top_models(data: MartData) -> tuple[list[tables.ModelInfo], str]:
    """The models of the domain strengths table, and the rule that chose them (as text)."""
    models = _ordered_models(data)
    tiers = data.tables.get(MODEL_TIERS.name)
    if tiers:
        tier_one = {
            r["model_name"]
            for r in tiers
            if r["tier"] == 1 and r["scope"] == "all" and r["metric"] == "pass"
        }
        chosen = [m for m in models if m.model_name in tier_one]
        rule = (
            "the tier-1 models of the tier analysis (`fct_model_tiers`: the models above the "
            "first boundary at which every model above is significantly better on pass@1 than "
            "every model below, Holm, all-pairs family)"
        )
    else:
        passed = combined(data.success_rates, "pass")
        rated = [m for m in models if passed.get(m.model_name, {}).get("rate") is not None]
        cut = TOP_MODELS_FALLBACK
        if len(rated) > cut:
            last = passed[rated[cut - 1].model_name]["rate"]
            chosen = [m for m in rated if passed[m.model_name]["rate"] >= last - _EPS]
        else:
            chosen = rated
        rule = (
            f"the {fmt.count(TOP_MODELS_FALLBACK)} models with the highest combined pass@1 point "
            "estimates (models tied with the last are kept; no tier mart is in the database)"
        )
    references = [m for m in models if m.is_reference and m not in chosen]
    if references:
        rule += ", plus the reference model"
    chosen = [m for m in models if m in chosen or m in references]
    return chosen, rule


def _domain_cell(row: Row | None) -> str:
    if row is None:
        return fmt.DASH
    estimate = fmt.rate_with_interval(
        row["pass_rate"], row["pass_wilson_low"], row["pass_wilson_high"]
    )
    return f"{estimate} ({fmt.fraction(row['n_passed'], row['n'])})"


def strengths_view(data: MartData, chosen: Sequence[tables.ModelInfo]) -> tables.TableView:
    cells = _domain_rows(data, "all")
    headers = ("Domain", *[tables.model_cell(m) for m in chosen], "Mean over models")
    body = []
    for domain in domains(data):
        body.append(
            (
                domain.name,
                *[_domain_cell(cells.get((m.model_name, domain.key))) for m in chosen],
                fmt.percent(domain.mean_pass),
            )
        )
    return tables.TableView("Pass@1 by domain, combined", headers, tuple(body))


def _domain_list(rows: Sequence[Row], names: dict[str, str]) -> str:
    if not rows:
        return fmt.DASH
    if len(rows) > MAX_TIED_DOMAINS_LISTED:
        return f"{fmt.count(len(rows))} domains tied at {fmt.percent(rows[0]['pass_rate'])}"
    return "; ".join(
        f"{names[r['problem_type']]} {_domain_cell(r)}"
        for r in sorted(rows, key=lambda r: names[r["problem_type"]].lower())
    )


def pattern_view(data: MartData) -> tables.TableView:
    """Each model's best and worst domains (scope all), from the mart's flags."""
    names = {d.key: d.name for d in domains(data)}
    passed = combined(data.success_rates, "pass")
    body = []
    rows = [r for r in data.tables[DOMAIN_RATES.name] if r["scope"] == "all"]
    for model in _ordered_models(data):
        own = [r for r in rows if r["model_name"] == model.model_name]
        best = [r for r in own if r["is_best_domain"]]
        worst = [r for r in own if r["is_worst_domain"]]
        overall = passed.get(model.model_name)
        body.append(
            (
                tables.model_cell(model),
                fmt.DASH if overall is None else tables.rate_cell(overall),
                _domain_list(best, names),
                _domain_list(worst, names),
            )
        )
    return tables.TableView(
        "Best and worst domain of each model, combined",
        ("Model", "Pass@1 (all domains)", "Best domain(s)", "Worst domain(s)"),
        tuple(body),
    )


def _gap_cell(serial: Row | None, mpi: Row | None) -> str:
    if serial is None or mpi is None or serial["pass_gap_serial_minus_mpi"] is None:
        return fmt.DASH
    return (
        f"{fmt.points(serial['pass_gap_serial_minus_mpi'])} "
        f"({fmt.fraction(serial['n_passed'], serial['n'])} vs "
        f"{fmt.fraction(mpi['n_passed'], mpi['n'])})"
    )


@dataclass(frozen=True)
class GapTally:
    serial_higher: int
    equal: int
    mpi_higher: int


def gap_tallies(data: MartData) -> dict[str, GapTally]:
    """Per domain: how many models pass more often in serial, equally, or more often in MPI."""
    rows = [r for r in data.tables[DOMAIN_RATES.name] if r["scope"] == "all"]
    result = {}
    for domain in {r["problem_type"] for r in rows}:
        gaps = [
            r["pass_gap_serial_minus_mpi"]
            for r in rows
            if r["problem_type"] == domain and r["pass_gap_serial_minus_mpi"] is not None
        ]
        result[domain] = GapTally(
            serial_higher=sum(g > _EPS for g in gaps),
            equal=sum(abs(g) <= _EPS for g in gaps),
            mpi_higher=sum(g < -_EPS for g in gaps),
        )
    return result


def gap_view(data: MartData, chosen: Sequence[tables.ModelInfo]) -> tables.TableView | None:
    serial, mpi = _domain_rows(data, "serial"), _domain_rows(data, "mpi")
    if not serial or not mpi:
        return None
    tallies = gap_tallies(data)
    headers = (
        "Domain",
        *[tables.model_cell(m) for m in chosen],
        "Models: serial higher",
        "equal",
        "MPI higher",
    )
    body = []
    for domain in domains(data):
        tally = tallies.get(domain.key, GapTally(0, 0, 0))
        body.append(
            (
                domain.name,
                *[
                    _gap_cell(
                        serial.get((m.model_name, domain.key)), mpi.get((m.model_name, domain.key))
                    )
                    for m in chosen
                ],
                fmt.count(tally.serial_higher),
                fmt.count(tally.equal),
                fmt.count(tally.mpi_higher),
            )
        )
    return tables.TableView(f"Serial {fmt.MINUS} MPI pass@1 gap by domain", headers, tuple(body))


def _lower_first(text: str) -> str:
    """Lower-case a leading capital unless it starts an acronym ('Matrix' -> 'matrix')."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _describe(domain: Domain) -> str:
    return (
        f"{domain.name} ({_lower_first(domain.description)}; characteristics: "
        f"{_lower_first(domain.characteristics)})"
    )


def domain_insights(data: MartData) -> list[str]:
    """Strategic insights, each chosen by a rule stated in its sentence."""
    insights: list[str] = []
    all_domains = domains(data)
    rated = [d for d in all_domains if d.mean_pass is not None]
    rows = [r for r in data.tables[DOMAIN_RATES.name] if r["scope"] == "all"]
    if rated:
        low = min(d.mean_pass for d in rated)
        high = max(d.mean_pass for d in rated)
        hardest = [d for d in rated if abs(d.mean_pass - low) <= _EPS]
        easiest = [d for d in rated if abs(d.mean_pass - high) <= _EPS]
        insights.append(
            "**Hardest and easiest domains** (rule: lowest and highest unweighted mean pass@1 "
            "over the models, `fct_domain_pivot`). Lowest, "
            f"{fmt.percent(low)}: {_join([_describe(d) for d in hardest])}. Highest, "
            f"{fmt.percent(high)}: {_join([_describe(d) for d in easiest])}. The descriptions "
            "and characteristics come from the benchmark's problem-type table; they are not "
            "measured here, so they may suggest, but do not show, why a domain is harder."
        )
    failing = []
    for d in all_domains:
        own = [r for r in rows if r["problem_type"] == d.key and r["pass_rate"] is not None]
        below = sum(r["pass_rate"] < 0.5 - _EPS for r in own)
        if own and below * 2 > len(own):
            failing.append((d, below, len(own)))
    if failing:
        share = (
            "every domain"
            if len(failing) == len(all_domains)
            else f"{fmt.count(len(failing))} of the {fmt.count(len(all_domains))} domains"
        )
        listed = _join([f"{d.name} ({fmt.count(b)} of {fmt.count(n)})" for d, b, n in failing])
        insights.append(
            "**Where most models fail** (rule: more than half of the models pass fewer than half "
            f"of their attempts on the domain). This holds in {share}: {listed}."
        )
    else:
        insights.append(
            "**Where most models fail** (rule: more than half of the models pass fewer than half "
            "of their attempts on the domain). No domain meets this rule."
        )
    tallies = gap_tallies(data)
    if tallies and any(t.serial_higher + t.equal + t.mpi_higher for t in tallies.values()):
        names = {d.key: d.name for d in all_domains}
        most = max(t.serial_higher for t in tallies.values())
        widest = sorted(names[k] for k, t in tallies.items() if t.serial_higher == most)
        mpi_most = max(t.mpi_higher for t in tallies.values())
        mpi_domains = sorted(names[k] for k, t in tallies.items() if t.mpi_higher == mpi_most)
        total = sum(t.serial_higher + t.equal + t.mpi_higher for t in tallies.values())
        serial_total = sum(t.serial_higher for t in tallies.values())
        mpi_total = sum(t.mpi_higher for t in tallies.values())
        sentence = (
            "**Serial versus MPI** (rule: count, per domain, the models whose serial pass@1 "
            f"exceeds their MPI pass@1). Over all {fmt.count(total)} model-domain pairs, serial "
            f"is higher in {fmt.count(serial_total)}, MPI in {fmt.count(mpi_total)}, and they are "
            f"equal in {fmt.count(total - serial_total - mpi_total)}. The most models with a "
            f"serial advantage, {fmt.count(most)}, are in {_join(widest)}"
        )
        sentence += (
            f"; the most with an MPI advantage, {fmt.count(mpi_most)}, in {_join(mpi_domains)}."
            if mpi_most > 0
            else "; no model passes more often in MPI than in serial in any domain."
        )
        insights.append(sentence)
    reference = [r for r in rows if r["is_reference_model"]]
    if reference:
        names = {d.key: d.name for d in all_domains}
        best = [r for r in reference if r["is_best_domain"]]
        worst = [r for r in reference if r["is_worst_domain"]]
        if best and worst:
            ref_name = fmt.bold(fmt.md_escape(reference[0]["display_name"]))
            overlap = min(r["pass_wilson_low"] for r in best) <= max(
                r["pass_wilson_high"] for r in worst
            )
            verdict = (
                "Their Wilson intervals overlap, so at this sample size the data do not establish "
                "that the reference model is better at the first than at the second."
                if overlap
                else "Their Wilson intervals do not overlap; note that the best and worst of "
                f"{fmt.count(len(reference))} domains were picked after looking at the data, "
                "which makes a wide gap between them more likely by chance than for two domains "
                "chosen in advance."
            )
            insights.append(
                f"**Reference model.** {ref_name} does best on {_domain_list(best, names)} and "
                f"worst on {_domain_list(worst, names)}. {verdict}"
            )
    return insights


def domain_context(data: MartData) -> Context:
    chosen, rule = top_models(data)
    rows = data.tables[DOMAIN_RATES.name]
    scoped = [r["n"] for r in rows if r["scope"] not in ("all",)]
    overall = [r["n"] for r in rows if r["scope"] == "all"]
    problems = [r["n_problems"] for r in rows if r["scope"] == "all"]
    parallelism = tables.ordered_scopes(r["scope"] for r in rows if r["scope"] != "all")
    return {
        "level": _level(data),
        "rule": rule,
        "max_tied": fmt.count(MAX_TIED_DOMAINS_LISTED),
        "n_domains": fmt.count(len(domains(data))),
        "n_combined": fmt.count_range(overall),
        "n_problems": fmt.count_range(problems),
        "n_scoped": fmt.count_range(scoped),
        "parallelism": [fmt.scope_label(s) for s in parallelism],
        "strengths": strengths_view(data, chosen),
        "patterns": pattern_view(data),
        "gaps": gap_view(data, chosen),
        "insights": domain_insights(data),
        "domain_table": tables.TableView(
            "The domains",
            ("Domain", "Description", "Characteristics", "Mean pass@1 over models", "Models"),
            tuple(
                (
                    d.name,
                    d.description,
                    d.characteristics,
                    fmt.percent(d.mean_pass),
                    fmt.count(d.n_models),
                )
                for d in domains(data)
            ),
        ),
    }


def domain_figures(data: MartData) -> list[charts.Figure]:
    figures = []
    models = _ordered_models(data)
    heatmap = charts_efficiency_domains.domain_heatmap(
        data.tables[DOMAIN_RATES.name],
        models,
        [(d.key, d.label, d.mean_pass) for d in domains(data)],
    )
    if heatmap:
        figures.append(heatmap)
    dumbbell = charts_efficiency_domains.parallelism_dumbbell(data.success_rates)
    if dumbbell:
        figures.append(dumbbell)
    return figures


SECTIONS: tuple[Section, ...] = (
    Section(
        "domain_performance",
        "sections/domain_performance.md.j2",
        domain_context,
        domain_figures,
    ),
)
