#!/usr/bin/env bash
# One-off: apply the project's formatters to the whole tree, after every branch is merged.
# Python: ruff format (ruff.toml [format]) and ruff check --fix. SQL: sqlfluff fix (.sqlfluff) on
# models/, analyses/ and data-tests/. Then the lint steps of `make test` must pass: this script runs
# them last and fails if anything is left that no tool could fix (fix that by hand).
# Run from anywhere; it works in the repository that holds it:  bash scripts/format_all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PY_PATHS=(reporting scripts tests sqlfluff_libs)
SQL_PATHS=(models analyses data-tests)

if ! git diff --quiet || ! git diff --cached --quiet; then
    echo "format_all.sh: commit or stash your changes first (the formatting must be its own commit)" >&2
    exit 1
fi

"$BIN/ruff" format "${PY_PATHS[@]}"
"$BIN/ruff" check --fix "${PY_PATHS[@]}"
# sqlfluff fix exits 1 when something is left unfixable; the lint below reports what.
"$BIN/sqlfluff" fix "${SQL_PATHS[@]}" --processes 2 || true

echo "--- lint after formatting"
"$BIN/ruff" check "${PY_PATHS[@]}"
"$BIN/ruff" format --check "${PY_PATHS[@]}"
"$BIN/sqlfluff" lint "${SQL_PATHS[@]}" --processes 2
git status --short
echo "format_all.sh: done; review with 'git diff', run 'make test', then commit."
