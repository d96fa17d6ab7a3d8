"""The gate's parts on their own: number words, rules read afresh, samples in the colophon."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from brochures.checks import claims, parity
from brochures.checks.text import passages
from brochures.errors import ERROR, Location, Report
from brochures.inputs.project import Project
from brochures.model import Leaflet, Section
from tests.conftest import REPO


def _leaflet(language: str, text: str) -> Leaflet:
    where = Location(f"content/t/{language}.yaml", 1)
    section = Section("stages", body=text, location=where)
    return Leaflet("t", language, Path(f"{language}.yaml"), "T", "", "", {"stages": section},
                   where)


def _parity(source: str, other: str, language: str = "fr") -> list[str]:
    words = [parity.number_words(Project(REPO), code, Report()) for code in ("en", language)]
    found = parity.compare(_leaflet("en", source), _leaflet(language, other), ERROR, *words)
    return [p.message for p in found]


@pytest.mark.parametrize(("language", "source", "other"), [
    ("fr", "It takes 1 to 3 days.", "Cela prend un à trois jours."),
    ("fr", "Only 1 session.", "Une seule séance."),
    ("fr", "Used since the 19th century.", "Utilisée depuis le XIXe siècle."),
    ("es", "Used since the 19th century.", "Se usa desde el siglo XIX."),
    ("es", "21 days.", "Veintiún días."),
    ("de", "Only 1 session.", "Nur eine Sitzung."),
    ("ru", "Only 1 session, 2 to 5 days apart.", "Только одна процедура, через два–пять дней."),
    ("ar", "About 30 minutes.", "حوالي ثلاثين دقيقة."),
    ("fr", "A few injections.", "Une injection, puis quelques autres."),
])
def test_number_words_match_the_source(language, source, other):
    assert _parity(source, other, language) == []


def test_a_wrong_number_word_is_an_error_naming_the_missing_number():
    found = _parity("Rest for 2 days.", "Reposez-vous cinq jours.")
    assert len(found) == 1 and "2 of the source is missing" in found[0], found


def test_a_roman_numeral_is_a_number_only_next_to_a_century_word():
    assert _parity("Louis XIV.", "Louis XIV.") == []
    assert _parity("In the 19th century.", "Au siècle de Louis XIX.") != []


def test_a_digit_the_source_does_not_have_is_an_error():
    assert _parity("One session.", "1 séance.") == []  # the source says it in words
    found = _parity("A few sessions.", "3 séances.")
    assert found and "3 is not in the source" in found[0]


def test_claims_do_not_change_the_rules_they_are_given():
    rules = claims.load_rules(Project(REPO), "en", Report())
    before = copy.deepcopy((rules.negations, rules.clause_words, rules.window))
    text = _leaflet("en", "We cannot guarantee results. It can't be painless.")
    claims.check_claims(passages(text, "x.yaml"), rules, Report())
    assert (rules.negations, rules.clause_words, rules.window) == before


def test_an_edited_readability_rule_is_seen_by_the_next_run(cli, project: Path):
    first = cli("check", "--no-fit", "--lang", "en", "--format", "json")
    assert '"readability"' in first.output
    (project / "rules").mkdir()
    (project / "rules/readability.yaml").write_text(
        "languages: {en: {formulas: {flesch: {target: {min: 99}}}}}\n")
    again = cli("check", "--no-fit", "--lang", "en")
    assert "warning: readability:" in again.output, again.output


def test_a_sample_brand_says_so_in_the_colophon(project: Path):
    from brochures.batch.build import Request, plan
    from brochures.batch.job import composed

    ours = project / "styles/brands/ours"
    ours.mkdir()
    text = (project / "styles/brands/default/brand.yaml").read_text()
    (ours / "brand.yaml").write_text(text.replace("sample: true", "sample: false"))
    (ours / "logo.svg").write_bytes((project / "styles/brands/default/logo.svg").read_bytes())
    report = Report()
    catalog, jobs = plan(Project(project), Request(languages=["fr"], layouts=["sheet"],
                                                  brands=["default", "ours"]), report)
    html = {job.brand: composed(catalog, job, Report()) for job in jobs}
    assert "Exemple" in html["default"] and "sample-note" in html["default"]
    assert "sample-note" not in html["ours"]


@pytest.mark.parametrize("language", ["en", "fr", "es", "de", "ru", "ar"])
def test_the_number_files_hold_every_cardinal_num2words_gives(language):
    from num2words import num2words

    found = parity.number_words(Project(REPO), language, Report())
    for n in range(101):
        assert found.words.get(num2words(n, lang=language).lower()) == str(n), (language, n)
