"""``brochures translate export``: the files a translator receives.

Owns: choosing the format (XLIFF 1.2 by default, XLIFF 2.0 or PO), naming the files
(``<topic>.<lang>.xlf`` and, when the language lacks template words,
``words.<lang>.xlf``) and writing them — never over a file holding translations
the project does not have, unless forced — — for one topic and language, or for
several at once (``all``), one file per topic and language in a folder.
"""

from __future__ import annotations

from pathlib import Path

from brochures.errors import Location, Report
from brochures.exchange.translation import po, xliff, xliff2
from brochures.exchange.translation.entries import (
    Exchange,
    leaflet_exchange,
    read_words,
    words_exchange,
)
from brochures.exchange.translation.incoming import held
from brochures.inputs.languages import source_language
from brochures.inputs.project import Project
from brochures.inputs.units import OWNER, text_units, topic_owner
from brochures.write import write_atomic

SUFFIX = {"xliff": ".xlf", "xliff2": ".xlf", "po": ".po"}


def encode(exchange: Exchange, fmt: str, where: dict[str, str] | None = None) -> bytes:
    if fmt == "xliff2":
        return xliff2.write(exchange)
    return xliff.write(exchange) if fmt == "xliff" else po.write(exchange, where)


def export(project: Project, topic: str, language: str, fmt: str, out: Path | None,
           stale_only: bool, report: Report, words: bool = True,
           skip_empty: bool = False, force: bool = False) -> list[tuple[Path, int]]:
    """Write the exchange files; returns each path with its number of units.

    ``words``: also the template words the language lacks; ``skip_empty``: write nothing
    for a leaflet with no unit to send (a batch's up-to-date languages); ``force``:
    overwrite a file holding translations the project does not have.
    """
    exchange = leaflet_exchange(project, topic, language, report, stale_only)
    if exchange is None or (skip_empty and not exchange.entries):
        return []
    sources = text_units(project, topic, exchange.source_language, Report()) or []
    where = {u.id: f"{u.file}:{u.line}" for u in sources}
    target = out or Path(f"{topic}.{language}{SUFFIX[fmt]}")
    written = [(target, exchange)]
    lacking = words_exchange(project, exchange.source_language, language, report) \
        if words else None
    if lacking is not None:
        written.append((target.with_name(f"words.{language}{SUFFIX[fmt]}"), lacking))
    for path, _ in written:
        if not force and not _safe_to_overwrite(project, path, topic, language, report):
            return []
    for path, one in written:
        write_atomic(path, encode(one, fmt, where if one is exchange else None))
    return [(path, len(one.entries)) for path, one in written]


def _safe_to_overwrite(project: Project, path: Path, topic: str, language: str,
                       report: Report) -> bool:
    """Whether writing ``path`` loses no translation: the file there (if any) holds none
    the project does not have already (else an error: import it, or ``--force``)."""
    found = held(path)
    if found is None:
        report.error("translate-overwrite", "this file is not an exchange file brochures "
                     "wrote; give another --out, or --force to overwrite it",
                     Location(str(path)))
        return False
    if path.name.startswith("words."):
        have = read_words(project, language, Report()) or {}
    else:
        have = {u.id: u.text for u in text_units(project, topic, language, Report()) or []}
        owner = topic_owner(project, topic, language)
        if owner is not None:
            have[OWNER] = owner.text
    lost = [uid for uid, text in found.items() if have.get(uid) != text]
    if lost:
        report.error("translate-overwrite", f"it holds {len(lost)} translation"
                     f"{'s' if len(lost) != 1 else ''} the project does not have (import it "
                     "first), or --force to overwrite it", Location(str(path)))
        return False
    return True


def pairs(project: Project, topics: list[str], languages: list[str],
          report: Report) -> list[tuple[str, str]]:
    """The (topic, language) pairs a batch names: ``all`` topics are every topic folder,
    ``all`` languages every translation a topic has (its source language left out)."""
    chosen = project.topic_ids() if "all" in topics else list(dict.fromkeys(topics))
    found = []
    for topic in chosen:
        source = source_language(project, topic, report)
        if source is None:
            continue
        have = [lang for lang in project.language_files(topic) if lang != source]
        wanted = have if "all" in languages else list(dict.fromkeys(languages))
        found += [(topic, language) for language in wanted]
    return found


def export_batch(project: Project, topics: list[str], languages: list[str], fmt: str,
                 folder: Path, stale_only: bool, report: Report,
                 force: bool = False) -> list[tuple[Path, int]]:
    """One file per topic and language in ``folder`` (words files once per language);
    with ``stale_only``, nothing for a language that is up to date."""
    written: list[tuple[Path, int]] = []
    worded: set[str] = set()
    for topic, language in pairs(project, topics, languages, report):
        target = folder / f"{topic}.{language}{SUFFIX[fmt]}"
        written += export(project, topic, language, fmt, target, stale_only, report,
                          words=language not in worded, skip_empty=stale_only, force=force)
        worded.add(language)
    return written
