"""The press edition as a print shop's preflight reads it (issue 32): CMYK only, a named
printing condition, black small text, no page tint, fold marks, boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from tests import presspdf
from tests.conftest import REPO, Run, copy_project

MM = 72 / 25.4
LAYOUTS = ("sheet", "trifold", "booklet")
BRANDS = ("default", "clinic")
LANGUAGES = ("en", "ar")
PRIMARY = {"default": (0.95, 0.6, 0.1, 0.3), "clinic": (0.4, 0.85, 0.3, 0.45)}


def build(root: Path, *args: str) -> None:
    result = Run(root)("build", *args)
    assert result.exit_code == 0, f"build {' '.join(args)} failed:\n{result.all_output}"


@pytest.fixture(scope="session")
def press_set(shared_dir, press_build) -> dict[str, Path]:
    """Press PDFs of both shipped brands (en, ar, every press layout), Letter press PDFs of the
    default brand, and the clinic's ordinary sheet (to show what press leaves out)."""
    def make(folder: Path) -> None:
        # In this process, one leaflet after another (--jobs 1): no interpreter or worker to
        # start; --strict fails a build on any WeasyPrint warning, as in a process of its own.
        root = copy_project(folder)
        build(root, "mesotherapy", "--lang", "en", "--lang", "ar", "--press",
              "--brand", "clinic", "--out", str(root / "dist"), "--strict")
        build(root, "mesotherapy", "--lang", "en", "--press", "--paper", "letter",
              "--layout", "sheet", "--layout", "trifold", "--out", str(root / "letter"),
              "--strict")
        build(root, "mesotherapy", "--lang", "en", "--layout", "sheet",
              "--brand", "clinic", "--out", str(root / "screen"), "--strict")

    root = shared_dir("press-set", make)
    return {"default": press_build, "clinic": root / "dist/clinic/mesotherapy",
            "letter": root / "letter/default/mesotherapy",
            "screen": root / "screen/clinic/mesotherapy"}


def press_pdf(press_set, brand: str, lang: str, layout: str) -> Path:
    return press_set[brand] / f"mesotherapy-{lang}-{layout}-press.pdf"


EVERY_PDF = [(b, lang, layout) for b in BRANDS for lang in LANGUAGES for layout in LAYOUTS]


@pytest.mark.parametrize(("brand", "lang", "layout"), EVERY_PDF)
def test_no_rgb_or_grey_anywhere(press_set, brand, lang, layout):
    """No rg/RG/g/G, no RGB or grey colour space selected, in pages and forms; every image,
    shading and transparency group CMYK."""
    with pikepdf.open(press_pdf(press_set, brand, lang, layout)) as pdf:
        found = presspdf.walk(pdf)
        assert found.rgb_operators == []
        assert presspdf.colour_spaces(pdf) == []
        # The SVG logo and illustration were drawn: their colours are now CMYK operators.
        assert len(found.k_fills) > 5


@pytest.mark.parametrize("brand", BRANDS)
def test_svg_logo_in_brand_colour_prints_in_the_brands_cmyk(press_set, brand):
    """The logo's primary colour (an SVG, drawn in RGB by WeasyPrint) is converted to the
    brand's own cmyk: value, the one the headings use, not to what the profile makes of it."""
    with pikepdf.open(press_pdf(press_set, brand, "en", "sheet")) as pdf:
        found = presspdf.walk(pdf)
    assert PRIMARY[brand] in found.k_fills
    # ... and the headings' own primary (CSS device-cmyk) is the same four numbers.
    assert any(run.fill == PRIMARY[brand] and run.size >= 14 for run in found.runs)


@pytest.mark.parametrize(("brand", "lang", "layout"), EVERY_PDF)
def test_text_under_14_pt_is_black_ink_only(press_set, brand, lang, layout):
    with pikepdf.open(press_pdf(press_set, brand, lang, layout)) as pdf:
        runs = presspdf.walk(pdf).runs
    small = [run for run in runs if run.size < 14]
    assert len(small) > 20
    wrong = [run for run in small if run.fill not in ((0, 0, 0, 1), (0, 0, 0, 0))]
    assert wrong == []
    assert any(run.fill == (0, 0, 0, 1) for run in small)


def _tints(path: Path) -> list:
    """Filled rectangles with ink that cover most of a page's trim."""
    with pikepdf.open(path) as pdf:
        trim = pdf.pages[0].obj.get("/TrimBox", pdf.pages[0].obj.MediaBox)
        area = float(trim[2] - trim[0]) * float(trim[3] - trim[1])
        fills = presspdf.walk(pdf).fills
    return [f for f in fills if f.area >= 0.9 * area and len(f.fill) == 4 and any(f.fill)]


def test_no_tint_covers_the_page(press_set):
    """The clinic's 2 % background covers its ordinary sheet; its press sheet prints paper."""
    screen = press_set["screen"] / "mesotherapy-en-sheet.pdf"
    with pikepdf.open(screen) as pdf:
        fills = presspdf.walk(pdf).fills
    assert fills  # the ordinary sheet paints its background (in RGB: no CMYK to judge)
    for brand in BRANDS:
        for layout in LAYOUTS:
            assert _tints(press_pdf(press_set, brand, "en", layout)) == [], (brand, layout)


def test_clinic_body_text_is_not_four_colour(press_set):
    """The clinic's text colour (30/50/35/85, ≈ 200 % ink) never reaches small text."""
    with pikepdf.open(press_pdf(press_set, "clinic", "en", "sheet")) as pdf:
        runs = presspdf.walk(pdf).runs
    assert not [run for run in runs if run.fill == (0.3, 0.5, 0.35, 0.85) and run.size < 14]


def _profile(name: str) -> bytes:
    return (REPO / "styles/press" / name).read_bytes()


@pytest.mark.parametrize(("which", "identifier", "profile"), [
    ("default", "FOGRA39", "FOGRA39.icc"), ("clinic", "FOGRA39", "FOGRA39.icc"),
    ("letter", "CGATS TR 006", "CGATS_TR_006.icc")])
def test_output_intent_names_the_printing_condition(press_set, which, identifier, profile):
    paths = sorted(press_set[which].glob("*-en-*press.pdf"))
    assert len(paths) >= 2
    for path in paths:
        with pikepdf.open(path) as pdf:
            assert len(pdf.Root.OutputIntents) == 1
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == identifier
            assert str(intent.RegistryName) == "http://www.color.org"
            assert identifier.split()[0] in str(intent.Info)
            data = intent.DestOutputProfile.read_bytes()
            assert int(intent.DestOutputProfile.N) == 4
            assert data[12:20] == b"prtrCMYK"  # an output (printer) profile, CMYK
            assert data == _profile(profile)
            xmp = str(pdf.open_metadata())
            assert re.search(r"GTS_PDFXVersion>PDF/X-4<", xmp)
            assert pdf.pdf_version >= "1.6"


@pytest.mark.parametrize(("brand", "lang", "layout"), EVERY_PDF)
def test_trim_inside_bleed_inside_media(press_set, brand, lang, layout):
    with pikepdf.open(press_pdf(press_set, brand, lang, layout)) as pdf:
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in page.obj[key]]
                                  for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert media[0] < bleed[0] < trim[0] and media[1] < bleed[1] < trim[1]
            assert trim[2] < bleed[2] < media[2] and trim[3] < bleed[3] < media[3]
            assert round((trim[0] - bleed[0]) / MM, 2) == 3.0


def _fold_marks(path: Path) -> list[list[float]]:
    """Per page: x (mm from the trim's left) of the dashed vertical marks; each checked to lie
    outside the trim and the bleed."""
    result = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            x0, y0, _, y1 = (float(v) for v in page.obj.TrimBox)
            strokes = presspdf.walk_page(page).strokes
            xs = set()
            for _, (x, y), dash in strokes:
                if not dash:
                    continue
                assert y > y1 + 3 * MM or y < y0 - 3 * MM, "a fold mark inside the bleed"
                xs.add(round((x - x0) / MM, 2))
            result.append(sorted(xs))
    return result


@pytest.mark.parametrize(("brand", "lang", "outside", "inside"), [
    ("default", "en", [97, 197], [100, 200]), ("clinic", "en", [97, 197], [100, 200]),
    ("default", "ar", [100, 200], [97, 197]), ("clinic", "ar", [100, 200], [97, 197])])
def test_trifold_fold_marks_outside_the_trim(press_set, brand, lang, outside, inside):
    """Roll fold, A4: 97 and 197 mm on the outside side, 100 and 200 mm inside (mirrored for
    a right-to-left language, whose front cover is on the left)."""
    assert _fold_marks(press_pdf(press_set, brand, lang, "trifold")) == [outside, inside]


def test_letter_trifold_folds_where_its_panels_meet(press_set):
    marks = _fold_marks(press_set["letter"] / "mesotherapy-en-trifold-letter-press.pdf")
    # Panels 92.075 (flap), 93.6625, 93.6625 mm (templates/layouts/trifold.yaml)
    assert len(marks) == 2
    assert marks[0] == pytest.approx([92.075, 185.7375], abs=0.01)
    assert marks[1] == pytest.approx([93.6625, 187.325], abs=0.01)


def test_booklet_fold_mark_at_the_spine(press_set):
    marks = _fold_marks(press_pdf(press_set, "default", "en", "booklet"))
    assert marks and all(side == [148.5] for side in marks)


def test_sheet_has_no_fold_marks(press_set):
    assert _fold_marks(press_pdf(press_set, "default", "en", "sheet")) == [[], [], [], []]


@pytest.mark.parametrize(("brand", "lang"), [(b, lang) for b in BRANDS for lang in LANGUAGES])
def test_fonts_embedded_and_subset(press_set, brand, lang):
    for layout in LAYOUTS:
        with pikepdf.open(press_pdf(press_set, brand, lang, layout)) as pdf:
            fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                     and o.get("/Type") == "/FontDescriptor"]
            assert fonts
            for descriptor in fonts:
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
                assert re.match(r"^/[A-Z]{6}\+", str(descriptor.FontName)), descriptor.FontName
