"""Section 4 heading and 4.1 Theoretical contributions.

Quantization/optimisation effects come from the paired comparison of each derived model with its
base (fct_derived_vs_base: the paired risk difference over the problems both answered, its
cluster-robust t interval and the t test from the same statistic). Architecture notes
come from the registry columns of fct_resource_efficiency. Sentences are chosen by the rules below;
a non-significant test is never read as "no loss".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import section_marts, tables
from reporting.marts import MartData, MartSpec, SuccessRate
from reporting.section_marts import RESOURCE_EFFICIENCY
from reporting.sections.base import Context, Section

DERIVED_VS_BASE = MartSpec("fct_derived_vs_base", order_by="model_name, scope")

MARTS: tuple[MartSpec, ...] = (DERIVED_VS_BASE, RESOURCE_EFFICIENCY)

METRICS = (("build", "Build success"), ("pass", "Pass@1"))
_EPS = 1e-12

Row = dict[str, Any]


def _alpha(data: MartData) -> float | None:
    level = data.dataset_card["confidence_level"]
    return None if level is None else 1 - level


def _model(display_name: str, is_reference: bool = False) -> str:
    name = fmt.md_escape(display_name)
    return fmt.bold(name) if is_reference else name


def _spec(quantization: str | None, vram: float | None) -> str:
    parts = [fmt.text(quantization) if quantization else "quantization unknown", fmt.vram(vram)]
    return ", ".join(parts)


def verdict(
    difference: float | None,
    p: float | None,
    alpha: float | None,
    metric: str,
    interval: tuple[float | None, float | None] = (None, None),
    reason: str | None = None,
) -> str:
    """The sentence for one paired test (the paired t test over problems, whose interval excludes 0
    exactly when p < alpha), chosen by its p-value and the sign of the difference."""
    label = fmt.metric_label(metric)
    if p is None or difference is None or alpha is None:
        if reason:
            return f"There is no test on {label}: {fmt.text(reason)}."
        return f"The mart has no test result for {label}."
    ci = "" if interval[0] is None else f"interval {fmt.interval(*interval)} pp, "
    if p < alpha and difference > _EPS:
        return (
            f"By the paired t test over problems the derived model has the higher {label} "
            f"({ci}p {_p_phrase(p)} < {fmt.ALPHA} = {fmt.p_value(alpha)})."
        )
    if p < alpha and difference < -_EPS:
        return (
            f"By the paired t test over problems the derived model has the lower {label} "
            f"({ci}p {_p_phrase(p)} < {fmt.ALPHA} = {fmt.p_value(alpha)})."
        )
    return (
        f"On {label} the two are not statistically distinguishable ({ci}p {_p_phrase(p)} "
        f"\u2265 {fmt.ALPHA} = {fmt.p_value(alpha)})."
    )


# Said once under the derived-vs-base paragraphs (pair_notes), not in each paragraph.
NOT_THE_SAME = (
    "not statistically distinguishable is not evidence that they perform the same: the data "
    "cannot tell them apart, and a real difference smaller than this sample can resolve may exist"
)


def _undistinguished(row: Row, alpha: float | None) -> bool:
    p = row["pass_p_value"]
    difference = row["pass_difference"]
    return (
        p is not None
        and difference is not None
        and alpha is not None
        and not (p < alpha and abs(difference) > _EPS)
    )


def pair_notes(rows: Sequence[Row], alpha: float | None) -> list[str]:
    """The caveats of the derived-vs-base paragraphs, each said once for the pairs it applies to:
    'not distinguishable' is not 'the same'; a derived model quantized differently from its base
    differs in every change made in deriving it; the same quantization rules quantization out."""
    notes = []
    alike = [r for r in rows if _undistinguished(r, alpha)]
    if alike:
        names = fmt.join_names([fmt.md_escape(r["display_name"]) for r in alike])
        bases = "its base" if len(alike) == 1 else "their bases"
        notes.append(f"For {names} against {bases}, {NOT_THE_SAME}.")
    quantized = [r for r in rows if r["quantization"] and r["base_quantization"]]
    differ = [r for r in quantized if r["quantization"] != r["base_quantization"]]
    same = [r for r in quantized if r["quantization"] == r["base_quantization"]]
    if differ:
        names = fmt.join_names([fmt.md_escape(r["display_name"]) for r in differ])
        derive = (
            "derives from its base and is"
            if len(differ) == 1
            else "derive from their bases and are"
        )
        notes.append(
            f"The registry records that {names} {derive} quantized differently; each comparison "
            "measures the combined effect of every change made in deriving the model, not "
            "quantization alone."
        )
    if same:
        names = fmt.join_names([fmt.md_escape(r["display_name"]) for r in same])
        notes.append(
            f"{names} {'uses' if len(same) == 1 else 'use'} the same weight precision as "
            f"{'its base' if len(same) == 1 else 'their bases'}, so quantization is not what "
            "differs between them."
        )
    return notes


def _p_phrase(p: float) -> str:
    text = fmt.p_value(p)
    return text if text.startswith("<") else f"= {text}"


def _main_scope_rows(rows: Sequence[Row]) -> list[Row]:
    """One row per derived model: scope 'all' when present, else its first scope."""
    by_model: dict[str, list[Row]] = {}
    for r in rows:
        by_model.setdefault(r["model_name"], []).append(r)
    chosen = []
    for model in sorted(by_model, key=lambda m: by_model[m][0]["display_name"]):
        own = by_model[model]
        combined = [r for r in own if r["scope"] == "all"]
        chosen.append(combined[0] if combined else sorted(own, key=lambda r: r["scope"])[0])
    return chosen


def pair_paragraph(
    row: Row,
    alpha: float | None,
    reference: set[str],
    efficiency: dict[str, Row] | None = None,
) -> str:
    derived = _model(row["display_name"], row["model_name"] in reference)
    base = _model(row["base_display_name"], row["base_model_name"] in reference)
    where = (
        "all parallelism models combined"
        if row["scope"] == "all"
        else f"{fmt.scope_label(row['scope'])} only"
    )
    text = (
        f"{derived} ({_spec(row['quantization'], row['vram_gb'])}) vs its base {base} "
        f"({_spec(row['base_quantization'], row['base_vram_gb'])}), over the "
        f"{fmt.count(row['n_shared_problems'])} problems both answered ({where}): pass@1 "
        f"{fmt.percent(row['pass_rate'])} vs {fmt.percent(row['base_pass_rate'])}, a paired "
        f"difference of {fmt.points(row['pass_difference'])} percentage points; the derived "
        f"model's pass rate is higher on {fmt.count(row['pass_n_derived_better'])} of these "
        f"problems and the base's on {fmt.count(row['pass_n_base_better'])}. "
        + verdict(
            row["pass_difference"],
            row["pass_p_value"],
            alpha,
            "pass",
            (row["pass_ci_low"], row["pass_ci_high"]),
            row["pass_test_null_reason"],
        )
    )
    if row["vram_ratio_to_base"] is not None:
        text += (
            f" The derived model's registry VRAM is {fmt.share(row['vram_ratio_to_base'])} of "
            f"its base's ({fmt.vram(row['vram_gb'])} vs {fmt.vram(row['base_vram_gb'])}"
        )
        own = (efficiency or {}).get(row["model_name"])
        base_row = (efficiency or {}).get(row["base_model_name"])
        if own is not None and base_row is not None:
            sources = {own["vram_source"], base_row["vram_source"]}
            text += ", per " + fmt.join_names(
                sorted(section_marts.VRAM_SOURCE_LABELS.get(x or "", x or "") for x in sources)
            )
            text += (
                "); the same under every recorded figure."
                if own["vram_ratio_to_base_holds"]
                else "); other recorded figures give other ratios (section 1.2)."
            )
        else:
            text += ")."
    return text


def paired_table(rows: Sequence[Row], reference: set[str]) -> tables.TableView:
    scope_rank = {s: i for i, s in enumerate(tables.ordered_scopes(r["scope"] for r in rows))}
    ordered = sorted(rows, key=lambda r: (r["display_name"], scope_rank[r["scope"]]))
    body = []
    for r in ordered:
        for metric, label in METRICS:
            body.append(
                (
                    _model(r["display_name"], r["model_name"] in reference),
                    _model(r["base_display_name"], r["base_model_name"] in reference),
                    fmt.scope_label(r["scope"]),
                    label,
                    fmt.count(r["n_shared_problems"]),
                    fmt.percent(r[f"{metric}_rate"]),
                    fmt.percent(r[f"base_{metric}_rate"]),
                    _difference_cell(r, metric),
                    fmt.count(r[f"{metric}_n_derived_better"]),
                    fmt.count(r[f"{metric}_n_base_better"]),
                    fmt.p_value(r[f"{metric}_p_value"]),
                )
            )
    return tables.TableView(
        "Derived model vs base, paired on shared problems",
        (
            "Derived model",
            "Base model",
            "Scope",
            "Metric",
            "Shared problems",
            "Derived",
            "Base",
            "Difference [CI]",
            "Derived higher",
            "Base higher",
            "Paired t p",
        ),
        tuple(body),
    )


def _difference_cell(row: Row, metric: str) -> str:
    """'+0.8 pp [-12.3, 13.9]', or the difference alone when the mart has no interval."""
    low, high = row[f"{metric}_ci_low"], row[f"{metric}_ci_high"]
    if low is None or high is None:
        return fmt.points_pp(row[f"{metric}_difference"])
    return fmt.points_with_interval(row[f"{metric}_difference"], low, high)


def adjustment_note(rows: Sequence[Row], alpha: float | None) -> str | None:
    if not rows or alpha is None:
        return None
    ps = [r[f"{m}_p_value"] for r in rows for m, _ in METRICS if r[f"{m}_p_value"] is not None]
    below = sum(p < alpha for p in ps)
    if below == 0:
        return (
            f"The p-values are not adjusted for the {fmt.count(len(ps))} tests in the table; "
            f"none is below {fmt.ALPHA} = {fmt.p_value(alpha)}, and an adjustment could only "
            "raise them, so it would not change this reading."
        )
    return (
        f"The p-values are not adjusted for the {fmt.count(len(ps))} tests in the table; "
        f"{fmt.count(below)} {'is' if below == 1 else 'are'} below {fmt.ALPHA} = "
        f"{fmt.p_value(alpha)} before adjustment, and a Holm adjustment over the table would "
        "raise them."
    )


def _design(row: Row) -> str:
    total, active = row["params_b"], row["active_params_b"]
    if total is None or active is None:
        return fmt.DASH
    if active < total - _EPS:
        return "mixture-of-experts"
    return "dense"


def design_table(data: MartData) -> tables.TableView:
    passed = {
        r["model_name"]: r
        for r in data.success_rates
        if r["scope"] == "all" and r["metric"] == "pass"
    }
    rows = sorted(
        data.tables[RESOURCE_EFFICIENCY.name],
        key=lambda r: (-(r["pass_rate"] or 0.0), r["display_name"]),
    )
    body = []
    for r in rows:
        body.append(
            (
                _model(r["display_name"], r["is_reference_model"]),
                fmt.text(r["family"]),
                fmt.params(r["params_b"]),
                fmt.params(r["active_params_b"]),
                _design(r),
                fmt.text(r["quantization"]),
                _pass_cell(r, passed.get(r["model_name"])),
            )
        )
    return tables.TableView(
        "Design features (registry) and pass@1",
        ("Model", "Family", "Params", "Active params", "Design", "Quantization", "Pass@1"),
        tuple(body),
    )


def _pass_cell(row: Row, sr: SuccessRate | None) -> str:
    return section_marts.rate_cell(row["pass_rate"], sr, row["n"])


def architecture_notes(data: MartData) -> list[str]:
    """Sentences chosen by rules over the registry columns; none claims a causal effect."""
    rows = data.tables[RESOURCE_EFFICIENCY.name]
    passed = {
        r["model_name"]: r
        for r in data.success_rates
        if r["scope"] == "all" and r["metric"] == "pass"
    }
    notes: list[str] = []
    moe = sorted(r["display_name"] for r in rows if _design(r) == "mixture-of-experts")
    dense = sorted(r["display_name"] for r in rows if _design(r) == "dense")
    unregistered = sorted(
        r["display_name"]
        for r in rows
        if _design(r) == fmt.DASH and r["size_band"] == tables.NOT_IN_REGISTRY
    )
    unknown = sorted(
        r["display_name"]
        for r in rows
        if _design(r) == fmt.DASH and r["size_band"] != tables.NOT_IN_REGISTRY
    )
    counts = []
    if moe:
        counts.append(
            f"{fmt.count(len(moe))} mixture-of-experts "
            f"{'model' if len(moe) == 1 else 'models'} (fewer active than total parameters: "
            f"{fmt.join_names([fmt.md_escape(n) for n in moe])})"
        )
    if dense:
        counts.append(f"{fmt.count(len(dense))} dense {'model' if len(dense) == 1 else 'models'}")
    if unknown:
        counts.append(
            f"{fmt.count(len(unknown))} with unknown parameter counts "
            f"({fmt.join_names([fmt.md_escape(n) for n in unknown])})"
        )
    if counts or unregistered:
        lineage = (
            "; only the derived-vs-base pairs above hold a model's lineage fixed"
            if data.tables.get(DERIVED_VS_BASE.name)
            else ""
        )
        described = f"The registry describes {'; '.join(counts)}. " if counts else ""
        absent = (
            f"{fmt.counted(len(unregistered), 'model')} "
            f"{'is' if len(unregistered) == 1 else 'are'} not in the registry, so "
            f"{'its' if len(unregistered) == 1 else 'their'} design is unknown "
            f"({fmt.join_names([fmt.md_escape(n) for n in unregistered])}). "
            if unregistered
            else ""
        )
        notes.append(
            described
            + absent
            + "Models of one design also differ in size, training data, vendor and quantization, "
            "and no test in this report compares designs, so these data do not isolate an effect "
            f"of architecture{lineage}."
        )
    sized = [r for r in rows if r["params_b"] is not None and r["pass_rate"] is not None]
    if len(sized) >= 2:
        largest = max(sized, key=lambda r: (r["params_b"], r["display_name"]))
        top = max(sized, key=lambda r: (r["pass_rate"], r["display_name"]))
        largest_text = (
            f"{_model(largest['display_name'], largest['is_reference_model'])} "
            f"({fmt.params(largest['params_b'])}, pass@1 "
            f"{_pass_cell(largest, passed.get(largest['model_name']))})"
        )
        if largest is top:
            notes.append(
                f"Among models with a known parameter count, the largest, {largest_text}, also "
                "has the highest pass@1 point estimate. With one model per size, size cannot be "
                "separated from the other differences between models."
            )
        else:
            top_text = (
                f"{_model(top['display_name'], top['is_reference_model'])} "
                f"({fmt.params(top['params_b'])}, {_pass_cell(top, passed.get(top['model_name']))})"
            )
            notes.append(
                f"Among models with a known parameter count, the largest, {largest_text}, does "
                f"not have the highest pass@1 point estimate; {top_text} does. Size alone does "
                "not order the models here; see section 2 for which differences are "
                "statistically distinguishable."
            )
    return notes


def theory_context(data: MartData) -> Context:
    rows = data.tables[DERIVED_VS_BASE.name]
    alpha = _alpha(data)
    reference = {r["model_name"] for r in data.success_rates if r["is_reference_model"]}
    efficiency = {r["model_name"]: r for r in data.tables[RESOURCE_EFFICIENCY.name]}
    return {
        "level": fmt.level(data.dataset_card["confidence_level"]),
        "alpha": fmt.p_value(alpha) if alpha is not None else fmt.DASH,
        "pairs": [pair_paragraph(r, alpha, reference, efficiency) for r in _main_scope_rows(rows)],
        "pair_notes": pair_notes(_main_scope_rows(rows), alpha),
        "paired": paired_table(rows, reference) if rows else None,
        "adjustment": adjustment_note(rows, alpha),
        "design": design_table(data),
        "architecture": architecture_notes(data),
    }


SECTIONS: tuple[Section, ...] = (
    Section(
        "theoretical_contributions", "sections/theoretical_contributions.md.j2", theory_context
    ),
)
