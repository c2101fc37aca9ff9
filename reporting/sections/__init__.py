"""The report's sections, in order, and the marts they read.

Each module of this package covers one part of the report and declares:
- `SECTIONS`: its sections in report order (a template partial under templates/sections/, a context
  function over `MartData`, optionally figure functions), and
- `MARTS`: the marts beyond the core ones (success rates, dataset card, data audit) that it reads,
  as `MartSpec`s (name, columns, order); `MartData.tables[name]` holds their rows.
To add a section, add it to its module's SECTIONS; to add a part, add a module to PARTS.
"""

from __future__ import annotations

from reporting.marts import MartSpec
from reporting.sections import (
    appendix_assumptions,
    appendix_data_quality,
    appendix_methods,
    appendix_reconciliation,
    conclusions,
    domain_performance,
    front,
    limitations,
    pareval_metrics,
    performance,
    practical_applications,
    research_theory,
    resource_efficiency,
    rounds,
    statistics,
    summary,
    technical,
)
from reporting.sections.base import Context, Section
from reporting.sections.front import title

PARTS = (
    front,
    summary,
    rounds,
    performance,
    resource_efficiency,
    domain_performance,
    statistics,
    technical,
    pareval_metrics,
    research_theory,
    practical_applications,
    limitations,
    conclusions,
    appendix_data_quality,
    appendix_assumptions,
    appendix_methods,
    appendix_reconciliation,
)

SECTIONS: tuple[Section, ...] = tuple(section for part in PARTS for section in part.SECTIONS)


def _merged(specs: tuple[MartSpec, ...]) -> tuple[MartSpec, ...]:
    """One spec per mart: parts that read the same mart get the union of their columns (in first
    appearance order) and the row order of the first part that declared it."""
    merged: dict[str, MartSpec] = {}
    for spec in specs:
        known = merged.get(spec.name)
        if known is None:
            merged[spec.name] = spec
        else:
            extra = tuple(c for c in spec.columns if c not in known.columns)
            merged[spec.name] = MartSpec(
                known.name,
                known.columns + extra,
                known.order_by,
                required=known.required or spec.required,
            )
    return tuple(merged.values())


MART_SPECS: tuple[MartSpec, ...] = _merged(tuple(spec for part in PARTS for spec in part.MARTS))

__all__ = ["MART_SPECS", "SECTIONS", "Context", "Section", "title"]
