"""The outcome of the last dbt invocation, read from target/run_results.json.

dbt leaves the previous run's tables in the DuckDB file when a build fails, so rendering after a
failed build would publish stale numbers. The renderer refuses in that case.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reporting.errors import BuildFailedError

FAILED_STATUSES = frozenset({"error", "fail", "runtime error"})


@dataclass(frozen=True)
class BuildStatus:
    """What the report says about the build it was rendered from."""

    path: Path
    found: bool
    command: str | None = None
    generated_at: str | None = None
    status_counts: tuple[tuple[str, int], ...] = ()

    @property
    def summary(self) -> str:
        """One plain-text sentence for the report header and the console."""
        if not self.found:
            return (
                "No dbt run results were found, so the state of the last build could not be "
                "checked."
            )
        counts = ", ".join(f"{n} {status}" for status, n in self.status_counts) or "no nodes"
        command = f"`dbt {self.command}`" if self.command else "dbt"
        when = f" at {self.generated_at}" if self.generated_at else ""
        return f"The last {command} finished{when} with {counts}."


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
    )
