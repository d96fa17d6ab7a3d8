"""Writing the draft: ``content/<topic>/<lang>.yaml`` and the topic's ``topic.yaml``.

Owns: the YAML text of a draft leaflet — a comment above each section naming the source
(file or address, and line) of each paragraph, item and step; required sections with
nothing in them written empty (so the gate says so); what could not be placed kept in a
comment block at the end — and the line of every sentence in it, so that findings point
at the draft's lines. On ``--append``, what the leaflet held (``readback.Kept``: its body
text exactly, subtitle, intro, images, items with their evidence and source, any other
key) is written again unchanged, the new text after it. Also adds the language to
``drafts:`` and the sources to the unprinted ``imported_from:`` list of ``topic.yaml``
(made when the topic is new).
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from brochures.checks.text import Passage
from brochures.exchange.imports.classify import Entry
from brochures.exchange.imports.readback import Kept
from brochures.write import write_atomic

WIDTH = 92


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


def _dump(key: str, value: object, indent: int) -> list[str]:
    """``key: value`` as YAML lines at ``indent`` (a kept value, written exactly as it was)."""
    text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=WIDTH,
                          default_flow_style=False)
    return [" " * indent + line for line in text.rstrip("\n").split("\n")]


def _literal_safe(text: str) -> bool:
    """Whether ``text`` reads back the same from a ``|-`` block."""
    return (bool(text) and not text[0].isspace() and not text.endswith(("\n", " "))
            and not any(line != line.rstrip() for line in text.split("\n"))
            and all(c == "\n" or c.isprintable() for c in text))


def _header(out: _Lines, written: Written, language: str, sources: list[str],
            notes: dict[str, str], today: date) -> None:
    out.add(f"# DRAFT imported by `brochures import` on {today.isoformat()}. The sentences "
            "below are the")
    out.add("# sources' own words: rewrite every section in plain patient language, act on "
            "each finding")
    out.add(f"# of the import report, then remove '{language}' from drafts: in topic.yaml.")
    out.add("# Imported from:")
    for name in sources:
        note = f"  ({notes[name]})" if name in notes else ""
        written.source_lines[name] = out.add(f"#   {name}{note}")


def _body(out: _Lines, written: Written, paragraphs: list[Entry], kept_body: str | None,
          shown: str) -> None:
    """A section's body: the kept body exactly as it was, then each new paragraph."""
    new = [e for e in paragraphs if not e.kept]
    wrapped = [textwrap.wrap(e.text, WIDTH, break_long_words=False, break_on_hyphens=False)
               for e in new]
    kept_lines = kept_body.split("\n") if kept_body is not None else []
    chunks = ([kept_lines] if kept_body is not None else []) + wrapped
    whole = "\n\n".join("\n".join(lines) for lines in chunks)

    def passage(entry: Entry, lines: list[tuple[int, int]]) -> None:
        written.passages.append((entry, Passage(entry.text, entry.section, shown, "body",
                                                lines)))

    if not _literal_safe(whole):  # one quoted line holds every paragraph
        line = out.add(f"    body: {_quoted(whole)}")
        for entry in paragraphs:
            passage(entry, [(line, len(entry.text.split()))])
        return
    out.add("    body: |-")
    first = len(out.lines) + 1
    for n, lines in enumerate(chunks):
        if n:
            out.add()
        for chunk in lines:
            out.add(f"      {chunk}")
    starts = list(itertools.accumulate((len(t) + 1 for t in kept_lines), initial=0))
    for entry in (e for e in paragraphs if e.kept):
        index = bisect.bisect_right(starts, entry.offset) - 1
        own = len(entry.text.split())
        lines = []
        for k, text_line in enumerate(itertools.islice(kept_lines, index, None)):
            lines.append((first + index + k, len(text_line.split())))
            own -= lines[-1][1]
            if own <= 0:  # the paragraph's own lines, up to its last word
                break
        passage(entry, lines)
    line = first + (len(kept_lines) + 1 if kept_body is not None else 0)
    for entry, lines in zip(new, wrapped, strict=True):
        passage(entry, [(line + k, len(w.split())) for k, w in enumerate(lines)])
        line += len(lines) + 1

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
    # lazy: start-up time: ruamel loads only when this runs
    from ruamel.yaml import YAML

    # lazy: start-up time: ruamel loads only when this runs
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

    write_atomic(path, text.encode("utf-8"))


def _item(out: _Lines, written: Written, entry: Entry, steps: bool, shown: str) -> None:
    """One item or step: a kept one exactly as it was (with its evidence, source ...)."""

    def passage(text: str, line: int, kind: str) -> None:
        written.passages.append((entry, Passage(text, entry.section, shown, kind,
                                                [(line, len(text.split()))])))

    if entry.raw is not None:
        lines = yaml.safe_dump([entry.raw], allow_unicode=True, sort_keys=False, width=WIDTH,
                               default_flow_style=False).rstrip("\n").split("\n")
        numbers = [out.add(f"      {line}") for line in lines]
        where = {line.lstrip("- ").split(":", 1)[0]: n for line, n in zip(lines, numbers,
                                                                          strict=True)}
        if entry.kind == "step":
            passage(entry.title, where.get("title", numbers[0]), "step")
        if entry.text:
            passage(entry.text, where.get("text", numbers[0]), "item")
    elif steps or entry.kind == "step":
        title_line = out.add(f"      - title: {_quoted(entry.title or entry.text)}")
        text = entry.text if entry.title else ""
        text_line = out.add(f"        text: {_quoted(text)}")
        passage(entry.title or entry.text, title_line, "step")
        if entry.title:
            passage(entry.text, text_line, "item")
    else:
        passage(entry.words, out.add(f"      - {_quoted(entry.words)}"), "item")


def _section(out: _Lines, written: Written, section_id: str, entries: list[Entry],
             kept: Kept, required: list[str], shown: str) -> None:
    extras = kept.extras.get(section_id)
    kept_body = kept.bodies.get(section_id)
    if not entries and not extras:
        if section_id in required or extras is not None:
            out.add(f"  # {section_id}: nothing in the sources was placed here: write it")
            written.empty[section_id] = out.add(f"  {section_id}: {{}}")
        else:
            written.empty[section_id] = out.add(
                f"  # {section_id}: nothing in the sources was placed here (optional, "
                "but a patient leaflet should have it)")
        return
    paragraphs = [e for e in entries if e.kind == "paragraph"]
    items = [e for e in entries if e.kind != "paragraph"]
    out.add(f"  # {section_id}, from:")
    for n, entry in enumerate(paragraphs, start=1):
        out.add(f"  #   body {n}: {_origins(entry)}")
    for n, entry in enumerate(items, start=1):
        out.add(f"  #   {'step' if entry.kind == 'step' else 'item'} {n}: {_origins(entry)}")
    written.section_lines[section_id] = out.add(f"  {section_id}:")
    for key, value in (extras or {}).items():
        for line in _dump(key, value, 4):
            out.add(line)
    if paragraphs or kept_body is not None:
        _body(out, written, paragraphs, kept_body, shown)
    if items:
        out.add("    items:")
        for entry in items:
            _item(out, written, entry, section_id == "stages", shown)


def render(grouped: dict[str | None, list[Entry]], *, title: str, language: str,
           sources: list[str], notes: dict[str, str], required: list[str], shown: str,
           today: date, kept: Kept | None = None) -> Written:
    """The draft's YAML text, and the line of every entry in it; ``kept``: what the
    leaflet appended to holds besides its entries, written again as it was."""
    kept = kept or Kept()
    out, written = _Lines(), Written("")
    _header(out, written, language, sources, notes, today)
    out.add(f"title: {_quoted(kept.title or title)}")
    if "subtitle" not in kept.top:
        out.add('subtitle: ""  # write a subtitle that says what the leaflet is for')
    for key, value in kept.top.items():
        for line in _dump(key, value, 0):
            out.add(line)
    out.add("sections:")
    for section_id, entries in grouped.items():
        if section_id is not None:
            _section(out, written, section_id, entries, kept, required, shown)
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
