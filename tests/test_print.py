"""Print quality (issue 16), measured on real PDFs: unbroken contact strings, no
inserted hyphens, link addresses on paper, Arabic set larger, page numbers,
balanced sheet columns, the brand's name beside an icon-only PNG logo, a
picture tagged with its alt text, and a huge PNG logo downscaled.

The run's one build of the shipped project (``sample_build``) and one build of a
PNG-logo brand project are shared.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from click.testing import CliRunner

from brochures.cli import main
from tests.conftest import REPO
from tests.pdfs import find_text, page_texts

LAYOUTS = ["sheet", "trifold", "booklet", "screen", "large-print"]
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\r\ufffe"), None)


def _copy(root: Path) -> Path:
    for name in ("content", "templates", "styles"):
        shutil.copytree(REPO / name, root / name)
    return root


def _build(root: Path, *args: str) -> Path:
    out = root / "dist"
    result = CliRunner().invoke(main, ["--project", str(root), "build", "mesotherapy",
                                       "--jobs", "1", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert " 0 warnings" in result.output, result.output
    return out


@pytest.fixture
def shipped(sample_build) -> Path:
    """The run's one default build of the shipped project (read-only)."""
    return sample_build.root / "dist" / "default" / "mesotherapy"


@pytest.fixture(scope="module")
def png_brand(tmp_path_factory) -> Path:
    """A brand with an icon-only 4000×4000 PNG logo; a link in the text; Arabic-Indic digits."""
    from PIL import Image, ImageDraw

    root = _copy(tmp_path_factory.mktemp("png"))
    brand = root / "styles" / "brands" / "acme"
    brand.mkdir()
    logo = Image.new("RGB", (4000, 4000), "white")
    ImageDraw.Draw(logo).ellipse((400, 400, 3600, 3600), fill=(200, 40, 60))
    logo.save(brand / "logo.png")
    data = yaml.safe_load((root / "styles/brands/default/brand.yaml").read_text())
    data.update(name="Acme Harbour Skin", logo="logo.png")
    data.pop("logo_has_name", None)
    (brand / "brand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    en = root / "content/mesotherapy/en.yaml"
    en.write_text(en.read_text().replace(
        "  history:\n    body: |-\n",
        "  history:\n    body: |-\n"
        "      Read [our guide](https://www.example.org/guide/) first.\n\n", 1))
    # Not a change the translators must follow (issue 18): ar stays current, no stale warning.
    from brochures.checks.translation_gate import mark_current
    from brochures.errors import Report
    from brochures.inputs.project import Project

    mark_current(Project(root), "mesotherapy", ["ar"], Report())
    words = root / "templates/words/ar.yaml"
    words.write_text(words.read_text().replace("digits: latin", "digits: arabic-indic"))
    out = _build(root, "--brand", "acme", "--lang", "en", "--lang", "ar",
                 "--layout", "sheet", "--layout", "screen")
    return out / "acme" / "mesotherapy"


def _pdf(folder: Path, lang: str, layout: str) -> Path:
    return folder / f"mesotherapy-{lang}-{layout}.pdf"


def _lines(path: Path) -> list[str]:
    return [line for text in page_texts(path) for line in text.split("\n") if line.strip()]


def _phone_reads_left_to_right(path: Path) -> bool:
    """``+44 1234 567890`` on one line, its groups left to right (text extraction
    lists the runs of a right-to-left line in visual order, so look at the boxes)."""
    groups = [find_text(path, group) for group in ("+44", "1234", "567890")]
    for first in groups[0]:
        same = [[w for w in found if w.page == first.page and abs(w.bottom - first.bottom) < 2]
                for found in groups[1:]]
        if all(same) and first.right <= same[0][0].left and same[0][0].right <= same[1][0].left:
            return True
    return False


@pytest.mark.parametrize("layout", LAYOUTS)
def test_contact_strings_are_printed_whole_in_every_layout(shipped, layout):
    for lang in ("en", "ar"):
        pdf = _pdf(shipped, lang, layout)
        text = "\n".join(page_texts(pdf)).translate(INVISIBLE)
        for contact in ("hello@yourclinic.example", "yourclinic.example/book"):
            assert contact in text, (lang, layout, contact)
        assert _phone_reads_left_to_right(pdf), (lang, layout)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_line_ends_in_an_inserted_hyphen_by_default(shipped, layout):
    for lang in ("en", "ar"):
        ends = [line for line in _lines(_pdf(shipped, lang, layout))
                if line.rstrip("\r ").endswith(("\u2010", "\u00ad"))]
        assert ends == [], (lang, layout, ends[:3])


def test_link_and_source_addresses_print_on_paper_not_on_screen(png_brand):
    sheet = " ".join(page_texts(_pdf(png_brand, "en", "sheet"))).translate(INVISIBLE)
    # (An address may wrap after "." or "/": joined again where a line ended there.)
    assert "our guide (example.org/guide)" in re.sub(r"(?<=[./]) ", "", " ".join(sheet.split()))
    assert "has-sante.fr" in sheet  # a source prints its address (https://www.has-sante.fr)
    screen = " ".join(page_texts(_pdf(png_brand, "en", "screen"))).translate(INVISIBLE)
    assert "our guide" in screen and "(example.org/guide)" not in screen


def _body_size(path: Path) -> float:
    """The most common font size of the characters of page 1 (the body text)."""
    from collections import Counter

    doc = pypdfium2.PdfDocument(str(path))
    try:
        textpage = doc[0].get_textpage()
        sizes = Counter(round(pdfium_c.FPDFText_GetFontSize(textpage.raw, i), 1)
                        for i in range(textpage.count_chars()))
        return sizes.most_common(1)[0][0]
    finally:
        doc.close()


def test_arabic_body_text_is_set_larger_by_the_words_file_factor(shipped):
    factor = yaml.safe_load((REPO / "templates/words/ar.yaml").read_text())["size_factor"]
    assert factor > 1.05
    for layout in ("sheet", "screen"):
        en, ar = _body_size(_pdf(shipped, "en", layout)), _body_size(_pdf(shipped, "ar", layout))
        assert ar == pytest.approx(en * factor, abs=0.15), (layout, en, ar)


@pytest.mark.parametrize("layout", ["sheet", "screen", "large-print"])
def test_every_page_is_numbered(shipped, layout):
    for lang, page, of in (("en", "Page", "of"), ("ar", "صفحة", "من")):
        texts = [" ".join(t.split()) for t in page_texts(_pdf(shipped, lang, layout))]
        assert len(texts) >= 2
        for number, text in enumerate(texts, start=1):
            assert f"{page} {number} {of} {len(texts)}" in text, (lang, layout, number)


def test_booklet_pages_after_the_cover_carry_their_numbers(shipped):
    from brochures.leaflet.impose import booklet_order

    texts = page_texts(_pdf(shipped, "en", "booklet"))
    for side, pair in enumerate(booklet_order(2 * len(texts), rtl=False)):
        lines = {line.strip() for line in texts[side].split("\n")}
        for number in pair:
            if number not in (1, 2 * len(texts)):  # the covers carry no folio (issue 33)
                assert str(number) in lines, (side, number)


def test_arabic_indic_digits_where_the_words_file_asks(png_brand):
    texts = [" ".join(t.split()) for t in page_texts(_pdf(png_brand, "ar", "screen"))]
    assert "صفحة ١ من " in texts[0]
    assert "٢٠٢٦" in " ".join(texts)  # the review date


def _column_bottoms(path: Path, page: int) -> tuple[float, float]:
    """How far down (points from the top) the text of each half of a page reaches."""
    doc = pypdfium2.PdfDocument(str(path))
    try:
        pdf_page = doc[page]
        width, height = pdf_page.get_size()
        textpage = pdf_page.get_textpage()
        lows = [height, height]
        for i in range(textpage.count_chars()):
            left, bottom, right, _ = textpage.get_charbox(i)
            if right <= left or bottom < 85 * 72 / 25.4:  # the back block of page 2
                continue
            side = 0 if (left + right) / 2 < width / 2 else 1
            lows[side] = min(lows[side], bottom)
        return height - lows[0], height - lows[1]
    finally:
        doc.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sheet_columns_are_balanced_on_the_back_page(shipped, lang):
    first, second = _column_bottoms(_pdf(shipped, lang, "sheet"), 1)
    assert min(first, second) >= 0.5 * max(first, second), (first, second)


def test_brand_name_beside_an_icon_only_png_logo_and_the_pdf_stays_small(png_brand):
    sheet = _pdf(png_brand, "en", "sheet")
    assert "Acme Harbour Skin" in page_texts(sheet)[0]
    assert sheet.stat().st_size < 100_000, sheet.stat().st_size


def _figures(node, found: list) -> None:
    if isinstance(node, pikepdf.Array):
        for child in node:
            _figures(child, found)
    elif isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append(str(node.Alt))
        if "/K" in node:
            _figures(node.K, found)


def test_section_picture_is_a_figure_with_its_alt_text_in_the_screen_edition(shipped):
    alt = yaml.safe_load((REPO / "content/mesotherapy/en.yaml").read_text())[
        "sections"]["what_it_is"]["image"]["alt"]
    with pikepdf.open(_pdf(shipped, "en", "screen")) as pdf:
        found: list[str] = []
        _figures(pdf.Root.StructTreeRoot, found)
    assert alt in found


def test_a_picture_without_alt_text_or_with_another_file_is_an_error(cli, project):
    fr = project / "content/mesotherapy/fr.yaml"
    fr.write_text(fr.read_text().replace("file: skin-layers.svg", "file: other.svg"))
    de = project / "content/mesotherapy/de.yaml"
    text = de.read_text()
    start = text.index("      alt:")
    de.write_text(text[:start] + text[text.index("\n", start) + 1:])
    result = cli("check", "mesotherapy", "--no-fit")  # findings of the files: no layout needed
    assert result.exit_code != 0
    assert "fr.yaml" in result.output and "missing-image" in result.output
    assert "de.yaml" in result.output and "alt" in result.output


def test_booklet_preview_is_in_reading_order_with_the_sheets_kept(cli, project):
    out = project / "previews"
    result = cli("preview", "mesotherapy", "--lang", "en", "--layout", "booklet",
                 "--out", str(out), "--dpi", "20")
    assert result.exit_code == 0, result.output
    folder = out / "default" / "mesotherapy"
    pages = sorted(folder.glob("mesotherapy-en-booklet-page-*.png"))
    sheets = sorted(folder.glob("mesotherapy-en-booklet-sheet-*.png"))
    assert len(sheets) >= 2 and len(pages) == 2 * len(sheets)
    from PIL import Image

    with Image.open(pages[0]) as page, Image.open(sheets[0]) as sheet:
        assert page.width * 2 == pytest.approx(sheet.width, abs=2)  # one A5 page of the A4 sheet


def _sizes(path: Path, needle: str | None = None) -> list[float]:
    """Font sizes of every character of ``path`` (or of the characters of ``needle``)."""
    doc = pypdfium2.PdfDocument(str(path))
    sizes: list[float] = []
    try:
        for index in range(len(doc)):
            textpage = doc[index].get_textpage()
            if needle is None:
                chars = range(textpage.count_chars())
            else:
                searcher = textpage.search(needle, match_case=True)
                chars = [i for start, count in iter(searcher.get_next, None)
                         for i in range(start, start + count)]
            sizes += [round(pdfium_c.FPDFText_GetFontSize(textpage.raw, i), 2) for i in chars
                      if textpage.get_text_range(i, 1).strip()]
    finally:
        doc.close()
    return sizes


@pytest.mark.parametrize("layout", ["sheet", "trifold", "booklet", "screen"])
def test_the_disclaimer_is_not_the_smallest_text(shipped, layout):
    footer = yaml.safe_load((REPO / "styles/brands/default/brand.yaml").read_text())["footer"]
    pdf = _pdf(shipped, "en", layout)
    disclaimer = _sizes(pdf, footer["en"].split(".")[0])
    assert disclaimer and min(disclaimer) > min(_sizes(pdf)), layout
