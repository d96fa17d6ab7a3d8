"""Tying rules: where a line may never break, per language.

Owns: reading ``rules/typography/all.yaml`` and ``rules/typography/<lang>.yaml`` (through
the loading layer, :meth:`brochures.inputs.catalog.Catalog.rule_documents`) into :class:`Ties`,
and applying them to plain text: a number and its unit, a postcode or another pattern,
a hyphenated word that must stay whole, the last two words of a heading or list item,
and French narrow no-break spaces before ``; : ? !`` and inside « ». The markup step
(:func:`brochures.inputs.markup.inline`) applies them once to every text a leaflet prints.

Ties are Unicode characters, never markup: U+00A0 (no-break space), U+202F (narrow
no-break space) and U+2011 (non-breaking hyphen), so extracted text and screen readers
read the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brochures.errors import Report

if TYPE_CHECKING:
    from brochures.inputs.catalog import Catalog

NBSP, NNBSP, NBHY = "\u00a0", "\u202f", "\u2011"
FILES = ("rules/typography/all.yaml", "rules/typography/{lang}.yaml")
_SPACE = "[ \u00a0\u202f]"
# The single-valued rules and their types.
_VALUES: dict[str, type] = {"narrow_before": str, "narrow_after": str, "last_words": bool}


@dataclass(frozen=True)
class Ties:
    """The tying rules of one language (an empty ``Ties()`` ties nothing)."""

    # A number followed by one of these (any case) keeps its space unbroken.
    units: tuple[str, ...] = ()
    # Words written with a hyphen that never ends a line (rendez-vous).
    words: tuple[str, ...] = ()
    # Regular expressions whose spaces never break (postcodes).
    patterns: tuple[str, ...] = ()
    # Characters set after a narrow no-break space, and those set before one (French).
    narrow_before: str = ""
    narrow_after: str = ""
    # Tie the last two words of a heading or list item.
    last_words: bool = True
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)

    def _regex(self, name: str) -> re.Pattern | None:
        if name not in self._compiled:
            self._compiled[name] = _compile(self, name)
        return self._compiled[name]

    def apply(self, text: str) -> str:
        """``text`` with its ties (spaces and hyphens that must not break) made unbreakable."""
        units = self._regex("units")
        if units is not None:
            text = units.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
        for pattern in (self._regex("patterns"), self._regex("words")):
            if pattern is not None:
                text = pattern.sub(_unbroken, text)
        if self.narrow_before:
            text = re.sub(f"{_SPACE}([{re.escape(self.narrow_before)}])", NNBSP + r"\1", text)
        if self.narrow_after:
            text = re.sub(f"([{re.escape(self.narrow_after)}]){_SPACE}", r"\1" + NNBSP, text)
        return text

    def end(self, text: str) -> str:
        """``text`` tied, with its last two words tied too (headings, list items)."""
        text = self.apply(text)
        if not self.last_words:
            return text
        head, space, last = text.rstrip().rpartition(" ")
        return f"{head}{NBSP}{last}" if space and head.strip() else text

    def colon(self) -> str:
        """A colon after a label (``Written by:``), narrow-spaced where the language asks."""
        return (NNBSP if ":" in self.narrow_before else "") + ":"


def _unbroken(match: re.Match) -> str:
    return re.sub(" ", NBSP, match.group(0)).replace("-", NBHY)


def _compile(ties: Ties, name: str) -> re.Pattern | None:
    if name == "units" and ties.units:
        alternatives = "|".join(re.escape(u) for u in sorted(ties.units, key=len, reverse=True))
        return re.compile(rf"(\d){_SPACE}({alternatives})(?!\w)", re.IGNORECASE)
    if name == "words" and ties.words:
        return re.compile("|".join(rf"\b{re.escape(w)}\b" for w in ties.words), re.IGNORECASE)
    if name == "patterns" and ties.patterns:
        return re.compile("|".join(f"(?:{p})" for p in ties.patterns))
    return None


def merged(documents: list, report: Report) -> Ties:
    """The rules of several files (built-in first): lists add up, the last value wins."""
    lists: dict[str, list[str]] = {"units": [], "words": [], "patterns": []}
    values: dict[str, object] = {}
    for doc in documents:
        data = doc.data
        for key, value in data.items():
            if key in lists and isinstance(value, list) and all(isinstance(v, str) for v in value):
                lists[key] += value
            elif key in _VALUES and isinstance(value, _VALUES[key]):
                values[key] = value
            else:
                report.error("bad-rules", f"'{key}' is not a tying rule "
                             "(units, words, patterns: lists of text; narrow_before, "
                             "narrow_after: characters; last_words: true or false)",
                             doc.at(key))
    for pattern in lists["patterns"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            report.error("bad-rules", f"pattern {pattern!r} is not a regular expression: {exc}")
            lists["patterns"].remove(pattern)
    return Ties(units=tuple(dict.fromkeys(lists["units"])),
                words=tuple(dict.fromkeys(lists["words"])),
                patterns=tuple(dict.fromkeys(lists["patterns"])), **values)  # type: ignore[arg-type]


def ties_for(catalog: Catalog, language: str, report: Report) -> Ties:
    """The tying rules of ``language`` (its base language's file), read once per run."""
    base = language.split("-")[0].split("_")[0]  # as brochures.batch.manifest.base_language

    def read(found: Report) -> Ties:
        return merged([doc for relative in FILES
                       for doc in catalog.rule_documents(relative.format(lang=base), found)],
                      found)

    return catalog.rules(("ties", base), report, read)
