"""Gettext PO files, written and read with polib.

Owns: an :class:`~.exchange.Exchange` as a PO file — the header names the
project file the translations go to (``X-Brochures-File``) and the
languages; each entry has its unit id as ``msgctxt``, the source as
``msgid`` (markup as typed), notes as ``#.`` comments, the source's file
and line as ``#:``, and a stale unit is ``fuzzy`` with its previous source
as ``#| msgid`` — and reading such a file back.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime, timezone

import polib
from babel import UnknownLocaleError
from babel.messages.plurals import get_plural

from brochures import __version__
from brochures.errors import Location, Report
from brochures.exchange.translation.entries import FUZZY, NEW, TRANSLATED, Entry, Exchange

FILE_FIELD = "X-Brochures-File"
SOURCE_FIELD = "X-Brochures-Source-Language"
BASE = "brochures-base: "  # an extracted comment: the target's fingerprint at export
_CHARSET = re.compile(rb"Content-Type:[^\"\n]*charset=([A-Za-z0-9_.:-]+)")


def _plural_forms(language: str) -> str:
    """The gettext plural rule of ``language``, from Babel's data."""
    try:
        return str(get_plural(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


def write(exchange: Exchange, where: dict[str, str] | None = None) -> bytes:
    """The PO file of ``exchange``; ``where`` maps ids to "file:line" of the source."""
    po = polib.POFile(wrapwidth=78)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    po.metadata = {
        "Project-Id-Version": f"brochures {__version__}",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": exchange.language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _plural_forms(exchange.language),
        FILE_FIELD: exchange.file,
        SOURCE_FIELD: exchange.source_language,
    }
    for entry in exchange.entries:
        notes = [*entry.notes, *([BASE + entry.base] if entry.base is not None else [])]
        item = polib.POEntry(msgctxt=entry.id, msgid=entry.source, msgstr=entry.target or "",
                             comment="\n".join(notes))
        if where and entry.id in where:
            path, _, line = where[entry.id].rpartition(":")
            item.occurrences = [(path, line)]
        if entry.state == FUZZY:
            item.flags.append("fuzzy")
        if entry.previous is not None:
            item.previous_msgctxt = entry.id
            item.previous_msgid = entry.previous
        po.append(item)
    return str(po).encode("utf-8")


def _text(data: bytes, name: str, report: Report) -> str | None:
    """The text of a PO file, decoded as its header's charset says (UTF-8 when it says
    none); an error naming the line when it is not that."""
    found = _CHARSET.search(data)
    charset = found.group(1).decode("ascii") if found else "utf-8"
    charset = "utf-8" if charset == "CHARSET" else charset  # a template's placeholder
    try:
        codecs.lookup(charset)
    except LookupError:
        report.error("bad-po", f"the header names the charset '{charset}', which is not one",
                     Location(name, data[: found.start()].count(b"\n") + 1 if found else 1))
        return None
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error("bad-po", f"the file is not {charset} text as its header says (byte "
                     f"0x{data[exc.start]:02x}); save it as UTF-8", Location(name, line))
        return None
    return text.removeprefix("\ufeff")


def read(data: bytes, name: str, report: Report) -> Exchange | None:
    """The exchange in a PO file; ``None`` (and an error) if it is not one."""
    text = _text(data, name, report)
    if text is None:
        return None
    if "\n" not in text.strip():
        # polib takes a one-line string for a file name: a file holding only a path
        # would be read from there.
        report.error("bad-po", "this is not a PO file (no msgid/msgstr entries)",
                     Location(name, 1))
        return None
    try:
        po = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        report.error("bad-po", f"cannot read this PO file: {exc}", Location(name, 1))
        return None
    exchange = Exchange(po.metadata.get(FILE_FIELD, ""), po.metadata.get(SOURCE_FIELD, ""),
                        po.metadata.get("Language", ""), name=name)
    for item in po:
        if item.obsolete:
            continue
        entry = Entry(item.msgctxt or "", item.msgid, item.msgstr or None, line=item.linenum)
        entry.state = NEW if not item.msgstr.strip() else FUZZY if item.fuzzy else TRANSLATED
        entry.base = next((line[len(BASE):].strip() for line in item.comment.splitlines()
                           if line.startswith(BASE)), None)
        exchange.entries.append(entry)
    return exchange
