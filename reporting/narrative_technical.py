"""Sentence rules for section 3 (runtime, scaling, generation cost) and appendix A (data quality).

Every function reads mart rows and returns escaped markdown (or None when the rule has nothing to
say). The rules are the thresholds and comparisons written out below; no sentence is chosen by
hand. Wording stays neutral: an interval that contains 1 is "not distinguishable from no speedup",
a p-value at or above alpha is "no evidence of a correlation", never "no correlation".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reporting import formatting as fmt
from reporting.formatting import join_names as join

Row = Mapping[str, Any]

# A correlation over this many models or fewer is called weak evidence, whatever its p-value:
# each point is a model mean, the models differ in many ways at once, and one model can move r.
WEAK_EVIDENCE_MAX_MODELS = 10

# Speedup readings (by the geometric mean's confidence interval against 1).
FASTER = "faster on more ranks"
SLOWER = "slower on more ranks"
UNCLEAR = "not distinguishable from 1"
TOO_FEW = "too few values for an interval"
NO_DATA = "no speedup recorded"


def name(row: Row) -> str:
    """A model's display name, escaped; bold for the reference model."""
    return fmt.model_name(row["display_name"], row.get("is_reference_model"))


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{fmt.count(count)} {singular if count == 1 else (plural or singular + 's')}"


# --- 3.1 runtime ---------------------------------------------------------------------------


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
        f"{_plural(len(models), 'model')} ({join(models)}). They stay in n, the median, the "
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
        f"For {_plural(len(negative), 'row')} of these tables the t-interval of the arithmetic "
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
    if groups.get(TOO_FEW):
        chosen = groups[TOO_FEW]
        sentences.append(
            f"{join([name(r) for r in chosen])} {'has' if len(chosen) == 1 else 'have'} a single "
            "speedup value, too few for an interval; the value is shown but not interpreted."
        )
    if groups.get(NO_DATA):
        chosen = groups[NO_DATA]
        sentences.append(
            f"{join([name(r) for r in chosen])} {'has' if len(chosen) == 1 else 'have'} no "
            "speedup value (no MPI attempt whose runs were valid)."
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
        return (
            f"No single solution exceeded {procs}\u00d7 at {procs} ranks (no superlinear speedup)."
        )
    return (
        f"{fmt.count(superlinear)} of {fmt.count(total)} solutions exceeded {procs}\u00d7 at "
        f"{procs} ranks (superlinear). Superlinear speedups on inputs this small usually "
        "reflect timing noise or cache effects rather than the parallel algorithm."
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


# --- 3.2 generation cost -------------------------------------------------------------------


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


# --- Appendix A ----------------------------------------------------------------------------

# What each audit reason means, matched on the start of the reason text (fct_data_audit strips the
# offending value, so reasons read like these prefixes).
REASON_MEANINGS: tuple[tuple[str, str], ...] = (
    (
        "missing value in",
        "A key column or an outcome flag is blank (or nan/null/none/na); the "
        "row cannot be attributed to a model and problem or scored, so it is rejected.",
    ),
    (
        "unparseable boolean in",
        "An outcome flag holds text that is not a boolean "
        "(true/false/t/f/1/0/yes/no/y/n); the row is rejected rather than guessed.",
    ),
    (
        "unparseable number in",
        "A measurement holds text that is not a number; the row is rejected.",
    ),
    (
        "non-integer value in",
        "An integer column (such as num_successful_runs or sample_id) "
        "holds a fraction; the row is rejected.",
    ),
    (
        "unknown parallelism model",
        "parallelism_model is none of ParEval's seven (serial, omp, "
        "mpi, mpi+omp, kokkos, cuda, hip); the row is rejected.",
    ),
    (
        "inconsistent outcome flags",
        "The outcome flags break ParEval's chain (build needs a "
        "written source, a run needs a build, valid results need runs); the row is rejected.",
    ),
    (
        "duplicate key",
        "A second copy of a (model, problem, parallelism model, sample) already "
        "seen; the first copy is kept, later ones are rejected.",
    ),
    (
        "negative",
        "A measurement below zero, impossible for a time, token count or speedup; the "
        "row is kept and the value set to NULL (missing).",
    ),
    (
        "non-finite",
        "A measurement of inf or nan; the row is kept and the value set to NULL (missing).",
    ),
)


def reason_meaning(reason: str) -> str:
    for prefix, meaning in REASON_MEANINGS:
        if reason.startswith(prefix):
            return fmt.md_escape(meaning)
    return "See base\\_raw\\_metrics for the check."


def fully_missing_note(rows: Sequence[Row], column: str, what: str) -> str | None:
    """Models for which a column is missing on every attempt."""
    models = [
        name(r)
        for r in rows
        if r["column_name"] == column and r["rows"] and r["missing"] == r["rows"]
    ]
    if not models:
        return None
    return f"{what} is missing for every attempt of {join(models)}."


def unexpected_missing_note(rows: Sequence[Row]) -> str:
    """Values missing where the input should have them, beyond measures a model never recorded."""
    partial = [
        r
        for r in rows
        if r["missing_applicable"] and r["missing_applicable"] < r["rows_applicable"]
    ]
    if not partial:
        return (
            "Apart from measures a model never recorded, no value is missing where the input "
            "should have one: every other missing runtime or speedup belongs to an attempt whose "
            "runs were not all valid (or, for speedups, that was not an MPI attempt), where "
            "ParEval records no timing."
        )
    cells = join(
        [
            f"{name(r)} {fmt.md_escape(r['column_name'])} "
            f"({fmt.fraction(r['missing_applicable'], r['rows_applicable'])})"
            for r in partial
        ]
    )
    return (
        "Beyond measures a model never recorded, values are missing where one is expected in: "
        f"{cells}. They are left out as the handling rules say."
    )
