"""Round over round (models/marts/rounds) on a generated pair of rounds with known injected
changes (scripts/make_round_pair.py): the marts recover exactly what was injected, and every value
of fct_round_comparisons agrees with a plain-Python/scipy/statsmodels oracle computed here from the
two CSV files (not from the marts) to 1e-9.

The pair needs an alias row in seeds/model_aliases.csv (a renamed model), so the project is copied
into a temporary directory and built there; the repository's own seed stays empty.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from scipy import stats
from script_modules import load_script
from statsmodels.stats.multitest import multipletests

ROOT = Path(__file__).resolve().parents[2]
ROUNDS_YML = ROOT / "models" / "marts" / "rounds" / "_rounds__models.yml"
PROJECT_ITEMS = (
    "dbt_project.yml", "profiles.yml", "models", "macros", "seeds",
    "data-tests", "analyses",
)  # fmt: skip
ROUND_MARTS = (
    "fct_round_comparisons", "fct_round_problem_changes", "fct_round_models", "fct_round_unmatched",
    "fct_round_inputs",
)  # fmt: skip
SELECTION = ["+path:models/marts/rounds+", "path:models/staging/baseline+"]
TOLERANCE = 1e-9
CONFIDENCE = 0.95
POWER = 0.8
THRESHOLD = 0.5
METRICS = {  # metric -> (successes column, trials column or None for all attempts)
    "build": ("did_build", None),
    "pass": ("are_all_valid", None),
    "valid_given_build": ("are_all_valid", "did_build"),
    "source_valid": ("is_source_valid", None),
    "any_run": ("did_any_run", None),
    "all_run": ("did_all_run", None),
    "any_valid": ("are_any_valid", None),
}


def _generator() -> Any:
    return load_script("make_round_pair")


def _copy_project(target: Path, aliases: Path | None) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for item in PROJECT_ITEMS:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, target / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / item)
    if aliases is not None:
        shutil.copy2(aliases, target / "seeds" / "model_aliases.csv")
    return target


def _build(project: Path, workdir: Path, dbt_vars: dict[str, str]) -> Path:
    from dbt_builds import dbt_build, succeeded

    build = dbt_build(workdir, dbt_vars, " ".join(SELECTION), project=project)
    succeeded(build)
    return build.db


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("round_pair")
    return out, _generator().generate(out)


@pytest.fixture(scope="module")
def rounds_db(
    generated: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    out, _ = generated
    workdir = tmp_path_factory.mktemp("rounds_build")
    project = _copy_project(workdir / "project", out / "model_aliases.csv")
    db = _build(
        project,
        workdir,
        {
            "raw_metrics_path": str(out / "current.csv"),
            "baseline_metrics_path": str(out / "baseline.csv"),
            "reference_model": "Beta Coder",
        },
    )
    with duckdb.connect(str(db), read_only=True) as connection:
        yield connection


def _dicts(db: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    relation = db.sql(sql)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


# ---------------------------------------------------------------- the oracle (from the CSV files)


def _key(name: str) -> str:
    return re.sub(r"[\s._-]", "", name).lower()


def _read_round(
    path: Path, aliases: dict[str, str]
) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(model key after aliases, parallelism model, problem) -> its attempts with parsed flags.
    A row with a flag that is not True/False is quarantined by staging, so it is left out here."""
    flags = (
        "did_build",
        "are_all_valid",
        "is_source_valid",
        "did_any_run",
        "did_all_run",
        "are_any_valid",
    )
    cells: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if any(row[f] not in ("True", "False") for f in flags):
                continue
            key = aliases.get(_key(row["model"]), _key(row["model"]))
            attempt = {f: row[f] == "True" for f in flags}
            attempt["model"] = row["model"]
            cells[(key, row["parallelism_model"], row["problem_name"])].append(attempt)
    return cells


def _rate_pairs(out: Path) -> dict[tuple[str, str, str], dict[str, tuple[float, float]]]:
    """(model name now, scope, metric) -> {problem: (baseline rate, rate now)}, matched cells."""
    with (out / "model_aliases.csv").open(newline="") as handle:
        aliases = {_key(r["alias"]): _key(r["model_name"]) for r in csv.DictReader(handle)}
    baseline = _read_round(out / "baseline.csv", aliases)
    current = _read_round(out / "current.csv", aliases)
    names = {key[0]: attempts[0]["model"] for key, attempts in current.items()}
    totals: dict[tuple[str, str, str, str], list[list[int]]] = {}
    for cell in baseline.keys() & current.keys():
        model, parallelism, problem = cell
        for scope in (parallelism, "all"):
            for metric, (success, trial) in METRICS.items():
                entry = totals.setdefault((names[model], scope, metric, problem), [[0, 0], [0, 0]])
                for side, attempts in enumerate((baseline[cell], current[cell])):
                    entry[side][0] += sum(a[success] for a in attempts)
                    entry[side][1] += sum(1 for a in attempts if trial is None or a[trial])
    pairs: dict[tuple[str, str, str], dict[str, tuple[float, float]]] = defaultdict(dict)
    for (model, scope, metric, problem), ((s0, n0), (s1, n1)) in totals.items():
        if n0 > 0 and n1 > 0:
            pairs[(model, scope, metric)][problem] = (s0 / n0, s1 / n1)
    return pairs


def _oracle(out: Path) -> dict[tuple[str, str, str], dict[str, float | int | None]]:
    results: dict[tuple[str, str, str], dict[str, float | int | None]] = {}
    for family, problems in _rate_pairs(out).items():
        before = [b for b, _ in problems.values()]
        after = [a for _, a in problems.values()]
        d = [a - b for b, a in zip(before, after, strict=True)]
        g = len(d)
        mean = sum(d) / g
        row: dict[str, float | int | None] = {
            "n_problems_shared": g,
            "baseline_rate": sum(before) / g,
            "rate": sum(after) / g,
            "diff": mean,
            "n_regressed": sum(b >= THRESHOLD > a for b, a in zip(before, after, strict=True)),
            "n_improved": sum(a >= THRESHOLD > b for b, a in zip(before, after, strict=True)),
            "ci_low": None, "ci_high": None, "p_value": None, "mde": None,
        }  # fmt: skip
        if g >= 2:
            sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (g - 1))
            se = sd / math.sqrt(g)
            t_alpha = stats.t.ppf(1 - (1 - CONFIDENCE) / 2, g - 1)
            row["ci_low"], row["ci_high"] = mean - t_alpha * se, mean + t_alpha * se
            row["mde"] = (t_alpha + stats.t.ppf(POWER, g - 1)) * se
            if sd > 0:
                row["p_value"] = float(stats.ttest_rel(after, before).pvalue)
                interval = stats.ttest_1samp(d, 0.0).confidence_interval(CONFIDENCE)
                assert abs(interval.low - row["ci_low"]) < 1e-12  # the two scipy routes agree
        results[family] = row
    families: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key, row in results.items():
        if row["p_value"] is not None:
            families[(key[1], key[2])].append(key)
    for row in results.values():
        row["holm_p"] = None
    for keys in families.values():
        adjusted = multipletests([results[k]["p_value"] for k in keys], method="holm")[1]
        for key, p in zip(keys, adjusted, strict=True):
            results[key]["holm_p"] = float(p)
    return results


# ---------------------------------------------------------------- tests


def test_every_value_of_fct_round_comparisons_agrees_with_the_oracle(
    rounds_db: duckdb.DuckDBPyConnection, generated: tuple[Path, dict[str, Any]]
) -> None:
    out, _ = generated
    expected = _oracle(out)
    rows = _dicts(rounds_db, "select * from fct_round_comparisons")
    actual = {(r["model_name"], r["scope"], r["metric"]): r for r in rows}
    assert set(actual) == set(expected)
    assert any(r["p_value"] is not None and r["p_value"] < 0.05 for r in expected.values())
    checked = 0
    for key, want in expected.items():
        for column, value in want.items():
            got = actual[key][column]
            if value is None:
                assert got is None, (key, column, got)
            else:
                assert got is not None and abs(got - value) <= TOLERANCE, (key, column, got, value)
            checked += 1
    assert checked == len(expected) * 11  # every column but the three keys


def test_injected_flips_are_recovered_exactly(
    rounds_db: duckdb.DuckDBPyConnection, generated: tuple[Path, dict[str, Any]]
) -> None:
    _, manifest = generated
    rows = _dicts(
        rounds_db,
        "select model_name, problem_name, parallelism_model, direction, baseline_trials, trials "
        "from fct_round_problem_changes where metric = 'pass'",
    )
    for model in ("Alpha Coder", "Gamma Coder v2"):
        for direction in ("regressed", "improved"):
            found = sorted(
                [r["problem_name"], r["parallelism_model"]]
                for r in rows
                if r["model_name"] == model and r["direction"] == direction
            )
            assert found == manifest["flips"][model][direction], (model, direction)
    # Different sample counts per round: one sample in the baseline, three now.
    alpha = {(r["baseline_trials"], r["trials"]) for r in rows if r["model_name"] == "Alpha Coder"}
    assert alpha == {(1, 3)}
    assert {r["model_name"] for r in rows} == {"Alpha Coder", "Gamma Coder v2"}


def test_unchanged_model_shows_no_change_in_any_metric_or_scope(
    rounds_db: duckdb.DuckDBPyConnection, generated: tuple[Path, dict[str, Any]]
) -> None:
    _, manifest = generated
    assert manifest["unchanged_models"] == ["Beta Coder"]
    rows = _dicts(rounds_db, "select * from fct_round_comparisons where model_name = 'Beta Coder'")
    assert len(rows) == 3 * len(METRICS)  # serial, mpi, all
    for r in rows:
        assert r["diff"] == 0.0 and r["n_regressed"] == 0 and r["n_improved"] == 0, r
        assert r["p_value"] is None and r["ci_low"] == 0.0 and r["ci_high"] == 0.0, r
    changes = rounds_db.sql(
        "select count(*) from fct_round_problem_changes where model_name = 'Beta Coder'"
    ).fetchall()
    assert changes == [(0,)]


def test_unmatched_items_are_listed_exactly(
    rounds_db: duckdb.DuckDBPyConnection, generated: tuple[Path, dict[str, Any]]
) -> None:
    _, manifest = generated
    rows = _dicts(rounds_db, "select * from fct_round_unmatched")
    by_kind: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for r in rows:
        item = {
            "model": r["model_name"],
            "problem": r["problem_name"],
            "parallelism_model": r["parallelism_model"],
            "model_problem": [r["model_name"], r["problem_name"], r["parallelism_model"]],
        }[r["unmatched_kind"]]
        by_kind[(r["unmatched_kind"], r["present_in"])].append(item)
    for side in ("baseline", "current"):
        assert sorted(by_kind[("model", side)]) == manifest["models_only_in"][side]
        assert sorted(by_kind[("problem", side)]) == manifest["problems_only_in"][side]
        assert (
            sorted(by_kind[("parallelism_model", side)])
            == manifest["parallelism_models_only_in"][side]
        )
        assert sorted(by_kind[("model_problem", side)]) == manifest["cells_only_in"][side]
    assert "Delta Coder" not in {
        r[0] for r in rounds_db.sql("select model_name from fct_round_comparisons").fetchall()
    }


def test_renamed_model_is_matched_through_its_alias(
    rounds_db: duckdb.DuckDBPyConnection, generated: tuple[Path, dict[str, Any]]
) -> None:
    _, manifest = generated
    rows = _dicts(rounds_db, "select * from fct_round_models where is_renamed")
    assert [(r["baseline_model_name"], r["model_name"]) for r in rows] == list(
        manifest["renamed"].items()
    )
    assert rows[0]["n_cells_matched"] == 76 and rows[0]["in_baseline"] and rows[0]["in_current"]


def test_inputs_are_accounted_and_named_with_their_sha256(
    rounds_db: duckdb.DuckDBPyConnection, generated: tuple[Path, dict[str, Any]]
) -> None:
    out, manifest = generated
    rows = {r["round"]: r for r in _dicts(rounds_db, "select * from fct_round_inputs")}
    assert set(rows) == {"baseline", "current"}
    for side, file, total, rejected in (
        ("baseline", "baseline.csv", manifest["baseline_rows"], manifest["baseline_rows_rejected"]),
        ("current", "current.csv", manifest["current_rows"], 0),
    ):
        row = rows[side]
        assert row["input_path"] == str(out / file)
        assert row["input_sha256"] == hashlib.sha256((out / file).read_bytes()).hexdigest()
        assert (row["rows_input"], row["rows_rejected"]) == (total, rejected)
        assert row["rows_kept"] + row["rows_rejected"] == row["rows_input"]
    reason = rounds_db.sql(
        "select rejection_reason from stg_baseline_raw_metrics_rejected"
    ).fetchall()
    assert reason == [('unparseable boolean in did_build: "maybe"',)]


def test_every_round_mart_column_is_documented(rounds_db: duckdb.DuckDBPyConnection) -> None:
    documented = {
        model["name"]: [c["name"] for c in model["columns"]]
        for model in yaml.safe_load(ROUNDS_YML.read_text())["models"]
    }
    for mart in ROUND_MARTS:
        assert rounds_db.sql(f"select * from {mart}").columns == documented[mart], mart


def test_without_a_baseline_the_round_marts_are_empty_with_their_columns(
    tmp_path: Path,
) -> None:
    project = _copy_project(tmp_path / "project", None)
    db = _build(project, tmp_path, {})
    with duckdb.connect(str(db), read_only=True) as connection:
        for relation in (*ROUND_MARTS, "base_baseline_raw_metrics", "stg_baseline_raw_metrics"):
            assert connection.sql(f"select count(*) from {relation}").fetchall() == [(0,)], relation
        columns = connection.sql("select * from fct_round_comparisons").columns
    assert columns == [
        "model_name", "scope", "metric", "n_problems_shared", "baseline_rate", "rate", "diff",
        "ci_low", "ci_high", "p_value", "holm_p", "n_regressed", "n_improved", "mde",
    ]  # fmt: skip


# ---------------------------------------------------------------- the report section


def _section_data(db: duckdb.DuckDBPyConnection | None) -> Any:
    """MartData holding only what the round section reads (the round marts, a 95% dataset card)."""
    from reporting import section_marts
    from reporting.marts import MartData, mart_rows
    from reporting.sections import rounds

    card = {"confidence_level": CONFIDENCE}
    specs = (*rounds.MARTS, section_marts.ROUND_INPUTS)
    tables = {spec.name: mart_rows(db, spec) for spec in specs} if db is not None else {}
    return MartData(success_rates=[], dataset_card=card, data_audit=[], tables=tables)  # type: ignore[arg-type]


def test_section_sentences_follow_the_injected_changes(
    rounds_db: duckdb.DuckDBPyConnection,
) -> None:
    from reporting import section_marts
    from reporting.sections import rounds

    data = _section_data(rounds_db)
    context = rounds.rounds_context(data)
    assert context["present"]
    by_model = {
        name: next(s for s in context["sentences"] if s.startswith(f"**{name}**"))
        for name in ("Alpha Coder", "Beta Coder", "Gamma Coder v2")
    }
    assert " regressed: " in by_model["Alpha Coder"]
    assert " improved: " in by_model["Gamma Coder v2"]
    assert "(baseline name: Gamma Coder Preview)" in by_model["Gamma Coder v2"]
    assert " is unchanged: " in by_model["Beta Coder"]
    unmatched = " ".join(context["unmatched"])
    for expected in ("Delta Coder", "Epsilon Coder", "omp", "10\\_geometry\\_convex\\_hull"):
        assert expected in unmatched, expected
    regressed = {row[0] for row in context["regressions"].rows}
    assert regressed == {"Alpha Coder", "Gamma Coder v2"}
    fields = dict(section_marts.baseline_card_fields(data))
    assert len(fields["Baseline SHA-256"]) == 64
    assert [f.stem for f in rounds.rounds_figures(data)] == ["round_changes"]


def test_section_is_absent_without_a_baseline() -> None:
    from reporting import section_marts
    from reporting.sections import rounds

    data = _section_data(None)
    assert rounds.rounds_context(data) == {"present": False}
    assert rounds.rounds_figures(data) == []
    assert section_marts.baseline_card_fields(data) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"p_value": 0.001, "holm_p": 0.004, "diff": 0.2, "ci_low": 0.1, "ci_high": 0.3},
            "improved",
        ),
        (
            {"p_value": 0.001, "holm_p": 0.004, "diff": -0.2, "ci_low": -0.3, "ci_high": -0.1},
            "regressed",
        ),
        (
            {"p_value": 0.03, "holm_p": 0.09, "diff": -0.1, "ci_low": -0.19, "ci_high": -0.01},
            "not significant after Holm",
        ),
        (
            {"p_value": 0.4, "holm_p": 1.0, "diff": 0.05, "ci_low": -0.05, "ci_high": 0.15},
            "no detectable change",
        ),
        (
            {
                "p_value": None,
                "holm_p": None,
                "diff": 0.0,
                "ci_low": 0.0,
                "ci_high": 0.0,
                "mde": 0.0,
            },
            "unchanged",
        ),
        (
            {
                "p_value": None,
                "holm_p": None,
                "diff": 1.0,
                "ci_low": None,
                "ci_high": None,
                "n_problems_shared": 1,
            },
            "not testable",
        ),
    ],
)
def test_decision_rule(row: dict[str, Any], expected: str) -> None:
    from reporting.sections import rounds

    full = {"n_problems_shared": 30, "mde": 0.1, **row}
    assert rounds.decision(full, 1 - CONFIDENCE) == expected


def test_a_missing_baseline_file_stops_the_build_naming_the_var(tmp_path: Path) -> None:
    from dbt_builds import dbt_build

    missing = tmp_path / "no_such_baseline.csv"
    build = dbt_build(
        tmp_path / "build",
        {"baseline_metrics_path": str(missing)},
        select="base_baseline_raw_metrics",
    )
    assert build.returncode != 0
    assert f"Input file '{missing}' not found (var baseline_metrics_path)" in build.stdout
