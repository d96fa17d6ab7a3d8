"""Sections: where each paragraph or list of a source belongs.

Owns: placing every block in a section (``what_it_is``, ``history``, ``benefits``,
``stages``, ``risks``, ``not_suitable_for``, ``aftercare``, ``evidence``): by the source's
own heading first (the heading patterns of ``rules/import/<lang>.yaml``, tried in the
rules' ``order`` so "After the procedure" is aftercare before it is stages), then by
what the text says (the section whose keywords it matches most). A block no rule can
place gets no section: the draft keeps it in a comment, never drops it. Lists stay
lists; numbered steps become ``stages`` items with a title and a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from brochures.exchange.imports.extract import HEADING, LIST, PARAGRAPH, STEPS, Extracted
from brochures.exchange.imports.rules import ImportRules

STAGES = "stages"
OVERRULE = 2  # keywords of another section that move a paragraph away from its heading's
# "Consultation: the doctor asks ..." / "Beratung – Wir fragen ..."
_STEP_TITLE = re.compile(r"^(.{2,60}?)\s*(?::|\s[–—-]\s)\s*(.+)$")


@dataclass
class Entry:
    """One paragraph, list item or step, placed in a section (None: not placed)."""

    section: str | None
    kind: str  # paragraph, item or step
    text: str
    title: str = ""  # the title of a step
    origins: list[tuple[str, int | None]] = field(default_factory=list)
    # read back from the leaflet appended to: written again exactly as it was, never merged
    # away; ``raw`` is its value when that is more than a string (an item with its evidence)
    kept: bool = False
    raw: object = None
    offset: int = 0  # where a kept paragraph starts in its section's body

    @property
    def words(self) -> str:
        return f"{self.title}: {self.text}" if self.title else self.text


def section_of_heading(text: str, rules: ImportRules) -> str | None:
    """The section a heading names: the one whose pattern matches earliest in it (the
    heading's subject comes first: "Complications after the procedure" is risks, "After
    the procedure" aftercare), the rules' ``order`` breaking a tie; else by keywords."""
    found: list[tuple[int, int, str]] = []
    for rank, section_id in enumerate(rules.order):
        section = rules.sections.get(section_id)
        starts = [m.start() for p in (section.headings if section else [])
                  if (m := p.search(text))]
        if starts:
            found.append((min(starts), rank, section_id))
    return min(found)[2] if found else section_of_text(text, rules)


def keyword_scores(text: str, rules: ImportRules) -> dict[str, int]:
    return {sid: sum(len(p.findall(text)) for p in s.keywords)
            for sid, s in rules.sections.items()}


def section_of_text(text: str, rules: ImportRules) -> str | None:
    """The section whose keywords the text matches most; None on a tie or no match."""
    scores = keyword_scores(text, rules)
    best = max(scores.values(), default=0)
    winners = [sid for sid, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def section_under(heading: str | None, text: str, rules: ImportRules) -> str | None:
    """The section of a paragraph under a heading of section ``heading``: the heading's,
    unless the words clearly say another (a year of history among the uses): another
    section's keywords found ``OVERRULE`` times or more, and the heading's none."""
    if heading is None:
        return section_of_text(text, rules)
    scores = keyword_scores(text, rules)
    if scores.get(heading, 0) == 0:
        best = max(scores, key=lambda sid: scores[sid], default=None)
        ties = [sid for sid, score in scores.items() if best and score == scores[best]]
        if best and scores[best] >= OVERRULE and len(ties) == 1:
            return best
    return heading


def split_step(text: str) -> tuple[str, str]:
    """A numbered step as (title, text): "Consultation: the doctor asks ..."."""
    match = _STEP_TITLE.match(text)
    if match and len(match.group(1).split()) <= 6:
        return match.group(1).strip(), match.group(2).strip()
    sentences = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)
    if len(sentences) == 2 and len(sentences[0]) <= 80:
        return sentences[0].rstrip("."), sentences[1]
    return text.rstrip("."), ""


def classify(extracted: Extracted, rules: ImportRules) -> list[Entry]:
    """Every block of one source as entries, each in its section or in none."""
    name = extracted.source.name
    entries: list[Entry] = []
    current: str | None = None
    for block in extracted.blocks:
        if block.kind == HEADING:
            current = None if block.level == 1 else section_of_heading(block.text, rules)
            continue
        if block.kind == PARAGRAPH:
            section = section_under(current, block.text, rules)
            entries.append(Entry(section, "paragraph", block.text, origins=[(name, block.line)]))
            continue
        whole = " ".join(block.items)
        section = current or (STAGES if block.kind == STEPS else section_of_text(whole, rules))
        for item, line in zip(block.items, block.item_lines, strict=True):
            if section == STAGES:
                title, text = split_step(item)
                entries.append(Entry(section, "step", text, title, origins=[(name, line)]))
            else:
                entries.append(Entry(section, "item" if block.kind in (LIST, STEPS) else
                                     "paragraph", item, origins=[(name, line)]))
    return entries
