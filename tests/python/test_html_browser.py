"""The interactive HTML report in a real headless browser (Chromium from the OS packages).

The page must load offline with no console error, draw every figure with Vega (SVG marks per chart),
show a tooltip on hover, sort a table by a header click and keep the appendices collapsed. Driven by
Playwright's Python package pointed at the system Chromium (`playwright install` is never needed);
without Playwright, Chromium's own headless mode (--dump-dom) checks load and drawing. Skips, with
the reason, only when no Chromium binary is found: `scripts/install_browser.sh` installs one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_marts import FAKE_MARTS_HOSTILE_NAME
from report_helpers import run_cli

# The flags a root user needs here, and no network of Chromium's own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_ALL_DRAWN = "() => [...document.querySelectorAll('div.vega-chart')].every(e => e.dataset.rendered)"


def _chromium() -> str | None:
    explicit = os.environ.get("PAREVAL_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _chromium()
    if path is None:
        pytest.skip(
            "no Chromium binary found (looked for $PAREVAL_CHROMIUM, "
            + ", ".join(_CANDIDATES)
            + "); run scripts/install_browser.sh (as root it installs the OS package)"
        )
    return path


def _render_html(db: Path, out: Path) -> Path:
    result = run_cli("--db", db, "--out", out, "--format", "html", cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return out / "report.html"


@pytest.fixture
def sample_page(sample_html_dir: Path) -> Path:
    """The sample's HTML report, rendered once per session (conftest); read, never written."""
    return sample_html_dir / "report.html"


@pytest.fixture
def hostile_page(fake_marts_db: Path, tmp_path: Path) -> Path:
    return _render_html(fake_marts_db, tmp_path / "fake")


def _chart_count(page: Path) -> int:
    return len(re.findall(r'<div class="vega-chart" id="chart-', page.read_text(encoding="utf-8")))


class _Browser:
    """One Playwright page on a fresh profile, recording console errors and every request."""

    def __init__(self, executable: str) -> None:
        sync_api = pytest.importorskip("playwright.sync_api")
        self._profile = tempfile.TemporaryDirectory()
        self._playwright = sync_api.sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            self._profile.name,
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_FLAGS[1:]),
        )
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_function(_ALL_DRAWN, timeout=90_000, polling=250)

    def close(self) -> None:
        self.context.close()
        self._playwright.stop()
        self._profile.cleanup()


@pytest.fixture
def browser(chromium: str) -> Iterator[_Browser]:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright is not installed; test_dump_dom_* covers this case")
    session = _Browser(chromium)
    try:
        yield session
    finally:
        session.close()


def _drawn(browser: _Browser) -> list[tuple[str, str, int]]:
    return browser.page.evaluate(
        "() => [...document.querySelectorAll('div.vega-chart')].map(e => [e.id,"
        " e.dataset.rendered, e.querySelectorAll('svg.marks g.mark-rect > path,"
        " svg.marks g.mark-symbol > path, svg.marks g.mark-rule > line,"
        " svg.marks g.mark-text > text, svg.marks g.mark-line > path,"
        " svg.marks g.mark-area > path, svg.marks g.mark-tick > rect').length])"
    )


def test_every_figure_draws_offline_without_console_errors(
    browser: _Browser, sample_page: Path
) -> None:
    browser.open(sample_page)
    drawn = _drawn(browser)
    assert len(drawn) == _chart_count(sample_page) >= 9
    for chart_id, state, marks in drawn:
        assert state == "true", f"{chart_id} did not draw"
        assert marks > 0, f"{chart_id} drew no marks"
    assert browser.errors == []
    offline = [u for u in browser.requests if not u.startswith(("file:", "data:", "about:"))]
    assert offline == [], "the page fetched from the network"


def test_hovering_a_mark_shows_its_tooltip(browser: _Browser, sample_page: Path) -> None:
    browser.open(sample_page)
    cell = browser.page.locator("#chart-domain_heatmap svg.marks g.mark-rect > path").first
    cell.scroll_into_view_if_needed()
    cell.hover(force=True, position={"x": 4, "y": 4})
    tooltip = browser.page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert "model" in text.lower() and "%" in text, text


_IN_ORDER = """([selector, direction]) => {
  const cells = [...document.querySelectorAll(selector)].map(c => c.textContent);
  return cells.every((c, i) => i === 0 || direction * cells[i - 1].localeCompare(c) <= 0);
}"""


def test_tables_sort_and_appendices_collapse(browser: _Browser, sample_page: Path) -> None:
    browser.open(sample_page)
    page = browser.page
    assert page.locator("details.appendix").count() >= 3
    assert page.locator("details.appendix[open]").count() == 0
    assert not page.locator("details.appendix table").first.is_visible()
    page.locator("details.appendix > summary").first.click()
    assert page.locator("details.appendix[open]").count() == 1
    index = page.evaluate(
        "() => [...document.querySelectorAll('main > table.sortable')]"
        ".findIndex(t => t.tHead.rows[0].cells[0].textContent === 'Model')"
    )
    assert index >= 0, "a table led by a Model column"
    table = page.locator("main > table.sortable").nth(index)
    header = table.locator("thead th").first
    cells = "main > table.sortable[data-probe] tbody td:first-child"
    table.evaluate("t => t.setAttribute('data-probe', '')")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.evaluate(_IN_ORDER, [cells, 1])
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert page.evaluate(_IN_ORDER, [cells, -1])
    assert browser.errors == []


def test_peer_group_select_filters_table_rows(browser: _Browser, sample_page: Path) -> None:
    browser.open(sample_page)
    page = browser.page
    select = page.locator("label.peer-filter > select").first
    assert select.count() == 1, "a table with a peer-group column gets a filter"
    options = select.locator("option").all_inner_texts()
    assert options[0] == "all" and len(options) >= 2
    chosen = options[1]
    select.select_option(chosen)
    visible = page.evaluate(
        """(value) => {
          const table = document.querySelector("label.peer-filter").nextElementSibling;
          const column = [...table.tHead.rows[0].cells]
            .findIndex(h => h.textContent.trim() === "Peer group (size)");
          return [...table.tBodies[0].rows].filter(r => !r.hidden)
            .map(r => r.cells[column].textContent);
        }""",
        chosen,
    )
    assert visible and set(visible) == {chosen}
    select.select_option("")
    assert browser.errors == []


def test_hostile_names_stay_text(browser: _Browser, hostile_page: Path) -> None:
    """A model name with `</script>` and markdown in it neither ends a script nor runs."""
    browser.open(hostile_page)
    assert all(state == "true" for _, state, _ in _drawn(browser))
    assert browser.errors == []
    assert "evil|*model*_x_<script>" in browser.page.locator("main").inner_text()
    assert FAKE_MARTS_HOSTILE_NAME in browser.page.locator("main").inner_text()


def test_dump_dom_draws_every_figure(chromium: str, sample_page: Path) -> None:
    """Chromium's own headless mode, without Playwright: every chart reports it drew (a chart
    that failed would carry data-rendered="error")."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=30000",
                "--dump-dom",
                sample_page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    charts = re.findall(r'<div [^>]*class="vega-chart[^"]*"[^>]*>', result.stdout)
    assert len(charts) == _chart_count(sample_page) >= 9
    for chart in charts:
        assert 'data-rendered="true"' in chart, chart
