"""Fake versions of the marts sections 1.2, 1.3 and 4.1 read, consistent with fake_marts' models.

Only plausible, internally consistent values are needed: the renderer tests check formatting,
escaping and layout, not statistics (the dbt tests and oracles check those).
"""

from __future__ import annotations

import duckdb
from fake_marts import _FAKE_MODELS, _N_PER_SCOPE, _stats

# VRAM per fake model (None = unknown, e.g. a hosted API); params in billions.
_REGISTRY = {
    "H2LooP v0.1-coder": (32.0, 32.0, "4-bit", 19.0),
    "Mistral Nemo": (12.0, 12.0, "16-bit", 24.0),
    "Gemini Pro": (None, None, None, None),
    "Kimi K2": (1000.0, 32.0, "8-bit", 1024.0),
}
_DOMAINS = (
    ("sort", "Sorting Algorithms", "Data ordering operations", "Communication patterns"),
    ("fft", "Fast Fourier Transform", "Signal processing algorithms", "Complex data dependencies"),
    ("scan", "Scan Operations", "Prefix sum computations", "Sequential dependencies"),
)
_N_DOMAIN = _N_PER_SCOPE // len(_DOMAINS)


def _split(total: int, parts: int, n_each: int) -> list[int]:
    """Spread `total` successes over `parts` domains unevenly but deterministically."""
    counts = [0] * parts
    for i in range(total):
        for j in ((i * 2) % parts, (i * 2 + 1) % parts, i % parts):
            if counts[j] < n_each:
                counts[j] += 1
                break
    return counts


def add_domain_marts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create table stg_problem_types (
            problem_type varchar, display_name varchar, description varchar,
            complexity_characteristics varchar
        )
        """
    )
    con.executemany("insert into stg_problem_types values (?, ?, ?, ?)", list(_DOMAINS))

    con.execute(
        """
        create table fct_resource_efficiency (
            model_name varchar, display_name varchar, family varchar, peer_group varchar,
            is_reference_model boolean, params_b double, active_params_b double,
            quantization varchar, vram_gb double, n bigint, build_rate double, pass_rate double,
            build_pp_per_gb double, pass_pp_per_gb double,
            build_efficiency_ratio_to_reference double, pass_efficiency_ratio_to_reference double,
            vram_ratio_to_reference double, reference_vram_gb double
        )
        """
    )
    ref_vram = _REGISTRY["H2LooP v0.1-coder"][3]
    totals = {}
    for name, _display, _family, _peer, _ref, per_scope in _FAKE_MODELS:
        built = sum(b for b, _ in per_scope.values())
        passed = sum(p for _, p in per_scope.values())
        totals[name] = (built, passed, _N_PER_SCOPE * len(per_scope))
    ref_build = 100 * totals["H2LooP v0.1-coder"][0] / totals["H2LooP v0.1-coder"][2] / ref_vram
    ref_pass = 100 * totals["H2LooP v0.1-coder"][1] / totals["H2LooP v0.1-coder"][2] / ref_vram
    rows = []
    for name, display, family, peer, is_ref, _ in _FAKE_MODELS:
        params, active, quant, vram = _REGISTRY.get(name, (None, None, None, None))
        built, passed, n = totals[name]
        build_pp = None if vram is None else 100 * built / n / vram
        pass_pp = None if vram is None else 100 * passed / n / vram
        rows.append(
            (
                name, display, family, peer, is_ref, params, active, quant, vram, n,
                built / n, passed / n, build_pp, pass_pp,
                None if build_pp is None else build_pp / ref_build,
                None if pass_pp is None else pass_pp / ref_pass,
                None if vram is None else vram / ref_vram, ref_vram,
            )
        )  # fmt: skip
    con.executemany(f"insert into fct_resource_efficiency values ({', '.join('?' * 18)})", rows)

    con.execute(
        """
        create table fct_domain_rates (
            model_name varchar, display_name varchar, is_reference_model boolean,
            problem_type varchar, scope varchar, n bigint, n_problems bigint, n_passed bigint,
            pass_rate double,
            pass_wilson_low double, pass_wilson_high double, pass_gap_serial_minus_mpi double,
            is_best_domain boolean, is_worst_domain boolean, confidence_level double
        )
        """
    )
    domain_rows = []
    for name, display, _family, _peer, is_ref, per_scope in _FAKE_MODELS:
        by_scope = {s: _split(p, len(_DOMAINS), _N_DOMAIN) for s, (_, p) in per_scope.items()}
        by_scope["all"] = [sum(c) for c in zip(*by_scope.values(), strict=True)]
        for scope, counts in by_scope.items():
            n = _N_DOMAIN * (len(per_scope) if scope == "all" else 1)
            best, worst = max(counts), min(counts)
            for (key, *_), k in zip(_DOMAINS, counts, strict=True):
                i = [d[0] for d in _DOMAINS].index(key)
                gap = (by_scope["serial"][i] - by_scope["mpi"][i]) / _N_DOMAIN
                s = _stats(k, n)
                domain_rows.append(
                    (
                        name, display, is_ref, key, scope, n, _N_DOMAIN, k, s["rate"],
                        s["wilson_low"], s["wilson_high"], gap, k == best, k == worst, 0.95,
                    )
                )  # fmt: skip
    con.executemany(f"insert into fct_domain_rates values ({', '.join('?' * 15)})", domain_rows)
    con.execute(
        """
        create table fct_domain_pivot as
        select problem_type, count(*) as n_models, avg(pass_rate) as mean_pass_rate_over_models
        from fct_domain_rates where scope = 'all' group by problem_type
        """
    )

    con.execute(
        """
        create table fct_derived_vs_base (
            model_name varchar, display_name varchar, base_model_name varchar,
            base_display_name varchar, scope varchar, quantization varchar,
            base_quantization varchar, vram_gb double, base_vram_gb double,
            vram_ratio_to_base double, n_shared_problems bigint, build_rate double,
            base_build_rate double, build_difference double, build_ci_low double,
            build_ci_high double, build_p_value double, build_test_null_reason varchar,
            build_n_derived_better bigint, build_n_base_better bigint, pass_rate double,
            base_pass_rate double, pass_difference double, pass_ci_low double,
            pass_ci_high double, pass_p_value double, pass_test_null_reason varchar,
            pass_n_derived_better bigint, pass_n_base_better bigint
        )
        """
    )
    con.execute(
        """
        insert into fct_derived_vs_base values
        ('H2LooP v0.1-coder', 'H2LooP v0.1-coder', 'Kimi K2', 'Kimi-K2 Instruct 1T', 'all',
         '4-bit', '8-bit', 19, 1024, 19 / 1024, 60, 0.6167, 0.9083, -0.2917, -0.40, -0.18,
         1e-9, null, 2, 37, 0.425, 0.65, -0.225, -0.33, -0.12, 2e-6, null, 5, 32),
        ('H2LooP v0.1-coder', 'H2LooP v0.1-coder', 'Kimi K2', 'Kimi-K2 Instruct 1T', 'serial',
         '4-bit', '8-bit', 19, 1024, 19 / 1024, 60, 0.6667, 0.9167, -0.25, -0.37, -0.13, 0.0003,
         null, 1, 16, 0.5, 0.6667, -0.1667, -0.31, -0.02, 0.031, null, 4, 14)
        """
    )
