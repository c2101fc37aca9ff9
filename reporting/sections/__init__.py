"""The report's sections, in order, and the marts they read.

Each module of this package covers one part of the report and declares:
- `SECTIONS`: its sections in report order (a template partial under templates/sections/, a context
  function over `MartData`, optionally figure functions), and
- `MARTS`: the marts beyond the core ones (success rates, dataset card, data audit) that it reads,
  as `MartSpec`s (name and row order; the columns are the ones the mart's dbt YAML declares);
  `MartData.tables[name]` holds their rows.
To add a section, add it to its module's SECTIONS; to add a part, add a module to PARTS.
"""

from __future__ import annotations

from reporting.marts import MartSpec, unique_specs
from reporting.sections import (
    appendix_assumptions,
    appendix_data_quality,
    appendix_methods,
    appendix_reconciliation,
    conclusions,
    confidence_intervals,
    domain_performance,
    effect_sizes,
    front,
    limitations,
    pareval_metrics,
    performance,
    practical_applications,
    research_theory,
    resource_efficiency,
    response_time_tokens,
    rounds,
    runtime_performance,
    summary,
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
    confidence_intervals,
    effect_sizes,
    runtime_performance,
    response_time_tokens,
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


# One spec per mart (the first part's row order); each reads the columns the mart declares.
MART_SPECS: tuple[MartSpec, ...] = unique_specs([spec for part in PARTS for spec in part.MARTS])

__all__ = ["MART_SPECS", "SECTIONS", "Context", "Section", "title"]
