"""fct_parallelism_gaps against scipy/statsmodels, recomputed from the staged rows (not the mart):
serial vs each other parallelism model within a model, paired on shared problems, exact McNemar
(binomial test on the discordant problems) and Holm across models."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pytest
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests


def _oracle(db: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], dict[str, float]]:
    rows = db.sql(
        "select model_name, parallelism_model, problem_name, did_build, are_all_valid "
        "from stg_raw_metrics"
    ).fetchall()
    shares: dict[tuple[str, str, str], list[tuple[bool, bool]]] = defaultdict(list)
    for model, parallelism, problem, built, passed in rows:
        shares[(model, parallelism, problem)].append((built, passed))
    share = {
        key: {
            "build": sum(b for b, _ in outcomes) / len(outcomes),
            "pass": sum(p for _, p in outcomes) / len(outcomes),
        }
        for key, outcomes in shares.items()
    }
    results: dict[tuple[str, str, str], dict[str, float]] = {}
    for (model, parallelism, problem), values in share.items():
        if parallelism == "serial" or (model, "serial", problem) not in share:
            continue
        serial = share[(model, "serial", problem)]
        for metric in ("build", "pass"):
            entry = results.setdefault(
                (model, parallelism, metric),
                {"n_pairs": 0, "baseline_only": 0, "other_only": 0, "base": 0.0, "other": 0.0},
            )
            entry["n_pairs"] += 1
            entry["base"] += serial[metric]
            entry["other"] += values[metric]
            entry["baseline_only"] += serial[metric] > values[metric]
            entry["other_only"] += values[metric] > serial[metric]
    for entry in results.values():
        discordant = entry["baseline_only"] + entry["other_only"]
        entry["mcnemar_p"] = (
            1.0 if discordant == 0 else binomtest(entry["baseline_only"], discordant, 0.5).pvalue
        )
        entry["diff"] = (entry["base"] - entry["other"]) / entry["n_pairs"]
    families: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in results:
        families[(key[1], key[2])].append(key)
    for keys in families.values():
        adjusted = multipletests([results[k]["mcnemar_p"] for k in keys], method="holm")[1]
        for key, p in zip(keys, adjusted, strict=True):
            results[key]["holm_p"] = float(p)
    return results


@pytest.mark.parametrize("db_fixture", ["sample_db", "real_db"])
def test_gaps_equal_the_oracle(db_fixture: str, request: pytest.FixtureRequest):
    db = request.getfixturevalue(db_fixture)
    expected = _oracle(db)
    mart = db.sql(
        "select model_name, parallelism_model, metric, n_pairs, baseline_only, other_only, diff, "
        "mcnemar_p, holm_p from fct_parallelism_gaps"
    ).fetchall()
    assert len(mart) == len(expected) > 0
    for model, parallelism, metric, n_pairs, base_only, other_only, diff, p, holm in mart:
        want = expected[(model, parallelism, metric)]
        assert (n_pairs, base_only, other_only) == (
            want["n_pairs"],
            want["baseline_only"],
            want["other_only"],
        )
        assert diff == pytest.approx(want["diff"], abs=1e-12)
        assert p == pytest.approx(want["mcnemar_p"], abs=1e-9)
        assert holm == pytest.approx(want["holm_p"], abs=1e-9)
