"""Print a hospital designer signs (issue 33): sizes measured from the glyphs in the PDFs,
page counts by content, tying rules in the extracted text, one annotation per link, no
page under half full where the layout does not say so."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from tests import pdfs

MM = pdfs.MM
LOOKED_AT = ["en", "de", "ar"]
LAYOUTS = ["sheet", "trifold", "booklet", "screen", "large-print"]
# The body size each layout promises (pt), and its smallest text; Arabic is set 12 % larger.
BODY = {"sheet": 12, "trifold": 11, "booklet": 12, "screen": 13.5, "large-print": 16}
FLOOR = {"sheet": 9, "trifold": 9, "booklet": 9, "screen": 9, "large-print": 16}


@pytest.fixture
def built(sample_build) -> Path:
    return sample_build.root


def pdf(root: Path, lang: str, layout: str, brand: str = "default") -> Path:
    return root / "dist" / brand / "mesotherapy" / f"mesotherapy-{lang}-{layout}.pdf"


def body_size(sizes: list[tuple[int, float]]) -> float:
    """The size most text objects are set in: the body text."""
    return Counter(size for _, size in sizes).most_common(1)[0][0]


# --- sizes, from the glyphs ---------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LOOKED_AT)
def test_body_and_smallest_text_measured_from_the_glyphs(built, lang, layout):
    sizes = pdfs.glyph_sizes(pdf(built, lang, layout))
    factor = 1.12 if lang == "ar" else 1.0
    assert body_size(sizes) >= BODY[layout] * factor - 0.05
    smallest = min(size for _, size in sizes)
    assert smallest >= FLOOR[layout] - 0.05, f"{layout} ({lang}) sets text at {smallest} pt"


def test_screen_body_is_13_to_14_pt_on_a5(built):
    path = pdf(built, "en", "screen")
    assert 13 <= body_size(pdfs.glyph_sizes(path)) <= 14
    assert set(pdfs.page_sizes_mm(path)) == {(148.0, 210.0)}


def test_glyph_sizes_see_the_imposition(built):
    """The measure can fail: a booklet page drawn on its sheet keeps its size (a form
    drawn at scale 1), and the sheet's 9 pt folio is found as 9 pt, not as 12."""
    sizes = pdfs.glyph_sizes(pdf(built, "en", "booklet"))
    assert body_size(sizes) == pytest.approx(12, abs=0.05)
    assert min(size for _, size in pdfs.glyph_sizes(pdf(built, "en", "sheet"))) < 10


@pytest.mark.parametrize("lang", LOOKED_AT)
def test_large_print_has_no_italics(built, lang):
    names = pdfs.fonts(pdf(built, lang, "large-print"))
    assert names and not [n for n in names if re.search("italic|oblique", n, re.I)]


def _qr_mm(path: Path) -> float:
    """The printed size of the QR code: the path object with the most segments."""
    doc = pypdfium2.PdfDocument(str(path))
    try:
        best = (0, 0.0)
        for index in range(len(doc)):
            page = doc[index]
            for obj in page.get_objects():
                if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                    continue
                segments = pdfium_c.FPDFPath_CountSegments(obj.raw)
                left, bottom, right, top = obj.get_bounds()
                if segments > best[0] and abs((right - left) - (top - bottom)) < 1:
                    best = (segments, (right - left) / MM)
        return best[1]
    finally:
        doc.close()


@pytest.mark.parametrize("layout", ["sheet", "large-print"])
def test_qr_code_is_at_least_20_mm(built, layout):
    assert _qr_mm(pdf(built, "en", layout)) >= 20


def _figures(path: Path) -> list[str | None]:
    """The alternative text of every Figure in a tagged PDF's structure tree (None: none)."""
    found: list[str | None] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(str(node["/Alt"]) if "/Alt" in node else None)
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)

    with pikepdf.open(path) as doc:
        walk(doc.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize("lang", LOOKED_AT)
def test_the_qr_code_has_alt_text_in_the_tagged_pdf(built, lang):
    """Large print is the tagged edition that draws the QR code in the flow: its Figure says
    what it is for and where it goes, in the leaflet's language."""
    path = pdf(built, lang, "large-print")
    call = yaml.safe_load((built / "templates" / "words" / f"{lang}.yaml")
                          .read_text("utf-8"))["words"]["scan_to_book"]
    figures = _figures(path)
    assert None not in figures and "" not in figures, figures
    assert f"{call}: yourclinic.example/book" in figures, figures


SPINE_MM = 4  # clear on either side of a booklet's fold: nothing is printed there


@pytest.mark.parametrize("lang", LOOKED_AT)
def test_nothing_on_the_booklet_spine(built, lang, brand="default"):
    """On every imposed side of the booklet the band 4 mm either side of the fold is paper:
    no glyph, rule, box or picture crosses or touches the fold (pixels and glyph boxes)."""
    path = pdf(built, lang, "booklet", brand)
    scale = 4  # 4 px a point
    doc = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(doc)):
            page = doc[index]
            fold = page.get_width() / 2
            text = page.get_textpage()
            for char in range(text.count_chars()):
                left, _, right, _ = text.get_charbox(char)
                if text.get_text_range(char, 1).strip():
                    assert right < fold - SPINE_MM * MM or left > fold + SPINE_MM * MM, (
                        f"side {index + 1}: {text.get_text_range(char, 1)!r} on the spine")
            image = page.render(scale=scale, grayscale=True).to_pil()
            band = image.crop((int((fold - SPINE_MM * MM) * scale), 0,
                               int((fold + SPINE_MM * MM) * scale), image.height))
            darkest = band.getextrema()[0]
            assert darkest >= 250, f"side {index + 1}: something printed on the spine"
    finally:
        doc.close()


@pytest.mark.parametrize("lang", LOOKED_AT)
def test_large_print_offers_the_other_editions_not_large_print(built, lang):
    words = yaml.safe_load((built / "templates" / "words" / f"{lang}.yaml")
                           .read_text("utf-8"))["words"]

    def flat(text: str) -> str:  # pdfium moves Arabic marks: compare letters only
        return "".join(c for c in text if not c.isspace() and not unicodedata.combining(c))

    everywhere, large = flat(words["other_formats"]), flat(words["other_formats_large_print"])
    large_print = flat(pdfs.text(pdf(built, lang, "large-print")))
    assert large in large_print and everywhere not in large_print
    for layout in ("screen", "sheet"):
        text = flat(pdfs.text(pdf(built, lang, layout)))
        assert everywhere in text and large not in text, layout


# --- page counts, by content ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "de", "en", "es", "fr", "ru"])
def test_sheet_takes_one_or_two_sheets_and_booklet_8_or_12_pages(built, lang):
    assert len(pdfs.page_texts(pdf(built, lang, "sheet"))) in (2, 4)
    # An imposed booklet page is half a sheet side: 8 pages on 4 sides, 12 on 6.
    assert len(pdfs.page_texts(pdf(built, lang, "booklet"))) in (4, 6)
    assert len(pdfs.page_texts(pdf(built, lang, "trifold"))) == 2


def _shortened(root: Path) -> None:
    """The English leaflet cut to a first paragraph and two items per section."""
    path = root / "content" / "mesotherapy" / "en.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for section in data["sections"].values():
        if section.get("body"):
            section["body"] = section["body"].split("\n\n")[0]
        if section.get("items"):
            section["items"] = section["items"][:2]
        section.pop("image", None)
    for optional in ("not_suitable_for", "aftercare", "evidence"):
        data["sections"].pop(optional, None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_page_counts_follow_the_content(cli, project, built):
    """The full leaflet takes two sheets and 8 pages at 12 pt (the shared build); cut short,
    the same layouts take one sheet and still 8 booklet pages (never 4)."""
    assert len(pdfs.page_texts(pdf(built, "en", "sheet"))) == 4
    _shortened(project)
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "sheet", "--layout",
                 "booklet", "--out", str(project / "dist"), "-j", "1")
    assert result.exit_code == 0, result.all_output
    sheet = pdf(project, "en", "sheet")
    assert len(pdfs.page_texts(sheet)) == 2
    assert "Contact us" in pdfs.page_texts(sheet)[1]  # the back details on the last page
    assert len(pdfs.page_texts(pdf(project, "en", "booklet"))) == 4


# --- trifold summaries -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LOOKED_AT)
def test_trifold_prints_summaries_and_risks_in_full(built, lang):
    content = yaml.safe_load((built / "content" / "mesotherapy" / f"{lang}.yaml")
                             .read_text("utf-8"))
    text = pdfs.text(pdf(built, lang, "trifold"))
    stages = content["sections"]["stages"]
    assert stages["items"][0]["title"] not in text  # the steps gave way to the summary
    assert " ".join(stages["summary"].split()[:3]) in text
    last_risk = content["sections"]["risks"]["items"][-1]
    assert " ".join(last_risk.split()[:3]) in text  # risks: always in full
    joined = re.sub(r"(?<=[./]) ", "", text)  # an address may wrap after "." or "/"
    assert "example/leaflets" in joined  # where to read the whole leaflet


def test_trifold_overflow_names_the_sections_without_a_summary(cli, project):
    text = project / "content" / "mesotherapy" / "en.yaml"
    data = yaml.safe_load(text.read_text("utf-8"))
    for section in data["sections"].values():
        section.pop("summary", None)
    text.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "trifold",
                 "--out", str(project / "dist"), "-j", "1")
    assert result.exit_code != 0
    assert re.search(r"runs \d+ mm past panel 5; give a summary to 'what_it_is', "
                     r"'history', 'benefits', 'not_shown', 'stages', 'aftercare', 'evidence', "
                     r"'alternatives'",
                     result.all_output), result.all_output


# --- links, and full pages -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LOOKED_AT)
@pytest.mark.parametrize("brand", ["default"])
def test_screen_has_one_annotation_per_link(built, lang, brand):
    with pikepdf.open(pdf(built, lang, "screen", brand)) as doc:
        annotations = [(str(a.A.URI), [float(v) for v in a.Rect])
                       for page in doc.pages for a in page.get("/Annots", [])
                       if "/A" in a and "/URI" in a.A]
    uris = [uri for uri, _ in annotations]
    assert len(uris) >= 6
    assert len(uris) == len(set(uris)), Counter(uris).most_common(3)
    assert all(abs(r[2] - r[0]) > 1 and abs(r[3] - r[1]) > 1 for _, r in annotations)


def page_fill(path: Path) -> list[float]:
    """How far down each page its text reaches, as a share of the page's text area
    (the folio at the foot left out)."""
    doc = pypdfium2.PdfDocument(str(path))
    try:
        fills = []
        for index in range(len(doc)):
            page = doc[index]
            text, height = page.get_textpage(), page.get_height()
            bottoms = [text.get_charbox(c)[1] for c in range(text.count_chars())
                       if text.get_text_range(c, 1).strip()]
            bottoms = [b for b in bottoms if b > 22 * MM]
            fills.append((height - min(bottoms)) / height if bottoms else 0.0)
        return fills
    finally:
        doc.close()


@pytest.mark.parametrize("layout", ["screen", "large-print", "sheet"])
@pytest.mark.parametrize("lang", LOOKED_AT)
def test_no_page_under_half_full(built, lang, layout):
    """Every page but the last reaches past its middle (a sheet's ruled notes pages count:
    the layout puts them there)."""
    path = pdf(built, lang, layout)
    notes = yaml.safe_load((built / "templates" / "words" / f"{lang}.yaml")
                           .read_text("utf-8"))["words"]["notes"]
    # A page with ruled notes under its text is filled by design.
    ruled = [notes in [line.strip() for line in text.split("\n")]
             for text in pdfs.page_texts(path)]
    fills = page_fill(path)
    assert len(fills) > 1
    checked = [fill for fill, notes_page in zip(fills[:-1], ruled[:-1], strict=True)
               if not notes_page]
    assert checked and all(fill >= 0.5 for fill in checked), fills


def booklet_pages(path: Path, rtl: bool) -> dict[int, tuple[float, str]]:
    """Each page of an imposed booklet by its number: how far down its text area (13 mm
    top, 15 mm bottom margins) its text reaches, and its text (the folio left out)."""
    from brochures.leaflet.impose import booklet_order

    doc = pypdfium2.PdfDocument(str(path))
    found: dict[int, tuple[float, str]] = {}
    try:
        order = booklet_order(2 * len(doc), rtl)
        for index in range(len(doc)):
            page = doc[index]
            text, width, height = page.get_textpage(), page.get_width(), page.get_height()
            for half, number in enumerate(order[index]):
                chars = []
                for c in range(text.count_chars()):
                    char = text.get_text_range(c, 1)
                    left, bottom, right, _ = text.get_charbox(c)
                    if char.strip() and ((left + right) / 2 < width / 2) == (half == 0) \
                            and bottom > 15 * MM:
                        chars.append((char, bottom))
                lowest = min((b for _, b in chars), default=height - 13 * MM)
                found[number] = ((height - 13 * MM - lowest) / (height - 28 * MM),
                                 "".join(c for c, _ in chars))
    finally:
        doc.close()
    return found


@pytest.mark.parametrize("lang", LOOKED_AT)
def test_no_booklet_page_a_quarter_empty(built, lang):
    """The booklet's text pages, all but the last, are at least three quarters full: a
    section's list may start overleaf instead of moving the whole section (the cover, the
    ruled notes, the questions box's page and the two closing pages are the layout's)."""
    words = yaml.safe_load((built / "templates" / "words" / f"{lang}.yaml")
                           .read_text("utf-8"))["words"]
    pages = booklet_pages(pdf(built, lang, "booklet"), rtl=lang == "ar")
    closing = len(pages) - 1
    designed = ("".join(words["notes"].split()), "".join(words["questions_title"].split()))
    text_pages = [n for n in range(2, closing)
                  if not any(word in pages[n][1] for word in designed)]
    assert len(text_pages) >= 3, pages
    fills = {n: round(pages[n][0], 2) for n in text_pages[:-1]}
    low = {n: (fill, pages[n][1][:40]) for n, fill in fills.items() if fill < 0.75}
    assert not low, low



# --- the folio: one message per language ------------------------------------------------------


def test_page_n_of_m_is_one_message_with_placeholders(cli, project):
    """A language may put the numbers anywhere in its folio message (the sheet's last page
    fills it in the template, every other page in CSS); one without both is a warning
    and the folio falls back to the English message."""
    path = project / "templates/words/en.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["words"]["page_of"] = "{pages} pages, this is {page}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "sheet",
                 "--out", str(project / "dist"), "-j", "1")
    assert result.exit_code == 0, result.all_output
    folios = [text.strip().splitlines()[-1] for text in pdfs.page_texts(
        project / "dist/default/mesotherapy/mesotherapy-en-sheet.pdf")]
    assert folios == [f"4 pages, this is {n}" for n in range(1, 5)], folios
    french = project / "templates/words/fr.yaml"
    french.write_text(french.read_text("utf-8").replace(
        'page_of: "Page {page} sur {pages}"', 'page_of: "Page sur"'), "utf-8")
    result = cli("build", "mesotherapy", "--lang", "fr", "--layout", "sheet",
                 "--out", str(project / "dist"), "-j", "1")
    assert ("templates/words/fr.yaml:1: warning: bad-word: 'words.page_of' must hold {page} "
            "and {pages} where the numbers go, not 'Page sur'") in result.all_output
    folios = [text.strip().splitlines()[-1] for text in pdfs.page_texts(
        project / "dist/default/mesotherapy/mesotherapy-fr-sheet.pdf")]
    assert folios[0] == "4 pages, this is 1", folios
