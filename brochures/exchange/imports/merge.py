"""Merging several sources into one draft, grouped by section.

Owns: putting the entries of every source together in section order, and keeping the
same fact once: two paragraphs (or items) whose words are the same, or nearly the same
(punctuation, case and small slips aside), become one entry that names all its sources.
An entry kept from the leaflet appended to is never merged away.

Linear in the number of entries: the same words are found through a dictionary, and a
near twin (at least ``SAME`` alike, so at most a few words in a hundred differ) must
share the words of one of three short windows (its start, middle or end) with the entry
it is compared with; each window keeps its ``PER_WINDOW`` latest entries, so an entry is
compared with at most ``3 * PER_WINDOW`` others, however many paragraphs there are.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from difflib import SequenceMatcher

from brochures.exchange.imports.classify import Entry

SAME = 0.92  # how alike two normalised texts must be to count as one fact
WINDOW = 4  # words in each window an entry is found by
PER_WINDOW = 8  # entries remembered under one window (the latest)
_NOT_WORD = re.compile(r"[\W_]+")


def _normal(entry: Entry) -> str:
    return _NOT_WORD.sub(" ", entry.words.casefold()).strip()


def _windows(normal: str) -> list[tuple[int, tuple[str, ...]]]:
    words = normal.split()
    middle = max(0, len(words) // 2 - WINDOW // 2)
    return [(0, tuple(words[:WINDOW])), (1, tuple(words[middle:middle + WINDOW])),
            (2, tuple(words[-WINDOW:]))]


class _Section:
    """The entries kept in one section, found by their words."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.exact: dict[tuple[str, str], Entry] = {}
        self.windows: dict[tuple, deque[tuple[str, Entry]]] = defaultdict(
            lambda: deque(maxlen=PER_WINDOW))

    def twin(self, entry: Entry, normal: str) -> Entry | None:
        """An entry already kept with the same, or nearly the same, words."""
        same = self.exact.get((entry.kind, normal))
        if same is not None:
            return same
        seen: set[int] = set()
        for window in _windows(normal):
            for other_normal, other in self.windows.get((entry.kind, window), ()):
                if id(other) in seen:
                    continue
                seen.add(id(other))
                matcher = SequenceMatcher(None, normal, other_normal, autojunk=False)
                if matcher.real_quick_ratio() >= SAME and matcher.quick_ratio() >= SAME \
                        and matcher.ratio() >= SAME:
                    return other
        return None

    def keep(self, entry: Entry, normal: str) -> None:
        self.entries.append(entry)
        self.exact.setdefault((entry.kind, normal), entry)
        for window in _windows(normal):
            self.windows[(entry.kind, window)].append((normal, entry))


def merge(entries: list[Entry], order: list[str]) -> dict[str | None, list[Entry]]:
    """Entries by section (in ``order``; None, the unplaced, last), each fact once."""
    sections: dict[str | None, _Section] = {sid: _Section() for sid in order}
    origins_of: dict[int, set] = {}
    for entry in entries:
        section = sections.setdefault(entry.section, _Section())
        normal = _normal(entry)
        twin = None if entry.kept else section.twin(entry, normal)
        if twin is None:
            section.keep(entry, normal)
            origins_of[id(entry)] = set(entry.origins)
            continue
        known = origins_of[id(twin)]
        for origin in entry.origins:
            if origin not in known:
                known.add(origin)
                twin.origins.append(origin)
    unplaced = sections.pop(None, _Section())
    grouped = {sid: section.entries for sid, section in sections.items()}
    grouped[None] = unplaced.entries
    return grouped
