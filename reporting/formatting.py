"""One number format for the whole report, plus markdown and HTML escaping.

Every function accepts None (SQL NULL) and non-finite floats and renders them as an em dash,
so no `nan`, `None`, `inf` or library repr can reach the report.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

DASH = "\u2014"

Number = int | float | Decimal

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}!~])")

#: ParEval's names of its seven execution models (the paper's tables), by the key the data uses.
PARALLELISM_MODEL_NAMES = {
    "serial": "Serial",
    "omp": "OpenMP",
    "openmp": "OpenMP",
    "mpi": "MPI",
    "mpi+omp": "MPI+OpenMP",
    "kokkos": "Kokkos",
    "cuda": "CUDA",
    "hip": "HIP",
}

_SCOPE_LABELS = {"all": "Combined", **PARALLELISM_MODEL_NAMES}

_METRIC_LABELS = {
    "build": "build success",
    "pass": "pass@1",
    "valid_given_build": "validation success among built code",
    "source_valid": "valid source",
    "any_run": "at least one run",
    "all_run": "all runs",
    "any_valid": "at least one valid run",
}


def _finite(value: Number | None) -> float | None:
    """The value as a float, or None when it is NULL, NaN or infinite."""
    if value is None or isinstance(value, bool):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _fixed(value: float, decimals: int) -> str:
    """Fixed decimals; negatives with the typographic minus sign; never "-0.0"."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-"):
        text = text[1:] if float(text) == 0 else "\u2212" + text[1:]
    return text


def percent_number(value: Number | None, decimals: int = 1) -> str:
    """A proportion as a percentage number without the sign: 0.6167 -> '61.7'."""
    number = _finite(value)
    return DASH if number is None else _fixed(number * 100, decimals)


def percent(value: Number | None, decimals: int = 1) -> str:
    """A proportion as a percentage: 0.6167 -> '61.7%'."""
    number = _finite(value)
    return DASH if number is None else f"{_fixed(number * 100, decimals)}%"


def interval(low: Number | None, high: Number | None) -> str:
    """An interval of proportions in percent: '[52.8, 70.2]' (bounds may lie outside 0-100)."""
    return f"[{percent_number(low)}, {percent_number(high)}]"


def rate_with_interval(rate: Number | None, low: Number | None, high: Number | None) -> str:
    """'61.7% [52.8, 70.2]'; a NULL rate is a bare em dash."""
    if _finite(rate) is None:
        return DASH
    return f"{percent(rate)} {interval(low, high)}"


def count(value: Number | None) -> str:
    """An integer count with thousands separators: 1320 -> '1,320'."""
    number = _finite(value)
    return DASH if number is None else f"{round(number):,}"


def count_range(values: Iterable[int]) -> str:
    """The span of some counts: '5' when they are all equal, '5–10' when not, a dash for none."""
    values = list(values)
    if not values:
        return DASH
    low, high = min(values), max(values)
    return count(low) if low == high else f"{count(low)}{EN_DASH}{count(high)}"


def counted(value: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: (1, 'model') -> '1 model', (1320, 'row') ->
    '1,320 rows'; plural defaults to the singular + 's'."""
    return f"{count(value)} {singular if value == 1 else (plural or singular + 's')}"


def fraction(successes: Number | None, n: Number | None) -> str:
    """'74/120' with thousands separators."""
    return f"{count(successes)}/{count(n)}"


#: Significance levels a reader compares a p-value with; p_value never rounds across one of them.
P_THRESHOLDS = (0.01, 0.05, 0.1)


def p_value(value: Number | None) -> str:
    """'< 0.001' below one in a thousand, otherwise three decimals: '0.034'; more decimals (up to
    six) where three would put p on the other side of 0.01, 0.05 or 0.1 ('0.0499', not '0.050',
    beside a test that is significant at 0.05)."""
    number = _finite(value)
    if number is None:
        return DASH
    if number < 0.001:
        return "< 0.001"
    for decimals in range(3, 7):
        shown = round(number, decimals)
        if all((shown < t) == (number < t) for t in P_THRESHOLDS):
            break
    return _fixed(number, decimals)


def effect_size(value: Number | None) -> str:
    """Cohen's d and similar effect sizes: two decimals."""
    number = _finite(value)
    return DASH if number is None else _fixed(number, 2)


def vram(value: Number | None) -> str:
    """VRAM in whole gigabytes: '19 GB', '1,280 GB'."""
    number = _finite(value)
    return DASH if number is None else f"{round(number):,} GB"


def level(value: Number | None) -> str:
    """A confidence level: 0.95 -> '95%', 0.975 -> '97.5%'."""
    number = _finite(value)
    if number is None:
        return DASH
    text = _fixed(number * 100, 1)
    return f"{text.removesuffix('.0')}%"


def timestamp(value: dt.datetime | dt.date | str | None) -> str:
    """A timestamp to the second, ISO 8601 with a space: '2025-01-31 12:00:00'."""
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def boolean(value: bool | None) -> str:
    if value is None:
        return DASH
    return "yes" if value else "no"


def text(value: object) -> str:
    """Any value as escaped markdown text; NULL is an em dash."""
    if value is None:
        return DASH
    if isinstance(value, float) and not math.isfinite(value):
        return DASH
    return md_escape(str(value))


def size_band(band: str) -> str:
    """A size band as the report prints it: int_models' ASCII code with typographic signs,
    '<= 16B' -> '≤ 16B', '17-40B' -> '17–40B' (an en dash between the numbers of a range)."""
    return re.sub(r"(?<=\d)-(?=\d)", "–", band.replace("<=", "≤"))


def md_escape(value: str) -> str:
    """Escape markdown syntax (including table pipes and raw HTML) with backslashes.

    Newlines become spaces so a value can never break a table row.
    """
    flat = " ".join(value.split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def html_escape(value: str) -> str:
    """Escape text for HTML element content and quoted attribute values."""
    return html.escape(value, quote=True)


def parallelism_model_name(key: str) -> str:
    """ParEval's name of an execution model: 'mpi+omp' -> 'MPI+OpenMP', 'omp' -> 'OpenMP';
    an unknown key is returned as written."""
    return PARALLELISM_MODEL_NAMES.get(key.strip().lower(), key)


def scope_label(scope: str) -> str:
    """Column heading of a parallelism model: 'mpi' -> 'MPI', 'mpi+omp' -> 'MPI+OpenMP',
    'all' -> 'Combined'."""
    return _SCOPE_LABELS.get(scope.lower(), scope.replace("_", " ").title())


def metric_label(metric: str) -> str:
    return _METRIC_LABELS.get(metric, metric.replace("_", " "))


def bold(markdown: str) -> str:
    """Bold an already escaped markdown fragment."""
    return f"**{markdown}**" if markdown else markdown


# --- Added for sections 1.2, 1.3 and 4.1 (efficiency, domains, research theory) ---------------

TIMES = "\u00d7"  # multiplication sign of ratios
MINUS = "\u2212"  # typographic minus of signed differences
EN_DASH = "\u2013"  # ranges: 5-10
ALPHA = "\u03b1"


def per_unit(value: Number | None, decimals: int = 2) -> str:
    """A rate per unit in percentage points, e.g. per GB of VRAM: 2.2368 -> '2.24'."""
    number = _finite(value)
    return DASH if number is None else f"{_fixed(number, decimals)}"


def ratio(value: Number | None, decimals: int = 2) -> str:
    """A ratio to a reference with a multiplication sign: 1 -> '1.00x', 53.89 -> '53.89x'."""
    number = _finite(value)
    return DASH if number is None else f"{_fixed(number, decimals)}{TIMES}"


def params(value: Number | None) -> str:
    """Parameters in billions: 32.0 -> '32B', 2.4 -> '2.4B', 1000 -> '1,000B'."""
    number = _finite(value)
    if number is None:
        return DASH
    if number == round(number):
        return f"{round(number):,}B"
    return f"{_fixed(number, 1)}B"


def points(value: Number | None, decimals: int = 1) -> str:
    """A difference of proportions in signed percentage points: 0.00833 -> '+0.8'.

    Negative values use the typographic minus sign: -0.4 -> MINUS + '40.0'."""
    number = _finite(value)
    if number is None:
        return DASH
    text = _fixed(number * 100, decimals)  # negatives already carry the typographic minus
    return f"+{text}" if number > 0 and text.strip("0.") else text


def share(value: Number | None) -> str:
    """A share as a whole percentage: 0.2105 -> '21%'."""
    number = _finite(value)
    return DASH if number is None else f"{_fixed(number * 100, 0)}%"


def points_pp(value: Number | None, decimals: int = 1) -> str:
    """Signed percentage points with the unit: 0.0083 -> '+0.8 pp'."""
    text = points(value, decimals)
    return text if text == DASH else f"{text} pp"


def points_with_interval(value: Number | None, low: Number | None, high: Number | None) -> str:
    """'+0.8 pp [-12.3, 13.9]' (interval bounds in percentage points)."""
    if _finite(value) is None:
        return DASH
    return f"{points_pp(value)} {interval(low, high)}"


# A list in a sentence names at most this many items (in the caller's order, most important first)
# and counts the rest: at 2,000 models a sentence naming every model is not readable (the full
# per-model figures are in all_models.csv, reporting.display_set).
MAX_NAMES_IN_SENTENCE = 12


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C' (names already escaped); beyond MAX_NAMES_IN_SENTENCE items,
    the first ones and 'and N more'."""
    items = list(names)
    if len(items) > MAX_NAMES_IN_SENTENCE:
        shown = MAX_NAMES_IN_SENTENCE - 2
        return ", ".join(items[:shown]) + f" and {count(len(items) - shown)} more"
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


# --- Additive helpers for section 3 and appendix A (runtimes, speedups, generation cost) ---

_TIME_UNITS = ((1.0, "s"), (1e-3, "ms"), (1e-6, "\u00b5s"), (1e-9, "ns"))


def significant(value: Number | None, digits: int = 3) -> str:
    """A number to `digits` significant figures, never in exponent notation: 0.0123 -> '0.0123'."""
    number = _finite(value)
    if number is None:
        return DASH
    if number == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(number)))
    decimals = max(0, digits - 1 - magnitude)
    if abs(round(number, decimals)) >= 10 ** (magnitude + 1):
        decimals = max(0, decimals - 1)
    text = f"{number:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text


def seconds(value: Number | None) -> str:
    """A duration with an SI unit and three significant figures: 0.0118 -> '11.8 ms'."""
    number = _finite(value)
    if number is None:
        return DASH
    if number == 0:
        return "0 s"
    size = abs(number)
    index = next((i for i, (scale, _) in enumerate(_TIME_UNITS) if size >= scale), 3)
    scaled = significant(number / _TIME_UNITS[index][0])
    if index > 0 and abs(float(scaled.replace(",", ""))) >= 1000:
        index -= 1
        scaled = significant(number / _TIME_UNITS[index][0])
    return f"{scaled} {_TIME_UNITS[index][1]}"


def seconds_with_interval(value: Number | None, low: Number | None, high: Number | None) -> str:
    """'11.8 ms [6.68 ms, 20.7 ms]'; the estimate alone when the interval is undefined."""
    if _finite(value) is None:
        return DASH
    if _finite(low) is None or _finite(high) is None:
        return seconds(value)
    return f"{seconds(value)} [{seconds(low)}, {seconds(high)}]"


def decimal(value: Number | None, decimals: int = 2) -> str:
    """A plain number with fixed decimals and thousands separators: 1539.775 -> '1,539.8'."""
    number = _finite(value)
    if number is None:
        return DASH
    text = f"{number:,.{decimals}f}"
    if text.startswith("-"):
        text = text[1:] if float(text.replace(",", "")) == 0 else "\u2212" + text[1:]
    return text


def decimal_with_interval(
    value: Number | None, low: Number | None, high: Number | None, decimals: int = 2
) -> str:
    """'9.79 [8.41, 11.16]'; the estimate alone when the interval is undefined."""
    if _finite(value) is None:
        return DASH
    if _finite(low) is None or _finite(high) is None:
        return decimal(value, decimals)
    return f"{decimal(value, decimals)} [{decimal(low, decimals)}, {decimal(high, decimals)}]"


def speedup(value: Number | None) -> str:
    """A speedup ratio to two decimals with a times sign: 1.2688 -> '1.27\u00d7'."""
    number = _finite(value)
    return DASH if number is None else f"{_fixed(number, 2)}\u00d7"


def speedup_with_interval(value: Number | None, low: Number | None, high: Number | None) -> str:
    """'1.27\u00d7 [1.06, 1.52]'; the estimate alone when the interval is undefined (n < 2)."""
    if _finite(value) is None:
        return DASH
    if _finite(low) is None or _finite(high) is None:
        return speedup(value)
    return f"{speedup(value)} [{_fixed(float(low), 2)}, {_fixed(float(high), 2)}]"  # type: ignore[arg-type]


def share_of(share: Number | None, part: Number | None, whole: Number | None) -> str:
    """'75.0% (12/16)'; a bare dash when the share is undefined."""
    if _finite(share) is None:
        return DASH
    return f"{percent(share)} ({fraction(part, whole)})"


def p_phrase(value: Number | None, prefix: str = "p") -> str:
    """'p = 0.034' or 'p < 0.001' (never 'p = < 0.001')."""
    text = p_value(value)
    return f"{prefix} {text}" if text.startswith("<") else f"{prefix} = {text}"


def model_name(display_name: str, is_reference: bool | None = False) -> str:
    """A model's display name escaped for markdown, in bold when it is the reference model."""
    escaped = md_escape(str(display_name))
    return bold(escaped) if is_reference else escaped
