"""The trifold, booklet, screen and large-print layouts, and letter paper (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from tests import pdfs

LANGUAGES = ["ar", "de", "en", "es", "fr", "ru"]
MM = pdfs.MM


@pytest.fixture
def built(sample_build) -> Path:
    """The run's one default build (read-only): every language in every layout, built with
    --strict, so a WeasyPrint warning or a shrunk leaflet fails it."""
    return sample_build.root


def pdf(root: Path, lang: str, layout: str) -> Path:
    return root / "dist" / "default" / "mesotherapy" / f"mesotherapy-{lang}-{layout}.pdf"


def words(root: Path, lang: str) -> dict:
    return yaml.safe_load((root / "templates" / "words" / f"{lang}.yaml").read_text())


def content(root: Path, lang: str) -> dict:
    return yaml.safe_load((root / "content" / "mesotherapy" / f"{lang}.yaml").read_text())


def third(path: Path, needle: str, page: int) -> int:
    """Which third (0, 1, 2 from the left) of ``page`` the first ``needle`` is in."""
    hits = [w for w in pdfs.find_text(path, needle) if w.page == page]
    assert hits, f"{needle!r} not on page {page}"
    with pikepdf.open(path) as doc:
        width = float(doc.pages[page].trimbox[2])
    return int(((hits[0].left + hits[0].right) / 2) // (width / 3))


def page_numbers(path: Path, side: int) -> list[tuple[float, str]]:
    """The page numbers printed at the foot of a sheet side, as (x, number), left to right."""
    doc = pypdfium2.PdfDocument(str(path))
    try:
        text = doc[side].get_textpage()
        digits = []
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            left, _, right, top = text.get_charbox(index)
            if char.isdigit() and top < 12 * MM:
                digits.append((left, right, char))
    finally:
        doc.close()
    numbers: list[tuple[float, str]] = []
    for left, right, char in sorted(digits):
        if numbers and left - numbers[-1][2] < 2 * MM:  # the next digit of the same number
            numbers[-1] = (numbers[-1][0], numbers[-1][1] + char, right)
        else:
            numbers.append((left, char, right))
    return [(left, number) for left, number, _ in numbers]


# --- tri-fold -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_trifold_is_two_a4_landscape_sides(built, lang):
    assert pdfs.page_sizes_mm(pdf(built, lang, "trifold")) == [(297.0, 210.0), (297.0, 210.0)]


def test_trifold_panel_order_left_to_right(built):
    path = pdf(built, "en", "trifold")
    text = content(built, "en")
    w = words(built, "en")
    # Outside side: flap | back panel | front cover.
    assert third(path, text["title"], 0) == 2
    assert third(path, w["words"]["contact_us"], 0) == 1
    assert third(path, w["headings"]["what_it_is"], 0) == 0
    # The inside side continues the sections; the questions (content, always printed: issue
    # 34) end them on the narrow right panel.
    assert third(path, w["headings"]["risks"], 1) == 0
    assert third(path, w["headings"]["questions"].split(" ")[0], 1) == 2


def test_trifold_mirrors_for_arabic(built):
    path = pdf(built, "ar", "trifold")
    text = content(built, "ar")
    w = words(built, "ar")
    # Right to left: the front cover is on the left, the flap on the right.
    assert third(path, text["title"], 0) == 0
    assert third(path, w["words"]["contact_us"], 0) == 1
    assert third(path, w["headings"]["what_it_is"], 0) == 2


def test_trifold_panels_are_100_100_97_mm(built):
    """The narrow flap: front-cover text starts beyond 197 mm, flap text ends before 97 mm."""
    path = pdf(built, "en", "trifold")
    text = content(built, "en")
    title = pdfs.find_text(path, text["title"])[0]
    assert 197 * MM < title.left < 207 * MM
    heading = pdfs.find_text(path, words(built, "en")["headings"]["what_it_is"])[0]
    assert heading.left < 10 * MM


def test_trifold_back_panel_has_contact_qr_and_review(built):
    path = pdf(built, "en", "trifold")
    brand = yaml.safe_load((built / "styles/brands/default/brand.yaml").read_text())
    outside = " ".join(pdfs.page_texts(path)[0].split())
    assert brand["contact"]["phone"] in outside
    assert "Last reviewed: 7 December 2026" in outside
    booking = brand["contact"]["booking_url"].removeprefix("https://")
    caption = next(w for w in pdfs.find_text(path, "Scan to book") if w.page == 0)
    url = next(w for w in pdfs.find_text(path, booking)
               if w.page == 0 and w.top <= caption.bottom)
    assert 100 * MM < url.left < 197 * MM  # on the back panel, under the code
    assert _qr_squares(path, 0) > 200  # a vector code: many filled squares, no image
    with pikepdf.open(path) as doc:
        assert not [k for p in doc.pages for k, x in _xobjects(p.obj.Resources)
                    if x.get("/Subtype") == "/Image"]


def _xobjects(resources):
    """Every XObject reachable from ``resources``, forms within forms included."""
    for name, xobject in resources.get("/XObject", {}).items():
        yield name, xobject
        if xobject.get("/Subtype") == "/Form":
            yield from _xobjects(xobject.get("/Resources", pikepdf.Dictionary()))


def _qr_squares(path: Path, page: int) -> int:
    """Closed subpaths drawn on a page: the QR code's runs are one ``m l l l h`` each."""
    with pikepdf.open(path) as doc:
        streams = [x.read_bytes() for _, x in _xobjects(doc.pages[page].obj.Resources)
                   if x.get("/Subtype") == "/Form"]
    return sum(data.splitlines().count(b"h") for data in streams)


# --- booklet --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_booklet_is_imposed_on_a4_landscape_sheets(built, lang):
    sizes = pdfs.page_sizes_mm(pdf(built, lang, "booklet"))
    assert len(sizes) in (4, 6)  # 8 or 12 A5 pages (issue 33)
    assert set(sizes) == {(297.0, 210.0)}


def test_booklet_imposition_order(built):
    path = pdf(built, "en", "booklet")
    assert len(pdfs.page_sizes_mm(path)) == 4  # 8 pages on two sheets
    # Page numbers are printed on every page but the covers (issues 16, 33).
    found = [[n for _, n in page_numbers(path, side)] for side in range(4)]
    assert found == [[], ["2", "7"], ["6", "3"], ["4", "5"]]  # no folio on the back cover
    # Outside of the first sheet: back cover (contact) left, front cover (title) right.
    title = pdfs.find_text(path, content(built, "en")["title"])[0]
    contact = pdfs.find_text(path, words(built, "en")["words"]["contact_us"])[0]
    assert (title.page, contact.page) == (0, 0)
    assert contact.right < 148.5 * MM < title.left


def test_booklet_bound_on_the_right_for_arabic(built):
    path = pdf(built, "ar", "booklet")
    # 12 pages (the urgent box, alternatives and questions of issue 34 take the Arabic text
    # past 8), on six sides: [12|1] [2|11] ... mirrored for a book bound on the right.
    found = [[n for _, n in page_numbers(path, side)] for side in range(6)]
    assert found == [[], ["11", "2"], ["3", "10"], ["9", "4"], ["5", "8"], ["7", "6"]]
    title = pdfs.find_text(path, content(built, "ar")["title"])[0]
    assert title.page == 0 and title.right < 148.5 * MM


# --- screen ---------------------------------------------------------------------------


def test_screen_is_tagged_pdf_ua_with_bookmarks_and_links(built):
    path = pdf(built, "en", "screen")
    w = words(built, "en")
    with pikepdf.open(path) as doc:
        assert "/StructTreeRoot" in doc.Root
        assert bool(doc.Root.MarkInfo.Marked)
        assert str(doc.Root.Lang) == "en"
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle)
        assert "pdfuaid:part" in str(doc.open_metadata())
        with doc.open_outline() as outline:
            titles = [item.title for item in _walk(outline.root)]
        uris = {str(a.A.URI) for p in doc.pages for a in p.obj.get("/Annots", [])
                if a.get("/A") and "/URI" in a.A}
        roles = _roles(doc.Root.StructTreeRoot)
    titles = [title.replace("\u00a0", " ") for title in titles]  # headings' last words tied
    for section in ("what_it_is", "stages", "risks", "evidence"):
        assert w["headings"][section] in titles
    assert "https://yourclinic.example/book" in uris
    assert {"H1", "H2", "P", "L", "LI"} <= roles
    assert pdfs.metadata(path)["Title"] == "Mesotherapy"


def test_screen_reading_order_follows_the_sections(built):
    """The tag tree's text comes in the leaflet's order: title, sections, contact."""
    path = pdf(built, "ar", "screen")
    w = words(built, "ar")
    text = pdfs.text(path)
    order = [content(built, "ar")["title"], w["headings"]["what_it_is"],
             w["headings"]["risks"], w["words"]["contact_us"]]
    positions = [text.index(t) for t in order]
    assert positions == sorted(positions)
    with pikepdf.open(path) as doc:
        assert str(doc.Root.Lang) == "ar"


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def _roles(node, seen=None) -> set[str]:
    seen = set() if seen is None else seen
    kids = node.get("/K")
    if kids is None:
        return seen
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            if "/S" in kid:
                seen.add(str(kid.S).lstrip("/"))
            _roles(kid, seen)
    return seen


# --- large print ----------------------------------------------------------------------


def font_sizes(path: Path) -> list[float]:
    """The size in points of every printed character (text matrix included)."""
    doc = pypdfium2.PdfDocument(str(path))
    sizes = []
    try:
        for index in range(len(doc)):
            text = doc[index].get_textpage()
            for char in range(text.count_chars()):
                if not text.get_text_range(char, 1).strip():
                    continue
                sizes.append(round(pdfium_c.FPDFText_GetFontSize(text, char), 1))
    finally:
        doc.close()
    return sizes


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_large_print_body_is_at_least_16_pt(built, lang):
    path = pdf(built, lang, "large-print")
    sizes = [size for _, size in pdfs.glyph_sizes(path)]  # in points, as printed
    assert min(sizes) >= 16
    assert max(sizes) >= 24  # headings larger than the body
    assert set(pdfs.page_sizes_mm(path)) == {(210.0, 297.0)}
    assert len(pdfs.page_sizes_mm(path)) > 2  # as many pages as it needs


def test_regular_layouts_are_smaller_than_large_print(built):
    """The large-print test can fail: the booklet's smallest text is below 16 pt."""
    assert min(font_sizes(pdf(built, "en", "booklet"))) < 16


# --- letter paper ---------------------------------------------------------------------


def test_every_layout_on_letter(cli, project):
    result = cli("build", "mesotherapy", "--lang", "de", "--layout", "all", "--paper", "letter",
                 "--out", str(project / "dist"), "--strict", "-j", "1")
    assert result.exit_code == 0, result.all_output
    folder = project / "dist" / "default" / "mesotherapy"
    portrait, landscape = (215.9, 279.4), (279.4, 215.9)
    a5 = (148.0, 210.0)  # the screen edition is made for screens, whatever the paper
    for layout, size in (("sheet", portrait), ("screen", a5), ("large-print", portrait),
                         ("trifold", landscape), ("booklet", landscape)):
        sizes = pdfs.page_sizes_mm(folder / f"mesotherapy-de-{layout}-letter.pdf")
        assert set(sizes) == {size}, layout
    # Tri-fold panels scaled to Letter: the front cover starts past 3.6875 + 3.625 in.
    path = folder / "mesotherapy-de-trifold-letter.pdf"
    title = pdfs.find_text(path, content(project, "de")["title"])[0]
    assert (92.075 + 93.6625) * MM < title.left < (92.075 + 93.6625 + 12) * MM


def test_imposed_layout_without_geometry_for_the_paper_is_refused(cli, project):
    path = project / "templates/layouts/booklet.yaml"
    data = yaml.safe_load(path.read_text())
    del data["paper"]["letter"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "booklet", "--paper",
                 "letter", "--out", str(project / "dist"), "-j", "1")
    assert result.exit_code == 1
    assert ("templates/layouts/booklet.yaml: error: no-edition: mesotherapy-en-booklet-letter: "
            "layout 'booklet' gives no paper: letter: page:") in result.output
    assert not list((project / "dist").rglob("*.pdf"))
