"""Evidence per use: every claimed use carries a grade and a known source.

Owns: the findings about the ``evidence`` and ``source`` of a leaflet's
items — a ``benefits`` item with no grade (a warning: a use without its
evidence reads like a promise), an item whose ``source`` is not the ``id`` of
one of the topic's sources (an error: the grade would point at nothing), and
two sources of a topic sharing one id. A use graded ``none`` is an error: listed as a
use (beside a booking code, regulators read it as an offer, and "none" can read as "no
known harm"), it belongs in the plain statement of the ``not_shown`` section. That
grades match across languages is translation parity's job (``checks/parity.py``).
"""

from __future__ import annotations

from brochures.errors import Location, Report
from brochures.inputs.project import Project
from brochures.model import Leaflet, Topic

GRADES = ("strong", "moderate", "limited", "none")
# The section whose items are uses a patient may hope for: each needs a grade.
GRADED_SECTION = "benefits"


def source_ids(topic: Topic) -> list[str]:
    """The ids of the topic's sources, in order (sources without an id are left out)."""
    return [s.id for s in topic.sources if s.id]


def _source_at(project: Project, topic: Topic, index: int) -> Location:
    # topic.yaml as loaded carries its lines: it is not parsed again.
    if topic.document is not None:
        return topic.document.at("sources", index, "id")
    return Location(project.show(topic.path / "topic.yaml"))


def check_evidence(project: Project, topic: Topic, leaflet: Leaflet, report: Report) -> None:
    """Report ungraded uses, unknown sources and duplicate source ids of one leaflet."""
    ids = source_ids(topic)
    seen: set[str] = set()
    for index, source in enumerate(topic.sources):
        if source.id and source.id in seen:
            report.error("evidence-duplicate-source", f"two sources of topic '{topic.id}' "
                         f"have the id '{source.id}': give each its own",
                         _source_at(project, topic, index))
        if source.id:
            seen.add(source.id)
    known = ", ".join(ids) or "none: give the sources in topic.yaml an 'id'"
    for section in leaflet.sections.values():
        for n, item in enumerate(section.items, start=1):
            where = item.location or section.location
            if item.source is not None and item.source not in seen:
                report.error("evidence-source", f"item {n} of '{section.id}' cites the source "
                             f"'{item.source}', which topic.yaml does not have (known: {known})",
                             where)
            if section.id != GRADED_SECTION:
                continue
            if item.evidence == "none":
                report.error("evidence-none-use", f"item {n} of '{section.id}' is graded "
                             "'none' but listed as a use: a use without evidence reads as an "
                             "offer; take it out of the uses and say it in the 'not_shown' "
                             "section (\"It has not been shown to help …, and we do not "
                             "offer it for these\")", where)
            elif item.evidence is None:
                report.warning("evidence-missing", f"item {n} of '{section.id}' has no evidence "
                               f"grade: write it as {{text, evidence, source}} with evidence one "
                               f"of {', '.join(GRADES)}", where)
            elif item.source is None:
                report.warning("evidence-unsourced", f"item {n} of '{section.id}' is graded "
                               f"'{item.evidence}' but names no 'source' for the grade", where)
