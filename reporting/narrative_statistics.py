"""Helpers the statistical sections' sentence rules share (1.1, 2.1, 2.2, appendices B and D).

Each rule lives in the module of the section whose sentence it writes (reporting/sections/); what
more than one of them uses is here. Every name is escaped markdown, bold in sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reporting import formatting as fmt

Row = Mapping[str, Any]


def alpha(level: float | None) -> float:
    """Significance level 1 − confidence level (0.05 when the level is unknown)."""
    return 0.05 if level is None else 1 - level


def name(row: Row, key: str = "display_name") -> str:
    """A model's display name, escaped and in bold (every named model is bold in sentences)."""
    return fmt.bold(fmt.md_escape(str(row[key])))


def points(value: float | None) -> str:
    """A difference of proportions in percentage points: 0.125 -> '12.5 percentage points'."""
    return f"{fmt.percent_number(value)} percentage points"


p_phrase = fmt.p_phrase
