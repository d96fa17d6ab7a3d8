"""What a project holds, and in what state: the answer to ``brochures list``.

Owns: a read-only survey of topics (each language with its status:
complete, draft, missing words, or errors), brands and layouts. It loads
files the same way a build does and asks the gate (:mod:`brochures.gate`),
so the status it shows is the one a build would meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel import UnknownLocaleError

from brochures import gate, i18n
from brochures.catalog import load_catalog
from brochures.errors import Report
from brochures.load import load_words
from brochures.project import Project

COMPLETE, DRAFT, MISSING_WORDS, ERRORS = "complete", "draft", "missing words", "errors"


@dataclass
class LanguageState:
    code: str
    name: str
    status: str
    direction: str = "ltr"
    problems: int = 0


@dataclass
class TopicState:
    id: str
    source_language: str | None
    languages: list[LanguageState] = field(default_factory=list)


def survey_topic(project: Project, topic_id: str) -> TopicState:
    """Every language of a topic with its status."""
    report = Report()
    catalog = load_catalog(project, [topic_id], [], [], report)
    topic = catalog.topics.get(topic_id)
    state = TopicState(topic_id, topic.source_language if topic else None)
    for code in topic.leaflets if topic else []:
        report.extend(gate.leaflet_findings(catalog, topic_id, code, date.today()))
    source_words = load_words(project, state.source_language, Report()) if topic else None
    for code in project.language_files(topic_id):
        own = [p for p in report.problems if p.location and
               p.location.path.endswith(f"{topic_id}/{code}.yaml")]
        words_report = Report()
        words = load_words(project, code, words_report)
        i18n.merged_words(words, source_words, code, words_report)
        if topic is None or any(p.is_error for p in own) or code not in topic.leaflets:
            status = ERRORS
        elif code in topic.drafts:
            status = DRAFT
        elif words is None or words_report.warnings or words_report.errors:
            status = MISSING_WORDS
        else:
            status = COMPLETE
        try:
            name, direction = (words.language_name if words else code), i18n.direction(code)
        except (ValueError, UnknownLocaleError):  # reported by load as unknown-language
            name, direction = code, "ltr"
        state.languages.append(
            LanguageState(code, name, status, direction, len(own) + len(words_report.problems))
        )
    return state
