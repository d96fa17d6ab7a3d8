"""Reading press PDFs as a preflight does: every content stream, colour, image and text run.

Independent of ``brochures.leaflet.press_colour`` on purpose: it walks pages and, through ``Do``,
the form XObjects they draw (with the transformation in force), and lists what a prepress
checker looks at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

RGB_OR_GRAY = {"/DeviceRGB", "/DeviceGray", "/CalRGB", "/CalGray"}


def family(space, resources) -> str:
    """The family of a colour space (a name, a resource name or an array)."""
    if isinstance(space, pikepdf.Name) and not str(space).startswith("/Device") \
            and str(space) != "/Pattern" and resources is not None:
        space = resources.get("/ColorSpace", {}).get(str(space), space)
    if isinstance(space, pikepdf.Array):
        if str(space[0]) == "/ICCBased":
            return {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}[int(space[1].N)]
        return str(space[0])
    return str(space)


@dataclass
class Run:
    """One text-showing operator: its size in points on the page and its fill colour."""

    size: float
    fill: tuple
    where: str


@dataclass
class Fill:
    """One filled rectangle: its area on the page (pt²) and its fill colour."""

    area: float
    fill: tuple


@dataclass
class Walk:
    """What a preflight finds in a PDF."""

    rgb_operators: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    strokes: list[tuple[str, list[float], tuple]] = field(default_factory=list)
    k_fills: list[tuple] = field(default_factory=list)  # operands of every ``k``


def walk_page(page: pikepdf.Page) -> Walk:
    """What one page draws (forms it draws included)."""
    found = Walk()
    _content(page.obj, page.resources, pikepdf.Matrix(), found, "the page")
    return found


def walk(pdf: pikepdf.Pdf) -> Walk:
    found = Walk()
    for number, page in enumerate(pdf.pages):
        _content(page.obj, page.resources, pikepdf.Matrix(), found, f"page {number + 1}")
    # Every form and tiling pattern too, drawn or not, for colour operators.
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == "/Form"
                                                or obj.get("/PatternType") == 1):
            for instruction in pikepdf.parse_content_stream(obj):
                op = str(instruction.operator)
                if op in ("rg", "RG", "g", "G") or (op in ("cs", "CS") and family(
                        instruction.operands[0], obj.get("/Resources")) in RGB_OR_GRAY):
                    found.rgb_operators.append(f"object {obj.objgen}: {op}")
    return found


def _numbers(operands) -> tuple:
    try:
        return tuple(round(float(v), 4) for v in operands)
    except (TypeError, ValueError):
        return ("pattern",)


def _content(holder, resources, ctm, found: Walk, where: str) -> None:
    stack, fill, font_size, tm = [], (0.0,), 0.0, pikepdf.Matrix()
    rect, dash = None, []
    for instruction in pikepdf.parse_content_stream(holder):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            found.rgb_operators.append(f"{where}: an inline image")
            continue
        op, operands = str(instruction.operator), list(instruction.operands)
        if op in ("rg", "RG", "g", "G"):
            found.rgb_operators.append(f"{where}: {op} {_numbers(operands)}")
        elif op in ("cs", "CS") and family(operands[0], resources) in RGB_OR_GRAY:
            found.rgb_operators.append(f"{where}: {operands[0]} {op}")
        if op == "q":
            stack.append((ctm, fill, dash))
        elif op == "Q" and stack:
            ctm, fill, dash = stack.pop()
        elif op == "cm":
            ctm = pikepdf.Matrix(*(float(v) for v in operands)) @ ctm
        elif op in ("k", "scn", "sc"):
            fill = _numbers(operands)
            if op == "k":
                found.k_fills.append(fill)
        elif op == "cs":
            fill = (0.0,) * 4
        elif op == "d":
            dash = [float(v) for v in operands[0]]
        elif op == "BT":
            tm = pikepdf.Matrix()
        elif op == "Tf":
            font_size = float(operands[1])
        elif op == "Tm":
            tm = pikepdf.Matrix(*(float(v) for v in operands))
        elif op in ("Tj", "TJ", "'", '"'):
            m = tm @ ctm
            found.runs.append(Run(abs(font_size) * abs(m.a * m.d - m.b * m.c) ** 0.5, fill,
                                  where))
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            rect = abs(w * h) * abs(ctm.a * ctm.d - ctm.b * ctm.c)
        elif op in ("f", "f*", "F", "B", "B*") and rect is not None:
            found.fills.append(Fill(rect, fill))
            rect = None
        elif op in ("m", "l") and len(operands) == 2:
            x, y = (float(v) for v in operands)
            found.strokes.append((op, [x * ctm.a + y * ctm.c + ctm.e,
                                       x * ctm.b + y * ctm.d + ctm.f], tuple(dash)))
        elif op == "Do":
            target = resources.get("/XObject", {}).get(str(operands[0]))
            if target is not None and target.get("/Subtype") == "/Form":
                matrix = pikepdf.Matrix(target.Matrix) if "/Matrix" in target \
                    else pikepdf.Matrix()
                _content(target, target.get("/Resources"), matrix @ ctm, found,
                         f"{where} form {operands[0]}")


def colour_spaces(pdf: pikepdf.Pdf) -> list[str]:
    """Every RGB or grey colour space an image, shading or transparency group uses."""
    masks = {o.SMask.objgen for o in pdf.objects
             if isinstance(o, pikepdf.Stream) and "/SMask" in o}
    found = []
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        image = obj.get("/Subtype") == "/Image" and obj.objgen not in masks and \
            not obj.get("/ImageMask", False)
        if image and family(obj.get("/ColorSpace"), None) != "/DeviceCMYK":
            found.append(f"image {obj.objgen}: {obj.get('/ColorSpace')}")
        if "/ShadingType" in obj and family(obj.get("/ColorSpace"), None) in RGB_OR_GRAY:
            found.append(f"shading {obj.objgen}")
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and family(group.get("/CS"), None) in RGB_OR_GRAY:
            found.append(f"group of {obj.objgen}")
    return found
