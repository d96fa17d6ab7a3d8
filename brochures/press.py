"""The press edition (``--press``): what a print shop asks of a PDF.

Owns: the bleed, the CMYK output profile (the brand's own ``press.icc`` in its
folder, else the tool's default CMYK profile from Ghostscript's colour folder),
the CSS that makes WeasyPrint write PDF/X-4 with that output intent, and the
crop marks and page boxes drawn outside the trim.

Colours come from the brand's ``cmyk:`` values (see ``compose.brand_css``);
press stylesheets must not use transparency (opacity, rgba), which some
prepress checkers reject in PDF/X-4.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from brochures.model import Brand
from brochures.project import TOOL_ROOTS

if TYPE_CHECKING:  # imported only when marks are drawn
    import pikepdf

MM = 72 / 25.4
BLEED_MM = 3.0
VARIANT = "pdf/x-4"
# Ghostscript's default CMYK profile (Debian: libgs-common); the fetcher allows its folder.
DEFAULT_ICC = TOOL_ROOTS[0] / "default_cmyk.icc"
# Crop marks start this far outside the trim (beyond the bleed) and are this long.
MARK_OFFSET_MM = 4.0
MARK_LENGTH_MM = 6.0
SLUG_MM = MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0


def profile(brand: Brand) -> Path | None:
    """The CMYK output profile of ``brand``'s press edition, if one is installed."""
    own = brand.path / "press.icc"
    if own.is_file():
        return own
    return DEFAULT_ICC if DEFAULT_ICC.is_file() else None


def color_profile_css(icc: Path) -> str:
    """The rule that makes ``device-cmyk()`` colour-managed and becomes the output intent."""
    return (f"@color-profile device-cmyk {{ src: url({icc.resolve().as_uri()}); "
            "components: c, m, y, k; }")


def add_marks(pdf: pikepdf.Pdf) -> None:
    """Grow every trimmed page by a slug and draw crop marks there, outside the bleed.

    WeasyPrint's own ``marks: crop`` draws inside the 3 mm bleed, where the
    background also runs; print shops want marks clear of it.
    """
    import pikepdf

    for page in pdf.pages:
        if "/TrimBox" not in page.obj:
            continue
        x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
        slug = SLUG_MM * MM
        page.obj.MediaBox = pikepdf.Array([x0 - slug, y0 - slug, x1 + slug, y1 + slug])
        page.obj.CropBox = page.obj.MediaBox
        off, length = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM
        lines = []
        for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            lines.append(f"{x + dx * off:.3f} {y:.3f} m {x + dx * (off + length):.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + dy * off:.3f} m {x:.3f} {y + dy * (off + length):.3f} l S")
        # Registration colour (all four inks), hairline 0.25 pt, marked as an artifact.
        marks = ("/Artifact BMC q 1 1 1 1 K 0.25 w\n" + "\n".join(lines) + "\nQ EMC\n").encode()
        # The page's own content may leave its transformation in place: isolate it.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"Q\n" + marks), prepend=False)
