"""Appendix C: methods — every formula, the mart behind each section, and how to reproduce it.

The list of marts and what each holds is read from the database (dbt persists every model's
description as its table comment), and the section-to-mart map from the sections' own
declarations, so the appendix cannot drift from what the report actually reads.
"""

from __future__ import annotations

import re
from pathlib import Path

from reporting import formatting as fmt
from reporting import tables
from reporting.marts import CORE_MARTS, MartData, MartSpec
from reporting.sections.base import Context, Section

MARTS: tuple[MartSpec, ...] = ()

# (quantity, formula, macro or mart, source) — the methodology, stated once.
FORMULAS: tuple[tuple[str, str, str, str], ...] = (
    (
        "VRAM figure and its sensitivity",
        "the source named by var vram_source (default spec_000: the task's own table, whose 16 GB "
        "for the 4-bit coder equals 32B × 0.5 bytes), else spec_000 → reference report → "
        "parameters × bytes per weight (weights only); every efficiency conclusion recomputed "
        "under each recorded source",
        "int_models, int_vram_scenarios, fct_vram_sensitivity",
        "spec 000 VRAM table; spec 002 §2.1; README (VRAM sources)",
    ),
    (
        "Rate",
        "p̂ = x / n over the model's trials; per problem: successes/trials",
        "fct_success_rates, int_problem_rates",
        "—",
    ),
    (
        "Primary interval (every table, chart and sentence)",
        "p̂ ± t(1−α/2, G−1)·SE_CR1, clusters = problems (all samples and parallelism variants of "
        "one problem); undefined for G < 2 or SE 0, flagged outside 0–100% (bounded Wilson shown)",
        "cluster_robust_se, t_quantile (≤ 1e-12 relative error); ci_status, ci_note",
        "spec 000 (t-interval); Miller (2024); Cameron & Miller (2015)",
    ),
    (
        "Cluster-robust SE (CR1)",
        "√(G/(G−1)·Σ_c (Σ_{i∈c}(y_i − ȳ))²) / n",
        "cluster_robust_se",
        "Miller (2024) 'Adding error bars to evals'; Inspect AI; Cameron & Miller (2015)",
    ),
    (
        "Secondary, bounded interval",
        "Wilson (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n) on "
        "n_eff = min(n, p̂(1−p̂)/SE² · (t_{n−1}/t_{G−1})²) = n/DEFF with the df adjustment "
        "(n_eff = G at p̂ = 0 or 1 or G < 2; n at SE = 0 with 0 < p̂ < 1)",
        "effective_sample_size, wilson_low / wilson_high",
        "Wilson (1927); Kish (1965); Korn & Graubard (1998); Brown, Cai & DasGupta (2001)",
    ),
    (
        "Wald interval (reference-compatible, Appendix D only)",
        "p̂ ± z·√(p̂(1−p̂)/n)",
        "wald_low / wald_high",
        "as computed by the reference report",
    ),
    (
        "Paired risk difference vs the reference (primary family)",
        "d̄ = mean over shared problems of (rate_model − rate_reference); SE = s_d/√G (CR1 with "
        "one difference per problem); t test and t-interval on G − 1 df from the same statistic",
        "paired_difference_summary, t_two_sided_p",
        "Miller (2024) §4; Student (1908)",
    ),
    (
        "Multiplicity and the interval beside a decision",
        "Holm step-down within each metric and scope; interval at level α/(m − min(i, j*) + 1), "
        "j* the first unrejected rank, so it excludes 0 exactly when Holm rejects; BH q beside",
        "holm_adjust, holm_step_levels, bh_adjust",
        "Holm (1979); Benjamini & Hochberg (1995)",
    ),
    (
        "Minimum detectable difference; problems needed",
        "MDE = (t(1−α/2, G−1) + t(power, G−1))·s_d/√G; n = ⌈((z(1−α/2) + z(power))·s_d/δ)²⌉",
        "fct_reference_comparisons (mde, problems_needed)",
        "Miller (2024) §5",
    ),
    (
        "Equivalence (TOST)",
        "max(P(T ≥ (d̄ + ε)/SE), P(T ≤ (d̄ − ε)/SE)) < α, T ~ t(G − 1); ε = equivalence margin",
        "fct_reference_comparisons (tost_p, equivalent)",
        "Schuirmann (1987)",
    ),
    (
        "Cohen's h (size labels)",
        "2·asin√p̂₁ − 2·asin√p̂₂ on the shared rates",
        "cohens_h",
        "Cohen (1988)",
    ),
    (
        "Cohen's d; d_z",
        "(p̂₁ − p̂₂)/s_pooled on the shared trials, s_pooled² = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2); "
        "d_z = d̄/s_d",
        "binary_sd, pooled_sd, cohens_d",
        "Cohen (1988)",
    ),
    ("Hedges' g", "d · (1 − 3/(4(n₁+n₂)−9))", "hedges_g", "Hedges (1981)"),
    (
        "Exact McNemar / sign test (secondary check; all-pairs family)",
        "p = min(1, 2·Σ_{k≤min(b,c)} C(b+c, k)/2^{b+c}) on discordant pairs b, c",
        "mcnemar_exact_p",
        "McNemar (1947)",
    ),
    (
        "pass@k",
        "mean over prompts of 1 − C(n−c, k)/C(n, k)",
        "pass_at_k, fct_pass_at_k",
        "Chen et al. (2021)",
    ),
    (
        "Geometric mean",
        "per problem first (mean of ln x over a problem's samples), then exp(mean over "
        "problems) with a t-interval across problems on the log scale; values below timer "
        "resolution excluded",
        "fct_runtime_stats, fct_scaling",
        "—",
    ),
    (
        "Normality",
        "Jarque–Bera (n/6)(g₁² + g₂²/4); D'Agostino–Pearson K² (n ≥ 20)",
        "jarque_bera, dagostino_k2",
        "Jarque & Bera (1980); D'Agostino & Pearson (1973)",
    ),
    (
        "Variance homogeneity",
        "Brown–Forsythe: Levene's W on |y − median|, F(k−1, N−k)",
        "brown_forsythe_test, f_sf",
        "Brown & Forsythe (1974)",
    ),
    (
        "Correlation",
        "Pearson (point-biserial with a 0/1 outcome) and Spearman; t = r√((n−2)/(1−r²))",
        "fct_generation_cost",
        "—",
    ),
)


def _section_marts(keys_and_marts: list[tuple[str, tuple[str, ...]]]) -> tables.TableView:
    return tables.TableView(
        title="Which marts each part of the report reads",
        headers=("Report part", "Marts"),
        rows=tuple(
            (fmt.md_escape(part), ", ".join(f"`{m}`" for m in marts))
            for part, marts in keys_and_marts
        ),
    )


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_HEADING = re.compile(r"^(#{2,3}) ([^{}]+?)\s*$")


def section_title(section: Section) -> str:
    """The heading a reader sees for a section: its template's one '###' heading when it renders a
    single numbered subsection ('3.1 Runtime Performance Analysis'), else its first '##' heading
    (a whole part: '5. Conclusions', 'Appendix A. Data Quality'), else the key in words."""
    try:
        lines = (TEMPLATES / section.template).read_text(encoding="utf-8").splitlines()
    except OSError:
        return section.key.replace("_", " ")
    headings = [(m.group(1), m.group(2)) for m in map(_HEADING.match, lines) if m]
    subsections = [title for level, title in headings if level == "###"]
    parts = [title for level, title in headings if level == "##"]
    if len(subsections) == 1:
        return subsections[0]
    if parts:
        return parts[0]
    return subsections[0] if subsections else section.key.replace("_", " ")


def methods_context(data: MartData) -> Context:
    from reporting import sections  # the package imports this module; read it at render time

    core_marts = tuple(spec.name for spec in CORE_MARTS)
    parts = []
    for part in sections.PARTS:
        declared = tuple(dict.fromkeys(spec.name for spec in part.MARTS))
        core = ("fct_dataset_card",) if part.__name__.endswith(".front") else ()
        marts = core + tuple(m for m in declared if m not in core)
        titles = ", ".join(fmt.md_escape(section_title(section)) for section in part.SECTIONS)
        parts.append((titles, marts or core_marts))
    read = sorted({m for _, marts in parts for m in marts} | set(core_marts))
    descriptions = tables.TableView(
        title="Marts",
        headers=("Mart", "What it holds"),
        rows=tuple(
            (f"`{mart}`", fmt.md_escape(data.descriptions.get(mart, "")) or fmt.DASH)
            for mart in read
        ),
    )
    formulas = tables.TableView(
        title="Formulas",
        headers=("Quantity", "Formula", "Macro or mart", "Source"),
        rows=tuple(
            (fmt.md_escape(q), fmt.md_escape(f), fmt.md_escape(m), fmt.md_escape(s))
            for q, f, m, s in FORMULAS
        ),
    )
    return {
        "level": fmt.level(data.dataset_card["confidence_level"]),
        "formulas": formulas,
        "marts": descriptions,
        "parts": _section_marts(parts),
    }


SECTIONS: tuple[Section, ...] = (
    Section("appendix_methods", "sections/appendix_methods.md.j2", methods_context),
)
