"""The renderer's house rules: one atomic writer for every output file, one chart theme."""

from __future__ import annotations

import os
import re
from pathlib import Path

import altair as alt
import pytest

from reporting import chart_theme, marts, sections
from reporting.atomic import write_atomic

REPORTING = Path(__file__).resolve().parents[2] / "reporting"


def _sources() -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(REPORTING.rglob("*.py"))}


def test_write_atomic_writes_text_and_bytes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "new" / "report.md"
    write_atomic(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    write_atomic(target, b"\x89PNG")
    assert target.read_bytes() == b"\x89PNG"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_write_atomic_leaves_the_old_file_and_no_temporary_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_no_module_writes_a_file_except_the_atomic_writer() -> None:
    writes = re.compile(
        r"\.write_text\(|\.write_bytes\(|open\([^)]*['\"][wax]b?['\"]|os\.replace\(|fdopen\("
    )
    offenders = [
        name for name, text in _sources().items() if name != "atomic.py" and writes.search(text)
    ]
    assert not offenders, offenders


def test_no_chart_module_configures_a_theme_of_its_own() -> None:
    configures = re.compile(r"\.configure(_\w+)?\(|alt\.themes?\b")
    offenders = [
        name
        for name, text in _sources().items()
        if name != "chart_theme.py" and configures.search(text)
    ]
    assert not offenders, offenders


def test_every_figure_carries_the_one_theme(fake_marts_db: Path) -> None:
    expected = alt.Chart().configure(**chart_theme.configure_args()).to_dict(validate=False)
    data = marts.load(fake_marts_db, sections.MART_SPECS)
    stems = []
    for section in sections.SECTIONS:
        for figure in section.figures(data):
            spec = figure.chart.to_dict(validate=False)
            assert spec["config"] == expected["config"], figure.stem
            stems.append(figure.stem)
    assert len(stems) >= 5, stems
