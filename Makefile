# Two entry points do everything on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DBT     = $(BIN)/dbt
VARS   ?= {}

.PHONY: report test browser setup setup-dev build render lint bench sample clean

report: setup build render ## set up, build the marts on the bundled sample, render output/report.md

test: setup-dev lint browser ## set up, lint, build the marts, run every dbt test and the pytest suite
	$(DBT) build --vars '$(VARS)'
	$(BIN)/python -m pytest tests/python

browser: ## Chromium for the HTML browser test (scripts/install_browser.sh; no-op when present)
	bash scripts/install_browser.sh

setup: $(VENV)/.runtime-installed
setup-dev: $(VENV)/.dev-installed

$(VENV)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

build: setup ## dbt build (seeds, models, tests); pass VARS='{raw_metrics_path: my.csv}' for your own file
	$(DBT) build --vars '$(VARS)'

render: setup ## write output/report.md and output/figures/ from the marts
	$(BIN)/python reporting/render.py

lint: setup-dev
	$(BIN)/ruff check reporting scripts tests

bench: setup-dev ## timing and memory benchmark, writes bench/results.md
	$(BIN)/python scripts/bench.py

sample: setup ## regenerate the synthetic sample seeds/raw_metrics.csv (deterministic)
	$(BIN)/python scripts/make_sample_data.py

clean:
	rm -rf target logs output pareval.duckdb pareval.duckdb.wal
