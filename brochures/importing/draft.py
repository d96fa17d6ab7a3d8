"""Writing the draft: ``content/<topic>/<lang>.yaml`` and the topic's ``topic.yaml``.

Owns: the YAML text of a draft leaflet — a comment above each section naming the source
(file or address, and line) of each paragraph, item and step; required sections with
nothing in them written empty (so the gate says so); what could not be placed kept in a
comment block at the end — and the line of every sentence in it, so that findings point
at the draft's lines. Also adds the language to ``drafts:`` and the sources to the
unprinted ``imported_from:`` list of ``topic.yaml`` (made when the topic is new), and
reads back a draft written earlier for ``--append``.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from brochures.checks.text import Passage
from brochures.importing.classify import Entry
from brochures.yamlio import Document

WIDTH = 92
_ORIGIN_LINE = re.compile(r"^\s*#\s+(body|item|step) (\d+): (.*)$")


@dataclass
class Written:
    """The draft's text and where things are in it."""

    text: str
    passages: list[tuple[Entry, Passage]] = field(default_factory=list)
    section_lines: dict[str, int] = field(default_factory=dict)
    source_lines: dict[str, int] = field(default_factory=dict)
    empty: dict[str, int] = field(default_factory=dict)  # section -> line naming it
    unplaced: int = 0


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's form is one)."""
    return json.dumps(text.replace("\u2028", " ").replace("\u2029", " "), ensure_ascii=False)


def _origins(entry: Entry) -> str:
    return "; ".join(f"{name}:{line}" if line else name for name, line in entry.origins)


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str = "") -> int:
        self.lines.append(line.rstrip())
        return len(self.lines)


def render(grouped: dict[str | None, list[Entry]], *, title: str, language: str,
           sources: list[str], notes: dict[str, str], required: list[str], shown: str,
           today: date) -> Written:
    """The draft's YAML text, and the line of every entry in it."""
    out, written = _Lines(), Written("")
    out.add(f"# DRAFT imported by `brochures import` on {today.isoformat()}. The sentences "
            "below are the")
    out.add("# sources' own words: rewrite every section in plain patient language, act on "
            "each finding")
    out.add(f"# of the import report, then remove '{language}' from drafts: in topic.yaml.")
    out.add("# Imported from:")
    for name in sources:
        note = f"  ({notes[name]})" if name in notes else ""
        written.source_lines[name] = out.add(f"#   {name}{note}")
    out.add(f"title: {_quoted(title)}")
    out.add('subtitle: ""  # write a subtitle that says what the leaflet is for')
    out.add("sections:")

    def passage(entry: Entry, text: str, lines: list[tuple[int, int]], kind: str) -> None:
        written.passages.append((entry, Passage(text, entry.section, shown, kind, lines)))

    for section_id, entries in grouped.items():
        if section_id is None:
            continue
        if not entries:
            if section_id in required:
                out.add(f"  # {section_id}: nothing in the sources was placed here: write it")
                written.empty[section_id] = out.add(f"  {section_id}: {{}}")
            else:
                written.empty[section_id] = out.add(
                    f"  # {section_id}: nothing in the sources was placed here (optional, "
                    "but a patient leaflet should have it)")
            continue
        paragraphs = [e for e in entries if e.kind == "paragraph"]
        items = [e for e in entries if e.kind != "paragraph"]
        out.add(f"  # {section_id}, from:")
        for n, entry in enumerate(paragraphs, start=1):
            out.add(f"  #   body {n}: {_origins(entry)}")
        for n, entry in enumerate(items, start=1):
            out.add(f"  #   {'step' if entry.kind == 'step' else 'item'} {n}: "
                    f"{_origins(entry)}")
        written.section_lines[section_id] = out.add(f"  {section_id}:")
        if paragraphs:
            out.add("    body: |-")
            for n, entry in enumerate(paragraphs):
                if n:
                    out.add()
                lines = []
                for chunk in textwrap.wrap(entry.text, WIDTH, break_long_words=False,
                                           break_on_hyphens=False):
                    lines.append((out.add(f"      {chunk}"), len(chunk.split())))
                passage(entry, entry.text, lines, "body")
        if items:
            out.add("    items:")
            steps = section_id == "stages"
            for entry in items:
                if steps:
                    title_line = out.add(f"      - title: {_quoted(entry.title or entry.text)}")
                    text = entry.text if entry.title else ""
                    text_line = out.add(f"        text: {_quoted(text)}")
                    passage(entry, entry.title or entry.text,
                            [(title_line, len((entry.title or entry.text).split()))], "step")
                    if entry.title:
                        passage(entry, entry.text, [(text_line, len(entry.text.split()))],
                                "item")
                else:
                    line = out.add(f"      - {_quoted(entry.words)}")
                    passage(entry, entry.words, [(line, len(entry.words.split()))], "item")
    unplaced = grouped.get(None) or []
    if unplaced:
        out.add()
        out.add("# Not placed in any section: move what belongs in the leaflet into a section, "
                "delete the rest.")
        for entry in unplaced:
            out.add(f"# {_origins(entry)}")
            for chunk in textwrap.wrap(entry.words, WIDTH - 4, break_long_words=False):
                out.add(f"#   {chunk}")
        written.unplaced = len(unplaced)
    written.text = "\n".join(out.lines) + "\n"
    return written


def read_back(doc: Document, source_text: str,
              shown: str) -> tuple[list[Entry], str | None, dict[str, str]]:
    """The entries, title and sources (with their notes) of a draft written earlier."""
    traced: dict[tuple[str, str, int], list[tuple[str, int | None]]] = {}
    section = None
    earlier: dict[str, str] = {}
    lines = source_text.splitlines()
    if "# Imported from:" in lines:
        for line in lines[lines.index("# Imported from:") + 1:]:
            if not line.startswith("#   "):
                break
            name, _, note = line[4:].partition("  (")
            earlier[name.strip()] = note.rstrip(")")
    for line in lines:
        match = _ORIGIN_LINE.match(line)
        if match:
            origins = []
            for part in match.group(3).split("; "):
                name, _, where = part.rpartition(":")
                origins.append((name, int(where)) if where.isdigit() and name else (part, None))
            traced[(section or "", match.group(1), int(match.group(2)))] = origins
        elif (head := re.match(r"^  #\s+([a-z_]+), from:$", line)):
            section = head.group(1)
    entries: list[Entry] = []
    data = doc.data if isinstance(doc.data, dict) else {}

    def origin(section_id: str, kind: str, n: int, keys: tuple) -> list[tuple[str, int | None]]:
        return traced.get((section_id, kind, n)) or [(shown, doc.at(*keys).line)]

    for section_id, raw in (data.get("sections") or {}).items():
        raw = raw if isinstance(raw, dict) else {}
        body = raw.get("body") if isinstance(raw.get("body"), str) else ""
        for n, paragraph in enumerate([p for p in body.split("\n\n") if p.strip()], start=1):
            entries.append(Entry(section_id, "paragraph", " ".join(paragraph.split()),
                                 origins=origin(section_id, "body", n,
                                                ("sections", section_id, "body"))))
        for n, item in enumerate(raw.get("items") or [], start=1):
            keys = ("sections", section_id, "items", n - 1)
            if isinstance(item, dict) and isinstance(item.get("title"), str):
                entries.append(Entry(section_id, "step", str(item.get("text") or ""),
                                     item["title"], origins=origin(section_id, "step", n, keys)))
            elif isinstance(item, str):
                entries.append(Entry(section_id, "item", item,
                                     origins=origin(section_id, "item", n, keys)))
    # the unplaced block at the end: "# origins" then "#   text" lines
    if "# Not placed in any section" in source_text:
        tail = source_text[source_text.index("# Not placed in any section"):].splitlines()[1:]
        for line in tail:
            if line.startswith("#   ") and entries and entries[-1].section is None:
                entries[-1].text = f"{entries[-1].text} {line[4:].strip()}".strip()
            elif line.startswith("# "):
                origins = []
                for part in line[2:].split("; "):
                    name, _, where = part.rpartition(":")
                    origins.append((name, int(where)) if where.isdigit() and name else (part, None))
                entries.append(Entry(None, "paragraph", "", origins=origins))
    title = data.get("title") if isinstance(data.get("title"), str) else None
    return entries, title, earlier


def topic_yaml(topic_id: str, language: str, today: date) -> str:
    """A new topic's ``topic.yaml``: what a person must fill in is marked REPLACE."""
    next_year = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year + 1, day=28)
    return f"""# Facts about the {topic_id} leaflet that are the same in every language.
# Made by `brochures import`: replace the owner and the evidence before anything is printed.
source_language: {language}
reviewed: {today.isoformat()}
next_review: {next_year.isoformat()}
owner: "REPLACE: the team responsible for this leaflet"
sources:  # the evidence the leaflet rests on (printed); not the pages it was imported from
  - title: "REPLACE: a guideline, review or society that supports what the leaflet says"
    url: https://example.org/replace-with-the-evidence
drafts: [{language}]
"""


def update_topic(text: str, language: str, sources: list[str], today: date) -> str:
    """``topic.yaml`` with ``language`` under ``drafts:`` and the sources in ``imported_from:``.

    ruamel.yaml's round trip keeps the person's comments and layout.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100
    data = yaml.load(text)
    drafts = data.get("drafts")
    if drafts is None:
        drafts = CommentedSeq()
        drafts.fa.set_flow_style()
        data["drafts"] = drafts
    if language not in drafts:
        drafts.append(language)
    imported = data.get("imported_from")
    if imported is None:
        imported = CommentedSeq()
        data["imported_from"] = imported
        data.yaml_set_comment_before_after_key(
            "imported_from", before="where the drafts' text came from (never printed)")
    for name in sources:
        entry = CommentedMap()
        entry["source"] = name
        entry["date"] = today
        entry["language"] = language
        imported.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    from brochures.write import write_atomic

    write_atomic(path, text.encode("utf-8"))
