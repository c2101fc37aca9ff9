"""The one way the renderer writes a file: to a temporary file beside the target, then renamed over
it, so a reader (or a crash half-way) never sees a half-written report.md, report.html or figure."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8 with LF line ends, or bytes as they are) to `path`: into a
    temporary file in the same directory (created if needed), flushed to disk, then renamed over
    `path` (os.replace, atomic on POSIX). The temporary file is removed if anything fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(content, str):
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
        else:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
