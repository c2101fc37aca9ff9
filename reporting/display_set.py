"""The display set: which models the per-model charts and tables show when there are too many.

A checkpoint sweep can hold 2,000 models; a chart or a markdown table of every one of them is
neither readable nor renderable (vl-convert overflows its stack on the larger specs). The rule is
chosen by the data, in SQL, and read from the mart column fct_success_rates.in_display_set: the
models `int_pairwise_models` includes (the top var `max_pairwise_models` by pass@1 in scope 'all',
plus the reference model), plus the base model (registry base_model) of every derived model among
them. While int_pairwise_models includes every model (at most max_pairwise_models + the
reference), or while there are at most var `list_every_model_up_to` (60) models, the display set
is every model and nothing changes.

When the display set leaves models out:
- the figures are drawn from marts restricted to the display set (`restrict`), so a chart's data
  and its render time are bounded by the display set, not by the number of models;
- every per-model table is cut to the display set's rows (`restrict_tables`), with a note under
  it saying how many models it shows out of how many and by what rule;
- every model's rates go to one file next to the report (`all_models_csv`, ALL_MODELS_CSV).
Sentences keep reading the full marts: what they say about "all models" is over all models.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reporting import formatting as fmt
from reporting.marts import MartData
from reporting.tables import TableView

ALL_MODELS_CSV = "all_models.csv"
PAIRWISE_MODELS = "int_pairwise_models"
# fct_success_rates.display_set_reason of a base model shown beside its included derived model.
BASE_REASON = "base model of a derived model in the display set"


@dataclass(frozen=True)
class DisplaySet:
    """The models shown (`names`, model_name) out of `n_total`; `active` when some are left out."""

    names: frozenset[str]
    n_total: int
    rule: str

    @property
    def active(self) -> bool:
        return len(self.names) < self.n_total

    @property
    def n_shown(self) -> int:
        return len(self.names)

    def note(self, what: str = "Shows") -> str:
        """The caption line: 'Shows 51 of 1,000 models: <rule>. Every model: all_models.csv.'"""
        return (
            f"{what} {fmt.count(self.n_shown)} of {fmt.count(self.n_total)} models: {self.rule}. "
            f"Every model's rates: `{ALL_MODELS_CSV}` next to this report."
        )


def from_data(data: MartData) -> DisplaySet:
    """The display set of these marts: the models fct_success_rates.in_display_set marks; the
    caption's limit comes from int_pairwise_models."""
    all_names = {r["model_name"] for r in data.success_rates}
    shown = {r["model_name"] for r in data.success_rates if r["in_display_set"]}
    if shown >= all_names:
        return DisplaySet(frozenset(all_names), len(all_names), "every model")
    membership = data.tables.get(PAIRWISE_MODELS) or []
    bases = {
        r["model_name"]
        for r in data.success_rates
        if r["in_display_set"] and r["display_set_reason"] == BASE_REASON
    }
    limit = membership[0]["max_pairwise_models"] if membership else None
    rule = (
        f"the top {fmt.count(limit)} by pass@1 (var `max_pairwise_models`) plus the reference model"
        if limit is not None
        else "the top models by pass@1 (var `max_pairwise_models`) plus the reference model"
    )
    if bases:
        rule += f", plus the base model of each derived model among them ({fmt.count(len(bases))})"
    return DisplaySet(frozenset(shown), len(all_names), rule)


def _keep(row: Mapping[str, Any], names: frozenset[str]) -> bool:
    for column in ("model_name", "other_model_name"):
        if column in row and row[column] is not None and row[column] not in names:
            return False
    return True


def restrict(data: MartData, shown: DisplaySet) -> MartData:
    """The marts with every per-model row (a model_name or other_model_name column) of a model
    outside the display set left out; for the figures."""
    if not shown.active:
        return data
    tables = {
        name: (rows if name == PAIRWISE_MODELS else [r for r in rows if _keep(r, shown.names)])
        for name, rows in data.tables.items()
    }
    rates = [r for r in data.success_rates if r["model_name"] in shown.names]
    return dataclasses.replace(data, success_rates=rates, tables=tables)


def _model_labels(data: MartData, names: Sequence[str] | frozenset[str]) -> set[str]:
    """How a table's model cell can spell these models: escaped display name, plain or bold."""
    wanted = set(names)
    spellings = {
        (r["model_name"], r["display_name"])
        for r in data.success_rates
        if r["model_name"] in wanted
    }
    labels: set[str] = set()
    for model_name, display_name in spellings:
        for is_reference in (False, True):
            labels.add(fmt.model_name(display_name, is_reference))
        labels.add(fmt.md_escape(str(model_name)))
    return labels


def _names_model(cell: str, labels: set[str]) -> bool:
    """The cell is a model label, possibly followed by markers after a space ('name ◦')."""
    cell = cell.strip()
    if cell in labels:
        return True
    return any(cell[:i] in labels for i, ch in enumerate(cell) if ch == " ")


def _cut(view: TableView, left_out: set[str], shown: DisplaySet) -> TableView:
    if len(view.rows) <= shown.n_shown:
        return view
    kept = tuple(
        row for row in view.rows if not any(_names_model(cell, left_out) for cell in row[:2])
    )
    if len(kept) == len(view.rows):
        return view
    title = "Models in the display set" if view.title == "All models" else view.title
    return dataclasses.replace(view, title=title, rows=kept, note=shown.note())


def _walk(value: Any, left_out: set[str], shown: DisplaySet) -> Any:
    if isinstance(value, TableView):
        return _cut(value, left_out, shown)
    if isinstance(value, dict):
        return {k: _walk(v, left_out, shown) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, left_out, shown) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_walk(v, left_out, shown) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name), left_out, shown)
            for f in dataclasses.fields(value)
        }
        if any(changes[k] is not getattr(value, k) for k in changes):
            return dataclasses.replace(value, **changes)
        return value
    return value


def restrict_tables(context: Any, data: MartData, shown: DisplaySet) -> Any:
    """The section context with every table longer than the display set cut to the display
    set's rows (a row goes when one of its first two cells names a left-out model)."""
    if not shown.active:
        return context
    everyone = {r["model_name"] for r in data.success_rates}
    left_out = _model_labels(data, everyone - shown.names) - _model_labels(data, shown.names)
    return _walk(context, left_out, shown)


def all_models_csv(data: MartData, shown: DisplaySet) -> str:
    """Every model's rates (fct_success_rates, one row per model, scope and metric) with its
    place in the display set: the full per-model table the report's tables are cut from."""
    membership = {r["model_name"]: r for r in data.tables.get(PAIRWISE_MODELS) or []}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        (
            "model_name", "display_name", "size_band", "is_reference_model", "pass_rank",
            "in_display_set", "scope", "metric", "n", "successes", "rate", "ci_low", "ci_high",
        )
    )  # fmt: skip
    rows = sorted(
        data.success_rates,
        key=lambda r: (
            (membership.get(r["model_name"]) or {}).get("pass_rank") or 0,
            r["model_name"],
            r["scope"],
            r["metric"],
        ),
    )
    for r in rows:
        rank = (membership.get(r["model_name"]) or {}).get("pass_rank")
        writer.writerow(
            (
                r["model_name"], r["display_name"], r.get("size_band") or "",
                r["is_reference_model"], "" if rank is None else rank,
                r["model_name"] in shown.names, r["scope"], r["metric"], r["n"],
                r["successes"], "" if r["rate"] is None else repr(r["rate"]),
                "" if r["ci_low"] is None else repr(r["ci_low"]),
                "" if r["ci_high"] is None else repr(r["ci_high"]),
            )
        )  # fmt: skip
    return out.getvalue()
