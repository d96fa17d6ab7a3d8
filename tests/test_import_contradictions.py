"""Contradictions between sources, one pair of sentences at a time (the import's rules)."""

from __future__ import annotations

import pytest

from brochures.checks.text import Passage
from brochures.errors import Report
from brochures.exchange.imports import contradictions
from brochures.exchange.imports.classify import Entry
from brochures.exchange.imports.draft import Written
from brochures.exchange.imports.rules import load_import_rules
from brochures.inputs.project import Project
from tests.test_import import REPO


def written(section: str, *sentences: tuple[str, str]) -> Written:
    """A draft holding each (source, sentence) as a paragraph of ``section``."""
    out = Written("")
    for line, (source, text) in enumerate(sentences, start=1):
        entry = Entry(section, "paragraph", text, origins=[(source, line)])
        out.passages.append((entry, Passage(text, section, "draft.yaml", "body",
                                            [(line, len(text.split()))])))
    return out


@pytest.mark.parametrize("language, a, b, disagree", [
    ("en", "It goes 1 a 4 millimeters deep.", "It goes 1 to 10 мм deep.", True),
    ("en", "It goes 1–4 mm deep.", "It goes 1 to 4 millimetres deep.", False),
    ("en", "It goes 1–4 mm deep.", "It goes 1-10 mm deep.", True),
    ("fr", "Entre 0,1 et 0,4 cm sous la peau.", "De 1 à 4 mm sous la peau.", False),
    ("en", "It was first used in the 1950s.", "It was first used in 1952.", False),
    ("en", "It was first used in 1952.", "It was first used in 1958.", True),
    ("ru", "Метод появился в 1950-х годах.", "Метод появился в 1952 году.", False),
    ("de", "Erfunden in den 1950er Jahren.", "Erfunden 1952.", False),
    ("es", "Nació en la década de 1950.", "Nació en 1952.", False),
    ("en", "A session takes 20 minutes.", "A session takes 20 to 30 minutes.", False),
    ("en", "A session takes 30 minutes.", "A session takes 45 minutes.", True),
    ("en", "A session takes 1 hour.", "A session takes 60 minutes.", False),
])
def test_quantities(language, a, b, disagree):
    rules = load_import_rules(Project(REPO), language, Report())
    report = Report()
    contradictions.report_numbers(written("history", ("a.html", a), ("b.md", b)), rules, report)
    assert bool(report.problems) is disagree, [str(p) for p in report.problems]


@pytest.mark.parametrize("a, b, disagree", [
    ("The doctor Michel PISTOR used it first.", "The doctor Michel Pistor used it first.", False),
    ("The doctor Michel PISTOR used it first.", "The doctor Michel Pitsor used it first.", True),
    ("The doctor Michel Pistor used it first.", "The doctor Michel Pitor used it first.", True),
    ("Врач Мишель Пистор придумал метод.", "Врач Мишель ПИСТАР придумал метод.", True),
    ("Врач Мишель Пистор придумал метод.", "Метод Мишеля Пистора известен.", False),
])
def test_names(a, b, disagree):
    report = Report()
    endings = load_import_rules(Project(REPO), "ru", Report()).name_endings
    contradictions.report_names(written("history", ("a.html", a), ("b.md", b)), report, endings)
    assert bool(report.problems) is disagree, [str(p) for p in report.problems]


def test_one_source_spelling_a_name_two_ways_is_not_a_contradiction():
    report = Report()
    contradictions.report_names(written("history", ("a.html", "Dr Michel Pistor came."),
                                        ("a.html", "Then Michel Pitor left.")), report)
    assert report.problems == []


def test_the_finding_is_at_the_draft_line_of_the_second_value():
    rules = load_import_rules(Project(REPO), "en", Report())
    report = Report()
    contradictions.report_numbers(written("what_it_is", ("a.html", "Depth 1–4 mm."),
                                          ("b.md", "Filler."), ("b.md", "Depth 1–10 mm.")),
                                  rules, report)
    assert [p.location.line for p in report.problems] == [3]
    assert "“1–4 mm” (a.html) and “1–10 mm” (b.md)" in report.problems[0].message
