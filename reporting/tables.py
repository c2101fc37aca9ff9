"""Shape mart rows into formatted table views (strings only; no statistics computed here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reporting import formatting as fmt
from reporting import rate_intervals
from reporting.marts import SuccessRate

# The peer groups by size (int_models.size_band, macro size_band), smallest first: the peer-group
# column of every per-model table and the facets/filters of the charts and the HTML.
NOT_IN_REGISTRY = "not in registry"  # int_models' band of a model the registry does not hold
SIZE_BANDS: tuple[str, ...] = ("<= 16B", "17-40B", "> 40B", "unknown/hosted", NOT_IN_REGISTRY)
PEER_GROUP_HEADER = "Peer group (size)"


@dataclass(frozen=True)
class TableView:
    """One markdown table: a caption, column headings and rows of formatted cells."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Printed in italics under the table; set by reporting.display_set when rows were cut.
    note: str = ""


@dataclass(frozen=True)
class ModelInfo:
    model_name: str
    display_name: str
    peer_group: str | None
    is_reference: bool
    base_model_name: str | None = None


def ordered_scopes(scopes: Iterable[str]) -> list[str]:
    """Serial first, 'all' (combined) last, the other parallelism models alphabetically between."""
    unique = set(scopes)
    middle = sorted(s for s in unique if s not in {"serial", "all"})
    return [s for s in ("serial",) if s in unique] + middle + [s for s in ("all",) if s in unique]


def peer_group_label(peer_group: str | None) -> str:
    """The size band as the tables show it ('≤ 16B'); 'not in registry' without one."""
    if peer_group is None:
        return NOT_IN_REGISTRY
    return fmt.md_escape(fmt.size_band(peer_group))


def size_band_rank(peer_group: str | None) -> int:
    """Position of a size band in SIZE_BANDS (unknown bands last)."""
    return SIZE_BANDS.index(peer_group) if peer_group in SIZE_BANDS else len(SIZE_BANDS)


def models_in(rows: Sequence[SuccessRate]) -> list[ModelInfo]:
    """Distinct models, by model_name; the peer group is the size band (fct_success_rates)."""
    seen: dict[str, ModelInfo] = {}
    for r in rows:
        seen.setdefault(
            r["model_name"],
            ModelInfo(
                r["model_name"],
                r["display_name"],
                r.get("size_band"),
                r["is_reference_model"],
                r.get("base_model_name"),
            ),
        )
    return list(seen.values())


def derived_beside_base(models: Sequence[ModelInfo]) -> list[ModelInfo]:
    """The same order, except that a derived model (registry base_model) follows its base directly
    when the base is in the list; derived models of one base keep their relative order."""
    present = {m.model_name for m in models}
    derived: dict[str, list[ModelInfo]] = {}
    for m in models:
        if m.base_model_name in present and m.base_model_name != m.model_name:
            derived.setdefault(m.base_model_name, []).append(m)
    placed = {d.model_name for ds in derived.values() for d in ds}
    ordered: list[ModelInfo] = []

    def place(model: ModelInfo) -> None:
        ordered.append(model)
        for child in derived.get(model.model_name, []):
            place(child)

    for m in models:
        if m.model_name not in placed:
            place(m)
    return ordered


def model_cell(model: ModelInfo) -> str:
    return fmt.model_name(model.display_name, model.is_reference)


def reference_display_names(rows: Sequence[SuccessRate]) -> list[str]:
    return sorted({r["display_name"] for r in rows if r["is_reference_model"]})


def sort_by_rate(models: Sequence[ModelInfo], rate_of: dict[str, float | None]) -> list[ModelInfo]:
    """Highest rate first; models without a rate last; ties by display name."""
    return sorted(
        models,
        key=lambda m: (
            rate_of.get(m.model_name) is None,
            -(rate_of.get(m.model_name) or 0.0),
            m.display_name,
            m.model_name,
        ),
    )


def rate_cell(row: SuccessRate) -> str:
    """'61.7% [52.8, 70.2] (74/120)': rate, primary interval (cluster-robust t; the bounded
    Wilson interval marked † where the primary one is undefined or leaves [0, 100%]), x/n."""
    return rate_intervals.rate_cell(row)


def rate_views(
    rates: Sequence[SuccessRate], metric: str, partial: Iterable[str] = ()
) -> list[TableView]:
    """One table of one metric over every model, with a peer-group (size band) column.

    Cells read 'rate [primary interval] (successes/n)'; the last column is the secondary
    interval of the combined scope (Wilson on the effective sample size). Rows are in the order
    of the combined rate, highest first, with each derived model right after its base. Models in
    `partial` (below full coverage, fct_model_coverage) are marked ◦ after their name.
    """
    partial = set(partial)
    scopes = ordered_scopes(r["scope"] for r in rates)
    metric_rows = [r for r in rates if r["metric"] == metric]
    cell: dict[tuple[str, str], SuccessRate] = {
        (r["model_name"], r["scope"]): r for r in metric_rows
    }
    t_scope = "all" if "all" in scopes else (scopes[-1] if scopes else "all")
    models = derived_beside_base(
        sort_by_rate(
            models_in(metric_rows),
            {m: r["rate"] for (m, scope), r in cell.items() if scope == t_scope},
        )
    )
    headers = ["Model", PEER_GROUP_HEADER, *(fmt.scope_label(s) for s in scopes)]
    headers.append(f"Wilson, effective n ({fmt.scope_label(t_scope)})")
    body = []
    for model in models:
        cells = [model_cell(model) + (" ◦" if model.model_name in partial else "")]
        cells.append(peer_group_label(model.peer_group))
        for scope in scopes:
            row = cell.get((model.model_name, scope))
            cells.append(fmt.DASH if row is None else rate_cell(row))
        t_row = cell.get((model.model_name, t_scope))
        cells.append(
            fmt.DASH
            if t_row is None or t_row["rate"] is None
            else fmt.interval(t_row["wilson_low"], t_row["wilson_high"])
        )
        body.append(tuple(cells))
    return [TableView(title="All models", headers=tuple(headers), rows=tuple(body))]


def unassigned_models(rates: Sequence[SuccessRate]) -> list[str]:
    """Escaped display names of models without a peer group (not in the model registry)."""
    return sorted(fmt.md_escape(m.display_name) for m in models_in(rates) if m.peer_group is None)


def model_order(
    rows: Sequence[Mapping[str, Any]],
    peer_groups: Mapping[str, str | None],
    pass_rates: Mapping[str, float | None] | None = None,
) -> list[str]:
    """Display names: the reference model first, then by peer group (size band), by name; with
    `pass_rates` (model_name -> combined pass@1): the reference first, then by pass@1, highest
    first (models without a rate last), by name."""
    seen: dict[str, Mapping[str, Any]] = {}
    for r in rows:
        if r["model_name"] is not None:
            seen.setdefault(r["model_name"], r)
    if pass_rates is not None:

        def by_pass(r: Mapping[str, Any]) -> tuple[bool, bool, float, str]:
            rate = pass_rates.get(r["model_name"])
            return (
                not r["is_reference_model"],
                rate is None,
                -(rate or 0.0),
                str(r["display_name"]),
            )

        return [str(r["display_name"]) for r in sorted(seen.values(), key=by_pass)]
    ordered = sorted(
        seen.values(),
        key=lambda r: (
            not r["is_reference_model"],
            size_band_rank(peer_groups.get(r["model_name"])),
            str(r["display_name"]),
        ),
    )
    return [str(r["display_name"]) for r in ordered]
