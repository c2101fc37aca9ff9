"""Verify the statistics macros in macros/stats/ against scipy and statsmodels.

All macro calls are compiled in one dbt invocation (module fixture), then executed in an
in-memory DuckDB over grids of inputs and compared with the Python reference implementations.
Run from the repository root: python -m pytest tests/python/test_stats_macros.py
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sqlmacros

Z975 = float(stats.norm.ppf(0.975))
Z = repr(Z975)  # critical value passed to the macros as a SQL literal
P_GRID = [0.9, 0.95, 0.975, 0.99, 0.995, 0.9995]
DF_GRID = [*range(1, 1001), 10_000, 1_000_000]

SNIPPETS = {
    "t_quantile_grid": "select p, n, {{ t_quantile('p', 'n') }} as t from tq_grid",
    "t_quantile_edges": """
        select
            {{ t_quantile('0.975', '0') }} as df0,
            {{ t_quantile('0.975', 'null') }} as df_null,
            {{ t_quantile('null', '5') }} as p_null,
            {{ t_quantile('0.975', '0.5') }} as df_half,
            {{ t_quantile('1.0', '5') }} as p_one,
            {{ t_quantile('0', '5') }} as p_zero,
            {{ t_quantile('0.5', '7') }} as p_half,
            {{ t_quantile('0.975', '30.5') }} as df_30_5,
            {{ t_quantile('0.975', '1.5') }} as df_1_5
    """,
    "t_dist": """
        select t, n, {{ t_cdf('t', 'n', large_df=true) }} as cdf,
            {{ t_two_sided_p('t', 'n', large_df=true) }} as p2,
            {{ t_pdf('t', 'n') }} as pdf,
            -- the default (series only) where it is meant to be used
            case when n <= 1000 then {{ t_cdf('t', 'n') }} end as cdf_series,
            case when n <= 1000 then {{ t_two_sided_p('t', 'n') }} end as p2_series
        from t_grid
    """,
    "t_dist_edges": """
        select {{ t_cdf('1.0', '2.5') }} as nonint, {{ t_cdf('1.0', '0') }} as df0,
            {{ t_two_sided_p('0', '9') }} as p_at_0
    """,
    "qnorm": "select p, {{ normal_quantile('p') }} as z from p_grid",
    "qnorm_edges": """
        select {{ normal_quantile('0') }} as p0, {{ normal_quantile('1') }} as p1,
            {{ normal_quantile('null') }} as pnull, {{ normal_quantile('0.5') }} as phalf
    """,
    "proportions": f"""
        select x, n,
            {{{{ wilson_low('x', 'n', '{Z}') }}}} as wilson_lo,
            {{{{ wilson_high('x', 'n', '{Z}') }}}} as wilson_hi,
            {{{{ wald_low('x', 'n', '{Z}') }}}} as wald_lo,
            {{{{ wald_high('x', 'n', '{Z}') }}}} as wald_hi
        from prop_grid
    """,
    "proportions_z_macro": """
        select {{ wilson_low('2', '7', normal_quantile('0.975')) }} as lo,
            {{ wilson_high('2', '7', normal_quantile('0.975')) }} as hi,
            {{ wilson_low('0', '0', '1.96') }} as n0
    """,
    "newcombe": f"""
        select x1, n1, x2, n2,
            {{{{ newcombe_low('x1', 'n1', 'x2', 'n2', '{Z}') }}}} as lo,
            {{{{ newcombe_high('x1', 'n1', 'x2', 'n2', '{Z}') }}}} as hi
        from newcombe_grid
    """,
    "effects": """
        select id,
            {{ pooled_sd('sd1', 'n1', 'sd2', 'n2') }} as sp,
            {{ cohens_d('m1', 'm2', pooled_sd('sd1', 'n1', 'sd2', 'n2')) }} as d,
            {{ hedges_g(cohens_d('m1', 'm2', pooled_sd('sd1', 'n1', 'sd2', 'n2')), 'n1', 'n2') }}
                as g,
            {{ cohens_d_se(cohens_d('m1', 'm2', pooled_sd('sd1', 'n1', 'sd2', 'n2')), 'n1', 'n2') }}
                as d_se,
            {{ cohens_h('m1', 'm2') }} as h
        from effect_grid
    """,
    "effects_edges": """
        select {{ cohens_d('0.5', '0.4', '0') }} as d_sd0,
            {{ cohens_d('0.5', '0.4', 'null') }} as d_sdnull,
            {{ pooled_sd('0.3', '1', '0.2', '1') }} as sp_n1,
            {{ hedges_g('0.5', '1', '1') }} as g_n2
    """,
    "mcnemar": "select b, c, {{ mcnemar_exact_p('b', 'c') }} as p from mcnemar_grid",
    "pass_at_k": "select n, c, k, {{ pass_at_k('n', 'c', 'k') }} as v from passk_grid",
    "multitest": """
        with positions as (
            select *,
                {{ multiple_testing_positions('p', 'fam', 'id') }},
                {{ multiple_testing_positions('p', order_tiebreak='fam, id', prefix='all_') }},
                {{ multiple_testing_positions('p', 'fam', 'id desc', prefix='nt_') }}
            from pv
        )
        select fam, id, p,
            {{ holm_adjust('p', 'fam', 'id') }} as holm,
            {{ bh_adjust('p', 'fam', 'id') }} as bh,
            {{ holm_adjust('p', order_tiebreak='fam, id', prefix='all_') }} as holm_all,
            {{ bh_adjust('p', order_tiebreak='fam, id', prefix='all_') }} as bh_all,
            {{ holm_adjust('p', 'fam', 'id', prefix='nt_') }} as holm_ties_reordered,
            {{ bh_adjust('p', 'fam', 'id', prefix='nt_') }} as bh_ties_reordered
        from positions
    """,
    "cluster": """
        with means as (
            select avg(y) as ybar, count(*) as n, count(distinct cluster_id) as g from scores
        ),
        cluster_sums as (
            select s.cluster_id, sum(s.y - m.ybar) as r
            from scores as s cross join means as m
            group by s.cluster_id
        )
        select
            {{ cluster_robust_se('sum(c.r * c.r)', 'any_value(m.n)', 'any_value(m.g)') }} as se,
            {{ cluster_robust_df('any_value(m.g)') }} as df
        from cluster_sums as c cross join means as m
    """,
    "effective_n": """
        select case_id,
            {{ effective_sample_size('rate', 'se', 'n', 'g', 't_n', 't_g') }} as n_eff
        from effective_grid
        order by case_id
    """,
    "effective_n_nulls": """
        select
            {{ effective_sample_size('0.3', '0.05', '100', '5', 'null', '2.78') }} as t_n_null,
            {{ effective_sample_size('0.3', '0.05', '100', '5', '1.98', 'null') }} as t_g_null,
            {{ effective_sample_size('0.3', '0.05', 'null', '5', '1.98', '2.78') }} as n_null,
            {{ effective_sample_size('null', '0.05', '100', '5', '1.98', '2.78') }} as rate_null,
            {{ effective_sample_size('0.3', '0.05', '0', '5', '1.98', '2.78') }} as n_zero
    """,
    "binary_residuals": """
        select
            sum({{ binary_cluster_residual_sq('successes', 'trials', 'group_successes',
                                              'group_trials') }}) as s
        from (
            select successes, trials, sum(successes) over () as group_successes,
                sum(trials) over () as group_trials
            from binary_clusters
        )
    """,
    "cluster_edges": """
        select {{ cluster_robust_se('1.0', '5', '1') }} as g1, {{ cluster_robust_df('1') }} as df1
    """,
    "normality": """
        with mu as (
            select sample_id, avg(x) as xbar, count(*) as n from samples group by sample_id
        ),
        mom as (
            select s.sample_id, any_value(mu.n) as n,
                avg(pow(s.x - mu.xbar, 2)) as m2, avg(pow(s.x - mu.xbar, 3)) as m3,
                avg(pow(s.x - mu.xbar, 4)) as m4
            from samples as s join mu using (sample_id)
            group by s.sample_id
        )
        select sample_id,
            {{ jarque_bera('n', 'm2', 'm3', 'm4') }} as jb,
            {{ jarque_bera_p(jarque_bera('n', 'm2', 'm3', 'm4')) }} as jb_p,
            {{ dagostino_k2('n', 'm2', 'm3', 'm4') }} as k2,
            {{ dagostino_k2_p(dagostino_k2('n', 'm2', 'm3', 'm4')) }} as k2_p
        from mom
    """,
    "f_sf": "select f, d1, d2, {{ f_sf('f', 'd1', 'd2') }} as q from f_grid",
    "f_sf_edges": """
        select {{ f_sf('0', '3', '4') }} as f0, {{ f_sf('2', '2.5', '4') }} as nonint,
            {{ f_sf('2', '0', '4') }} as d0, {{ f_sf('null', '3', '4') }} as f_null,
            {{ f_sf('2', 'null', '4000') }} as d1_null, {{ f_sf('2', '3', 'null') }} as d2_null
    """,
    "f_sf_large": "select f, d1, d2, {{ f_sf('f', 'd1', 'd2') }} as q from f_large",
    "incomplete_beta": """
        select a, b, x,
            {{ regularized_incomplete_beta('a', 'b', 'x', '1.0 - x', 'ln(x)', 'ln(1.0 - x)') }}
                as i,
            {{ regularized_incomplete_beta('a', 'b', 'x', '1.0 - x', 'ln(x)', 'ln(1.0 - x)',
                                           max_iterations=2) }} as i_two_iterations
        from beta_grid
    """,
    "brown_forsythe": """
        {{ brown_forsythe_test('bf_data', 'grp', 'y', ['fam']) }}
    """,
    "brown_forsythe_nofam": """
        {{ brown_forsythe_test('bf_data', 'grp', 'y') }}
    """,
    # the project's generic data test (data-tests/generic), rendered as dbt renders it
    "unique_combination": """
        {{ test_unique_combination_of_columns('uc_data', ['k1', 'k2', 'k3']) }}
    """,
}


@pytest.fixture(scope="module")
def sql() -> dict[str, str]:
    return sqlmacros.compile_many(SNIPPETS)


@pytest.fixture(scope="module", autouse=True)
def _isolated_db(tmp_path_factory):
    """dbt compile opens the profile's database: point it at a throw-away file."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PAREVAL_DB", str(tmp_path_factory.mktemp("db") / "stats_test.duckdb"))
    yield
    mp.undo()


@pytest.fixture
def con():
    c = sqlmacros.connect()
    yield c
    c.close()


def rel_err(got, ref):
    got = np.asarray(got, dtype=float)
    ref = np.asarray(ref, dtype=float)
    return np.abs(got - ref) / np.maximum(np.abs(ref), 1e-300)


def assert_close(got, ref, rtol=1e-9, atol=1e-12, what=""):
    got = np.asarray(got, dtype=float)
    ref = np.asarray(ref, dtype=float)
    assert got.shape == ref.shape, what
    assert not np.isnan(got).any(), f"{what}: NULL/NaN in SQL result"
    err = np.abs(got - ref)
    bad = err > atol + rtol * np.abs(ref)
    assert not bad.any(), (
        f"{what}: {bad.sum()} mismatches, worst got={got[bad][0]!r} ref={ref[bad][0]!r}"
    )
    return float(err.max()) if err.size else 0.0


# --------------------------------------------------------------------------- t quantile


def test_t_quantile_grid_accuracy_and_speed(sql, con):
    ps = P_GRID + [1 - p for p in P_GRID]
    con.execute(
        "create table tq_grid as select p::double as p, n::double as n "
        "from unnest(?) as a(p), unnest(?) as b(n)",
        [ps, DF_GRID],
    )
    start = time.perf_counter()
    rows = con.sql(sql["t_quantile_grid"]).fetchall()
    elapsed = time.perf_counter() - start
    p, n, t = (np.array(col, dtype=float) for col in zip(*rows, strict=True))
    assert len(rows) == len(ps) * len(DF_GRID)
    ref = stats.t.ppf(p, n)
    err = rel_err(t, ref)
    worst = int(np.argmax(err))
    print(
        f"\nt_quantile: {len(rows)} values in {elapsed:.3f} s, max rel error {err[worst]:.3e} "
        f"at p={p[worst]}, df={n[worst]:g}; max abs error {np.abs(t - ref).max():.3e}"
    )
    assert not np.isnan(t).any()
    assert err.max() <= 1e-12
    assert elapsed < 10
    # symmetry: t(1 - p) = -t(p) for every df
    by_key = {(round(pi, 6), ni): ti for pi, ni, ti in zip(p, n, t, strict=True)}
    for pi in P_GRID:
        for ni in (1, 3, 4, 7, 240, 241, 10_000):
            assert by_key[(round(1 - pi, 6), ni)] == pytest.approx(-by_key[(pi, ni)], rel=1e-12)


def test_t_quantile_edges(sql, con):
    row = dict(
        zip(
            [
                "df0",
                "df_null",
                "p_null",
                "df_half",
                "p_one",
                "p_zero",
                "p_half",
                "df_30_5",
                "df_1_5",
            ],
            con.sql(sql["t_quantile_edges"]).fetchall()[0],
            strict=True,
        )
    )
    for key in ("df0", "df_null", "p_null", "df_half", "p_one", "p_zero", "df_1_5"):
        assert row[key] is None, key
    assert row["p_half"] == 0.0
    # non-integer df >= 3: Hill (1970) alone (documented: <= 2.3e-8 relative for df in 10..30)
    assert row["df_30_5"] == pytest.approx(stats.t.ppf(0.975, 30.5), rel=1e-7)


def test_t_quantile_non_integer_df(sql, con):
    """Documented accuracy of Hill alone for non-integer df >= 3 (NULL below 3)."""
    dfs = np.round(np.arange(1.05, 60, 0.1), 2)
    dfs = dfs[dfs != np.floor(dfs)]
    con.execute(
        "create table tq_grid as select p::double as p, n::double as n "
        "from unnest(?) as a(p), unnest(?) as b(n)",
        [P_GRID, dfs.tolist()],
    )
    rows = con.sql(sql["t_quantile_grid"]).fetchall()
    p, n = (np.array(col, dtype=float) for col in list(zip(*rows, strict=True))[:2])
    t = np.array([np.nan if r[2] is None else r[2] for r in rows])
    assert np.isnan(t[n < 3]).all()
    err = rel_err(t[n > 3], stats.t.ppf(p[n > 3], n[n > 3]))
    assert err.max() < 2e-5
    assert err[n[n > 3] > 10].max() < 5e-8


# --------------------------------------------------------------------------- t distribution


def test_t_cdf_pdf_two_sided(sql, con):
    ts = [-12.0, -3.5, -2.0, -0.7, 0.0, 0.3, 1.0, 1.96, 2.5, 4.0, 8.0]
    # above 1,000 df the two-sided p comes from the continued fraction (regularized_incomplete_beta)
    dfs = [*range(1, 41), 59, 100, 119, 239, 240, 500, 1000, 1001, 5000, 31_000, 300_001, 3_779_910]
    con.execute(
        "create table t_grid as select t::double as t, n::double as n "
        "from unnest(?) as a(t), unnest(?) as b(n)",
        [ts, dfs],
    )
    rows = con.sql(sql["t_dist"]).fetchall()
    t, n, cdf, p2, pdf, cdf_series, p2_series = (
        np.array(col, dtype=float) for col in zip(*rows, strict=True)
    )
    # at df <= 1,000 the default and large_df=true are the same series
    small = n <= 1000
    assert np.array_equal(cdf_series[small], cdf[small])
    assert np.array_equal(p2_series[small], p2[small])
    ref_cdf = stats.t.cdf(t, n)
    e_cdf = assert_close(cdf[n <= 1000], ref_cdf[n <= 1000], rtol=0, atol=1e-13, what="t_cdf")
    assert_close(cdf[n > 1000], ref_cdf[n > 1000], rtol=0, atol=5e-11, what="t_cdf cf")
    e_pdf = assert_close(pdf, stats.t.pdf(t, n), rtol=1e-11, atol=1e-15, what="t_pdf")
    ref_p2 = 2 * stats.t.sf(np.abs(t), n)
    # the finite sum (df <= 1,000): absolute 1e-13 everywhere; relative 1e-9 where the p-value is
    # not tiny (cancellation). The continued fraction (df > 1,000): measured 2e-11 absolute and
    # 2.1e-10 relative at 3.8M df, where the sum it replaces was 6.5e-10 to 8e-9 off (relative)
    series = n <= 1000
    e_p2 = assert_close(p2[series], ref_p2[series], rtol=0, atol=1e-13, what="t p abs")
    e_cf = assert_close(p2[~series], ref_p2[~series], rtol=0, atol=5e-11, what="t p cf abs")
    big = ref_p2 > 1e-4
    assert_close(p2[big], ref_p2[big], rtol=1e-9, atol=0, what="t_two_sided_p rel")
    print(
        f"\nt_cdf max abs {e_cdf:.2e}; t_pdf max abs {e_pdf:.2e}; two-sided p max abs {e_p2:.2e}"
        f" (df <= 1,000), {e_cf:.2e} (continued fraction, df > 1,000)"
    )


def test_t_dist_edges(sql, con):
    nonint, df0, p_at_0 = con.sql(sql["t_dist_edges"]).fetchall()[0]
    assert nonint is None
    assert df0 is None
    assert p_at_0 == 1.0


# --------------------------------------------------------------------------- normal quantile


def test_normal_quantile(sql, con):
    ps = np.concatenate(
        [np.logspace(-300, -1, 200), np.linspace(0.01, 0.99, 199), 1 - np.logspace(-15, -1, 50)]
    )
    con.execute("create table p_grid as select unnest(?)::double as p", [ps.tolist()])
    p, z = (np.array(c, dtype=float) for c in zip(*con.sql(sql["qnorm"]).fetchall(), strict=True))
    ref = stats.norm.ppf(p)
    nonzero = np.abs(ref) > 1e-3
    err = rel_err(z[nonzero], ref[nonzero]).max()
    print(f"\nnormal_quantile max rel error {err:.2e}")
    assert err < 1e-13
    assert_close(z, ref, rtol=1e-13, atol=1e-15, what="normal_quantile")
    p0, p1, pnull, phalf = con.sql(sql["qnorm_edges"]).fetchall()[0]
    assert (p0, p1, pnull) == (None, None, None)
    assert phalf == 0.0


# --------------------------------------------------------------------------- proportions


def test_wilson_and_wald(sql, con):
    cases = [(x, n) for n in (1, 2, 7, 8, 20, 110, 120) for x in range(n + 1)]
    con.execute(
        "create table prop_grid as select * from (select unnest(?) as x, unnest(?) as n)",
        [[c[0] for c in cases], [c[1] for c in cases]],
    )
    rows = con.sql(sql["proportions"]).fetchall()
    x, n, wlo, whi, alo, ahi = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    ref_w = np.array(
        [
            proportion_confint(xi, ni, alpha=0.05, method="wilson")
            for xi, ni in zip(x, n, strict=True)
        ]
    )
    ref_a = np.array(
        [
            proportion_confint(xi, ni, alpha=0.05, method="normal")
            for xi, ni in zip(x, n, strict=True)
        ]
    )
    e1 = assert_close(wlo, ref_w[:, 0], what="wilson low")
    e2 = assert_close(whi, ref_w[:, 1], what="wilson high")
    # statsmodels clips the normal (Wald) interval to [0, 1]; the macro does not (reference report)
    ph = x / n
    half = Z975 * np.sqrt(ph * (1 - ph) / n)
    assert_close(alo, ph - half, what="wald low")
    assert_close(ahi, ph + half, what="wald high")
    assert_close(np.clip(alo, 0, 1), ref_a[:, 0], what="wald low vs statsmodels")
    print(f"\nWilson max abs error {max(e1, e2):.2e}")
    # the reference report's 2/7 Wald artefact and Wilson 2/7 from the notes
    i = int(np.flatnonzero((x == 2) & (n == 7))[0])
    assert alo[i] == pytest.approx(-0.048944, abs=1e-6)
    assert (wlo[i], whi[i]) == pytest.approx((0.082219, 0.641066), abs=1e-6)
    lo, hi, n0 = con.sql(sql["proportions_z_macro"]).fetchall()[0]
    assert (lo, hi) == pytest.approx(tuple(ref_w[i]), rel=1e-12)
    assert n0 is None


def test_newcombe(sql, con):
    cases = [
        (110, 120, 86, 120),
        (0, 10, 0, 10),
        (10, 10, 0, 10),
        (0, 1, 1, 1),
        (2, 7, 5, 8),
        (120, 120, 119, 120),
        (3, 20, 17, 20),
        (60, 120, 61, 120),
        (1, 1, 1, 1),
    ]
    con.execute(
        "create table newcombe_grid as select * from (values "
        + ", ".join(str(c) for c in cases)
        + ") as v(x1, n1, x2, n2)"
    )
    rows = con.sql(sql["newcombe"]).fetchall()
    got = np.array([r[4:] for r in rows], dtype=float)
    ref = np.array(
        [
            confint_proportions_2indep(
                r[0], r[1], r[2], r[3], method="newcomb", compare="diff", alpha=0.05
            )
            for r in rows
        ]
    )
    err = assert_close(got, ref, what="newcombe")
    print(f"\nNewcombe max abs error {err:.2e}")
    assert tuple(got[0]) == pytest.approx((0.103440, 0.294134), abs=1e-6)


# --------------------------------------------------------------------------- effect sizes


def test_effect_sizes(sql, con):
    rng = np.random.default_rng(7)
    data = []
    for i in range(30):
        n1, n2 = int(rng.integers(2, 200)), int(rng.integers(2, 200))
        a, b = rng.normal(0.6, 0.3, n1), rng.normal(0.5, 0.4, n2)
        data.append((i, a.mean(), a.std(ddof=1), n1, b.mean(), b.std(ddof=1), n2))
    data.append((30, 0.9, 0.0, 5, 0.7, 0.0, 5))  # pooled SD 0 -> d NULL
    data.append(
        (
            31,
            110 / 120,
            math.sqrt(110 / 120 * 10 / 120 * 120 / 119),
            120,
            86 / 120,
            math.sqrt(86 / 120 * 34 / 120 * 120 / 119),
            120,
        )
    )
    con.execute(
        "create table effect_grid (id int, m1 double, sd1 double, n1 int, "
        "m2 double, sd2 double, n2 int)"
    )
    con.executemany("insert into effect_grid values (?, ?, ?, ?, ?, ?, ?)", data)
    rows = {r[0]: r[1:] for r in con.sql(sql["effects"]).fetchall()}
    errs = []
    for i, m1, sd1, n1, m2, sd2, n2 in data:
        sp, d, g, d_se, h = rows[i]
        ref_sp = math.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2))
        assert sp == pytest.approx(ref_sp, rel=1e-12, abs=1e-15)
        ref_h = 2 * math.asin(math.sqrt(min(max(m1, 0), 1))) - 2 * math.asin(
            math.sqrt(min(max(m2, 0), 1))
        )
        if 0 <= m1 <= 1 and 0 <= m2 <= 1:
            assert h == pytest.approx(ref_h, rel=1e-12, abs=1e-15)
        else:
            assert h is None
        if ref_sp == 0:
            assert d is None and g is None and d_se is None
            continue
        ref_d = (m1 - m2) / ref_sp
        ref_g = ref_d * (1 - 3 / (4 * (n1 + n2) - 9))
        ref_se = math.sqrt((n1 + n2) / (n1 * n2) + ref_d**2 / (2 * (n1 + n2)))
        for got, ref in ((d, ref_d), (g, ref_g), (d_se, ref_se)):
            assert got == pytest.approx(ref, rel=1e-12, abs=1e-15)
            errs.append(abs(got - ref))
    # notes: 110/120 vs 86/120 with ddof-1 SDs -> d = 0.532820, g = d * 0.996845
    assert rows[31][1] == pytest.approx(0.532820, abs=1e-6)
    assert rows[31][2] / rows[31][1] == pytest.approx(0.996845, abs=1e-6)
    print(f"\neffect sizes max abs error {max(errs):.2e}")
    d_sd0, d_sdnull, sp_n1, g_n2 = con.sql(sql["effects_edges"]).fetchall()[0]
    assert (d_sd0, d_sdnull, sp_n1, g_n2) == (None, None, None, None)


# --------------------------------------------------------------------------- paired / pass@k


def test_mcnemar_exact(sql, con):
    cases = [
        (0, 0),
        (1, 0),
        (0, 1),
        (1, 1),
        (30, 6),
        (6, 30),
        (5, 5),
        (12, 3),
        (0, 20),
        (47, 52),
        (100, 60),
        (2, 9),
    ]
    con.execute(
        "create table mcnemar_grid as select * from (values "
        + ", ".join(str(c) for c in cases)
        + ") as v(b, c)"
    )
    rows = con.sql(sql["mcnemar"]).fetchall()
    got = np.array([r[2] for r in rows], dtype=float)
    ref_sm = np.array([mcnemar([[10, b], [c, 10]], exact=True).pvalue for b, c, _ in rows])
    ref_binom = np.array(
        [stats.binomtest(b, b + c, 0.5).pvalue if b + c else 1.0 for b, c, _ in rows]
    )
    err = assert_close(got, ref_sm, rtol=1e-12, atol=1e-15, what="mcnemar vs statsmodels")
    assert_close(got, ref_binom, rtol=1e-12, atol=1e-15, what="mcnemar vs binomtest")
    by_case = {(b, c): p for b, c, p in rows}
    assert by_case[(0, 0)] == 1.0
    assert by_case[(30, 6)] == pytest.approx(6.9602e-5, rel=1e-4)
    print(f"\nMcNemar exact max abs error {err:.2e}")


def _pass_at_k_numpy(n: int, c: int, k: int) -> float:
    """Reference implementation of Chen et al. (2021) (human-eval / evalplus)."""
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def test_pass_at_k(sql, con):
    cases = [
        (n, c, k)
        for n in (1, 2, 5, 10, 20, 200)
        for c in sorted({0, 1, n // 3, n - 1, n})
        for k in sorted({1, 2, 5, 10, 100, n})
        if k <= n and c >= 0
    ]
    con.execute("create table passk_grid (n int, c int, k int)")
    con.executemany("insert into passk_grid values (?, ?, ?)", cases)
    rows = con.sql(sql["pass_at_k"]).fetchall()
    got = np.array([r[3] for r in rows], dtype=float)
    ref = np.array([_pass_at_k_numpy(n, c, k) for n, c, k, _ in rows])
    err = assert_close(got, ref, rtol=1e-12, atol=1e-15, what="pass@k")
    by_case = {r[:3]: r[3] for r in rows}
    assert by_case[(10, 3, 5)] == pytest.approx(0.916667, abs=1e-6)
    assert by_case[(1, 1, 1)] == 1.0 and by_case[(1, 0, 1)] == 0.0
    print(f"\npass@k max abs error {err:.2e}")
    con.execute("delete from passk_grid")
    con.executemany("insert into passk_grid values (?, ?, ?)", [(5, 2, 6), (5, 6, 1), (5, 1, 0)])
    assert [r[3] for r in con.sql(sql["pass_at_k"]).fetchall()] == [None, None, None]


# --------------------------------------------------------------------------- multiplicity


def test_holm_and_bh(sql, con):
    rng = np.random.default_rng(11)
    fams = {
        "a": rng.uniform(0, 0.2, 10),
        "b": np.array([0.01, 0.04, 0.04, 0.04, 0.3, 0.001, 0.5, 0.04, 0.9, 0.02]),  # ties
        "c": np.array([0.2]),
        "d": rng.uniform(0, 1, 40),
        # a large family with many ties (the running max / min must give tied p-values one value)
        "f": rng.choice([0.0001, 0.002, 0.002, 0.01, 0.03, 0.2, 0.7], 600),
    }
    con.execute("create table pv (fam varchar, id int, p double)")
    for fam, ps in fams.items():
        con.executemany(
            "insert into pv values (?, ?, ?)", [(fam, i, float(p)) for i, p in enumerate(ps)]
        )
    con.execute("insert into pv values ('e', 0, 0.01), ('e', 1, null), ('e', 2, 0.03)")
    rows = con.sql(sql["multitest"]).fetchall()
    got = {(r[0], r[1]): r[3:] for r in rows}
    errs = []
    for fam, ps in [*fams.items(), ("e", np.array([0.01, 0.03]))]:
        ids = list(range(len(ps))) if fam != "e" else [0, 2]
        holm = multipletests(ps, method="holm")[1]
        bh = multipletests(ps, method="fdr_bh")[1]
        for j, i in enumerate(ids):
            g_holm, g_bh = got[(fam, i)][0], got[(fam, i)][1]
            assert g_holm == pytest.approx(holm[j], rel=1e-12, abs=1e-15), (fam, i)
            assert g_bh == pytest.approx(bh[j], rel=1e-12, abs=1e-15), (fam, i)
            errs += [abs(g_holm - holm[j]), abs(g_bh - bh[j])]
    assert got[("e", 1)] == (None,) * 6
    # tied p-values numbered in another order than the adjustment's (id desc against id): the
    # values must not change (the running frames take ties as peers)
    for key, vals in got.items():
        if vals[0] is not None:
            assert vals[4:6] == pytest.approx(vals[0:2], rel=1e-15, abs=0), key
    # no partition: the whole table is one family
    all_p = np.array([r[2] for r in rows if r[2] is not None])
    order = [(r[0], r[1]) for r in rows if r[2] is not None]
    holm_all = dict(zip(order, multipletests(all_p, method="holm")[1], strict=True))
    bh_all = dict(zip(order, multipletests(all_p, method="fdr_bh")[1], strict=True))
    for key, vals in got.items():
        if vals[2] is None:
            continue
        assert vals[2] == pytest.approx(holm_all[key], rel=1e-12, abs=1e-15)
        assert vals[3] == pytest.approx(bh_all[key], rel=1e-12, abs=1e-15)
    print(f"\nHolm/BH max abs error {max(errs):.2e}")


# --------------------------------------------------------------------------- clustered SE


def test_cluster_robust_se(sql, con):
    rng = np.random.default_rng(3)
    clusters = np.repeat(np.arange(60), 2)
    effect = rng.normal(0, 0.3, 60)[clusters]
    y = (rng.uniform(size=120) < 1 / (1 + np.exp(-(1.2 + effect)))).astype(float)
    con.execute("create table scores (cluster_id int, y double)")
    con.executemany(
        "insert into scores values (?, ?)",
        [(int(c), float(v)) for c, v in zip(clusters, y, strict=True)],
    )
    se, df = con.sql(sql["cluster"]).fetchall()[0]
    resid = y - y.mean()
    s = sum(resid[clusters == c].sum() ** 2 for c in range(60))
    ref = math.sqrt(60 / 59 * s) / len(y)
    assert se == pytest.approx(ref, rel=1e-12)
    assert df == 59
    # one observation per cluster -> ordinary ddof-1 standard error of the mean
    con.execute("delete from scores")
    con.executemany("insert into scores values (?, ?)", [(i, float(v)) for i, v in enumerate(y)])
    se1, df1 = con.sql(sql["cluster"]).fetchall()[0]
    assert se1 == pytest.approx(y.std(ddof=1) / math.sqrt(len(y)), rel=1e-12)
    assert df1 == len(y) - 1
    assert con.sql(sql["cluster_edges"]).fetchall()[0] == (None, None)


def test_binary_cluster_residual_sq(sql, con):
    """S of a binary outcome from per-cluster counts: the sum over clusters of (s - t * p)^2, and
    exactly 0 (not ~1e-32) when every cluster has the group's rate, e.g. 7 of 25 in each; the
    reference is exact rational arithmetic (fractions)."""
    from fractions import Fraction

    con.execute("create table binary_clusters (successes bigint, trials bigint)")
    for clusters in ([(7, 25)] * 4, [(3, 10), (0, 4), (9, 9), (1, 7)], [(2, 3)] * 60):
        con.execute("delete from binary_clusters")
        con.executemany("insert into binary_clusters values (?, ?)", clusters)
        (got,) = con.sql(sql["binary_residuals"]).fetchall()[0]
        rate = Fraction(sum(c[0] for c in clusters), sum(c[1] for c in clusters))
        want = sum((Fraction(c[0]) - c[1] * rate) ** 2 for c in clusters)
        if want == 0:
            assert got == 0.0
        else:
            assert got == pytest.approx(float(want), rel=1e-12)
    # the double form the macro replaces leaves rounding noise at 7 of 25 in every cluster
    assert sum((7 - 25 * (28 / 100)) ** 2 for _ in range(4)) > 0


def test_effective_sample_size(sql, con):
    """Korn and Graubard's df-adjusted effective sample size against the oracle (statsmodels'
    cluster SE, scipy's t quantiles), its limit cases by hand, and the Wilson bounds it gives: a
    design effect from 5 problems counts for half as much (1 of 100: [0.1%, 8.8%], against
    [0.2%, 5.5%] without the adjustment)."""
    from cluster_oracle import effective_n, statsmodels_cluster_se

    def flags(successes_per_problem: list[int], per_problem: int) -> tuple[list[float], list[str]]:
        y: list[float] = []
        clusters: list[str] = []
        for index, successes in enumerate(successes_per_problem):
            y += [1.0] * successes + [0.0] * (per_problem - successes)
            clusters += [f"p{index}"] * per_problem
        return y, clusters

    designs = {
        "zero_of_100": ([0] * 5, 20),
        "one_of_100": ([1, 0, 0, 0, 0], 20),
        "two_of_100_one_problem": ([2, 0, 0, 0, 0], 20),
        "spread_of_100": ([20, 3, 0, 9, 1], 20),
        "all_of_100": ([20] * 5, 20),
        "same_rate_each": ([7] * 4, 25),
        "one_problem": ([3], 10),
        "one_per_problem": ([1, 0, 1, 1, 0, 0, 1, 0], 1),
        "one_of_1200": ([1] + [0] * 59, 20),
    }
    rows = []
    expected = {}
    for case_id, (name, (per, size)) in enumerate(designs.items()):
        y, clusters = flags(per, size)
        n, g = len(y), len(per)
        rate = sum(y) / n
        se = statsmodels_cluster_se(y, clusters)
        t_n = float(stats.t.ppf(0.975, n - 1)) if n >= 2 else None
        t_g = float(stats.t.ppf(0.975, g - 1)) if g >= 2 else None
        rows.append((case_id, rate, se, n, g, t_n, t_g))
        expected[case_id] = (name, effective_n(rate, se, n, g, 0.95), rate)
    con.execute(
        "create table effective_grid (case_id int, rate double, se double, n bigint, g bigint, "
        "t_n double, t_g double)"
    )
    con.executemany("insert into effective_grid values (?, ?, ?, ?, ?, ?, ?)", rows)
    got = dict(con.sql(sql["effective_n"]).fetchall())
    by_name = {}
    for case_id, (name, want, rate) in expected.items():
        assert got[case_id] == pytest.approx(want, rel=1e-12), name
        by_name[name] = (got[case_id], rate)
    # the limit cases, by hand: G at a rate of 0 or 1 (the spread between problems cannot be
    # estimated) and for one problem; n at a zero SE (every problem at 7 of 25); n - 1 with one
    # trial per problem (t ratio 1, design effect n / (n - 1))
    assert by_name["zero_of_100"][0] == 5.0
    assert by_name["all_of_100"][0] == 5.0
    assert by_name["same_rate_each"][0] == 100.0
    assert by_name["one_problem"][0] == 1.0
    assert by_name["one_per_problem"][0] == pytest.approx(7.0, rel=1e-12)
    # few problems shrink n_eff: (t_99 / t_4)^2 = 0.511 of the Kish value 99 for 1 of 100
    assert by_name["one_of_100"][0] == pytest.approx(
        99 * (stats.t.ppf(0.975, 99) / stats.t.ppf(0.975, 4)) ** 2, rel=1e-9
    )
    # and hardly at all for 60 problems: (t_1199 / t_59)^2 = 0.96
    assert by_name["one_of_1200"][0] / 1200 == pytest.approx(
        (stats.t.ppf(0.975, 1199) / stats.t.ppf(0.975, 59)) ** 2, rel=1e-2
    )

    def bounds(name: str) -> tuple[float, float]:
        n_eff, rate = by_name[name]
        low, high = proportion_confint(rate * n_eff, n_eff, alpha=0.05, method="wilson")
        return float(low), float(high)

    assert bounds("one_of_100")[1] == pytest.approx(0.0881, abs=1e-4)
    assert bounds("zero_of_100")[1] == pytest.approx(0.4345, abs=1e-4)
    # a missing input is NULL, never the cap n in its place (DuckDB's least() skips NULLs)
    assert con.sql(sql["effective_n_nulls"]).fetchall()[0] == (None,) * 5


# --------------------------------------------------------------------------- normality


def test_jarque_bera_and_dagostino(sql, con):
    rng = np.random.default_rng(5)
    samples = {
        0: rng.normal(size=20),
        1: rng.normal(size=120),
        2: rng.exponential(size=60),
        3: rng.uniform(size=35),
        4: rng.standard_t(3, size=200),
        5: (rng.uniform(size=50) < 0.8),
        6: rng.normal(size=19),
        7: np.ones(30),
        8: -rng.exponential(size=80),
    }
    con.execute("create table samples (sample_id int, x double)")
    for sid, xs in samples.items():
        con.executemany("insert into samples values (?, ?)", [(sid, float(v)) for v in xs])
    rows = {r[0]: r[1:] for r in con.sql(sql["normality"]).fetchall()}
    errs = []
    for sid, xs in samples.items():
        jb, jb_p, k2, k2_p = rows[sid]
        xs = np.asarray(xs, dtype=float)
        if sid == 7:  # constant sample: m2 = 0
            assert (jb, jb_p, k2, k2_p) == (None, None, None, None)
            continue
        ref_jb = stats.jarque_bera(xs)
        assert jb == pytest.approx(ref_jb.statistic, rel=1e-11)
        assert jb_p == pytest.approx(ref_jb.pvalue, rel=1e-9, abs=1e-15)
        errs.append(abs(jb / ref_jb.statistic - 1))
        if len(xs) < 20:
            assert k2 is None and k2_p is None
            continue
        ref_k2 = stats.normaltest(xs)
        assert k2 == pytest.approx(ref_k2.statistic, rel=1e-11)
        assert k2_p == pytest.approx(ref_k2.pvalue, rel=1e-9, abs=1e-15)
        errs.append(abs(k2 / ref_k2.statistic - 1))
    print(f"\nJB / K2 max rel error {max(errs):.2e}")


# --------------------------------------------------------------------------- F tail, Brown-Forsythe


def test_f_sf(sql, con):
    fs = [0.05, 0.5, 1.0, 1.7, 3.0, 7.5, 25.0]
    d1s = [*range(1, 12), 20, 59]
    # d2 above 1,000 takes the continued fraction (regularized_incomplete_beta); 1,000 the sums
    d2s = [1, 2, 3, 4, 5, 8, 9, 30, 57, 118, 119, 1000, 1001, 1318, 31_001, 1_579_596, 3_779_910]
    con.execute(
        "create table f_grid as select f::double as f, d1::int as d1, d2::int as d2 "
        "from unnest(?) as a(f), unnest(?) as b(d1), unnest(?) as c(d2)",
        [fs, d1s, d2s],
    )
    rows = con.sql(sql["f_sf"]).fetchall()
    f, d1, d2, q = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    ref = stats.f.sf(f, d1, d2)
    # the finite sums (d1, d2 <= 1,000) to 1e-12 absolute; the continued fraction above, to 5e-11
    # (measured 1.9e-11 at 1.6M df); 1e-9 relative wherever Q > 1e-4
    series = np.maximum(d1, d2) <= 1000
    err = assert_close(q[series], ref[series], rtol=0, atol=1e-12, what="f_sf abs")
    err_cf = assert_close(q[~series], ref[~series], rtol=0, atol=5e-11, what="f_sf cf abs")
    big = ref > 1e-4
    assert_close(q[big], ref[big], rtol=1e-9, atol=0, what="f_sf rel")
    print(
        f"\nf_sf max abs error {err:.2e} (sums), {err_cf:.2e} (continued fraction)"
        f" over {len(rows)} (f, d1, d2)"
    )
    f0, nonint, d0, f_null, d1_null, d2_null = con.sql(sql["f_sf_edges"]).fetchall()[0]
    assert f0 == 1.0 and nonint is None and d0 is None
    # NULL in, NULL out (DuckDB's least(1.0, NULL) is 1.0: a clamp must not turn NULL into 1)
    assert f_null is None and d1_null is None and d2_null is None


def test_f_sf_large_df_fallback_and_large_ratio(sql, con):
    """Rows the continued fraction does not finish in its 200 iterations (d1 = 50,000 near f = 1,
    found by a reviewer's port) must fall back to the finite sums, not become 1.0; a huge d1 f / d2
    exercises log1p_sql above u = 1."""
    rows = [(1.0, 50_000, 3_779_910), (1.02, 50_000, 3_779_910), (1e6, 5_000, 1), (1e6, 5_000, 10)]
    con.execute("create table f_large (f double, d1 int, d2 int)")
    con.executemany("insert into f_large values (?, ?, ?)", rows)
    got = con.sql(sql["f_sf_large"]).fetchall()
    for f, d1, d2, q in got:
        ref = stats.f.sf(f, d1, d2)
        assert q is not None and q == pytest.approx(ref, rel=1e-7, abs=1e-12), (f, d1, d2, q, ref)


def test_regularized_incomplete_beta(sql, con):
    from scipy import special

    grid = [
        (a, b, x)
        for a in (0.5, 1.0, 2.5, 30.0, 1_000.0, 1.9e6)
        for b in (0.5, 3.0, 58.5, 1_000.0)
        for x in (1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999)
    ]
    con.execute("create table beta_grid (a double, b double, x double)")
    con.executemany("insert into beta_grid values (?, ?, ?)", grid)
    rows = con.sql(sql["incomplete_beta"]).fetchall()
    a, b, x, i = (np.array(c, dtype=float) for c in zip(*[r[:4] for r in rows], strict=True))
    ref = special.betainc(a, b, x)
    err = assert_close(i, ref, rtol=0, atol=5e-11, what="regularized_incomplete_beta abs")
    print(f"\nregularized_incomplete_beta max abs error {err:.2e} over {len(rows)} (a, b, x)")
    # two iterations do not converge where the fraction needs more (a = b = 1,000 at x = 0.5)
    two = {(r[0], r[1], r[2]): r[4] for r in rows}
    assert two[(1_000.0, 1_000.0, 0.5)] is None


def test_brown_forsythe(sql, con):
    rng = np.random.default_rng(9)
    groups = {
        ("x", "g1"): rng.normal(0, 1, 15),
        ("x", "g2"): rng.normal(0, 2, 22),
        ("x", "g3"): rng.normal(1, 1, 9),
        ("y", "g1"): (rng.uniform(size=60) < 0.7).astype(float),
        ("y", "g2"): (rng.uniform(size=60) < 0.5).astype(float),
    }
    con.execute("create table bf_data (fam varchar, grp varchar, y double)")
    for (fam, grp), ys in groups.items():
        con.executemany("insert into bf_data values (?, ?, ?)", [(fam, grp, float(v)) for v in ys])
    con.execute("insert into bf_data values ('x', 'g1', null)")
    rows = {r[0]: r[1:] for r in con.sql(sql["brown_forsythe"]).fetchall()}
    for fam in ("x", "y"):
        data = [v for (f, _), v in groups.items() if f == fam]
        ref = stats.levene(*data, center="median")
        k, n_total, w, df1, df2, p = rows[fam]
        assert (k, n_total, df1, df2) == (
            len(data),
            sum(map(len, data)),
            len(data) - 1,
            sum(map(len, data)) - len(data),
        )
        assert w == pytest.approx(ref.statistic, rel=1e-10)
        assert p == pytest.approx(ref.pvalue, rel=1e-9)
    (only,) = con.sql(sql["brown_forsythe_nofam"]).fetchall()
    # without family columns every group name is one group across families (g1, g2, g3)
    pooled = [
        np.concatenate([v for (_, g), v in groups.items() if g == name])
        for name in ("g1", "g2", "g3")
    ]
    ref = stats.levene(*pooled, center="median")
    assert only[2] == pytest.approx(ref.statistic, rel=1e-10)
    assert only[5] == pytest.approx(ref.pvalue, rel=1e-9)


# --------------------------------------------------------------------------- generic data test


def test_unique_combination_of_columns_finds_every_repeat(sql, con):
    """The hash-first test returns exactly the repeated combinations, with their counts (NULLs group
    together, as in GROUP BY), checked against a Counter over the same rows; a table without a
    repeat passes."""
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(5000):
        k1 = None if rng.random() < 0.05 else f"m{rng.integers(0, 20)}"
        k2 = None if rng.random() < 0.05 else int(rng.integers(0, 30))
        k3 = None if rng.random() < 0.05 else str(rng.integers(0, 5))
        rows.append((k1, k2, k3))
    con.execute("create table uc_data (k1 varchar, k2 bigint, k3 varchar)")
    con.executemany("insert into uc_data values (?, ?, ?)", rows)
    from collections import Counter

    expected = sorted(
        ((*key, n) for key, n in Counter(rows).items() if n > 1),
        key=lambda r: tuple((v is None, v) for v in r),
    )
    got = sorted(
        con.execute(sql["unique_combination"]).fetchall(),
        key=lambda r: tuple((v is None, v) for v in r),
    )
    assert len(expected) > 100
    assert got == expected
    con.execute("create or replace table uc_data as select distinct * from uc_data")
    assert con.execute(sql["unique_combination"]).fetchall() == []
