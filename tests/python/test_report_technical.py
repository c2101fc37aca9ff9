"""Section 3 (runtime, scaling, generation cost) and appendix A (data quality) of the report.

Rendered once per input (the bundled sample and, when ../shared is present, the real r1 file):
headings exist, every number in these tables equals its mart value formatted, the figures
resolve, no forbidden string appears, and a model without response-time data never shows a 0.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from report_helpers import (
    FORBIDDEN,
    IMAGE_LINK,
    between,
    mart,
    split_row,
    table_dicts,
    unescape,
)

from reporting import charts, marts, sections
from reporting import formatting as fmt
from reporting.sections import response_time_tokens, runtime_performance

HEADINGS = (
    "## 3. Technical Deep Dive",
    "### 3.1 Runtime Performance Analysis",
    "### 3.2 Response Time and Token Efficiency",
    "## Appendix A. Data Quality",
)
FIGURES = ("runtime_distributions", "speedup_by_model", "generation_cost_vs_pass")
NOT_RECORDED = "not recorded"


@pytest.fixture(scope="module", params=["sample", "real"])
def rendered(request: pytest.FixtureRequest):
    """(report text, output directory, marts database) for one input: the session's markdown
    render of its build (conftest), read and never written."""
    build = request.getfixturevalue(f"{request.param}_build")
    out = request.getfixturevalue(f"{request.param}_report_dir")
    return (out / "report.md").read_text(encoding="utf-8"), out, build.db


def by_name(rows: list[dict[str, Any]], **match: Any) -> dict[str, dict[str, Any]]:
    return {
        r["display_name"]: r for r in rows if all(r[key] == value for key, value in match.items())
    }


def test_headings_in_order(rendered) -> None:
    report, _, _ = rendered
    positions = [report.index(f"\n{h}\n") for h in HEADINGS]
    assert positions == sorted(positions)


def test_no_forbidden_strings(rendered) -> None:
    report, _, _ = rendered
    section = between(report, HEADINGS[0], None)
    assert FORBIDDEN.findall(section) == []
    assert "{{" not in section and "TODO" not in section


def test_figures_resolve(rendered) -> None:
    report, out, _ = rendered
    links = IMAGE_LINK.findall(between(report, HEADINGS[0], HEADINGS[3]))
    assert sorted(Path(link).stem for link in links) == sorted(FIGURES)
    for link in links:
        png = out / link
        assert png.read_bytes().startswith(b"\x89PNG") and png.with_suffix(".svg").is_file()


def test_runtime_tables_equal_marts(rendered) -> None:
    report, _, db = rendered
    rows = mart(db, "select * from fct_runtime_stats where measure = 'avg_runtime'")
    checked = 0
    for scope, caption in (("serial", "Serial code performance"), ("mpi", "MPI code performance")):
        expected = by_name(rows, scope=scope)
        shown = table_dicts(report, f"{caption}: runtime (mean of an attempt's valid runs)")
        assert len(shown) == len(expected)
        for cells in shown:
            r = expected[unescape(cells["Model"])]
            assert cells["n"] == fmt.count(r["n"])
            assert cells["Below timer resolution"] == fmt.count(r["n_below_timer_resolution"])
            if r["n"] == 0:
                assert cells["Median [p25, p75]"] == fmt.DASH
                continue
            assert cells["Median [p25, p75]"] == (
                f"{fmt.seconds(r['median_s'])} [{fmt.seconds(r['p25_s'])}, "
                f"{fmt.seconds(r['p75_s'])}]"
            )
            assert cells["Geometric mean [CI]"] == fmt.seconds_with_interval(
                r["geometric_mean_s"], r["geometric_ci_low_s"], r["geometric_ci_high_s"]
            )
            assert cells["Arithmetic mean [t-CI]"] == fmt.seconds_with_interval(
                r["mean_s"], r["ci_low_s"], r["ci_high_s"]
            )
            checked += 1
    assert checked > 10
    below = sum(r["n_below_timer_resolution"] for r in rows if r["scope"] == "serial")
    assert f"{fmt.count(below)} of " in report or below == 0


def test_scaling_tables_equal_marts(rendered) -> None:
    report, _, db = rendered
    rows = mart(db, "select * from fct_scaling")
    for procs in (2, 4):
        expected = by_name(rows, procs=procs)
        shown = table_dicts(report, f"Speedup at {procs} ranks")
        assert len(shown) == len(expected)
        for cells in shown:
            r = expected[unescape(cells["Model"])]
            assert cells["n"] == fmt.count(r["n"])
            assert cells["Geometric mean [CI]"] == fmt.speedup_with_interval(
                r["geometric_mean"], r["geometric_ci_low"], r["geometric_ci_high"]
            )
            assert cells["Arithmetic mean [t-CI]"] == fmt.speedup_with_interval(
                r["arithmetic_mean"], r["arithmetic_ci_low"], r["arithmetic_ci_high"]
            )
            assert cells["Efficiency (geometric)"] == fmt.percent(r["geometric_efficiency"])
            assert cells["Speedup > 1"] == fmt.share_of(
                r["share_speedup_above_1"], r["n_speedup_above_1"], r["n"]
            )
            assert cells[f"Superlinear (> {procs})"] == fmt.share_of(
                r["share_superlinear"], r["n_superlinear"], r["n"]
            )
            # The reading follows the interval: above 1, below 1, or containing 1.
            low, high = r["geometric_ci_low"], r["geometric_ci_high"]
            if low is not None and low > 1:
                assert cells["Reading"] == runtime_performance.FASTER
            elif high is not None and high < 1:
                assert cells["Reading"] == runtime_performance.SLOWER
            elif low is not None:
                assert cells["Reading"] == runtime_performance.UNCLEAR


def test_no_superiority_claim_without_interval(rendered) -> None:
    report, _, _ = rendered
    section = between(report, HEADINGS[0], "## 4. Research Implications").lower()
    for word in ("superior", "outperform", "best scaling", "excellent", "impressive"):
        assert word not in section


def test_generation_cost_tables_equal_marts(rendered) -> None:
    report, _, db = rendered
    rows = mart(db, "select * from fct_generation_cost where level = 'model'")
    expected = by_name(rows)
    response = table_dicts(report, "Response time (seconds) by model")
    tokens = table_dicts(report, "Token usage by model (means per attempt with t-CI)")
    # only the models that recorded a measure are rows; the others are named in a sentence
    assert len(response) == len([r for r in rows if r["response_time_s_n"]])
    assert len(tokens) == len([r for r in rows if r["completion_tokens_n"] or r["total_tokens_n"]])
    for r in rows:
        if not r["response_time_s_n"]:
            assert fmt.md_escape(r["display_name"]) in between(report, "#### 3.2.1", "#### 3.2.2")
    for cells in response:
        r = expected[unescape(cells["Model"])]
        values = [cells[h] for h in ("n", "Mean [t-CI]", "Median", "SD")]
        if r["response_time_s_n"] == 0:
            assert values == [NOT_RECORDED] * 4  # never 0
            continue
        assert values == [
            fmt.count(r["response_time_s_n"]),
            fmt.decimal_with_interval(
                r["response_time_s_mean"],
                r["response_time_s_ci_low"],
                r["response_time_s_ci_high"],
                2,
            ),
            fmt.decimal(r["response_time_s_median"], 2),
            fmt.decimal(r["response_time_s_sd"], 2),
        ]
    for cells in tokens:
        r = expected[unescape(cells["Model"])]
        if r["completion_tokens_n"] == 0 and r["total_tokens_n"] == 0:
            assert set(list(cells.values())[2:]) == {NOT_RECORDED}
            continue
        assert cells["Completion tokens"] == fmt.decimal_with_interval(
            r["completion_tokens_mean"],
            r["completion_tokens_ci_low"],
            r["completion_tokens_ci_high"],
            1,
        )
        assert cells["Total tokens"] == fmt.decimal_with_interval(
            r["total_tokens_mean"], r["total_tokens_ci_low"], r["total_tokens_ci_high"], 1
        )
        assert cells["Passes per 1,000 completion tokens"] == fmt.decimal(
            r["passes_per_1k_completion_tokens"], 2
        )
        assert cells["Builds per 1,000 completion tokens"] == fmt.decimal(
            r["builds_per_1k_completion_tokens"], 2
        )


def test_correlation_table_equals_marts(rendered) -> None:
    report, _, db = rendered
    rows = mart(db, "select * from fct_generation_cost")
    expected = by_name([r for r in rows if r["level"] == "model"])
    across = next(r for r in rows if r["level"] == "across_models")
    shown = table_dicts(report, "Correlation with passing (per attempt: pass = 1, fail = 0)")
    recorded = [
        r
        for r in expected.values()
        if r["response_time_s_pass_corr_n"] or r["completion_tokens_pass_corr_n"]
    ]
    assert len(shown) == len(recorded) + 1
    for cells in shown:
        name = unescape(cells["Model"])
        r = across if name.startswith("Across models") else expected[name]
        if r["response_time_s_pass_corr_n"] == 0:
            assert cells["n (time)"] == NOT_RECORDED
            assert cells["Response time: Pearson r (p)"] == NOT_RECORDED
        else:
            assert cells["n (time)"] == fmt.count(r["response_time_s_pass_corr_n"])
            assert cells["Response time: Pearson r (p)"] == response_time_tokens.r_with_p(
                r["response_time_s_pass_pearson_r"], r["response_time_s_pass_pearson_p"]
            )
            assert cells["Response time: Spearman \u03c1 (p)"] == response_time_tokens.r_with_p(
                r["response_time_s_pass_spearman_rho"], r["response_time_s_pass_spearman_p"]
            )
        if r["completion_tokens_pass_corr_n"]:
            assert cells["Completion tokens: Pearson r (p)"] == response_time_tokens.r_with_p(
                r["completion_tokens_pass_pearson_r"], r["completion_tokens_pass_pearson_p"]
            )
    n_across = across["response_time_s_pass_corr_n"]
    if n_across and n_across <= response_time_tokens.WEAK_EVIDENCE_MAX_MODELS:
        assert "weak evidence" in between(report, "#### 3.2.3", HEADINGS[3])


def test_models_without_response_time_never_show_zero(rendered) -> None:
    report, _, db = rendered
    missing = {
        r["display_name"]
        for r in mart(db, "select * from fct_generation_cost where level = 'model'")
        if r["response_time_s_n"] == 0
    }
    section = between(report, HEADINGS[2], HEADINGS[3])
    for line in section.splitlines():
        if line.startswith("|") and unescape(split_row(line)[0]) in missing:
            cells = split_row(line)[1:]
            assert not any(re.fullmatch(r"0(\.0+)?( s)?", c) for c in cells), line


def test_appendix_a_equals_marts(rendered) -> None:
    report, _, db = rendered
    appendix = between(report, HEADINGS[3], None)
    card = mart(db, "select * from fct_dataset_card")[0]
    assert "| Rows read | Rows kept | Rows rejected |" in appendix
    assert (
        f"| {fmt.count(card['rows_input'])} | {fmt.count(card['rows_kept'])} | "
        f"{fmt.count(card['rows_rejected'])} |" in appendix
    )
    audit = mart(db, "select * from fct_data_audit")
    if not audit:
        assert "No row was rejected and no value was repaired" in appendix
    missing = mart(db, "select * from fct_missing_data")
    share = table_dicts(appendix, "Missing values by model and column: missing (share)")
    expected_rows = table_dicts(appendix, "Missing where a value is expected: missing/expected")
    index = {(r["display_name"], r["column_name"]): r for r in missing}
    columns = {r["column_name"] for r in missing}
    checked = 0
    for shown, kind in ((share, "share"), (expected_rows, "expected")):
        assert len(shown) == len({r["display_name"] for r in missing})
        for cells in shown:
            model = unescape(cells["Model"])
            for column in columns:
                r = index[(model, column)]
                cell = cells[fmt.md_escape(column)]
                if kind == "share":
                    assert cell == f"{fmt.count(r['missing'])} ({fmt.percent(r['share_missing'])})"
                elif r["rows_applicable"]:
                    assert cell == fmt.fraction(r["missing_applicable"], r["rows_applicable"])
                else:
                    assert cell == fmt.DASH
                checked += 1
    assert checked == 2 * len(missing)
    rules_table = table_dicts(appendix, "How missing values are handled, by column")
    assert {unescape(c["Column"]) for c in rules_table} == columns


def test_generation_cost_chart_draws_the_primary_pass_interval(rendered) -> None:
    """The chart's pass-rate bar is the primary interval of fct_success_rates (ci_low/ci_high,
    scope all), or the bounded Wilson one where ci_status flags the primary — never Wilson
    where the primary is fine."""
    _, _, db = rendered
    data = marts.load(db, sections.MART_SPECS)
    figures = response_time_tokens.generation_figures(data)
    if not figures:
        pytest.skip("no model recorded response time or tokens")
    want = {}
    for r in mart(db, "select * from fct_success_rates where metric = 'pass' and scope = 'all'"):
        ok = r["ci_status"] == "ok" and r["ci_low"] is not None
        low, high = (r["ci_low"], r["ci_high"]) if ok else (r["wilson_low"], r["wilson_high"])
        want[r["display_name"]] = (low, high)
    points: list[dict[str, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if "pass_low" in node:
                points.append(node)
            for child in node.values():
                collect(child)
        elif isinstance(node, list):
            for child in node:
                collect(child)

    collect(json.loads(charts.spec_json(figures[0])))
    assert points
    for v in points:
        low, high = want[v["full_name"]]
        assert v["pass_low"] == pytest.approx(low, abs=1e-9)
        assert v["pass_high"] == pytest.approx(high, abs=1e-9)
