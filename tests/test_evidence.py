"""Evidence per use (issue 14 §1) and the mesotherapy content that uses it (issue 15).

Uses in ``benefits`` carry a grade and a source; grades are facts, so parity
requires them in every language; ``check`` warns about an ungraded use and
errors on an unknown source; every layout prints the grade as a word label
beside the use; the brand's emergency number is printed in the leaflet's
language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
import yaml

from brochures.errors import Report
from brochures.inputs.load import load_topic
from brochures.inputs.project import Project
from tests import pdfs
from tests.conftest import Run

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "fr", "es", "de", "ru", "ar"]
GRADES = {"strong", "moderate", "limited", "none"}


def copy(where: Path) -> Path:
    """A private copy of this repository's project (for module-wide fixtures)."""
    root = where / "project"
    for name in ("content", "templates", "styles"):
        shutil.copytree(REPO / name, root / name)
    return root


def read(project: Path, lang: str) -> dict:
    return yaml.safe_load((project / f"content/mesotherapy/{lang}.yaml").read_text())


def write(project: Path, lang: str, data: dict) -> None:
    path = project / f"content/mesotherapy/{lang}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def line_of(project: Path, lang: str, needle: str) -> int:
    lines = (project / f"content/mesotherapy/{lang}.yaml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def findings(result, code: str) -> list[str]:
    return [line for line in result.all_output.splitlines() if f": {code}: " in line]


# -- the shipped content ------------------------------------------------------------------

def test_every_language_lists_the_same_uses_with_the_same_grades():
    report = Report()
    topic = load_topic(Project(REPO), "mesotherapy", report)
    assert topic is not None and not report.errors, report.problems
    assert sorted(topic.leaflets) == sorted(LANGUAGES)
    ids = {s.id for s in topic.sources}
    source = [(i.evidence, i.source) for i in topic.leaflets["en"].sections["benefits"].items]
    assert source and all(grade in GRADES and cited in ids for grade, cited in source)
    for lang in LANGUAGES:
        uses = topic.leaflets[lang].sections["benefits"].items
        assert [(i.evidence, i.source) for i in uses] == source, lang


def test_shipped_sources_link_only_where_a_link_was_verified():
    topic = yaml.safe_load((REPO / "content/mesotherapy/topic.yaml").read_text())
    by_id = {s["id"]: s for s in topic["sources"]}
    assert "url" not in by_id["mammucari2011"]  # no verified link: none invented
    assert by_id["mammucari2021"]["url"] == "https://doi.org/10.7417/CT.2021.2278"
    assert topic["owner"]["en"] == "Sample content — not clinically reviewed"


# -- check: parity of grades, unknown sources, missing grades -------------------------------

@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """One check of a project with three mistakes in what the files say, each in its own place."""
    project = copy(tmp_path_factory.mktemp("broken"))
    de = read(project, "de")
    de["sections"]["benefits"]["items"][1]["evidence"] = "moderate"  # a grade that drifted
    write(project, "de", de)
    fr = read(project, "fr")
    fr["sections"]["evidence"]["body"] += "\n\nLa mésothérapie fait fondre les graisses."
    write(project, "fr", fr)
    for lang in LANGUAGES:  # the same unknown source everywhere: no parity finding for it
        data = read(project, lang)
        data["sections"]["benefits"]["items"][0]["source"] = "nobody2020"
        write(project, lang, data)
    result = Run(project)("check", "mesotherapy", "--no-fit")
    assert result.exit_code == 1
    return project, result


@pytest.fixture(scope="module")
def malformed(tmp_path_factory):
    """One check of a project with two values its schemas refuse (reported together)."""
    project = copy(tmp_path_factory.mktemp("malformed"))
    data = read(project, "es")
    data["sections"]["benefits"]["items"][1]["evidence"] = "excellent"
    write(project, "es", data)
    path = project / "styles/brands/default/brand.yaml"
    path.write_text(path.read_text().replace('emergency: "999"', 'emergency: "call 999"'))
    result = Run(project)("check", "mesotherapy", "--no-fit")
    assert result.exit_code == 1
    return project, result


def test_a_different_grade_in_one_language_is_a_parity_error(broken):
    project, result = broken
    found = findings(result, "parity-evidence")
    en_line = line_of(project, "en", "Hair loss:")
    de_line = line_of(project, "de", "Haarausfall:")
    assert len(found) == 1, result.all_output
    assert found[0].startswith(f"content/mesotherapy/de.yaml:{de_line}:")
    assert "item 2 of 'benefits' is graded 'moderate'" in found[0]
    assert f"content/mesotherapy/en.yaml:{en_line}:" in found[0] and "'limited'" in found[0]


def test_an_unknown_source_is_an_error_on_its_line(broken):
    project, result = broken
    found = findings(result, "evidence-source")
    line = line_of(project, "en", "Pain:")
    assert any(f.startswith(f"content/mesotherapy/en.yaml:{line}:") and ": error: " in f
               and "'nobody2020'" in f and "mammucari2021" in f for f in found), result.all_output


def test_a_bad_grade_is_refused_by_the_schema(malformed):
    _, result = malformed
    assert any(f.startswith("content/mesotherapy/es.yaml:")
               and "must be one of strong, moderate, limited, none, not 'excellent'" in f
               for f in findings(result, "bad-value")), result.all_output


def test_fat_dissolving_wording_is_refused_in_french(broken):
    _, result = broken
    assert any(f.startswith("content/mesotherapy/fr.yaml:") and ": error: " in f
               for f in findings(result, "claim-fat-dissolving")), result.all_output


def test_an_emergency_number_must_be_a_phone_number(malformed):
    _, result = malformed
    assert any(f.startswith("styles/brands/default/brand.yaml:") and "'call 999'" in f
               for f in findings(result, "bad-phone")), result.all_output


def test_a_use_without_a_grade_is_a_warning(cli, project):
    for lang in LANGUAGES:  # in every language, so that parity has nothing to say
        data = read(project, lang)
        items = data["sections"]["benefits"]["items"]
        items[1] = items[1]["text"]
        write(project, lang, data)
    result = cli("check", "mesotherapy", "--no-fit")
    found = findings(result, "evidence-missing")
    assert len(found) == len(LANGUAGES), result.all_output
    assert all(": warning: " in f and "item 2 of 'benefits'" in f for f in found)
    assert not findings(result, "parity-evidence")
    assert result.exit_code == 0  # a warning, not an error ...
    assert cli("check", "mesotherapy", "--no-fit", "--strict").exit_code == 1  # ... unless strict


# -- the printed leaflet --------------------------------------------------------------------

@pytest.fixture
def sheets(sample_build) -> Path:
    """The shipped sheets in English and Arabic, from the run's one default build."""
    return sample_build.root / "dist" / "default" / "mesotherapy"


def _end_of(pdf: Path, needle: str) -> pdfs.Word:
    """The box of the last character of the one place ``needle`` is printed."""
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        hits = []
        for index in range(len(doc)):
            textpage = doc[index].get_textpage()
            searcher = textpage.search(needle, match_case=True)
            while (hit := searcher.get_next()) is not None:
                left, bottom, right, top = textpage.get_charbox(hit[0] + hit[1] - 1)
                hits.append(pdfs.Word(needle, index, left, bottom, right, top))
    finally:
        doc.close()
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _beside(pdf: Path, end_of_use: str, label: str) -> None:
    """``label`` is printed right after the use that ends with ``end_of_use``."""
    end = _end_of(pdf, end_of_use)
    labels = [w for w in pdfs.find_text(pdf, label) if w.page == end.page]
    # After the use's last character on the same line (either direction: right to
    # left in Arabic), or on the line just under it, in the same column.
    same_line = [w for w in labels if abs(end.bottom - w.bottom) < 3
                 and (w.left >= end.right - 1 or w.right <= end.left + 1)]
    # (A line of Arabic at the 12 pt body, set 12 % larger, is about 18.3 pt.)
    next_line = [w for w in labels if 8 <= end.bottom - w.bottom <= 25
                 and abs((w.left + w.right) / 2 - (end.left + end.right) / 2) < 250]
    assert same_line + next_line, (label, end, labels)


@pytest.mark.parametrize("lang, end_of_use, label", [
    ("en", "sports injuries.", "Evidence: limited"),
    ("en", "blood flow in the scalp.", "Evidence: limited"),
    ("ar", "والإصابات الرياضية.", "محدودة"),
    ("ar", "في فروة الرأس.", "محدودة"),
])
def test_the_grade_label_is_printed_beside_the_use(sheets, lang, end_of_use, label):
    _beside(sheets / f"mesotherapy-{lang}-sheet.pdf", end_of_use, label)


def test_every_use_has_its_label_in_the_leaflets_language(sheets):
    words = {lang: yaml.safe_load((REPO / f"templates/words/{lang}.yaml").read_text())["words"]
             for lang in ("en", "ar")}
    en = pdfs.text(sheets / "mesotherapy-en-sheet.pdf")
    # two uses graded limited; none graded none (a use without evidence is no use: issue 34)
    assert en.count(words["en"]["evidence_limited"]) == 2
    assert words["en"]["evidence_none"] not in en
    assert "Evidence:" not in pdfs.text(sheets / "mesotherapy-ar-sheet.pdf")


def test_the_brand_emergency_number_is_printed_in_the_leaflets_language(sheets):
    en = pdfs.text(sheets / "mesotherapy-en-sheet.pdf")
    # In the urgent-help box (issue 34), not repeated in the contact details.
    assert "If this happens, call 999 at once." in en
    assert "In an emergency, call 999." not in en
    ar = sheets / "mesotherapy-ar-sheet.pdf"
    assert pdfs.find_text(ar, "999") and pdfs.find_text(ar, "بالرقم")
