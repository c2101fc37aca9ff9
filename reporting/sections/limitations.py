"""Section 4.3, Limitations and Future Work, read from the data's own shape: samples per prompt,
parallelism models present, the smallest samples behind a rate, columns not recorded
(fct_missing_data), runtimes below timer resolution (fct_runtime_stats), the process counts
measured (fct_scaling and fct_scaling_curves) and unknown VRAM (fct_resource_efficiency).
"""

from __future__ import annotations

from reporting import findings
from reporting import formatting as fmt
from reporting.findings import plain_name
from reporting.marts import MartData, MartSpec
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = (
    *findings.MARTS,
    MartSpec("fct_missing_data", order_by="column_position, model_name"),
    MartSpec("fct_runtime_stats", order_by="model_name, scope, measure"),
    MartSpec("fct_scaling", order_by="procs, model_name"),
    MartSpec(
        "fct_scaling_curves", order_by="model_name, parallelism_model, resources", required=False
    ),
)

# The largest process count ParEval's drivers run (drivers/run-all.py's MPI launch configurations).
PAREVAL_MAX_PROCS = 512

# ParEval's execution models (Nichols et al. 2024; prompts/generation-prompts.json).
PAREVAL_PARALLELISM_MODELS = ("serial", "omp", "mpi", "mpi+omp", "kokkos", "cuda", "hip")


#: A rate "rests on a small sample" when its Wilson interval is wider than this (20 percentage
#: points: fewer than about 100 attempts at a rate near 50%, about 35 near 10%).
SMALL_SAMPLE_WIDTH = 0.20


def scaling_limitation(data: MartData) -> tuple[str, str] | None:
    """The MPI process counts measured, from both scaling marts: fct_scaling (the 19-column file's
    speedup_2proc / speedup_4proc) and fct_scaling_curves (ParEval's run lists, 1 to 512 ranks).
    No limitation when no MPI scaling was measured at all, or when it reached ParEval's largest
    count; otherwise the counts actually measured."""
    procs = {r["procs"] for r in data.tables.get("fct_scaling", []) if r["n"]}
    procs |= {
        r["n_procs"]
        for r in data.tables.get("fct_scaling_curves", [])
        if r["n_procs"] is not None and r["n_procs"] > 1 and r["n_problems"]
    }
    if not procs or max(procs) >= PAREVAL_MAX_PROCS:
        return None
    return (
        f"MPI scaling was measured at {fmt.join_names([fmt.count(p) for p in sorted(procs)])} "
        "processes only.",
        f"Scale to the process counts ParEval's drivers support (up to "
        f"{fmt.count(PAREVAL_MAX_PROCS)} ranks).",
    )


def limitations(data: MartData) -> list[tuple[str, str]]:
    """(limitation, future direction) pairs read from the shape of the data."""
    card = data.dataset_card
    items: list[tuple[str, str]] = []
    if card["is_synthetic_sample"]:
        items.append(
            (
                "The marts were built from the bundled synthetic sample: every model name in this "
                "report labels simulated outcomes.",
                "Build on measured results (`dbt build --vars '{raw_metrics_path: …}'`).",
            )
        )
    samples = card["max_samples_per_problem"] or 0
    if samples <= 1:
        items.append(
            (
                "One sample per prompt: each rate is a single draw per problem, so a model's "
                "run-to-run variability is folded into the problem-to-problem variability and "
                "pass@k for k > 1 is not estimable.",
                "Several samples per prompt (the loader accepts a `sample_id` column), reported as "
                "pass@k.",
            )
        )
    present = [p.strip() for p in (card["parallelism_models"] or "").split(",") if p.strip()]
    absent = [p for p in PAREVAL_PARALLELISM_MODELS if p not in present]
    if absent:
        items.append(
            (
                "Parallelism models covered: "
                f"{fmt.join_names([fmt.md_escape(p) for p in present])}, {fmt.count(len(present))} "
                f"of ParEval's {fmt.count(len(PAREVAL_PARALLELISM_MODELS))}.",
                f"Evaluate {fmt.join_names([fmt.md_escape(p) for p in absent])} as well.",
            )
        )
    smallest = min(
        (
            r
            for r in data.success_rates
            if r["metric"] == "valid_given_build" and r["scope"] == "all" and r["n"]
        ),
        key=lambda r: (r["n"], r["display_name"]),
        default=None,
    )
    if (
        smallest is not None
        and smallest["wilson_low"] is not None
        and smallest["wilson_high"] - smallest["wilson_low"] > SMALL_SAMPLE_WIDTH
    ):
        items.append(
            (
                f"Small samples behind some rates: validation among built code rests on "
                f"{fmt.count(smallest['n'])} built attempts for {plain_name(smallest)} (Wilson "
                f"interval {fmt.interval(smallest['wilson_low'], smallest['wilson_high'])}); "
                "per-domain rates rest on a handful of problems each.",
                "More problems per domain, or more samples per problem, before reading "
                "domain-level differences.",
            )
        )
    not_recorded: dict[str, list[str]] = {}
    for row in data.tables.get("fct_missing_data", []):
        if (
            row["rows"]
            and row["missing"] == row["rows"]
            and row["column_name"]
            in (
                "response_time",
                "total_tokens",
            )
        ):
            not_recorded.setdefault(row["column_name"], []).append(plain_name(row))
    for column, models in not_recorded.items():
        items.append(
            (
                f"`{column}` was not recorded for {fmt.join_names(models)}, so generation-cost "
                "comparisons leave them out.",
                f"Record `{column}` for every model.",
            )
        )
    tiny = [
        r
        for r in data.tables.get("fct_runtime_stats", [])
        if r["measure"] == "best_runtime" and r["scope"] == "all" and r["n_below_timer_resolution"]
    ]
    if tiny:
        resolution = tiny[0]["timer_resolution_s"]
        counts = [
            f"{plain_name(r)} ({fmt.count(r['n_below_timer_resolution'])} of {fmt.count(r['n'])})"
            for r in tiny
        ]
        items.append(
            (
                f"Runtimes below the timer resolution ({fmt.text(f'{resolution:g}')} s) for "
                f"{fmt.join_names(counts)}: the test inputs are small, so absolute runtimes say "
                "little about performance.",
                "Time generated code on production-sized inputs.",
            )
        )
    scaling = scaling_limitation(data)
    if scaling is not None:
        items.append(scaling)
    unknown = [r for r in findings.efficiency(data) if r["vram_gb"] is None]
    items.append(
        (
            "VRAM figures are approximate registry values (seeds/model_registry.csv)"
            + (
                f" and unknown for {fmt.join_names([plain_name(r) for r in unknown])}, which are "
                "left out of every per-GB figure."
                if unknown
                else "."
            ),
            "Measure peak VRAM of each deployment configuration, with its context length and "
            "batch size.",
        )
    )
    items.append(
        (
            "Holm's correction keeps the family-wise error rate at the stated level but costs "
            "power: with the number of prompts here, differences of a few percentage points cannot "
            "be told from noise (see the widths of the paired intervals in section 2.2).",
            "Plan the number of problems and samples from the smallest difference worth detecting.",
        )
    )
    return items


def limitations_context(data: MartData) -> Context:
    return {"limitations": limitations(data)}


SECTIONS: tuple[Section, ...] = (
    Section("limitations", "sections/limitations.md.j2", limitations_context),
)
