"""The fit guard and fitting policies for fixed-size layouts.

Owns: measuring whether a laid-out leaflet fits its layout (no more pages than
the layout has; the closing back panel always last), naming the section that
runs over and by how many millimetres, and the user's fitting policy:

- ``fail`` (default): the job fails with one line saying what overflows;
- ``shrink``: the body text is set smaller in 0.5 pt steps, down to the
  layout's ``min_body_pt`` floor; a fitted leaflet carries a warning saying
  how small its text became.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brochures.errors import Location, Report
from brochures.model import Job, Layout, Leaflet

POLICIES = ("fail", "shrink")
STEP_PT = 0.5
PX_PER_MM = 96 / 25.4
_FLOW_TAGS = ("p", "li", "h2", "h3", "div", "section", "ol", "ul")
# The name an overflow gives the closing back panel (contact, sources, review dates).
CLOSING = "closing"
# Details set in a page's margin (the sheet's back page): they never move to another page,
# so running past the paper's edge is their way of not fitting.
FOOT = "foot"
SAFE_MM = 5  # text stays this far inside the trim edge (DESIGN-NOTES: 3-5 mm)
# Ruled notes under the text: room for the notes heading, then each line (mm).
RULES_HEAD_MM = 16
RULE_MM = 10


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


def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)


def _sections(page) -> list[str]:
    found = []
    for box in _boxes(page._page_box):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-section"):
            found.append(element.get("data-section"))
    return found


def _longest(pages) -> tuple[str, float] | None:
    """The section whose laid-out text is tallest, over every page, and its height in mm."""
    tallest: dict[tuple[int, int], tuple[str, float]] = {}
    for number, page in enumerate(pages):
        for box in _boxes(page._page_box):
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
    holding = [page for page in pages if any(map(_is_closing, _boxes(page._page_box)))]
    capacity = layout.pages - layout.closing_pages
    if len(holding) <= layout.closing_pages or pages.index(holding[0]) > capacity:
        return None
    height = 0.0
    for page in holding[layout.closing_pages:]:
        flow = [box for box in _boxes(page._page_box)
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
            ends = [box.border_box_y() + box.border_height() for box in _boxes(margin)
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
    return {"page": found.page, "margin_mm": margin} if margin <= page_mm / 2 else None


def overflow(document, layout: Layout) -> Overflow | None:
    """The overflow of a laid-out ``document`` beyond ``layout.pages``, or ``None``."""
    pages = document.pages
    if not layout.pages:
        return None
    closing = _closing_overflow(pages, layout) if layout.closing_pages else None
    if closing is None and len(pages) <= layout.pages:
        closing = _foot_overflow(pages)
    if closing is not None or len(pages) <= layout.pages:
        return closing
    capacity = layout.pages - layout.closing_pages
    extra = pages[capacity: len(pages) - layout.closing_pages]
    section = None
    for page in extra:
        names = _sections(page)
        if names:
            section = names[0]
            break
    if section is None and capacity:
        names = _sections(pages[capacity - 1])
        section = names[-1] if names else None
    height = 0.0
    for page in extra:
        top = bottom = None
        for box in _boxes(page._page_box):
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
            foot: dict | None = None) -> str:
    """One line naming topic, language, layout, section and overflow (and, when the fit
    guard gave the back details a taller ``foot``, how tall it is)."""
    last = layout.pages - layout.closing_pages
    # --fit shrink only where the layout lets the text get smaller (the sheet's is at its floor)
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
    return (f"{job.topic} ({job.language}) does not fit the {layout.id} layout: section "
            f"'{found.section or 'unknown'}' runs {max(found.mm, 0.5):.0f} mm past "
            f"{_page_word(layout)} {last}{hint}{taller}")


def sizes(layout: Layout, policy: str) -> list[float]:
    """The body sizes a policy may try, largest first."""
    tried = [layout.body_pt]
    if policy == "shrink":
        size = layout.body_pt - STEP_PT
        while size >= layout.min_body_pt - 1e-9:
            tried.append(round(size, 2))
            size -= STEP_PT
    return tried


def guard(
    job: Job,
    layout: Layout,
    leaflet: Leaflet,
    first,
    relayout: Callable[..., object | None],
    report: Report,
    hint: dict | None = None,
):
    """The first laid-out attempt that fits, trying smaller type if the policy allows.

    ``first`` is the composition and rendering at the layout's own body size (with the
    notes of ``hint``, when given: see :func:`hinted`); ``relayout(pt, **extra)`` makes
    another at ``pt`` (``None`` if it failed). Returns the fitting attempt, or ``None``
    with the overflow reported as an error.
    """
    attempt = first
    if hint is not None:
        if hint_holds(layout, attempt, hint):
            return attempt
        attempt = relayout(layout.body_pt)  # a wrong guess costs one layout pass
        if attempt is None:
            return None
    page_mm = attempt[1].document.pages[0].height / PX_PER_MM
    extra: dict = {}

    def measured(size: float, attempt=None):
        """``attempt`` (by default a new one at ``size``) and what overflows in it, laid
        out again with a taller foot where the back details would run off the paper;
        ``(None, None)`` if a relayout failed."""
        if attempt is None:
            attempt = relayout(size, **extra)
        found = overflow(attempt[1].document, layout) if attempt is not None else None
        foot = grown_foot(found, page_mm) if found is not None else None
        if foot is not None and foot != extra.get("foot"):
            extra["foot"] = foot
            attempt = relayout(size, **extra)
            found = overflow(attempt[1].document, layout) if attempt is not None else None
        return attempt, found

    attempt, found = measured(layout.body_pt, attempt)
    if attempt is None:
        return None
    if found is None:
        return _with_notes(layout, layout.body_pt, attempt, relayout, extra)
    if layout.questions_box:
        # The "Questions to ask" box only fills leftover space: without room it goes
        # first (the one-line prompt stays), before any text is set smaller.
        extra["questions"] = False
        again, found = measured(layout.body_pt)
        if again is None:
            return None
        if found is None:
            return _with_notes(layout, layout.body_pt, again, relayout, extra)
    tried = layout.body_pt
    for size in sizes(layout, job.fit)[1:]:
        again, still = measured(size)
        if again is None:
            return None
        tried = size
        if still is not None:
            found = still
        else:
            report.warning(
                "shrunk-to-fit",
                f"{job.name}: body text set at {size:g} pt instead of {layout.body_pt:g} pt "
                f"to fit the {layout.id} layout",
                _where(leaflet, found.section),
            )
            return _with_notes(layout, size, again, relayout, extra)
    report.error("overflow", message(job, layout, found, tried, extra.get("foot")),
                 _where(leaflet, found.section))
    return None


def _with_notes(layout: Layout, size: float, attempt, relayout, extra: dict | None = None):
    """Fill the space the text leaves empty with ruled notes.

    A folded leaflet always prints all its panels (a booklet 4 or 8 pages), and
    a sheet both its sides, the back one carrying contact and review details;
    a ruled page reads as intended where a blank one looks like a mistake. Where
    the text ends high on its last page or panel, ruled lines fill the rest of it.
    """
    document = attempt[1].document
    laid_out = len(document.pages)
    missing = _missing(layout, laid_out)
    rules = _rules_left(document) if layout.pages else 0
    extra = extra or {}
    for tried in ({"notes_rules": rules}, {}) if rules else ({},):
        if not missing and not tried:
            return attempt
        again = relayout(size, notes_pages=missing, **tried, **extra)
        if (again is not None and len(again[1].document.pages) == laid_out + missing
                and overflow(again[1].document, layout) is None):
            return again
    return attempt  # blank space, then: still correct, only plainer


def _missing(layout: Layout, laid_out: int) -> int:
    """Pages or panels a fixed layout still needs after ``laid_out`` of them."""
    from brochures.impose import sheet_count

    if not layout.pages:
        return 0
    if layout.imposition:
        return max(sheet_count(layout, laid_out) - laid_out, 0)
    return max(layout.pages - laid_out, 0)


def hinted(layout: Layout, hint: dict | None) -> dict | None:
    """The notes a leaflet's last build ended with, when a first attempt may start from
    them (saving the layout pass that finds the same notes again), else ``None``."""
    if not hint or not layout.pages or hint.get("body_pt") != layout.body_pt:
        return None
    if hint.get("questions") is False or hint.get("foot"):
        return None  # only a layout without the box (or foot) can show it had to change
    rules, pages = hint.get("notes_rules", 0), hint.get("notes_pages", 0)
    if not (isinstance(rules, int) and isinstance(pages, int)) or not (rules or pages):
        return None  # no notes: the plain first attempt is the same leaflet
    return {"notes_rules": rules, "notes_pages": pages}


def hint_holds(layout: Layout, attempt, hint: dict) -> bool:
    """Whether ``attempt``, laid out with the notes of ``hint``, is the leaflet the guard
    would make from scratch: the text is laid out the same with or without the notes
    after it, so the room under it and the pages it takes tell what the guard would
    have chosen — exactly these notes, or something else (then it starts over)."""
    document = attempt[1].document
    if overflow(document, layout) is not None:
        return False
    notes_only = sum(1 for page in document.pages if _notes_only(page))
    if notes_only != hint["notes_pages"]:
        return False  # also when ruled lines under the text spilled onto a page alone
    laid_out = len(document.pages) - notes_only
    return (_missing(layout, laid_out) == notes_only
            and _rules_left(document) == hint["notes_rules"])


def _notes_only(page) -> bool:
    """Whether everything the body puts on ``page`` is notes (not text, cover or back)."""
    body = next((box for box in _boxes(page._page_box)
                 if getattr(box, "element_tag", None) == "body"), None)
    if body is None or not body.children:
        return False
    for child in body.children:
        element = getattr(child, "element", None)
        if element is None or "notes" not in (element.get("class") or "").split():
            return False
    return True


def _rules_left(document) -> int:
    """How many ruled lines fit under the sections on the page where they end."""
    last = None
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if (getattr(box, "element_tag", None) == "main"
                    and "sections" in (element.get("class") or "").split()):
                last = (page._page_box, box)
    if last is None:
        return 0
    page_box, main = last
    room = (page_box.content_box_y() + page_box.height
            - main.position_y - main.margin_height()) / PX_PER_MM
    # The notes heading and its spacing take about 16 mm, each ruled line 10 mm.
    if room < RULES_HEAD_MM + 3 * RULE_MM:
        return 0  # a line or two of rules would look like a mistake
    return min(int((room - RULES_HEAD_MM) // RULE_MM), 14)


def _where(leaflet: Leaflet, section: str | None) -> Location:
    if section in leaflet.sections and leaflet.sections[section].location:
        return leaflet.sections[section].location
    return leaflet.location
