"""The test oracles' cluster-robust SE of a mean (statsmodels) and the effective sample size built
on it, shared by test_rates_oracle (fct_success_rates, fct_pass_at_k) and test_descriptive_oracle
(fct_domain_rates). Independent of the SQL: statsmodels' OLS on a constant with cov_type='cluster'.
"""

from __future__ import annotations

import numpy as np
import statsmodels.api as sm
from scipy import stats


def statsmodels_cluster_se(values: list[float], clusters: list[str]) -> float | None:
    """SE of the mean: statsmodels OLS y ~ 1, cov_type='cluster' (CR1: G/(G-1)·(N-1)/(N-K))."""
    groups = sorted(set(clusters))
    if len(values) == 0 or len(groups) < 2:
        return None
    y = np.asarray(values, dtype=float)
    if np.all(y == y[0]):
        return 0.0  # statsmodels divides 0 by 0 in its scale here; the SE of a constant is 0
    codes = np.asarray([groups.index(c) for c in clusters])
    fit = sm.OLS(y, np.ones((len(y), 1))).fit(cov_type="cluster", cov_kwds={"groups": codes})
    # every problem at the same rate (e.g. 7 of 25 in each) is an SE of exactly 0, which statsmodels
    # returns as rounding noise (~1e-17): zero, as it is
    se = float(fit.bse[0])
    return se if se > 1e-12 else 0.0


def effective_n(rate: float, se: float | None, n: int, g: int, level: float = 0.95) -> float:
    """Effective sample size with Korn and Graubard's (1998) df adjustment, as R survey's
    svyciprop(method="beta") and the NCHS implementation (Parker et al. 2017):
    min(n, p(1-p)/se² · (t_{1-a/2, n-1} / t_{1-a/2, g-1})²), t from scipy; g (each problem one
    trial) when p is 0 or 1 or g < 2 (where the NCHS implementation takes n at p 0 or 1); n when se
    is 0 with 0 < p < 1 (every problem at the same rate)."""
    if rate in (0.0, 1.0) or g < 2 or se is None:
        return float(g)
    if se == 0:
        return float(n)
    q = 1 - (1 - level) / 2
    factor = (stats.t.ppf(q, n - 1) / stats.t.ppf(q, g - 1)) ** 2
    return min(float(n), rate * (1 - rate) / (se * se) * factor)
