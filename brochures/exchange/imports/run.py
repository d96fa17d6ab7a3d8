"""One import, from SOURCE... to a draft and its report: the stages in order.

Owns: the run of ``brochures import`` — checking the topic and language, refusing to
overwrite a leaflet without ``--force``, reading and extracting every source (all
problems reported together; nothing is written when one source cannot be read),
placing, merging, writing the draft and ``topic.yaml`` (unless ``--dry-run``) and the
findings, in the order a writer reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from brochures import i18n
from brochures.errors import Location, Report
from brochures.exchange.imports import (
    classify,
    contradictions,
    draft,
    extract,
    findings,
    merge,
    readback,
    sources,
)
from brochures.exchange.imports.rules import load_import_rules
from brochures.inputs.load import section_ids
from brochures.inputs.project import ID_RE, Project
from brochures.inputs.yamlio import load_yaml


@dataclass
class ImportRequest:
    sources: list[str]
    topic: str
    language: str
    append: bool = False
    dry_run: bool = False
    force: bool = False
    timeout: float = sources.TIMEOUT_SECONDS  # the whole fetch of one web address, in seconds
    today: date = field(default_factory=date.today)


@dataclass
class ImportResult:
    """The findings (or the problems that stopped the import) and what was written."""

    report: Report
    text: str = ""
    path: str = ""
    written: list[str] = field(default_factory=list)


def _check_request(project: Project, request: ImportRequest, target: Path,
                   report: Report) -> None:
    if not ID_RE.match(request.topic):
        report.error("bad-id", f"'{request.topic}' is not a valid topic id (a-z, 0-9, - and _)")
    i18n.check_language(request.language, None, report)
    shown = project.show(target)
    if target.exists() and not (request.append or request.force or request.dry_run):
        report.error("file-exists", f"{shown} exists: add --append to add these sources to it, "
                     "or --force to replace it", Location(shown))


def _appendable(doc, report: Report) -> bool:
    """Whether the leaflet appended to has the shape a leaflet has (else: fix it first)."""
    data = doc.data
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        where, why = doc.at(), "it is not a mapping of keys"
    elif sections is not None and not isinstance(sections, dict):
        where, why = doc.at("sections"), "its sections: is not a mapping"
    else:
        bad = [k for k, v in (sections or {}).items() if not isinstance(v, dict | None)]
        if not bad:
            return True
        where, why = doc.at("sections", bad[0]), f"its section '{bad[0]}' is not a mapping"
    report.error("cannot-append", f"cannot add to it: {why}; fix it first", where)
    return False


def run_import(project: Project, request: ImportRequest) -> ImportResult:
    """Import ``request.sources`` into a draft of ``request.topic`` in ``request.language``."""
    report = findings.FindingsReport()
    folder = project.root / "content" / request.topic
    target = folder / f"{request.language}.yaml"
    shown = f"content/{request.topic}/{request.language}.yaml"
    result = ImportResult(report, path=shown)
    _check_request(project, request, target, report)
    if report.errors:
        return result
    rules = load_import_rules(project, request.language, report)
    required, optional = section_ids(project, report)
    extracted = _extract_all(request, rules, report)
    if report.errors:
        return result  # nothing is written when a source cannot be read

    entries: list[classify.Entry] = []
    kept = readback.Kept()
    if request.append and target.is_file():
        doc = load_yaml(target, shown, report)
        if doc is None or not _appendable(doc, report):
            return result
        entries, kept = readback.read_back(doc, target.read_text("utf-8"), shown)
    title = kept.title
    earlier = kept.sources  # the sources of the draft appended to, and their notes
    known = [*required, *optional]
    languages = {}
    for found in extracted:
        for entry in classify.classify(found, rules):
            if entry.section not in known:
                entry.section = None
            entries.append(entry)
        title = title or found.title
        languages[found.source.name] = findings.detect_language(found.plain_text)
    grouped = merge.merge(entries, known)
    names = [found.source.name for found in extracted]
    notes = {name: note for name, note in earlier.items() if note}
    notes |= {name: f"reads as {lang[1]}" for name, lang in languages.items()
              if lang and lang[0] != request.language.split("-")[0]}
    listed = [*earlier, *(name for name in names if name not in earlier)]
    written = draft.render(grouped, title=title or request.topic.replace("-", " ").capitalize(),
                           language=request.language, sources=listed, notes=notes,
                           required=required, shown=shown, today=request.today, kept=kept)
    result.text = written.text

    findings.report_languages(languages, request.language, written, shown, report)
    findings.report_claims(project, request.language, written, report)
    contradictions.report_numbers(written, rules, report)
    contradictions.report_names(written, report, rules.name_endings)
    findings.report_empty(written, required, shown, report)
    if not request.dry_run:
        result.written = [shown, _write(project, request, written.text, names)]
    return result


def _extract_all(request: ImportRequest, rules, report: Report) -> list[extract.Extracted]:
    """The main text of every source (each one that cannot be read reported)."""
    extracted = []
    for spec in request.sources:
        source = sources.read_source(spec, report, request.timeout)
        if source is not None:
            found = extract.extract(source, rules, report)
            if found is not None:
                extracted.append(found)
    return extracted


def _write(project: Project, request: ImportRequest, text: str, names: list[str]) -> str:
    """Write the draft and its topic's ``topic.yaml``; the latter's name as shown."""
    folder = project.root / "content" / request.topic
    topic_path = folder / "topic.yaml"
    if topic_path.is_file():
        topic_text = topic_path.read_text("utf-8")
    else:
        topic_text = draft.topic_yaml(request.topic, request.language, request.today)
    topic_text = draft.update_topic(topic_text, request.language, names, request.today)
    draft.write_text(folder / f"{request.language}.yaml", text)
    draft.write_text(topic_path, topic_text)
    return project.show(topic_path)
