"""The fit guard and fitting policies for fixed-size layouts.

Owns: acting on what :mod:`brochures.leaflet.overflow` measures: the page count a leaflet
takes among its layout's ``page_counts`` (the fewest that hold it at full size), the
questions box, ruled notes where the text leaves room, and the user's fitting policy:

- ``fail`` (default): the job fails with one line saying what overflows;
- ``shrink``: the body text is set smaller in 0.5 pt steps, down to the
  layout's ``min_body_pt`` floor; a fitted leaflet carries a warning saying
  how small its text became.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from brochures.errors import Location, Report
from brochures.leaflet.impose import sheet_count
from brochures.leaflet.overflow import (
    FOOT,
    PX_PER_MM,
    Overflow,
    boxes,
    grown_foot,
    message,
    needed_foot,
    overflow,
    sections_on,
)
from brochures.model import FULL_TEXT, Job, Layout, Leaflet

POLICIES = ("fail", "shrink")
STEP_PT = 0.5
# Ruled notes under the text: room for the notes heading, then each line (mm).
RULES_HEAD_MM = 16
RULE_MM = 10


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
    """The first laid-out attempt that fits (see :func:`_guard`), at the smallest of the
    layout's ``page_counts`` that holds the text at full size with its questions box; only
    the largest count may drop the box or set the text smaller (``relayout`` is then
    asked for ``pages=`` the count it lays out).

    ``first`` was laid out with ``hint`` (see :func:`hinted`), when given: kept if it is
    the very leaflet the guard would make from scratch, else the guard starts over."""
    if hint is not None:
        if hint_holds(layout, first, hint):
            return first
        first = None  # a wrong guess costs one layout pass
    if not layout.page_counts:
        first = first or relayout(layout.body_pt)
        return _guard(job, layout, leaflet, first, relayout, report) if first else None
    counts = layout.page_counts
    foot: dict | None = None
    for n, count in enumerate(counts):
        sized = replace(layout, pages=count)

        def counted(size: float, _count: int = count, **extra):
            # The smallest count is the default: asked for by name only above it, so that
            # what a leaflet was laid out with reads the same however the guard got there.
            return relayout(size, **({"pages": _count} if _count != counts[0] else {}), **extra)

        # The back details at the foot of the last page are the same on any count: the
        # taller foot a smaller count found for them is given at once.
        extra = {"foot": {**foot, "page": count}} if foot else {}
        attempt = first if n == 0 and first is not None else counted(layout.body_pt, **extra)
        if attempt is None:
            return None
        last = count == counts[-1]
        fitted = _guard(job, sized, leaflet, attempt, counted, report if last else Report(),
                        whole=not last, extra=extra)
        if fitted is not None and len(fitted[1].document.pages) == count:
            return fitted
        grown = extra.get("foot")
        foot = grown if grown and grown["page"] == count else None
        if last and fitted is not None:
            # Its last page, where the back details sit, could not be added: never a leaflet
            # without them. What runs over, measured with that page there:
            # (with the taller foot the back details were given, if any)
            laid_out = len(fitted[1].document.pages)
            foot = fitted[0].asked.get("foot")
            padded = counted(fitted[0].asked.get("body_pt", layout.body_pt),
                             notes_pages=count - laid_out, **({"foot": foot} if foot else {}))
            found = overflow(padded[1].document, sized) if padded is not None else None
            report.error("overflow", message(job, sized, found or Overflow(FOOT, 0.5, count),
                                             layout.body_pt, foot), _where(leaflet, None))
    return None


def _guard(
    job: Job,
    layout: Layout,
    leaflet: Leaflet,
    first,
    relayout: Callable[..., object | None],
    report: Report,
    whole: bool = False,
    extra: dict | None = None,
):
    """The first laid-out attempt that fits, trying smaller type if the policy allows
    (``whole``: neither smaller type nor without the questions box).

    ``first`` is the composition and rendering at the layout's own body size, made with
    ``extra`` (a taller foot); ``relayout(pt, **extra)`` makes another at ``pt`` (``None``
    if it failed). Returns the fitting attempt, or ``None`` with the overflow reported as
    an error. ``extra`` is left holding what the guard added (the foot it grew).
    """
    attempt = first
    page_mm = attempt[1].document.pages[0].height / PX_PER_MM
    extra = {} if extra is None else extra
    measured = partial(_measured, relayout, layout, page_mm, extra, whole=whole)
    attempt, found = measured(layout.body_pt, attempt)
    if attempt is None:
        return None
    if found is None:
        return _with_notes(layout, layout.body_pt, attempt, relayout, extra)
    if whole:
        return None
    if layout.questions_box and "questions" not in leaflet.sections:
        # The words file's "Questions to ask" box only fills leftover space: without room it
        # goes first (the one-line prompt stays), before any text is set smaller. A leaflet
        # whose questions are content (its `questions` section) prints them or fails.
        extra["questions"] = False
        again, found = measured(layout.body_pt)
        if again is None:
            return None
        if found is None:
            return _with_notes(layout, layout.body_pt, again, relayout, extra)
    return _shrink(job, layout, leaflet, measured, found, relayout, extra, report)


def _measured(relayout, layout: Layout, page_mm: float, extra: dict, size: float,
              attempt=None, whole: bool = False):
    """``attempt`` (by default a new one at ``size``) and what overflows in it, laid out
    again with a taller foot where the back details would run off the paper; ``(None,
    None)`` if a relayout failed. (``whole``: text already past the last page is not laid
    out again: a taller foot only makes it longer; the foot is kept in ``extra``.)"""
    if attempt is None:
        attempt = relayout(size, **extra)
    found = overflow(attempt[1].document, layout) if attempt is not None else None
    foot = grown_foot(found, page_mm) if found is not None else None
    if foot is not None and foot != extra.get("foot"):
        extra["foot"] = foot
        if whole and len(attempt[1].document.pages) > layout.pages:
            return attempt, found
        attempt = relayout(size, **extra)
        found = overflow(attempt[1].document, layout) if attempt is not None else None
    return attempt, found


def _shrink(job: Job, layout: Layout, leaflet: Leaflet, measured, found, relayout,
            extra: dict, report: Report):
    """Smaller type, step by step down to the layout's floor (``fit: shrink``); when even
    the floor overflows, the overflow reported as an error (``None``)."""
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
    unsummarised = [s for s in layout.sections if s in leaflet.sections
                    and s not in FULL_TEXT and not leaflet.sections[s].summary]
    report.error("overflow", message(job, layout, found, tried, extra.get("foot"), unsummarised),
                 _where(leaflet, found.section))
    return None


def _with_notes(layout: Layout, size: float, attempt, relayout, extra: dict | None = None):
    """Fill the space the text leaves empty with ruled notes.

    A folded leaflet always prints all its panels (a booklet 4 or 8 pages), and
    a sheet both its sides, the back one carrying contact and review details;
    a ruled page reads as intended where a blank one looks like a mistake. Where
    the text ends high on its last page or panel, ruled lines fill the rest of it.
    The back details at the foot of a page added so get a taller foot if they need one.
    """
    document = attempt[1].document
    page_mm = document.pages[0].height / PX_PER_MM
    laid_out = len(document.pages)
    missing = _missing(layout, laid_out)
    rules = _rules_left(document) if layout.pages and layout.notes_under_text else 0
    extra = extra or {}
    for tried in ({"notes_rules": rules}, {}) if rules else ({},):
        if not missing and not tried:
            return attempt
        again = relayout(size, notes_pages=missing, **tried, **extra)
        found = overflow(again[1].document, layout) if again is not None else None
        foot = grown_foot(found, page_mm) if found is not None else None
        if foot is not None:
            extra = {**extra, "foot": foot}
            again = relayout(size, notes_pages=missing, **tried, **extra)
            found = overflow(again[1].document, layout) if again is not None else None
        if (again is not None and len(again[1].document.pages) == laid_out + missing
                and found is None):
            return again
    return attempt  # blank space, then: still correct, only plainer


def _missing(layout: Layout, laid_out: int) -> int:
    """Pages or panels a fixed layout still needs after ``laid_out`` of them."""

    if not layout.pages:
        return 0
    if layout.imposition and not layout.page_counts:
        return max(sheet_count(layout, laid_out) - laid_out, 0)
    return max(layout.pages - laid_out, 0)


def hinted(layout: Layout, hint: dict | None) -> dict | None:
    """How a leaflet's last build laid it out (its page count, notes and taller foot), when
    a first attempt may start from that (saving the layout passes that find the same
    again), else ``None``."""
    if not hint or not layout.pages or hint.get("body_pt") != layout.body_pt:
        return None
    if hint.get("questions") is False:
        return None  # only a layout with the box can show it had no room
    counts = layout.page_counts or [layout.pages]
    pages, foot = hint.get("pages", counts[0]), hint.get("foot")
    rules, notes = hint.get("notes_rules", 0), hint.get("notes_pages", 0)
    if pages not in counts or not all(isinstance(n, int) for n in (rules, notes)):
        return None
    if foot is not None and not (isinstance(foot, dict) and {"page", "margin_mm", "base_mm"}
                                 <= set(foot)):
        return None  # a foot from before it kept its base: nothing to check it against
    guess = {"notes_rules": rules, "notes_pages": notes}
    if pages != counts[0]:
        guess["pages"] = pages
    if foot:
        guess["foot"] = foot
    return guess if rules or notes or len(guess) > 2 else None  # else: the plain attempt


def hint_holds(layout: Layout, attempt, hint: dict) -> bool:
    """Whether ``attempt``, laid out as ``hint`` says, is the leaflet the guard would make
    from scratch. The text is laid out the same with or without the notes after it, so
    the room under it and the pages it takes tell what the guard would have chosen:
    exactly these notes, this page count (the text runs past the pages of the smaller
    one) and this foot (what its details need, more than they had) — or something else;
    then it starts over."""
    counts = layout.page_counts or [layout.pages]
    count = hint.get("pages", counts[0])
    layout = replace(layout, pages=count)
    document = attempt[1].document
    if overflow(document, layout) is not None:
        return False
    notes_only = sum(1 for page in document.pages if _notes_only(page))
    if notes_only != hint["notes_pages"]:
        return False  # also when ruled lines under the text spilled onto a page alone
    laid_out = len(document.pages) - notes_only
    if (_missing(layout, laid_out) != notes_only
            or (_rules_left(document) if layout.notes_under_text else 0) != hint["notes_rules"]):
        return False
    if count != counts[0]:
        fewer = counts[counts.index(count) - 1]
        text_pages = [n for n, page in enumerate(document.pages, 1) if sections_on(page)]
        if not text_pages or max(text_pages) <= fewer - layout.closing_pages:
            return False  # it might fit the smaller count now
    foot = hint.get("foot")
    return not foot or (needed_foot(document, foot) == foot["margin_mm"] > foot["base_mm"])


def _notes_only(page) -> bool:
    """Whether everything the body puts on ``page`` is notes (not text, cover or back)."""
    body = next((box for box in boxes(page._page_box)
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
        for box in boxes(page._page_box):
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
