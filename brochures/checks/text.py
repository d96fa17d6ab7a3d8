"""The text a patient reads, as passages that know their place in the YAML.

Owns: cutting a leaflet into passages (title, subtitle, intro, each
paragraph and list item of each section) as plain text without markup, and
turning a position inside a passage back into the line of the file where
those words are written, so that a finding can point at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochures.errors import Location, Report
from brochures.inputs.markup import plain
from brochures.inputs.yamlio import Document
from brochures.model import Leaflet


@dataclass
class Passage:
    """One run of text: where it starts in the file, and the words of each line."""

    text: str
    section: str | None
    path: str
    # title, subtitle, intro, heading, body, item or step (the title of a step)
    kind: str
    # (line number, number of words on that line that belong to the passage)
    lines: list[tuple[int, int]]

    def line_at(self, offset: int) -> int:
        """The file line of the word at character ``offset`` of :attr:`text`."""
        before = self.text[:offset]
        word = len(before.split())
        if before and not before[-1].isspace():
            word -= 1  # the offset is inside a word (after a quote mark, say)
        seen = 0
        for line, count in self.lines:
            seen += count
            if word < seen:
                return line
        return self.lines[-1][0] if self.lines else 1

    def location(self, offset: int = 0) -> Location:
        return Location(self.path, self.line_at(offset))


def _word_lines(source: list[str], doc: Document, keys: tuple, value: str) -> list[tuple[int, int]]:
    """How the words of ``value`` are spread over the lines of the file."""
    line, column = doc.marks.get(keys, (1, 1))
    first = source[line - 1][column - 1:] if 0 < line <= len(source) else ""
    if first.lstrip().startswith(("|", ">")):  # block scalar: the text starts below
        line, first = line + 1, source[line] if line < len(source) else ""
    wanted = len(value.split())
    lines: list[tuple[int, int]] = []
    number, text = line, first
    while wanted > 0 and number <= len(source):
        count = min(len(text.split()), wanted)
        if count:
            lines.append((number, count))
            wanted -= count
        number += 1
        text = source[number - 1] if number <= len(source) else ""
    return lines or [(line, 0)]


def passages(leaflet: Leaflet, shown: str, report: Report | None = None) -> list[Passage]:
    """Every passage of ``leaflet``'s text, in reading order."""
    doc = leaflet.document  # as the catalog loaded it, lines and all
    if doc is None:
        return []
    source = doc.lines
    found: list[Passage] = []

    def add(keys: tuple, value: str, section: str | None, kind: str) -> None:
        text = plain(value)
        if not text.strip():
            return
        found.append(Passage(text, section, shown, kind, _word_lines(source, doc, keys, value)))

    data = doc.data
    for key in ("title", "subtitle", "intro"):
        if isinstance(data.get(key), str):
            add((key,), data[key], None, key)
    for section_id in leaflet.sections:
        raw = (data.get("sections") or {}).get(section_id) or {}
        keys = ("sections", section_id)
        if isinstance(raw.get("heading"), str):
            add((*keys, "heading"), raw["heading"], section_id, "heading")
        body = raw.get("body") or ""
        if isinstance(body, str) and body.strip():
            # Paragraphs keep their own lines: split the body's word map at blank lines.
            whole = _word_lines(source, doc, (*keys, "body"), body)
            words = [len(p.split()) for p in body.split("\n\n")]
            index = 0
            for paragraph, count in zip(body.split("\n\n"), words, strict=True):
                if not count:
                    continue
                part, need = [], count
                while need and index < len(whole):
                    line, n = whole[index]
                    take = min(n, need)
                    part.append((line, take))
                    need -= take
                    if take == n:
                        index += 1
                    else:
                        whole[index] = (line, n - take)
                found.append(Passage(plain(paragraph), section_id, shown, "body", part))
        for n, item in enumerate(raw.get("items") or []):
            if isinstance(item, str):
                add((*keys, "items", n), item, section_id, "item")
            elif isinstance(item, dict):
                for key, kind in (("title", "step"), ("text", "item")):
                    if isinstance(item.get(key), str):
                        add((*keys, "items", n, key), item[key], section_id, kind)
    return found
