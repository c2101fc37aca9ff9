"""Rules that choose sentences from mart values. Each returns escaped markdown or None.

The wording is deliberately careful: a highest point estimate is called exactly that, and
overlapping intervals are not read as evidence of equality or of a ranking.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting import formatting as fmt
from reporting.marts import DatasetCard, SuccessRate

_TIE_TOLERANCE = 1e-12


def synthetic_sample_note(card: DatasetCard) -> str | None:
    """A warning when the marts were built from the bundled synthetic sample."""
    if not card["is_synthetic_sample"]:
        return None
    return (
        "**Synthetic sample.** These marts were built from the bundled synthetic sample, not "
        "from measured benchmark results. The numbers demonstrate the pipeline and say nothing "
        "about the models named in them."
    )


def rejected_rows_note(card: DatasetCard) -> str:
    """How many input rows were kept and rejected."""
    rejected = card["rows_rejected"] or 0
    if rejected == 0:
        return (
            f"All {fmt.count(card['rows_input'])} input rows passed validation; none was rejected."
        )
    return (
        f"{fmt.count(card['rows_kept'])} of {fmt.count(card['rows_input'])} input rows were "
        f"kept and {fmt.count(rejected)} rejected; the rejected rows are excluded from every "
        "statistic. Reasons:"
    )


def _name(row: SuccessRate) -> str:
    return fmt.bold(fmt.md_escape(row["display_name"]))


def _with_interval(row: SuccessRate) -> str:
    return fmt.rate_with_interval(row["rate"], row["wilson_low"], row["wilson_high"])


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def highest_rate(rows: Sequence[SuccessRate], metric: str, scope: str = "all") -> str | None:
    """Name the highest point estimate and say whether its interval overlaps the next one's."""
    candidates = sorted(
        (
            r
            for r in rows
            if r["metric"] == metric and r["scope"] == scope and r["rate"] is not None
        ),
        key=lambda r: (-(r["rate"] or 0.0), r["display_name"]),
    )
    if not candidates:
        return None
    label = fmt.metric_label(metric)
    where = "" if scope == "all" else f" ({fmt.scope_label(scope)})"
    top = candidates[0]
    top_rate = top["rate"] or 0.0
    tied = [r for r in candidates if abs((r["rate"] or 0.0) - top_rate) <= _TIE_TOLERANCE]
    level = fmt.level(top["confidence_level"])
    if len(tied) > 1:
        return (
            f"{_join_names([_name(r) for r in tied])} share the highest point estimate of "
            f"{label}{where}, {fmt.percent(top_rate)}."
        )
    if len(candidates) == 1:
        return (
            f"{_name(top)} is the only model with a {label}{where} estimate: {_with_interval(top)}."
        )
    runner_up = candidates[1]
    opening = (
        f"{_name(top)} has the highest point estimate of {label}{where}, {_with_interval(top)}; "
        f"the next is {_name(runner_up)}, {_with_interval(runner_up)}."
    )
    top_low, next_high = top["wilson_low"], runner_up["wilson_high"]
    if top_low is None or next_high is None:
        return opening
    if top_low <= next_high:
        return (
            f"{opening} Their {level} Wilson intervals overlap, so these data do not establish "
            "that the first is better than the second; the ordering is a point-estimate ranking "
            "only."
        )
    return (
        f"{opening} Their {level} Wilson intervals do not overlap, which points to a real "
        "difference, not sampling noise alone."
    )
