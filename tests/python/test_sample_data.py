"""Tests for scripts/make_sample_data.py and the committed sample seeds/raw_metrics.csv."""

import csv
import hashlib
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import script_modules

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "make_sample_data.py"
SAMPLE = REPO_ROOT / "seeds" / "raw_metrics.csv"
CALIBRATION = REPO_ROOT / "seeds" / "sample_calibration.csv"
PROBLEMS = REPO_ROOT / "seeds" / "pareval_problems.csv"
REAL = REPO_ROOT.parent / "shared" / "data" / "h2loop-r1" / "raw_metrics.csv"

EXPECTED_COLUMNS = [
    "model",
    "problem_type",
    "problem_name",
    "parallelism_model",
    "response_time",
    "total_tokens",
    "prompt_tokens",
    "source_write_success",
    "did_build",
    "is_source_valid",
    "did_any_run",
    "did_all_run",
    "are_any_valid",
    "are_all_valid",
    "best_runtime",
    "avg_runtime",
    "speedup_2proc",
    "speedup_4proc",
    "num_successful_runs",
]
FLAGS = ["did_build", "did_any_run", "did_all_run", "are_any_valid", "are_all_valid"]
CALIBRATION_COLUMNS = ["model", "parallelism_model", "n_rows", *(f"n_{f}" for f in FLAGS)]
NO_RESPONSE_TIME = {"Gemini Flash", "Gemini Pro", "H2LooP v0.1-coder"}
WITH_TOKENS = {"H2looP v0.1-multimodal", "Qwen 2.5 Coder", "deepseek_coder_v2lite"}
BOOLEAN_COLUMNS = ["source_write_success", "is_source_valid", *FLAGS]
FLOAT_COLUMNS = [
    "response_time",
    "total_tokens",
    "prompt_tokens",
    "best_runtime",
    "avg_runtime",
    "speedup_2proc",
    "speedup_4proc",
]


def load_script() -> ModuleType:
    return script_modules.load_script("make_sample_data")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def sample() -> list[dict[str, str]]:
    return read_csv(SAMPLE)[1]


@pytest.fixture(scope="module")
def calibration() -> list[dict[str, str]]:
    return read_csv(CALIBRATION)[1]


def is_true(value: str) -> bool:
    return value == "True"


def count_flags(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[int]]:
    """Per (model, parallelism_model): [n_rows, n True for each flag], in file order."""
    counts: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        tally = counts.setdefault((row["model"], row["parallelism_model"]), [0] * 6)
        tally[0] += 1
        for index, flag in enumerate(FLAGS, start=1):
            tally[index] += is_true(row[flag])
    return counts


def generate(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "raw_metrics.csv"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--out",
            str(out),
            "--calibration",
            str(CALIBRATION),
            "--problems",
            str(PROBLEMS),
            *extra,
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    return out


# ---------------------------------------------------------------- reproducibility


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    out = generate(tmp_path)
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_default_paths_regenerate_the_committed_sample(tmp_path: Path) -> None:
    """main() with only --out uses the committed calibration and problem list."""
    out = tmp_path / "sample.csv"
    assert load_script().main(["--out", str(out)]) == 0
    assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(SAMPLE.read_bytes()).digest()


def test_other_seed_gives_other_sample_with_same_counts(tmp_path: Path) -> None:
    out = generate(tmp_path, "--seed", "7")
    other = read_csv(out)[1]
    assert out.read_bytes() != SAMPLE.read_bytes()
    assert count_flags(other) == count_flags(read_csv(SAMPLE)[1])


def test_sample_uses_unix_line_ends() -> None:
    data = SAMPLE.read_bytes()
    assert b"\r" not in data
    assert data.endswith(b"\n")


# ---------------------------------------------------------------- shape and counts


def test_header_and_shape(sample: list[dict[str, str]]) -> None:
    header, _ = read_csv(SAMPLE)
    assert header == EXPECTED_COLUMNS
    assert len(sample) == 1320
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        assert {len(row) for row in csv.reader(handle)} == {19}


def test_every_problem_model_and_parallelism_once(
    sample: list[dict[str, str]], calibration: list[dict[str, str]]
) -> None:
    problems = {row["problem_name"]: row["problem_type"] for row in read_csv(PROBLEMS)[1]}
    models = {row["model"] for row in calibration}
    assert len(problems) == 60 and len(models) == 11
    keys = Counter((r["model"], r["problem_name"], r["parallelism_model"]) for r in sample)
    assert max(keys.values()) == 1
    assert set(keys) == {(m, p, pm) for m in models for p in problems for pm in ("mpi", "serial")}
    assert all(problems[r["problem_name"]] == r["problem_type"] for r in sample)


def test_rows_grouped_by_model_mpi_then_serial(
    sample: list[dict[str, str]], calibration: list[dict[str, str]]
) -> None:
    model_runs = [sample[0]["model"]]
    for row in sample[1:]:
        if row["model"] != model_runs[-1]:
            model_runs.append(row["model"])
    assert model_runs == list(dict.fromkeys(row["model"] for row in calibration))
    for mpi_row, serial_row in zip(sample[::2], sample[1::2], strict=True):
        assert (mpi_row["parallelism_model"], serial_row["parallelism_model"]) == ("mpi", "serial")
        assert mpi_row["problem_name"] == serial_row["problem_name"]


def test_calibration_table_shape(calibration: list[dict[str, str]]) -> None:
    header, _ = read_csv(CALIBRATION)
    assert header == CALIBRATION_COLUMNS
    assert len(calibration) == 22
    assert Counter(row["parallelism_model"] for row in calibration) == {"mpi": 11, "serial": 11}


def test_counts_equal_calibration(
    sample: list[dict[str, str]], calibration: list[dict[str, str]]
) -> None:
    expected = {
        (row["model"], row["parallelism_model"]): [
            int(row[column]) for column in CALIBRATION_COLUMNS[2:]
        ]
        for row in calibration
    }
    assert count_flags(sample) == expected


# ---------------------------------------------------------------- row rules


def test_booleans_and_always_true_columns(sample: list[dict[str, str]]) -> None:
    for row in sample:
        assert all(row[column] in ("True", "False") for column in BOOLEAN_COLUMNS)
        assert row["source_write_success"] == "True"
        assert row["is_source_valid"] == "True"


def test_implication_chain(sample: list[dict[str, str]]) -> None:
    for row in sample:
        flag = {column: is_true(row[column]) for column in BOOLEAN_COLUMNS}
        assert flag["source_write_success"] or not flag["did_build"]
        assert flag["did_build"] or not flag["did_any_run"]
        assert flag["did_any_run"] or not flag["did_all_run"]
        assert flag["did_any_run"] or not flag["are_any_valid"]
        assert (flag["are_any_valid"] and flag["did_all_run"]) or not flag["are_all_valid"]


def test_serial_rows_have_one_run_and_no_speedup(sample: list[dict[str, str]]) -> None:
    for row in (r for r in sample if r["parallelism_model"] == "serial"):
        valid = is_true(row["are_all_valid"])
        assert row["did_all_run"] == row["did_any_run"]
        assert row["are_any_valid"] == row["are_all_valid"]
        assert row["num_successful_runs"] == ("1" if valid else "0")
        assert row["speedup_2proc"] == row["speedup_4proc"] == ""
        assert (row["best_runtime"] != "") == valid
        assert row["best_runtime"] == row["avg_runtime"]


def test_mpi_runs_flags_and_speedups(sample: list[dict[str, str]]) -> None:
    for row in (r for r in sample if r["parallelism_model"] == "mpi"):
        runs = int(row["num_successful_runs"])
        sp2, sp4 = row["speedup_2proc"] != "", row["speedup_4proc"] != ""
        assert 0 <= runs <= 3
        assert (runs == 3) == is_true(row["are_all_valid"]) == (sp2 and sp4)
        assert (runs >= 1) == is_true(row["are_any_valid"]) == (row["best_runtime"] != "")
        if runs <= 1:
            assert not sp2 and not sp4
        if runs == 2 and not is_true(row["did_all_run"]):
            # np=1 and one other run valid, the third crashed: exactly one speedup.
            assert sp2 != sp4


def test_runtimes_are_min_and_mean_of_valid_runs(sample: list[dict[str, str]]) -> None:
    for row in (r for r in sample if r["best_runtime"]):
        best, avg = float(row["best_runtime"]), float(row["avg_runtime"])
        assert 0.0 <= best <= avg
        if row["num_successful_runs"] == "1":
            assert best == avg
        if row["num_successful_runs"] == "3":
            t1 = 3 * avg / (1 + 1 / float(row["speedup_2proc"]) + 1 / float(row["speedup_4proc"]))
            times = (t1, t1 / float(row["speedup_2proc"]), t1 / float(row["speedup_4proc"]))
            assert min(times) == pytest.approx(best, rel=1e-9)


def test_value_ranges(sample: list[dict[str, str]]) -> None:
    serial = [
        float(r["best_runtime"])
        for r in sample
        if r["parallelism_model"] == "serial" and r["best_runtime"]
    ]
    mpi = [
        float(r["best_runtime"])
        for r in sample
        if r["parallelism_model"] == "mpi" and r["best_runtime"]
    ]
    speedups = [float(r[c]) for r in sample for c in ("speedup_2proc", "speedup_4proc") if r[c]]
    assert 0.0 in serial and sum(t < 1e-6 for t in serial) >= 20 and max(serial) <= 0.5
    assert min(mpi) > 0.0 and 0.001 < statistics.median(mpi) < 0.1
    assert min(speedups) > 0.05 and max(speedups) < 5.0
    assert 0.3 <= statistics.median(speedups) <= 4.0


def test_real_file_quirks_are_present(sample: list[dict[str, str]]) -> None:
    mpi = [r for r in sample if r["parallelism_model"] == "mpi"]
    partial = [
        (r["did_all_run"], r["speedup_2proc"] != "", r["speedup_4proc"] != "")
        for r in mpi
        if r["num_successful_runs"] == "2"
    ]
    assert ("False", True, False) in partial  # np=4 crashed
    assert ("False", False, True) in partial  # np=2 crashed
    assert ("True", False, False) in partial  # np=1 invalid
    assert any(r["did_all_run"] == "True" and r["num_successful_runs"] == "1" for r in mpi)


# ---------------------------------------------------------------- blanks and formats


def test_blank_patterns_per_model(sample: list[dict[str, str]]) -> None:
    for row in sample:
        assert (row["response_time"] == "") == (row["model"] in NO_RESPONSE_TIME)
        assert (row["total_tokens"] != "") == (row["model"] in WITH_TOKENS)
        assert (row["prompt_tokens"] != "") == (row["model"] in WITH_TOKENS)


def test_token_format_and_order(sample: list[dict[str, str]]) -> None:
    rows = [r for r in sample if r["total_tokens"]]
    assert len(rows) == 360
    for row in rows:
        for column in ("total_tokens", "prompt_tokens"):
            whole, dot, zero = row[column].partition(".")
            assert whole.isdigit() and (dot, zero) == (".", "0"), row[column]
        assert int(float(row["prompt_tokens"])) < int(float(row["total_tokens"]))


def test_floats_round_trip_and_response_times_plausible(sample: list[dict[str, str]]) -> None:
    for row in sample:
        for column in FLOAT_COLUMNS:
            if row[column]:
                assert repr(float(row[column])) == row[column], (column, row[column])
    times = [float(r["response_time"]) for r in sample if r["response_time"]]
    assert min(times) > 0.1 and max(times) < 600.0


# ---------------------------------------------------------------- latent structure


def test_outcomes_correlate_across_models_and_variants(sample: list[dict[str, str]]) -> None:
    valid = {
        (r["model"], r["problem_name"], r["parallelism_model"]): float(is_true(r["are_all_valid"]))
        for r in sample
    }
    models = sorted({key[0] for key in valid})
    problems = sorted({key[1] for key in valid})
    serial = [valid[(m, p, "serial")] for m in models for p in problems]
    mpi = [valid[(m, p, "mpi")] for m in models for p in problems]
    assert statistics.correlation(serial, mpi) > 0.2
    rates = {m: [valid[(m, p, "serial")] for p in problems] for m in models}
    pairs = [
        statistics.correlation(rates[a], rates[b])
        for a in models
        for b in models
        if a < b and statistics.pstdev(rates[a]) > 0 and statistics.pstdev(rates[b]) > 0
    ]
    assert statistics.mean(pairs) > 0.1


def test_inconsistent_calibration_is_rejected() -> None:
    module = load_script()
    table = module.read_calibration(CALIBRATION)
    serial = next(cal for cal in table if cal.parallelism_model == "serial")
    broken = module.Calibration(
        serial.model,
        "serial",
        serial.n_rows,
        {**serial.counts, "did_all_run": serial.counts["did_any_run"] - 1},
    )
    with pytest.raises(ValueError, match="serial sample has one run"):
        module.check_calibration([broken if cal is serial else cal for cal in table], 60)
    too_many = module.Calibration(
        serial.model, "serial", serial.n_rows, {**serial.counts, "did_build": serial.n_rows + 1}
    )
    with pytest.raises(ValueError, match="did_build"):
        module.check_calibration([too_many if cal is serial else cal for cal in table], 60)


# ---------------------------------------------------------------- provenance


def test_calibration_equals_counts_of_real_file(
    calibration: list[dict[str, str]], tmp_path: Path
) -> None:
    if not REAL.exists():
        pytest.skip(f"real file not available at {REAL} (fresh clone without ../shared)")
    expected = [
        [model, pm, *map(str, tally)]
        for (model, pm), tally in count_flags(read_csv(REAL)[1]).items()
    ]
    assert [[row[c] for c in CALIBRATION_COLUMNS] for row in calibration] == expected
    derived = tmp_path / "calibration.csv"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--derive-calibration",
            str(REAL),
            "--calibration",
            str(derived),
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    assert derived.read_bytes() == CALIBRATION.read_bytes()


def test_seed_meta_records_the_sample_hash():
    """fct_dataset_card knows the synthetic sample by the sha256 recorded in seeds/_seeds.yml."""
    import hashlib
    import re

    sample = REPO_ROOT / "seeds" / "raw_metrics.csv"
    seeds_yml = (REPO_ROOT / "seeds" / "_seeds.yml").read_text()
    recorded = re.search(r"sha256: ([0-9a-f]{64})", seeds_yml)
    assert recorded, "seeds/_seeds.yml must record the sample's sha256 under meta"
    assert recorded.group(1) == hashlib.sha256(sample.read_bytes()).hexdigest()
