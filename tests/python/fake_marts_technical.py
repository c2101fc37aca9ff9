"""Fake rows for the marts of section 3 and appendix A, added to the fake-marts database.

Shapes follow models/marts/profiles and models/marts/quality; values are plausible, not computed.
The hostile-named model has runtimes but no speedups and no response times, the reference model
has no response time or tokens (as on the real file), so the "not recorded" paths are exercised.
"""

from __future__ import annotations

import duckdb

RUNTIME_COLUMNS = (
    "model_name varchar, display_name varchar, is_reference_model boolean, scope varchar, "
    "measure varchar, n bigint, mean_s double, sd_s double, ci_low_s double, ci_high_s double, "
    "median_s double, p25_s double, p75_s double, min_s double, max_s double, "
    "n_below_timer_resolution bigint, n_geometric bigint, geometric_mean_s double, "
    "geometric_ci_low_s double, geometric_ci_high_s double, timer_resolution_s double, "
    "confidence_level double"
)
SCALING_COLUMNS = (
    "model_name varchar, display_name varchar, is_reference_model boolean, procs bigint, "
    "n bigint, arithmetic_mean double, arithmetic_ci_low double, arithmetic_ci_high double, "
    "median double, min_speedup double, max_speedup double, n_positive bigint, "
    "geometric_mean double, geometric_ci_low double, geometric_ci_high double, "
    "arithmetic_efficiency double, geometric_efficiency double, n_speedup_above_1 bigint, "
    "share_speedup_above_1 double, n_superlinear bigint, share_superlinear double, "
    "confidence_level double"
)
MEASURES = ("response_time_s", "total_tokens", "prompt_tokens", "completion_tokens")
MISSING_COLUMNS = (
    ("response_time_s", "response_time", "true", "Left out when missing."),
    ("completion_tokens", "total_tokens - prompt_tokens", "true", "Left out when missing."),
    ("avg_runtime_s", "avg_runtime", "are_all_valid", "Only all-valid attempts are timed."),
    ("speedup_2proc", "speedup_2proc", "parallelism_model = 'mpi' and are_all_valid", "As 4."),
)


def _runtime_rows(models: list[tuple[str, str, bool]]) -> list[tuple]:
    rows = []
    for index, (name, display, reference) in enumerate(models):
        for scope in ("serial", "mpi", "all"):
            for measure in ("avg_runtime", "best_runtime"):
                if scope == "mpi" and index == 1:  # a model without MPI runtimes
                    rows.append(
                        (
                            name,
                            display,
                            reference,
                            scope,
                            measure,
                            0,
                            *([None] * 9),
                            0,
                            0,
                            None,
                            None,
                            None,
                            1e-6,
                            0.95,
                        )
                    )
                    continue
                base = 0.001 * (index + 1) * (2 if scope == "mpi" else 1)
                rows.append(
                    (name, display, reference, scope, measure, 20 + index, base * 3, base * 4,
                     -base * 0.5, base * 6.5, base, base / 3, base * 4, 0.0, base * 40,
                     index, 20, base * 1.2, base * 0.7, base * 2.1, 1e-6, 0.95)
                )  # fmt: skip
    return rows


def _scaling_rows(models: list[tuple[str, str, bool]]) -> list[tuple]:
    rows = []
    for index, (name, display, reference) in enumerate(models):
        for procs in (2, 4):
            if index == 4:  # no speedup at all
                rows.append(
                    (name, display, reference, procs, 0, *([None] * 6), 0, *([None] * 5), 0,
                     None, 0, None, 0.95)
                )  # fmt: skip
                continue
            if index == 1:  # a single value: no interval
                rows.append(
                    (name, display, reference, procs, 1, 1.8, None, None, 1.8, 1.8, 1.8, 1,
                     1.8, None, None, 1.8 / procs, 1.8 / procs, 1, 1.0, 0, 0.0, 0.95)
                )  # fmt: skip
                continue
            geometric = (0.8, 1.3, 1.1, 1.5)[index] * (procs / 2) ** 0.3
            low, high = geometric * (0.85 if index != 2 else 0.6), geometric * 1.3
            rows.append(
                (name, display, reference, procs, 16, geometric * 1.1, low * 1.05, high * 1.1,
                 geometric, 0.3, 5.0, 16, geometric, low, high, geometric * 1.1 / procs,
                 geometric / procs, 10, 10 / 16, 1, 1 / 16, 0.95)
            )  # fmt: skip
    return rows


def _cost_rows(models: list[tuple[str, str, bool]]) -> list[tuple]:
    rows = []
    for index, (name, display, reference) in enumerate(models):
        values: list = ["model", name, display, reference, 120, 0.5, 0.3 + 0.1 * index]
        has_time = index in (1, 2, 3)
        has_tokens = index in (2, 3)
        for measure in MEASURES:
            present = has_time if measure == "response_time_s" else has_tokens
            if present:
                mean = 10.0 + index if measure == "response_time_s" else 200.0 * (index + 1)
                values += [120, mean, mean * 0.9, mean / 4, mean * 0.95, mean * 1.05]
            else:
                values += [0, None, None, None, None, None]
        for present in (has_time, has_tokens):
            values += (
                [120, -0.2 - 0.05 * index, 0.002 * index, -0.25, 0.04 * index]
                if present
                else [0, None, None, None, None]
            )
        values += [2.5, 1.5] if has_tokens else [None, None]
        values.append(0.95)
        rows.append(tuple(values))
    across = ["across_models", None, None, None, None, None, None]
    across += [None] * (6 * len(MEASURES))
    across += [3, 0.7, 0.5, 0.5, 0.67, 2, None, None, None, None]
    across += [None, None, 0.95]
    rows.append(tuple(across))
    return rows


def _missing_rows(models: list[tuple[str, str, bool]]) -> list[tuple]:
    rows = []
    for index, (name, display, _) in enumerate(models):
        for position, (column, source, when, rule) in enumerate(MISSING_COLUMNS, start=1):
            missing = 120 if (column == "response_time_s" and index not in (1, 2, 3)) else 40
            applicable = 120 if when == "true" else 60
            missing_applicable = 120 if missing == 120 else (3 if index == 2 else 0)
            rows.append(
                (name, display, position, column, source, 120, missing, missing / 120,
                 applicable, missing_applicable, missing_applicable / applicable, when, rule)
            )  # fmt: skip
    return rows


def add_technical_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Create fct_runtime_stats, fct_scaling, fct_generation_cost and fct_missing_data."""
    models = [
        (name, display, bool(reference))
        for name, display, reference in con.sql(
            "select distinct model_name, display_name, is_reference_model from fct_success_rates "
            "order by model_name"
        ).fetchall()
    ]
    con.execute(f"create table fct_runtime_stats ({RUNTIME_COLUMNS})")
    con.executemany(
        f"insert into fct_runtime_stats values ({', '.join(['?'] * 22)})", _runtime_rows(models)
    )
    con.execute(f"create table fct_scaling ({SCALING_COLUMNS})")
    con.executemany(
        f"insert into fct_scaling values ({', '.join(['?'] * 22)})", _scaling_rows(models)
    )
    cost_columns = [
        "level varchar", "model_name varchar", "display_name varchar",
        "is_reference_model boolean", "n_attempts bigint", "build_rate double", "pass_rate double",
    ]  # fmt: skip
    for measure in MEASURES:
        cost_columns += [f"{measure}_n bigint"] + [
            f"{measure}_{stat} double" for stat in ("mean", "median", "sd", "ci_low", "ci_high")
        ]
    for measure in ("response_time_s", "completion_tokens"):
        cost_columns += [f"{measure}_pass_corr_n bigint"] + [
            f"{measure}_pass_{stat} double"
            for stat in ("pearson_r", "pearson_p", "spearman_rho", "spearman_p")
        ]
    cost_columns += [
        "builds_per_1k_completion_tokens double",
        "passes_per_1k_completion_tokens double",
        "confidence_level double",
    ]
    con.execute(f"create table fct_generation_cost ({', '.join(cost_columns)})")
    con.executemany(
        f"insert into fct_generation_cost values ({', '.join(['?'] * len(cost_columns))})",
        _cost_rows(models),
    )
    con.execute(
        "create table fct_missing_data (model_name varchar, display_name varchar, "
        'column_position bigint, column_name varchar, input_column varchar, "rows" bigint, '
        "missing bigint, share_missing double, rows_applicable bigint, "
        "missing_applicable bigint, share_missing_applicable double, applicable_when varchar, "
        "handling_rule varchar)"
    )
    con.executemany(
        f"insert into fct_missing_data values ({', '.join(['?'] * 13)})", _missing_rows(models)
    )
