"""Appendix B: assumption checks (sample size, normality, variance homogeneity, independence,
multiple comparisons) from fct_assumption_checks and the comparison marts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting import tables
from reporting.marts import MartData, MartSpec
from reporting.narrative_statistics import alpha
from reporting.section_marts import REFERENCE
from reporting.sections.base import Context, Section

Row = Mapping[str, Any]

CHECKS = MartSpec("fct_assumption_checks", order_by="measure, scope, model_name")

MARTS: tuple[MartSpec, ...] = (CHECKS, REFERENCE)

BINARY = ("build", "valid_given_build", "pass")
CONTINUOUS = (
    ("best_runtime", "best runtime"),
    ("avg_runtime", "average runtime"),
    ("speedup_2proc", "speedup, 2 processes"),
    ("speedup_4proc", "speedup, 4 processes"),
    ("response_time", "response time"),
    ("total_tokens", "total tokens"),
)
_CONTINUOUS_LABELS = dict(CONTINUOUS)
RUNTIME_MEASURES = ("best_runtime", "avg_runtime", "speedup_2proc", "speedup_4proc")


def _model(r: dict) -> str:
    name = fmt.md_escape(r["display_name"])
    return fmt.bold(name) if r["is_reference_model"] else name


def _number(value: float | None) -> str:
    return fmt.effect_size(value)


def sample_size(rows: Sequence[dict]) -> Context:
    binary = [r for r in rows if r["measure_kind"] == "binary"]
    combined = [r for r in binary if r["scope"] == "all"]
    cell = {(r["model_name"], r["measure"]): r for r in combined}
    models = sorted(
        {r["model_name"]: r for r in combined}.values(),
        key=lambda r: (r["display_name"], r["model_name"]),
    )
    metrics = [m for m in BINARY if any(r["measure"] == m for r in combined)]
    body = []
    for m in models:
        cells = [_model(m)]
        for metric in metrics:
            r = cell.get((m["model_name"], metric))
            if r is None:
                cells.append(fmt.DASH)
                continue
            cells.append(
                f"{fmt.boolean(r['np_adequate'])} "
                f"(n = {fmt.count(r['n'])}, {fmt.percent(r['rate'])})"
            )
        body.append(tuple(cells))
    inadequate = [r for r in binary if not r["np_adequate"]]
    by_scope = {}
    for scope in tables.ordered_scopes(r["scope"] for r in binary):
        scoped = [r for r in binary if r["scope"] == scope]
        bad = [r for r in scoped if not r["np_adequate"]]
        by_scope[fmt.scope_label(scope)] = f"{fmt.count(len(bad))} of {fmt.count(len(scoped))}"
    return {
        "table": tables.TableView(
            "Normal approximation adequate (n·p rule), combined scope",
            ("Model", *[fmt.metric_label(m).capitalize() for m in metrics]),
            tuple(body),
        )
        if body
        else None,
        "by_scope": by_scope,
        "any_inadequate": bool(inadequate),
    }


def normality(rows: Sequence[dict]) -> Context:
    continuous = [
        r
        for r in rows
        if r["measure_kind"] == "continuous" and r["scope"] == "all" and (r["n"] or 0) > 0
    ]
    order = {m: i for i, (m, _) in enumerate(CONTINUOUS)}
    continuous.sort(key=lambda r: (order.get(r["measure"], 99), r["display_name"]))
    body = tuple(
        (
            fmt.text(_CONTINUOUS_LABELS.get(r["measure"], r["measure"])),
            _model(r),
            fmt.count(r["n"]),
            _number(r["skewness"]),
            _number(r["excess_kurtosis"]),
            fmt.p_value(r["jarque_bera_p"]),
            fmt.p_value(r["k2_p"]),
            normality_label(r),
        )
        for r in continuous
    )
    empty = sorted(
        {
            _CONTINUOUS_LABELS.get(r["measure"], r["measure"])
            for r in rows
            if r["measure_kind"] == "continuous" and r["scope"] == "all"
        }
        - {_CONTINUOUS_LABELS.get(r["measure"], r["measure"]) for r in continuous}
    )
    missing = {}
    for measure, label in CONTINUOUS:
        names = [
            _model(r)
            for r in rows
            if r["measure"] == measure and r["scope"] == "all" and (r["n"] or 0) == 0
        ]
        if names and label not in empty:
            missing[label] = fmt.join_names(sorted(names))
    tested = [r for r in continuous if r["k2_p"] is not None]
    not_normal = [r for r in tested if normality_label(r) == "not normal"]
    runtime = [r for r in tested if r["measure"] in RUNTIME_MEASURES]
    runtime_not_normal = [r for r in runtime if normality_label(r) == "not normal"]
    skews = sorted(r["skewness"] for r in runtime if r["skewness"] is not None)
    return {
        "table": tables.TableView(
            "Normality of the continuous measures (combined scope)",
            (
                "Measure",
                "Model",
                "n",
                "Skewness",
                "Excess kurtosis",
                "Jarque–Bera p",
                "K² p",
                "Verdict",
            ),
            body,
        )
        if body
        else None,
        "empty_measures": [fmt.md_escape(m) for m in empty],
        "missing": [(fmt.md_escape(k), v) for k, v in missing.items()],
        "tested": fmt.count(len(tested)),
        "not_normal": fmt.count(len(not_normal)),
        "runtime_tested": fmt.count(len(runtime)),
        "runtime_not_normal": fmt.count(len(runtime_not_normal)),
        "runtime_skew_median": _number(skews[len(skews) // 2]) if skews else None,
        "runtime_mostly_not_normal": bool(runtime) and 2 * len(runtime_not_normal) > len(runtime),
    }


def homogeneity(rows: Sequence[dict]) -> Context:
    seen: dict[tuple[str, str], dict] = {}
    for r in rows:
        if r["measure_kind"] == "continuous" and r["bf_n_groups"] is not None:
            seen.setdefault((r["measure"], r["scope"]), r)
    order = {m: i for i, (m, _) in enumerate(CONTINUOUS)}
    scope_order = {s: i for i, s in enumerate(tables.ordered_scopes(s for _, s in seen))}
    keys = sorted(seen, key=lambda k: (order.get(k[0], 99), scope_order[k[1]]))
    body = []
    unequal = 0
    for key in keys:
        r = seen[key]
        level = r["confidence_level"]
        if r["bf_p"] is None:
            verdict = "not computable"
        elif r["bf_p"] < ns.alpha(level):
            verdict = "variances differ"
            unequal += 1
        else:
            verdict = "no evidence of unequal variances"
        body.append(
            (
                fmt.text(_CONTINUOUS_LABELS.get(r["measure"], r["measure"])),
                fmt.scope_label(r["scope"]),
                fmt.count(r["bf_n_groups"]),
                _number(r["bf_statistic"]),
                f"{fmt.count(r['bf_df1'])}, {fmt.count(r['bf_df2'])}",
                fmt.p_value(r["bf_p"]),
                verdict,
            )
        )
    return {
        "table": tables.TableView(
            "Brown–Forsythe test of equal variances across models",
            ("Measure", "Scope", "Models", "W", "df", "p", "Verdict"),
            tuple(body),
        )
        if body
        else None,
        "unequal": fmt.count(unequal),
        "total": fmt.count(len(body)),
    }


def multiple_comparisons(data: MartData) -> Context:
    rows = [
        r
        for r in data.tables.get(REFERENCE.name, [])
        if r["scope"] == "all" and not r["is_reference_model"] and r["p_value"] is not None
    ]
    order = {m: i for i, m in enumerate(("build", "pass", "valid_given_build"))}
    rows.sort(key=lambda r: (order.get(r["metric"], 9), r["p_value"], r["display_name"]))
    families: dict[str, int] = {}
    for r in rows:
        families[r["metric"]] = families.get(r["metric"], 0) + 1
    body = tuple(
        (
            fmt.metric_label(r["metric"]),
            _model(r),
            fmt.p_value(r["p_value"]),
            fmt.p_value(r["holm_p"]),
            fmt.p_value(r["bh_q"]),
            fmt.count(families[r["metric"]]),
        )
        for r in rows
    )
    level = rows[0]["confidence_level"] if rows else None
    a = ns.alpha(level)
    raw = sum(1 for r in rows if r["p_value"] < a)
    holm = sum(1 for r in rows if r["holm_p"] is not None and r["holm_p"] < a)
    bh = sum(1 for r in rows if r["bh_q"] is not None and r["bh_q"] < a)
    return {
        "table": tables.TableView(
            "Comparisons with the reference model: raw and adjusted p (combined scope)",
            ("Metric", "Model", "p (paired t)", "Holm p", "BH q", "Family size (reference family)"),
            body,
        )
        if body
        else None,
        "tests": fmt.count(len(rows)),
        "raw": fmt.count(raw),
        "holm": fmt.count(holm),
        "bh": fmt.count(bh),
        "alpha": fmt.p_value(a),
    }


def assumptions_context(data: MartData) -> Context:
    rows = data.tables.get(CHECKS.name, [])
    independence = sorted({r["independence_handling"] for r in rows if r["independence_handling"]})
    return {
        "sample_size": sample_size(rows),
        "normality": normality(rows),
        "homogeneity": homogeneity(rows),
        "independence": [fmt.md_escape(text) for text in independence],
        "multiple": multiple_comparisons(data),
    }


# Sentence rules -------------------------------------------------------------------------------


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


SECTIONS: tuple[Section, ...] = (
    Section("assumption_checks", "sections/assumption_checks.md.j2", assumptions_context),
)
