"""Colours of the press edition: every mark on the page in the inks of the printing condition.

Owns: turning what WeasyPrint draws in RGB or grey (SVG logos and illustrations,
a CSS colour a brand gives no ``cmyk:`` value for, raster images) into CMYK
through the condition's profile, in the content streams of pages, forms, tiling
patterns and soft masks, in shadings and in images; keeping a brand colour's
own ``cmyk:`` value exactly (an SVG logo in the brand navy prints in the navy of
the headings, not in what a profile makes of its RGB); printing neutral greys
and black on black ink alone; and printing text under 14 pt in 100 % K,
whatever its colour on screen (text knocked out to paper white stays white).
"""

from __future__ import annotations

import zlib
from functools import cached_property
from pathlib import Path

import pikepdf
import tinycss2.color4
from pikepdf import Name, Operator

from brochures.leaflet.press_images import apply, to_cmyk
from brochures.model import Brand

SMALL_TEXT_PT = 14.0
BLACK = (0, 0, 0, 1)
# Colour spaces drawn in RGB or grey, as a resource names them or as a family.
RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/DeviceGray", "/CalGray"}
SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def _rgb_key(rgb) -> tuple[int, int, int]:
    return tuple(max(0, min(255, round(float(v) * 255))) for v in rgb)


class Inks:
    """RGB → CMYK for one brand on one printing condition (relative colorimetric, with
    black point compensation), the brand's own ``cmyk:`` values first."""

    def __init__(self, profile: Path, brand: Brand) -> None:

        self.profile = profile
        self.exact: dict[tuple[int, int, int], tuple[float, ...]] = {}
        for role, cmyk in brand.cmyk.items():
            parsed = tinycss2.color4.parse_color(brand.colors.get(role, ""))
            if parsed is not None and parsed.space == "srgb":
                key = _rgb_key(parsed.to("srgb").coordinates)
                self.exact[key] = tuple(round(v / 100, 4) for v in cmyk)
        self._cache: dict[tuple[int, int, int], tuple[float, ...]] = {}

    @cached_property
    def _transform(self):
        # lazy: start-up time: PIL loads only when this runs
        from PIL import ImageCms

        return ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(str(self.profile)),
            "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)

    def cmyk(self, rgb) -> tuple[float, ...]:
        """The CMYK (0-1) of an sRGB colour (0-1 components)."""
        key = _rgb_key(rgb)
        if key in self.exact:
            return self.exact[key]
        if key[0] == key[1] == key[2]:  # a grey or black: black ink only
            return (0, 0, 0, round(1 - key[0] / 255, 4))
        if key not in self._cache:
            # lazy: start-up time: PIL loads only when this runs
            from PIL import Image


            pixel = apply(self._transform, Image.new("RGB", (1, 1), key)).getpixel((0, 0))
            self._cache[key] = tuple(round(v / 255, 4) for v in pixel)
        return self._cache[key]

    def gray(self, level) -> tuple[float, ...]:
        return (0, 0, 0, round(1 - float(level), 4))


class _State:
    __slots__ = ("ctm", "fill", "fill_space", "stroke_space")

    def __init__(self) -> None:
        self.ctm = pikepdf.Matrix()
        # The operators that set the current fill colour, to set it again after small text.
        self.fill: list[pikepdf.ContentStreamInstruction] = [_op("g", 0)]
        self.fill_space, self.stroke_space = "", ""

    def copy(self) -> _State:
        new = _State()
        new.ctm, new.fill = self.ctm, list(self.fill)
        new.fill_space, new.stroke_space = self.fill_space, self.stroke_space
        return new


def _op(name: str, *operands) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), Operator(name))


class Converter:
    """Rewrites one PDF's colours (see the module docstring); each object once."""

    def __init__(self, pdf: pikepdf.Pdf, inks: Inks) -> None:
        self.pdf, self.inks = pdf, inks
        self.done: set[tuple[int, int]] = set()

    def run(self) -> None:
        masks = {o.SMask.objgen for o in self.pdf.objects
                 if isinstance(o, pikepdf.Stream) and "/SMask" in o}
        for page in self.pdf.pages:
            self.content(page.obj, page.resources, pikepdf.Matrix())
        for obj in list(self.pdf.objects):  # what no page drew directly, and every image
            if isinstance(obj, pikepdf.Stream):
                kind = obj.get("/Subtype")
                if kind == "/Image" and obj.objgen not in masks:
                    self.image(obj)
                elif kind == "/Form" or obj.get("/PatternType") == 1:
                    self.form(obj, pikepdf.Matrix())
                if "/ShadingType" in obj:
                    self.shading(obj)
            elif isinstance(obj, pikepdf.Dictionary) and "/ShadingType" in obj:
                self.shading(obj)

    def form(self, form: pikepdf.Stream, ctm: pikepdf.Matrix) -> None:
        if form.objgen in self.done:
            return
        self.done.add(form.objgen)
        group = form.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and str(group.get("/CS", "")) in RGB_SPACES:
            group.CS = Name.DeviceCMYK
        matrix = pikepdf.Matrix(form.Matrix) if "/Matrix" in form else pikepdf.Matrix()
        self.content(form, form.get("/Resources", pikepdf.Dictionary()), matrix @ ctm)

    def content(self, holder, resources, ctm: pikepdf.Matrix) -> None:
        """Rewrite the content stream of a page, form or tiling pattern."""
        instructions = pikepdf.parse_content_stream(holder)
        out = _Rewrite(self, resources, ctm).run(instructions)
        data = pikepdf.unparse_content_stream(out)
        if isinstance(holder, pikepdf.Stream):
            holder.write(data)
        else:
            holder.Contents = self.pdf.make_stream(data)

    def space(self, name, resources) -> str:
        """The family of the colour space ``name`` (``/DeviceRGB``...) names in ``resources``."""
        name = str(name)
        if name.startswith("/Device") or name == "/Pattern":
            return name
        spaces = resources.get("/ColorSpace", {}) if resources is not None else {}
        space = spaces.get(name) if isinstance(spaces, pikepdf.Dictionary) else None
        if isinstance(space, pikepdf.Array):
            family = str(space[0])
            if family == "/ICCBased":
                return {1: "/DeviceGray", 3: "/DeviceRGB"}.get(int(space[1].N), family)
            return family
        return str(space) if space is not None else name

    def image(self, image: pikepdf.Stream) -> None:
        """An RGB or grey image, converted to CMYK (sRGB assumed: see press_images)."""
        if image.objgen in self.done or image.get("/ImageMask", False):
            return
        self.done.add(image.objgen)
        space = image.get("/ColorSpace")
        family = str(space[0]) if isinstance(space, pikepdf.Array) else str(space)
        if isinstance(space, pikepdf.Array) and family == "/ICCBased":
            family = {1: "/DeviceGray", 3: "/DeviceRGB"}.get(int(space[1].N), family)
        if family not in RGB_SPACES:
            return

        pil = to_cmyk(pikepdf.PdfImage(image).as_pil_image(), self.inks.profile)
        image.write(zlib.compress(pil.tobytes(), 9), filter=Name.FlateDecode)
        image.ColorSpace, image.BitsPerComponent = Name.DeviceCMYK, 8
        for key in ("/Decode", "/DecodeParms"):
            if key in image:
                del image[key]

    def shading(self, shading) -> None:
        if shading.objgen in self.done and shading.objgen != (0, 0):
            return
        self.done.add(shading.objgen)
        family = self.space(shading.get("/ColorSpace"), None)
        if family not in RGB_SPACES:
            return
        convert = self.inks.gray if "Gray" in family else self.inks.cmyk
        for function in _functions(shading.get("/Function")):
            for key in ("/C0", "/C1"):
                values = [float(v) for v in function.get(key, [0] if "Gray" in family else
                                                         [0, 0, 0])]
                function[key] = pikepdf.Array(convert(values[0] if "Gray" in family else values))
        shading.ColorSpace = Name.DeviceCMYK


def _functions(function) -> list:
    """The exponential (type 2) functions of a shading, inside stitching ones too."""
    if function is None:
        return []
    if isinstance(function, pikepdf.Array):
        return [f for item in function for f in _functions(item)]
    if int(function.get("/FunctionType", 0)) == 3:
        return [f for item in function.Functions for f in _functions(item)]
    if int(function.get("/FunctionType", 0)) == 2:
        return [function]
    raise ValueError("a sampled shading function cannot be converted to CMYK")


class _Rewrite:
    """One content stream's instructions, colours converted and small text set in black."""

    def __init__(self, converter: Converter, resources, ctm: pikepdf.Matrix) -> None:
        self.conv, self.resources = converter, resources
        self.state = _State()
        self.state.ctm = ctm
        self.stack: list[_State] = []
        self.out: list = []
        self.font_size, self.text_matrix, self.forced = 0.0, pikepdf.Matrix(), False

    def run(self, instructions) -> list:
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self.out.append(instruction)
                continue
            handler = getattr(self, "_" + _HANDLERS.get(str(instruction.operator), "pass"))
            handler(instruction, [*instruction.operands])
        return self.out

    def _pass(self, instruction, operands) -> None:
        self.out.append(instruction)

    def _push(self, instruction, operands) -> None:
        self.stack.append(self.state.copy())
        self.out.append(instruction)

    def _pop(self, instruction, operands) -> None:
        if self.stack:
            self.state = self.stack.pop()
        self.out.append(instruction)

    def _cm(self, instruction, operands) -> None:
        self.state.ctm = pikepdf.Matrix(*(float(v) for v in operands)) @ self.state.ctm
        self.out.append(instruction)

    def _rgb(self, instruction, operands) -> None:
        stroke = str(instruction.operator).isupper()
        values = self.conv.inks.cmyk(operands)
        self._colour(_op("K" if stroke else "k", *values), stroke, reset_space=True)

    def _gray(self, instruction, operands) -> None:
        stroke = str(instruction.operator).isupper()
        self._colour(_op("K" if stroke else "k", *self.conv.inks.gray(operands[0])), stroke,
                     reset_space=True)

    def _cmyk(self, instruction, operands) -> None:
        self._colour(instruction, str(instruction.operator).isupper(), reset_space=True)

    def _space(self, instruction, operands) -> None:
        stroke = instruction.operator == Operator("CS")
        family = self.conv.space(operands[0], self.resources)
        if family in RGB_SPACES:
            instruction = _op(str(instruction.operator), Name.DeviceCMYK)
        if stroke:
            self.state.stroke_space = family
        else:
            self.state.fill_space = family
        self._colour(instruction, stroke, reset_space=False, starts=True)

    def _set(self, instruction, operands) -> None:
        stroke = str(instruction.operator).isupper()
        family = self.state.stroke_space if stroke else self.state.fill_space
        if family in RGB_SPACES:
            numbers = [float(v) for v in operands]
            values = (self.conv.inks.gray(numbers[0]) if "Gray" in family
                      else self.conv.inks.cmyk(numbers))
            instruction = _op(str(instruction.operator), *values)
        self._colour(instruction, stroke, reset_space=False)

    def _colour(self, instruction, stroke: bool, reset_space: bool, starts: bool = False):
        """Write ``instruction``; a fill colour is remembered, to set again after small text."""
        self.out.append(instruction)
        if reset_space:
            setattr(self.state, "stroke_space" if stroke else "fill_space", "")
        if stroke:
            return
        fill = self.state.fill
        after_space = not (reset_space or starts) and str(fill[0].operator) == "cs"
        self.state.fill = [fill[0], instruction] if after_space else [instruction]
        self.forced = False

    def _begin_text(self, instruction, operands) -> None:
        self.text_matrix, self.forced = pikepdf.Matrix(), False
        self.out.append(instruction)

    def _end_text(self, instruction, operands) -> None:
        self._restore()
        self.out.append(instruction)

    def _font(self, instruction, operands) -> None:
        self.font_size = float(operands[1])
        self.out.append(instruction)

    def _text_matrix(self, instruction, operands) -> None:
        self.text_matrix = pikepdf.Matrix(*(float(v) for v in operands))
        self.out.append(instruction)

    def _show(self, instruction, operands) -> None:
        matrix = self.text_matrix @ self.state.ctm
        size = abs(self.font_size) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        if size < SMALL_TEXT_PT - 1e-6 and not self._paper_white():
            if not self.forced:
                self.out.append(_op("k", *BLACK))
                self.forced = True
        else:
            self._restore()
        self.out.append(instruction)

    def _paper_white(self) -> bool:
        """Whether the fill is CMYK 0 0 0 0: text knocked out to the paper, no ink."""
        last = self.state.fill[-1]
        try:
            numbers = [float(v) for v in last.operands]
        except (TypeError, ValueError):  # a pattern
            return False
        return str(last.operator) in ("k", "scn", "sc") and len(numbers) == 4 \
            and not any(numbers)

    def _restore(self) -> None:
        if self.forced:
            self.out.extend(self.state.fill)
            self.forced = False

    def _draw(self, instruction, operands) -> None:
        xobjects = self.resources.get("/XObject", {}) if self.resources is not None else {}
        target = xobjects.get(str(operands[0])) if isinstance(xobjects, pikepdf.Dictionary) \
            else None
        if isinstance(target, pikepdf.Stream):
            if target.get("/Subtype") == "/Form":
                self.conv.form(target, self.state.ctm)
            elif target.get("/Subtype") == "/Image":
                self.conv.image(target)
        self.out.append(instruction)


_HANDLERS = {
    "q": "push", "Q": "pop", "cm": "cm", "rg": "rgb", "RG": "rgb", "g": "gray", "G": "gray",
    "k": "cmyk", "K": "cmyk", "cs": "space", "CS": "space", "sc": "set", "scn": "set",
    "SC": "set", "SCN": "set", "BT": "begin_text", "ET": "end_text", "Tf": "font",
    "Tm": "text_matrix", "Do": "draw", **{name: "show" for name in SHOW_TEXT},
}


def convert(pdf: pikepdf.Pdf, profile: Path, brand: Brand) -> None:
    """Every colour of ``pdf`` in CMYK on ``profile``; text under 14 pt in black ink only."""
    Converter(pdf, Inks(profile, brand)).run()
