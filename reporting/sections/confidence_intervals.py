"""Section 2 (advanced statistical analysis), 2.1 confidence intervals: the primary and the
secondary interval of every model's build, valid-given-build and pass rate, and the sentences chosen
from them (which interval is widest, which are flagged, where the n·p rule fails, what clustering
by problem costs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting import narrative_statistics as ns
from reporting import rate_intervals, tables
from reporting.formatting import join_names as join
from reporting.marts import MartData, MartSpec, SuccessRate
from reporting.narrative_statistics import name, points
from reporting.section_marts import by_rate, confidence, model_cell
from reporting.sections.base import Context, Section

Row = Mapping[str, Any]

MARTS: tuple[MartSpec, ...] = ()

KEY_METRICS: tuple[str, ...] = ("build", "valid_given_build", "pass")
SCOPE = "all"


def ci_table(rows: Sequence[SuccessRate], metric: str) -> tables.TableView:
    """Rate, primary interval (or the marked bounded one), the secondary Wilson interval on the
    effective sample size, problems, effective n, design effect and the note, per model."""
    body = []
    for r in by_rate([dict(x) for x in rows]):
        primary = (
            fmt.interval(r["ci_low"], r["ci_high"])
            if r["ci_status"] in ("ok", "outside_0_1")
            else "undefined"
        )
        body.append(
            (
                model_cell(r),
                fmt.count(r["n"]),
                fmt.count(r["n_clusters"]),
                rate_intervals.rate_estimate(r),
                fmt.DASH if r["rate"] is None else primary,
                fmt.interval(r["wilson_low"], r["wilson_high"])
                if r["rate"] is not None
                else fmt.DASH,
                fmt.effect_size(r["n_effective"]),
                fmt.effect_size(r["design_effect"]),
                ci_note(r),
            )
        )
    return tables.TableView(
        title=f"{fmt.metric_label(metric).capitalize()} (combined)",
        headers=(
            "Model",
            "n",
            "Problems (G)",
            "Rate [as printed]",
            "t, cluster-robust (primary)",
            "Wilson, effective n (secondary)",
            "Effective n",
            "Design effect",
            "Note",
        ),
        rows=tuple(body),
    )


def confidence_intervals_context(data: MartData) -> Context:
    rows = [r for r in data.success_rates if r["scope"] == SCOPE and r["metric"] in KEY_METRICS]
    level = confidence(data)
    metrics = [m for m in KEY_METRICS if any(r["metric"] == m for r in rows)]
    attempts = sorted({r["n"] for r in rows if r["metric"] == "build"})
    clusters = sorted({r["n_clusters"] for r in rows if r["metric"] == "build"})
    return {
        "level": fmt.level(level),
        "alpha": fmt.p_value(ns.alpha(level)),
        "attempts": [fmt.count(n) for n in attempts],
        "clusters": [fmt.count(n) for n in clusters],
        "tables": [
            {
                "view": ci_table([r for r in rows if r["metric"] == m], m),
                "widest": widest_interval([r for r in rows if r["metric"] == m]),
            }
            for m in metrics
        ],
        "t_outside": t_outside_unit(rows) if rows else None,
        "np_inadequate": np_inadequate(rows) if rows else None,
        "clustering": clustering_effect(rows),
    }


# Sentence rules -------------------------------------------------------------------------------


def ci_note(row: Row) -> str:
    """A short note on the primary interval of a row, read from its ci_status."""
    status = row["ci_status"]
    if status == "no_trials":
        return "no trials: undefined"
    if status == "too_few_clusters":
        return "one problem: no cluster-robust SE; bounded interval shown"
    if status == "zero_variance":
        which = (
            "all failed"
            if row["successes"] == 0
            else (
                "all succeeded"
                if row["successes"] == row["n"]
                else "every problem at the same rate"
            )
        )
        return f"{which}: SE 0, no t-interval; bounded interval shown"
    if status == "outside_0_1":
        return (
            f"t-interval {fmt.interval(row['ci_low'], row['ci_high'])} leaves 0–100%; bounded "
            "interval shown"
        )
    if row["n_clusters"] is not None and row["n_clusters"] < 30:
        return f"only {fmt.count(row['n_clusters'])} problems: read the Wilson column too"
    return fmt.DASH


def widest_interval(rows: Sequence[Row]) -> str | None:
    """The widest and the narrowest primary interval of one metric."""
    present = [r for r in rows if r["ci_status"] == "ok"]
    if len(present) < 2:
        return None
    width = {id(r): r["ci_high"] - r["ci_low"] for r in present}
    ordered = sorted(present, key=lambda r: (-width[id(r)], r["display_name"]))
    wide, narrow = ordered[0], ordered[-1]
    flagged = sum(1 for r in rows if r["rate"] is not None and r["ci_status"] != "ok")
    among = (
        f"Of the {fmt.counted(len(present), 'primary interval')} that are defined and lie within "
        f"0–100% (the {fmt.count(flagged)} flagged in the note column "
        f"{'is' if flagged == 1 else 'are'} left out), the widest is "
        if flagged
        else "The widest primary interval is "
    )
    return (
        f"{among}{name(wide)}'s ({points(width[id(wide)])}, "
        f"{fmt.count(wide['n_clusters'])} problems), the narrowest {name(narrow)}'s "
        f"({points(width[id(narrow)])}, {fmt.count(narrow['n_clusters'])} problems)."
    )


def t_outside_unit(rows: Sequence[Row]) -> str:
    """Which primary intervals are flagged (undefined or outside [0, 1]), and what is shown."""
    outside = [r for r in rows if r["ci_status"] == "outside_0_1"]
    undefined = [r for r in rows if r["ci_status"] in ("too_few_clusters", "zero_variance")]
    if not outside and not undefined:
        return "Every primary interval is defined and lies within 0–100%."
    parts = []
    if outside:
        listed = [
            f"{name(r)} ({fmt.metric_label(r['metric'])}, "
            f"{fmt.interval(r['ci_low'], r['ci_high'])})"
            for r in outside
        ]
        parts.append(f"The primary t-interval leaves the possible range 0–100% for {join(listed)}")
    if undefined:
        listed = [f"{name(r)} ({fmt.metric_label(r['metric'])})" for r in undefined]
        parts.append(
            f"{'it' if parts else 'The primary t-interval'} is undefined for {join(listed)} "
            "(fewer than two problems, or the same rate on every problem, e.g. all passed or all "
            "failed: no variation to estimate an SE from)"
        )
    return (
        "; ".join(parts)
        + ". For these rows the table shows the bounded alternative, the Wilson interval on the "
        "effective sample size (marked †), never a point-width interval such as [100, 100]."
    )


def np_inadequate(rows: Sequence[Row]) -> str:
    """Rows where the normal approximation is inadequate by the n·p rule."""
    bad = [r for r in rows if r["n"] and not r["np_adequate"]]
    if not bad:
        return (
            "Every row has enough successes and failures for the normal approximation (the n·p "
            "rule), so the primary t-interval and the Wilson interval agree closely."
        )
    by_metric: dict[str, list[str]] = {}
    for r in bad:
        by_metric.setdefault(r["metric"], []).append(name(r))
    parts = [f"{fmt.metric_label(m)}: {join(names)}" for m, names in by_metric.items()]
    return (
        f"The normal approximation behind the t-interval fails the n·p rule in "
        f"{fmt.count(len(bad))} of {fmt.count(len(rows))} rows ({', '.join(parts)}); there the "
        "bounded Wilson column is the better guide to the range."
    )


def clustering_effect(rows: Sequence[Row]) -> str | None:
    """How much the clustering by problem costs, from the design effect of each row."""
    present = [r for r in rows if r["design_effect"] is not None and r["ci_status"] == "ok"]
    if not present:
        return None
    present = sorted(present, key=lambda r: (r["design_effect"], r["display_name"], r["metric"]))
    low, high = present[0], present[-1]
    return (
        "The design effect — the clustered variance over the variance of independent trials, "
        "adjusted for the number of problems it is estimated from (Korn and Graubard) — "
        f"ranges from {fmt.effect_size(low['design_effect'])} ({name(low)}, "
        f"{fmt.metric_label(low['metric'])}) to {fmt.effect_size(high['design_effect'])} "
        f"({name(high)}, {fmt.metric_label(high['metric'])}): the {fmt.count(high['n'])} trials "
        f"of the latter carry as much information as {fmt.effect_size(high['n_effective'])} "
        "independent ones, because a model's successes on the samples and parallelism variants "
        "of one problem go together."
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "confidence_intervals", "sections/confidence_intervals.md.j2", confidence_intervals_context
    ),
)
