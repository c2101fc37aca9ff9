"""Assemble the report: draw the figures, fill the templates, write the file atomically
(reporting.atomic.write_atomic, the one writer of every output file)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import jinja2

from reporting import charts, markdown_html, sections
from reporting import formatting as fmt
from reporting.atomic import write_atomic
from reporting.build_status import BuildStatus
from reporting.marts import MartData

TEMPLATES = Path(__file__).resolve().parent / "templates"
FIGURES_DIR = "figures"

OutputFormat = Literal["md", "html"]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # markdown output; every value is escaped by reporting.formatting
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _tidy(markdown: str) -> str:
    """No trailing spaces, at most one blank line in a row, exactly one final newline."""
    lines = [line.rstrip() for line in markdown.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"


def render_markdown(
    data: MartData, status: BuildStatus, out_dir: Path, specs: dict[str, str] | None = None
) -> str:
    """Draw every section's figures into out_dir/figures and return the report markdown; when
    `specs` is given, each figure's Vega-Lite JSON is put in it under the figure's stem."""
    figures_dir = out_dir / FIGURES_DIR
    figures: dict[str, dict[str, str]] = {}
    for section in sections.SECTIONS:
        for figure in section.figures(data):
            spec = charts.spec_json(figure)
            paths = charts.save(figure, figures_dir, spec)
            figures[figure.stem] = {"alt": fmt.md_escape(figure.alt), **paths}
            if specs is not None:
                specs[figure.stem] = spec
    contexts = {section.key: section.context(data) for section in sections.SECTIONS}
    template = _environment().get_template("report.md.j2")
    markdown = template.render(
        title=sections.title(data),
        build_summary=fmt.md_escape(status.summary),
        sections=contexts,
        section_order=[(section.key, section.template) for section in sections.SECTIONS],
        figures=figures,
    )
    return _tidy(markdown)


def build(data: MartData, status: BuildStatus, out_dir: Path, output: OutputFormat) -> Path:
    """Render the report in the chosen format into out_dir; return the report's path."""
    specs: dict[str, str] = {}
    markdown = render_markdown(data, status, out_dir, specs)
    if output == "html":
        target = out_dir / "report.html"
        write_atomic(target, markdown_html.to_html(markdown, base_dir=out_dir, specs=specs))
    else:
        target = out_dir / "report.md"
        write_atomic(target, markdown)
    return target
