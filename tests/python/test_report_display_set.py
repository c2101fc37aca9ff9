"""The display set at 300 models (reporting.display_set): the fake marts with the model left out
of the all-pairs subset cloned 295 times, so that int_pairwise_models includes 4 of 300 models.

Asserted: the charts' data and the per-model tables hold only the display set (the 4 included
models, the reference among them, plus the base of an included derived model); each cut table and
per-model chart says '<shown> of 300 models'; no table of the report is longer than the display
set allows; every model is in all_models.csv; the sentences still count all 300 models.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest
from fake_marts_ranks import EXCLUDED

from reporting import build_status, display_set, marts, report, sections
from reporting.marts import MartData

N_MODELS = 300
N_CLONES = N_MODELS - 5
DERIVED = "Kimi K2"  # included in int_pairwise_models; its base is a left-out clone
BASE = "clone-007"


def _clone_name(i: int) -> str:
    return f"clone-{i:03d}"


def _clone_rows(rows: list[dict], source: str) -> list[dict]:
    """Rows of `source` (not in any pairwise row) repeated once per clone, renamed."""
    extra = []
    for i in range(N_CLONES):
        name = _clone_name(i)
        for row in rows:
            if row.get("model_name") == source and row.get("other_model_name") is None:
                copy = dict(row, model_name=name)
                if "display_name" in copy:
                    copy["display_name"] = name
                extra.append(copy)
    return rows + extra


def _many_models(data: MartData) -> MartData:
    source = EXCLUDED[0]
    tables = {
        name: _clone_rows(rows, source)
        for name, rows in data.tables.items()
        if name != display_set.PAIRWISE_MODELS
    }
    membership = [dict(r, n_models=N_MODELS) for r in data.tables[display_set.PAIRWISE_MODELS]]
    template = next(r for r in membership if r["model_name"] == source)
    membership += [
        dict(
            template,
            model_name=_clone_name(i),
            pass_rank=6 + i,
            inclusion_reason=f"not included: pass@1 rank {6 + i}",
        )
        for i in range(N_CLONES)
    ]
    tables[display_set.PAIRWISE_MODELS] = membership
    rates = _clone_rows([dict(r) for r in data.success_rates], source)
    for r in rates:
        if r["model_name"] == DERIVED:
            r["base_model_name"] = BASE
    # fct_success_rates.in_display_set as the mart computes it (tested in dbt:
    # assert_display_set_is_consistent): the included models plus the included derived model's base
    included = {r["model_name"]: r for r in membership if r["is_included"]}
    for r in rates:
        if r["model_name"] in included:
            r["in_display_set"] = True
            r["display_set_reason"] = included[r["model_name"]]["inclusion_reason"]
        elif r["model_name"] == BASE:
            r["in_display_set"] = True
            r["display_set_reason"] = display_set.BASE_REASON
        else:
            r["in_display_set"] = False
            r["display_set_reason"] = "not shown: beyond max_pairwise_models"
    return dataclasses.replace(data, success_rates=rates, tables=tables)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[MartData, str, dict[str, str], Path]:
    from fake_marts import build_fake_marts_db

    tmp = tmp_path_factory.mktemp("display_set")
    db = build_fake_marts_db(tmp / "fake.duckdb")
    data = _many_models(marts.load(db, sections.MART_SPECS))
    status = build_status.read(tmp / "absent" / "run_results.json")
    out = tmp / "out"
    specs: dict[str, str] = {}
    target = report.build(data, status, out, "md")
    markdown = target.read_text(encoding="utf-8")
    # build() keeps no specs: draw them again for the spec checks (same data, same rule)
    report.render_markdown(data, status, tmp / "again", specs)
    return data, markdown, specs, out


def _tables(markdown: str) -> list[list[str]]:
    """Every markdown table's body rows (after the |---| line)."""
    tables: list[list[str]] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("|---"):
            current = []
            tables.append(current)
        elif line.startswith("|") and current is not None:
            current.append(line)
        else:
            current = None
    return tables


def test_display_set_is_included_models_plus_base(rendered: tuple) -> None:
    data = rendered[0]
    shown = display_set.from_data(data)
    included = {
        r["model_name"] for r in data.tables[display_set.PAIRWISE_MODELS] if r["is_included"]
    }
    assert len(included) == 4
    assert shown.active
    assert shown.n_total == N_MODELS
    assert set(shown.names) == included | {BASE}
    reference = {r["model_name"] for r in data.success_rates if r["is_reference_model"]}
    assert reference and reference <= shown.names


def test_display_set_inactive_at_few_models(fake_marts_db: Path) -> None:
    """Five models (one left out of the all-pairs subset): every model is shown."""
    data = marts.load(fake_marts_db, sections.MART_SPECS)
    shown = display_set.from_data(data)
    assert not shown.active
    assert shown.n_shown == 5


def test_no_table_lists_left_out_models(rendered: tuple) -> None:
    """No table row is about a left-out model (its first or second cell names one), and no table
    is longer than the display set allows."""
    _, markdown, _, _ = rendered
    tables = _tables(markdown)
    assert tables
    clone = re.compile(r"^\| (?:[^|]* \| )?(clone-\d{3})[ |]")
    for rows in tables:
        # 5 shown models x at most 8 rows per model (scopes x metrics) is far below 300
        assert len(rows) <= 40, rows[:3]
        for row in rows:
            found = clone.match(row)
            assert found is None or found.group(1) == BASE, row


def test_cut_tables_and_charts_say_shown_of_total(rendered: tuple) -> None:
    _, markdown, _, _ = rendered
    note = "Shows 5 of 300 models: the top 4 by pass@1"
    chart_note = "The chart shows 5 of 300 models"
    assert markdown.count(note) >= 2  # at least the build@1 and pass@1 tables of section 1.1
    assert chart_note in markdown
    assert "plus the base model of each derived model among them (1)" in markdown
    # the reference model's row stays in the main overall table
    overall = markdown[markdown.index("#### 1.1.1 ") :]
    overall = overall[: overall.index(note)]
    assert "| **H2LooP v0.1-coder** |" in overall


def test_chart_specs_hold_only_the_display_set(rendered: tuple) -> None:
    _, _, specs, _ = rendered
    assert specs
    for stem, spec in specs.items():
        names = set(re.findall(r"clone-\d{3}", spec))
        assert names <= {BASE}, (stem, sorted(names)[:5])
        assert len(spec) < 2_000_000, stem


def test_every_model_in_csv(rendered: tuple) -> None:
    data, _, _, out = rendered
    with (out / display_set.ALL_MODELS_CSV).open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["model_name"] for r in rows} == {r["model_name"] for r in data.success_rates}
    assert len({r["model_name"] for r in rows}) == N_MODELS
    shown = {r["model_name"] for r in rows if r["in_display_set"] == "True"}
    assert shown == set(display_set.from_data(data).names)
    # one row per (model, scope, metric), with the mart's rate
    by_key = {(r["model_name"], r["scope"], r["metric"]): r for r in rows}
    for r in data.success_rates[:50]:
        got = by_key[(r["model_name"], r["scope"], r["metric"])]["rate"]
        assert (got == "") if r["rate"] is None else float(got) == pytest.approx(r["rate"])


def test_join_names_counts_beyond_twelve() -> None:
    from reporting import formatting as fmt

    twelve = [f"m{i}" for i in range(12)]
    assert fmt.join_names(twelve) == "m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10 and m11"
    many = [f"m{i}" for i in range(1000)]
    assert fmt.join_names(many) == "m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 990 more"


def test_long_name_lists_in_sentences_are_capped(rendered: tuple) -> None:
    """With 295 models lacking a VRAM figure and 295 mixture-of-experts models, the sentence
    "Models without a VRAM figure (…)" of 1.2 and the architecture line of 4.1 name ten models and
    'and N more', N counted here from the rows."""
    from reporting import formatting as fmt
    from reporting.section_marts import RESOURCE_EFFICIENCY
    from reporting.sections import research_theory, resource_efficiency

    data = rendered[0]
    rows = [
        dict(r, vram_gb=None, params_b=30.0, active_params_b=3.0)
        if r["model_name"].startswith("clone-")
        else r
        for r in data.tables[RESOURCE_EFFICIENCY.name]
    ]
    data = dataclasses.replace(data, tables={**data.tables, RESOURCE_EFFICIENCY.name: rows})
    no_vram = sum(1 for r in rows if r["vram_gb"] is None)
    moe = sum(
        1
        for r in rows
        if r["params_b"] is not None
        and r["active_params_b"] is not None
        and r["active_params_b"] < r["params_b"]
    )
    assert no_vram >= N_CLONES and moe >= N_CLONES
    shown = fmt.MAX_NAMES_IN_SENTENCE - 2

    unknown = resource_efficiency.efficiency_context(data)["unknown_vram"]
    assert unknown.endswith(f" and {no_vram - shown} more"), unknown[-80:]
    assert len(unknown) < 400

    notes = research_theory.architecture_notes(data)
    line = next(n for n in notes if "mixture-of-experts" in n)
    assert f" and {moe - shown} more)" in line, line[:300]
    assert len(line) < 1_500
    assert "clone-020" not in line  # past the first ten names of the sorted list
