"""The executive summary: the headline findings, each chosen by a rule in reporting.findings."""

from __future__ import annotations

from reporting import findings, narrative
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = findings.MARTS


def summary_context(data: MartData) -> Context:
    return {
        "synthetic_note": narrative.synthetic_sample_note(data.dataset_card),
        "findings": findings.headline_findings(data),
    }


SECTIONS: tuple[Section, ...] = (
    Section("executive_summary", "sections/executive_summary.md.j2", summary_context),
)
