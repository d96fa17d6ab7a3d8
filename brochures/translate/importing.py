"""``brochures translate import``: a translator's file back into the project.

Owns: reading an XLIFF or PO file, deciding per unit whether it may be
written — refused when its id is unknown, its source is no longer the
current source text, or its markup differs; left as it was when untranslated
or fuzzy — writing the rest (:mod:`.writeback`), and recording what each
translation was made from (:mod:`.stale`). The gate's findings on the
result are the caller's to add (:func:`gate_report`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from brochures.errors import Location, Report
from brochures.project import Project
from brochures.translate import inline, po, stale, writeback, xliff
from brochures.translate.exchange import (
    FUZZY,
    NEW,
    Entry,
    Exchange,
    read_words,
    source_language,
    words_file,
)
from brochures.units import OWNER, by_id, normalize, text_units, topic_owner
from brochures.yamlio import load_yaml

_CONTENT = re.compile(r"^content/([A-Za-z0-9_-]+)/([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.yaml$")
_WORDS = re.compile(r"^templates/words/([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.yaml$")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}")  # filled in by the templates (words files)
READERS = {".xlf": xliff.read, ".xliff": xliff.read, ".po": po.read}


@dataclass
class Imported:
    """What an import did: the file it wrote, and the units by outcome."""

    file: str
    topic: str | None
    language: str
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def read_exchange(path: Path, report: Report) -> Exchange | None:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        report.error("translate-format", "give an .xlf, .xliff or .po file",
                     Location(str(path)))
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error("translate-format", f"cannot read it: {exc.strerror or exc}",
                     Location(str(path)))
        return None
    exchange = reader(data, str(path), report)
    if exchange is not None and not exchange.file:
        # A tool dropped the header naming the target: the exported file's name says it.
        stem, _, language = path.stem.rpartition(".")
        exchange.file = (f"templates/words/{language}.yaml" if stem == "words"
                         else f"content/{stem}/{language}.yaml")
    return exchange


def _sources(project: Project, exchange: Exchange, report: Report):
    """The current source texts by id, the YAML paths of ids, and the topic (if any)."""
    where = Location(exchange.name, 1)
    content, words = _CONTENT.match(exchange.file), _WORDS.match(exchange.file)
    if content:
        topic, language = content.groups()
        source_lang = source_language(project, topic, report)
        units = text_units(project, topic, source_lang, report) if source_lang else None
        if units is None:
            report.error("translate-source", f"the source of {exchange.file} cannot be read",
                         where)
            return None
        doc = load_yaml(project.content_dir / topic / f"{source_lang}.yaml", "", Report())
        paths = writeback.unit_paths(doc.data if doc else None)
        return {u.id: u for u in units}, paths, topic, language, source_lang
    if words:
        language = words.group(1)
        source_lang = exchange.source_language
        texts = read_words(project, source_lang, report) if source_lang else None
        if not texts:
            report.error("translate-source", f"no templates/words/{source_lang or '?'}.yaml "
                         "to translate from", where)
            return None
        return texts, {uid: writeback.word_path(uid) for uid in texts}, None, language, \
            source_lang
    report.error("translate-target", f"this file is for '{exchange.file}', which is neither "
                 "content/<topic>/<lang>.yaml nor templates/words/<lang>.yaml", where)
    return None


def import_file(project: Project, path: Path, report: Report) -> Imported | None:
    """Write the translations of the file at ``path`` into the project."""
    exchange = read_exchange(path, report)
    if exchange is None:
        return None
    found = _sources(project, exchange, report)
    if found is None:
        return None
    sources, paths, topic, language, source_lang = found
    where = Location(exchange.name, 1)
    if exchange.language and exchange.language != language:
        report.error("translate-target", f"the file says its language is "
                     f"{exchange.language} but it is for {exchange.file}", where)
        return None
    if language == source_lang:
        report.error("translate-target", f"{exchange.file} is the source language; a "
                     "translation cannot be imported into it", where)
        return None
    result = Imported(exchange.file, topic, language)
    current = by_id(text_units(project, topic, language, Report()) or []) if topic else {}
    have = (read_words(project, language, Report()) or {}) if not topic else {}
    updates: dict[str, str] = {}
    owner: Entry | None = None
    for entry in exchange.entries:
        if topic and entry.id == OWNER:
            owner = entry  # written into topic.yaml, below
            continue
        known = sources.get(entry.id) if entry.id in paths else None
        now = known.text if topic and known is not None else known
        now_have = current[entry.id].text if entry.id in current else have.get(entry.id)
        text = _decide(entry, now, now_have, exchange, report, result)
        if text is not None:
            updates[entry.id] = text
    target = project.root / exchange.file
    if not project.contains(target.parent if not target.exists() else target):
        report.error("unsafe-path", f"{exchange.file} links outside the project", where)
        return None
    source_doc = load_yaml(project.root / (f"content/{topic}/{source_lang}.yaml" if topic
                                           else words_file(source_lang)), "", Report())
    new_text, refused = writeback.apply(target, source_doc.data if source_doc else None,
                                        paths, updates)
    for uid, reason in refused.items():
        report.error("translate-refused", f"unit '{uid}': {reason}; refused", where)
        result.refused.append(uid)
    result.written = [uid for uid in updates if uid not in refused]
    if new_text is not None and result.written:
        writeback.save(target, new_text)
    if topic and (result.written or result.unchanged):
        done = [sources[uid] for uid in (*result.written, *result.unchanged)]
        stale.record(project, topic, language, done, report)
    if owner is not None:
        _import_owner(project, topic, source_lang, language, owner, exchange, report, result)
    _summarize(result, where, report)
    return result


def _decide(entry: Entry, now: str | None, have: str | None, exchange: Exchange,
            report: Report, result: Imported) -> str | None:
    """The text to write for one unit, or ``None`` (recorded in ``result`` as refused,
    untranslated, fuzzy or unchanged). ``now``: the source's current text (``None``: no
    such unit); ``have``: what the target file holds now."""
    at = Location(exchange.name, entry.line)
    if now is None:
        report.error("translate-unknown-unit", f"unit '{entry.id}' is not in the source "
                     f"of {exchange.file}; refused", at)
        result.refused.append(entry.id)
    elif normalize(entry.source) != now:
        report.error("translate-source-changed", f"unit '{entry.id}': its source changed "
                     f"since this file was exported (it now reads “{now}”); refused — "
                     "export again and translate the new text", at)
        result.refused.append(entry.id)
    elif entry.state == NEW:
        result.untranslated.append(entry.id)
    elif entry.state == FUZZY:
        result.fuzzy.append(entry.id)
    elif normalize(entry.target) == have:
        result.unchanged.append(entry.id)
    elif _kept(normalize(entry.target)) != _kept(now):
        report.error("translate-markup", f"unit '{entry.id}': the translation must keep "
                     "the source's links, code and {placeholders} (moved is fine, changed "
                     "or dropped is not); refused", at)
        result.refused.append(entry.id)
    else:
        return normalize(entry.target)
    return None


def _import_owner(project: Project, topic: str, source_lang: str, language: str,
                  entry: Entry, exchange: Exchange, report: Report, result: Imported) -> None:
    """The owner's translation into topic.yaml's ``owner`` mapping, comments kept, and
    the source owner it was made from into the translation records."""
    source, target = topic_owner(project, topic, source_lang), topic_owner(project, topic,
                                                                           language)
    text = _decide(entry, source.text if source else None, target.text if target else None,
                   exchange, report, result)
    if text is not None:
        path = project.content_dir / topic / "topic.yaml"
        new_text, refused = writeback.apply(path, {"owner": {language: ""}},
                                            {OWNER: ("owner", language)}, {OWNER: text})
        if refused:
            report.error("translate-refused", f"unit '{OWNER}': {refused[OWNER]}; refused",
                         Location(exchange.name, entry.line))
            result.refused.append(OWNER)
            return
        if new_text is not None:
            writeback.save(path, new_text)
        result.written.append(OWNER)
    if OWNER in result.written or OWNER in result.unchanged:
        stale.record(project, topic, language, [source], report)


def _kept(text: str) -> list[str]:
    """What a translation must carry over unchanged: links, code, ``{name}`` placeholders."""
    return sorted([*inline.markup(text), *_PLACEHOLDER.findall(text)])


def _summarize(result: Imported, where: Location, report: Report) -> None:
    for ids, what in ((result.untranslated, "untranslated"), (result.fuzzy, "fuzzy")):
        if ids:
            shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
            report.warning(f"translate-{what}", f"{len(ids)} {what} unit"
                           f"{'s' if len(ids) != 1 else ''} left as they were: {shown}", where)
