"""Rules that choose the dataset card's sentences from mart values (escaped markdown or None).

The rules of the other sections live beside them: reporting.findings (executive summary,
implications, conclusions) and the narrative_<part> modules.
"""

from __future__ import annotations

from reporting import formatting as fmt
from reporting.marts import DatasetCard


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
