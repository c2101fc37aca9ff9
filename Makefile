# Two entry points do everything on a fresh machine: `make report` and `make test`.
# `make help` lists every target with its `##` comment.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DBT     = $(BIN)/dbt
VARS   ?= {}
# pytest-xdist: one worker per core (each build has its own DuckDB file); PYTEST_ARGS adds options.
PYTEST_WORKERS ?= auto
PYTEST_ARGS    ?=
PY_PATHS  = reporting scripts tests sqlfluff_libs
SQL_PATHS = models analyses data-tests

.DEFAULT_GOAL := help
.PHONY: help report test browser setup setup-dev build render lint format bench bench-quick sample hooks clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

report: setup build render ## set up, build the marts on the bundled sample, render output/report.md

test: setup-dev lint browser ## set up, lint, then pytest in parallel (the sample build runs every dbt test)
	$(BIN)/python -m pytest tests/python -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

setup: $(VENV)/.runtime-installed ## create .venv with the runtime pins and `reporting` (editable)
setup-dev: $(VENV)/.dev-installed ## setup plus the test and lint tools (requirements-dev.txt)

browser: ## Chromium for the HTML browser test (scripts/install_browser.sh; no-op when present)
	bash scripts/install_browser.sh


# --no-compile: pip byte-compiles every file of every package (half of the install's 98 s here);
# Python compiles the modules it imports on first use instead (about 3 s, cached in __pycache__).
$(VENV)/.runtime-installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check -r requirements-dev.txt
	touch $@

build: setup ## dbt build (seeds, models, tests); pass VARS='{raw_metrics_path: my.csv}' for your own file
	$(DBT) build --vars '$(VARS)'

render: setup ## write output/report.md and output/figures/ from the marts
	$(BIN)/python reporting/render.py

lint: setup-dev ## ruff check, ruff format --check and sqlfluff lint (no file is changed)
	$(BIN)/ruff check $(PY_PATHS)
	$(BIN)/ruff format --check $(PY_PATHS)
	$(BIN)/sqlfluff lint $(SQL_PATHS) --processes 2

format: setup-dev ## apply ruff format, ruff's fixes and sqlfluff fix to the Python and SQL
	$(BIN)/ruff format $(PY_PATHS)
	$(BIN)/ruff check --fix $(PY_PATHS)
	$(BIN)/sqlfluff fix $(SQL_PATHS) --processes 2

bench: setup-dev ## timing and memory benchmark (1M and 5M rows, pandas peer), writes bench/results.md
	$(BIN)/python scripts/bench.py

bench-quick: setup-dev ## small benchmark smoke run (100k rows), writes bench/tmp/results.md
	$(BIN)/python scripts/bench.py --quick

sample: setup ## regenerate the synthetic sample seeds/raw_metrics.csv (deterministic)
	$(BIN)/python scripts/make_sample_data.py

hooks: setup-dev ## install the git pre-commit hooks (.pre-commit-config.yaml: the lint steps)
	$(BIN)/pre-commit install

clean: ## remove the build outputs (target, logs, output, the DuckDB file)
	rm -rf target logs output pareval.duckdb pareval.duckdb.wal
