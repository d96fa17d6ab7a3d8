"""Verifying a laid-out leaflet before it is written.

Owns: the fit guard. A fixed-size layout must never overflow or clip
silently: when the text needs more pages than the layout has, the job fails
with one line naming the topic, language, layout, the section that runs over
and by how much.
"""

from __future__ import annotations

from brochures.errors import Location, Report
from brochures.model import Job, Layout, Leaflet

PX_PER_MM = 96 / 25.4


def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)


def overflow(document, pages: int) -> tuple[str | None, float] | None:
    """``(section id, millimetres)`` of content beyond page ``pages``, or ``None`` if it fits."""
    if len(document.pages) <= pages:
        return None
    section = None
    height = 0.0
    for page in document.pages[pages:]:
        top, bottom = None, None
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and section is None:
                section = element.get("data-section") or section
            if box.element_tag in ("p", "li", "h2", "h3", "div") and box.height:
                top = box.position_y if top is None else min(top, box.position_y)
                end = box.position_y + box.margin_height()
                bottom = end if bottom is None else max(bottom, end)
        if top is not None:
            height += bottom - top
    return section, height / PX_PER_MM


def check_fit(rendered, job: Job, layout: Layout, leaflet: Leaflet, report: Report) -> None:
    """Report an error when a fixed-size layout's text does not fit its pages."""
    if not layout.pages:
        return
    result = overflow(rendered.document, layout.pages)
    if result is None:
        return
    section, mm = result
    where = leaflet.sections[section].location if section in leaflet.sections else Location(
        str(leaflet.location.path))
    report.error(
        "overflow",
        f"{job.topic} ({job.language}) does not fit the {layout.id} layout: section "
        f"'{section or 'unknown'}' runs {mm:.0f} mm past page {layout.pages}",
        where,
    )
