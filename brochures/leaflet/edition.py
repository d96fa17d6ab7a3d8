"""Editions: what a layout, paper and press choice add around compose and render.

Owns: the extra template context of a job (page sizes as ``@page`` rules, the
body size, the press colour profile, the QR code), the PDF variant it is
written as, and finishing the written PDF: imposing panels and booklet pages
onto sheets, and for the press: every colour in CMYK on the printing condition
(``brochures.leaflet.press_colour``), its output intent, crop and fold marks; then a
reproducible save.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from brochures import i18n
from brochures.leaflet import impose, press, press_images, press_marks, qr, reuse
from brochures.model import Brand, Job, Layout


class EditionError(Exception):
    """A job asks for an edition its layout or the machine cannot make; ``path``: the file
    at fault, when one is (a print shop's profile)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def check(job: Job, layout: Layout, brand: Brand) -> None:
    """Refuse what cannot be made before any rendering starts."""
    if job.press and not layout.press:
        raise EditionError(f"layout '{layout.id}' has no --press edition")
    if job.paper not in impose.DEFAULT_PAPER:
        raise EditionError(f"unknown paper '{job.paper}'")
    needs = {"trifold": "panels", "booklet": "page"}.get(layout.imposition or "")
    if needs and needs not in layout.paper.get(job.paper, {}):
        raise EditionError(f"layout '{layout.id}' gives no paper: {job.paper}: {needs}: "
                           f"for its {layout.imposition} imposition")
    if job.press:
        try:
            press.condition(brand, job.paper)
        except press.PressError as exc:
            raise EditionError(str(exc), exc.path) from None


def context(job: Job, layout: Layout, brand: Brand, body_pt: float | None = None,
            notes_pages: int = 0, questions: bool = True, notes_rules: int = 0,
            foot: dict | None = None, pages: int | None = None) -> dict:
    """Template variables an edition adds: ``page_css``, ``body_pt``, ``qr_*``, ``notes_pages``,
    ``questions_box`` (the layout's box unless the fit guard found no room for it); ``foot``
    is the taller bottom margin the fit guard gave a page whose foot did not fit; ``pages``
    the page count the fit guard is trying (``last_page``: by default the layout's
    smallest)."""
    if layout.page_counts:
        layout = replace(layout, pages=pages or layout.page_counts[0])
    rtl = i18n.direction(job.language) == "rtl"
    bleed = press.BLEED_MM if job.press else 0
    css = [impose.page_css(layout, job, rtl, bleed)]
    profile = press.condition(brand, job.paper).profile if job.press else None
    if profile is not None:
        css.append(press.color_profile_css(profile))
    if foot:
        css.append(f"@page :nth({int(foot['page'])}) {{ "
                   f"margin-bottom: {float(foot['margin_mm']):g}mm; }}")
    url = qr.target(brand)
    return {
        "page_css": Markup("\n".join(css)),
        "body_pt": body_pt if body_pt is not None else layout.body_pt,
        "qr_url": url or "",
        "qr_label": (url or "").removeprefix("https://").removeprefix("http://"),
        "qr_svg": reuse.qr_svg(url) if url else "",
        "notes_pages": notes_pages,
        "notes_rules": notes_rules,
        "questions_box": layout.questions_box and questions,
        "press_profile": profile,
        "last_page": layout.pages or 0,
    }


def variant(job: Job, layout: Layout) -> str | None:
    """The PDF variant WeasyPrint writes: PDF/X-4 for the press, else the layout's own."""
    return press.VARIANT if job.press else layout.pdf_variant


def tagged(job: Job, layout: Layout) -> bool:
    """Imposed sheets cannot keep the tags of the pages drawn on them."""
    return layout.tagged and layout.imposition is None


def low_resolution(job: Job, document) -> list[tuple[str, str]]:
    """(picture, what to say of it) for each picture the press edition prints at under
    300 ppi."""
    if not job.press:
        return []

    return [(name, f"picture '{name}' prints at {ppi:.0f} ppi at its placed size ({width:.0f} "
                   f"× {height:.0f} mm); the press needs {press_images.MIN_PPI}: give a larger "
                   "image")
            for name, ppi, width, height in press_images.low_resolution(document)]


def finish(pdf_bytes: bytes, job: Job, layout: Layout, brand: Brand) -> bytes:
    """Impose and mark the written PDF as the edition asks; same input, same bytes."""
    if layout.imposition is None and not job.press:
        return pdf_bytes
    # lazy: start-up time: pikepdf loads only when this runs (imposed and press editions)
    import pikepdf

    # lazy: start-up time: press_colour imports pikepdf at once
    from brochures.leaflet import press_colour

    rtl = i18n.direction(job.language) == "rtl"
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if job.press:  # before imposition: the pages are still drawn at their own size

            printing = press.condition(brand, job.paper)
            press_colour.convert(pdf, printing.profile, brand)
            press.set_output_intent(pdf, printing)
        if layout.imposition:
            impose.impose(pdf, layout, job, rtl, press.BLEED_MM if job.press else 0)
        if job.press:
            press_marks.add_marks(pdf, impose.folds(layout, job, rtl))
        out = io.BytesIO()
        # The press PDF comes uncompressed from WeasyPrint (render.write_pdf): compressed here,
        # objects in object streams as WeasyPrint would have written them.
        streams = pikepdf.ObjectStreamMode.generate if job.press else \
            pikepdf.ObjectStreamMode.preserve
        pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=streams)
        return out.getvalue()
