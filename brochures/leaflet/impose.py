"""Paper geometry and imposition: from laid-out pages to printable sheets.

Owns: the size of every page WeasyPrint lays out (per layout, paper and
reading direction), the ``@page`` rules that say so, and putting tri-fold
panels and booklet pages onto their physical sheets with pikepdf.

Tri-fold panels and booklet pages are laid out as pages of their own, in
reading order, so that text flows from panel to panel and "does not fit"
simply means more pages than panels. Imposition then places each one on the
side of the sheet where it belongs once the sheet is printed duplex (flip on
the short edge) and folded. For right-to-left languages the folds mirror: the
front cover is on the left of the outside side and a booklet is bound on the
right. Imposed sheets carry no structure tree (the tags of the laid-out pages
no longer match the page they are drawn on), so those layouts are untagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochures.model import Job, Layout

if TYPE_CHECKING:  # pikepdf is imported when a PDF is imposed, not to plan one
    import pikepdf

MM = 72 / 25.4
# Paper a layout without its own ``paper:`` entry is printed on (portrait, mm).
DEFAULT_PAPER = {"a4": {"sheet": [210, 297]}, "letter": {"sheet": [215.9, 279.4]}}


@dataclass(frozen=True)
class Placement:
    """Where one laid-out page goes: sheet side (0-based) and its left edge there (mm)."""

    side: int
    x: float
    width: float
    height: float
    edge_left: bool
    edge_right: bool


def paper(layout: Layout, job: Job) -> dict:
    """The geometry entry of ``job.paper`` for ``layout``."""
    return layout.paper.get(job.paper) or DEFAULT_PAPER[job.paper]


def _trifold(layout: Layout, job: Job, rtl: bool) -> list[Placement]:
    """Six panels in reading order: front, flap, inside 1-3, back."""
    geometry = paper(layout, job)
    flap, back, front = geometry["panels"]
    height = geometry["sheet"][1]
    outside = [flap, back, front]  # left to right when read left to right
    inside = [front, back, flap]  # the back of each, seen through the sheet
    # (side, slot on that side counted from the left) for each panel in reading order
    slots = [(0, 2), (0, 0), (1, 0), (1, 1), (1, 2), (0, 1)]
    if rtl:
        outside, inside = outside[::-1], inside[::-1]
        slots = [(side, 2 - slot) for side, slot in slots]
    placements = []
    for side, slot in slots:
        widths = outside if side == 0 else inside
        placements.append(Placement(side, sum(widths[:slot]), widths[slot], height,
                                    slot == 0, slot == 2))
    return placements


def booklet_order(count: int, rtl: bool) -> list[tuple[int, int]]:
    """Page numbers (1-based) on each sheet side, left then right, for saddle stitching."""
    sides = []
    for sheet in range(count // 4):
        sides.append((count - 2 * sheet, 2 * sheet + 1))
        sides.append((2 * sheet + 2, count - 2 * sheet - 1))
    return [(right, left) for left, right in sides] if rtl else sides


def _booklet(layout: Layout, job: Job, count: int, rtl: bool) -> list[Placement]:
    """Booklet pages in reading order, padded to ``count`` (a multiple of 4)."""
    geometry = paper(layout, job)
    width, height = geometry["page"]
    where: dict[int, Placement] = {}
    for side, pair in enumerate(booklet_order(count, rtl)):
        for slot, number in enumerate(pair):
            where[number] = Placement(side, slot * width, width, height, slot == 0, slot == 1)
    return [where[n] for n in range(1, count + 1)]


def _margin(placement: Placement, margins: dict[str, float]) -> str:
    edge, fold = margins.get("edge", 8), margins.get("fold", 8)
    left = edge if placement.edge_left else fold
    right = edge if placement.edge_right else fold
    return f"{margins.get('top', 10)}mm {right}mm {margins.get('bottom', 10)}mm {left}mm"


def page_css(layout: Layout, job: Job, rtl: bool, bleed_mm: float) -> str:
    """``@page`` rules giving every laid-out page its size, margins and bleed."""
    bleed = f" bleed: {bleed_mm}mm;" if bleed_mm else ""
    if layout.imposition is None:
        width, height = paper(layout, job)["sheet"]
        return f"@page {{ size: {width}mm {height}mm;{bleed} }}"
    if layout.imposition == "trifold":
        placements = _trifold(layout, job, rtl)
    else:
        placements = _booklet(layout, job, layout.pages or 4, rtl)
    first = placements[0]
    rules = [f"@page {{ size: {first.width}mm {first.height}mm;{bleed} "
             f"margin: {_margin(first, layout.margins)}; }}"]
    flowing = placements[: len(placements) - layout.closing_pages]
    for number, placement in enumerate(flowing, start=1):
        rules.append(f"@page :nth({number}) {{ size: {placement.width}mm {placement.height}mm; "
                     f"margin: {_margin(placement, layout.margins)}; }}")
    if layout.closing_pages:
        # The back sits last whatever the page count; its margins are the fold's on both sides.
        closing = placements[-1]
        fold = layout.margins.get("fold", 8)
        rules.append(f"@page closing {{ size: {closing.width}mm {closing.height}mm; "
                     f"margin: {layout.margins.get('top', 10)}mm {fold}mm "
                     f"{layout.margins.get('bottom', 10)}mm {fold}mm; }}")
    return "\n".join(rules)


def sheet_count(layout: Layout, pages: int) -> int:
    """How many laid-out pages an imposed layout prints: booklets pad to 4 or 8."""
    if layout.imposition == "booklet":
        return max(4, -(-pages // 4) * 4)
    if layout.imposition == "trifold":
        return max(pages, layout.pages or 6)
    return pages


def folds(layout: Layout, job: Job, rtl: bool) -> list[list[float]]:
    """Where the sheet is folded, per side (mm from the left of the trim): between the
    panels or pages that side carries. The two sides of a tri-fold differ (97 and 197 mm
    outside, 100 and 200 mm inside, A4), as the panels are unequal."""
    if layout.imposition is None:
        return []
    if layout.imposition == "trifold":
        placements = _trifold(layout, job, rtl)
    else:
        placements = _booklet(layout, job, 4, rtl)
    sides = max(p.side for p in placements) + 1
    return [sorted({round(p.x, 4) for p in placements if p.side == side and p.x > 0})
            for side in range(sides)]


def impose(pdf: pikepdf.Pdf, layout: Layout, job: Job, rtl: bool, bleed_mm: float) -> None:
    """Replace the laid-out pages of ``pdf`` by the sheet sides they are printed on."""
    # lazy: start-up time: pikepdf loads only when this runs
    import pikepdf

    pages = list(pdf.pages)
    count = sheet_count(layout, len(pages))
    if layout.imposition == "trifold":
        placements = _trifold(layout, job, rtl)
    else:
        placements = _booklet(layout, job, count, rtl)
    # Unused panels or pages stay blank before the back, which is always last.
    blanks = [None] * (count - len(pages))
    order = [*range(len(pages) - layout.closing_pages), *blanks,
             *range(len(pages) - layout.closing_pages, len(pages))]
    sheet_w, sheet_h = paper(layout, job)["sheet"]
    sides = max(p.side for p in placements) + 1
    drawings: list[list[tuple[Placement, pikepdf.Object]]] = [[] for _ in range(sides)]
    for placement, index in zip(placements, order, strict=True):
        if index is not None:
            form = pages[index].as_form_xobject()
            form.BBox = pages[index].obj.MediaBox  # qpdf uses the TrimBox: keep the bleed
            drawings[placement.side].append((placement, form))
    new_pages = []
    for side in range(sides):
        content, forms = [], {}
        for number, (placement, form) in enumerate(drawings[side]):
            name = f"/P{number}"
            forms[name] = pdf.make_indirect(form)
            content.append(_place(name, placement, bleed_mm))
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, sheet_w * MM, sheet_h * MM],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(forms)),
            Contents=pdf.make_stream("\n".join(content).encode()),
        )
        if bleed_mm:
            page.TrimBox = pikepdf.Array([0, 0, sheet_w * MM, sheet_h * MM])
            b = bleed_mm * MM
            page.BleedBox = pikepdf.Array([-b, -b, sheet_w * MM + b, sheet_h * MM + b])
            page.MediaBox = page.BleedBox
        new_pages.append(pikepdf.Page(page))
    for _ in range(len(pdf.pages)):
        del pdf.pages[0]
    for page in new_pages:
        pdf.pages.append(page)
    # The tags, outline and named destinations pointed at the laid-out pages.
    for key in ("/StructTreeRoot", "/MarkInfo", "/Outlines", "/Names", "/PageLabels"):
        if key in pdf.Root:
            del pdf.Root[key]


def _place(name: str, placement: Placement, bleed_mm: float) -> str:
    """Draw form ``name`` with its trim at the placement, clipped to its share of the sheet.

    Only sides on the sheet's outer edge keep their bleed: inside the sheet a
    panel's bleed would cover its neighbour.
    """
    x, w, h = placement.x * MM, placement.width * MM, placement.height * MM
    b = bleed_mm * MM
    left = x - (b if placement.edge_left else 0)
    right = x + w + (b if placement.edge_right else 0)
    return (f"q {left:.3f} {-b:.3f} {right - left:.3f} {h + 2 * b:.3f} re W n "
            f"1 0 0 1 {x:.3f} 0 cm {name} Do Q")
