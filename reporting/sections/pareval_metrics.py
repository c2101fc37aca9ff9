"""Section 3.3: ParEval's own metrics (the paper's table per execution model) and scaling curves.

Reads fct_pareval_metrics (build@k, pass@k, speedup_n@k, efficiency_n@k per model, execution model,
problem type and k; problem_type 'all' is the paper's overall number) and fct_scaling_curves
(speedup against resources), plus display names from fct_success_rates. Python only selects, orders
and formats mart rows; sentences that depend on the data are chosen by the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting import charts, charts_pareval, ranks, tables
from reporting import formatting as fmt
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

PAREVAL_METRICS = MartSpec(
    "fct_pareval_metrics", order_by="model_name, parallelism_model, problem_type, k", required=False
)
SCALING_CURVES = MartSpec(
    "fct_scaling_curves", order_by="model_name, parallelism_model, resources", required=False
)

MARTS: tuple[MartSpec, ...] = (PAREVAL_METRICS, SCALING_CURVES, ranks.TIERS)

#: Above this many models the scaling chart draws the reference and the best and worst few by
#: pass@1 (one colour each, a legend that fits); the mart holds every model's curve.
MAX_CURVE_MODELS = 7
#: Models drawn from each end of the pass@1 order when the chart is cut.
CURVE_MODELS_PER_END = 3

#: ParEval's order of its execution models (prompts/generation-prompts.json).
EXECUTION_MODEL_ORDER = ("serial", "omp", "mpi", "mpi+omp", "kokkos", "cuda", "hip")

Row = dict[str, Any]


def _names(data: MartData) -> dict[str, tuple[str, bool]]:
    """model_name -> (display name, is reference), from the rates mart every build has."""
    return {
        r["model_name"]: (r["display_name"] or r["model_name"], bool(r["is_reference_model"]))
        for r in data.success_rates
    }


def _resources_text(row: Row) -> str:
    """'512 processes', '32 threads', '4 processes × 64 threads', or 'every valid run'."""
    parts = []
    if row["speedup_n_procs"] is not None:
        parts.append(f"{fmt.count(row['speedup_n_procs'])} processes")
    if row["speedup_n_threads"] is not None:
        parts.append(f"{fmt.count(row['speedup_n_threads'])} threads")
    return f" {fmt.TIMES} ".join(parts) if parts else "every valid run"


def _number(value: float | None) -> str:
    return fmt.DASH if value is None else f"{value:,.3f}" if value < 1000 else f"{value:,.0f}"


def _execution_model_blocks(
    rows: Sequence[Row], names: dict[str, tuple[str, bool]]
) -> list[Context]:
    overall = [r for r in rows if r["problem_type"] == "all"]
    # Without any run list (the 19-column file) the per-run build@1 equals build@1 and nothing
    # was timed: those three columns are left out rather than shown as copies and dashes.
    timed = any(r["speedup_at_k"] is not None for r in overall)
    ks = sorted({r["k"] for r in overall})
    higher_ks = [k for k in ks if k != 1]
    blocks = []
    present = {r["parallelism_model"] for r in overall}
    ordered = [em for em in EXECUTION_MODEL_ORDER if em in present]
    ordered += sorted(present - set(EXECUTION_MODEL_ORDER))
    for em in ordered:
        by_model: dict[str, dict[int, Row]] = {}
        for r in overall:
            if r["parallelism_model"] == em:
                by_model.setdefault(r["model_name"], {})[r["k"]] = r
        models = sorted(
            (m for m in by_model if 1 in by_model[m]),
            key=lambda m: (-(by_model[m][1]["pass_at_k"] or 0.0), names.get(m, (m, False))[0]),
        )
        if not models:
            continue
        table_rows = []
        for m in models:
            one = by_model[m][1]
            display, is_reference = names.get(m, (m, False))
            table_rows.append(
                (
                    fmt.model_name(display, is_reference),
                    fmt.count(one["n_problems"]),
                    fmt.percent(one["build_at_k"]),
                    *([fmt.percent(one["build_at_k_pareval"])] if timed else []),
                    fmt.percent(one["pass_at_k"]),
                    *(
                        fmt.percent(by_model[m][k]["pass_at_k"]) if k in by_model[m] else fmt.DASH
                        for k in higher_ks
                    ),
                    *(
                        [_number(one["speedup_at_k"]), _number(one["efficiency_at_k"])]
                        if timed
                        else []
                    ),
                )
            )
        first = by_model[models[0]][1]
        name = fmt.parallelism_model_name(em)
        blocks.append(
            {
                "title": name,
                "resources": _resources_text(first),
                "divisor": first["efficiency_divisor"],
                "table": tables.TableView(
                    title=f"ParEval metrics, {name}",
                    headers=(
                        "Model",
                        "Problems",
                        "build@1",
                        *(["build@1 (ParEval, per run)"] if timed else []),
                        "pass@1",
                        *(f"pass@{k}" for k in higher_ks),
                        *(["speedup@1", "efficiency@1"] if timed else []),
                    ),
                    rows=tuple(table_rows),
                ),
                "untimed": all(by_model[m][1]["speedup_at_k"] is None for m in models),
            }
        )
    return blocks


def _pass_order(data: MartData) -> list[str]:
    """Model names by combined pass@1, best first: fct_model_tiers' position (the rate order of
    fct_model_ranks), then the models it does not rank by their fct_success_rates pass rate."""
    ranked = sorted(
        (r for r in data.tables.get(ranks.TIERS.name, []) if r["scope"] == "all"
         and r["metric"] == "pass" and r["position"] is not None),
        key=lambda r: (r["position"], r["model_name"]),
    )  # fmt: skip
    order = [r["model_name"] for r in ranked]
    rest = sorted(
        (r for r in data.success_rates if r["scope"] == "all" and r["metric"] == "pass"),
        key=lambda r: (-(r["rate"] or 0.0), r["model_name"]),
    )
    order += [r["model_name"] for r in rest if r["model_name"] not in order]
    return order


def curve_selection(data: MartData, curves: Sequence[Row]) -> tuple[list[str], str | None]:
    """The models the scaling chart draws, in pass@1 order, and the caption sentence saying which
    (None when every model is drawn). With more than MAX_CURVE_MODELS models: the reference and
    the CURVE_MODELS_PER_END best and worst others by combined pass@1."""
    with_curves = {r["model_name"] for r in curves if r["geometric_mean_speedup"]}
    order = [m for m in _pass_order(data) if m in with_curves]
    order += sorted(with_curves - set(order))
    if len(order) <= MAX_CURVE_MODELS:
        return order, None
    names = _names(data)
    reference = [m for m in order if names.get(m, (m, False))[1]]
    others = [m for m in order if m not in reference]
    k = CURVE_MODELS_PER_END
    shown = set(reference + others[:k] + others[-k:])
    selected = [m for m in order if m in shown]
    who = "the reference model and " if reference else ""
    return selected, (
        f"With {fmt.count(len(order))} models, the chart draws {fmt.count(len(selected))}: "
        f"{who}the {fmt.count(k)} with the highest and the {fmt.count(k)} with the lowest combined "
        "pass@1 (the rank order of section 1.1); every model's curve is in the mart "
        "`fct_scaling_curves`."
    )


def pareval_metrics_context(data: MartData) -> Context:
    rows = data.tables.get(PAREVAL_METRICS.name)
    curves = data.tables.get(SCALING_CURVES.name) or []
    if rows is None:
        return {"available": False}
    names = _names(data)
    blocks = _execution_model_blocks(rows, names)
    reference = [display for display, is_ref in names.values() if is_ref]
    level = fmt.level(curves[0]["confidence_level"]) if curves else None
    return {
        "available": True,
        "blocks": blocks,
        "reference": fmt.model_name(reference[0], True) if reference else None,
        "any_untimed": any(b["untimed"] for b in blocks),
        "all_untimed": bool(blocks) and all(b["untimed"] for b in blocks),
        "has_curves": bool(curves),
        "curve_models": [
            fmt.parallelism_model_name(em)
            for em in charts_pareval.PANEL_ORDER
            if any(r["parallelism_model"] == em for r in curves)
        ],
        "level": level,
        "curve_selection": curve_selection(data, curves)[1],
    }


def pareval_figures(data: MartData) -> list[charts.Figure]:
    curves = data.tables.get(SCALING_CURVES.name) or []
    shown, _ = curve_selection(data, curves)
    figure = charts_pareval.scaling_curves_chart(curves, _names(data), shown)
    return [figure] if figure else []


SECTIONS: tuple[Section, ...] = (
    Section(
        "pareval_metrics",
        "sections/pareval_metrics.md.j2",
        pareval_metrics_context,
        pareval_figures,
    ),
)
