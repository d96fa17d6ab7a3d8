"""Writing outputs so that a failed or interrupted build never damages one.

Owns: putting bytes at their final path atomically. Data goes to a hidden
temporary file in the same folder, is flushed to disk, then renamed over the
target in one step; a crash at any moment leaves either the old file or the
new one, and stale temporary files of killed builds are swept away.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".brochures-tmp-"


class OutputError(OSError):
    """The output folder cannot be written."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers only ever see a complete file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def sweep_temporary(out_dir: Path) -> int:
    """Remove temporary files left by builds that were killed; returns how many."""
    if not out_dir.is_dir():
        return 0
    count = 0
    for temp in out_dir.rglob(f"{TEMP_PREFIX}*"):
        temp.unlink(missing_ok=True)
        count += 1
    return count
