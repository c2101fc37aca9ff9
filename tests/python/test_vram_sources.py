"""VRAM sources: the seed against spec 000's own table, and the efficiency conclusions on the real
file under each recorded figure (expected values from issue 12 and plain arithmetic, not from the
marts)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC_000 = ROOT.parent / "shared" / "spec" / "000_5b9de9026bd18a85.txt"
SEED = ROOT / "seeds" / "model_vram_sources.csv"
REGISTRY = ROOT / "seeds" / "model_registry.csv"


def _seed() -> list[dict[str, str]]:
    with SEED.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_registry_model_has_a_recorded_source_and_pairs_are_unique() -> None:
    rows = _seed()
    pairs = [(r["model_name"], r["source"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    with REGISTRY.open(newline="") as handle:
        registry = {r["model_name"]: r for r in csv.DictReader(handle)}
    assert {r["model_name"] for r in rows} == set(registry)
    for r in rows:
        assert r["source"] in {"spec_000", "reference_report", "derivation"}
        assert r["basis"].strip()
        if r["source"] == "derivation":  # params x bytes per weight at the registry quantization
            entry = registry[r["model_name"]]
            bytes_per_weight = {"4-bit": 0.5, "8-bit": 1.0, "16-bit": 2.0}[entry["quantization"]]
            assert float(r["vram_gb"]) == float(entry["params_b"]) * bytes_per_weight


def test_spec_000_figures_match_its_table() -> None:
    if not SPEC_000.exists():
        pytest.skip(f"spec 000 not available: {SPEC_000}")
    table = {}
    for line in SPEC_000.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and (m := re.fullmatch(r"([\d,]+) GB", cells[2])):
            table.setdefault(cells[0], []).append((cells[1], float(m[1].replace(",", ""))))
    with REGISTRY.open(newline="") as handle:
        display = {r["model_name"]: r["display_name"] for r in csv.DictReader(handle)}
    seeded = {r["model_name"]: r for r in _seed() if r["source"] == "spec_000" and r["vram_gb"]}
    assert len(seeded) == 7  # its 8 figures less the 4-bit Gemma-3 row, not a model here
    for model, row in seeded.items():
        name = display[model]
        candidates = [name, name.replace("-coder", ""), "H2LooP v0.1"]
        figures = next(table[c] for c in candidates if c in table)
        assert float(row["vram_gb"]) in {vram for _, vram in figures}, model
    assert float(seeded["Gemma3"]["vram_gb"]) == 54  # the 16-bit row, not the 4-bit 19 GB one


def test_real_file_conclusions_under_each_source(real_db) -> None:
    """Issue 12: with spec 000's figures the coder ranks first in pass@1 per GB and needs 0.5x its
    base model's VRAM (16 / 32); with the reference report's, second and 19 / 90 = 0.21x."""
    rows = {
        r[0]: r[1:]
        for r in real_db.sql(
            "select scenario, pass_efficiency_rank, vram_gb, base_vram_gb, vram_ratio_to_base "
            "from fct_vram_sensitivity where model_name = 'H2LooP v0.1-coder'"
        ).fetchall()
    }
    assert rows["spec_000"][0] == 1 and rows["reference_report"][0] == 2
    assert rows["spec_000"][1:3] == (16.0, 32.0)
    assert rows["spec_000"][3] == pytest.approx(0.5)
    assert rows["reference_report"][1:3] == (19.0, 90.0)
    assert rows["reference_report"][3] == pytest.approx(19 / 90)
    summary = real_db.sql(
        "select vram_gb, vram_source, pass_efficiency_rank, pass_efficiency_rank_holds, "
        "vram_ratio_to_base_holds, size_band from fct_resource_efficiency "
        "where model_name = 'H2LooP v0.1-coder'"
    ).fetchall()[0]
    assert summary == (16.0, "spec_000", 1, False, False, "17-40B")


def test_real_file_budget_of_the_base_model_depends_on_the_figure(real_db) -> None:
    """Qwen 2.5 Coder 32B: 32 GB (spec 000) fits one 48 GB GPU, 64 GB (2 bytes x 32B parameters)
    one 80 GB GPU, 90 GB (the reference report) needs 2x80 GB; the coder's 16 / 19 GB fit 24 GB
    under every figure."""
    rows = {
        (r[0], r[1]): r[2:]
        for r in real_db.sql(
            "select model_name, scenario, budget_label, budget_holds_under_every_source "
            "from fct_vram_sensitivity where model_name in ('Qwen 2.5 Coder', 'H2LooP v0.1-coder')"
        ).fetchall()
    }
    qwen = "Qwen 2.5 Coder"
    assert rows[(qwen, "spec_000")] == ("48 GB", False)
    assert rows[(qwen, "derivation")] == ("80 GB", False)
    assert rows[(qwen, "reference_report")] == ("2\u00d780 GB", False)
    assert {v for (m, _), v in rows.items() if m == "H2LooP v0.1-coder"} == {("24 GB", True)}


def _budget_data(holds: bool) -> object:
    from reporting.marts import MartData

    own = [
        {"scope": "all", "is_own_budget": True, "position": i, "model_name": m,
         "display_name": m.upper(), "is_full_coverage": True}
        for i, m in enumerate(("q", "h"))
    ]  # fmt: skip
    sensitivity = [
        {"model_name": "h", "scenario": s, "is_default_scenario": s == "spec_000",
         "vram_gb": 16.0, "vram_figure_source": s, "budget_label": "24 GB",
         "budget_holds_under_every_source": True}
        for s in ("spec_000", "reference_report")
    ] + [
        {"model_name": "q", "scenario": s, "is_default_scenario": s == "spec_000",
         "vram_gb": gb, "vram_figure_source": s, "budget_label": label,
         "budget_holds_under_every_source": holds}
        for s, gb, label in (("reference_report", 90.0, "2\u00d780 GB"),
                             ("spec_000", 32.0, "48 GB"))
    ]  # fmt: skip
    if holds:
        sensitivity = [dict(r, vram_gb=16.0, budget_label="24 GB") for r in sensitivity]
    tables = {"fct_deployment_budgets": own, "fct_vram_sensitivity": sensitivity}
    return MartData(success_rates=[], dataset_card={}, data_audit=[], tables=tables)  # type: ignore[arg-type]


def test_budget_sentence_names_the_alternative_figure_and_source() -> None:
    from reporting.sections.practical_applications import budget_sentence

    text = budget_sentence(_budget_data(holds=False))  # type: ignore[arg-type]
    assert text is not None
    assert (
        "Q: 48 GB with 32 GB per spec 000 (the default) and 2\u00d780 GB with 90 GB per spec 002 "
        "(the reference report); the other model's budget is the same" in text
    ), text
    assert "H:" not in text
    same = budget_sentence(_budget_data(holds=True))  # type: ignore[arg-type]
    assert same is not None and "same under every recorded VRAM figure" in same
