"""Translation findings for the gate, and the commands that read or set the records.

Owns: what the gate adds per topic and language for a translation — one
``stale-translation`` warning per unit whose source changed since it was
translated (naming the section and unit, with the lines of both files) and
``glossary-term`` warnings, and the per-unit checks of
:mod:`brochures.checks.translation` (copied source, units, numbers, repeated items) —
plus ``translate status``, ``translate mark-current``.
"""

from __future__ import annotations

import difflib

from brochures.checks import glossary, parity
from brochures.checks import staleness as stale
from brochures.checks import translation as unitchecks
from brochures.errors import ERROR, WARNING, Location, Problem, Report
from brochures.inputs.languages import source_language
from brochures.inputs.project import Project
from brochures.inputs.records import read_records
from brochures.inputs.units import (
    OWNER,
    TEXT,
    Unit,
    by_id,
    language_units,
    owner_unit,
    text_units,
    topic_owner,
)

STALE = "stale-translation"


def _short(text: str, limit: int = 100) -> str:
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _difference(old: str, new: str) -> str:
    """The runs of words that differ, at most three: what the translator must look at."""
    a, b = old.split(), new.split()
    runs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            was, now = " ".join(a[i1:i2]), " ".join(b[j1:j2])
            runs.append(f"added “{now}”" if not was else f"removed “{was}”" if not now
                        else f"“{was}” → “{now}”")
    return "; ".join(runs[:3]) + (f" (and {len(runs) - 3} more)" if len(runs) > 3 else "")


def stale_units(project: Project, topic: str, language: str,
                report: Report) -> tuple[str, list[stale.Stale]] | None:
    """The source language and the stale units of ``language`` (``None`` for the source
    language itself, or when the source cannot be read)."""
    source_lang = source_language(project, topic, Report())
    if not source_lang or language == source_lang:
        return None
    sources = text_units(project, topic, source_lang, Report())
    if sources is None:
        return None
    owner = topic_owner(project, topic, source_lang)
    sources += [owner] if owner else []
    records = read_records(project, topic, report)
    return source_lang, list(stale.changes(records, language, sources).values())


def _text_units(leaflet) -> list[Unit] | None:
    doc = leaflet.document if leaflet is not None else None
    if doc is None:
        return None
    return [u for u in language_units(doc, doc.lines) if u.kind == TEXT]


def loaded_changes(catalog, topic_id: str, language: str
                   ) -> tuple[list[Unit], list[Unit], list[stale.Stale]] | None:
    """The source and target units of a translation, and its stale units, from the files
    the catalog loaded (nothing is read again); ``None`` for the source language itself
    or when either file could not be loaded."""
    topic = catalog.topics[topic_id]
    source_lang = topic.source_language
    if language == source_lang:
        return None
    sources = _text_units(topic.leaflets.get(source_lang))
    targets = _text_units(topic.leaflets.get(language))
    if sources is None or targets is None:
        return None
    source_owner = owner_unit(topic.document, source_lang)
    if source_owner is not None:
        sources = [*sources, source_owner]
    records, _ = catalog.records_of(topic_id)
    return sources, targets, list(stale.changes(records, language, sources).values())


def is_stale(catalog, topic_id: str, language: str) -> bool:
    """Whether ``language`` of a loaded topic has stale units (sign-off asks per job)."""
    found = catalog.once(("stale", topic_id, language),
                         lambda: loaded_changes(catalog, topic_id, language))
    return bool(found and found[2])


def check(catalog, topic_id: str, language: str, report: Report) -> None:
    """The gate's translation findings for one topic and language (from the files the
    catalog loaded: nothing is parsed again)."""
    found = catalog.once(("stale", topic_id, language),
                         lambda: loaded_changes(catalog, topic_id, language))
    if found is None:
        return
    report.extend(catalog.records_of(topic_id)[1])
    sources, targets, changed = found
    topic = catalog.topics[topic_id]
    source_lang = topic.source_language
    here = by_id(targets)
    owner = owner_unit(topic.document, language)
    if owner is not None:
        here[OWNER] = owner  # a stale owner is shown on its own line of topic.yaml
    fallback = Location(f"content/{topic_id}/{language}.yaml", 1)
    for item in changed:
        unit = item.unit
        section = f" (section {unit.section})" if unit.section else ""
        at = f"{unit.file}:{unit.line}"
        if item.old is None:
            message = (f"unit '{unit.id}'{section} is new in the {source_lang} source ({at}) "
                       f"since {language} was translated: {_short(unit.text)}")
        else:
            message = (f"unit '{unit.id}'{section} is stale: its {source_lang} source ({at}) "
                       f"changed since it was translated: {_difference(item.old, unit.text)}; "
                       f"it read {_short(item.old)}, it now reads {_short(unit.text)}")
        where = here[unit.id].location if unit.id in here else fallback
        report.add(Problem("warning", STALE, message, where))
    terms = glossary.parse(*catalog.glossary_text(language), report)
    if terms:
        glossary.check(terms, by_id(sources), targets, language, report)
    rules = _rules(catalog, topic_id, language, terms)
    rules.stale = {item.id for item in changed}
    unitchecks.check(by_id(sources), targets, rules, report)
    _without_rules(catalog, language, fallback, report)


# Per-language rule files, and what is not checked in a language without them.
LANGUAGE_RULES = (("rules/claims/{}.yaml", "claims are not checked in it"),
                  ("rules/numbers/{}.yaml", "numbers written as words are not compared"),
                  ("rules/units/{}.yaml", "units after numbers are not compared"))


def _without_rules(catalog, language: str, where: Location, report: Report) -> None:
    """A warning when the language has no claims, number-word or unit rules: a promise
    that fails in French must not pass silently in Italian."""
    base = language.split("-")[0].split("_")[0]
    lacking = [(relative.format(base), what) for relative, what in LANGUAGE_RULES
               if not catalog.rule_documents(relative.format(base), Report())]
    if lacking:
        report.warning("language-without-rules", f"{language} has no rules of its own: "
                       + "; ".join(f"{what} (no {relative})" for relative, what in lacking),
                       where)


def _rules(catalog, topic_id: str, language: str,
           terms: list[glossary.Term]) -> unitchecks.Rules:
    """The number and unit words of both languages (read once per run), the severity."""
    project, topic = catalog.project, catalog.topics[topic_id]
    quiet = Report()  # a broken rule file is reported by the gate's parity check

    def numbers(code: str) -> parity.NumberWords:
        return catalog.rules(("numbers", code), quiet,
                             lambda r: parity.number_words(project, code, r))

    def units(code: str) -> unitchecks.UnitWords:
        return catalog.rules(("units", code), quiet,
                             lambda r: unitchecks.unit_words(project, code, r))

    source = topic.source_language
    return unitchecks.Rules(WARNING if language in topic.drafts else ERROR,
                            numbers(source), numbers(language), units(source), units(language),
                            glossary.keep(terms))


def status_table(project: Project, topics: list[str], languages: list[str],
                 report: Report) -> list[str]:
    """One line per topic and language: up to date, stale (n units), untracked, missing."""
    topics = topics or project.topic_ids()
    every = sorted({code for t in topics for code in project.language_files(t)}
                   | {code for code in languages if code != "all"})
    lines = []
    for topic in topics:
        source_lang = source_language(project, topic, report)
        files = project.language_files(topic)
        lines.append(f"{topic} (source: {source_lang or '?'})")
        for language in every:
            if language == source_lang:
                state = "source"
            elif language not in files:
                state = "missing"
            elif stale.recorded(read_records(project, topic, report), language) is None:
                state = "untracked (never imported or marked current)"
            else:
                found = stale_units(project, topic, language, report)
                n = len(found[1]) if found else 0
                state = ("unknown: the source cannot be read (see brochures check)"
                         if found is None else
                         f"stale ({n} unit{'s' if n != 1 else ''})" if n else "up to date")
            lines.append(f"  {language:<6} {state}")
    return lines


def mark_current(project: Project, topic: str, languages: list[str],
                 report: Report) -> list[tuple[str, int]]:
    """Record every unit of each language as translated from the current source."""
    source_lang = source_language(project, topic, report)
    if source_lang is None:
        return []
    files = project.language_files(topic)
    if "all" in languages:
        languages = [code for code in files if code != source_lang]
    sources: list[Unit] | None = text_units(project, topic, source_lang, report)
    if sources is None:
        return []
    done = []
    for language in languages:
        if language == source_lang or language not in files:
            why = "is the source language" if language == source_lang else "has no file"
            report.error("translate-target", f"{topic} ({language}) {why}; nothing to mark",
                         Location(f"content/{topic}/{language}.yaml"))
            continue
        # The whole source, not only the units the translation has: a translator may
        # join or split paragraphs, and the language is declared current as a whole.
        owner = topic_owner(project, topic, source_lang)
        current = [*sources, owner] if owner and topic_owner(project, topic, language) \
            else sources
        stale.record(project, topic, language, current, report, replace=True)
        done.append((language, len(current)))
    return done
