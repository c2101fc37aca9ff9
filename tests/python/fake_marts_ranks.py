"""Fake all-pairs, rank and tier marts for the renderer tests (sections 1.1, 2.2, 4.2, 5).

Hand-made values, shaped like fct_pairwise_comparisons, fct_model_ranks, fct_model_tiers and
int_pairwise_models, chosen to reach the rules the real data may not: a model with partial coverage
that has the highest rate (it must not lead its tier and must be flagged), a model left out of the
all-pairs subset, the top two of pass@1 separated by the unadjusted interval but not after Holm
(finding 3), and a reference model that is in tier 2 of 2 combined but tier 1 in one paradigm.
"""

from __future__ import annotations

import duckdb

HOSTILE = "evil|*model*_x_<script>alert(1)</script>"

# model_name, display_name, is_reference, rate (all, pass), n_problems
_MODELS = [
    (HOSTILE, HOSTILE, False, 0.90, 6),  # partial coverage: 6 of 60 problems
    ("Gemini Pro", "Gemini 2.5 Pro", False, 0.77, 60),
    ("Kimi K2", "Kimi-K2 Instruct 1T", False, 0.65, 60),
    ("H2LooP v0.1-coder", "H2LooP v0.1-coder", True, 0.43, 60),
]
EXCLUDED = ("Mistral Nemo", "Mistral NeMo 12B")
N_PAIRS = 6  # unordered pairs of the four included models

# (scope, model) -> (tier, n_tiers, letters, rank_ci_low, rank_ci_high)
_TIERS = {
    ("all", HOSTILE): (1, 2, "a", 1, 3),
    ("all", "Gemini Pro"): (1, 2, "a", 1, 2),
    ("all", "Kimi K2"): (1, 2, "a", 2, 3),
    ("all", "H2LooP v0.1-coder"): (2, 2, "b", 4, 4),
    ("serial", HOSTILE): (1, 1, "a", 1, 4),
    ("serial", "Gemini Pro"): (1, 1, "a", 1, 3),
    ("serial", "Kimi K2"): (1, 1, "a", 1, 4),
    ("serial", "H2LooP v0.1-coder"): (1, 1, "a", 1, 4),
    ("mpi", HOSTILE): (1, 2, "a", 1, 3),
    ("mpi", "Gemini Pro"): (1, 2, "a", 1, 2),
    ("mpi", "Kimi K2"): (1, 2, "a", 2, 3),
    ("mpi", "H2LooP v0.1-coder"): (2, 2, "b", 4, 4),
}
_SCOPE_SHIFT = {"all": 0.0, "serial": 0.1, "mpi": -0.1}


def _tier_rows() -> list[tuple]:
    rows = []
    for scope, shift in _SCOPE_SHIFT.items():
        ordered = sorted(_MODELS, key=lambda m: -m[3])
        for position, (model, display, is_ref, rate, n_problems) in enumerate(ordered, start=1):
            tier, n_tiers, letters, low, high = _TIERS[(scope, model)]
            full = n_problems == 60
            in_tier = [m for m in ordered if _TIERS[(scope, m[0])][0] == tier]
            in_tier.sort(key=lambda m: (m[4] != 60, -m[3]))
            order_in_tier = [m[0] for m in in_tier].index(model) + 1
            r = rate + shift
            rows.append(
                (
                    model, display, "frontier", is_ref, scope, "pass", True, tier, n_tiers,
                    len(in_tier), order_in_tier, order_in_tier == 1, position, position, 4, r,
                    r - 0.1, r + 0.1, n_problems, 60, full,
                    None if full else f"partial coverage: answered {n_problems} of 60 problems",
                    letters, low, high, f"tier {tier} of {n_tiers}", 0.95,
                )
            )  # fmt: skip
        rows.append(
            (
                EXCLUDED[0], EXCLUDED[1], "similar-size", False, scope, "pass", False, None, None,
                None, None, False, None, None, None, 0.02, None, None, 60, None, None, None, None,
                None, None, "not tiered: not included", 0.95,
            )
        )  # fmt: skip
    return rows


def _pair_rows() -> list[tuple]:
    rows = []
    models = list(_MODELS)
    for scope in _SCOPE_SHIFT:
        for a in models:
            for b in models:
                if a[0] == b[0]:
                    continue
                diff = a[3] - b[3]
                top_two = {a[0], b[0]} == {"Gemini Pro", "Kimi K2"}
                if top_two:  # unadjusted interval excludes 0, Holm does not reject
                    low, high, p, holm, sig = diff - 0.1, diff + 0.1, 0.02, 0.12, False
                elif abs(diff) > 0.3:
                    low, high, p, holm, sig = diff - 0.1, diff + 0.1, 0.0001, 0.0006, True
                else:
                    low, high, p, holm, sig = diff - 0.3, diff + 0.3, 0.4, 1.0, False
                hlow, hhigh = (diff - 0.15, diff + 0.15) if sig else (diff - 0.35, diff + 0.35)
                rows.append(
                    (
                        a[0], a[1], "frontier", b[0], b[1], "all_pairs", scope, "pass",
                        a[4], a[3], b[4], b[3], min(a[4], b[4]), a[3], b[3], diff, 0.05, low,
                        high, p, None, holm, N_PAIRS, 0.99, hlow, hhigh, sig, 0.95,
                    )
                )  # fmt: skip
    return rows


# The columns the fake rows fill, in their order (a subset of each mart's declared columns; the
# declared columns the renderer reads beyond these are added as NULL by fake_marts).
_TIER_COLUMNS = (
    "model_name", "display_name", "peer_group", "is_reference_model", "scope", "metric",
    "is_tiered", "tier", "n_tiers", "tier_size", "order_in_tier", "is_tier_leader", "position",
    "point_rank", "n_models", "rate", "rate_ci_low", "rate_ci_high", "n_problems",
    "n_family_problems", "is_full_coverage", "coverage_note", "letters", "rank_ci_low",
    "rank_ci_high", "rationale", "confidence_level",
)  # fmt: skip
_PAIR_COLUMNS = (
    "model_name", "display_name", "peer_group", "other_model_name", "other_display_name",
    "family", "scope", "metric", "n_problems", "rate", "other_n_problems", "other_rate",
    "n_shared", "shared_rate", "other_shared_rate", "diff", "diff_se", "ci_low", "ci_high",
    "p_value", "p_null_reason", "holm_p", "n_comparisons", "holm_confidence_level",
    "holm_ci_low", "holm_ci_high", "significant", "confidence_level",
)  # fmt: skip
_RANK_COLUMNS = ("model_name", "scope", "metric", "n_resamples", "bootstrap_seed")
_PAIRWISE_MODEL_COLUMNS = (
    "model_name", "is_included", "inclusion_reason", "max_pairwise_models", "n_models",
    "n_included", "pass_rank",
)  # fmt: skip


def add_rank_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Create fct_model_tiers, fct_pairwise_comparisons, fct_model_ranks and int_pairwise_models."""

    def create(name: str, columns: tuple[str, ...], types: dict[str, str], rows: list) -> None:
        listing = ", ".join(f'"{c}" {types.get(c, "varchar")}' for c in columns)
        con.execute(f'create table "{name}" ({listing})')
        if rows:
            marks = ", ".join("?" for _ in columns)
            con.executemany(f'insert into "{name}" values ({marks})', rows)

    doubles = {"rate", "rate_ci_low", "rate_ci_high", "confidence_level", "other_rate",
               "shared_rate", "other_shared_rate", "diff", "diff_se", "ci_low", "ci_high",
               "p_value", "holm_p", "holm_confidence_level", "holm_ci_low",
               "holm_ci_high"}  # fmt: skip
    ints = {"tier", "n_tiers", "tier_size", "order_in_tier", "position", "point_rank", "n_models",
            "n_problems", "n_family_problems", "rank_ci_low", "rank_ci_high", "other_n_problems",
            "n_shared", "n_comparisons", "n_resamples", "bootstrap_seed", "max_pairwise_models",
            "n_included", "pass_rank"}  # fmt: skip
    bools = {"is_reference_model", "is_tiered", "is_tier_leader", "is_full_coverage",
             "significant", "is_included"}  # fmt: skip
    types = {c: "double" for c in doubles} | {c: "bigint" for c in ints}
    types |= {c: "boolean" for c in bools}
    create("fct_model_tiers", _TIER_COLUMNS, types, _tier_rows())
    create("fct_pairwise_comparisons", _PAIR_COLUMNS, types, _pair_rows())
    create(
        "fct_model_ranks",
        _RANK_COLUMNS,
        types,
        [(m[0], s, "pass", 2000, 20240101) for m in _MODELS for s in _SCOPE_SHIFT],
    )
    included = [(m[0], True, "top 4 by pass@1", 4, 5, 4, i) for i, m in enumerate(_MODELS, 1)]
    create(
        "int_pairwise_models",
        _PAIRWISE_MODEL_COLUMNS,
        types,
        [*included, (EXCLUDED[0], False, "not included: pass@1 rank 5", 4, 5, 4, 5)],
    )
