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
    appendix_reconciliation,
    front,
    performance,
    statistics,
)
from reporting.sections.base import Context, Section
from reporting.sections.front import title

PARTS = (front, performance, statistics, appendix_assumptions, appendix_reconciliation)

SECTIONS: tuple[Section, ...] = tuple(section for part in PARTS for section in part.SECTIONS)
MART_SPECS: tuple[MartSpec, ...] = tuple(spec for part in PARTS for spec in part.MARTS)

__all__ = ["MART_SPECS", "SECTIONS", "Context", "Section", "title"]
