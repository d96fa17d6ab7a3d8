"""Measuring whether a laid-out leaflet fits its fixed-size layout.

Owns: finding what overflows in a laid-out document (no more pages than the layout has;
the closing back panel always last; details in a page margin inside the printer's safe
area), naming the section that runs over and by how many millimetres, and the one line
that says so. The fitting policies that act on it are :mod:`brochures.leaflet.fit`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochures.model import Job, Layout

PX_PER_MM = 96 / 25.4
_FLOW_TAGS = ("p", "li", "h2", "h3", "div", "section", "ol", "ul")
# The name an overflow gives the closing back panel (contact, sources, review dates).
CLOSING = "closing"
# Details set in a page's margin (the sheet's back page): they never move to another page,
# so running past the paper's edge is their way of not fitting.
FOOT = "foot"
SAFE_MM = 5  # text stays this far inside the trim edge (DESIGN-NOTES: 3-5 mm)


@dataclass
class Overflow:
    """What does not fit: the section that runs over and how far (mm of laid-out text)."""

    section: str | None
    mm: float
    pages: int
    # For a foot that runs past the paper's edge: its page (1-based) and bottom margin.
    page: int | None = None
    margin_mm: float = 0.0
    # The longest section and its height (mm): often the one to shorten, when another
    # section is the one pushed past the last page.
    longest: tuple[str, float] | None = None


def boxes(box):
    """``box`` and every box inside it, depth first."""
    yield box
    for child in getattr(box, "children", []) or []:
        yield from boxes(child)


def _longest(pages) -> tuple[str, float] | None:
    """The section whose laid-out text is tallest, over every page, and its height in mm."""
    tallest: dict[tuple[int, int], tuple[str, float]] = {}
    for number, page in enumerate(pages):
        for box in boxes(page._page_box):
            element = getattr(box, "element", None)
            name = element.get("data-section") if element is not None else None
            if name and box.height:
                key = (number, id(element))
                height = max(box.margin_height(), tallest.get(key, (name, 0.0))[1])
                tallest[key] = (name, height)
    heights: dict[str, float] = {}
    for name, height in tallest.values():
        heights[name] = heights.get(name, 0.0) + height
    if not heights:
        return None
    name = max(heights, key=heights.__getitem__)
    return name, heights[name] / PX_PER_MM


def sections_on(page) -> list[str]:
    """The sections (their `data-section` names) with a box on ``page``, in order."""
    found = []
    for box in boxes(page._page_box):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-section"):
            found.append(element.get("data-section"))
    return found


def _is_closing(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and "closing" in (element.get("class") or "").split()


def _closing_overflow(pages, layout: Layout) -> Overflow | None:
    """The closing back panel running onto more pages than the layout gives it.

    The page count alone misses this: a closing panel that spills onto the back
    cover still makes the right number of pages once notes pages pad the rest.
    Sections that fit but a closing panel that does not is the closing panel's
    overflow, not the last section's.
    """
    holding = [page for page in pages if any(map(_is_closing, boxes(page._page_box)))]
    capacity = layout.pages - layout.closing_pages
    if len(holding) <= layout.closing_pages or pages.index(holding[0]) > capacity:
        return None
    height = 0.0
    for page in holding[layout.closing_pages:]:
        flow = [box for box in boxes(page._page_box)
                if getattr(box, "element_tag", None) in _FLOW_TAGS and box.height]
        if flow:
            height += (max(box.position_y + box.margin_height() for box in flow)
                       - min(box.position_y for box in flow))
    return Overflow(CLOSING, height / PX_PER_MM, len(pages))


def _foot_overflow(pages) -> Overflow | None:
    """Content set in a page margin (a running element) that reaches past the safe area
    at the page's edge — printers clip it, and no page count shows it."""
    worst, where = 0.0, None
    for number, page in enumerate(pages, start=1):
        limit = page.height - SAFE_MM * PX_PER_MM
        for margin in page._page_box.children[1:]:  # the page's margin boxes
            ends = [box.border_box_y() + box.border_height() for box in boxes(margin)
                    if getattr(box, "element_tag", None) and box.height]
            if ends and max(ends) - limit > worst:
                worst, where = max(ends) - limit, (number, page._page_box.margin_bottom)
    if worst <= 0.01 or where is None:
        return None
    return Overflow(FOOT, worst / PX_PER_MM, len(pages), where[0], where[1] / PX_PER_MM)


def grown_foot(found: Overflow, page_mm: float) -> dict | None:
    """A taller bottom margin for the page whose foot ran past the paper's edge, so that
    heavier back details (a long address, a long disclaimer) push the text up instead;
    ``None`` when the foot would take more than half the page."""
    if found.section != FOOT or found.page is None:
        return None
    margin = round(found.margin_mm + found.mm + 1, 1)  # 1 mm to spare: rounding
    if margin > page_mm / 2:
        return None
    # The margin it had (``base_mm``) lets a later build check a guess (fit.hint_holds).
    return {"page": found.page, "margin_mm": margin, "base_mm": round(found.margin_mm, 2)}


def needed_foot(document, foot: dict) -> float | None:
    """The bottom margin (mm) the details at the foot of page ``foot["page"]`` need, laid
    out under the ``foot`` they were given: what :func:`grown_foot` would make of them
    (the details sit at the top of their margin, so where they end within it is the same
    whatever its height); ``None`` if that page has no such details."""
    pages = document.pages
    if not 0 < foot["page"] <= len(pages):
        return None
    page = pages[foot["page"] - 1]
    top = page.height - page._page_box.margin_bottom
    ends = [box.border_box_y() + box.border_height()
            for margin in page._page_box.children[1:] for box in boxes(margin)
            if getattr(box, "element_tag", None) and box.height]
    if not ends:
        return None
    return round((max(ends) - top) / PX_PER_MM + SAFE_MM + 1, 1)


def overflow(document, layout: Layout) -> Overflow | None:
    """The overflow of a laid-out ``document`` beyond ``layout.pages``, or ``None``."""
    pages = document.pages
    if not layout.pages:
        return None
    closing = _closing_overflow(pages, layout) if layout.closing_pages else None
    if closing is None:
        # Also when the text runs over: the foot first gets the room it needs
        # (:func:`grown_foot`), then the text is measured with that foot under it.
        closing = _foot_overflow(pages)
    if closing is not None or len(pages) <= layout.pages:
        return closing
    capacity = layout.pages - layout.closing_pages
    extra = pages[capacity: len(pages) - layout.closing_pages]
    section = None
    for page in extra:
        names = sections_on(page)
        if names:
            section = names[0]
            break
    if section is None and capacity:
        names = sections_on(pages[capacity - 1])
        section = names[-1] if names else None
    height = 0.0
    for page in extra:
        top = bottom = None
        for box in boxes(page._page_box):
            if getattr(box, "element_tag", None) in _FLOW_TAGS and box.height:
                top = box.position_y if top is None else min(top, box.position_y)
                end = box.position_y + box.margin_height()
                bottom = end if bottom is None else max(bottom, end)
        if top is not None:
            height += bottom - top
    return Overflow(section, height / PX_PER_MM, len(pages), longest=_longest(pages))


def _page_word(layout: Layout) -> str:
    return "panel" if layout.imposition == "trifold" else "page"


def message(job: Job, layout: Layout, found: Overflow, tried_pt: float,
            foot: dict | None = None, unsummarised: list[str] | None = None) -> str:
    """One line naming topic, language, layout, section and overflow (and, when the fit
    guard gave the back details a taller ``foot``, how tall it is)."""
    last = layout.pages - layout.closing_pages
    # --fit shrink only where the layout lets the text get smaller (the sheet is at its floor)
    can_shrink = job.fit == "fail" and layout.min_body_pt < layout.body_pt
    hint = "; shorten it or build with --fit shrink" if can_shrink else (
        f" even at the {tried_pt:g} pt floor; shorten it" if job.fit != "fail" else (
            f" (its text is already at the {layout.min_body_pt:g} pt floor); shorten it"))
    if found.section == FOOT:
        return (f"{job.topic} ({job.language}) does not fit the {layout.id} layout: the "
                f"details at the foot of its last page (contact details, sources, review "
                f"dates) run {max(found.mm, 0.5):.0f} mm past the {SAFE_MM} mm the printer "
                f"needs at the paper's edge"
                f"{hint.replace('it', 'the sources or contact details', 1)}")
    taller = (f" (the back details at the foot of page {foot['page']} take "
              f"{foot['margin_mm']:g} mm there)") if foot else ""
    if found.section == CLOSING:
        return (f"{job.topic} ({job.language}) does not fit the {layout.id} layout: the back "
                f"{_page_word(layout)} (contact details, sources, review dates) runs "
                f"{max(found.mm, 0.5):.0f} mm onto another {_page_word(layout)}"
                f"{hint.replace('it', 'the sources or contact details', 1)}{taller}")
    longest = found.longest
    if longest and longest[0] != found.section:  # pushed over by a longer section
        hint = (f"{hint.split('; shorten it')[0]}; the longest section is '{longest[0]}' "
                f"({longest[1]:.0f} mm): shorten it{hint.split('; shorten it', 1)[1]}")
    # A layout that prints summaries: the sections that could be shorter but have none.
    wanting = (f"; give a summary to {', '.join(repr(s) for s in unsummarised)}"
               if layout.summaries and unsummarised else "")
    return (f"{job.topic} ({job.language}) does not fit the {layout.id} layout: section "
            f"'{found.section or 'unknown'}' runs {max(found.mm, 0.5):.0f} mm past "
            f"{_page_word(layout)} {last}{wanting}{hint}{taller}")
