"""The renderer's house rules: no report-section module imports another section module (shared
facts live in non-section modules under reporting/), and one section per module."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest

SECTIONS_DIR = Path(__file__).resolve().parents[2] / "reporting" / "sections"
# Not section modules: the package (it assembles the list) and the Section type.
INFRASTRUCTURE = {"__init__", "base"}


def section_modules() -> list[Path]:
    return sorted(p for p in SECTIONS_DIR.glob("*.py") if p.stem not in INFRASTRUCTURE)


def imported_sections(source: str) -> set[str]:
    """Names of reporting.sections modules (other than base) that `source` imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "reporting.sections":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("reporting.sections."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reporting.sections."):
                    found.add(alias.name.split(".")[2])
    return found - INFRASTRUCTURE


def test_the_checker_sees_every_import_form() -> None:
    source = (
        "from reporting.sections import rounds\n"
        "from reporting.sections.effect_sizes import REFERENCE\n"
        "import reporting.sections.runtime_performance\n"
        "from reporting.sections.base import Section\n"
        "from reporting import tables\n"
    )
    assert imported_sections(source) == {"rounds", "effect_sizes", "runtime_performance"}


@pytest.mark.parametrize("module", section_modules(), ids=lambda p: p.stem)
def test_no_section_module_imports_another(module: Path) -> None:
    assert imported_sections(module.read_text(encoding="utf-8")) == set()


def modules_with_several_sections(parts: Iterable[ModuleType]) -> set[str]:
    """Names of the section modules among `parts` that declare more than one section."""
    return {part.__name__.rsplit(".", 1)[1] for part in parts if len(part.SECTIONS) > 1}


def test_the_checker_sees_a_module_with_two_sections() -> None:
    one, two = ModuleType("reporting.sections.one"), ModuleType("reporting.sections.two")
    one.SECTIONS = ("a",)  # type: ignore[attr-defined]
    two.SECTIONS = ("a", "b")  # type: ignore[attr-defined]
    assert modules_with_several_sections([one, two]) == {"two"}


def test_one_section_per_module() -> None:
    from reporting.sections import PARTS

    modules = {part.__name__.rsplit(".", 1)[1]: part for part in PARTS}
    assert set(modules) == {p.stem for p in section_modules()}
    assert modules_with_several_sections(PARTS) == set()
