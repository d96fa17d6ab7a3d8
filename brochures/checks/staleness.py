"""Stale translations: which units of a language were translated from an older source.

Owns: the ``translations:`` part of ``content/<topic>/records.yaml`` — per
language, per unit (topic.yaml's owner among them), the fingerprint and text of
the source a translation was made from (written by ``translate import`` and ``translate
mark-current``) — and comparing it with the current source. A language
with no record is untracked: nothing is known about it, so nothing is said.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.inputs.records import Records, read_records, records_bytes
from brochures.inputs.units import OWNER, Unit
from brochures.write import write_atomic

KEY = "translations"


@dataclass(frozen=True)
class Stale:
    """A source unit changed (``old`` is what was translated) or new (``old`` is None)."""

    id: str
    old: str | None
    unit: Unit


def recorded(records: Records, language: str) -> dict[str, dict[str, str]] | None:
    """The recorded sources of ``language`` by unit id; ``None`` when it is untracked."""
    table = records.other.get(KEY)
    entries = table.get(language) if isinstance(table, dict) else None
    if not isinstance(entries, dict):
        return None
    return {str(uid): {"fingerprint": str(v.get("fingerprint", "")), "text": str(v.get("text", ""))}
            for uid, v in entries.items() if isinstance(v, dict)}


def changes(records: Records, language: str, sources: list[Unit]) -> dict[str, Stale]:
    """The source units ``language`` has not caught up with, by id, in source order."""
    known = recorded(records, language)
    if known is None:
        return {}
    found: dict[str, Stale] = {}
    for unit in sources:
        was = known.get(unit.id)
        if was is None:
            # The owner is recorded since translators get it: a record from before that
            # knows nothing about it, which is not the same as knowing it is new.
            if unit.id != OWNER:
                found[unit.id] = Stale(unit.id, None, unit)
        elif was["fingerprint"] != unit.fingerprint:
            found[unit.id] = Stale(unit.id, was["text"], unit)
    return found


def record(project: Project, topic: str, language: str, sources: list[Unit],
           report: Report, replace: bool = False) -> None:
    """Record that ``language`` is translated from the current text of ``sources``.

    ``replace`` drops what was recorded for other units (mark-current: the whole
    language); otherwise only the given units change (an import).
    """
    updated = recorded_text(project, topic, language, sources, report, replace)
    if updated is not None:
        write_atomic(*updated)


def recorded_text(project: Project, topic: str, language: str, sources: list[Unit],
                  report: Report, replace: bool = False) -> tuple[Path, bytes] | None:
    """The records file with ``sources`` recorded (see :func:`record`), not yet written;
    ``None`` when it cannot be read (a damaged records file is never overwritten)."""
    problems = Report()
    records = read_records(project, topic, problems)
    report.extend(problems.problems)
    if problems.errors:
        return None
    table: Any = records.other.get(KEY)
    table = dict(table) if isinstance(table, dict) else {}
    entries = {} if replace or not isinstance(table.get(language), dict) \
        else dict(table[language])
    for unit in sources:
        entries[unit.id] = {"fingerprint": unit.fingerprint, "text": unit.text}
    table[language] = entries
    records.other[KEY] = {code: table[code] for code in sorted(table)}
    return records.path, records_bytes(records)
