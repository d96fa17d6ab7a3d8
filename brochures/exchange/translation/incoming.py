"""``brochures translate import``: a translator's file back into the project.

Owns: reading an XLIFF or PO file (bounded in size), deciding which project file it
may write — only a translation, never a topic's source language nor the words of a
language some topic is written in, its language tag read as the project's code —
deciding per unit whether it may be written (:mod:`.accept`: refused when its id is
unknown, its source is no longer the current source text, it holds control or bidi
characters, or its markup differs; left as it was when untranslated or fuzzy), and
writing the result — the language or words file (:mod:`.writeback`), topic.yaml's
owner and what each translation was made from (:mod:`.stale`) — all together
(:mod:`.commit`), and only when the whole file is accepted (unless ``partial``).
The gate's findings on the result are the caller's to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from brochures.checks import staleness as stale
from brochures.errors import Location, Report
from brochures.exchange.translation import accept, commit, po, writeback, xliff
from brochures.exchange.translation.entries import (
    FUZZY,
    NEW,
    Entry,
    Exchange,
    read_words,
    words_file,
)
from brochures.i18n import project_language
from brochures.inputs.languages import known_languages, source_language
from brochures.inputs.project import Project
from brochures.inputs.units import OWNER, by_id, normalize, text_units, topic_owner
from brochures.inputs.yamlio import load_yaml

MAX_BYTES = 20 * 1024 * 1024  # a leaflet's exchange file is tens of kilobytes
_CONTENT = re.compile(r"^content/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]{2,35})\.yaml$")
_WORDS = re.compile(r"^templates/words/([A-Za-z0-9_-]{2,35})\.yaml$")
READERS = {".xlf": xliff.read, ".xliff": xliff.read, ".po": po.read}


@dataclass
class Imported:
    """What an import did: the file it wrote, and the units by outcome. ``whole``: the
    file was refused as a whole (nothing written)."""

    file: str
    topic: str | None
    language: str
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited in the project since export
    whole: bool = False


@dataclass
class Target:
    """Where a file's translations go, and what they are translated from."""

    file: str  # the project file, as the project names it
    topic: str | None
    language: str
    source_language: str
    sources: dict  # id → current source text (a Unit for a topic, a str for words)
    paths: dict  # id → where its text lives in the YAML file


def read_exchange(path: Path, report: Report) -> Exchange | None:
    reader = READERS.get(path.suffix.lower())
    where = Location(str(path))
    if reader is None:
        report.error("translate-format", "give an .xlf, .xliff or .po file", where)
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            report.error("translate-format", f"the file is larger than {MAX_BYTES >> 20} MB; "
                         "a leaflet's translation is far smaller: export it again", where)
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.error("translate-format", f"cannot read it: {exc.strerror or exc}", where)
        return None
    exchange = reader(data, str(path), report)
    if exchange is None:
        return None
    if not exchange.entries:
        report.error("translate-format", "the file holds no units to import",
                     Location(str(path), 1))
        return None
    if not exchange.file:
        # A tool dropped the header naming the target: the exported file's name says it.
        stem, _, language = path.stem.rpartition(".")
        exchange.file = (words_file(language) if stem == "words"
                         else f"content/{stem}/{language}.yaml")
    _duplicates(exchange, report)
    return exchange


def held(path: Path) -> dict[str, str] | None:
    """The finished translations an exchange file at ``path`` holds, by unit id (``{}``
    when there is no such file); ``None`` when it is there but not an exchange file."""
    reader = READERS.get(path.suffix.lower())
    try:
        if not path.exists() or path.stat().st_size == 0:
            return {}
        if reader is None or path.stat().st_size > MAX_BYTES:
            return None
        exchange = reader(path.read_bytes(), str(path), Report())
    except OSError:
        return None
    if exchange is None:
        return None
    return {e.id: normalize(e.target) for e in exchange.entries
            if e.state != NEW and e.target is not None}


def _duplicates(exchange: Exchange, report: Report) -> None:
    """Report every unit id given twice (which one would win?) and leave all of them out."""
    first: dict[str, int | None] = {}
    twice: set[str] = set()
    for entry in exchange.entries:
        if entry.id in first:
            twice.add(entry.id)
            report.error("translate-duplicate", f"unit '{entry.id}' is given again (first "
                         f"on line {first[entry.id]}); refused",
                         Location(exchange.name, entry.line))
        else:
            first[entry.id] = entry.line
    exchange.entries = [e for e in exchange.entries if e.id not in twice]


def _language(raw: str, exchange: Exchange, known: set[str], report: Report) -> str | None:
    """The project's code of the target language named by the file's path and header."""
    where = Location(exchange.name, 1)
    language = project_language(raw, known, report, where)
    if language is None:
        return None
    if exchange.language:
        said = project_language(exchange.language, {*known, language}, report, where)
        if said is None:
            return None
        if said != language:
            report.error("translate-target", f"the file says its language is "
                         f"{exchange.language} but it is for {exchange.file}", where)
            return None
    return language


def _target(project: Project, exchange: Exchange, report: Report) -> Target | None:
    where = Location(exchange.name, 1)
    content, words = _CONTENT.match(exchange.file), _WORDS.match(exchange.file)
    if not content and not words:
        report.error("translate-target", f"this file is for '{exchange.file}', which is "
                     "neither content/<topic>/<lang>.yaml nor templates/words/<lang>.yaml",
                     where)
        return None
    known, source_languages = known_languages(project)
    language = _language((content or words).groups()[-1], exchange, known, report)
    if language is None:
        return None
    if content:
        return _topic_target(project, content.group(1), language, exchange, report)
    source = project_language(exchange.source_language or "?", known, Report(), where, new=False)
    if language in source_languages:
        report.error("translate-target", f"{words_file(language)} holds the words of a source "
                     "language; a translation cannot be imported into it", where)
        return None
    if source not in source_languages:
        report.error("translate-source", f"'{exchange.source_language}' is not the source "
                     "language of any topic: words are translated from a topic's source "
                     "language", where)
        return None
    texts = read_words(project, source, report)
    if not texts:
        report.error("translate-source", f"no {words_file(source)} to translate from", where)
        return None
    return Target(words_file(language), None, language, source, texts,
                  {uid: writeback.word_path(uid) for uid in texts})


def _topic_target(project: Project, topic: str, language: str, exchange: Exchange,
                  report: Report) -> Target | None:
    where = Location(exchange.name, 1)
    source_lang = source_language(project, topic, report)
    if source_lang is None:
        return None
    if language == source_lang:
        report.error("translate-target", f"content/{topic}/{language}.yaml is the source "
                     "language; a translation cannot be imported into it", where)
        return None
    units = text_units(project, topic, source_lang, report)
    if units is None:
        report.error("translate-source", f"the source of {exchange.file} cannot be read",
                     where)
        return None
    doc = load_yaml(project.content_dir / topic / f"{source_lang}.yaml", "", Report())
    return Target(f"content/{topic}/{language}.yaml", topic, language, source_lang,
                  {u.id: u for u in units}, writeback.unit_paths(doc.data if doc else None))


def import_file(project: Project, path: Path, report: Report, partial: bool = False,
                force: bool = False) -> Imported | None:
    """Write the translations of the file at ``path`` into the project: all of them, or
    with ``partial`` those that are accepted; nothing when any is refused otherwise.
    ``force``: write a unit even when the project changed it since the export."""
    errors = report.error_count
    try:
        for finished in commit.recover(project.root):
            report.warning("translate-recovered", "an interrupted import is finished: "
                           "written", Location(project.show(finished)))
    except commit.OutputError as exc:
        report.error("translate-write", str(exc), Location(commit.JOURNAL))
        return None
    exchange = read_exchange(path, report)
    target = _target(project, exchange, report) if exchange is not None else None
    if exchange is None or target is None:
        return None
    path = project.root / target.file
    if not project.contains(path if path.exists() else path.parent):
        report.error("unsafe-path", f"{target.file} links outside the project",
                     Location(exchange.name, 1))
        return None
    result = Imported(target.file, target.topic, target.language)
    updates, owner = _decisions(project, target, exchange, report, result, force)
    changes = _changes(project, target, updates, owner, exchange, report, result)
    where = Location(exchange.name, 1)
    if report.error_count > errors and not partial:
        result.whole, result.written = True, []
        report.error("translate-refused", "nothing written from this file: every unit must "
                     "be accepted (`--partial` writes the accepted ones)", where)
    elif changes:
        try:
            commit.commit(changes, project.root)
        except commit.OutputError as exc:
            report.error("translate-write", f"{exc}; nothing written", where)
            result.whole, result.written = True, []
    _summarize(result, where, report)
    return result


def _decisions(project: Project, target: Target, exchange: Exchange, report: Report,
               result: Imported, force: bool) -> tuple[dict[str, str], str | None]:
    """The texts to write by id, and topic.yaml's owner's (``None``: nothing to write)."""
    topic, language = target.topic, target.language
    current = by_id(text_units(project, topic, language, Report()) or []) if topic else {}
    have = (read_words(project, language, Report()) or {}) if not topic else {}
    updates: dict[str, str] = {}
    owner: str | None = None
    for entry in exchange.entries:
        if topic and entry.id == OWNER:
            source, now = (topic_owner(project, topic, lang)
                           for lang in (target.source_language, language))
            owner = _decide(entry, source.text if source else None,
                            now.text if now else None, exchange, report, result, force)
            continue
        known = target.sources.get(entry.id) if entry.id in target.paths else None
        was = known.text if topic and known is not None else known
        now_have = current[entry.id].text if entry.id in current else have.get(entry.id)
        text = _decide(entry, was, now_have, exchange, report, result, force)
        if text is not None:
            updates[entry.id] = text
    return updates, owner


def _changes(project: Project, target: Target, updates: dict[str, str], owner: str | None,
             exchange: Exchange, report: Report, result: Imported) -> dict[Path, bytes]:
    """The new bytes of every file the import writes (the file, topic.yaml, records)."""
    where = Location(exchange.name, 1)
    path = project.root / target.file
    changes: dict[Path, bytes] = {}
    source_doc = load_yaml(project.root / (f"content/{target.topic}/"
                                           f"{target.source_language}.yaml" if target.topic
                                           else words_file(target.source_language)),
                           "", Report())
    new_text, refused = writeback.apply(path, source_doc.data if source_doc else None,
                                        target.paths, updates)
    if owner is not None:
        topic_file = project.content_dir / str(target.topic) / "topic.yaml"
        owner_text, owner_refused = writeback.apply(
            topic_file, {"owner": {target.language: ""}},
            {OWNER: ("owner", target.language)}, {OWNER: owner})
        refused.update(owner_refused)
        if owner_text is not None and not owner_refused:
            changes[topic_file] = owner_text.encode("utf-8")
        updates = {**updates, OWNER: owner}
    for uid, reason in refused.items():
        report.error("translate-refused", f"unit '{uid}': {reason}; refused", where)
        result.refused.append(uid)
    result.written = [uid for uid in updates if uid not in refused]
    if new_text is not None and [uid for uid in result.written if uid != OWNER]:
        changes[path] = new_text.encode("utf-8")
    if target.topic and (result.written or result.unchanged):
        units = {**target.sources}
        source_owner = topic_owner(project, target.topic, target.source_language)
        if source_owner is not None:
            units[OWNER] = source_owner
        done = [units[uid] for uid in (*result.written, *result.unchanged) if uid in units]
        records = stale.recorded_text(project, target.topic, target.language, done, report)
        if records is not None:
            changes[records[0]] = records[1]
    return changes


def _decide(entry: Entry, now: str | None, have: str | None, exchange: Exchange,
            report: Report, result: Imported, force: bool = False) -> str | None:
    """The text to write for one unit, or ``None`` (recorded in ``result`` as refused,
    untranslated, fuzzy or unchanged). ``now``: the source's current text (``None``: no
    such unit); ``have``: what the target file holds now."""
    at = Location(exchange.name, entry.line)
    target = normalize(entry.target) if entry.target is not None else ""
    why = accept.characters(entry.target or "")
    if now is None:
        report.error("translate-unknown-unit", f"unit '{entry.id}' is not in the source "
                     f"of {exchange.file}; refused", at)
    elif normalize(entry.source) != now:
        report.error("translate-source-changed", f"unit '{entry.id}': its source changed "
                     f"since this file was exported (it now reads “{now}”); refused — "
                     "export again and translate the new text", at)
    elif entry.state == NEW:
        result.untranslated.append(entry.id)
        return None
    elif why is not None:
        code = "translate-bidi" if accept.BIDI.search(entry.target or "") else \
            "translate-character"
        report.error(code, f"unit '{entry.id}': {why}; refused", at)
    elif entry.state == FUZZY:
        result.fuzzy.append(entry.id)
        return None
    elif target == have:
        result.unchanged.append(entry.id)
        return None
    elif not force and (lost := accept.lost_update(entry.base, target, have)) == "kept":
        result.kept.append(entry.id)
        return None
    elif not force and lost == "conflict":
        report.error("translate-conflict", f"unit '{entry.id}': changed in the project since "
                     f"this file was exported (it now reads “{have or ''}”); refused — merge "
                     "the two by hand, or --force to write the file's text", at)
    elif (why := accept.markup(now, target)) is not None:
        report.error("translate-markup", f"unit '{entry.id}': {why}; refused", at)
    else:
        return target
    result.refused.append(entry.id)
    return None


def _summarize(result: Imported, where: Location, report: Report) -> None:
    for ids, what, why in ((result.untranslated, "untranslated", ""),
                           (result.fuzzy, "fuzzy", ""),
                           (result.kept, "kept", " (edited in the project since the export, "
                                                 "not in this file: the project's text stays)")):
        if ids:
            shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
            label = "" if what == "kept" else f"{what} "
            report.warning(f"translate-{what}", f"{len(ids)} {label}unit"
                           f"{'s' if len(ids) != 1 else ''} left as they were{why}: {shown}",
                           where)
