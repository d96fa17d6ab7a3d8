"""Sign-off on real PDFs: the DRAFT watermark, the approved colophon, and what rebuilds.

One scenario, built once for the module (renders are the expensive part): a project
that requires approval builds en and ar as drafts; en is approved and both are built
again; then one word of en changes and en is built a third time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from brochures.cli import main
from tests.conftest import REPO
from tests.pdfs import page_texts, text

BY = ["--by", "Dr A. Moreau", "--role", "Medical director"]
MARKS = {"en": "DRAFT", "ar": "مسودة"}


def _run(root: Path, *args: str):
    if args[0] == "build":
        args = (*args, "--jobs", "1", "--layout", "sheet", "--out", str(root / "out"))
    result = CliRunner().invoke(main, ["--project", str(root), *args])
    return result


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("signoff") / "project"
    for name in ("content", "templates", "styles"):
        shutil.copytree(REPO / name, root / name)
    (root / "brochures.yaml").write_text("require_approval: true\n")
    topic = root / "content/mesotherapy/topic.yaml"
    topic.write_text(topic.read_text().replace("owner:", "reference: DERM-014\nowner:", 1))
    pdf = {lang: root / f"out/default/mesotherapy/mesotherapy-{lang}-sheet.pdf"
           for lang in MARKS}
    seen: dict = {}

    def snapshot(stage: str, result) -> None:
        seen[stage] = {"output": result.output, "exit": result.exit_code,
                       **{lang: page_texts(p) for lang, p in pdf.items() if p.exists()},
                       "ar_bytes": pdf["ar"].read_bytes() if pdf["ar"].exists() else b""}

    snapshot("draft", _run(root, "build", "mesotherapy", "--lang", "en", "--lang", "ar"))
    shutil.copy(pdf["en"], root / "draft-en.pdf")
    _run(root, "approve", "mesotherapy", "--lang", "en", *BY, "--date", "2026-11-20")
    snapshot("approved", _run(root, "build", "mesotherapy", "--lang", "en", "--lang", "ar"))
    shutil.copy(pdf["en"], root / "approved-en.pdf")
    en = root / "content/mesotherapy/en.yaml"
    en.write_text(en.read_text().replace("There is no surgery and no cut.",
                                         "There is no surgery and no scar."))
    snapshot("edited", _run(root, "build", "mesotherapy", "--lang", "en"))
    _run(root, "approve", "mesotherapy", "--lang", "ar", *BY, "--date", "2026-11-21")
    words = root / "templates/words/ar.yaml"  # ours prints Latin digits; some clinics do not
    words.write_text(words.read_text("utf-8").replace("digits: latin", "digits: arabic-indic"),
                     "utf-8")
    snapshot("ar approved", _run(root, "build", "mesotherapy", "--lang", "ar"))
    seen["root"] = root
    return seen


def test_a_draft_carries_the_watermark_on_every_page_in_its_language(scenario):
    for lang, mark in MARKS.items():
        pages = scenario["draft"][lang]
        assert len(pages) == 4
        assert all(mark in page for page in pages), lang
    assert scenario["draft"]["exit"] == 0
    assert ("warning: draft: mesotherapy-en-sheet: printed as a DRAFT: mesotherapy "
            "(en, brand default)") in scenario["draft"]["output"]


def test_a_draft_has_one_readable_notice_in_the_tagged_content(scenario):
    pages = scenario["draft"]["en"]
    # Every page says it once in its text layer (issue 29: the rotated mark comes out in
    # fragments): the first in the tagged content, the others as page furniture.
    assert all(page.count("Draft — not approved") == 1 for page in pages)
    # The diagonal mark (colour #ecbcbc) is page furniture, outside the tagged structure;
    # the notice (#9b1c1c) is both: furniture on each page, and one tagged line.
    with pikepdf.open(scenario["root"] / "draft-en.pdf") as doc:
        assert "/StructTreeRoot" in doc.Root
        shown = _text_by_colour(doc)
    mark, notice = (0.925, 0.737, 0.737), (0.608, 0.11, 0.11)
    assert shown[mark] == {False}
    assert shown[notice] == {True, False}


def _text_by_colour(doc: pikepdf.Pdf) -> dict[tuple, set[bool]]:
    """For each fill colour text is shown in: whether it was inside tagged marked content
    (a marked-content id the structure tree points at)."""
    wanted: dict[int, set[int]] = {}
    pages = {page.objgen: n for n, page in enumerate(doc.pages)}

    def walk(node, page=None):
        if isinstance(node, pikepdf.Dictionary):
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            if "/K" in node:
                walk(node.K, page)
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, page)
        elif isinstance(node, int) and page is not None:
            wanted.setdefault(page, set()).add(int(node))

    walk(doc.Root.StructTreeRoot)
    seen: dict[tuple, set[bool]] = {}
    for n, page in enumerate(doc.pages):
        marks: list[int | None] = []
        colour, saved = (0.0, 0.0, 0.0), []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "q":
                saved.append(colour)
            elif op == "Q" and saved:
                colour = saved.pop()
            elif op == "rg":
                colour = tuple(round(float(v), 3) for v in operands)
            elif op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                marks.append(int(mcid) if mcid is not None else None)
            elif op == "EMC" and marks:
                marks.pop()
            elif op in ("Tj", "TJ"):
                tagged = any(m in wanted.get(n, ()) for m in marks if m is not None)
                seen.setdefault(colour, set()).add(tagged)
    return seen


def test_an_approved_leaflet_has_no_watermark_and_says_who_approved_it(scenario):
    pages = scenario["approved"]["en"]
    assert pages and not any("DRAFT" in page or "Draft —" in page for page in pages)
    printed = text(scenario["root"] / "approved-en.pdf")
    assert "Approved by Dr A. Moreau, Medical director, on 20 November 2026" in printed
    assert "DERM-014 · version 1 · English" in printed


def test_approving_en_rebuilds_en_only(scenario):
    output = scenario["approved"]["output"]
    assert "built:" in output and "mesotherapy-en-sheet.pdf" in output
    assert "unchanged: " in output and output.split("unchanged: ")[1].startswith(
        str(scenario["root"] / "out/default/mesotherapy/mesotherapy-ar-sheet.pdf"))
    assert scenario["approved"]["ar_bytes"] == scenario["draft"]["ar_bytes"]
    assert all("مسودة" in page for page in scenario["approved"]["ar"])


def test_one_edited_word_brings_the_watermark_back(scenario):
    pages = scenario["edited"]["en"]
    assert len(pages) == 4 and all("DRAFT" in page for page in pages)
    assert "changed in 1 unit since version 1 was approved" in scenario["edited"]["output"]
    assert not any("Approved by" in page for page in pages)


def test_the_approval_line_writes_dates_and_versions_in_the_languages_digits(scenario):
    assert scenario["ar approved"]["exit"] == 0, scenario["ar approved"]["output"]
    printed = " ".join(scenario["ar approved"]["ar"])
    # An Arabic leaflet set to Arabic-Indic digits (words file: digits) prints the approval
    # date and version in them, as well as the review dates.
    assert "Dr A. Moreau" in printed
    assert "٢٠٢٦" in printed and "٢١" in printed, printed
    assert "2026" not in printed and "21 " not in printed, printed
