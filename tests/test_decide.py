"""Everything a patient needs to decide (issue 34), on the real project and its PDFs.

A use graded ``none`` is refused as a use (with its file and line) and said in the
``not_shown`` statement instead; the grades are explained once beside the uses, each
with its source's number; the urgent-help box prints the brand's emergency number inline
on every layout; the questions are content, always printed, and a layout that leaves
them out (or cannot fit them) does not build; the cost and "You do not have to decide
today" come from the brand and the words; a risk ("Pigment changes can be permanent")
is not a promise, the same words among the uses are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests import pdfs
from tests.conftest import Run

LAYOUTS = ["sheet", "trifold", "booklet", "screen", "large-print"]


def edit(project: Path, relative: str, change) -> None:
    path = project / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def en(project: Path, change) -> None:
    edit(project, "content/mesotherapy/en.yaml", change)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """en, de and ar of both brands in every layout on A4, en on Letter (built once)."""
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("decide") / "project")
    for paper, languages in (("a4", ("en", "de", "ar")), ("letter", ("en",))):
        langs = [arg for lang in languages for arg in ("--lang", lang)]
        result = Run(root)("build", *langs, "--brand", "all", "--paper", paper, "-j", "2", "-q")
        assert result.exit_code == 0, result.all_output
    return root / "dist"


def pdf(dist: Path, lang: str, layout: str, brand: str = "default", paper: str = "a4") -> Path:
    suffix = "" if paper == "a4" else f"-{paper}"
    return dist / brand / "mesotherapy" / f"mesotherapy-{lang}-{layout}{suffix}.pdf"


# --- 1. a use graded none is not a use ------------------------------------------------------

def test_a_use_graded_none_is_refused_with_its_file_and_line(cli, project):
    en(project, lambda d: d["sections"]["benefits"]["items"].append(
        {"text": "Cellulite.", "evidence": "none", "source": "has2014"}))
    result = cli("check", "--lang", "en", "--layout", "screen")
    assert result.exit_code != 0
    lines = [line for line in result.all_output.splitlines() if "evidence-none-use" in line]
    assert lines, result.all_output
    # file and YAML line of the item, one line, no traceback
    line_no = next(n for n, text in enumerate(
        (project / "content/mesotherapy/en.yaml").read_text().splitlines(), 1)
        if "Cellulite." in text)
    assert lines[0].startswith(f"content/mesotherapy/en.yaml:{line_no}"), lines[0]
    assert "not_shown" in lines[0]
    assert "Traceback" not in result.all_output


def test_the_shipped_uses_are_graded_above_none_and_the_rest_is_said_plainly(built):
    text = pdfs.text(pdf(built, "en", "sheet"))
    assert "Evidence: none" not in text
    assert "It has not been shown to help ageing skin, cellulite" in text
    assert "we do not offer it for these" in text


# --- 2. the key to the grades and each use's source number ----------------------------------

@pytest.mark.parametrize("layout", ["sheet", "booklet", "screen", "large-print"])
def test_the_grades_are_explained_once_beside_the_uses_with_source_numbers(built, layout):
    text = pdfs.text(pdf(built, "en", layout))
    assert text.count("What the evidence labels mean") == 1
    assert "Limited: a few small studies" in text
    assert "Strong:" not in text  # only the grades used
    # mammucari2021 is the second source: its number beside each of the two uses
    assert text.count("Evidence: limited (source 2)") == 2


# --- 5. urgent help: the brand's number inline, in a box of its own, on every layout -------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("brand,number", [("default", "999"), ("clinic", "15")])
def test_the_urgent_box_says_the_brands_emergency_number_inline(built, layout, brand, number):
    text = pdfs.text(pdf(built, "en", layout, brand))
    assert "Get help at once" in text
    assert "swelling of your face, lips or tongue" in text
    assert f"If this happens, call {number} at once." in text
    # printed once: the contact block does not repeat it in small type
    assert text.count(f"call {number}") == 1


@pytest.mark.parametrize("lang,words", [("de", "Rufen Sie dann sofort die 999 an."),
                                        ("ar", "999")])
def test_the_urgent_number_in_other_languages(built, lang, words):
    for layout in LAYOUTS:
        text = pdfs.text(pdf(built, lang, layout))
        assert words in text, layout


def test_the_emergency_number_stands_inside_the_urgent_box(built):
    """Inline: the number's glyphs sit between the box's heading and the out-of-hours line."""
    path = pdf(built, "en", "sheet")
    heading = pdfs.find_text(path, "Get help at once")[0]
    number = [w for w in pdfs.find_text(path, "999") if w.page == heading.page]
    after = pdfs.find_text(path, "If anything else worries you")[0]
    assert number and heading.top > number[0].top > after.bottom


# --- 6. questions are content, always printed -----------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("brand", ["default", "clinic"])
def test_the_questions_are_printed_on_every_layout(built, layout, brand):
    text = pdfs.text(pdf(built, "en", layout, brand))
    for question in ("Is this treatment right for me?", "What result is realistic for me, if any?",
                     "what will they cost in all?"):
        assert question in text, (layout, question)
    assert "You do not have to decide today." in text


def test_a_layout_that_leaves_the_questions_out_does_not_build(cli, project):
    edit(project, "templates/layouts/screen.yaml",
         lambda d: d["sections"].remove("questions"))
    result = cli("build", "--lang", "en", "--layout", "screen")
    assert result.exit_code != 0
    assert "does not print the section 'questions'" in result.all_output
    assert not (project / "dist/default/mesotherapy/mesotherapy-en-screen.pdf").exists()


def test_questions_that_do_not_fit_fail_the_build_instead_of_being_dropped(cli, project):
    en(project, lambda d: d["sections"]["questions"]["items"].extend(
        [f"Question number {n}: is there anything else I should know before I decide?"
         for n in range(40)]))
    result = cli("build", "--lang", "en", "--layout", "trifold")
    assert result.exit_code != 0
    assert "overflow" in result.all_output
    assert not (project / "dist/default/mesotherapy/mesotherapy-en-trifold.pdf").exists()


# --- 4. cost from the brand, per language ---------------------------------------------------

def test_the_cost_comes_from_the_brand_in_the_leaflets_language(built):
    assert "written quote" in pdfs.text(pdf(built, "en", "sheet", "clinic"))
    de = pdfs.text(pdf(built, "de", "sheet", "clinic"))
    assert "Kostenvoranschlag" in de and "Sie müssen sich nicht heute entscheiden." in de
    assert "Ordre des médecins" in de  # the registration text, in German


# --- 8. a risk is not a promise -------------------------------------------------------------

def test_permanent_among_the_risks_is_a_risk_not_a_promise(cli, project):
    assert "Pigment changes can be permanent." in (
        project / "content/mesotherapy/en.yaml").read_text()
    result = cli("check", "--lang", "en", "--layout", "screen")
    assert "claim-permanent" not in result.all_output, result.all_output


def test_permanent_among_the_uses_is_still_a_promise(cli, project):
    en(project, lambda d: d["sections"]["benefits"]["items"][0].update(
        text="Pain: the relief can be permanent."))
    result = cli("check", "--lang", "en", "--layout", "screen")
    assert result.exit_code != 0
    assert "claim-permanent" in result.all_output


# --- new parts optional: an older project keeps building, and check says what it lacks ---

def test_a_leaflet_without_the_new_parts_builds_and_check_warns(cli, project):
    def drop(d):
        for key in ("urgent", "alternatives", "questions", "not_shown"):
            d["sections"].pop(key)
    en(project, drop)
    edit(project, "styles/brands/default/brand.yaml",
         lambda d: [d.pop(k) for k in ("cost", "out_of_hours", "complaints", "registration")])
    result = cli("build", "--lang", "en", "--layout", "screen")
    assert result.exit_code == 0, result.all_output
    check = cli("check", "--lang", "en", "--layout", "screen")
    for key in ("urgent", "alternatives", "questions"):
        assert f"no '{key}' section" in check.all_output
    assert "has no 'cost'" in check.all_output
