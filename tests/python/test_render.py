"""The renderer end to end (CLI as a subprocess) plus unit tests of formatting and narrative."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from fake_marts import FAKE_MARTS_HOSTILE_NAME, build_fake_marts_db
from report_helpers import (
    FORBIDDEN,
    IMAGE_LINK,
    run_cli,
    split_row,
    table_rows,
    unescape,
)

from reporting import formatting as fmt
from reporting import markdown_html

METRIC_BY_SUBSECTION = {"1.1.1": "build", "1.1.2": "valid_given_build", "1.1.3": "pass"}
SCOPE_BY_HEADER = {"Serial": "serial", "MPI": "mpi", "Combined": "all"}


def _pct(value: float) -> str:
    """A proportion in percent to one decimal, negatives with the typographic minus (as the
    report prints them), formatted here independently of reporting.formatting."""
    return f"{value * 100:.1f}".replace("-", "\u2212")


def subsection(report: str, number: str) -> str:
    start = report.index(f"#### {number} ")
    following = report.find("\n#### ", start + 1)
    return report[start : following if following != -1 else None]


@pytest.fixture(scope="module")
def shared_fake_marts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fake marts database that the module's shared renders read; no test writes to it
    (tests that change the database use fake_marts_db)."""
    return build_fake_marts_db(tmp_path_factory.mktemp("fake_render") / "fake_marts.duckdb")


def _render_once(db: Path, output: str) -> Path:
    out = db.parent / output
    result = run_cli("--db", db, "--out", out, "--format", output, cwd=db.parent)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def fake_marts_rendered(shared_fake_marts_db: Path) -> Path:
    """The markdown report of the shared fake marts, rendered once for the module's readers."""
    return _render_once(shared_fake_marts_db, "md")


@pytest.fixture(scope="module")
def fake_marts_html(shared_fake_marts_db: Path) -> Path:
    """The HTML report of the shared fake marts, rendered once for the module's readers."""
    return _render_once(shared_fake_marts_db, "html")


def test_report_renders_with_title_card_and_section(fake_marts_rendered: Path) -> None:
    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# ParEval results: 5 models, reference H2LooP v0.1-coder\n")
    assert "**Synthetic sample.**" in report
    assert "| Rows rejected | 7 |" in report
    assert "| rejected | unknown parallelism model | 4 | 3, 9, 10, 11 |" in report
    assert "### 1.1 Overall Performance Metrics" in report
    assert "No dbt run results were found" in report
    assert "TODO" not in report and "{{" not in report


def test_every_figure_link_resolves(fake_marts_rendered: Path) -> None:
    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    links = IMAGE_LINK.findall(report)
    assert links, "the report embeds at least one figure"
    for link in links:
        assert not Path(link).is_absolute() and link.startswith("figures/")
        png = fake_marts_rendered / link
        assert png.is_file() and png.read_bytes().startswith(b"\x89PNG")
        assert png.with_suffix(".svg").is_file()
    for alt_text in re.findall(r"!\[([^\]]*)\]", report):
        assert len(alt_text) > 20


@pytest.mark.parametrize("output", ["md", "html"])
def test_no_forbidden_strings(request: pytest.FixtureRequest, output: str) -> None:
    out = request.getfixturevalue("fake_marts_rendered" if output == "md" else "fake_marts_html")
    text = (out / f"report.{output}").read_text(encoding="utf-8")
    if output == "html":  # inline SVG and scripts come from vl-convert; check the prose only
        text = re.sub(r"<svg.*?</svg>", "", text, flags=re.DOTALL)
        text = re.sub(r"<script\b.*?</script>", "", text, flags=re.DOTALL)
    assert FORBIDDEN.findall(text) == []


def _expected_cell(row: dict) -> str:
    """rate [primary interval] (x/n); the bounded Wilson interval marked † where ci_status
    flags the primary one (undefined or outside [0, 1])."""
    if row["n"] == 0:
        return f"\u2014 ({row['successes']}/{row['n']})"
    bounded = row["ci_status"] != "ok"
    low, high = ("wilson_low", "wilson_high") if bounded else ("ci_low", "ci_high")
    return (
        f"{_pct(row['rate'])}% [{_pct(row[low])}, {_pct(row[high])}]"
        f"{'†' if bounded else ''} ({row['successes']}/{row['n']})"
    )


def test_overall_tables_equal_mart_values(
    shared_fake_marts_db: Path, fake_marts_rendered: Path
) -> None:
    with duckdb.connect(str(shared_fake_marts_db), read_only=True) as con:
        relation = con.sql("select * from fct_success_rates")
        columns = relation.columns
        marts = [dict(zip(columns, r, strict=True)) for r in relation.fetchall()]
    by_key = {(r["display_name"], r["scope"], r["metric"]): r for r in marts}
    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    checked = 0
    for number, metric in METRIC_BY_SUBSECTION.items():
        text = subsection(report, number)
        header, *rows = table_rows(text, "All models")
        assert header[-1] == "Wilson, effective n (Combined)"
        combined_rates = []
        for cells in rows:
            name = unescape(cells[0])
            for position, heading in enumerate(header):
                if heading in SCOPE_BY_HEADER:
                    mart_row = by_key[(name, SCOPE_BY_HEADER[heading], metric)]
                    assert cells[position] == _expected_cell(mart_row), (name, heading)
                    checked += 1
            combined = by_key[(name, "all", metric)]
            combined_rates.append(combined["rate"])
            assert cells[-1] == (
                f"[{_pct(combined['wilson_low'])}, {_pct(combined['wilson_high'])}]"
            )
        assert combined_rates == sorted(combined_rates, reverse=True)
        assert len(rows) == len({r["display_name"] for r in marts})
    assert checked == 3 * 5 * 3


# int_models' size-band codes as the report prints them (typographic signs; '>' escaped in markdown)
PRINTED_SIZE_BANDS = {
    "<= 16B": "≤ 16B",
    "17-40B": "17–40B",
    "> 40B": "\\> 40B",
    "unknown/hosted": "unknown/hosted",
    "not in registry": "not in registry",
    None: "not in registry",
}


def test_one_table_per_metric_with_the_size_band_as_peer_group(
    shared_fake_marts_db: Path, fake_marts_rendered: Path
) -> None:
    with duckdb.connect(str(shared_fake_marts_db), read_only=True) as con:
        sql = "select distinct display_name, size_band from fct_success_rates"
        bands = dict(con.sql(sql).fetchall())
    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    build = subsection(report, "1.1.1")
    assert "Similar-size peers" not in build and "Frontier models" not in build
    assert build.count("\n| Model |") == 1
    header, *rows = table_rows(build, "All models")
    assert header[1] == "Peer group (size)"
    for cells in rows:
        band = bands[unescape(cells[0]).strip("*")]
        expected = PRINTED_SIZE_BANDS[band]
        assert cells[1] == expected, cells[0]


def test_derived_model_follows_its_base() -> None:
    from reporting.tables import ModelInfo, derived_beside_base

    models = [
        ModelInfo("a", "A", "> 40B", False),
        ModelInfo("coder", "Coder", "17-40B", True, "base"),
        ModelInfo("b", "B", "<= 16B", False),
        ModelInfo("base", "Base", "17-40B", False),
        ModelInfo("orphan", "Orphan", "<= 16B", False, "absent"),
    ]
    assert [m.model_name for m in derived_beside_base(models)] == [
        "a",
        "b",
        "base",
        "coder",
        "orphan",
    ]


def test_null_rate_renders_as_dash(fake_marts_rendered: Path) -> None:
    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    validation = subsection(report, "1.1.2")
    mistral = next(r for r in table_rows(validation, "All models") if "Mistral" in r[0])
    assert "\u2014 (0/0)" in mistral


def test_markdown_escapes_hostile_model_name(fake_marts_rendered: Path) -> None:
    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    escaped = r"evil\|\*model\*\_x\_\<script\>alert(1)\</script\>"
    assert fmt.md_escape(FAKE_MARTS_HOSTILE_NAME) == escaped
    assert escaped in report
    assert "<script>" not in report and "*model*" not in report
    header_cells = 0
    for line in report.splitlines():  # every table row keeps its table's column count
        if not line.startswith("|"):
            header_cells = 0
        elif header_cells == 0:
            header_cells = len(split_row(line))
        elif line.startswith("| evil"):
            assert len(split_row(line)) == header_cells
    assert "| evil" in report


def test_html_is_single_self_contained_file(fake_marts_html: Path) -> None:
    out = fake_marts_html
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["report.html"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    # Only the inline library bundle, the chart initialiser and each chart's JSON spec are scripts;
    # no script has a src, and a model name's "</script>" stays escaped inside the JSON.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S | re.I)
    assert [attrs for attrs, _ in scripts if attrs and "application/json" not in attrs] == []
    assert len([a for a, _ in scripts if not a]) == 2
    for attrs, body in scripts:
        if "application/json" in attrs:
            assert "<" not in body
            json.loads(body)
    prose = re.sub(r"<script\b.*?</script>", "", page, flags=re.S | re.I)
    assert "<script" not in prose.lower()
    assert "evil|*model*_x_&lt;script&gt;alert(1)&lt;/script&gt;" in prose
    for pattern in (r"\bsrc=\"(?!data:)", r"href=\"(?!#)", r"<link\b", r"@import", r"url\((?!#)"):
        assert re.search(pattern, prose) is None, pattern
    assert "default-src 'none'" in page  # the page may not connect anywhere
    assert "<strong>H2LooP v0.1-coder</strong>" in page


def test_rendering_twice_is_byte_identical(
    shared_fake_marts_db: Path, fake_marts_rendered: Path, tmp_path: Path
) -> None:
    """A second render of the shared fake marts, from another working directory, writes the
    same files byte for byte as the module's first render."""
    second = tmp_path / "second"
    assert run_cli("--db", shared_fake_marts_db, "--out", second, cwd=tmp_path).returncode == 0
    outputs = [
        {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        for out in (fake_marts_rendered, second)
    ]
    assert outputs[0].keys() == outputs[1].keys()
    assert outputs[0] == outputs[1]
    assert not [p for p in outputs[0] if p.name.startswith(".")], "no temporary files left"


def test_default_db_comes_from_pareval_db(fake_marts_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "env"
    result = run_cli("--out", out, cwd=tmp_path, env={"PAREVAL_DB": str(fake_marts_db)})
    assert result.returncode == 0, result.stderr
    assert (out / "report.md").is_file()


def _assert_clean_failure(result: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for needle in needles:
        assert needle in result.stderr


def test_missing_database_fails_cleanly(tmp_path: Path) -> None:
    result = run_cli("--db", tmp_path / "absent.duckdb", "--out", tmp_path / "o", cwd=tmp_path)
    _assert_clean_failure(result, 3, "run `dbt build`")
    assert not (tmp_path / "o" / "report.md").exists()


def test_missing_mart_fails_cleanly(tmp_path: Path) -> None:
    db = build_fake_marts_db(tmp_path / "partial.duckdb", drop="fct_data_audit")
    result = run_cli("--db", db, "--out", tmp_path / "o", cwd=tmp_path)
    _assert_clean_failure(result, 4, "fct_data_audit")


def test_not_a_database_fails_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "garbage.duckdb"
    db.write_text("not a database", encoding="utf-8")
    result = run_cli("--db", db, "--out", tmp_path / "o", cwd=tmp_path)
    _assert_clean_failure(result, 7, "DuckDB")


def _run_results(path: Path, statuses: dict[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "metadata": {"generated_at": "2025-01-31T12:00:00Z"},
        "args": {"which": "build"},
        "results": [{"unique_id": uid, "status": status} for uid, status in statuses.items()],
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_failed_build_is_refused(fake_marts_db: Path, tmp_path: Path) -> None:
    results = _run_results(
        tmp_path / "rr" / "run_results.json",
        {
            "model.pareval_report.fct_success_rates": "error",
            "test.pareval_report.not_null_x": "fail",
            "model.pareval_report.stg_raw_metrics": "success",
        },
    )
    out = tmp_path / "o"
    result = run_cli("--db", fake_marts_db, "--out", out, "--run-results", results, cwd=tmp_path)
    _assert_clean_failure(result, 5, "model.pareval_report.fct_success_rates")
    assert "test.pareval_report.not_null_x" in result.stderr
    assert not (out / "report.md").exists()


def test_run_results_beside_the_database_are_checked(fake_marts_db: Path, tmp_path: Path) -> None:
    _run_results(fake_marts_db.parent / "target" / "run_results.json", {"model.x": "error"})
    result = run_cli("--db", fake_marts_db, "--out", tmp_path / "o", cwd=tmp_path)
    _assert_clean_failure(result, 5, "model.x")


def test_successful_build_is_summarised(fake_marts_db: Path, tmp_path: Path) -> None:
    results = _run_results(
        tmp_path / "run_results.json", {"model.a": "success", "test.b": "pass", "test.c": "warn"}
    )
    out = tmp_path / "o"
    result = run_cli("--db", fake_marts_db, "--out", out, "--run-results", results, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "The last dbt build started at 2025-01-31T12:00:00Z and ended with" in report
    assert "1 pass, 1 success, 1 warn" in report
    assert "Warned: test.c" in report  # the warn is explained, with the test's name


def test_warned_test_is_named_from_the_same_invocation(tmp_path: Path) -> None:
    import datetime as dt
    import json

    from reporting import build_status

    path = tmp_path / "run_results.json"
    warned = {
        "unique_id": "test.pareval_report.speedup_only_when_all_valid.77a07c9cec",
        "status": "warn",
        "message": "Got 2 results, configured to warn if != 0",
    }
    payload = {"metadata": {"invocation_id": "inv-1"}, "results": [warned]}
    path.write_text(json.dumps(payload), encoding="utf-8")
    invocation = {
        "invocation_id": "inv-1", "command": "build", "status": "success",
        "started_at": dt.datetime(2025, 2, 1, 8), "nodes": 3, "succeeded": 2, "warned": 1,
        "failed": 0, "errored": 0, "skipped": 0, "failed_nodes": [],
    }  # fmt: skip
    named = build_status.from_invocation(invocation, tmp_path / "x.duckdb", path).summary
    message = "Got 2 results, configured to warn if != 0"
    assert f"Warned: speedup_only_when_all_valid ({message})." in named
    other = build_status.from_invocation({**invocation, "invocation_id": "inv-2"}, tmp_path, path)
    assert "Warned:" not in other.summary and "names it" in other.summary


def _record_invocation(db: Path, status: str, failed_nodes: list[str]) -> None:
    """Append a row to dbt_invocations as the project's on-run-end hook does."""
    with duckdb.connect(str(db)) as con:
        con.execute(
            "create table if not exists dbt_invocations (invocation_id varchar, command varchar, "
            "started_at timestamp, finished_at timestamp, nodes integer, succeeded integer, "
            "warned integer, failed integer, errored integer, skipped integer, "
            "failed_nodes varchar[], status varchar)"
        )
        con.execute(
            "insert into dbt_invocations values ('inv', 'build', timestamp '2025-02-01 08:00:00', "
            "now()::timestamp, 3, 2, 0, 0, ?, 0, ?, ?)",
            [len(failed_nodes), failed_nodes, status],
        )


def test_failed_build_in_the_database_log_is_refused(fake_marts_db: Path, tmp_path: Path) -> None:
    _record_invocation(fake_marts_db, "success", [])
    _record_invocation(fake_marts_db, "failed", ["model.pareval_report.int_models"])
    out = tmp_path / "o"
    result = run_cli("--db", fake_marts_db, "--out", out, cwd=tmp_path)
    _assert_clean_failure(result, 5, "model.pareval_report.int_models")
    assert not (out / "report.md").exists()


def test_database_log_is_preferred_to_stale_run_results(
    fake_marts_db: Path, tmp_path: Path
) -> None:
    _run_results(fake_marts_db.parent / "target" / "run_results.json", {"model.x": "error"})
    _record_invocation(fake_marts_db, "success", [])
    out = tmp_path / "o"
    result = run_cli("--db", fake_marts_db, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "The last dbt build started at 2025-02-01 08:00:00 UTC and ended with 2 pass." in report


def test_locked_database_names_the_holder(fake_marts_db: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(fake_marts_db)!r})\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        result = run_cli("--db", fake_marts_db, "--out", tmp_path / "o", cwd=tmp_path)
        _assert_clean_failure(result, 6, "locked", str(holder.pid))
        assert time.monotonic() - started < 60
    finally:
        holder.kill()
        holder.wait()


# Unit tests of the formatting and narrative rules.


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
def test_missing_values_are_dashes(value: float | None) -> None:
    for render in (fmt.percent, fmt.count, fmt.p_value, fmt.effect_size, fmt.vram, fmt.level):
        assert render(value) == fmt.DASH
    assert fmt.rate_with_interval(value, 0.1, 0.2) == fmt.DASH
    assert fmt.text(value) == fmt.DASH


def test_number_formats() -> None:
    assert fmt.rate_with_interval(0.6167, 0.528, 0.702) == "61.7% [52.8, 70.2]"
    assert fmt.rate_with_interval(0.5, None, 0.7) == "50.0% [\u2014, 70.0]"
    assert fmt.interval(-0.0004, 1.5) == "[0.0, 150.0]"
    assert fmt.p_value(0.0004) == "< 0.001"
    assert fmt.p_value(0.0341) == "0.034"
    assert fmt.p_value(0.04996) == "0.04996" and fmt.p_value(0.0499) == "0.0499"
    assert fmt.p_value(0.0501) == "0.050" and fmt.p_value(0.00999) == "0.00999"
    assert fmt.effect_size(-0.5351) == "\u22120.54"
    assert fmt.vram(19) == "19 GB" and fmt.vram(1280) == "1,280 GB"
    assert fmt.count(1320) == "1,320"
    assert fmt.counted(1, "model") == "1 model" and fmt.counted(0, "model") == "0 models"
    assert fmt.counted(1320, "row") == "1,320 rows" and fmt.counted(2, "box", "boxes") == "2 boxes"
    assert fmt.level(0.95) == "95%" and fmt.level(0.975) == "97.5%"


def test_size_bands_print_with_typographic_signs() -> None:
    assert [fmt.size_band(b) for b in ("<= 16B", "17-40B", "> 40B", "unknown/hosted")] == [
        "≤ 16B",
        "17–40B",
        "> 40B",
        "unknown/hosted",
    ]


def test_success_rate_chart_panels_are_titled_by_size_band() -> None:
    """One panel per size band, titled with the printed band; a model without a band and one in
    band 'not in registry' share one 'Not in registry' panel; the reference is in every panel."""
    from reporting.charts import success_rate_chart

    def row(name: str, band: str | None, reference: bool = False) -> dict:
        return {
            "model_name": name, "display_name": name.upper(), "size_band": band,
            "is_reference_model": reference, "scope": "all", "metric": "pass", "rate": 0.5,
            "ci_low": 0.4, "ci_high": 0.6, "ci_status": "ok", "n": 60, "confidence_level": 0.95,
        }  # fmt: skip

    rows = [row("ref", "17-40B", True), row("small", "<= 16B"), row("gone", "not in registry")]
    figure = success_rate_chart([*rows, row("unbanded", None)], metrics=("pass",))
    assert figure is not None
    spec = figure.chart.to_dict()
    datasets = spec.get("datasets")
    data = next(iter(datasets.values())) if datasets else spec["data"]["values"]
    panels: dict[str, set[str]] = {}
    for value in data:
        panels.setdefault(value["panel"], set()).add(value["model"])
    assert panels == {
        "Peer group ≤ 16B": {"SMALL", "REF"},
        "Peer group 17–40B": {"REF"},
        "Not in registry": {"GONE", "UNBANDED", "REF"},
    }


def test_escaping() -> None:
    escaped = fmt.md_escape("a|b *c* _d_ <e> `f` [g] #h")
    assert escaped == r"a\|b \*c\* \_d\_ \<e\> \`f\` \[g\] \#h"
    assert markdown_html.inline(escaped) == "a|b *c* _d_ &lt;e&gt; `f` [g] #h"
    assert fmt.md_escape("two\nlines") == "two lines"
    assert fmt.html_escape('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert markdown_html.inline("**b** and *i*") == "<strong>b</strong> and <em>i</em>"


def _rate(name: str, rate: float, low: float, high: float) -> dict:
    return {
        "model_name": name, "display_name": name, "family": None, "peer_group": None,
        "is_reference_model": False, "scope": "all", "metric": "pass", "n": 100,
        "successes": round(rate * 100), "rate": rate, "sd": None, "se": None, "df": None,
        "t_crit": None, "ci_low": None, "ci_high": None, "wilson_low": low, "wilson_high": high,
        "confidence_level": 0.95,
    }  # fmt: skip


def test_domains_are_named_by_their_display_names(fake_marts_rendered: Path) -> None:
    """4.2.2 names the reference's weakest domain as every other section does ('Fast Fourier
    Transform'), not by its key ('fft')."""
    from fake_marts_domains import _DOMAINS

    report = (fake_marts_rendered / "report.md").read_text(encoding="utf-8")
    start = report.index("lowest domain pass@1 is in ") + len("lowest domain pass@1 is in ")
    named = report[start : start + 60]
    assert any(named.startswith(display) for _, display, _, _ in _DOMAINS), named
