"""Sections 1.2, 1.3, 4 and 4.1 rendered from real dbt builds (sample and real file).

Each build is rendered once per session; the real-file checks skip when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import (
    FORBIDDEN,
    IMAGE_LINK,
    between,
    mart,
    table_rows,
    unescape,
)

from reporting import formatting as fmt
from reporting.sections import research_theory, resource_efficiency

HEADINGS = (
    "### 1.2 Resource Efficiency Analysis",
    "### 1.3 Domain-Specific Performance",
    "## 4. Research Implications",
    "### 4.1 Theoretical Contributions",
)


@pytest.fixture(scope="session")
def sample_report(sample_report_dir: Path) -> Path:
    return sample_report_dir  # rendered once per session (conftest)


@pytest.fixture(scope="session")
def real_report(real_report_dir: Path) -> Path:
    return real_report_dir


@pytest.fixture(params=["sample", "real"])
def rendered(request: pytest.FixtureRequest) -> tuple[Path, Path]:
    """(report directory, database) for each build."""
    if request.param == "sample":
        return request.getfixturevalue("sample_report"), request.getfixturevalue("sample_build").db
    return request.getfixturevalue("real_report"), request.getfixturevalue("real_build").db


def test_headings_in_order(rendered: tuple[Path, Path]) -> None:
    report = (rendered[0] / "report.md").read_text(encoding="utf-8")
    positions = [report.index(heading + "\n") for heading in HEADINGS]
    assert positions == sorted(positions)
    assert report.index("### 1.1 ") < positions[0]


def test_no_forbidden_strings(rendered: tuple[Path, Path]) -> None:
    report = (rendered[0] / "report.md").read_text(encoding="utf-8")
    found = FORBIDDEN.findall(report)
    assert not found, found


def test_figures_resolve(rendered: tuple[Path, Path]) -> None:
    out = rendered[0]
    report = (out / "report.md").read_text(encoding="utf-8")
    ours = between(report, HEADINGS[0], None)
    links = IMAGE_LINK.findall(ours)
    stems = {Path(link).stem for link in links}
    assert {"efficiency_vram_vs_pass", "domain_heatmap", "pass_by_parallelism_dumbbell"} <= stems
    for link in links:
        png = out / link
        assert png.is_file() and png.stat().st_size > 1000, link
        assert png.with_suffix(".svg").is_file(), link


def test_efficiency_table_equals_mart(rendered: tuple[Path, Path]) -> None:
    out, db = rendered
    report = (out / "report.md").read_text(encoding="utf-8")
    section = between(report, HEADINGS[0], HEADINGS[1])
    marts = {r["display_name"]: r for r in mart(db, "select * from fct_resource_efficiency")}
    wilson = {
        (r["display_name"], r["metric"]): r
        for r in mart(
            db,
            "select display_name, metric, n, rate, ci_low, ci_high, ci_status, wilson_low, "
            "wilson_high from fct_success_rates where scope = 'all'",
        )
    }
    # A model without a VRAM figure has no per-GB value: it is left out of the table, and the
    # sentence above the table names it with the count.
    unknown = sorted(name for name, m in marts.items() if m["vram_gb"] is None)
    assert unknown, "the fixture must hold a model without a VRAM figure"
    title = "Models with a VRAM figure"
    header, *rows = table_rows(section, title)
    assert header[:2] == ["Model", "Peer group (size)"]
    assert len(rows) == len(marts) - len(unknown)
    assert {unescape(cells[0]) for cells in rows}.isdisjoint(unknown)
    assert (
        f"{len(unknown)} model{' has' if len(unknown) == 1 else 's have'} no VRAM figure" in section
    )
    for cells in rows:
        m = marts[unescape(cells[0])]
        assert cells[0].startswith("**") == bool(m["is_reference_model"])

        def rate(metric: str, value: float, m: dict = m) -> str:
            w = wilson[(m["display_name"], metric)]
            assert w["n"] == m["n"] and abs(w["rate"] - value) < 1e-12
            # the primary interval (cluster-robust t), or the bounded Wilson one marked with a
            # dagger where the mart flags the primary one (ci_status other than 'ok')
            if w["ci_status"] == "ok":
                return fmt.rate_with_interval(value, w["ci_low"], w["ci_high"])
            bounded = (
                f"[{fmt.percent_number(w['wilson_low'])}, {fmt.percent_number(w['wilson_high'])}]"
            )
            return f"{fmt.percent(value)} {bounded}\u2020"

        expected = [
            fmt.params(m["params_b"]),
            fmt.text(m["quantization"]),
            fmt.vram(m["vram_gb"]),
            rate("build", m["build_rate"]),
            rate("pass", m["pass_rate"]),
            fmt.per_unit(m["build_pp_per_gb"]),
            fmt.per_unit(m["pass_pp_per_gb"]),
            fmt.ratio(m["pass_efficiency_ratio_to_reference"]),
            fmt.ratio(m["vram_ratio_to_reference"]),
        ]
        assert cells[2:] == expected, m["display_name"]
        if m["is_reference_model"] and m["vram_gb"] is not None:
            assert cells[9] == cells[10] == "1.00\u00d7"


def test_domain_cells_equal_mart(rendered: tuple[Path, Path]) -> None:
    out, db = rendered
    report = (out / "report.md").read_text(encoding="utf-8")
    section = between(report, "## Appendix E", None)  # the full domain table moved there
    assert "Appendix E" in between(report, HEADINGS[1], HEADINGS[2])
    rates = {
        (r["display_name"], r["domain"]): r
        for r in mart(
            db,
            "select r.display_name, p.display_name as domain, r.n, r.n_passed, r.pass_rate, "
            "r.pass_wilson_low, r.pass_wilson_high from fct_domain_rates as r join "
            "stg_problem_types as p using (problem_type) where r.scope = 'all'",
        )
    }
    header, *rows = table_rows(section, "Pass@1 by domain, combined")
    assert len(rows) == len({d for _, d in rates})
    for cells in rows:
        for model, cell in zip(header[1:-1], cells[1:-1], strict=True):
            r = rates[(unescape(model), unescape(cells[0]))]
            estimate = fmt.rate_with_interval(
                r["pass_rate"], r["pass_wilson_low"], r["pass_wilson_high"]
            )
            assert cell == f"{estimate} ({fmt.fraction(r['n_passed'], r['n'])})"


def test_derived_vs_base_reads_as_the_test_says(rendered: tuple[Path, Path]) -> None:
    out, db = rendered
    report = (out / "report.md").read_text(encoding="utf-8")
    section = between(report, HEADINGS[2], None)
    pairs = mart(db, "select * from fct_derived_vs_base where scope = 'all'")
    alpha = 1 - mart(db, "select confidence_level from fct_dataset_card")[0]["confidence_level"]
    assert "no loss" not in section.lower()
    if not pairs:
        assert "no derived-vs-base comparison" in section
        return
    for pair in pairs:
        line = next(
            line
            for line in section.splitlines()
            if line.startswith("- ")
            and "vs its base" in line
            and fmt.md_escape(pair["display_name"]) in line
            and fmt.md_escape(pair["base_display_name"]) in line
        )
        assert fmt.points(pair["pass_difference"]) in line
        if pair["pass_p_value"] is None:
            assert "There is no test on" in line
        elif pair["pass_p_value"] >= alpha:
            assert "not statistically distinguishable" in line
        else:
            assert "not statistically distinguishable" not in line
        if pair["pass_ci_low"] is not None:
            # the printed interval is the mart's, and "significant" follows it
            assert fmt.interval(pair["pass_ci_low"], pair["pass_ci_high"]) in line
    header, *rows = table_rows(section, "Derived model vs base, paired on shared problems")
    p_col = header.index("Paired t p")
    expected = {
        fmt.p_value(r[f"{m}_p_value"])
        for r in mart(db, "select * from fct_derived_vs_base")
        for m in ("build", "pass")
    }
    assert {cells[p_col] for cells in rows} == expected


# ----------------------------------------------------------------------------- unit tests


def _eff(name: str, vram: float | None, rate: float) -> dict:
    return {"model_name": name, "display_name": name, "vram_gb": vram, "pass_rate": rate}


def test_frontier_rule() -> None:
    rows = [
        _eff("a", 10, 0.1),
        _eff("b", 20, 0.5),
        _eff("c", 30, 0.4),  # beaten by b with less VRAM
        _eff("d", 20, 0.5),  # tied with b: both on it
        _eff("e", None, 0.9),  # unknown VRAM: never on it
        _eff("f", 100, 0.6),
    ]
    names = [r["model_name"] for r in resource_efficiency.frontier_models(rows)]
    assert names == ["a", "b", "d", "f"]


@pytest.mark.parametrize(
    ("difference", "p", "phrase"),
    [
        (0.008, 1.0, "not statistically distinguishable"),
        (-0.3, 0.2, "not statistically distinguishable"),
        (0.2, 0.001, "has the higher"),
        (-0.2, 0.0001, "has the lower"),
    ],
)
def test_verdict_follows_p_and_sign(difference: float, p: float, phrase: str) -> None:
    text = research_theory.verdict(difference, p, 0.05, "pass")
    assert phrase in text
    assert "no loss" not in text.lower()
