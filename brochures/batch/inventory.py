"""What a project holds, and in what state: the answer to ``brochures list``.

Owns: a read-only survey of topics, each language with the status the gate's
verdicts give it over the leaflets ``build`` would make of the project's
settings (refused, draft, missing words or complete), brands and layouts.
It decides nothing: :mod:`brochures.batch.check` asks the gate, as ``build`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import UnknownLocaleError

from brochures import i18n
from brochures.batch.check import run_check
from brochures.inputs.project import Project
from brochures.inputs.request import Request

COMPLETE, DRAFT, MISSING_WORDS, REFUSED = "complete", "draft", "missing words", "refused"
# Findings that make a printable leaflet a draft, or one printed with another language's words.
DRAFT_CODES = {"draft"}
WORDS_CODES = {"missing-words", "missing-word"}


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


def survey(project: Project, request: Request) -> list[TopicState]:
    """Every topic of the request, each language with the status its verdicts give it."""
    result = run_check(project, [], read=False, request=request, out_dir=request.out_dir)
    catalog = result.catalog
    by_language: dict[tuple[str, str], list] = {}
    for verdict in result.verdicts:
        by_language.setdefault((verdict.job.topic, verdict.job.language), []).append(verdict)
    states = []
    for topic_id in dict.fromkeys(v.job.topic for v in result.verdicts):
        topic = catalog.topics.get(topic_id) if catalog else None
        state = TopicState(topic_id, topic.source_language if topic else None)
        for (tid, code), verdicts in by_language.items():
            if tid == topic_id:
                state.languages.append(_language(catalog, code, verdicts))
        states.append(state)
    return states


def _language(catalog, code: str, verdicts: list) -> LanguageState:
    findings = {p for v in verdicts for p in v.findings}
    codes = {p.code for p in findings}
    if any(not v.printable() for v in verdicts):
        status = REFUSED
    elif codes & DRAFT_CODES:
        status = DRAFT
    elif codes & WORDS_CODES:
        status = MISSING_WORDS
    else:
        status = COMPLETE
    words = catalog.words.get(code) if catalog else None
    try:
        name, direction = (words.language_name if words else code), i18n.direction(code)
    except (ValueError, UnknownLocaleError):  # reported by load as unknown-language
        name, direction = code, "ltr"
    return LanguageState(code, name, status, direction, len(findings))
