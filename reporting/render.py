"""Render the ParEval report from the dbt marts: `python reporting/render.py [options]`.

The command only parses arguments, runs the checks and reports the outcome; the work is done in
the `reporting` package. Exit codes: 0 rendered; 2 bad arguments; 3 database missing; 4 a mart
missing; 5 the last dbt run failed; 6 database locked; 7 database unreadable.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

from reporting import build_status, marts, report, sections
from reporting.errors import ReportError

# `reporting` is installed in editable mode (`make setup`: pip install -e .), so this script imports
# it from the checkout it belongs to without changing sys.path.
REPO_ROOT = Path(__file__).resolve().parent.parent


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="render.py",
        description="Render output/report.md (or .html) and output/figures/ from the dbt marts.",
        epilog="Exit codes: 0 rendered; 2 bad arguments; 3 database missing; 4 mart missing; "
        "5 last dbt run failed; 6 database locked; 7 database unreadable.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("PAREVAL_DB") or REPO_ROOT / "pareval.duckdb"),
        help="DuckDB file built by `dbt build` (default: $PAREVAL_DB or pareval.duckdb at the "
        "repository root)",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "output", help="output directory (default: output/)"
    )
    parser.add_argument(
        "--format", choices=("md", "html"), default="md", help="report format (default: md)"
    )
    parser.add_argument(
        "--run-results",
        type=Path,
        default=None,
        help="also check this dbt run_results.json (by default the database's own build log is "
        "checked, and target/run_results.json beside the database only when the log is absent)",
    )
    return parser.parse_args(argv)


def _say(message: str) -> None:
    wrapped = textwrap.fill(message, width=100, break_on_hyphens=False, break_long_words=False)
    print(wrapped, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    db_path: Path = args.db.expanduser().resolve()
    run_results: Path = args.run_results or db_path.parent / "target" / "run_results.json"
    try:
        marts.require_database(db_path)
        if args.run_results is not None:
            build_status.read(run_results.expanduser().resolve())
        data = marts.load(db_path, sections.MART_SPECS)
        if data.last_invocation is not None:
            status = build_status.from_invocation(
                data.last_invocation, db_path, run_results.expanduser().resolve()
            )
        else:
            status = build_status.read(run_results.expanduser().resolve())
        if not status.found:
            _say(
                f"Note: no dbt run results at {status.path}; rendering without checking that the "
                "last `dbt build` succeeded."
            )
        target = report.build(data, status, args.out.expanduser().resolve(), args.format)
    except ReportError as error:
        _say(f"render.py: {error.message}")
        return error.exit_code
    except OSError as error:
        _say(f"render.py: could not write the report: {error}")
        return 1
    except Exception as error:  # a bug, not bad input: say so plainly, without a traceback
        if os.environ.get("PAREVAL_DEBUG"):
            raise
        _say(
            f"render.py: internal error while rendering ({type(error).__name__}: {error}). "
            "This is a bug in the renderer, not in your data; please report it with the "
            "command you ran. Set PAREVAL_DEBUG=1 to see the traceback."
        )
        return 1
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
