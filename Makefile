# Two entry points do everything on a fresh machine: `make report` and `make test`.
# `make help` lists every target with its `##` comment.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DBT     = $(BIN)/dbt
VARS   ?= {}
# dbt's unit tests check the SQL on the fixtures in the models' YAML, never the input: `make test` runs
# them (its sample build runs every unit and data test); the user's builds leave them out, as dbt Labs
# recommends for production builds. `make build DBT_BUILD_FLAGS=` runs them too.
DBT_BUILD_FLAGS ?= --exclude-resource-type unit_test
# pytest-xdist: one worker per core (each build has its own DuckDB file); PYTEST_ARGS adds options.
PYTEST_WORKERS ?= auto
PYTEST_ARGS    ?=
PY_PATHS  = reporting pareval_dbt scripts tests sqlfluff_libs
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


# pip byte-compiles every installed file in one process (47 of the install's 98 s here); instead it
# installs with --no-compile and compileall does it on every core (24 s). Compiled files are needed:
# with PYTHONDONTWRITEBYTECODE set, as here, each test's dbt and render.py would compile its imports.
PIP_INSTALL = $(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check
COMPILE     = $(BIN)/python -m compileall -q -j 0 $(VENV)/lib \
              || echo 'compileall: the files above did not compile; they run from source, as with pip'

$(VENV)/.runtime-installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	$(PIP_INSTALL) --no-deps -e .
	$(COMPILE)
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(PIP_INSTALL) -r requirements-dev.txt
	$(COMPILE)
	touch $@

build: setup ## dbt build (seeds, models, data tests); pass VARS='{raw_metrics_path: my.csv}' for your own file
	$(DBT) build $(DBT_BUILD_FLAGS) --vars '$(VARS)'

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
