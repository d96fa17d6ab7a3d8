"""Reading back the leaflet that ``brochures import --append`` adds to: all of it.

Owns: turning an existing ``content/<topic>/<lang>.yaml`` (a draft written earlier, or a
finished leaflet) into what the draft writer needs to write it again *unchanged* with new
text added: every paragraph, item and step as a kept :class:`Entry` (traced to the
source named in the draft's comments, else to its own line), each section's body exactly
as it was, and every other value — title, subtitle, intro, a section's image, an item's
evidence grade and source, keys this module has never heard of — as it was. Append adds;
it never removes or rewrites what is there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from brochures.exchange.imports.classify import Entry
from brochures.inputs.yamlio import Document

_ORIGIN_LINE = re.compile(r"^\s*#\s+(body|item|step) (\d+): (.*)$")
_SECTION_HEAD = re.compile(r"^  #\s+([a-z_]+), from:$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
Origins = list[tuple[str, int | None]]


@dataclass
class Kept:
    """What the leaflet appended to holds besides its entries, to be written again as is."""

    title: str | None = None
    top: dict = field(default_factory=dict)  # subtitle, intro, any other top-level key
    extras: dict[str, dict] = field(default_factory=dict)  # section -> image and other keys
    bodies: dict[str, str] = field(default_factory=dict)  # section -> its body, exactly
    sources: dict[str, str] = field(default_factory=dict)  # the draft's sources and notes


def _parse_origins(text: str) -> Origins:
    origins: Origins = []
    for part in text.split("; "):
        name, _, where = part.rpartition(":")
        origins.append((name, int(where)) if where.isdigit() and name else (part, None))
    return origins


def _traced(lines: list[str]) -> dict[tuple[str, str, int], Origins]:
    """The draft's comments: (section, body/item/step, n) -> the sources it came from."""
    traced: dict[tuple[str, str, int], Origins] = {}
    section = ""
    for line in lines:
        match = _ORIGIN_LINE.match(line)
        if match:
            traced[(section, match.group(1), int(match.group(2)))] = \
                _parse_origins(match.group(3))
        elif head := _SECTION_HEAD.match(line):
            section = head.group(1)
    return traced


def _sources(lines: list[str]) -> dict[str, str]:
    earlier: dict[str, str] = {}
    if "# Imported from:" in lines:
        for line in lines[lines.index("# Imported from:") + 1:]:
            if not line.startswith("#   "):
                break
            name, _, note = line[4:].partition("  (")
            earlier[name.strip()] = note.rstrip(")")
    return earlier


def _paragraphs(body: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph of ``body``; the text is the words, re-spaced."""
    found, start = [], 0
    for match in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        if body[start:end].strip():
            found.append((start + len(body[start:end]) - len(body[start:end].lstrip()),
                           " ".join(body[start:end].split())))
        start = match.end() if match else len(body)
    return found


def _section(section_id: str, raw: dict, kept: Kept, doc: Document, shown: str,
             traced: dict) -> list[Entry]:
    def origin(kind: str, n: int, keys: tuple) -> Origins:
        return traced.get((section_id, kind, n)) or [(shown, doc.at(*keys).line)]

    entries: list[Entry] = []
    kept.extras[section_id] = {k: v for k, v in raw.items() if k not in ("body", "items")}
    body = raw.get("body")
    if isinstance(body, str):
        kept.bodies[section_id] = body
        for n, (offset, text) in enumerate(_paragraphs(body), start=1):
            entries.append(Entry(section_id, "paragraph", text, kept=True, offset=offset,
                                 origins=origin("body", n, ("sections", section_id, "body"))))
    elif body is not None:
        kept.extras[section_id]["body"] = body
    items = raw.get("items")
    if items is not None and not isinstance(items, list):
        kept.extras[section_id]["items"] = items
        items = []
    for n, item in enumerate(items or [], start=1):
        keys = ("sections", section_id, "items", n - 1)
        if isinstance(item, dict) and isinstance(item.get("title"), str):
            entries.append(Entry(section_id, "step", str(item.get("text") or ""),
                                 item["title"], kept=True, raw=item,
                                 origins=origin("step", n, keys)))
        else:
            text = item if isinstance(item, str) else str(
                item.get("text") or "") if isinstance(item, dict) else ""
            entries.append(Entry(section_id, "item", text, kept=True,
                                 raw=None if isinstance(item, str) else item,
                                 origins=origin("item", n, keys)))
    return entries


def _unplaced(source_text: str) -> list[Entry]:
    """The closing comment of a draft: "# origins" then "#   text" lines."""
    entries: list[Entry] = []
    if "# Not placed in any section" not in source_text:
        return entries
    tail = source_text[source_text.index("# Not placed in any section"):].splitlines()[1:]
    for line in tail:
        if line.startswith("#   ") and entries:
            entries[-1].text = f"{entries[-1].text} {line[4:].strip()}".strip()
        elif line.startswith("# "):
            entries.append(Entry(None, "paragraph", "", origins=_parse_origins(line[2:])))
    return entries


def read_back(doc: Document, source_text: str, shown: str) -> tuple[list[Entry], Kept]:
    """Every entry of the leaflet appended to, and everything else in it, to keep."""
    lines = source_text.splitlines()
    traced = _traced(lines)
    data = doc.data if isinstance(doc.data, dict) else {}
    kept = Kept(sources=_sources(lines))
    if isinstance(data.get("title"), str):
        kept.title = data["title"]
    elif "title" in data:
        kept.top["title"] = data["title"]
    kept.top |= {k: v for k, v in data.items() if k not in ("title", "sections")}
    entries: list[Entry] = []
    for section_id, raw in (data.get("sections") or {}).items():  # mappings (run checks)
        entries += _section(section_id, raw or {}, kept, doc, shown, traced)
    for entry in _unplaced(source_text):
        entry.kept = True
        entries.append(entry)
    return entries, kept
