"""Writing outputs so that a failed or interrupted build never damages one.

Owns: putting bytes at their final path atomically. Data goes to a hidden
temporary file in the same folder, is flushed to disk, then renamed over the
target in one step; a crash at any moment leaves either the old file or the
new one, and stale temporary files of killed builds are swept away. It also
sets aside the earlier output of a leaflet that today's sources no longer
print, into ``<out>/.refused/``, so that the output folder holds only what may
be printed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".brochures-tmp-"


class OutputError(OSError):
    """The output folder cannot be written."""


def stage(path: Path, data: bytes) -> Path:
    """``data`` written in full, flushed to disk, to a hidden file beside ``path``; returns
    that file (renamed over ``path`` in one step by whoever staged it)."""
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers only ever see a complete file."""
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
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


REFUSED = ".refused"  # <out>/.refused/<brand>/<topic>/<name>.pdf: kept, never printed from


def set_aside(out_dir: Path, target: Path) -> Path | None:
    """Move ``target`` (a leaflet's earlier PDF, with its HTML and build record) out of the
    output folder, into ``<out>/.refused/`` at the same place; where it went, or ``None``
    when there was nothing to move."""
    if not target.is_file():
        return None
    aside = out_dir / REFUSED / target.relative_to(out_dir)
    try:
        aside.parent.mkdir(parents=True, exist_ok=True)
        for path in (target, target.with_suffix(".html"),
                     target.with_name(f".{target.name}.json")):
            if path.is_file():
                os.replace(path, aside.with_name(path.name))
    except OSError as exc:
        raise OutputError(f"cannot set aside {target}: {exc.strerror or exc}") from None
    return aside
