"""Completeness and currency: what a patient-information quality mark asks for.

Owns: the review dates (past ``next_review`` is an error: the leaflet must
not be printed; within the warning period, a warning), and the parts a
trustworthy leaflet has — the required sections, who it is not for,
aftercare, what the evidence says, sources, owner, review dates and a way to
contact the clinic — present in the content and printed by each layout.
"""

from __future__ import annotations

import html
import re
from datetime import date

from brochures.errors import Location, Report
from brochures.inputs.project import Project
from brochures.model import ALWAYS_PRINTED, Brand, Layout, Leaflet, Topic, in_language

WARN_DAYS = 60
# Sections patient-information quality marks ask for beyond the required ones.
EXPECTED = {
    "not_suitable_for": "who should not have the treatment",
    "aftercare": "what to do after the treatment",
    "evidence": "what the evidence says and what is not known",
    "urgent": "which symptoms need help at once (printed in a box with the emergency number)",
    "alternatives": "the other options, doing nothing among them",
    "questions": "the questions to ask before deciding",
}
# What a brand should say in every leaflet (brand.yaml), and why.
BRAND_TEXTS = {
    "emergency": "the emergency number of the clinic's country, printed in the urgent box",
    "out_of_hours": "the number to call when the clinic is closed",
    "cost": "what a treatment costs, whether it is paid back, and that a written quote "
            "comes first",
    "complaints": "how to complain",
    "registration": "how to check the doctor's registration",
}
CONTACT_KEYS = ("phone", "email", "website")


def _topic_at(project: Project, topic: Topic, key: str) -> Location:
    doc = topic.document
    return doc.key_at(key) if doc else Location(project.show(topic.path / "topic.yaml"))


def check_review(project: Project, topic: Topic, today: date, report: Report,
                 warn_days: int = WARN_DAYS) -> None:
    """An error once ``next_review`` has passed; a warning in the days before it."""
    left = (topic.next_review - today).days
    if left < 0:
        report.error(
            "review-overdue",
            f"topic '{topic.id}' was due for review on {topic.next_review.isoformat()} "
            f"({-left} days ago): review the content, then set 'reviewed' and 'next_review'; "
            "an out-of-date leaflet must not be printed",
            _topic_at(project, topic, "next_review"),
        )
    elif left <= warn_days:
        report.warning(
            "review-due",
            f"topic '{topic.id}' is due for review on {topic.next_review.isoformat()} "
            f"(in {left} days)",
            _topic_at(project, topic, "next_review"),
        )


def check_content(leaflet: Leaflet, report: Report) -> None:
    """The sections a quality mark expects, in one language file."""
    if leaflet.draft:
        report.warning("draft", f"{leaflet.language} is a draft (listed under 'drafts:' in "
                       "topic.yaml): it is not ready to print until a person has rewritten it "
                       "and removed it from 'drafts:'", leaflet.location)
    for section_id, what in EXPECTED.items():
        if section_id not in leaflet.sections:
            report.warning(
                "incomplete",
                f"{leaflet.language}: no '{section_id}' section: a patient leaflet should say "
                f"{what}",
                leaflet.location,
            )


def check_brand(project: Project, brand: Brand, report: Report) -> None:
    """A patient must be able to reach the clinic: an address and a phone, email or website."""
    path = brand.path / "brand.yaml"
    where = Location(project.show(path))
    if brand.document is not None:
        where = brand.document.key_at("contact")
    missing = [k for k in ("address",) if not brand.contact.get(k)]
    if not any(brand.contact.get(k) for k in CONTACT_KEYS):
        missing.append("phone, email or website")
    for key, what in BRAND_TEXTS.items():
        if not getattr(brand, key):
            report.warning("incomplete", f"brand '{brand.id}' has no '{key}': a patient "
                           f"leaflet should say {what}",
                           brand.document.key_at(key) if brand.document is not None and
                           key in (brand.document.data or {}) else Location(project.show(path), 1))
    if missing:
        report.warning("incomplete", f"brand '{brand.id}' has no contact {' or '.join(missing)}: "
                       "a patient leaflet must say how to reach the clinic", where)


def check_language_of(project: Project, topic: Topic, brand: Brand, language: str,
                      report: Report) -> None:
    """A text given per language (the owner, the brand's footer) that lacks ``language``
    prints another language's text on that language's leaflets: say so."""
    given = (("topic", topic.id, "owner", topic.owner, topic.document, topic.path / "topic.yaml"),
             ("brand", brand.id, "footer", brand.footer, brand.document,
              brand.path / "brand.yaml"))
    for kind, name, key, value, doc, path in given:
        printed, _ = in_language(value, language, topic.source_language)
        if printed is None or printed == language:
            continue
        where = doc.key_at(key) if doc else Location(project.show(path))
        report.warning(
            "untranslated",
            f"{kind} '{name}' has no '{key}' in {language}: {language} leaflets print the "
            f"{printed} one; add '{language}:' under '{key}'",
            where,
        )


def _text(markup: str) -> str:
    # Inline tags add no space: an address kept whole is spans joined by <wbr>.
    markup = re.sub(r"</?(?:span|wbr|a|strong|em)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def check_printed(project: Project, topic: Topic, leaflet: Leaflet, brand: Brand,
                  layout: Layout, composed_html: str, dates: tuple[str, str],
                  report: Report) -> None:
    """What the content has must also reach paper: sections, sources, owner, dates, contact."""
    doc = layout.document
    where = doc.key_at("sections") if doc else Location(project.show(layout.path))
    for section_id in leaflet.sections:
        if section_id in ALWAYS_PRINTED and section_id not in layout.sections:
            report.error("not-printed", f"layout '{layout.id}' does not print the section "
                         f"'{section_id}', which every leaflet that has it must print: add it "
                         "to 'sections'", where)
        elif section_id in EXPECTED and section_id not in layout.sections:
            report.warning("not-printed", f"layout '{layout.id}' does not print the section "
                           f"'{section_id}' ({EXPECTED[section_id]}): add it to 'sections'",
                           where)
    text = _text(composed_html)
    wanted = {
        "the owner": [topic.owner_in(leaflet.language)],
        "the sources": [s.title for s in topic.sources],
        "the review dates": list(dates),
        "the clinic's contact details": [brand.contact[k] for k in ("phone", "email")
                                         if brand.contact.get(k)],
    }
    for what, values in wanted.items():
        lost = [v for v in values if " ".join(v.split()) not in text]
        if lost:
            report.warning("not-printed", f"{leaflet.language}: layout '{layout.id}' does not "
                           f"print {what} ({lost[0]!r} is missing from the page)", where)
