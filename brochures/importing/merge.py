"""Merging several sources into one draft, grouped by section.

Owns: putting the entries of every source together in section order, and keeping the
same fact once: two paragraphs (or items) whose words are the same, or nearly the same
(punctuation, case and small slips aside), become one entry that names all its sources.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from brochures.importing.classify import Entry

SAME = 0.92  # how alike two normalised texts must be to count as one fact
_NOT_WORD = re.compile(r"[\W_]+")


def _normal(entry: Entry) -> str:
    return _NOT_WORD.sub(" ", entry.words.casefold()).strip()


def merge(entries: list[Entry], order: list[str]) -> dict[str | None, list[Entry]]:
    """Entries by section (in ``order``; None, the unplaced, last), each fact once."""
    grouped: dict[str | None, list[Entry]] = {sid: [] for sid in order}
    grouped[None] = []
    for entry in entries:
        kept = grouped.setdefault(entry.section, [])
        if entry.kept:  # already in the leaflet appended to: never merged away
            kept.append(entry)
            continue
        normal = _normal(entry)
        for other in kept:
            other_normal = _normal(other)
            if other.kind == entry.kind and (normal == other_normal or SequenceMatcher(
                    None, normal, other_normal).ratio() >= SAME):
                other.origins += [o for o in entry.origins if o not in other.origins]
                break
        else:
            kept.append(entry)
    unplaced = grouped.pop(None)
    grouped[None] = unplaced
    return grouped
