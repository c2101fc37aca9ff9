"""Assemble the report: draw the figures, fill the templates, write the file atomically
(reporting.atomic.write_atomic, the one writer of every output file)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

import jinja2

from reporting import charts, display_set, markdown_html, sections
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


DETAIL_HEADING = "## Appendix E. Details of the Main Sections"
_DETAIL = re.compile(r"<!--detail:(?P<title>.*?)-->\n(?P<body>.*?)<!--/detail-->", re.S)


_POINTER = r"\*[^\n]*: Appendix E\.\d+\.\*\n"
_POINTERS = re.compile(rf"(?:{_POINTER}\s*)+(?={_POINTER})?{_POINTER}")
_POINTER_PARTS = re.compile(r"\*(?P<title>[^\n]*): Appendix (?P<number>E\.\d+)\.\*")


def _merge_pointers(match: re.Match[str]) -> str:
    """Pointers that follow each other (blank lines between) become one line."""
    parts = _POINTER_PARTS.findall(match.group(0))
    if len(parts) == 1:
        return match.group(0)
    listed = "; ".join(f"{number} {title}" for title, number in parts)
    return f"*In Appendix E: {listed}.*\n\n"


def move_details(markdown: str) -> str:
    """Move every block the templates mark with the `detail` macro to Appendix E, in order, each
    under its own heading (E.1, E.2, ...), and leave a one-line pointer where it was. The main
    body keeps the findings; the appendix keeps the full tables and method text behind them."""
    moved: list[str] = []

    def pointer(match: re.Match[str]) -> str:
        number = f"E.{len(moved) + 1}"
        title = match.group("title").strip()
        moved.append(f"### {number} {title}\n\n{match.group('body').strip()}\n")
        return f"*{title}: Appendix {number}.*\n\n"

    body = _POINTERS.sub(_merge_pointers, _DETAIL.sub(pointer, markdown))
    if not moved:
        return body
    return body.rstrip("\n") + f"\n\n{DETAIL_HEADING}\n\n" + "\n".join(moved)


def render_markdown(
    data: MartData, status: BuildStatus, out_dir: Path, specs: dict[str, str] | None = None
) -> str:
    """Draw every section's figures into out_dir/figures and return the report markdown; when
    `specs` is given, each figure's Vega-Lite JSON is put in it under the figure's stem."""
    figures_dir = out_dir / FIGURES_DIR
    figures: dict[str, dict[str, str]] = {}
    # Above the display set (reporting.display_set), the figures see only its models' rows and the
    # per-model tables are cut to its rows; the sentences read every model.
    shown = display_set.from_data(data)
    figure_data = display_set.restrict(data, shown)
    for section in sections.SECTIONS:
        for figure in section.figures(figure_data):
            spec = charts.spec_json(figure)
            paths = charts.save(figure, figures_dir, spec)
            note = ""
            if shown.active and _lists_models(spec, figure_data):
                note = shown.note("The chart shows")
            figures[figure.stem] = {"alt": fmt.md_escape(figure.alt), "note": note, **paths}
            if specs is not None:
                specs[figure.stem] = spec
    contexts = {
        section.key: display_set.restrict_tables(section.context(data), data, shown)
        for section in sections.SECTIONS
    }
    template = _environment().get_template("report.md.j2")
    markdown = template.render(
        title=sections.title(data),
        build_summary=fmt.md_escape(status.summary),
        sections=contexts,
        section_order=[(section.key, section.template) for section in sections.SECTIONS],
        figures=figures,
    )
    return _tidy(move_details(markdown))


def _lists_models(spec: str, data: MartData) -> bool:
    """The chart's data name at least two models (so it is a per-model chart)."""
    names = {json.dumps(r["display_name"]) for r in data.success_rates}
    found = 0
    for name in names:
        if name in spec:
            found += 1
            if found >= 2:
                return True
    return False


def build(data: MartData, status: BuildStatus, out_dir: Path, output: OutputFormat) -> Path:
    """Render the report in the chosen format into out_dir; return the report's path."""
    specs: dict[str, str] = {}
    markdown = render_markdown(data, status, out_dir, specs)
    shown = display_set.from_data(data)
    csv_path = out_dir / display_set.ALL_MODELS_CSV
    if shown.active:
        write_atomic(csv_path, display_set.all_models_csv(data, shown))
    elif csv_path.exists():
        csv_path.unlink()  # a stale file from a larger earlier render would mislead
    if output == "html":
        target = out_dir / "report.html"
        write_atomic(target, markdown_html.to_html(markdown, base_dir=out_dir, specs=specs))
    else:
        target = out_dir / "report.md"
        write_atomic(target, markdown)
    return target
