"""The claims rules added with `brochures import` for the overclaims of copied copy ("safe",
"ensured", "solved", "breaks down fat"), in all six languages, and the shipped leaflet against them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brochures.checks.claims import check_claims, load_rules
from brochures.checks.text import Passage, passages
from brochures.errors import Report
from brochures.inputs.load import load_topic
from brochures.inputs.project import Project

REPO = Path(__file__).resolve().parent.parent

HONEST = {
    "en": "Mesotherapy is not safe for everyone, and no result is ensured.",
    "fr": "Aucun soin n'est sans danger et l'efficacité n'est pas assurée.",
    "es": "Ningún tratamiento es seguro para todos y el resultado no está asegurado.",
    "de": "Die Behandlung ist nicht für alle sicher, und der Erfolg ist nicht gewährleistet.",
    "ru": "Ни одна процедура не безопасна для всех, и результат не гарантирован.",
    "ar": "لا يوجد علاج آمن للجميع، والنتيجة غير مضمونة.",
}
CLAIMS = {
    "en": ["It is a safe treatment.", "Effectiveness is ensured.", "The problem is solved.",
           "The cocktail breaks down fat."],
    "fr": ["C'est un soin sûr.", "L'efficacité est assurée.", "Le problème est résolu.",
           "Le produit détruit les graisses."],
    "es": ["Es un tratamiento seguro.", "La eficacia está asegurada.",
           "El problema queda resuelto.", "El cóctel descompone la grasa."],
    "de": ["Es ist eine sichere Behandlung.", "Der Erfolg ist gewährleistet.",
           "Das Problem ist gelöst.", "Der Wirkstoff baut Fett ab."],
    "ru": ["Это безопасная процедура.", "Эффективность обеспечена.", "Проблема решена.",
           "Коктейль расщепляет жир."],
    "ar": ["إنه علاج آمن.", "الفعالية مضمونة.", "تم حل المشكلة.", "الخليط يفكك الدهون."],
}


def _passages_of(tmp_path: Path, language: str, sentences: list[str]):
    return [Passage(s, "what_it_is", f"{language}.yaml", "body", [(n + 1, len(s.split()))])
            for n, s in enumerate(sentences)]


@pytest.mark.parametrize("language", sorted(CLAIMS))
def test_common_overclaims_in_every_language(tmp_path, language):
    project = Project(REPO)
    report = Report()
    check_claims(_passages_of(tmp_path, language, CLAIMS[language]),
                 load_rules(project, language, Report()), report)
    flagged = {p.location.line for p in report.problems}
    assert flagged == {1, 2, 3, 4}, [str(p) for p in report.problems]
    honest = Report()
    check_claims(_passages_of(tmp_path, language, [HONEST[language]]),
                 load_rules(project, language, Report()), honest)
    assert not honest.problems, [str(p) for p in honest.problems]


def test_shipped_content_does_not_trip_the_new_rules():
    project = Project(REPO)
    report = Report()
    topic = load_topic(project, "mesotherapy", report)
    assert topic is not None
    new = ("claim-safe", "claim-ensured", "claim-solved", "claim-breaks-down-fat")
    for language, leaflet in topic.leaflets.items():
        found = Report()
        texts = passages(leaflet, project.show(leaflet.path), Report())
        check_claims(texts, load_rules(project, language, Report()), found)
        assert not [str(p) for p in found.problems if p.code.startswith(new)], language


@pytest.mark.parametrize("language", sorted(CLAIMS))
def test_one_phrase_is_one_finding_even_when_two_rules_match_it(tmp_path, language):
    # "breaks down fat" is both a fat-dissolving claim (an error) and a breaks-down-fat
    # claim: the writer sees one line for it, the error's.
    report = Report()
    check_claims(_passages_of(tmp_path, language, [CLAIMS[language][3]]),
                 load_rules(project := Project(REPO), language, Report()), report)
    assert len(report.problems) == 1, [str(p) for p in report.problems]
    strongest = {rule.severity for rule in load_rules(project, language, Report()).rules
                 if rule.id in ("fat-dissolving", "breaks-down-fat")}
    assert report.problems[0].severity == ("error" if "error" in strongest else "warning")
