"""The import report: what a writer must look at, each at the draft's file and line.

Owns: the findings of an import — every claim the claims rules flag in the imported
text (``rules/claims/``); a source whose language is not the draft's (lingua, whose
models ship inside the package); sections left empty. (Contradictions between sources
are ``contradictions``'.) Also :class:`FindingsReport`, a report whose ``add`` is
constant time, so that thousands of findings cost linear time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from brochures.checks.claims import check_claims, load_rules
from brochures.errors import Location, Problem, Report
from brochures.exchange.imports.draft import Written
from brochures.inputs.project import Project

# Languages the detector tells apart: the shipped leaflets' and their nearest neighbours.
DETECTED = ("en", "fr", "es", "de", "ru", "ar", "it", "pt", "nl", "pl", "tr", "uk")
MIN_WORDS = 15  # below this, no detector is reliable


@dataclass
class FindingsReport(Report):
    """A :class:`Report` that finds a repeated problem in a set, not by scanning its list."""

    seen: set[Problem] = field(default_factory=set, repr=False)

    def add(self, problem: Problem) -> None:
        self.error_count += problem.is_error
        if problem not in self.seen:
            self.seen.add(problem)
            self.problems.append(problem)


def report_claims(project: Project, language: str, written: Written, report: Report) -> None:
    rules = load_rules(project, language, report)
    check_claims([p for _, p in written.passages], rules, report)


@cache  # the models are part of the package, not of a project: one detector per process
def _detector():
    # lazy: start-up time: lingua loads only when this runs
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                 for code in DETECTED]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[str, str] | None:
    """(ISO code, English name) of the language ``text`` is written in, when it can tell."""
    if len(text.split()) < MIN_WORDS:
        return None
    found = _detector().detect_language_of(text)
    if found is None:
        return None
    return found.iso_code_639_1.name.lower(), found.name.title()


def report_languages(languages: dict[str, tuple[str, str] | None], language: str,
                     written: Written, shown: str, report: Report) -> None:
    base = language.split("-")[0].split("_")[0].lower()
    for name, detected in languages.items():
        if detected is not None and detected[0] != base and base in DETECTED:
            report.warning("source-language",
                           f"{name} reads as {detected[1]}, not '{language}': import it with "
                           f"--lang {detected[0]}, or check that it is the right source",
                           Location(shown, written.source_lines.get(name, 1)))


def report_empty(written: Written, required: list[str], shown: str, report: Report) -> None:
    for section_id, line in written.empty.items():
        if section_id in required:
            message = (f"section '{section_id}' is empty: nothing in the sources was placed "
                       "there; a leaflet must have it, so write it")
        else:
            message = (f"section '{section_id}' is empty: nothing in the sources was placed "
                       "there; a patient leaflet should have it")
        report.warning("empty-section", message, Location(shown, line))
    if written.unplaced:
        report.warning("not-placed", f"{written.unplaced} paragraph(s) could not be placed in a "
                       "section: they are in the comment at the end of the draft",
                       Location(shown, written.text.count("\n", 0, written.text.index(
                           "# Not placed")) + 1))
