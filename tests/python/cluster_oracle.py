"""The test oracles' cluster-robust SE of a mean (statsmodels) and the effective sample size built
on it, shared by test_rates_oracle (fct_success_rates, fct_pass_at_k) and test_descriptive_oracle
(fct_domain_rates). Independent of the SQL: statsmodels' OLS on a constant with cov_type='cluster'.
"""

from __future__ import annotations

import numpy as np
import statsmodels.api as sm


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


def effective_n(rate: float, se: float | None, n: int, g: int) -> float:
    """n / design effect = min(n, p(1-p)/se²); g (each problem one trial) when not estimable."""
    if g >= 2 and se is not None and se > 0 and 0 < rate < 1:
        return min(float(n), rate * (1 - rate) / (se * se))
    return float(g)
