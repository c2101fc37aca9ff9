"""Executive summary, 4.2, 4.3, 5 and Appendix C: rendered from the built marts, every stated
number equal to its mart value, and each rule's sentence consistent with the paired tests."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from reporting import formatting as fmt

FORBIDDEN = re.compile(r"\b(nan|NaN|None|inf|dtype|np\.float64)\b")


@pytest.fixture(scope="module")
def sample_report(sample_report_dir: Path) -> str:
    return (sample_report_dir / "report.md").read_text(encoding="utf-8")  # rendered once (conftest)


@pytest.fixture(scope="module")
def real_report(real_report_dir: Path) -> str:
    return (real_report_dir / "report.md").read_text(encoding="utf-8")


def _section(report: str, heading: str) -> str:
    start = report.index(heading)
    following = re.search(r"^#{1,3} ", report[start + len(heading) :], flags=re.M)
    end = start + len(heading) + following.start() if following else len(report)
    return report[start:end]


HEADINGS = (
    "## Executive Summary",
    "### 4.2 Practical Applications",
    "#### 4.2.1 Deployment Scenarios",
    "#### 4.2.2 Performance Optimization Strategies",
    "### 4.3 Limitations and Future Work",
    "## 5. Conclusions",
    "### 5.1 Key Findings Summary",
    "### 5.2 Strategic Recommendations",
    "### 5.3 Final Assessment",
    "## Appendix C. Methods",
)


@pytest.mark.parametrize("which", ["sample_report", "real_report"])
def test_headings_present_and_no_forbidden_strings(which: str, request: pytest.FixtureRequest):
    report = request.getfixturevalue(which)
    for heading in HEADINGS:
        assert re.search(rf"^{re.escape(heading)}$", report, flags=re.M), heading
    assert not FORBIDDEN.search(report), FORBIDDEN.search(report)


def _reference(db: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    return db.sql("select reference_model_name, reference_model from fct_dataset_card").fetchall()[
        0
    ]


@pytest.mark.parametrize(
    ("which", "db_fixture"), [("sample_report", "sample_db"), ("real_report", "real_db")]
)
def test_reference_rates_and_tier_come_from_the_marts(which, db_fixture, request):
    report, db = request.getfixturevalue(which), request.getfixturevalue(db_fixture)
    name, display = _reference(db)
    rate, low, high, successes, n, status = db.sql(
        "select rate, ci_low, ci_high, successes, n, ci_status from fct_success_rates "
        "where model_name = ? and scope = 'all' and metric = 'pass'",
        params=[name],
    ).fetchall()[0]
    assert status == "ok"  # the primary interval is printed as is
    tier, n_tiers = db.sql(
        "select tier, n_tiers from fct_model_tiers "
        "where model_name = ? and scope = 'all' and metric = 'pass'",
        params=[name],
    ).fetchall()[0]
    summary = _section(report, "## Executive Summary")
    expected = (
        f"passes {fmt.rate_with_interval(rate, low, high)} of its attempts "
        f"({fmt.fraction(successes, n)})"
    )
    assert expected in summary
    assert f"on pass@1 it is in tier {tier} of {n_tiers}" in summary
    assert len(summary.strip().splitlines()) <= 40  # the decision summary fits one page
    assert fmt.bold(fmt.md_escape(display)) in summary


@pytest.mark.parametrize(
    ("which", "db_fixture"), [("sample_report", "sample_db"), ("real_report", "real_db")]
)
def test_significance_claims_match_the_holm_adjusted_tests(which, db_fixture, request):
    report, db = request.getfixturevalue(which), request.getfixturevalue(db_fixture)
    summary = _section(report, "## Executive Summary")
    line = next(line for line in summary.splitlines() if "**Versus the reference.**" in line)
    answer = next(line for line in summary.splitlines() if line.startswith("**Answer.**"))
    rows = db.sql(
        "select display_name, significant, diff, paired_diff, holm_ci_low_in_range, "
        "holm_ci_high_in_range, holm_ci_leaves_range, mde, equivalent "
        "from fct_reference_comparisons "
        "where scope = 'all' and metric = 'pass' and not is_reference_model"
    ).fetchall()
    assert "reference family" in answer  # every p-value names its family
    clauses = line.split("; ")
    for display, significant, diff, paired, low, high, cut, _, _ in rows:
        name = fmt.md_escape(display)
        excludes = low > 0 or high < 0
        assert excludes == bool(significant), display  # the printed interval agrees
        clause = next(c for c in clauses if name in c)
        if significant and diff > 0:
            interval = fmt.points_with_interval(paired, low, high) + ("‡" if cut else "")
            assert "significantly higher" in clause and f"{name} ({interval})" in clause
        elif significant:
            assert "lower for" in clause, (display, clause)
        else:
            assert "not distinguishable" in clause, (display, clause)
    unclear = [row for row in rows if not row[1] and not row[8]]
    if unclear:
        low_mde = min(row[7] for row in unclear)
        cannot = _section(report, "**What the data cannot tell.**")
        assert f"by less than {fmt.percent_number(low_mde)}" in cannot


@pytest.mark.parametrize(
    ("which", "db_fixture"), [("sample_report", "sample_db"), ("real_report", "real_db")]
)
def test_dominated_only_when_a_fitting_model_is_significantly_better(which, db_fixture, request):
    report, db = request.getfixturevalue(which), request.getfixturevalue(db_fixture)
    heading = next(
        line
        for line in report.splitlines()
        if line.startswith("### E.") and "Deployment scenarios" in line
    )
    table = _section(report, heading)  # the full table is in Appendix E
    significant = {
        (a, b)
        for a, b in db.sql(
            "select d1.display_name, d2.display_name from fct_pairwise_comparisons p "
            "join int_models d1 on p.model_name = d1.model_name "
            "join int_models d2 on p.other_model_name = d2.model_name "
            "where p.metric = 'pass' and p.scope = 'all' and p.significant and p.diff > 0"
        ).fetchall()
    }
    for line in table.splitlines():
        match = re.search(r"\| Dominated: (.+?) \(.*?\) (?:fits the same|is also a hosted)", line)
        if match:
            model = line.split("|")[3].strip().strip("*").replace("\\", "")
            assert (match.group(1).replace("\\", ""), model) in significant, line


def test_methods_appendix_lists_every_mart_the_report_reads(sample_report: str, sample_db):
    from reporting import sections

    appendix = _section(sample_report, "## Appendix C. Methods")
    for spec in sections.MART_SPECS:
        assert f"`{spec.name}`" in appendix, spec.name
    described = dict(
        sample_db.sql(
            "select table_name, comment from duckdb_tables() where comment is not null"
        ).fetchall()
    )
    assert described["fct_success_rates"].split()[0] in appendix


def test_synthetic_sample_is_said_in_the_summary_and_the_assessment(sample_report, real_report):
    assert "**Synthetic sample.**" in _section(sample_report, "## Executive Summary")
    assert "simulated outcomes" in _section(sample_report, "### 5.3 Final Assessment")
    assert "**Synthetic sample.**" not in real_report
    assert "simulated outcomes" not in real_report


# A sentence (or a paragraph too short to split) longer than this may appear only once in the main
# body; shorter ones ("Rates are over all attempts.") may recur as labels.
REPEAT_MIN_CHARS = 60
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(\[])")


def main_body(report: str) -> str:
    """The report before Appendix A (the spec's sections, the summary and the provenance)."""
    return report[: report.index("\n## Appendix A")]


def repeated_sentences(markdown: str) -> dict[str, int]:
    """Sentences of prose (not tables, headings, figures or HTML) longer than REPEAT_MIN_CHARS
    that appear more than once, with their count."""
    seen: dict[str, int] = {}
    for line in markdown.splitlines():
        text = line.strip().removeprefix("- ").strip()
        if not text or text.startswith(("|", "#", "![", "<")):
            continue
        for sentence in _SENTENCE_END.split(text):
            sentence = sentence.strip()
            if len(sentence) > REPEAT_MIN_CHARS:
                seen[sentence] = seen.get(sentence, 0) + 1
    return {sentence: n for sentence, n in seen.items() if n > 1}


def test_the_repeat_check_finds_a_repeated_sentence() -> None:
    caveat = "Superlinear speedups on inputs this small usually reflect timing noise, not code."
    text = (
        f"#### 3.1.3 Scaling\n\n2 of 10 speedups exceeded 2x. {caveat}\n\n| a | b |\n\n"
        f"- 3 of 10 speedups exceeded 4x. {caveat}\n\n## Appendix A. Data Quality\n\n{caveat}\n"
    )
    assert repeated_sentences(main_body(text)) == {caveat: 2}
    assert repeated_sentences(text.replace(caveat, "Short.", 1)) == {caveat: 2}


def test_no_sentence_repeats_in_the_main_body(real_report: str):
    """No section restates another's (or its own) sentence word for word before the appendices.
    (The sample's synthetic-data warning is said twice on purpose: summary and assessment.)"""
    repeated = repeated_sentences(main_body(real_report))
    assert repeated == {}, sorted(repeated.items())[:5]


# The real-file report before issue 12 (commit cd68316): 1,015 lines and 131,699 bytes
# before Appendix A.
OLD_MAIN_BODY_LINES = 1_015
OLD_MAIN_BODY_BYTES = 131_699


def test_main_body_is_at_most_45_percent_of_the_old_report(real_report: str):
    """Issue 12: on the real file the main body is at most 45% of its old length, in lines and in
    bytes (detail moved to Appendix E behind one-line pointers, not deleted)."""
    body = main_body(real_report)
    assert len(body.splitlines()) <= 0.45 * OLD_MAIN_BODY_LINES, len(body.splitlines())
    assert len(body.encode("utf-8")) <= 0.45 * OLD_MAIN_BODY_BYTES, len(body.encode("utf-8"))
    assert "## Appendix E. Details of the Main Sections" in real_report
