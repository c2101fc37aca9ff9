"""How the report prints a rate with its primary interval and a difference with the interval that
agrees with its test. Strings only: every number and every status is read from a mart.

Primary interval of a rate (fct_success_rates, fct_pass_at_k: ci_low / ci_high): the t-interval on
G − 1 df with the cluster-robust SE. Where it is undefined or leaves [0, 100%] (ci_status other than
'ok') the bounded alternative (Wilson on the effective sample size) is printed instead, marked with
BOUNDED_MARK, and the table note says why (ci_note holds the reason per row).

A comparison with the reference (fct_reference_comparisons) is printed with its Holm-level interval
(holm_ci_low / holm_ci_high), which excludes 0 exactly when the Holm decision is "significant".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting import formatting as fmt

Row = Mapping[str, Any]

BOUNDED_MARK = "†"
BOUNDED_NOTE = (
    f"{BOUNDED_MARK} The primary interval (t on G − 1 degrees of freedom with the cluster-robust "
    "SE, clusters = problems) is undefined here — fewer than two problems, or every problem at "
    "the same rate (e.g. all passed) — or leaves [0, 100%]; the bounded Wilson interval on the "
    "effective sample size is shown instead."
)
FAMILY = "reference family"


def is_bounded(row: Row) -> bool:
    """True when the row's printed interval is the bounded alternative, not the primary one."""
    return row.get("ci_status") not in (None, "ok")


def rate_estimate(row: Row, rate: str = "rate") -> str:
    """'61.7% [52.8, 70.2]' with the primary interval, or '100.0% [72.2, 100.0]†' bounded."""
    value = row[rate]
    if value is None:
        return fmt.DASH
    if is_bounded(row):
        bounded = fmt.interval(row["wilson_low"], row["wilson_high"])
        return f"{fmt.percent(value)} {bounded}{BOUNDED_MARK}"
    return fmt.rate_with_interval(value, row["ci_low"], row["ci_high"])


def rate_cell(row: Row) -> str:
    """'61.7% [52.8, 70.2] (74/120)': rate, primary (or marked bounded) interval, successes/n."""
    return f"{rate_estimate(row)} ({fmt.fraction(row['successes'], row['n'])})"


def any_bounded(rows: Sequence[Row]) -> bool:
    return any(is_bounded(r) and r.get("rate", r.get("pass_at_k")) is not None for r in rows)


CUT_MARK = "‡"
CUT_NOTE = (
    f"{CUT_MARK} With few shared problems the interval extends beyond ±100 percentage points; it "
    "is shown cut to the possible range (the cut keeps its coverage and its decision)."
)


def holm_difference(row: Row) -> str:
    """'+12.3 pp [3.1, 21.5]': the paired difference with the interval of its Holm step, cut to
    ±100 pp and marked ‡ where it extends beyond (fct_reference_comparisons.holm_ci_*_in_range)."""
    text = fmt.points_with_interval(
        row["paired_diff"], row["holm_ci_low_in_range"], row["holm_ci_high_in_range"]
    )
    return text + (CUT_MARK if row.get("holm_ci_leaves_range") else "")


def holm_excludes_zero(row: Row) -> bool:
    low, high = row["holm_ci_low"], row["holm_ci_high"]
    return low is not None and high is not None and (low > 0 or high < 0)


def mde_range(rows: Sequence[Row]) -> str:
    """'9.8 pp' or '9.8–14.2 pp': the minimum detectable differences of the rows."""
    values = sorted(r["mde"] for r in rows if r["mde"] is not None)
    if not values:
        return fmt.DASH
    low, high = fmt.percent_number(values[0]), fmt.percent_number(values[-1])
    return f"{low} pp" if low == high else f"{low}–{high} pp"


def family_size(rows: Sequence[Row]) -> int | None:
    return next((r["holm_m"] for r in rows if r.get("holm_m") is not None), None)


def by_decision(rows: Sequence[Row]) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    """(higher, lower, not distinguishable, untested) by the Holm decision of the reference family
    and the interval printed beside it: a row is called higher/lower only when Holm rejects AND the
    printed interval excludes 0, not distinguishable only when neither (the mart guarantees the two
    agree; a disagreement would leave the row out of every group rather than mislabel it)."""
    tested = [r for r in rows if r["significant"] is not None]
    higher = [r for r in tested if r["significant"] and holm_excludes_zero(r) and r["diff"] > 0]
    lower = [r for r in tested if r["significant"] and holm_excludes_zero(r) and r["diff"] < 0]
    unclear = [r for r in tested if not r["significant"] and not holm_excludes_zero(r)]
    untested = [r for r in rows if r["significant"] is None]
    return higher, lower, unclear, untested


def printed_bounds(row: Row, rate: str = "rate") -> tuple[Any, Any]:
    """The (low, high) a chart draws: the primary interval, or the bounded Wilson one where the
    primary is flagged; the point itself when neither exists (no trials)."""
    if is_bounded(row) or row.get("ci_low") is None:
        low, high = row.get("wilson_low"), row.get("wilson_high")
    else:
        low, high = row["ci_low"], row["ci_high"]
    point = row[rate]
    return (point if low is None else low), (point if high is None else high)


CHART_INTERVAL = "primary interval: cluster-robust t; bounded Wilson where flagged"
