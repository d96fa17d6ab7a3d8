"""Printer's marks of the press edition, drawn outside the trim.

Owns: growing every trimmed page by a slug beyond the bleed and drawing there
the crop marks at the trim's corners and, on a folded leaflet, the fold marks
where each fold of that sheet side falls (``brochures.leaflet.impose.folds``): short
dashed lines above and below the sheet, clear of the bleed. Marks are in
registration colour (all four inks), hairline, and marked as artifacts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only when marks are drawn
    import pikepdf

MM = 72 / 25.4
# Marks start this far outside the trim (beyond the 3 mm bleed) and are this long.
MARK_OFFSET_MM = 4.0
MARK_LENGTH_MM = 6.0
SLUG_MM = MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0
# Fold marks are dashed: 1 mm on, 1 mm off.
FOLD_DASH_MM = 1.0


def _crop_lines(x0: float, y0: float, x1: float, y1: float) -> list[str]:
    off, length = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM
    lines = []
    for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        lines.append(f"{x + dx * off:.3f} {y:.3f} m {x + dx * (off + length):.3f} {y:.3f} l S")
        lines.append(f"{x:.3f} {y + dy * off:.3f} m {x:.3f} {y + dy * (off + length):.3f} l S")
    return lines


def _fold_lines(x0: float, y0: float, y1: float, folds_mm: list[float]) -> list[str]:
    """A dashed mark above and one below the sheet at each fold (mm from the trim's left)."""
    if not folds_mm:
        return []
    off, length, dash = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM, FOLD_DASH_MM * MM
    lines = [f"[{dash:.3f} {dash:.3f}] 0 d"]
    for fold in folds_mm:
        x = x0 + fold * MM
        lines.append(f"{x:.3f} {y1 + off:.3f} m {x:.3f} {y1 + off + length:.3f} l S")
        lines.append(f"{x:.3f} {y0 - off:.3f} m {x:.3f} {y0 - off - length:.3f} l S")
    return [*lines, "[] 0 d"]


def add_marks(pdf: pikepdf.Pdf, folds: list[list[float]] | None = None) -> None:
    """Grow every trimmed page by a slug and draw crop marks there, outside the bleed;
    ``folds[i]``: where the folds of page ``i`` fall, in mm from its trim's left edge.

    WeasyPrint's own ``marks: crop`` draws inside the 3 mm bleed, where the
    background also runs; print shops want marks clear of it.
    """
    # lazy: start-up time: pikepdf loads only when this runs
    import pikepdf

    for number, page in enumerate(pdf.pages):
        if "/TrimBox" not in page.obj:
            continue
        x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
        slug = SLUG_MM * MM
        page.obj.MediaBox = pikepdf.Array([x0 - slug, y0 - slug, x1 + slug, y1 + slug])
        page.obj.CropBox = page.obj.MediaBox
        lines = _crop_lines(x0, y0, x1, y1)
        if folds:
            lines += _fold_lines(x0, y0, y1, folds[number % len(folds)])
        # Registration colour (all four inks), hairline 0.25 pt, marked as an artifact.
        marks = ("/Artifact BMC q 1 1 1 1 K 0.25 w\n" + "\n".join(lines) + "\nQ EMC\n").encode()
        # The page's own content may leave its transformation in place: isolate it.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"Q\n" + marks), prepend=False)
