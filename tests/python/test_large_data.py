"""Quick tests of scripts/make_large_data.py on small sizes (2 models x 1 sample = 840 rows).

No timing is asserted here: scripts/bench.py measures speed.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
import script_modules
from dbt_builds import INGEST_AND_ACCOUNTING, dbt_build

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "make_large_data.py"
N_MODELS, N_SAMPLES = 2, 1
N_ROWS = N_MODELS * 60 * 7 * N_SAMPLES
KEY = ("model", "problem_name", "parallelism_model", "sample_id")
MPI_FAMILY = ("mpi", "mpi+omp")


def load_script() -> ModuleType:
    return script_modules.load_script("make_large_data")


def generate(out: Path, *extra: str) -> str:
    command = [sys.executable, str(SCRIPT), "--out", str(out), *extra]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return completed.stdout


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Base path of a 2-model, 1-sample file written in both formats (.csv and .parquet)."""
    base = tmp_path_factory.mktemp("large_data") / "small"
    generate(base, "--models", str(N_MODELS), "--samples", str(N_SAMPLES), "--format", "both")
    return base


@pytest.fixture(scope="module")
def rows(small: Path) -> list[dict[str, str]]:
    with small.with_suffix(".csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def con(small: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"create view t as from read_parquet('{small}.parquet')")
    return connection


def test_row_count_and_columns(small: Path, rows: list[dict[str, str]]) -> None:
    module = load_script()
    assert len(rows) == N_ROWS
    assert list(rows[0]) == list(module.COLUMNS)
    with duckdb.connect() as connection:
        relation = connection.sql(f"from read_parquet('{small}.parquet')")
        assert relation.columns == list(module.COLUMNS)
        count = connection.execute(f"select count(*) from read_parquet('{small}.parquet')")
        assert count.fetchone() == (N_ROWS,)


def test_shape_covers_every_problem_and_parallelism_model(rows: list[dict[str, str]]) -> None:
    assert len({r["problem_name"] for r in rows}) == 60
    assert len({r["problem_type"] for r in rows}) == 12
    assert {r["parallelism_model"] for r in rows} == {
        "serial",
        "omp",
        "mpi",
        "mpi+omp",
        "kokkos",
        "cuda",
        "hip",
    }
    assert {r["model"] for r in rows} == {"H2LooP v0.1-coder", "Gemini Flash"}


def test_generated_model_names_follow_the_real_ones(tmp_path: Path) -> None:
    generate(
        tmp_path / "m", "--models", "13", "--samples", "1", "--problems", "1", "--format", "csv"
    )
    with (tmp_path / "m.csv").open(newline="", encoding="utf-8") as handle:
        models = list(dict.fromkeys(r["model"] for r in csv.DictReader(handle)))
    assert models[0] == "H2LooP v0.1-coder"
    assert len(models) == 13 and models[11:] == ["model-0011", "model-0012"]


def test_keys_are_unique(rows: list[dict[str, str]]) -> None:
    keys = [tuple(r[k] for k in KEY) for r in rows]
    assert len(set(keys)) == len(keys)


def test_same_seed_same_bytes_other_seed_other_bytes(small: Path, tmp_path: Path) -> None:
    shape = ("--models", str(N_MODELS), "--samples", str(N_SAMPLES), "--format", "csv")
    generate(tmp_path / "again", *shape)
    generate(tmp_path / "other", *shape, "--seed", "7")
    original = small.with_suffix(".csv").read_bytes()
    assert (tmp_path / "again.csv").read_bytes() == original
    assert (tmp_path / "other.csv").read_bytes() != original


def test_csv_and_parquet_hold_the_same_rows(small: Path, con: duckdb.DuckDBPyConnection) -> None:
    csv_typed = f"read_csv('{small}.csv', header = true)"
    for left, right in ((csv_typed, "t"), ("t", csv_typed)):
        difference = con.execute(f"select count(*) from (from {left} except all from {right})")
        assert difference.fetchone() == (0,)


def test_csv_quirks(rows: list[dict[str, str]]) -> None:
    module = load_script()
    for column in module.BOOLEAN_COLUMNS:
        assert {r[column] for r in rows} <= {"True", "False"}
    assert {r["source_write_success"] for r in rows} == {"True"}
    assert {r["is_source_valid"] for r in rows} == {"True"}
    # The reference model leaves response_time blank, as in the sample.
    assert {r["response_time"] for r in rows if r["model"] == "H2LooP v0.1-coder"} == {""}
    assert any(r["best_runtime"] == "" for r in rows)
    assert any(0 < float(r["best_runtime"]) < 1e-7 for r in rows if r["best_runtime"])


def test_tokens_are_floats_where_present(tmp_path: Path) -> None:
    generate(
        tmp_path / "tok", "--models", "11", "--samples", "1", "--problems", "2", "--format", "csv"
    )
    with (tmp_path / "tok.csv").open(newline="", encoding="utf-8") as handle:
        tokens = [r for r in csv.DictReader(handle) if r["total_tokens"]]
    assert {r["model"] for r in tokens} == {
        "H2looP v0.1-multimodal",
        "Qwen 2.5 Coder",
        "deepseek_coder_v2lite",
    }
    assert all(
        r["total_tokens"].endswith(".0") and r["prompt_tokens"].endswith(".0") for r in tokens
    )
    assert all(float(r["total_tokens"]) > float(r["prompt_tokens"]) for r in tokens)


def test_outcome_flags_follow_the_implication_chain(con: duckdb.DuckDBPyConnection) -> None:
    broken = con.execute("""
        select count(*) from t
        where (did_build and not source_write_success)
            or (did_any_run and not did_build)
            or (did_all_run and not did_any_run)
            or (are_any_valid and not did_any_run)
            or (are_all_valid and not (are_any_valid and did_all_run))
    """)
    assert broken.fetchone() == (0,)
    # Every flag takes both values somewhere, so the chain is not vacuous.
    flags = con.execute("""
        select count(distinct did_build), count(distinct did_any_run), count(distinct did_all_run),
            count(distinct are_any_valid), count(distinct are_all_valid) from t
    """).fetchone()
    assert flags == (2, 2, 2, 2, 2)


def test_measurements_follow_the_run_rules(con: duckdb.DuckDBPyConnection) -> None:
    mpi = ", ".join(f"'{pm}'" for pm in MPI_FAMILY)
    violations = con.execute(f"""
        select
            count_if((best_runtime is not null) <> are_any_valid),
            count_if((avg_runtime is not null) <> are_any_valid),
            count_if(best_runtime > avg_runtime + 1e-12),
            count_if((num_successful_runs > 0) <> are_any_valid),
            count_if(parallelism_model not in ({mpi}) and num_successful_runs > 1),
            count_if(parallelism_model not in ({mpi})
                and (speedup_2proc is not null or speedup_4proc is not null)),
            count_if(speedup_2proc is not null and num_successful_runs < 2),
            count_if(speedup_2proc <= 0 or speedup_4proc <= 0)
        from t
    """).fetchone()
    assert violations == (0,) * 8
    speedups = con.execute(
        f"select count(speedup_2proc), count(speedup_4proc) from t "
        f"where parallelism_model in ({mpi})"
    ).fetchone()
    assert speedups is not None and min(speedups) > 0


def test_rows_option_picks_a_nearby_shape() -> None:
    module = load_script()
    for target in (1_000, 840_000, 1_000_000, 5_000_000):
        size = module.size_for_rows(target, 60)
        assert abs(size.rows - target) <= 60 * 7 * size.samples / 2 + 1
        assert 1 <= size.samples <= 20
    fixed = module.size_for_rows(5_000_000, 60, 119)
    assert (fixed.models, fixed.samples) == (119, 100)


@pytest.mark.parametrize(
    ("suffix", "select"),
    [(".parquet", None), (".csv", INGEST_AND_ACCOUNTING)],
    ids=["parquet", "csv"],
)
def test_dbt_build_keeps_or_rejects_every_row(
    small: Path, suffix: str, select: str | None, tmp_path: Path
) -> None:
    """The Parquet file through every model and dbt test; the same rows as CSV through ingest and
    the accounting marts (the rows are the same: test_csv_and_parquet_hold_the_same_rows)."""
    build = dbt_build(tmp_path, {"raw_metrics_path": str(small.with_suffix(suffix))}, select)
    assert build.returncode == 0, build.stdout[-4000:]
    with duckdb.connect(str(build.db), read_only=True) as connection:
        kept = connection.execute("select count(*) from stg_raw_metrics").fetchone()
        rejected = connection.execute("select count(*) from stg_raw_metrics_rejected").fetchone()
    assert kept is not None and rejected is not None
    assert kept[0] + rejected[0] == N_ROWS
    assert rejected[0] == 0
