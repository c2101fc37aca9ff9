"""A small DuckDB file shaped like the marts the renderer reads (for the renderer tests)."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
from fake_marts_ranks import add_rank_marts
from fake_marts_technical import add_technical_marts

# Hostile model name: markdown table pipe, emphasis, underscores and an HTML script tag.
FAKE_MARTS_HOSTILE_NAME = "evil|*model*_x_<script>alert(1)</script>"

# (model_name, display_name, family, peer_group, is_reference, successes per (scope, metric))
# Counts per scope: build out of 60; pass out of 60; valid_given_build out of the builds.
_FAKE_MODELS = [
    (
        "H2LooP v0.1-coder",
        "H2LooP v0.1-coder",
        "H2LooP",
        "similar-size",
        True,
        {"serial": (40, 30), "mpi": (34, 21)},
    ),
    (
        "Mistral Nemo",
        "Mistral NeMo 12B",
        "Mistral",
        "similar-size",
        False,
        {"serial": (2, 1), "mpi": (0, 0)},
    ),
    (
        "Gemini Pro",
        "Gemini 2.5 Pro",
        "Gemini",
        "frontier",
        False,
        {"serial": (57, 50), "mpi": (53, 42)},
    ),
    (
        "Kimi K2",
        "Kimi-K2 Instruct 1T",
        "Kimi",
        "frontier",
        False,
        {"serial": (55, 40), "mpi": (54, 38)},
    ),
    (
        FAKE_MARTS_HOSTILE_NAME,
        FAKE_MARTS_HOSTILE_NAME,
        None,
        None,
        False,
        {"serial": (30, 12), "mpi": (20, 9)},
    ),
]
_N_PER_SCOPE = 60
_T_CRIT_59 = 2.0009953  # t(0.975, 59); the fixture only needs plausible values
_Z = 1.959963984540054


def _stats(successes: int, n: int) -> dict[str, float | None]:
    if n == 0:
        return dict.fromkeys(
            ["rate", "sd", "se", "df", "t_crit", "ci_low", "ci_high", "wilson_low", "wilson_high"]
        )
    p = successes / n
    sd = math.sqrt(p * (1 - p) * n / (n - 1)) if n > 1 else None
    se = sd / math.sqrt(n) if sd is not None else None
    t_crit = _T_CRIT_59 if n > 1 else None
    centre = (p + _Z**2 / (2 * n)) / (1 + _Z**2 / n)
    half = _Z * math.sqrt(p * (1 - p) / n + _Z**2 / (4 * n * n)) / (1 + _Z**2 / n)
    return {
        "rate": p,
        "sd": sd,
        "se": se,
        "df": float(n - 1),
        "t_crit": t_crit,
        "ci_low": p - t_crit * se if se is not None and t_crit else None,
        "ci_high": p + t_crit * se if se is not None and t_crit else None,
        "wilson_low": centre - half,
        "wilson_high": centre + half,
    }


def _extra_stats(successes: int, n: int, base: dict[str, float | None]) -> tuple:
    """The Wald, cluster-robust and n·p columns (plausible values; clusters = n / 2 problems)."""
    if n == 0:
        return (None, None, 0, None, None, None, False, "No trials (n = 0).")
    p = successes / n
    wald_half = _Z * math.sqrt(p * (1 - p) / n)
    cluster_se = base["se"] * 1.1 if base["se"] is not None else None
    t_crit = base["t_crit"] or _T_CRIT_59
    adequate = successes >= 10 and n - successes >= 10
    note = None if adequate and n >= 30 else "Small sample: trust the Wilson interval."
    return (
        p - wald_half,
        p + wald_half,
        max(n // 2, 1),
        cluster_se,
        p - t_crit * cluster_se if cluster_se is not None else None,
        p + t_crit * cluster_se if cluster_se is not None else None,
        adequate,
        note,
    )


def fake_success_rate_rows() -> list[tuple]:
    rows = []
    for name, display, family, peer, is_ref, per_scope in _FAKE_MODELS:
        totals = {"build": [0, 0], "pass": [0, 0], "valid_given_build": [0, 0]}
        scoped: list[tuple[str, str, int, int]] = []
        for scope, (built, passed) in per_scope.items():
            for metric, k, n in (
                ("build", built, _N_PER_SCOPE),
                ("pass", passed, _N_PER_SCOPE),
                ("valid_given_build", passed, built),
            ):
                scoped.append((scope, metric, k, n))
                totals[metric][0] += k
                totals[metric][1] += n
        scoped += [("all", metric, k, n) for metric, (k, n) in totals.items()]
        for scope, metric, k, n in scoped:
            s = _stats(k, n)
            rows.append(
                (
                    name,
                    display,
                    family,
                    peer,
                    is_ref,
                    scope,
                    metric,
                    n,
                    k,
                    s["rate"],
                    s["sd"],
                    s["se"],
                    s["df"],
                    s["t_crit"],
                    s["ci_low"],
                    s["ci_high"],
                    s["wilson_low"],
                    s["wilson_high"],
                    0.95,
                    *_extra_stats(k, n, s),
                    *_interval_status(k, n, s),
                )
            )
    return rows


def _interval_status(successes: int, n: int, base: dict[str, float | None]) -> tuple:
    """ci_status, ci_note, n_effective, design_effect (plausible values, as the mart would flag)."""
    if n == 0:
        return ("no_trials", "No trials (n = 0): every interval is undefined.", None, None)
    if successes in (0, n):
        return ("zero_variance", "Every problem has the same rate: the SE is 0.", float(n), 1.0)
    low, high = base["ci_low"], base["ci_high"]
    if low is not None and high is not None and (low < 0 or high > 1):
        return ("outside_0_1", "The t-interval leaves [0, 1].", n / 1.2, 1.2)
    return ("ok", None, n / 1.2, 1.2)


def build_fake_marts_db(path: Path, *, rejected: bool = True, drop: str | None = None) -> Path:
    """Write a DuckDB file holding the three marts the renderer reads."""
    con = duckdb.connect(str(path))
    try:
        con.execute(
            """
            create table fct_success_rates (
                model_name varchar, display_name varchar, family varchar, peer_group varchar,
                is_reference_model boolean, scope varchar, metric varchar, n bigint,
                successes bigint, rate double, sd double, se double, df double, t_crit double,
                ci_low double, ci_high double, wilson_low double, wilson_high double,
                confidence_level double, wald_low double, wald_high double,
                n_clusters bigint, cluster_se double, cluster_ci_low double,
                cluster_ci_high double, np_adequate boolean, small_sample_note varchar,
                ci_status varchar, ci_note varchar, n_effective double, design_effect double
            )
            """
        )
        con.executemany(
            "insert into fct_success_rates values "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?)",
            fake_success_rate_rows(),
        )
        # The peer group by size (int_models.size_band); the hostile name is not in the registry.
        con.execute(
            """
            alter table fct_success_rates add column size_band varchar;
            alter table fct_success_rates add column base_model_name varchar;
            alter table fct_success_rates add column in_display_set boolean default true;
            alter table fct_success_rates add column display_set_reason varchar
                default 'every model';
            update fct_success_rates set size_band = case model_name
                when 'H2LooP v0.1-coder' then '17-40B' when 'Mistral Nemo' then '<= 16B'
                when 'Gemini Pro' then 'unknown/hosted' when 'Kimi K2' then '> 40B' end;
            """
        )
        n_rejected = 7 if rejected else 0
        con.execute(
            f"""
            create table fct_dataset_card as select
                'seeds/raw_metrics.csv' as input_path, 'seed' as input_format,
                'e2dfbdce67f3aa11' as input_sha256, true as is_synthetic_sample,
                {600 + n_rejected}::bigint as rows_input, 600::bigint as rows_kept,
                {n_rejected}::bigint as rows_rejected,
                null::varchar as models_all_rejected,
                null::varchar as execution_models_all_rejected,
                5::bigint as n_models,
                60::bigint as n_problems, 12::bigint as n_problem_types,
                'mpi,serial' as parallelism_models, 1::bigint as max_samples_per_problem,
                'H2LooP v0.1-coder' as reference_model,
                'H2LooP v0.1-coder' as reference_model_name, 0.95::double as confidence_level,
                timestamp '2025-01-31 12:34:56' as built_at, '1.11.16' as dbt_version,
                'v2.0.0' as duckdb_version
            """
        )
        con.execute(
            "create table fct_data_audit "
            '(outcome varchar, reason varchar, "rows" bigint, example_input_rows bigint[])'
        )
        if rejected:
            con.execute(
                "insert into fct_data_audit values "
                "('rejected', 'unknown parallelism model', 4, [3, 9, 10, 11]), "
                "('rejected', 'unparseable boolean in did_build', 3, [1, 2, 5])"
            )
        from fake_marts_domains import add_domain_marts  # here: it imports this module

        add_domain_marts(con)  # sections 1.2, 1.3 and 4.1
        add_technical_marts(con)
        add_rank_marts(con)  # sections 1.1, 2.2, 4.2, 5: tiers, letters, all-pairs family
        _empty_declared_marts(con)  # every other declared mart, empty
        if drop:
            con.execute(f"drop table {drop}")
    finally:
        con.close()
    return path


def _empty_declared_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Every further mart the report reads, as an empty table with the declared columns; declared
    columns a fake table (core marts included) lacks are added as NULL columns.

    The fake database covers the core marts and a few parts' marts with values; the other parts'
    marts are present but empty, so the renderer's empty-data paths are exercised too.
    """
    from reporting.marts import CORE_MARTS
    from reporting.sections import MART_SPECS

    present: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns()"
    ).fetchall():
        present.setdefault(table, set()).add(column)
    for spec in (*CORE_MARTS, *MART_SPECS):
        if spec.name not in present:
            listing = ", ".join(f'"{column}" varchar' for column in spec.columns)
            con.execute(f'create table "{spec.name}" ({listing})')
            present[spec.name] = set(spec.columns)
            continue
        for column in spec.columns:
            if column not in present[spec.name]:
                con.execute(f'alter table "{spec.name}" add column "{column}" varchar')
                present[spec.name].add(column)
