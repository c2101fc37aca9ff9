"""The statistical parts of the report (1.1 tiers and pass@k, 2.1, 2.2, Appendix B, Appendix D)
rendered from real dbt builds: headings, every table number against its mart, the reference
model switch, forbidden strings and figure links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dbt_builds import Build, dbt_build, succeeded
from report_helpers import FORBIDDEN, IMAGE_LINK, between, mart, run_cli, table_dicts, unescape

from reporting import formatting as fmt

HEADINGS = (
    "### 1.1 Overall Performance Metrics",
    "Performance Tier Analysis",
    "## 2. Advanced Statistical Analysis",
    "### 2.1 Confidence Intervals",
    "### 2.2 Effect Size Analysis (Cohen's d)",
    "## Appendix B. Assumption Checks",
    "## Appendix D. Reconciliation with the Reference Report",
)
CI_CAPTIONS = {
    "build": "Build success (combined)",
    "valid_given_build": "Validation success among built code (combined)",
    "pass": "Pass@1 (combined)",
}
DETAILS = "## Appendix E. Details of the Main Sections"
EFFECT_SUBSECTIONS = {
    "build": "Build success against the reference",
    "pass": "Pass@1 against the reference",
    "valid_given_build": "Validation success among built code against the reference",
}


def _render(build: Build, out: Path) -> str:
    result = run_cli("--db", build.db, "--out", out, cwd=out.parent, timeout=300)
    assert result.returncode == 0, result.stderr
    return (out / "report.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_report(sample_build: Build, sample_report_dir: Path):
    # rendered once per session (conftest)
    return (
        (sample_report_dir / "report.md").read_text(encoding="utf-8"),
        sample_report_dir,
        sample_build,
    )


@pytest.fixture(scope="module")
def real_report(real_build: Build, real_report_dir: Path):
    return (real_report_dir / "report.md").read_text(encoding="utf-8"), real_report_dir, real_build


@pytest.fixture(scope="module")
def other_reference_report(tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("statistics_gemini_reference")
    build = dbt_build(workdir, {"reference_model": "Gemini Pro"})
    succeeded(build)
    return _render(build, workdir / "out"), workdir / "out", build


@pytest.fixture(params=["sample", "real"])
def report(request: pytest.FixtureRequest):
    return request.getfixturevalue(f"{request.param}_report")


# Helpers ---------------------------------------------------------------------------------------


def _interval(low, high) -> str:
    return fmt.interval(low, high)


# Tests -----------------------------------------------------------------------------------------


def test_headings_present(report) -> None:
    text, _, _ = report
    for heading in HEADINGS:
        assert heading in text, heading
    assert re.search(r"^#### 1\.1\.\d+ Performance Tier Analysis$", text, re.MULTILINE)
    order = [text.index(h) for h in HEADINGS]
    assert order == sorted(order)


def test_no_forbidden_strings_and_figures_resolve(report) -> None:
    text, out, _ = report
    assert FORBIDDEN.findall(text) == []
    assert "{{" not in text and "TODO" not in text
    links = IMAGE_LINK.findall(text)
    for stem in ("model_tiers", "paired_difference_forest"):
        assert f"figures/{stem}.png" in links
    for link in links:
        png = out / link
        assert png.is_file() and png.read_bytes().startswith(b"\x89PNG")
        assert png.with_suffix(".svg").is_file()


def test_confidence_interval_tables_equal_marts(report) -> None:
    text, _, build = report
    # the full interval tables are in Appendix E (the main body points there)
    assert "Appendix E" in between(text, "### 2.1 Confidence Intervals", "### 2.2 ")
    section = between(text, DETAILS, None)
    rows = mart(
        build.db,
        "select * from fct_success_rates where scope = 'all' "
        "and metric in ('build', 'valid_given_build', 'pass')",
    )
    by_key = {(r["display_name"], r["metric"]): r for r in rows}
    checked = 0
    for metric, caption in CI_CAPTIONS.items():
        table = table_dicts(section, caption)
        assert len(table) == len([r for r in rows if r["metric"] == metric])
        for cells in table:
            r = by_key[(unescape(cells["Model"]), metric)]
            assert cells["n"] == fmt.count(r["n"])
            assert cells["Problems (G)"] == fmt.count(r["n_clusters"])
            if r["rate"] is not None:
                assert cells["Wilson, effective n (secondary)"] == _interval(
                    r["wilson_low"], r["wilson_high"]
                )
                bounded = r["ci_status"] != "ok"
                shown = (
                    (r["wilson_low"], r["wilson_high"]) if bounded else (r["ci_low"], r["ci_high"])
                )
                assert cells["Rate [as printed]"] == (
                    f"{fmt.percent(r['rate'])} {_interval(*shown)}" + ("†" if bounded else "")
                )
                # never an unexplained interval outside [0, 100] and never a point interval
                low, high = shown
                assert 0 <= low < high <= 1
            if r["ci_status"] in ("ok", "outside_0_1"):
                assert cells["t, cluster-robust (primary)"] == _interval(r["ci_low"], r["ci_high"])
            assert cells["Design effect"] == fmt.effect_size(r["design_effect"])
            assert cells["Model"].startswith("**") == r["is_reference_model"]
            checked += 1
    assert checked == len(rows)


def _check_effect_tables(text: str, build: Build) -> str:
    """Every 'All models' table of 2.2 (moved to Appendix E) against fct_reference_comparisons;
    returns the reference."""
    section = between(text, DETAILS, None)
    rows = mart(build.db, "select * from fct_reference_comparisons where scope = 'all'")
    by_key = {(r["display_name"], r["metric"]): r for r in rows}
    reference = next(r["display_name"] for r in rows if r["is_reference_model"])
    for metric, title in EFFECT_SUBSECTIONS.items():
        start = section.index(title)
        stop = section.find("\n### ", start)
        sub = section[start : stop if stop != -1 else None]
        for caption in ("All models", "Similar-size peers", "Frontier models"):
            if f"**{caption}**" not in sub:
                assert caption != "All models"
                continue
            table = table_dicts(sub, caption)
            names = [unescape(c["Model"]) for c in table]
            assert reference in names  # the reference model appears in every view
            for cells in table:
                r = by_key[(unescape(cells["Model"]), metric)]
                difference = "Paired difference, pp [Holm-level interval]"
                if r["is_reference_model"]:
                    assert cells["Rate (shared)"] == fmt.percent(r["rate"])
                    assert cells[difference] == "0.0 (reference)"
                    assert cells["Cohen's d [CI]"] == fmt.DASH
                    assert cells["Holm p (reference family)"] == fmt.DASH
                    assert cells["Model"] == f"**{fmt.md_escape(reference)}**"
                    continue
                assert cells["Rate (shared)"] == fmt.percent(r["rate_shared"])
                assert cells["Reference rate (shared)"] == fmt.percent(r["reference_rate_shared"])
                if r["significant"] is not None:
                    low, high = r["holm_ci_low_in_range"], r["holm_ci_high_in_range"]
                    assert cells[difference] == (
                        fmt.points_with_interval(r["paired_diff"], low, high)
                        + ("‡" if r["holm_ci_leaves_range"] else "")
                    )
                    # the marker and the interval beside it cannot disagree
                    assert (low > 0 or high < 0) == r["significant"]
                    assert cells["MDE (80% power)"] == f"{fmt.percent_number(r['mde'])} pp"
                if r["cohens_d"] is not None:
                    assert cells["Cohen's d [CI]"] == (
                        f"{fmt.effect_size(r['cohens_d'])} [{fmt.effect_size(r['d_ci_low'])}, "
                        f"{fmt.effect_size(r['d_ci_high'])}]"
                    )
                assert cells["Cohen's h"] == fmt.effect_size(r["cohens_h"])
                assert cells["Size (by h)"] == fmt.text(r["magnitude"])
                assert cells["p (paired t)"] == fmt.p_value(r["p_value"])
                assert cells["Holm p (reference family)"] == fmt.p_value(r["holm_p"])
                assert cells["Significant"] == fmt.boolean(r["significant"])
            if caption == "All models":
                assert len(table) == len([r for r in rows if r["metric"] == metric])
    return reference


def test_effect_size_tables_equal_marts(report) -> None:
    text, _, build = report
    reference = _check_effect_tables(text, build)
    section = between(text, "### 2.2 ", "## Appendix")
    assert f"compared with the reference model, **{fmt.md_escape(reference)}**" in section


def test_pairwise_matrix_equals_marts(report) -> None:
    text, _, build = report
    section = between(text, DETAILS, None)
    rows = mart(
        build.db,
        "select * from fct_pairwise_comparisons where metric = 'pass' and scope = 'all'",
    )
    family = rows[0]["n_comparisons"]
    caption = f"Holm p, all-pairs family (exploratory; {family} pairs), pass@1, combined"
    table = table_dicts(section, caption)
    by_pair = {(r["display_name"], r["other_display_name"]): r for r in rows}
    names = [unescape(c["Model"]).split(". ", 1)[1] for c in table]
    for i, cells in enumerate(table):
        for j, other in enumerate(names):
            cell = cells[str(j + 1)]
            if i == j:
                assert cell == fmt.DASH
            else:
                assert cell == fmt.p_value(by_pair[(names[i], other)]["holm_p"])


def test_tier_table_equals_marts(report) -> None:
    text, _, build = report
    tiers = mart(
        build.db,
        "select * from fct_model_tiers where scope = 'all' and metric = 'pass' and is_tiered "
        "order by tier, order_in_tier",
    )
    table = table_dicts(text, "Performance tiers (pass@1, combined)")
    assert len(table) == len(tiers)
    for cells, t in zip(table, tiers, strict=True):
        assert cells["Tier"] == fmt.count(t["tier"])
        assert unescape(cells["Model"]).removesuffix(" (partial coverage)") == t["display_name"]
        assert cells["Pass@1 [t-interval over problems]"].startswith(
            fmt.rate_with_interval(t["rate"], t["rate_ci_low"], t["rate_ci_high"])
            if t["rate_ci_low"] is not None
            else fmt.percent(t["rate"])
        )
        assert cells["Letters"] == t["letters"]
        rank = (
            str(t["rank_ci_low"])
            if t["rank_ci_low"] == t["rank_ci_high"]
            else f"{t['rank_ci_low']}–{t['rank_ci_high']}"
        )
        assert cells["Rank [95% bootstrap interval]"] == f"{t['point_rank']} [{rank}]"


def test_tier_numbers_imply_only_tested_orders(report) -> None:
    """Finding 4: every model of a better tier is significantly better than every model of a
    worse tier, so no "tier X of Y" claims an order the all-pairs tests do not support."""
    _, _, build = report
    unsupported = mart(
        build.db,
        "select better.model_name, worse.model_name as other from fct_model_tiers better "
        "join fct_model_tiers worse on better.scope = worse.scope "
        "and better.metric = worse.metric and better.tier < worse.tier "
        "left join fct_pairwise_comparisons p on p.model_name = better.model_name "
        "and p.other_model_name = worse.model_name and p.scope = better.scope "
        "and p.metric = better.metric "
        "where not coalesce(p.significant and p.diff > 0, false)",
    )
    assert unsupported == []


def test_leader_sentence_follows_the_paired_test(report) -> None:
    """Finding 3: "within sampling noise" only when the unadjusted interval includes 0; "not
    separable after Holm over N pairs" when it excludes 0 but Holm does not reject."""
    text, _, build = report
    top_two = mart(
        build.db,
        "select model_name, display_name from fct_success_rates where scope = 'all' "
        "and metric = 'pass' order by rate desc, display_name limit 2",
    )
    test = mart(
        build.db,
        "select * from fct_pairwise_comparisons where metric = 'pass' and scope = 'all' "
        f"and model_name = '{top_two[0]['model_name']}' "
        f"and other_model_name = '{top_two[1]['model_name']}'",
    )[0]
    pass_section = between(text, "Pass@1 (built and validated)", "Performance Tier Analysis")
    excludes_zero = test["ci_low"] > 0 or test["ci_high"] < 0
    if test["significant"]:
        assert "are significantly different" in pass_section
        assert "within sampling noise" not in pass_section
    elif excludes_zero:
        assert f"not separable after Holm over {test['n_comparisons']} pairs" in pass_section
        assert "within sampling noise" not in pass_section
    else:
        assert "not distinguishable" in pass_section
        assert "within sampling noise" in pass_section
    assert "all-pairs family" in pass_section
    # the leader sentence rests on the paired test, never on overlapping intervals (the domain
    # section's sentence on the reference model's best and worst domains may compare Wilson bounds)
    assert "Wilson intervals overlap" not in pass_section


def test_pass_at_k_single_sample_is_explained(report) -> None:
    text, _, build = report
    samples = mart(build.db, "select max(max_samples_per_problem) as m from fct_pass_at_k")[0]["m"]
    if samples == 1:
        assert "only pass@1 is estimable" in text
        assert "| pass@5 |" not in text


def test_reconciliation_flags_wald_bounds_by_data(report) -> None:
    text, _, build = report
    section = between(text, "## Appendix D.", None)
    outside = mart(
        build.db,
        "select display_name from fct_success_rates where scope = 'all' "
        "and metric in ('build', 'valid_given_build') and (wald_low < 0 or wald_high > 1)",
    )
    if outside:
        assert "The Wald interval leaves the range" in section
        for r in outside:
            assert fmt.md_escape(r["display_name"]) in section.split("The Wald interval leaves")[1]
    else:
        assert "None of the Wald intervals here leaves" in section


def test_changing_the_reference_model_changes_section_2_2(sample_report, other_reference_report):
    default_text, _, _ = sample_report
    text, _, build = other_reference_report
    reference = _check_effect_tables(text, build)
    assert reference == "Gemini 2.5 Pro"
    section = between(text, "### 2.2 ", "## Appendix")
    assert "compared with the reference model, **Gemini 2.5 Pro**" in section
    assert "Cohen's d against Gemini 2.5 Pro" not in section  # the title is in the chart only
    default_section = between(default_text, "### 2.2 ", "## Appendix")
    assert section != default_section
    assert "**Gemini 2.5 Pro**" not in default_section.split("*Practical significance.*")[0]


def test_narrowest_interval_sentence_says_which_intervals_it_compares() -> None:
    """A model whose t-interval leaves 0-100% (its table shows a bounded interval) is left out of
    'widest / narrowest', and the sentence says so instead of calling another model's the narrowest
    of all."""
    from reporting.sections.confidence_intervals import widest_interval

    def row(name: str, low: float, high: float, status: str = "ok") -> dict[str, object]:
        return {
            "display_name": name,
            "is_reference_model": False,
            "rate": (low + high) / 2,
            "ci_low": low,
            "ci_high": high,
            "ci_status": status,
            "n_clusters": 30,
        }

    rows = [row("A", 0.10, 0.30), row("B", 0.20, 0.26), row("C", -0.01, 0.03, "outside_0_1")]
    sentence = widest_interval(rows)
    assert sentence is not None
    assert sentence.startswith(
        "Of the 2 primary intervals that are defined and lie within 0–100% "
        "(the 1 flagged in the note column is left out)"
    )
    assert "the narrowest **B**'s (6.0" in sentence and "**C**" not in sentence
    plain = widest_interval(rows[:2])
    assert plain is not None and plain.startswith("The widest primary interval is **A**'s (20.0")
