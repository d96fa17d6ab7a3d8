"""Writing the files of one import together: all of them or none.

Owns: putting an import's new texts (the language or words file, topic.yaml's owner,
records.yaml) in place as one step. Every file is first written in full beside its
target and flushed to disk; only when all of them are there are they renamed over
their targets, one after the other. A failure while writing (a full disk, a file
that cannot be written) leaves every file as it was. Before the renames a journal
names them (``.brochures-import.json`` in the project): an import killed between
two renames is finished by the next import (:func:`recover`), from files that were
complete on disk before the first rename.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from brochures.write import OutputError, stage, write_atomic

__all__ = ["OutputError", "commit", "recover", "stage"]
JOURNAL = ".brochures-import.json"


def commit(changes: dict[Path, bytes], root: Path) -> None:
    """Write every file of ``changes`` (path → bytes), or none of them (then raise
    :class:`OutputError`); ``root`` is the project's, where the journal is kept."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in changes.items():
            staged.append((stage(path, data), path))
        journal = [[os.path.abspath(temp), os.path.abspath(path)] for temp, path in staged]
        write_atomic(root / JOURNAL, json.dumps(journal).encode("utf-8"))
    except OutputError:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    _finish(root)


def _finish(root: Path) -> list[Path]:
    journal = root / JOURNAL
    done = []
    for temp, path in json.loads(journal.read_text("utf-8")):
        if Path(temp).exists():
            os.replace(temp, path)
            done.append(Path(path))
    journal.unlink()
    return done


def recover(root: Path) -> list[Path]:
    """Finish an import that was killed while renaming its files; returns the files it
    put in place (none when no import was interrupted)."""
    journal = root / JOURNAL
    if not journal.is_file():
        return []
    try:
        return _finish(root)
    except (OSError, ValueError, TypeError) as exc:
        raise OutputError(f"cannot finish the interrupted import in {journal}: {exc}; "
                          "remove it after checking the files it names") from None
