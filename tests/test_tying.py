"""Tying rules, per language, done once in the markup step from a rules file: a number and
its unit, a postcode, "rendez-vous" never split; French narrow no-break spaces; the last
two words of a heading or list item tied (rules/typography/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brochures.inputs.typography import NBHY, NBSP, NNBSP, Ties
from tests import pdfs
from tests.test_typesetting import LAYOUTS, pdf


@pytest.fixture
def built(sample_build) -> Path:
    return sample_build.root


UNIT_SPLIT = re.compile(
    r"\d[\s\u00a0\u202f]*\r?\n[\s\u00a0\u202f]*(mm|minutes|Minuten|Minuten|minutos|ans|"
    r"Jahre|jours|days|Tage|мм|минут|ملم|دقيقة)\b")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", ["ar", "de", "en", "es", "fr", "ru"])
def test_no_number_unit_or_postcode_split(built, lang, layout):
    for brand in ("default",):
        raw = "\n".join(pdfs.page_texts(pdf(built, lang, layout, brand)))
        assert not UNIT_SPLIT.search(raw), UNIT_SPLIT.search(raw).group(0)
        assert not re.search(r"AB1[\s\u00a0]*\r?\n", raw)
        if lang != "ar" and layout != "trifold":  # (pdfium gives right-to-left text's
            # no-break space as a space; the trifold prints the steps' summary)
            assert "13" + NBSP + "mm" in raw or "13" + NBSP + "мм" in raw


@pytest.mark.parametrize("layout", ["sheet", "trifold", "screen"])
def test_french_narrow_no_break_spaces(built, layout):
    raw = "\n".join(pdfs.page_texts(pdf(built, "fr", layout)))
    assert not re.search(r"[ \u00a0][;:?!»]", raw), re.search(r".{12}[ \u00a0][;:?!»]", raw)
    assert not re.search(r"«[ \u00a0]", raw)
    assert "Rédigé par" + NNBSP + ":" in raw


def test_ties_unit_postcode_word_and_last_words():
    ties = Ties(units=("mm", "minutes"), words=("rendez-vous",),
                patterns=(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\b",),
                narrow_before=";:?!»", narrow_after="«")
    assert ties.apply("about 30 minutes, 1–4 mm deep") == \
        f"about 30{NBSP}minutes, 1–4{NBSP}mm deep"
    assert ties.apply("13 mmHg") == "13 mmHg"  # a unit is a whole word
    assert ties.apply("Yourtown AB1 2CD") == f"Yourtown AB1{NBSP}2CD"
    assert ties.apply("un rendez-vous") == f"un rendez{NBHY}vous"
    assert ties.apply("Pourquoi ? « oui »") == f"Pourquoi{NNBSP}? «{NNBSP}oui{NNBSP}»"
    assert ties.end("What is it used for?") == f"What is it used{NBSP}for?"
    assert Ties().apply("13 mm ?") == "13 mm ?"  # no rules, no ties


def test_ties_never_touch_a_link_address():
    from brochures.inputs.markup import inline

    ties = Ties(narrow_before=":", units=("mm",))
    html = str(inline("see [the page](https://example.org/a:b) : 13 mm", True, ties))
    assert 'href="https://example.org/a:b"' in html
    assert f"{NNBSP}: 13{NBSP}mm" in html


def test_a_project_adds_its_own_units(cli, project):
    rules = project / "rules" / "typography" / "en.yaml"  # a project's own rules
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("units: [sessions, furlongs]\n", "utf-8")
    text = project / "content" / "mesotherapy" / "en.yaml"
    text.write_text(text.read_text("utf-8").replace(
        "A session takes about 30 minutes.", "A session takes about 30 furlongs."), "utf-8")
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "screen",
                 "--out", str(project / "dist"), "-j", "1", "--format", "html")
    assert result.exit_code == 0, result.all_output
    html = (project / "dist" / "default" / "mesotherapy"
            / "mesotherapy-en-screen.html").read_text("utf-8")
    assert f"30{NBSP}furlongs" in html


def test_bad_tying_rule_is_reported(cli, project):
    rules = project / "rules" / "typography" / "en.yaml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("unitz: [mm]\n", "utf-8")
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "screen",
                 "--out", str(project / "dist"), "-j", "1")
    assert "'unitz' is not a tying rule" in result.all_output


