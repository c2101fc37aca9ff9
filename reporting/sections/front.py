"""Front matter: the title and the dataset card."""

from __future__ import annotations

from reporting import formatting as fmt
from reporting import narrative, tables
from reporting.marts import MartData, MartSpec
from reporting.section_marts import ROUND_INPUTS, baseline_card_fields
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = (ROUND_INPUTS,)


def title(data: MartData) -> str:
    """The report title, from the dataset card."""
    card = data.dataset_card
    models = card["n_models"]
    noun = "model" if models == 1 else "models"
    reference = card["reference_model"] or card["reference_model_name"]
    text = f"ParEval results: {fmt.count(models)} {noun}"
    if reference:
        text += f", reference {fmt.md_escape(reference)}"
    return text


def dataset_card_context(data: MartData) -> Context:
    card = data.dataset_card
    reference = fmt.text(card["reference_model"])
    if card["reference_model_name"] and card["reference_model_name"] != card["reference_model"]:
        reference += f" (results name: {fmt.text(card['reference_model_name'])})"
    parallelism = ", ".join(
        fmt.md_escape(fmt.parallelism_model_name(p))
        for p in (card["parallelism_models"] or "").split(",")
        if p.strip()
    )
    fields = [
        ("Input file", fmt.text(card["input_path"])),
        ("Input format", fmt.text(card["input_format"])),
        ("Input SHA-256", fmt.text(card["input_sha256"])),
        ("Synthetic sample", fmt.boolean(card["is_synthetic_sample"])),
        ("Rows in input", fmt.count(card["rows_input"])),
        ("Rows kept", fmt.count(card["rows_kept"])),
        ("Rows rejected", fmt.count(card["rows_rejected"])),
        *[
            (label, f"**{fmt.text(card[key])}** (every row rejected: absent from the tables below)")
            for key, label in (
                ("models_all_rejected", "Models with every row rejected"),
                ("execution_models_all_rejected", "Execution models with every row rejected"),
            )
            if card[key]
        ],
        ("Models", fmt.count(card["n_models"])),
        ("Problems", fmt.count(card["n_problems"])),
        ("Problem types", fmt.count(card["n_problem_types"])),
        ("Parallelism models", parallelism or fmt.DASH),
        ("Samples per problem (maximum)", fmt.count(card["max_samples_per_problem"])),
        ("Reference model", reference),
        ("Confidence level", fmt.level(card["confidence_level"])),
        ("Marts built at", fmt.text(fmt.timestamp(card["built_at"]))),
        ("dbt version", fmt.text(card["dbt_version"])),
        ("DuckDB version", fmt.text(card["duckdb_version"])),
        *baseline_card_fields(data),
    ]
    audit = tables.TableView(
        title="Rows rejected or repaired, by reason",
        headers=("Outcome", "Reason", "Rows", "First input rows"),
        rows=tuple(
            (
                fmt.text(a["outcome"]),
                fmt.text(a["reason"]),
                fmt.count(a["rows"]),
                fmt.text(", ".join(fmt.count(n) for n in a["example_input_rows"] or [])),
            )
            for a in data.data_audit
        ),
    )
    return {
        "fields": fields,
        "synthetic_note": narrative.synthetic_sample_note(card),
        "rows_note": narrative.rejected_rows_note(card),
        "audit": audit if audit.rows else None,
    }


SECTIONS: tuple[Section, ...] = (
    Section("dataset_card", "sections/dataset_card.md.j2", dataset_card_context),
)
