"""Page previews: PNG images of the pages of real, built PDF leaflets.

Owns: turning a built PDF into page images (pypdfium2) and a contact sheet
(all pages side by side), and the ``brochures preview`` run. Folded layouts
are shown in reading order for proofreading (each booklet page or tri-fold
panel cut from the imposed sheet it is printed on), the imposed sheets kept
beside them as ``-sheet-<n>.png``. Leaflets are made
by the build itself (:func:`brochures.batch.build.run`) into a cache folder under the
output folder, so that what is previewed is exactly what prints.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from brochures import i18n
from brochures.batch.build import FAILED, Outcome, Request, Summary, run
from brochures.errors import Location, Problem, Report
from brochures.inputs.load_styles import load_layout
from brochures.inputs.project import Project
from brochures.leaflet import impose
from brochures.write import OutputError, write_atomic

CACHE = ".pdf"  # built PDFs live in <out>/.pdf/<brand>/<topic>/, the PNGs beside them in <out>/
SHEET_GAP = 24  # pixels between and around pages on a contact sheet (at 96 dpi; scales with dpi)
SHEET_BACKGROUND = (214, 216, 220)


def cache_dir(out_dir: Path) -> Path:
    """Where preview and serve let the build write its PDFs."""
    return out_dir / CACHE


def build_pdfs(project: Project, request: Request) -> Summary:
    """Build the requested leaflets into ``request.out_dir`` through the normal build."""

    # A build that keeps fingerprints may report a leaflet "unchanged": its PDF on disk is
    # then already current, which is all a preview needs (see pdf_path).
    return run(project, request)


def pdf_path(outcome: Outcome, out_dir: Path) -> Path | None:
    """The PDF a successful outcome stands for (built now, or unchanged from before)."""
    if outcome.status == FAILED:
        return None
    path = outcome.path or outcome.job.output(out_dir)
    return path if path.is_file() else None


def render_pages(pdf: Path | bytes, dpi: int) -> list[Image.Image]:
    """Every page of ``pdf`` as an RGB image at ``dpi`` (pixels = points × dpi / 72)."""
    # lazy: start-up time: pypdfium2 loads only when this runs
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [
            document[i].render(scale=dpi / 72, may_draw_forms=False).to_pil().convert("RGB")
            for i in range(len(document))
        ]
    finally:
        document.close()


def page_texts(pdf: Path | bytes) -> list[str]:
    """The text of every page, as a screen reader or a search would want it."""
    # lazy: start-up time: pypdfium2 loads only when this runs
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        texts = []
        for i in range(len(document)):
            text = document[i].get_textpage().get_text_range()
            text = text.replace("\r", "").replace("\ufffe", "").replace("\u00ad", "")
            texts.append(text.replace("\x02", ""))
        return texts
    finally:
        document.close()


def contact_sheet(pages: list[Image.Image], dpi: int) -> Image.Image:
    """All ``pages`` side by side on one image, top-aligned, with a margin around each."""
    gap = max(4, round(SHEET_GAP * dpi / 96))
    width = sum(p.width for p in pages) + gap * (len(pages) + 1)
    height = max((p.height for p in pages), default=0) + 2 * gap
    sheet = Image.new("RGB", (max(width, gap * 2), height), SHEET_BACKGROUND)
    x = gap
    for page in pages:
        sheet.paste(page, (x, gap))
        x += page.width + gap
    return sheet


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


@dataclass
class Previewed:
    """The images written for one leaflet."""

    outcome: Outcome
    pages: list[Path] = field(default_factory=list)
    sheet: Path | None = None


@dataclass
class PreviewSummary:
    build: Summary
    previews: list[Previewed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.build.ok and not any(p.is_error for p in self.problems)


def reading_order(sheets: list[Image.Image], job, layout, dpi: int) -> list[Image.Image]:
    """The pages (or panels) of an imposed leaflet cut from its sheets, in reading order."""

    rtl = i18n.direction(job.language) == "rtl"
    if layout.imposition == "booklet":
        placements = impose._booklet(layout, job, 2 * len(sheets), rtl)
    else:
        placements = impose._trifold(layout, job, rtl)
    scale = dpi / 25.4
    pages = []
    for placement in placements:
        sheet = sheets[placement.side]
        left = round(placement.x * scale)
        right = round((placement.x + placement.width) * scale)
        pages.append(sheet.crop((left, 0, min(right, sheet.width), sheet.height)))
    return pages


def _clear(target: Path, kind: str, start: int) -> None:
    """Remove ``<target>-<kind>-<n>.png`` from ``start`` on (a leaflet may get shorter)."""
    number = start
    while (stale := target.with_name(f"{target.name}-{kind}-{number}.png")).exists():
        stale.unlink()
        number += 1


def write_previews(pdf: Path, target: Path, dpi: int, job=None,
                   layout=None) -> tuple[list[Path], Path]:
    """``<target>-page-1.png`` … and ``<target>-contact.png``; stale page images go.

    An imposed layout's pages are in reading order; its sheets are ``-sheet-<n>.png``.
    """

    pages = render_pages(pdf, dpi)
    if layout is not None and layout.imposition:
        for number, sheet in enumerate(pages, start=1):
            write_atomic(target.with_name(f"{target.name}-sheet-{number}.png"), png_bytes(sheet))
        _clear(target, "sheet", len(pages) + 1)
        pages = reading_order(pages, job, layout, dpi)
    paths = []
    for number, page in enumerate(pages, start=1):
        path = target.with_name(f"{target.name}-page-{number}.png")
        write_atomic(path, png_bytes(page))
        paths.append(path)
    # A leaflet that got shorter must not leave the pages it lost behind.
    _clear(target, "page", len(pages) + 1)
    sheet = target.with_name(f"{target.name}-contact.png")
    write_atomic(sheet, png_bytes(contact_sheet(pages, dpi)))
    return paths, sheet


def preview(project: Project, request: Request, dpi: int) -> PreviewSummary:
    """Build the leaflets of ``request`` and write their page images into ``request.out_dir``.

    Images go to ``<out>/<brand>/<topic>/<name>-page-<n>.png`` and ``<name>-contact.png``.
    """

    out_dir = request.out_dir
    pdfs = cache_dir(out_dir)
    summary = PreviewSummary(build_pdfs(project, dataclasses.replace(request, out_dir=pdfs)))
    report = Report()
    for outcome in summary.build.outcomes:
        pdf = pdf_path(outcome, pdfs)
        if pdf is None or outcome.job.output_format != "pdf":
            continue  # a web page has no pages to picture: serve or a browser shows it
        target = outcome.job.output(out_dir).with_suffix("")
        layout = load_layout(project, outcome.job.layout, Report())
        try:
            pages, sheet = write_previews(pdf, target, dpi, outcome.job, layout)
        except OutputError as exc:
            report.error("output-failed", str(exc), Location(str(target.parent)))
            continue
        summary.previews.append(Previewed(outcome, pages, sheet))
    summary.problems = report.problems
    return summary
