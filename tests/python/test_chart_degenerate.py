"""Every chart on degenerate inputs: names of 100+ characters, one model, two domains, 110 models.

The marts of the sample build are rewritten (tests/python/degenerate_marts.py) and every section's
figures are drawn from them as the report would. The limits asserted here are written out in the
test (not read from reporting.chart_theme), so a theme change that breaks them fails.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbt_builds import Build
from degenerate_marts import LONG_SUFFIX, MANY_COPIES, degenerate_copy

from reporting import charts, marts, sections

MAX_WIDTH_CSS_PX = 1300  # no chart wider than this (the PNGs are drawn at scale 2)
MIN_ROW_PX = 20  # a chart with one row per model gives each row at least this much height
ELLIPSIS = "\u2026"
ROW_CHARTS = (  # charts with one row per model
    "success_rates_by_model",
    "model_tiers",
    "domain_heatmap",
    "pass_by_parallelism_dumbbell",
    "runtime_distributions",
    "speedup_by_model",
    "cohens_d_forest",
)


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def _draw(db: Path, out: Path) -> dict[str, dict[str, Any]]:
    data = marts.load(db, sections.MART_SPECS)
    drawn: dict[str, dict[str, Any]] = {}
    for section in sections.SECTIONS:
        for figure in section.figures(data):
            spec = charts.spec_json(figure)
            charts.save(figure, out, spec)
            drawn[figure.stem] = {
                "spec": json.loads(spec),
                "png": out / f"{figure.stem}.png",
                "svg": (out / f"{figure.stem}.svg").read_text(encoding="utf-8"),
            }
    return drawn


@pytest.fixture(scope="module")
def degenerate(
    sample_build: Build, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[str, dict[str, Any]]]]:
    root = tmp_path_factory.mktemp("degenerate")
    drawn = {}
    for kind in ("long_names", "one_model", "two_domains", "many_models"):
        db = degenerate_copy(sample_build.db, root / f"{kind}.duckdb", kind)
        drawn[kind] = _draw(db, root / kind)
    yield drawn


def _units(spec: Any) -> Iterator[dict[str, Any]]:
    """Every unit spec (a dict with a mark) in a layered/concatenated/faceted spec."""
    if isinstance(spec, dict):
        if "mark" in spec and "encoding" in spec:  # not config.mark
            yield spec
        for value in spec.values():
            yield from _units(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _units(value)


def _mark_type(unit: dict[str, Any]) -> str:
    mark = unit["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def _data_rows(spec: Any) -> Iterator[dict[str, Any]]:
    """Every inline data row that names a model."""
    if isinstance(spec, dict):
        if isinstance(spec.get("model"), str):
            yield spec
        for value in spec.values():
            yield from _data_rows(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _data_rows(value)


def _heights(spec: dict[str, Any]) -> list[float]:
    found: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("height"), int | float) and ("mark" in node or "layer" in node):
                found.append(node["height"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _row_steps(spec: dict[str, Any]) -> list[float]:
    """Heights given per row ({"step": px}): each plot is then as tall as its own rows."""
    found: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            height = node.get("height")
            if isinstance(height, dict) and "step" in height:
                found.append(height["step"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


@pytest.mark.parametrize("kind", ["long_names", "one_model", "two_domains", "many_models"])
def test_every_chart_is_drawn_within_the_width_limit(
    degenerate: dict[str, dict[str, dict[str, Any]]], kind: str
) -> None:
    drawn = degenerate[kind]
    expected = {"success_rates_by_model", "efficiency_vram_vs_pass", "domain_heatmap"}
    assert expected <= drawn.keys()
    if kind != "one_model":
        assert len(drawn) >= 9, sorted(drawn)
    for stem, figure in drawn.items():
        width, height = _png_size(figure["png"])
        assert width <= 2 * MAX_WIDTH_CSS_PX, (kind, stem, width)
        assert height >= 2 * 150, (kind, stem, height)


@pytest.mark.parametrize("kind", ["long_names", "many_models"])
def test_every_chart_has_tooltips(
    degenerate: dict[str, dict[str, dict[str, Any]]], kind: str
) -> None:
    """Marks without an explicit tooltip fall back to their data; each chart names its models in
    an explicit tooltip."""
    for stem, figure in degenerate[kind].items():
        spec = figure["spec"]
        assert spec["config"]["mark"]["tooltip"] == {"content": "data"}, stem
        tooltips = [
            u["encoding"]["tooltip"] for u in _units(spec) if "tooltip" in u.get("encoding", {})
        ]
        assert tooltips, stem
        fields = {
            (t["field"] if isinstance(t, dict) else t.split(":")[0])
            for tooltip in tooltips
            for t in (tooltip if isinstance(tooltip, list) else [tooltip])
        }
        assert fields & {"model", "full_name"}, (stem, fields)


def test_long_names_are_cut_with_an_ellipsis_and_kept_whole_in_tooltips(
    degenerate: dict[str, dict[str, dict[str, Any]]],
) -> None:
    long_tail = LONG_SUFFIX.strip()
    assert len(long_tail) > 100
    for stem, figure in degenerate["long_names"].items():
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", figure["svg"])
        # a long name's label holds the start of its suffix ("with an extraordinar…"); a label
        # that keeps a count visible beside it ("… (n = 12)") may cut it as early as "with an"
        named = [t for t in texts if "extraordinar" in t or " with an" in t]
        assert named, f"{stem}: no model label drawn"
        for text in named:
            assert long_tail not in text, (stem, text)
            assert ELLIPSIS in text, (stem, text)
            assert len(text) <= 100, (stem, text)  # labels ~40, titles ~95 characters
        assert long_tail in json.dumps(figure["spec"]), f"{stem}: full name not in its data"


def test_many_models_grow_the_charts_instead_of_squeezing_rows(
    degenerate: dict[str, dict[str, dict[str, Any]]],
) -> None:
    n_models = 11 * MANY_COPIES
    for stem in ROW_CHARTS:
        figure = degenerate["many_models"].get(stem)
        if figure is None:
            continue
        panels: dict[str, set[str]] = {}
        for datum in _data_rows(figure["spec"]):
            panels.setdefault(datum.get("panel", ""), set()).add(datum["model"])
        assert len(set().union(*panels.values())) >= n_models * 0.8, stem
        rows = max(len(models) for models in panels.values())  # rows of the tallest panel
        steps = _row_steps(figure["spec"])
        if steps:  # a height per row: every panel grows with its own rows
            assert min(steps) >= MIN_ROW_PX, stem
        else:
            assert max(_heights(figure["spec"])) >= MIN_ROW_PX * rows, stem
        _, png_height = _png_size(figure["png"])
        assert png_height >= 2 * MIN_ROW_PX * rows, (stem, png_height)


def test_two_domain_heatmap_legend_clears_the_axis_title(
    degenerate: dict[str, dict[str, dict[str, Any]]],
) -> None:
    """The gradient legend is never taller than the plot (it starts at the plot's top, so it
    cannot reach the axis title below), and the plot is at least as wide as the title's lines."""
    for kind in ("two_domains", "one_model"):
        spec = degenerate[kind]["domain_heatmap"]["spec"]
        height, width = spec["height"], spec["width"]
        rect = next(u for u in _units(spec) if _mark_type(u) == "rect")
        legend = rect["encoding"]["color"]["legend"]
        assert legend["gradientLength"] <= height, kind
        title = rect["encoding"]["x"]["title"]
        lines = title if isinstance(title, list) else [title]
        assert max(len(line) for line in lines) * 7.5 <= width, (kind, lines, width)


def test_dumbbell_rows_hold_seven_parallelism_models() -> None:
    """With ParEval's seven execution models every model's row holds its seven markers: the
    spread of the markers' vertical offsets plus one marker fits in the row's band (70% of the
    row: paddingInner 0.3), so no marker spills into a neighbour's row or out of the plot."""
    from reporting.charts_efficiency_domains import parallelism_dumbbell

    scopes = ("serial", "omp", "mpi", "mpi+omp", "kokkos", "cuda", "hip")
    models = ("model a", "model b", "model c")
    rates = [
        {
            "model_name": m, "display_name": m, "is_reference_model": i == 0, "family": None,
            "peer_group": None, "size_band": "unknown/hosted", "base_model_name": None,
            "scope": s, "metric": "pass", "n": 60, "successes": 30, "rate": 0.5 - 0.05 * i,
            "ci_low": 0.4, "ci_high": 0.6, "ci_status": "ok", "wilson_low": 0.4,
            "wilson_high": 0.6,
        }
        for i, m in enumerate(models)
        for s in (*scopes, "all")
    ]  # fmt: skip
    figure = parallelism_dumbbell(rates)  # type: ignore[arg-type]
    assert figure is not None
    spec = json.loads(charts.spec_json(figure))
    offsets = [
        layer["mark"]["yOffset"]
        for layer in spec["layer"]
        if isinstance(layer.get("mark"), dict) and "yOffset" in layer["mark"]
    ]
    assert len(set(offsets)) == len(scopes)
    marker_px = 10  # a size-80 point is about 9 px across
    band = spec["height"] / len(models) * 0.7
    assert max(offsets) - min(offsets) + marker_px <= band, (offsets, spec["height"])


def test_success_rate_panels_are_as_tall_as_their_rows(
    degenerate: dict[str, dict[str, dict[str, Any]]],
) -> None:
    """The size-band panels of the success-rates chart take their height from their own row
    count (a height per row on independent y scales), not the tallest panel's: in the SVG, the
    panels' plot frames differ in height in proportion to their rows."""
    figure = degenerate["many_models"]["success_rates_by_model"]
    assert _row_steps(figure["spec"]), "no per-row height"
    assert figure["spec"]["resolve"]["scale"]["y"] == "independent"
    panels: dict[str, set[str]] = {}
    for datum in _data_rows(figure["spec"]):
        panels.setdefault(datum["panel"], set()).add(datum["model"])
    counts = sorted({len(models) for models in panels.values()})
    assert len(counts) > 1, "every panel has the same number of rows: nothing to compare"
    frames = [
        float(h)
        for h in re.findall(
            r'class="background"[^>]*d="M[0-9.]+,[0-9.]+h[0-9.]+v([0-9.]+)h[^"]*"[^>]*stroke=',
            figure["svg"],
        )
    ]
    assert len(frames) == len(panels), frames
    # band scale with a step: height = step x (rows + padding); the padding cancels in differences
    step = _row_steps(figure["spec"])[0]
    assert max(frames) - min(frames) == pytest.approx(step * (counts[-1] - counts[0]), abs=1)


def _speedup_row(name: str, procs: int, n: int) -> dict[str, Any]:
    """One fct_scaling-like row for speedup_chart: a speedup of 1.5 (1.2-1.8) at `procs` ranks
    from `n` values; the model named 'Ref' is the reference."""
    return {
        "display_name": name,
        "procs": procs,
        "n": n,
        "geometric_mean": 1.5,
        "geometric_ci_low": 1.2,
        "geometric_ci_high": 1.8,
        "is_reference_model": name == "Ref",
        "confidence_level": 0.95,
    }


def test_speedup_labels_give_n_in_panel_order() -> None:
    """A model with 147 speedups at 2 ranks and 137 at 4 is labelled 'n = 147/137' (panels left to
    right), not with its counts sorted; equal counts give one n."""
    from reporting import charts_technical

    row = _speedup_row
    rows = [row("Ref", 2, 147), row("Ref", 4, 137), row("Other", 2, 9), row("Other", 4, 9)]
    figure = charts_technical.speedup_chart(rows, ["Ref", "Other"])
    assert figure is not None
    spec = json.dumps(figure.chart.to_dict())
    assert "Ref (n = 147/137)" in spec and "Other (n = 9)" in spec
    assert "Ref (n = 137/147)" not in spec


def test_speedup_labels_show_the_registrys_longest_name_whole() -> None:
    """The registry's longest name, with three-digit counts, is drawn whole: the drawn SVG (Vega's
    own text measuring, which cuts a label at the axis' labelLimit with an ellipsis) holds the full
    label and no ellipsis. At the theme's 240 px limit it was drawn 'DeepSeek Coder V2 Lit...'."""
    import vl_convert

    from reporting import charts_technical

    long_name = "DeepSeek Coder V2 Lite Instruct"
    row = _speedup_row
    rows = [row("Ref", 2, 94), row("Ref", 4, 88), row(long_name, 2, 305), row(long_name, 4, 293)]
    figure = charts_technical.speedup_chart(rows, ["Ref", long_name])
    assert figure is not None
    svg = vl_convert.vegalite_to_svg(figure.chart.to_dict())
    assert f"{long_name} (n = 305/293)" in svg
    assert "\u2026" not in svg


@pytest.mark.parametrize(("low", "high"), [(-1.0, -0.002), (-0.9, 0.55), (-0.35, 0.05)])
def test_forest_plot_axis_always_marks_zero(low: float, high: float) -> None:
    """The forest plot's x axis has a tick at 0 (no difference) whatever its range (the sample's
    ran -100..60 with ticks -100, -60, -20, 20, 60)."""
    from reporting import charts_statistics

    row = {
        "metric": "pass",
        "display_name": "A",
        "is_reference_model": False,
        "paired_diff": (low + high) / 2,
        "holm_ci_low": low,
        "holm_ci_high": high,
        "significant": high < 0 or low > 0,
        "confidence_level": 0.95,
    }
    figure = charts_statistics.forest_plot([row], ["pass"], "Ref")
    assert figure is not None
    spec = figure.chart.to_dict()
    ticks = [
        axis["values"]
        for axis in re.findall(r'"axis": (\{[^{}]*"values"[^{}]*\})', json.dumps(spec))
        for axis in [json.loads(axis)]
    ]
    assert ticks and all(0 in values for values in ticks), ticks
