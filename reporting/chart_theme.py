"""The one chart theme: colours, fonts, sizes and label limits shared by every chart module.

Every chart module (charts, charts_efficiency_domains, charts_statistics, charts_technical) takes
its colours, `themed()` and its size rules from here, so that a chart holds up on any data:

- Names of any length: axis, legend and facet-header labels stop at `LABEL_LIMIT_PX` pixels with an
  ellipsis (Vega's `labelLimit`); names drawn as text marks are cut to `MAX_LABEL_CHARS` characters
  by `short_label()`; titles stop at `TITLE_LIMIT_PX`. The full name is always in the tooltip.
- Any number of rows: a chart with one row per model grows `ROW_STEP_PX` pixels a row
  (`rows_height()`), never squeezing labels, with a floor of `MIN_PLOT_HEIGHT_PX`.
- Few categories: a plot is never narrower than `MIN_PLOT_WIDTH_PX`, so a colour legend beside it
  cannot cover its axis title.
- Tooltips: every mark shows a tooltip in the interactive HTML; marks without an explicit tooltip
  encoding show their data fields (`config.mark.tooltip`).
"""

from __future__ import annotations

import textwrap
from typing import Any

import altair as alt

# Okabe-Ito colours: distinguishable with colour-vision deficiencies, and blue/orange/black also
# differ in lightness, so they stay apart when printed in grey.
BLUE = "#0072B2"
ORANGE = "#E69F00"
BLACK = "#000000"
GREY = "#595959"
PALETTE = (BLUE, ORANGE, "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

FONT = "DejaVu Sans, Liberation Sans, sans-serif"

# Label and size limits (pixels at scale 1; the PNGs are drawn at scale 2).
LABEL_LIMIT_PX = 240  # axis, legend and header labels; longer ones end in an ellipsis
TITLE_LIMIT_PX = 900  # chart titles
MAX_LABEL_CHARS = 36  # names drawn as text marks (scatter labels), cut by short_label()
LABEL_CHAR_PX = 6.3  # approximate advance of an 11 px DejaVu Sans character
ROW_STEP_PX = 24  # minimum height of one model row
MAX_SCATTER_LABELS = 15  # a scatter with more points labels the top ones only (with a note)
MIN_PLOT_HEIGHT_PX = 80
MIN_PLOT_WIDTH_PX = 260
ELLIPSIS = "\u2026"

THEME: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "padding": 12,
    "title": {
        "fontSize": 16,
        "fontWeight": "bold",
        "anchor": "start",
        "offset": 12,
        "limit": TITLE_LIMIT_PX,
    },
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "titleFontWeight": "normal",
        "gridColor": "#dddddd",
        "domainColor": GREY,
        "tickColor": GREY,
        "labelColor": "#222222",
        "titleColor": "#222222",
        "labelLimit": LABEL_LIMIT_PX,
        "titleLimit": TITLE_LIMIT_PX,
    },
    "header": {
        "labelFontSize": 13,
        "labelFontWeight": "bold",
        "titleFontSize": 13,
        "labelLimit": TITLE_LIMIT_PX,
    },
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "symbolSize": 90,
        "labelLimit": LABEL_LIMIT_PX,
        "titleLimit": LABEL_LIMIT_PX,
    },
    "view": {"stroke": "#bbbbbb"},
    "range": {"category": list(PALETTE)},
}


def short_label(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def label_width_px(text: str, bold: bool = False) -> float:
    """Approximate drawn width of an 11 px label."""
    return len(text) * (LABEL_CHAR_PX + (0.7 if bold else 0.0))


def rows_height(n_rows: int, step: float = ROW_STEP_PX) -> float:
    """Plot height for `n_rows` model rows: `step` pixels a row, at least MIN_PLOT_HEIGHT_PX."""
    return max(step * n_rows, MIN_PLOT_HEIGHT_PX)


def columns_width(n_columns: int, step: float) -> float:
    """Plot width for `n_columns` categories: `step` pixels each, at least MIN_PLOT_WIDTH_PX."""
    return max(step * n_columns, MIN_PLOT_WIDTH_PX)


def configure_args() -> dict[str, Any]:
    """Keyword arguments of `chart.configure(...)` for the theme."""
    return {
        "font": THEME["font"],
        "background": THEME["background"],
        "padding": THEME["padding"],
        "title": alt.TitleConfig(**THEME["title"]),
        "axis": alt.AxisConfig(**THEME["axis"]),
        "header": alt.HeaderConfig(**THEME["header"]),
        "legend": alt.LegendConfig(**THEME["legend"]),
        "view": alt.ViewConfig(**THEME["view"]),
        "range": alt.RangeConfig(category=list(PALETTE)),
        "mark": alt.MarkConfig(tooltip={"content": "data"}),
    }


SUBTITLE_LINE_CHARS = 120  # a subtitle longer than this wraps onto several lines (never cut)


def wrap_subtitle(chart: alt.TopLevelMixin) -> None:
    """Wrap the top-level title's subtitle (a string) into lines of at most SUBTITLE_LINE_CHARS
    characters, in place, so TITLE_LIMIT_PX never cuts a sentence; other titles are left alone."""
    title = getattr(chart, "title", alt.Undefined)
    if not isinstance(title, alt.Title):
        return
    subtitle = title.subtitle
    if isinstance(subtitle, str) and len(subtitle) > SUBTITLE_LINE_CHARS:
        title.subtitle = textwrap.wrap(subtitle, SUBTITLE_LINE_CHARS)


def themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with the shared theme applied (call once, on the top-level chart); a long
    subtitle wraps instead of being cut."""
    wrap_subtitle(chart)
    return chart.configure(**configure_args())
