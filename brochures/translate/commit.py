"""Writing the files of one import together: all of them or none.

Owns: putting an import's new texts (the language or words file, topic.yaml's owner,
records.yaml) in place as one step. Every file is first written in full beside its
target and flushed to disk; only when all of them are there are they renamed over
their targets, one after the other. A failure while writing (a full disk, a file
that cannot be written) leaves every file as it was. What remains is the moment
between the renames, a few system calls long, instead of the whole import.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from brochures.write import TEMP_PREFIX, OutputError

__all__ = ["OutputError", "commit", "stage"]


def stage(path: Path, data: bytes) -> Path:
    """``data`` written in full to a hidden file beside ``path``; returns that file."""
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
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Path(temp)


def commit(changes: dict[Path, bytes]) -> None:
    """Write every file of ``changes`` (path → bytes), or none of them (then raise
    :class:`OutputError`)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in changes.items():
            staged.append((stage(path, data), path))
    except OutputError:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in staged:
        os.replace(temp, path)
