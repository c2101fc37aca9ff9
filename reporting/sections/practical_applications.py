"""Section 4.2, Practical Applications: deployment scenarios and performance strategies.

The deployment scenarios read fct_deployment_budgets (budgets, best model per budget and the
dominated rule are computed in SQL; reporting.budgets words them) and a model's tiers
(fct_model_tiers); the strategies are rules over where the reference model's attempts fail
(fct_success_rates, fct_parallelism_gaps) and its weakest domains (fct_domain_rates).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reporting import budgets, findings, ranks, tables
from reporting import formatting as fmt
from reporting import rate_intervals as ri
from reporting.findings import Row, name
from reporting.marts import MartData, MartSpec
from reporting.section_marts import VRAM_SENSITIVITY, VRAM_SOURCE_LABELS
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = (
    *findings.MARTS,
    budgets.BUDGETS,
    VRAM_SENSITIVITY,
    MartSpec("fct_domain_rates", order_by="model_name, scope, problem_type"),
    MartSpec("fct_parallelism_gaps", order_by="model_name, parallelism_model, metric"),
    MartSpec("stg_problem_types", order_by="problem_type"),
)

# The pass rate and its Wilson bounds (on the effective sample size) in fct_domain_rates.
PASS_COLUMNS = ("pass_rate", "pass_wilson_low", "pass_wilson_high")

# ParEval's execution models (Nichols et al. 2024; prompts/generation-prompts.json).
PAREVAL_PARALLELISM_MODELS = ("serial", "omp", "mpi", "mpi+omp", "kokkos", "cuda", "hip")


def scenario(row: Row, in_registry: Mapping[str, bool] | None = None) -> str:
    """The deployment scenario a model suits, from its fct_deployment_budgets row (own budget).

    Rules, in order: a model that another model of the same or a smaller budget beats
    significantly (all-pairs family, Holm; computed in the mart) is dominated, and the report
    names the better model with its paired difference. Otherwise a model with partial coverage is
    not assessed; a model absent from the model registry has no size or VRAM figure and is not
    placed; a tier-1 model suits local or on-premise generation if it fits 24 GB, hosted-API
    use if its VRAM is not published (a registry model), and accuracy-first generation on larger
    hardware otherwise; a lower-tier model is among the best options for its budget.
    `in_registry` (model_name -> is_in_registry) words the budget of the dominating model.
    """
    if row["is_dominated"]:
        if not row["is_hosted_budget"]:
            where = "fits the same or a smaller budget"
        elif row["is_in_registry"] and (in_registry or {}).get(row["dominated_by_model_name"]):
            where = "is also a hosted API"
        else:
            where = "also has no VRAM figure"
        return (
            f"Dominated: {budgets.dominated_by(row)} {where} and has a significantly higher "
            "pass@1 (all-pairs family)."
        )
    if not row["is_full_coverage"]:
        return "Not assessed for deployment: partial coverage."
    if row["is_hosted_budget"] and not row["is_in_registry"]:
        return (
            "Not placed: the model is not in the model registry (seeds/model_registry.csv), so "
            "its size and VRAM are unknown."
        )
    if row["tier"] == 1:
        if row["is_hosted_budget"]:
            return "Hosted-API use where sending code to a third party is acceptable."
        if row["budget_order"] == 1:
            return (
                "Local or on-premise generation, where code must stay on site: tier 1 within "
                f"{fmt.md_escape(row['budget_label'])}."
            )
        return "Accuracy-first generation where the hardware cost is acceptable."
    return (
        f"Among the best options for {fmt.md_escape(row['budget_label'])}: no model that fits it "
        "has a significantly higher pass@1."
    )


def _paradigm_tiers(data: MartData) -> str | None:
    """Scopes other than 'all' with tiers, for the table's per-paradigm column."""
    scopes = [s for s in ranks.tier_scopes(data) if s != "all"]
    return ", ".join(fmt.scope_label(s) for s in scopes) if scopes else None


def _tiers_by_paradigm(data: MartData, model_name: str) -> str:
    cells = []
    for scope in ranks.tier_scopes(data):
        if scope == "all":
            continue
        row = next((t for t in findings.tiers(data, scope) if t["model_name"] == model_name), None)
        cells.append(
            f"{fmt.md_escape(fmt.scope_label(scope))} "
            + (fmt.DASH if row is None else f"{fmt.count(row['tier'])}/{fmt.count(row['n_tiers'])}")
        )
    return "; ".join(cells) if cells else fmt.DASH


def deployment_table(data: MartData) -> tables.TableView:
    rows = budgets.own_rows(data)
    in_registry = {r["model_name"]: r["is_in_registry"] for r in rows}
    return tables.TableView(
        title="Deployment scenarios by tier and hardware budget",
        headers=(
            "Tier (combined)",
            "Tier by parallelism model",
            "Model",
            "Pass@1 (interval: 1.1)",
            "VRAM",
            "Smallest budget that holds it",
            "Suits",
        ),
        rows=tuple(
            (
                fmt.count(r["tier"]),
                _tiers_by_paradigm(data, r["model_name"]),
                ranks.model_label(r),
                fmt.percent(r["pass_rate"]),
                fmt.vram(r["vram_gb"]),
                fmt.md_escape(budgets.own_budget_label(r)),
                scenario(r, in_registry),
            )
            for r in rows
        ),
    )


def strategies(data: MartData) -> list[str]:
    """Performance strategies for the reference model, each chosen by where its attempts fail."""
    reference = findings.reference_name(data)
    if reference is None:
        return []
    built = findings.rate_row(data, reference, "build")
    valid = findings.rate_row(data, reference, "valid_given_build")
    found = []
    if built is not None and valid is not None and built["n"]:
        build_failures = built["n"] - built["successes"]
        validation_failures = valid["n"] - valid["successes"]
        where = (
            f"{name(built)} built {fmt.fraction(built['successes'], built['n'])} attempts and "
            f"{fmt.fraction(valid['successes'], valid['n'])} of the built ones passed validation"
        )
        if build_failures > validation_failures:
            found.append(
                f"**Compiler feedback first.** {where}: more attempts fail to compile than fail "
                "validation after compiling, so a generate–compile–repair loop that feeds compiler "
                "errors back to the model targets the larger loss."
            )
        else:
            found.append(
                f"**Test feedback first.** {where}: at least as many attempts fail validation "
                "after compiling as fail to compile, so feeding failing test output back to the "
                "model (test-driven repair) targets the larger loss."
            )
    family = [r for r in data.tables.get("fct_parallelism_gaps", []) if r["metric"] == "pass"]
    gaps = [r for r in family if r["model_name"] == reference]
    found.extend(parallel_gap_strategy(gaps, family))
    worst = [
        r
        for r in data.tables.get("fct_domain_rates", [])
        if r["model_name"] == reference and r["scope"] == "all" and r["is_worst_domain"]
    ]
    if worst:
        names = {
            r["problem_type"]: r["display_name"] or r["problem_type"]
            for r in data.tables.get("stg_problem_types", [])
        }
        listed = fmt.join_names(
            [
                f"{fmt.md_escape(names.get(r['problem_type'], r['problem_type']))} "
                f"({findings.with_interval(r, *PASS_COLUMNS)}, "
                f"{fmt.counted(r['n_problems'], 'problem')}, n = {fmt.count(r['n'])})"
                for r in worst
            ]
        )
        found.append(
            f"**Targeted data for the weakest domains.** The reference model's lowest domain "
            f"pass@1 is in {listed}; picked as the lowest after looking at the data, each on the "
            "problems counted there, these are leads for more targeted evaluation and training "
            "data, not established weaknesses."
        )
    samples = data.dataset_card["max_samples_per_problem"] or 0
    if samples <= 1:
        found.append(
            "**Sample more than once.** Each prompt was answered once, so pass@k for k > 1 and the "
            "variability of a model on one prompt cannot be estimated; generating several samples "
            "per prompt (ParEval's authors used 20) and selecting by compile-and-test would both "
            "measure and raise reliability."
        )
    else:
        found.append(
            f"**Use the samples.** With up to {fmt.count(samples)} samples per prompt, selecting "
            "among them by compile-and-test is the cheapest reliability gain; fct_pass_at_k "
            "reports how pass@k grows with k."
        )
    return found


def budget_sentence(data: MartData) -> str | None:
    """Whether each deployment-table model's budget holds under every recorded VRAM figure
    (fct_vram_sensitivity.budget_holds_under_every_source); where it does not, its budget, figure
    and source under each scenario, the default first. None without scenarios."""
    shown = {r["model_name"]: r for r in budgets.own_rows(data)}
    scenarios = [r for r in data.tables.get(VRAM_SENSITIVITY.name, []) if r["model_name"] in shown]
    if not scenarios:
        return None
    changing: dict[str, list[Row]] = {}
    for r in scenarios:
        if not r["budget_holds_under_every_source"]:
            changing.setdefault(r["model_name"], []).append(r)
    if not changing:
        return (
            "**Budgets under every VRAM figure.** Each model's budget is the same under every "
            "recorded VRAM figure (`fct_vram_sensitivity`)."
        )

    def figure(r: Row) -> str:
        source = VRAM_SOURCE_LABELS.get(r["vram_figure_source"] or "", r["vram_figure_source"])
        held = fmt.md_escape(r["budget_label"])
        if r["vram_gb"] is None:
            return f"{held} (no figure in {VRAM_SOURCE_LABELS.get(r['scenario'], r['scenario'])})"
        default = " (the default)" if r["is_default_scenario"] else ""
        return f"{held} with {fmt.vram(r['vram_gb'])} per {fmt.md_escape(source)}{default}"

    parts = []
    for model, rows in sorted(changing.items(), key=lambda kv: shown[kv[0]]["display_name"]):
        ordered = sorted(
            rows, key=lambda r: (not r["is_default_scenario"], r["vram_gb"] is None, r["vram_gb"])
        )
        parts.append(
            f"{ranks.model_label(shown[model])}: " + fmt.join_names([figure(r) for r in ordered])
        )
    rest = len(shown) - len(changing)
    others = "model's budget is" if rest == 1 else f"{fmt.count(rest)} models' budgets are"
    tail = f"; the other {others} the same under every recorded figure" if rest else ""
    return (
        "**Budgets under every VRAM figure.** The smallest budget depends on which recorded VRAM "
        f"figure is used for {'; '.join(parts)}{tail} (`fct_vram_sensitivity`)."
    )


def gap_difference(row: Row) -> str:
    """'+26.7 pp [5.3, 48.1]': serial − parallel pass@1 on the paired problems with the interval
    at the level of the Holm step that decided it (fct_parallelism_gaps), ‡ where cut to ±100."""
    text = fmt.points_with_interval(
        row["diff"], row["holm_ci_low_in_range"], row["holm_ci_high_in_range"]
    )
    return text + (ri.CUT_MARK if row["holm_ci_leaves_range"] else "")


def _gap_item(row: Row) -> str:
    return (
        f"{fmt.md_escape(fmt.scope_label(row['parallelism_model']))} "
        f"({fmt.percent(row['rate'])} against {fmt.percent(row['baseline_rate'])} serial on "
        f"{fmt.count(row['n_pairs'])} paired problems, difference {gap_difference(row)})"
    )


def _left_out_of_family(tested: list[Row], family: Sequence[Row]) -> str:
    """'; untested and so outside the family: Mistral NeMo 12B in MPI (...)': the models of the
    reference's tested families (same parallelism model and metric) that have no test, so that
    the family size Holm used is accounted for."""
    scopes = {(r["parallelism_model"], r["metric"]) for r in tested}
    left = [
        r
        for r in family
        if (r["parallelism_model"], r["metric"]) in scopes and r["significant"] is None
    ]
    if not left:
        return ""
    listed = fmt.join_names(
        [
            f"{fmt.md_escape(r['display_name'])} in "
            f"{fmt.md_escape(fmt.scope_label(r['parallelism_model']))} "
            f"({fmt.md_escape(r['test_null_reason'] or 'no test')})"
            for r in sorted(left, key=lambda r: (r["parallelism_model"], r["display_name"]))
        ]
    )
    return f"; untested and so outside the family: {listed}"


def parallel_gap_strategy(gaps: list[Row], family: Sequence[Row] = ()) -> list[str]:
    """The strategy read from the reference model's serial-vs-parallel pass@1 gaps.

    A parallelism model is called significantly lower only when Holm rejects and the Holm-step
    interval printed beside it excludes 0 with serial higher (the mart guarantees the two agree);
    every tested parallelism model is shown with its difference and that interval; untested ones
    with the mart's reason.
    """
    if not gaps:
        return []
    tested = [r for r in gaps if r["significant"] is not None]
    weaker = [r for r in tested if r["significant"] and ri.holm_excludes_zero(r) and r["diff"] > 0]
    stronger = [
        r for r in tested if r["significant"] and ri.holm_excludes_zero(r) and r["diff"] < 0
    ]
    unclear = [r for r in tested if not r["significant"] and not ri.holm_excludes_zero(r)]
    untested = [r for r in gaps if r["significant"] is None]
    m = ri.family_size(tested)
    how = (
        "serial − parallel pass@1 in percentage points, with the interval at the level of the Holm "
        "step that decided it: paired t test over problems, Holm across the "
        + (f"{fmt.count(m)} models" if m else "models")
        + " of each parallel programming model, fct_parallelism_gaps"
        + _left_out_of_family(tested, family)
    )
    parts = []
    if stronger:
        parts.append(
            f"it is significantly higher in {fmt.join_names([_gap_item(r) for r in stronger])} "
            "than in serial code"
        )
    if unclear:
        parts.append(
            "not distinguishable from serial code in "
            + fmt.join_names([_gap_item(r) for r in unclear])
        )
    if untested:
        parts.append(
            "not tested in "
            + fmt.join_names(
                [
                    f"{fmt.md_escape(fmt.scope_label(r['parallelism_model']))} "
                    f"({fmt.md_escape(r['test_null_reason'] or '')})"
                    for r in untested
                ]
            )
        )
    if weaker:
        sentence = (
            "**Parallel-specific training and examples.** On the problems it attempted both ways, "
            "the reference model's pass@1 is significantly lower in "
            f"{fmt.join_names([_gap_item(r) for r in weaker])} than in serial code ({how})"
        )
        # "; " keeps each clause's intervals with its own verdict
        return [
            sentence
            + "".join(f"; {part}" for part in parts)
            + ". Section 1.3 breaks the gap down by domain. Examples and feedback specific to the "
            "parallel programming model address the weaker side."
        ]
    if not tested:
        return [
            "**No parallel-specific gap could be tested.** The reference model's serial and "
            "parallel pass@1 could not be compared: " + "; ".join(parts) + "."
        ]
    return [
        "**No parallel-specific gap to target.** On the problems it attempted both ways, the "
        "reference model's pass@1 is not significantly lower in any parallel programming model "
        f"than in serial code ({how}): " + "; ".join(parts) + "."
    ]


def registry_note(data: MartData) -> str | None:
    """How many ranked models the registry does not hold, and how they are labelled."""
    missing = [r for r in budgets.own_rows(data) if not r["is_in_registry"]]
    if not missing:
        return None
    models = "model is" if len(missing) == 1 else "models are"
    return (
        f"{fmt.count(len(missing))} {models} not in the model registry (seeds/model_registry.csv): "
        "with no size or VRAM figure they share the last budget with the hosted APIs, but they are "
        "labelled *not in the model registry*, not hosted."
    )


def practice_context(data: MartData) -> Context:
    return {
        "registry_note": registry_note(data),
        "deployment": deployment_table(data) if budgets.own_rows(data) else None,
        "budgets": budgets.best_per_budget(data),
        "budget_sensitivity": budget_sentence(data),
        "strategies": strategies(data),
        "level": fmt.level(data.dataset_card["confidence_level"]),
    }


SECTIONS: tuple[Section, ...] = (
    Section("practical_applications", "sections/practical_applications.md.j2", practice_context),
)
