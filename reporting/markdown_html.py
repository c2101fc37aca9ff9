"""A small converter for the markdown subset the templates emit, into one offline HTML file.

Supported: ATX headings, pipe tables, unordered and ordered lists, block quotes, paragraphs,
`**strong**`, `*emphasis*`, `` `code` ``, backslash escapes and images. An image becomes the
inline SVG beside it (`figures/x.png` -> `figures/x.svg`), or a base64 data URI when there is
no SVG, so the HTML file references nothing outside itself. All text is HTML-escaped.

Interactive export (`specs` given): a figure whose Vega-Lite spec is known is drawn in the page by
vega-embed (tooltips on every mark), with the static SVG as the <noscript> fallback; Vega, Vega-Lite
and vega-embed are inlined from vl-convert's bundle (the versions pinned by the vl-convert-python
pin, see `library_versions()`), so the page loads nothing from the network; a Content-Security-
Policy forbids any connection. Tables sort by a click on a column header, tables with a peer-group
column get a select that filters their rows by peer group; every "Appendix"
section is a collapsible <details> element.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Mapping
from pathlib import Path

import vl_convert

from reporting.formatting import html_escape

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_UNORDERED = re.compile(r"^[-*+]\s+(.*)$")
_ORDERED = re.compile(r"^\d+[.)]\s+(.*)$")
_IMAGE_ONLY = re.compile(r"^!\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)$")
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|`(?P<code>[^`]*)`"
    r"|!\[(?P<alt>(?:\\.|[^\]\\])*)\]\((?P<src>[^)\s]+)\)"
    r"|(?P<strong>\*\*)"
    r"|(?P<em>\*)"
)
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)

_STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
blockquote { border-left: 4px solid #E69F00; margin: 1rem 0; padding: 0.25rem 1rem;
             background: #fff8e6; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
.vega-chart { max-width: 100%; overflow-x: auto; }
th.sortable { cursor: pointer; user-select: none; }
th.sortable::after { content: " \\2195"; color: #888; font-size: 0.8em; }
th[aria-sort="ascending"]::after { content: " \\25B2"; color: #222; }
th[aria-sort="descending"]::after { content: " \\25BC"; color: #222; }
details.appendix > summary { cursor: pointer; }
details.appendix > summary > h2 { display: inline; }
""".strip()

# Vega-Lite major.minor of the Altair schema the charts are written in; vl-convert bundles it.
VEGA_LITE_VERSION = "6.4"

# Nothing is fetched when the page is viewed: scripts and styles are inline, images data URIs.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'"
)

# Draw each chart with vega-embed. A chart that fails to draw logs the error (the browser test
# fails on any console error). Vega compiles its expressions with Function(), hence 'unsafe-eval'
# in the policy: vl-convert's bundle does not include Vega's CSP-safe expression interpreter.
_INIT = r"""
(function () {
  "use strict";
  var charts = document.querySelectorAll("div.vega-chart[data-spec]");
  charts.forEach(function (element) {
    var spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
    vegaEmbed(element, spec, {
      renderer: "svg", actions: false, tooltip: true
    }).then(function () {
      element.setAttribute("role", "img");  // vega-embed replaces the figure's alt text
      element.setAttribute("aria-label", element.dataset.alt);
      element.dataset.rendered = "true";
    }).catch(function (error) {
      element.dataset.rendered = "error";
      console.error("figure " + element.id + ": " + error);
    });
  });

  function sortKey(text) {
    var cleaned = text.replace(/[\u2212\u2013]/g, "-").replace(/,/g, "").trim();
    var match = cleaned.match(/^[<>~\u2248]?\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/);
    return match ? { number: parseFloat(match[1]), text: text } : { number: null, text: text };
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (header, column) {
      header.classList.add("sortable");
      header.tabIndex = 0;
      function sort() {
        var descending = header.getAttribute("aria-sort") === "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, index) { row.dataset.order = row.dataset.order || index; });
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[column] ? a.cells[column].textContent : "");
          var y = sortKey(b.cells[column] ? b.cells[column].textContent : "");
          var result;
          if (x.number !== null && y.number !== null) { result = x.number - y.number; }
          else if (x.number !== null) { return -1; }
          else if (y.number !== null) { return 1; }
          else { result = x.text.localeCompare(y.text); }
          if (result === 0) { return a.dataset.order - b.dataset.order; }
          return descending ? -result : result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      header.addEventListener("click", sort);
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
  // Peer-group filter: a select above every table with a "Peer group (size)" column.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var column = headers.findIndex(function (h) {
      return h.textContent.trim() === "Peer group (size)";
    });
    if (column < 0) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var values = rows
      .map(function (r) { return r.cells[column] ? r.cells[column].textContent : ""; })
      .filter(function (v, i, all) { return all.indexOf(v) === i; }).sort();
    var label = document.createElement("label");
    label.className = "peer-filter";
    label.textContent = "Peer group: ";
    var select = document.createElement("select");
    [""].concat(values).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value === "" ? "all" : value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      rows.forEach(function (r) {
        r.hidden = select.value !== "" && r.cells[column].textContent !== select.value;
      });
    });
    label.appendChild(select);
    table.parentNode.insertBefore(label, table);
  });
})();
""".strip()


@functools.lru_cache(maxsize=1)
def _javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed with their dependencies, from vl-convert (offline)."""
    bundle = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    if "</script" in bundle.lower():  # cannot happen with today's bundle; never break the page
        raise ValueError("the vl-convert JavaScript bundle contains '</script'")
    return bundle


def library_versions() -> dict[str, str]:
    """The JavaScript library versions inlined in the interactive HTML."""
    return {
        "vega": vl_convert.get_vega_version(),
        "vega-lite": VEGA_LITE_VERSION,
        "vega-embed": vl_convert.get_vega_embed_version(),
        "vl-convert": getattr(vl_convert, "__version__", "unknown"),
    }


def _script_json(text: str) -> str:
    """JSON safe inside a <script> element: no '<', so no '</script>' or '<!--'."""
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def inline(text: str, base_dir: Path | None = None) -> str:
    """Convert inline markdown to HTML; everything that is not markup is escaped."""
    parts: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        parts.append(html_escape(text[position : match.start()]))
        position = match.end()
        if match["escaped"] is not None:
            parts.append(html_escape(match["escaped"]))
        elif match["code"] is not None:
            parts.append(f"<code>{html_escape(match['code'])}</code>")
        elif match["src"] is not None:
            parts.append(_image(_unescape(match["alt"]), match["src"], base_dir))
        else:
            tag = "strong" if match["strong"] else "em"
            if open_tags and open_tags[-1] == tag:
                open_tags.pop()
                parts.append(f"</{tag}>")
            else:
                open_tags.append(tag)
                parts.append(f"<{tag}>")
    parts.append(html_escape(text[position:]))
    parts.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(parts)


def _unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _image(alt: str, src: str, base_dir: Path | None) -> str:
    """An inline SVG (ids prefixed to stay unique) or a data URI; alt text if neither exists."""
    label = html_escape(alt)
    source = Path(src)
    if base_dir is not None and not source.is_absolute() and ".." not in source.parts:
        svg_path = base_dir / source.with_suffix(".svg")
        if svg_path.is_file():
            svg = _XML_PROLOGUE.sub("", svg_path.read_text(encoding="utf-8"))
            prefix = re.sub(r"[^A-Za-z0-9_-]", "-", source.stem) + "-"
            svg = _SVG_ID.sub(lambda m: f'id="{prefix}{m[1]}"', svg)
            svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)
            svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)
            svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
            return svg
        file_path = base_dir / source
        if file_path.is_file() and source.suffix.lower() == ".png":
            data = base64.b64encode(file_path.read_bytes()).decode("ascii")
            return f'<img alt="{label}" src="data:image/png;base64,{data}">'
    return f"<span>[{label}]</span>"


def _split_row(line: str) -> list[str]:
    """Split a table row on pipes that are not backslash-escaped."""
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current.append(body[index : index + 2])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current).strip())
    return cells


def _table(lines: list[str], base_dir: Path | None) -> str:
    header = _split_row(lines[0])
    out = ['<table class="sortable">', "<thead><tr>"]
    out += [f"<th>{inline(cell, base_dir)}</th>" for cell in header]
    out += ["</tr></thead>", "<tbody>"]
    for line in lines[2:]:
        cells = _split_row(line)
        cells += [""] * (len(header) - len(cells))
        out.append("<tr>" + "".join(f"<td>{inline(c, base_dir)}</td>" for c in cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _figure(text: str, base_dir: Path | None, specs: Mapping[str, str] | None) -> str:
    """An image-only paragraph: a vega-embed chart with its SVG as fallback, or the static image."""
    match = _IMAGE_ONLY.match(text)
    static = inline(text, base_dir)
    stem = Path(match[2]).stem if match else ""
    if not specs or stem not in specs:
        return f"<figure>{static}</figure>"
    key = re.sub(r"[^A-Za-z0-9_-]", "-", stem)
    label = html_escape(_unescape(match[1])) if match else ""
    return (
        f'<figure>\n<div class="vega-chart" id="chart-{key}" data-spec="spec-{key}" '
        f'role="img" aria-label="{label}" data-alt="{label}"></div>\n'
        f'<script type="application/json" id="spec-{key}">{_script_json(specs[stem])}</script>\n'
        f"<noscript>{static}</noscript>\n</figure>"
    )


def _blocks(
    lines: list[str], base_dir: Path | None, specs: Mapping[str, str] | None = None
) -> list[str]:
    html: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            index += 1
            continue
        heading = _HEADING.match(stripped)
        if heading:
            level = len(heading[1])
            html.append(f"<h{level}>{inline(heading[2], base_dir)}</h{level}>")
            index += 1
            continue
        if (
            stripped.startswith("|")
            and index + 1 < len(lines)
            and _TABLE_SEPARATOR.match(lines[index + 1].strip())
        ):
            end = index + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            html.append(_table([x.strip() for x in lines[index:end]], base_dir))
            index = end
            continue
        if stripped.startswith(">"):
            end = index
            quoted: list[str] = []
            while end < len(lines) and lines[end].strip().startswith(">"):
                quoted.append(lines[end].strip()[1:].removeprefix(" "))
                end += 1
            inner = _blocks(quoted, base_dir, specs)
            html.append("<blockquote>\n" + "\n".join(inner) + "\n</blockquote>")
            index = end
            continue
        for pattern, tag in ((_UNORDERED, "ul"), (_ORDERED, "ol")):
            if pattern.match(stripped):
                items: list[str] = []
                while index < len(lines) and (item := pattern.match(lines[index].strip())):
                    items.append(f"<li>{inline(item[1], base_dir)}</li>")
                    index += 1
                html.append(f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>")
                break
        else:
            paragraph: list[str] = []
            while index < len(lines) and lines[index].strip() and not _starts_block(lines, index):
                paragraph.append(lines[index].strip())
                index += 1
            if not paragraph:  # a line that only looked like a block start
                paragraph.append(stripped)
                index += 1
            text = " ".join(paragraph)
            if _IMAGE_ONLY.match(text):
                html.append(_figure(text, base_dir, specs))
            else:
                html.append(f"<p>{inline(text, base_dir)}</p>")
    return html


def _starts_block(lines: list[str], index: int) -> bool:
    stripped = lines[index].strip()
    return bool(
        _HEADING.match(stripped)
        or stripped.startswith(">")
        or _UNORDERED.match(stripped)
        or _ORDERED.match(stripped)
        or (
            stripped.startswith("|")
            and index + 1 < len(lines)
            and _TABLE_SEPARATOR.match(lines[index + 1].strip())
        )
    )


def _collapse_appendices(blocks: list[str]) -> list[str]:
    """Wrap each level-2 section whose heading starts with "Appendix" in a closed <details>."""
    out: list[str] = []
    inside = False
    for block in blocks:
        if block.startswith("<h2>") or block.startswith("<h1>"):
            if inside:
                out.append("</details>")
                inside = False
            if block.startswith("<h2>Appendix"):
                out.append(f'<details class="appendix">\n<summary>{block}</summary>')
                inside = True
                continue
        out.append(block)
    if inside:
        out.append("</details>")
    return out


def to_html(
    markdown: str, base_dir: Path | None = None, specs: Mapping[str, str] | None = None
) -> str:
    """A complete, self-contained HTML document; the first heading becomes the title.

    With `specs` (figure stem -> Vega-Lite JSON) the page is interactive: charts drawn in the
    browser with tooltips, sortable tables, collapsible appendices, all JavaScript inline.
    """
    lines = markdown.splitlines()
    title = next(
        (_unescape(m[2]) for line in lines if (m := _HEADING.match(line.strip()))), "Report"
    )
    blocks = _blocks(lines, base_dir, specs)
    scripts = ""
    csp = ""
    if specs is not None:
        blocks = _collapse_appendices(blocks)
        scripts = f"<script>\n{_javascript_bundle()}\n</script>\n<script>\n{_INIT}\n</script>\n"
        csp = f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
    body = "\n".join(blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en">\n<head>\n<meta charset="utf-8">\n{csp}'
        f"<title>{html_escape(title)}</title>\n"
        f"<style>\n{_STYLE}\n</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f"{scripts}</body>\n</html>\n"
    )
