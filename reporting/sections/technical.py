"""Section 3, technical deep dive: 3.1 runtime and scaling, 3.2 response time and tokens.

Reads fct_runtime_stats, fct_scaling and fct_generation_cost (plus fct_success_rates for peer
groups and the pass rate's Wilson interval). Tables are formatted mart values; the sentences come
from reporting.narrative_technical.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import charts, rate_intervals, tables
from reporting import charts_technical as tcharts
from reporting import formatting as fmt
from reporting import narrative_technical as rules
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section
from reporting.tables import model_order

RUNTIME_MART = "fct_runtime_stats"
SCALING_MART = "fct_scaling"
COST_MART = "fct_generation_cost"

MARTS: tuple[MartSpec, ...] = (
    MartSpec(RUNTIME_MART, order_by="model_name, scope, measure"),
    MartSpec(SCALING_MART, order_by="model_name, procs"),
    MartSpec(COST_MART, order_by="level, model_name"),
)

# The runtime measure shown in 3.1 (the reference report's "Avg Runtime"): per attempt, the mean
# over its valid runs. fct_runtime_stats also holds best_runtime (the fastest run).
MEASURE = "avg_runtime"
MEASURE_LABEL = "Runtime (mean of an attempt's valid runs)"
RUNTIME_SCOPES: tuple[tuple[str, str], ...] = (
    ("serial", "Serial code performance"),
    ("mpi", "MPI code performance"),
)
NOT_RECORDED = "not recorded"

Row = Mapping[str, Any]


def _peer_groups(data: MartData) -> dict[str, str | None]:
    return {m.model_name: m.peer_group for m in tables.models_in(data.success_rates)}


def _sorted(rows: Sequence[Row], order: Sequence[str]) -> list[Row]:
    position = {name: i for i, name in enumerate(order)}
    return sorted(rows, key=lambda r: position.get(str(r["display_name"]), len(position)))


def _peer(row: Row, peer_groups: Mapping[str, str | None]) -> str:
    return tables.peer_group_label(peer_groups.get(row["model_name"]))


def runtime_table(
    rows: Sequence[Row], title: str, peer_groups: Mapping[str, str | None]
) -> tables.TableView:
    body = []
    for r in rows:
        empty = not r["n"]
        body.append(
            (
                rules.name(r),
                _peer(r, peer_groups),
                fmt.count(r["n"]),
                fmt.DASH
                if empty
                else f"{fmt.seconds(r['median_s'])} [{fmt.seconds(r['p25_s'])}, "
                f"{fmt.seconds(r['p75_s'])}]",
                fmt.seconds_with_interval(
                    r["geometric_mean_s"], r["geometric_ci_low_s"], r["geometric_ci_high_s"]
                ),
                fmt.seconds_with_interval(r["mean_s"], r["ci_low_s"], r["ci_high_s"]),
                fmt.count(r["n_below_timer_resolution"]),
            )
        )
    return tables.TableView(
        title=title,
        headers=(
            "Model",
            "Peer group",
            "n",
            "Median [p25, p75]",
            "Geometric mean [CI]",
            "Arithmetic mean [t-CI]",
            "Below timer resolution",
        ),
        rows=tuple(body),
    )


def scaling_table(
    rows: Sequence[Row], procs: int, peer_groups: Mapping[str, str | None]
) -> tables.TableView:
    body = []
    for r in rows:
        body.append(
            (
                rules.name(r),
                _peer(r, peer_groups),
                fmt.count(r["n"]),
                fmt.speedup_with_interval(
                    r["geometric_mean"], r["geometric_ci_low"], r["geometric_ci_high"]
                ),
                fmt.speedup_with_interval(
                    r["arithmetic_mean"], r["arithmetic_ci_low"], r["arithmetic_ci_high"]
                ),
                fmt.percent(r["geometric_efficiency"]),
                fmt.share_of(r["share_speedup_above_1"], r["n_speedup_above_1"], r["n"]),
                fmt.share_of(r["share_superlinear"], r["n_superlinear"], r["n"]),
                rules.speedup_reading(r),
            )
        )
    return tables.TableView(
        title=f"Speedup at {procs} ranks",
        headers=(
            "Model",
            "Peer group",
            "n",
            "Geometric mean [CI]",
            "Arithmetic mean [t-CI]",
            "Efficiency (geometric)",
            "Speedup > 1",
            f"Superlinear (> {procs})",
            "Reading",
        ),
        rows=tuple(body),
    )


def runtime_context(data: MartData) -> Context:
    peer_groups = _peer_groups(data)
    runtime = [r for r in data.tables[RUNTIME_MART] if r["measure"] == MEASURE]
    scaling = data.tables[SCALING_MART]
    order = model_order([*runtime, *scaling], peer_groups)
    confidence = next(
        (r["confidence_level"] for r in runtime if r["confidence_level"] is not None), None
    )
    resolution = next((r["timer_resolution_s"] for r in runtime), None)
    scopes_present = {r["scope"] for r in runtime}
    runtime_blocks = []
    shown_rows: list[Row] = []
    for scope, title in RUNTIME_SCOPES:
        if scope not in scopes_present:
            continue
        rows = _sorted([r for r in runtime if r["scope"] == scope], order)
        shown_rows.extend(rows)
        label = fmt.scope_label(scope)
        runtime_blocks.append(
            {
                "title": title,
                "table": runtime_table(rows, f"{title}: {MEASURE_LABEL.lower()}", peer_groups),
                "notes": [
                    note
                    for note in (
                        rules.timer_resolution_note(rows, label),
                        rules.runtime_range_note(rows, label),
                        rules.missing_runtime_note(rows, label),
                    )
                    if note
                ],
            }
        )
    scaling_blocks = []
    for procs in sorted({r["procs"] for r in scaling}):
        rows = _sorted([r for r in scaling if r["procs"] == procs], order)
        scaling_blocks.append(
            {
                "procs": procs,
                "table": scaling_table(rows, procs, peer_groups),
                "sentences": rules.scaling_sentences(rows, procs),
                "ideal": rules.ideal_note(rows, procs),
                "superlinear": rules.superlinear_note(rows, procs),
            }
        )
    return {
        "level": fmt.level(confidence),
        "measure_label": MEASURE_LABEL,
        "resolution": fmt.seconds(resolution),
        "runtime_blocks": runtime_blocks,
        "negative_t": rules.negative_t_interval_note(shown_rows),
        "scaling_blocks": scaling_blocks,
        "arithmetic_gap": rules.arithmetic_gap_note(scaling),
    }


def runtime_figures(data: MartData) -> list[charts.Figure]:
    peer_groups = _peer_groups(data)
    runtime = [r for r in data.tables[RUNTIME_MART] if r["measure"] == MEASURE]
    scaling = data.tables[SCALING_MART]
    order = model_order([*runtime, *scaling], peer_groups)
    scopes = [s for s, _ in RUNTIME_SCOPES if any(r["scope"] == s for r in runtime)]
    figures = [
        tcharts.runtime_chart(runtime, order, scopes, MEASURE_LABEL),
        tcharts.speedup_chart(scaling, order),
    ]
    return [f for f in figures if f is not None]


# --- 3.2 -------------------------------------------------------------------------------------


def _measure_cells(row: Row, prefix: str, decimals: int, with_sd: bool = True) -> list[str]:
    """n, mean [t-CI], median (and SD); 'not recorded' everywhere when the model has none."""
    width = 4 if with_sd else 3
    if not row[f"{prefix}_n"]:
        return [NOT_RECORDED] * width
    cells = [
        fmt.count(row[f"{prefix}_n"]),
        fmt.decimal_with_interval(
            row[f"{prefix}_mean"], row[f"{prefix}_ci_low"], row[f"{prefix}_ci_high"], decimals
        ),
        fmt.decimal(row[f"{prefix}_median"], decimals),
    ]
    if with_sd:
        cells.append(fmt.decimal(row[f"{prefix}_sd"], decimals))
    return cells


def response_time_table(rows: Sequence[Row], peer_groups: Mapping[str, str | None]) -> Any:
    return tables.TableView(
        title="Response time (seconds) by model",
        headers=("Model", "Peer group", "n", "Mean [t-CI]", "Median", "SD"),
        rows=tuple(
            (rules.name(r), _peer(r, peer_groups), *_measure_cells(r, "response_time_s", 2))
            for r in rows
        ),
    )


def token_table(rows: Sequence[Row], peer_groups: Mapping[str, str | None]) -> Any:
    body = []
    for r in rows:
        if not r["completion_tokens_n"] and not r["total_tokens_n"]:
            body.append((rules.name(r), _peer(r, peer_groups), *([NOT_RECORDED] * 7)))
            continue
        body.append(
            (
                rules.name(r),
                _peer(r, peer_groups),
                fmt.count(r["completion_tokens_n"]),
                fmt.decimal_with_interval(
                    r["total_tokens_mean"], r["total_tokens_ci_low"], r["total_tokens_ci_high"], 1
                ),
                fmt.decimal_with_interval(
                    r["prompt_tokens_mean"],
                    r["prompt_tokens_ci_low"],
                    r["prompt_tokens_ci_high"],
                    1,
                ),
                fmt.decimal_with_interval(
                    r["completion_tokens_mean"],
                    r["completion_tokens_ci_low"],
                    r["completion_tokens_ci_high"],
                    1,
                ),
                fmt.decimal(r["completion_tokens_median"], 1),
                fmt.decimal(r["builds_per_1k_completion_tokens"], 2),
                fmt.decimal(r["passes_per_1k_completion_tokens"], 2),
            )
        )
    return tables.TableView(
        title="Token usage by model (means per attempt with t-CI)",
        headers=(
            "Model",
            "Peer group",
            "n",
            "Total tokens",
            "Prompt tokens",
            "Completion tokens",
            "Completion median",
            "Builds per 1,000 completion tokens",
            "Passes per 1,000 completion tokens",
        ),
        rows=tuple(body),
    )


def _correlation_cells(row: Row, prefix: str) -> list[str]:
    if not row[f"{prefix}_pass_corr_n"]:
        return [NOT_RECORDED] * 3
    return [
        fmt.count(row[f"{prefix}_pass_corr_n"]),
        rules.r_with_p(row[f"{prefix}_pass_pearson_r"], row[f"{prefix}_pass_pearson_p"]),
        rules.r_with_p(row[f"{prefix}_pass_spearman_rho"], row[f"{prefix}_pass_spearman_p"]),
    ]


def correlation_table(
    rows: Sequence[Row], across: Row | None, peer_groups: Mapping[str, str | None]
) -> Any:
    body = [
        (
            rules.name(r),
            *_correlation_cells(r, "response_time_s"),
            *_correlation_cells(r, "completion_tokens"),
        )
        for r in rows
    ]
    if across is not None:
        body.append(
            (
                "Across models (model means vs pass rates)",
                *_correlation_cells(across, "response_time_s"),
                *_correlation_cells(across, "completion_tokens"),
            )
        )
    return tables.TableView(
        title="Correlation with passing (per attempt: pass = 1, fail = 0)",
        headers=(
            "Model",
            "n (time)",
            "Response time: Pearson r (p)",
            "Response time: Spearman \u03c1 (p)",
            "n (tokens)",
            "Completion tokens: Pearson r (p)",
            "Completion tokens: Spearman \u03c1 (p)",
        ),
        rows=tuple(body),
    )


def generation_context(data: MartData) -> Context:
    peer_groups = _peer_groups(data)
    cost = data.tables[COST_MART]
    models = [r for r in cost if r["level"] == "model"]
    across = next((r for r in cost if r["level"] == "across_models"), None)
    order = model_order(models, peer_groups)
    models = _sorted(models, order)
    confidence = next((r["confidence_level"] for r in cost if r["confidence_level"]), None)
    alpha = 1 - confidence if confidence is not None else 0.05
    return {
        "level": fmt.level(confidence),
        "alpha": f"{alpha:.3g}",
        "response_table": response_time_table(
            [r for r in models if r["response_time_s_n"]], peer_groups
        ),
        "response_missing": rules.not_recorded_note(models, "response_time_s_n", "response time"),
        "token_table": token_table(
            [r for r in models if r["completion_tokens_n"] or r["total_tokens_n"]], peer_groups
        ),
        "token_missing": rules.not_recorded_note(models, "completion_tokens_n", "token count"),
        "per_token": rules.per_token_note(models),
        "correlation_table": correlation_table(
            [
                r
                for r in models
                if r["response_time_s_pass_corr_n"] or r["completion_tokens_pass_corr_n"]
            ],
            across,
            peer_groups,
        ),
        "time_sentences": rules.correlation_sentences(
            models, "response_time_s", "response time", "a longer response time", alpha
        ),
        "token_sentences": rules.correlation_sentences(
            models, "completion_tokens", "completion-token count", "more completion tokens", alpha
        ),
        "time_across": rules.across_models_sentence(
            across, "response_time_s", "response time", alpha
        ),
        "token_across": rules.across_models_sentence(
            across, "completion_tokens", "completion tokens", alpha
        ),
        "weak_max": rules.WEAK_EVIDENCE_MAX_MODELS,
    }


def generation_figures(data: MartData) -> list[charts.Figure]:
    intervals = {
        r["model_name"]: rate_intervals.printed_bounds(r)
        for r in data.success_rates
        if r["metric"] == "pass" and r["scope"] == "all"
    }
    figure = tcharts.generation_cost_chart(data.tables[COST_MART], intervals)
    return [figure] if figure else []


SECTIONS: tuple[Section, ...] = (
    Section(
        "technical_runtime", "sections/technical_runtime.md.j2", runtime_context, runtime_figures
    ),
    Section(
        "technical_generation",
        "sections/technical_generation.md.j2",
        generation_context,
        generation_figures,
    ),
)
