"""The --press edition: bleed, crop marks, page boxes, PDF/X-4, CMYK, reproducibility (issue 5)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from tests import pdfs
from tests.conftest import Run, need

MM = pdfs.MM
SHEETS = {"sheet": (210, 297), "trifold": (297, 210), "booklet": (297, 210)}


@pytest.fixture
def press(press_build) -> Path:
    """The press editions in en and ar, built once per run (read-only)."""
    return press_build


def box_mm(box) -> list[float]:
    return [round(float(v) / MM, 1) for v in box]


def test_press_builds_only_layouts_with_a_press_edition(press):
    names = sorted(p.name for p in press.glob("*.pdf"))
    assert names == sorted(f"mesotherapy-{lang}-{layout}-press.pdf"
                           for lang in ("ar", "en") for layout in SHEETS)


@pytest.mark.parametrize("layout", list(SHEETS))
def test_trim_bleed_and_media_boxes(press, layout):
    width, height = SHEETS[layout]
    with pikepdf.open(press / f"mesotherapy-en-{layout}-press.pdf") as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages:
            assert box_mm(page.obj.TrimBox) == [0, 0, width, height]
            assert box_mm(page.obj.BleedBox) == [-3, -3, width + 3, height + 3]
            media = box_mm(page.obj.MediaBox)
            # Room outside the bleed for the crop marks.
            assert media[0] <= -9 and media[1] <= -9
            assert media[2] >= width + 9 and media[3] >= height + 9


@pytest.mark.parametrize("layout", list(SHEETS))
def test_pdf_x4_output_intent(press, layout):
    with pikepdf.open(press / f"mesotherapy-en-{layout}-press.pdf") as doc:
        intent = doc.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX"
        assert int(intent.DestOutputProfile.N) == 4  # a CMYK profile
        assert str(intent.OutputConditionIdentifier)
        xmp = str(doc.open_metadata())
        assert re.search(r"GTS_PDFXVersion>PDF/X-4<", xmp)
        assert doc.pdf_version >= "1.6"


def test_crop_marks_outside_the_bleed(press):
    """Marks are drawn in registration colour, starting beyond the 3 mm bleed."""
    with pikepdf.open(press / "mesotherapy-en-trifold-press.pdf") as doc:
        data = b"".join(s.read_bytes() for s in doc.pages[0].obj.Contents) \
            if isinstance(doc.pages[0].obj.Contents, pikepdf.Array) \
            else doc.pages[0].obj.Contents.read_bytes()
    assert b"1 1 1 1 K" in data
    starts = [float(x) / MM for x in re.findall(rb"(-?[\d.]+) 0\.000 m", data)]
    assert starts and all(s < -3 or s > 297 + 3 for s in starts)


def test_brand_colours_are_cmyk(press):
    """The brand's cmyk: values reach the page, not its RGB ones."""
    with pikepdf.open(press / "mesotherapy-en-trifold-press.pdf") as doc:
        data = b"".join(x.read_bytes() for x in doc.objects
                        if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Form")
    # default brand: primary [95, 60, 10, 30] %
    assert b"0.95 0.6 0.1 0.3 scn" in data or b"0.95 0.6 0.1 0.3 k" in data
    assert b"0.1216 0.3059 0.4745" not in data  # #1f4e79 as RGB


def test_cover_band_runs_into_the_bleed(press):
    """Rendered at 2 px/mm: the pixel 1.5 mm past the trim, by the cover band, is brand blue."""
    path = press / "mesotherapy-en-trifold-press.pdf"
    doc = pypdfium2.PdfDocument(str(path))
    try:
        page = doc[0]
        image = page.render(scale=2 / MM).to_pil().convert("RGB")
        slug = -float(page.get_mediabox()[0]) / MM
        # Right edge of the outside side (front cover), 5 mm above the bottom trim.
        x = round((slug + 297 + 1.5) * 2)
        y = image.height - round((slug + 5) * 2)
        r, g, b = image.getpixel((x, y))
        assert b > r + 40, (r, g, b)
        # Past the bleed (in the slug) the sheet is blank.
        r, g, b = image.getpixel((round((slug + 297 + 6) * 2), y))
        assert min(r, g, b) > 240
    finally:
        doc.close()


def test_press_rebuilds_are_byte_identical(tmp_path, press):
    """Rendered again, in this process and into another folder: the same bytes as the run's
    press build made in worker processes."""
    root = press.parents[2]
    result = Run(root)("build", "mesotherapy", "--lang", "en", "--layout", "trifold",
                       "--layout", "sheet", "--press", "--out", str(tmp_path / "again"),
                       "--force", "-j", "1")
    assert result.exit_code == 0, result.all_output
    again = sorted((tmp_path / "again").rglob("*.pdf"))
    assert [p.name for p in again] == ["mesotherapy-en-sheet-press.pdf",
                                       "mesotherapy-en-trifold-press.pdf"]
    for path in again:
        assert path.read_bytes() == (press / path.name).read_bytes(), path.name


def test_press_of_a_layout_without_one_is_refused(cli, project):
    result = cli("build", "mesotherapy", "--lang", "en", "--layout", "screen", "--press",
                 "--out", str(project / "dist"), "-j", "1")
    assert result.exit_code == 1
    assert "layout 'screen' has no --press edition" in result.all_output
    assert not list((project / "dist").rglob("*.pdf"))


def test_brand_may_supply_its_own_profile(cli, project):
    """A press.icc in the brand folder becomes the output intent."""
    profile = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")
    # libgs-common, which `make setup` installs (scripts/install-system.sh)
    need(profile.is_file(), f"no second CMYK profile installed ({profile})")
    shutil.copy(profile, project / "styles/brands/clinic/press.icc")
    result = cli("build", "mesotherapy", "--lang", "de", "--layout", "sheet", "--press",
                 "--brand", "clinic", "--out", str(project / "dist"), "-j", "1", "--strict")
    assert result.exit_code == 0, result.all_output
    path = project / "dist/clinic/mesotherapy/mesotherapy-de-sheet-press.pdf"
    with pikepdf.open(path) as doc:
        embedded = doc.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert "/StructTreeRoot" in doc.Root  # the sheet keeps its tags in the press edition
    assert embedded == profile.read_bytes()
