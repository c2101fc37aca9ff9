"""fct_derived_vs_base on the project's frame, against an independent oracle (1e-9).

The oracle (test_descriptive_oracle.oracle_derived_vs_base) parses the input CSV in Python, pools
each model's attempts per problem (per parallelism model, and over all of them for scope 'all'),
pairs the derived model with its registry base on the problems both answered and computes the
paired risk difference with statsmodels (OLS on a constant, cov_type='cluster', one cluster per
problem) for the SE and scipy (ttest_rel, t.ppf) for the test and the interval. It runs here on a
generated multi-sample file with partial coverage (both derived pairs of the registry, five samples
per prompt) and on degenerate inputs with exact expected values; test_descriptive_oracle runs it on
the bundled sample and the real file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from dbt_builds import Build
from paired_inputs import attempt, build_selection, partial_coverage_build, write_csv
from paired_inputs import problems as catalog_problems
from test_descriptive_oracle import compare, mart_rows, oracle_derived_vs_base, parse

SELECTION = "+fct_derived_vs_base"
GRAIN = ["model_name", "scope"]


@pytest.fixture(scope="module")
def multi_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """The 11 real model names x 12 problems x 7 parallelism models x 5 samples; H2LooP v0.1-coder
    (derived from Qwen 2.5 Coder) answers only the first 9 problems, Qwen drops its MPI prompts and
    H2LooP v0.1-multimodal (derived from Gemma3) has 2 samples on one prompt."""

    def dropped(r: dict, problems: list[str]) -> bool:
        return (
            (r["model"] == "H2LooP v0.1-coder" and r["problem_name"] not in problems[:9])
            or (r["model"] == "Qwen 2.5 Coder" and r["parallelism_model"] == "mpi")
            or (
                r["model"] == "H2looP v0.1-multimodal"
                and (r["problem_name"], r["parallelism_model"]) == (problems[0], "serial")
                and int(r["sample_id"]) >= 2
            )
        )

    return partial_coverage_build(
        tmp_path_factory.mktemp("derived_multi_sample"), SELECTION, dropped
    )


@pytest.fixture
def multi_sample_db(multi_sample: tuple[Build, Path]) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(multi_sample[0].db), read_only=True) as connection:
        yield connection


def test_multi_sample_partial_coverage_matches_oracle(
    multi_sample: tuple[Build, Path], multi_sample_db: duckdb.DuckDBPyConnection
) -> None:
    oracle = oracle_derived_vs_base(parse(multi_sample[1]))
    ours = mart_rows(multi_sample_db, "fct_derived_vs_base", GRAIN)
    compare("fct_derived_vs_base", ours, oracle)
    coder = ours[("H2LooP v0.1-coder", "all")]
    assert coder["n_shared_problems"] == 9  # the problems both answered, not the derived model's 12
    assert ("H2LooP v0.1-coder", "mpi") not in ours  # the base has no MPI prompt
    tested = [r for r in ours.values() for m in ("build", "pass") if r[f"{m}_p_value"] is not None]
    assert len(tested) >= 10


def test_significant_exactly_when_the_interval_excludes_zero(
    multi_sample_db: duckdb.DuckDBPyConnection,
) -> None:
    for row in mart_rows(multi_sample_db, "fct_derived_vs_base", GRAIN).values():
        for metric in ("build", "pass"):
            p = row[f"{metric}_p_value"]
            if p is None:
                assert row[f"{metric}_ci_low"] is None and row[f"{metric}_is_significant"] is None
                continue
            excludes = row[f"{metric}_ci_low"] > 0 or row[f"{metric}_ci_high"] < 0
            assert row[f"{metric}_is_significant"] == excludes == (p < 1 - row["confidence_level"])


@pytest.fixture(scope="module")
def degenerate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """H2LooP v0.1-coder vs its base Qwen 2.5 Coder, one sample per prompt: serial, 3 shared
    problems, both build all,
    derived passes all 3 and the base none (constant difference 1: no t test); omp, one shared
    problem (no variance); Gemma3 without its derived model (no row)."""
    problems = catalog_problems(3)
    rows = []
    for problem in problems:
        rows.append(attempt("H2LooP v0.1-coder", problem, "serial", True, True))
        rows.append(attempt("Qwen 2.5 Coder", problem, "serial", True, False))
    rows.append(attempt("H2LooP v0.1-coder", problems[0], "omp", True, True))
    rows.append(attempt("Qwen 2.5 Coder", problems[0], "omp", False, False))
    rows.append(attempt("Gemma3", problems[0], "serial", True, True))
    workdir = tmp_path_factory.mktemp("derived_degenerate")
    path = write_csv(workdir / "degenerate.csv", list(rows[0]), rows)
    return build_selection(workdir, path, SELECTION), path


def test_degenerate_inputs_match_oracle_and_exact_values(degenerate: tuple[Build, Path]) -> None:
    build, path = degenerate
    with duckdb.connect(str(build.db), read_only=True) as db:
        ours = mart_rows(db, "fct_derived_vs_base", GRAIN)
    compare("fct_derived_vs_base", ours, oracle_derived_vs_base(parse(path)))
    assert set(ours) == {("H2LooP v0.1-coder", s) for s in ("serial", "omp", "all")}
    serial = ours[("H2LooP v0.1-coder", "serial")]
    assert (serial["n_shared_problems"], serial["pass_rate"], serial["base_pass_rate"]) == (3, 1, 0)
    assert serial["pass_difference"] == 1 and serial["pass_se"] == 0
    assert serial["pass_p_value"] is None and serial["pass_ci_low"] is None
    assert serial["pass_test_null_reason"] == (
        "every shared problem has the same difference: t undefined"
    )
    assert serial["build_difference"] == 0 and serial["build_p_value"] is None
    omp = ours[("H2LooP v0.1-coder", "omp")]
    assert (omp["n_shared_problems"], omp["build_difference"], omp["build_se"]) == (1, 1, None)
    assert omp["build_test_null_reason"] == "one shared problem: no variance estimate"
    combined = ours[("H2LooP v0.1-coder", "all")]
    # scope 'all' pools the first problem's serial and omp attempts: the base built 1 of 2 there
    assert combined["build_rate"] == 1 and combined["base_build_rate"] == pytest.approx(5 / 6)
    assert combined["pass_difference"] == 1 and combined["pass_p_value"] is None
