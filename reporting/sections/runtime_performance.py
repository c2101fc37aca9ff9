"""Section 3 (technical deep dive), 3.1 runtime performance analysis: runtimes of the serial and
MPI code (median, geometric and arithmetic mean with their intervals) and the speedup at each rank
count, read from fct_runtime_stats and fct_scaling, with the sentences chosen from them.

Every sentence rule reads mart rows and returns escaped markdown (or None when it has nothing to
say). Wording stays neutral: an interval that contains 1 is "not distinguishable from no speedup".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import charts, tables
from reporting import charts_technical as tcharts
from reporting import formatting as fmt
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec
from reporting.section_marts import peer_cell, peer_groups_of, sort_by_order
from reporting.section_marts import row_name as name
from reporting.sections.base import Context, Section
from reporting.tables import model_order

RUNTIME_MART = "fct_runtime_stats"
SCALING_MART = "fct_scaling"

MARTS: tuple[MartSpec, ...] = (
    MartSpec(RUNTIME_MART, order_by="model_name, scope, measure"),
    MartSpec(SCALING_MART, order_by="model_name, procs"),
)

# The runtime measure shown in 3.1 (the reference report's "Avg Runtime"): per attempt, the mean
# over its valid runs. fct_runtime_stats also holds best_runtime (the fastest run).
MEASURE = "avg_runtime"
MEASURE_LABEL = "Runtime (mean of an attempt's valid runs)"
RUNTIME_SCOPES: tuple[tuple[str, str], ...] = (
    ("serial", "Serial code performance"),
    ("mpi", "MPI code performance"),
)

# Speedup readings (by the geometric mean's confidence interval against 1).
FASTER = "faster on more ranks"
SLOWER = "slower on more ranks"
UNCLEAR = "not distinguishable from 1"
TOO_FEW = "too few values for an interval"
NO_DATA = "no speedup recorded"

Row = Mapping[str, Any]


def runtime_table(
    rows: Sequence[Row], title: str, peer_groups: Mapping[str, str | None]
) -> tables.TableView:
    body = []
    for r in rows:
        empty = not r["n"]
        body.append(
            (
                name(r),
                peer_cell(r, peer_groups),
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
                name(r),
                peer_cell(r, peer_groups),
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
                speedup_reading(r),
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


def pass_rates_of(data: MartData) -> dict[str, float | None]:
    """Combined pass@1 per model (fct_success_rates): the order of the runtime and speedup
    tables and charts, best first after the reference."""
    return {
        r["model_name"]: r["rate"]
        for r in data.success_rates
        if r["scope"] == "all" and r["metric"] == "pass"
    }


def runtime_context(data: MartData) -> Context:
    peer_groups = peer_groups_of(data)
    runtime = [r for r in data.tables[RUNTIME_MART] if r["measure"] == MEASURE]
    scaling = data.tables[SCALING_MART]
    order = model_order([*runtime, *scaling], peer_groups, pass_rates_of(data))
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
        rows = sort_by_order([r for r in runtime if r["scope"] == scope], order)
        shown_rows.extend(rows)
        label = fmt.scope_label(scope)
        runtime_blocks.append(
            {
                "title": title,
                "table": runtime_table(rows, f"{title}: {MEASURE_LABEL.lower()}", peer_groups),
                "notes": [
                    note
                    for note in (
                        timer_resolution_note(rows, label),
                        runtime_range_note(rows, label),
                        missing_runtime_note(rows, label),
                    )
                    if note
                ],
            }
        )
    scaling_blocks = []
    for procs in sorted({r["procs"] for r in scaling}):
        rows = sort_by_order([r for r in scaling if r["procs"] == procs], order)
        scaling_blocks.append(
            {
                "procs": procs,
                "table": scaling_table(rows, procs, peer_groups),
                "sentences": scaling_sentences(rows, procs),
                "ideal": ideal_note(rows, procs),
                "superlinear": superlinear_note(rows, procs),
            }
        )
    return {
        "level": fmt.level(confidence),
        "measure_label": MEASURE_LABEL,
        "resolution": fmt.seconds(resolution),
        "runtime_blocks": runtime_blocks,
        "negative_t": negative_t_interval_note(shown_rows),
        "scaling_blocks": scaling_blocks,
        "scaling_gaps": scaling_gaps_note(scaling),
        "superlinear_caveat": superlinear_caveat(scaling),
        "arithmetic_gap": arithmetic_gap_note(scaling),
    }


def runtime_figures(data: MartData) -> list[charts.Figure]:
    peer_groups = peer_groups_of(data)
    runtime = [r for r in data.tables[RUNTIME_MART] if r["measure"] == MEASURE]
    scaling = data.tables[SCALING_MART]
    order = model_order([*runtime, *scaling], peer_groups, pass_rates_of(data))
    scopes = [s for s, _ in RUNTIME_SCOPES if any(r["scope"] == s for r in runtime)]
    figures = [
        tcharts.runtime_chart(runtime, order, scopes, MEASURE_LABEL),
        tcharts.speedup_chart(scaling, order),
    ]
    return [f for f in figures if f is not None]


# Sentence rules -------------------------------------------------------------------------------


def timer_resolution_note(rows: Sequence[Row], scope_label: str) -> str | None:
    """How many runtimes of a scope lie below the timer resolution, and what that means."""
    with_values = [r for r in rows if r["n"]]
    if not with_values:
        return None
    below = sum(r["n_below_timer_resolution"] for r in with_values)
    total = sum(r["n"] for r in with_values)
    resolution = fmt.seconds(with_values[0]["timer_resolution_s"])
    if below == 0:
        return (
            f"{scope_label}: none of the {fmt.count(total)} runtimes lies below the timer "
            f"resolution ({resolution}); every value enters the geometric mean."
        )
    models = [name(r) for r in with_values if r["n_below_timer_resolution"]]
    return (
        f"{scope_label}: {fmt.count(below)} of {fmt.count(total)} runtimes "
        f"({fmt.percent(below / total)}) lie below the timer resolution ({resolution}), in "
        f"{fmt.counted(len(models), 'model')} ({join(models)}). They stay in n, the median, the "
        "quartiles and the arithmetic mean but are left out of the geometric mean and its "
        "interval: a value at the timer's noise floor (or exactly 0) says only that the run was "
        "too short to time, and its logarithm would dominate the mean of logs."
    )


def runtime_range_note(rows: Sequence[Row], scope_label: str) -> str | None:
    """The spread of model medians in a scope (a description, not a ranking)."""
    with_values = [r for r in rows if r["n"] and r["median_s"] is not None]
    if len(with_values) < 2:
        return None
    low = min(with_values, key=lambda r: (r["median_s"], r["display_name"]))
    high = max(with_values, key=lambda r: (r["median_s"], r["display_name"]))
    return (
        f"{scope_label}: model medians range from {fmt.seconds(low['median_s'])} "
        f"({name(low)}) to {fmt.seconds(high['median_s'])} ({name(high)})."
    )


def negative_t_interval_note(rows: Sequence[Row]) -> str | None:
    """Rows whose t-interval for the arithmetic mean reaches below zero (skew)."""
    negative = [r for r in rows if r["ci_low_s"] is not None and r["ci_low_s"] < 0]
    if not negative:
        return None
    return (
        f"For {fmt.counted(len(negative), 'row')} of these tables the t-interval of the arithmetic "
        "mean reaches below zero, which no runtime can: the distributions are strongly "
        "right-skewed, so the arithmetic mean and its t-interval describe them poorly. The "
        "median and the geometric mean are the better summaries here."
    )


def missing_runtime_note(rows: Sequence[Row], scope_label: str) -> str | None:
    """Models with no (or a single) timed all-valid attempt in a scope."""
    scope_label = scope_label if scope_label.isupper() else scope_label.lower()
    none = [name(r) for r in rows if r["n"] == 0]
    single = [name(r) for r in rows if r["n"] == 1]
    parts = []
    if none:
        parts.append(
            f"{join(none)} {'has' if len(none) == 1 else 'have'} no all-valid {scope_label} "
            "attempt with a runtime (shown as a dash)"
        )
    if single:
        parts.append(
            f"{join(single)} {'has' if len(single) == 1 else 'have'} a single all-valid "
            f"{scope_label} attempt with a runtime, so no interval can be given"
        )
    return ("; ".join(parts) + ".") if parts else None


# --- 3.1 scaling ---------------------------------------------------------------------------


def speedup_reading(row: Row) -> str:
    """Where the geometric-mean speedup's confidence interval lies relative to 1."""
    if not row["n"]:
        return NO_DATA
    low, high = row["geometric_ci_low"], row["geometric_ci_high"]
    if low is None or high is None:
        return TOO_FEW
    if low > 1:
        return FASTER
    if high < 1:
        return SLOWER
    return UNCLEAR


def scaling_sentences(rows: Sequence[Row], procs: int) -> list[str]:
    """One sentence per reading class at `procs` ranks, naming the models in it."""
    level = fmt.level(next((r["confidence_level"] for r in rows), None))
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(speedup_reading(row), []).append(row)
    sentences = []
    if groups.get(FASTER):
        chosen = groups[FASTER]
        sentences.append(
            f"At {procs} ranks the {level} interval of the geometric-mean speedup lies entirely "
            f"above 1 for {join([name(r) for r in chosen])}: "
            f"{'its' if len(chosen) == 1 else 'their'} generated MPI code ran faster on "
            f"{procs} ranks than on one, on the geometric mean."
        )
    if groups.get(UNCLEAR):
        chosen = groups[UNCLEAR]
        sentences.append(
            f"For {join([name(r) for r in chosen])} the interval contains 1, so a speedup at "
            f"{procs} ranks is not distinguishable from none with these data."
        )
    if groups.get(SLOWER):
        chosen = groups[SLOWER]
        sentences.append(
            f"For {join([name(r) for r in chosen])} the interval lies entirely below 1: the "
            f"code ran slower on {procs} ranks than on one, on the geometric mean."
        )
    return sentences


def scaling_gaps_note(rows: Sequence[Row]) -> list[str]:
    """Models with a single speedup value (too few for an interval) or none, said once for every
    rank count: one sentence per reading and set of rank counts, e.g. 'at 2 and 4 ranks'."""
    by_model: dict[tuple[str, str], list[int]] = {}
    named: dict[str, Row] = {}
    for row in sorted(rows, key=lambda r: (r["procs"], str(r["display_name"]))):
        reading = speedup_reading(row)
        if reading in (TOO_FEW, NO_DATA):
            by_model.setdefault((reading, str(row["display_name"])), []).append(row["procs"])
            named[str(row["display_name"])] = row
    groups: dict[tuple[str, tuple[int, ...]], list[Row]] = {}
    for (reading, display), procs in by_model.items():
        groups.setdefault((reading, tuple(procs)), []).append(named[display])
    sentences = []
    for reading in (TOO_FEW, NO_DATA):
        for (kind, procs), chosen in groups.items():
            if kind != reading:
                continue
            verb = "has" if len(chosen) == 1 else "have"
            at = f"at {join([str(p) for p in procs])} ranks"
            if reading == TOO_FEW:
                sentences.append(
                    f"{join([name(r) for r in chosen])} {verb} a single speedup value {at}, too "
                    "few for an interval; the value is shown but not interpreted."
                )
            else:
                sentences.append(
                    f"{join([name(r) for r in chosen])} {verb} no speedup value {at} (no MPI "
                    "attempt whose runs were valid)."
                )
    return sentences


def ideal_note(rows: Sequence[Row], procs: int) -> str | None:
    """Whether any model's geometric-mean interval reaches the ideal speedup (= procs)."""
    with_interval = [r for r in rows if r["geometric_ci_high"] is not None]
    if not with_interval:
        return None
    reaching = [r for r in with_interval if r["geometric_ci_high"] >= procs]
    efficiencies = [r["geometric_efficiency"] for r in with_interval]
    span = (
        f"geometric-mean parallel efficiency {fmt.percent(min(efficiencies))} to "
        f"{fmt.percent(max(efficiencies))}"
    )
    if not reaching:
        return (
            f"No model's interval reaches the ideal speedup of {procs}\u00d7 ({span}); the "
            "generated code scales below linearly on these small inputs."
        )
    return (
        f"The interval reaches the ideal speedup of {procs}\u00d7 only for "
        f"{join([name(r) for r in reaching])}; for the other models it lies below ({span} "
        "over all models with an interval)."
    )


def superlinear_note(rows: Sequence[Row], procs: int) -> str | None:
    """Count superlinear speedups (> procs), which usually signal timing noise or cache effects."""
    total = sum(r["n"] for r in rows)
    superlinear = sum(r["n_superlinear"] for r in rows)
    if not total:
        return None
    if superlinear == 0:
        return f"No speedup exceeded {procs}\u00d7 at {procs} ranks (no superlinear speedup)."
    return (
        f"{fmt.count(superlinear)} of {fmt.count(total)} speedups exceeded {procs}\u00d7 at "
        f"{procs} ranks (superlinear)."
    )


def superlinear_caveat(rows: Sequence[Row]) -> str | None:
    """What superlinear speedups mean, said once when any rank count has one."""
    if not any(r["n_superlinear"] for r in rows):
        return None
    return (
        "Superlinear speedups on inputs this small usually reflect timing noise or cache effects "
        "rather than the parallel algorithm."
    )


def arithmetic_gap_note(rows: Sequence[Row]) -> str | None:
    """The largest arithmetic - geometric gap: why the reference report's averages run high."""
    both = [r for r in rows if r["arithmetic_mean"] is not None and r["geometric_mean"] is not None]
    if not both:
        return None
    widest = max(
        both,
        key=lambda r: (r["arithmetic_mean"] - r["geometric_mean"], r["display_name"], r["procs"]),
    )
    return (
        "The arithmetic mean of ratios is never below their geometric mean and is pulled up by a "
        "few large speedups while slowdowns (ratios between 0 and 1) barely pull it down; the "
        f"widest gap here is {name(widest)} at {widest['procs']} ranks, "
        f"{fmt.speedup(widest['arithmetic_mean'])} arithmetic against "
        f"{fmt.speedup(widest['geometric_mean'])} geometric."
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "technical_runtime", "sections/runtime_performance.md.j2", runtime_context, runtime_figures
    ),
)
