"""The outcome of the last dbt invocation.

dbt leaves the previous run's tables in the DuckDB file when a build fails, so rendering after a
failed build would publish stale numbers. The renderer refuses in that case. The primary record is
the table dbt_invocations that the project's on-run-end hook writes into the database itself, so the
check travels with the file; target/run_results.json is the fallback (and is checked too when passed
explicitly with --run-results).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reporting.errors import BuildFailedError
from reporting.marts import Invocation

FAILED_STATUSES = frozenset({"error", "fail", "runtime error"})


@dataclass(frozen=True)
class BuildStatus:
    """What the report says about the build it was rendered from."""

    path: Path
    found: bool
    command: str | None = None
    generated_at: str | None = None
    status_counts: tuple[tuple[str, int], ...] = ()
    # (test name, dbt's message) of every node that ended with status warn, when known.
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def summary(self) -> str:
        """One plain-text sentence for the report header and the console."""
        if not self.found:
            return (
                "No dbt run results were found, so the state of the last build could not be "
                "checked."
            )
        counts = ", ".join(f"{n} {status}" for status, n in self.status_counts) or "no nodes"
        command = f"dbt {self.command}" if self.command else "dbt invocation"
        when = f" at {self.generated_at}" if self.generated_at else ""
        text = f"The last {command} started{when} and ended with {counts}."
        if self.warnings:
            listed = "; ".join(
                f"{name} ({message})" if message else name for name, message in self.warnings
            )
            text += (
                " A warning is a data test with severity warn that found rows: the build goes on "
                f"and the rows stay in the marts. Warned: {listed}."
            )
        elif any(status == "warn" for status, _ in self.status_counts):
            text += (
                " A warning is a data test with severity warn that found rows; "
                "target/run_results.json of that build names it."
            )
        return text


def _short_name(unique_id: str) -> str:
    """'test.pareval_report.some_test.77a07c9cec' -> 'some_test'."""
    parts = unique_id.split(".")
    return parts[2] if len(parts) >= 3 else unique_id


def warned_nodes(
    run_results: Path, invocation_id: str | None = None
) -> tuple[tuple[str, str], ...]:
    """(test name, message) of the nodes with status warn in run_results.json; empty when the
    file is missing or unreadable, or belongs to another invocation than `invocation_id`."""
    try:
        payload = json.loads(run_results.read_text(encoding="utf-8"))
        if invocation_id and payload.get("metadata", {}).get("invocation_id") != invocation_id:
            return ()
        return tuple(
            (_short_name(str(r.get("unique_id", "?"))), str(r.get("message") or ""))
            for r in payload.get("results", [])
            if str(r.get("status", "")).lower() == "warn"
        )
    except (OSError, ValueError, AttributeError):
        return ()


def from_invocation(
    invocation: Invocation, db_path: Path, run_results: Path | None = None
) -> BuildStatus:
    """Status from the database's own invocation log; raise BuildFailedError if it failed. The
    warned tests are named from `run_results` when that file records the same invocation."""
    failed = sorted(invocation["failed_nodes"] or [])
    if invocation["status"] != "success" or failed:
        shown = ", ".join(failed[:10]) + (
            f" and {len(failed) - 10} more" if len(failed) > 10 else ""
        )
        raise BuildFailedError(
            f"The last `dbt {invocation['command']}` that wrote {db_path} failed "
            f"({len(failed)} node(s) with status error or fail: {shown}). The database may still "
            "hold tables from an earlier run, so the report is not rendered. Fix the failures, run "
            "`dbt build` until it succeeds, then render again."
        )
    counts = (
        ("pass", invocation["succeeded"]),
        ("warn", invocation["warned"]),
        ("skipped", invocation["skipped"]),
    )
    return BuildStatus(
        path=db_path,
        found=True,
        command=invocation["command"],
        generated_at=invocation["started_at"].strftime("%Y-%m-%d %H:%M:%S UTC"),
        status_counts=tuple((status, n) for status, n in counts if n),
        warnings=(
            warned_nodes(run_results, invocation["invocation_id"])
            if run_results is not None and invocation["warned"]
            else ()
        ),
    )


def read(path: Path) -> BuildStatus:
    """Parse run_results.json; raise BuildFailedError when any node errored or failed."""
    if not path.is_file():
        return BuildStatus(path=path, found=False)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        results = payload.get("results", [])
        metadata = payload.get("metadata", {})
        args = payload.get("args", {})
    except (OSError, ValueError, AttributeError) as error:
        raise BuildFailedError(
            f"The dbt run results at {path} could not be read ({error}). Run `dbt build` again "
            "so that the file is rewritten, or pass --run-results with a valid file."
        ) from None
    statuses = [(str(r.get("unique_id", "?")), str(r.get("status", "")).lower()) for r in results]
    failed = sorted(node for node, status in statuses if status in FAILED_STATUSES)
    if failed:
        shown = ", ".join(failed[:10]) + (
            f" and {len(failed) - 10} more" if len(failed) > 10 else ""
        )
        raise BuildFailedError(
            f"The last dbt run failed ({len(failed)} node(s) with status error or fail: {shown}; "
            f"see {path}). The database may still hold tables from an earlier run, so the report "
            "is not rendered. Fix the failures, run `dbt build` until it succeeds, then render "
            "again."
        )
    counts = Counter(status for _, status in statuses)
    generated_at = metadata.get("generated_at")
    return BuildStatus(
        path=path,
        found=True,
        command=args.get("which") if isinstance(args, dict) else None,
        generated_at=str(generated_at) if generated_at else None,
        status_counts=tuple(sorted(counts.items())),
        warnings=warned_nodes(path),
    )
