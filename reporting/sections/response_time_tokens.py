"""Section 3.2, response time and token efficiency: per model, the response time and the token
counts with their intervals, passes per 1,000 completion tokens, and the correlation of each with
passing, read from fct_generation_cost, with the sentences chosen from them.

Every sentence rule reads mart rows and returns escaped markdown (or None when it has nothing to
say). A p-value at or above alpha is "no evidence of a correlation", never "no correlation".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reporting import charts, rate_intervals, tables
from reporting import charts_technical as tcharts
from reporting import formatting as fmt
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec
from reporting.section_marts import peer_cell, peer_groups_of, sort_by_order
from reporting.section_marts import row_name as name
from reporting.sections.base import Context, Section
from reporting.tables import model_order

COST_MART = "fct_generation_cost"

MARTS: tuple[MartSpec, ...] = (MartSpec(COST_MART, order_by="level, model_name"),)

NOT_RECORDED = "not recorded"

# A correlation over this many models or fewer is called weak evidence, whatever its p-value:
# each point is a model mean, the models differ in many ways at once, and one model can move r.
WEAK_EVIDENCE_MAX_MODELS = 10

Row = Mapping[str, Any]


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
            (name(r), peer_cell(r, peer_groups), *_measure_cells(r, "response_time_s", 2))
            for r in rows
        ),
    )


def token_table(rows: Sequence[Row], peer_groups: Mapping[str, str | None]) -> Any:
    body = []
    for r in rows:
        if not r["completion_tokens_n"] and not r["total_tokens_n"]:
            body.append((name(r), peer_cell(r, peer_groups), *([NOT_RECORDED] * 7)))
            continue
        body.append(
            (
                name(r),
                peer_cell(r, peer_groups),
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
        r_with_p(row[f"{prefix}_pass_pearson_r"], row[f"{prefix}_pass_pearson_p"]),
        r_with_p(row[f"{prefix}_pass_spearman_rho"], row[f"{prefix}_pass_spearman_p"]),
    ]


def correlation_table(
    rows: Sequence[Row], across: Row | None, peer_groups: Mapping[str, str | None]
) -> Any:
    body = [
        (
            name(r),
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
    peer_groups = peer_groups_of(data)
    cost = data.tables[COST_MART]
    models = [r for r in cost if r["level"] == "model"]
    across = next((r for r in cost if r["level"] == "across_models"), None)
    order = model_order(models, peer_groups)
    models = sort_by_order(models, order)
    confidence = next((r["confidence_level"] for r in cost if r["confidence_level"]), None)
    alpha = 1 - confidence if confidence is not None else 0.05
    return {
        "level": fmt.level(confidence),
        "alpha": f"{alpha:.3g}",
        "response_table": response_time_table(
            [r for r in models if r["response_time_s_n"]], peer_groups
        ),
        "response_missing": not_recorded_note(models, "response_time_s_n", "response time"),
        "token_table": token_table(
            [r for r in models if r["completion_tokens_n"] or r["total_tokens_n"]], peer_groups
        ),
        "token_missing": not_recorded_note(models, "completion_tokens_n", "token count"),
        "per_token": per_token_note(models),
        "correlation_table": correlation_table(
            [
                r
                for r in models
                if r["response_time_s_pass_corr_n"] or r["completion_tokens_pass_corr_n"]
            ],
            across,
            peer_groups,
        ),
        "time_sentences": correlation_sentences(
            models, "response_time_s", "response time", "a longer response time", alpha
        ),
        "token_sentences": correlation_sentences(
            models, "completion_tokens", "completion-token count", "more completion tokens", alpha
        ),
        "time_across": across_models_sentence(across, "response_time_s", "response time", alpha),
        "token_across": across_models_sentence(
            across, "completion_tokens", "completion tokens", alpha
        ),
        "weak_max": WEAK_EVIDENCE_MAX_MODELS,
    }


def generation_figures(data: MartData) -> list[charts.Figure]:
    intervals = {
        r["model_name"]: rate_intervals.printed_bounds(r)
        for r in data.success_rates
        if r["metric"] == "pass" and r["scope"] == "all"
    }
    figure = tcharts.generation_cost_chart(data.tables[COST_MART], intervals)
    return [figure] if figure else []


# Sentence rules -------------------------------------------------------------------------------


def not_recorded_note(rows: Sequence[Row], n_column: str, what: str) -> str | None:
    """Which models recorded a measure, when some did not: the table lists only those, and the
    others are named as left out (never counted as 0)."""
    recorded = [name(r) for r in rows if r[n_column]]
    missing = [name(r) for r in rows if not r[n_column]]
    if not missing:
        return None
    if not recorded:
        return f"No model's results hold a {what}, so there is no {what} statistic."
    return (
        f"Only {join(recorded)} recorded a {what} ({fmt.count(len(recorded))} of "
        f"{fmt.count(len(rows))} models); the table lists those, and the other "
        f"{fmt.count(len(missing))} ({join(missing)}) are left out of every {what} statistic "
        "and correlation (not counted as 0)."
    )


def per_token_note(rows: Sequence[Row]) -> str | None:
    """Highest passes per 1,000 completion tokens, as a point estimate only."""
    with_values = sorted(
        (r for r in rows if r["passes_per_1k_completion_tokens"] is not None),
        key=lambda r: (-r["passes_per_1k_completion_tokens"], r["display_name"]),
    )
    if len(with_values) < 2:
        return None
    top, low = with_values[0], with_values[-1]
    return (
        f"Passes per 1,000 completion tokens range from "
        f"{fmt.decimal(low['passes_per_1k_completion_tokens'])} ({name(low)}) to "
        f"{fmt.decimal(top['passes_per_1k_completion_tokens'])} ({name(top)}). These are ratios "
        "of totals without an interval; read them as a description of this run, not a ranking."
    )


def _direction(r: float, more: str) -> str:
    """'attempts with <more> passed less often' for a negative r, 'more often' for a positive."""
    return f"attempts with {more} passed {'less' if r < 0 else 'more'} often"


def correlation_sentences(
    rows: Sequence[Row], prefix: str, measure: str, more: str, alpha: float
) -> list[str]:
    """Per-model point-biserial correlations of a measure with pass, grouped by p and sign."""
    r_col, p_col = f"{prefix}_pass_pearson_r", f"{prefix}_pass_pearson_p"
    tested = [r for r in rows if r[p_col] is not None]
    if not tested:
        return []
    alpha_text = f"{alpha:.3g}"
    negative = [r for r in tested if r[p_col] < alpha and r[r_col] < 0]
    positive = [r for r in tested if r[p_col] < alpha and r[r_col] > 0]
    rest = [r for r in tested if r[p_col] >= alpha]

    def listed(chosen: Iterable[Row]) -> str:
        return join(
            [f"{name(r)} (r = {fmt.effect_size(r[r_col])}, p {p_text(r[p_col])})" for r in chosen]
        )

    sentences = []
    if negative:
        sentences.append(
            f"Within {listed(negative)}, {_direction(-1.0, more)} (point-biserial p < "
            f"{alpha_text})."
        )
    if positive:
        sentences.append(
            f"Within {listed(positive)}, {_direction(1.0, more)} (point-biserial p < {alpha_text})."
        )
    if rest:
        sentences.append(
            f"For {join([name(r) for r in rest])} the data give no evidence of a correlation "
            f"between {measure} and passing (p \u2265 {alpha_text})."
        )
    tests = len(tested)
    if tests > 1:
        sentences.append(
            f"These are {tests} separate tests at \u03b1 = {alpha_text} without correction for "
            "multiplicity, and a correlation within a model does not say that the time or tokens "
            "cause failures (harder problems can take longer and fail more often)."
        )
    return sentences


def p_text(p: float | None) -> str:
    """'< 0.001' or '= 0.034', to follow a 'p'."""
    return fmt.p_phrase(p, "").lstrip()


def r_with_p(r: float | None, p: float | None) -> str:
    """'-0.46 (p < 0.001)'; a dash when the correlation is undefined (a constant variable)."""
    if r is None:
        return fmt.DASH
    return f"{fmt.effect_size(r)} (p {p_text(p)})"


def across_models_sentence(row: Row | None, prefix: str, measure: str, alpha: float) -> str | None:
    """The cross-model correlation (model means vs pass rates), always flagged when n is small."""
    if row is None:
        return None
    n = row[f"{prefix}_pass_corr_n"]
    r, p = row[f"{prefix}_pass_pearson_r"], row[f"{prefix}_pass_pearson_p"]
    rho = row[f"{prefix}_pass_spearman_rho"]
    if not n or r is None:
        return (
            f"Across models the {measure} cannot be correlated with the pass rate: too few models "
            "have it."
        )
    finding = (
        f"Across the {fmt.count(n)} models with {measure} data, model mean {measure} and pass "
        f"rate correlate with r = {fmt.effect_size(r)} (p {p_text(p)}) "
        f"and Spearman \u03c1 = {fmt.effect_size(rho)}."
    )
    if p is None or p >= alpha:
        finding += " That is not statistically distinguishable from no correlation."
    if n <= WEAK_EVIDENCE_MAX_MODELS:
        finding += (
            f" With {fmt.count(n)} models this is weak evidence either way: each point is a whole "
            "model, and the models differ in size, serving and provider at once."
        )
    return finding


SECTIONS: tuple[Section, ...] = (
    Section(
        "technical_generation",
        "sections/response_time_tokens.md.j2",
        generation_context,
        generation_figures,
    ),
)
