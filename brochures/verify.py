"""Verifying a laid-out leaflet before it is written.

Owns: the entry points of the fit guard for callers that have a laid-out
leaflet at hand (the measuring and fitting policies live in ``fit.py``). A
fixed-size layout must never overflow or clip silently: when the text needs
more pages than the layout has, the job fails with one line naming the topic,
language, layout, the section that runs over and by how much.
"""

from __future__ import annotations

from brochures.errors import Report
from brochures.model import Job, Layout, Leaflet


def overflow(document, pages: int) -> tuple[str | None, float] | None:
    """``(section id, millimetres)`` of content beyond page ``pages``, or ``None`` if it fits."""
    from brochures.fit import overflow as measure

    found = measure(document, Layout("", None, "", "", "", [], pages=pages))
    return None if found is None else (found.section, found.mm)


def check_fit(rendered, job: Job, layout: Layout, leaflet: Leaflet, report: Report) -> None:
    """Report an error when a fixed-size layout's text does not fit its pages."""
    from brochures.fit import guard

    guard(job, layout, leaflet, (None, rendered), lambda _pt: None, report)
