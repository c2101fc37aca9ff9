"""What a report section is: a template partial, a context built from marts, and its figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reporting import charts
from reporting.marts import MartData

Context = dict[str, Any]


def _no_figures(_: MartData) -> list[charts.Figure]:
    return []


@dataclass(frozen=True)
class Section:
    """One block of the report, in order: `key` names its context in the templates."""

    key: str
    template: str
    context: Callable[[MartData], Context]
    figures: Callable[[MartData], list[charts.Figure]] = field(default=_no_figures)
