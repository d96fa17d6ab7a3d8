"""A new brand from a clinic's name and logo.

Owns: ``brochures new brand`` (and the brand ``init`` writes): the colours
taken from the logo where it has any (the most used distinct colourful ones of
a PNG or JPEG, or the fill and stroke colours of an SVG; all of them offered in
a comment), darkened until they pass the
contrast pairs of ``rules/accessibility.yaml`` on the brand's background,
fonts from the Noto families ``scripts/install-system.sh`` installs, sample
contact details that ``check`` warns about until they are replaced, and the
logo, checked first as a file from outside (bounded, whole, its bytes what its
name says), copied into the brand folder.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from pathlib import Path

from brochures.authoring.newfiles import Plan, placeholder_logo, quoted, slug, starter
from brochures.checks.accessibility import contrast
from brochures.errors import BrochureError, Location, Report
from brochures.inputs.assets import MAX_LOGO_BYTES, check_picture
from brochures.inputs.project import ID_RE, Project
from brochures.inputs.rasters import PICTURE_SUFFIXES, image_colours

BACKGROUND = "#ffffff"
DEFAULT_PRIMARY, DEFAULT_ACCENT = "#1f5f7a", "#2a8c7a"
# Families of fonts-noto-core, which scripts/install-system.sh installs: (heading, body).
FONTS = {"sans": ("Noto Sans", "Noto Sans"), "serif": ("Noto Serif Display", "Noto Serif")}
# The smallest contrast each colour needs on the background (rules/accessibility.yaml:
# primary carries headings and the intro panel's text, accent only marks and rules).
MINIMUM = {"primary": 4.5, "accent": 3.0}
_HEX = re.compile(rb"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _colourful(rgb: tuple[int, int, int]) -> bool:
    """Not white, black or grey: a colour a brand can be recognised by."""
    _, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    return saturation > 0.2 and 0.08 < lightness < 0.92


def logo_colours(logo: Path, data: bytes | None = None) -> list[str]:
    """The colourful colours of a logo, most used first (may be empty)."""
    data = logo.read_bytes() if data is None else data
    counts: Counter[tuple[int, int, int]] = Counter()
    if logo.suffix.lower() == ".svg":
        for match in _HEX.finditer(data):
            counts[_rgb(match.group(1).decode())] += 1
    else:
        # lazy: start-up time: PIL loads only when this runs
        from PIL import Image

        raw = image_colours(data).tobytes()
        opaque = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 4) if raw[i + 3] >= 128]
        # White, black and grey (a background, a photo's edges) would blend into the
        # colours when quantized: only colourful pixels are counted.
        opaque = [rgb for rgb in opaque if _colourful(rgb)]
        if opaque:
            # Quantize so that anti-aliased edges count with the colour they belong to.
            palette = Image.new("RGB", (len(opaque), 1))
            palette.putdata(opaque)
            quantized = palette.quantize(colors=8)
            colours = quantized.getpalette()
            for count, index in quantized.getcolors() or []:
                counts[tuple(colours[index * 3:index * 3 + 3])] += count
    return distinct([_hex(rgb) for rgb, _ in counts.most_common() if _colourful(rgb)])


def distinct(colours: list[str]) -> list[str]:
    """``colours`` without those a reader would take for an earlier one (two teals: one)."""
    kept: list[tuple[str, tuple[float, float, float]]] = []
    for colour in colours:
        hls = colorsys.rgb_to_hls(*(c / 255 for c in _rgb(colour)))
        if all(min(abs(hls[0] - k[0]), 1 - abs(hls[0] - k[0])) > 0.08
               or abs(hls[1] - k[1]) > 0.25 for _, k in kept):
            kept.append((colour, hls))
    return [colour for colour, _ in kept]


def checked_logo(logo: Path) -> bytes:
    """A logo file's bytes, once they are a bounded, whole SVG, PNG or JPEG that is what
    its name says: the file comes from outside the project."""
    if not logo.is_file():
        raise BrochureError(f"{logo}: no such file")
    report = Report()
    size = logo.stat().st_size
    if size > MAX_LOGO_BYTES:
        report.error("bad-logo", f"the logo file is {size:,} bytes; the limit is "
                     f"{MAX_LOGO_BYTES:,} (export it smaller)", Location(str(logo)))
        raise BrochureError(report.errors)
    data = logo.read_bytes()
    check_picture(data, logo.suffix.lower(), Location(str(logo)), report)
    if report.errors:
        raise BrochureError(report.errors)
    return data


def readable(color: str, minimum: float, background: str = BACKGROUND) -> str:
    """``color``, darkened step by step (same hue) until it reaches ``minimum`` contrast."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in _rgb(color)))
    while (contrast(color, background) or 0) < minimum and lightness > 0:
        lightness = max(0.0, lightness - 0.02)
        color = _hex(tuple(round(c * 255) for c in colorsys.hls_to_rgb(
            hue, lightness, saturation)))
    return color


def palette(logo: Path | None, data: bytes | None = None) -> tuple[str, str]:
    """Primary and accent colours: from the logo where it has them, always readable."""
    found = logo_colours(logo, data) if logo is not None else []
    primary = found[0] if found else DEFAULT_PRIMARY
    accent = found[1] if len(found) > 1 else (found[0] if found else DEFAULT_ACCENT)
    return readable(primary, MINIMUM["primary"]), readable(accent, MINIMUM["accent"])


def brand_files(brand: str, name: str, logo: Path | None, fonts: str = "sans"
                ) -> dict[str, bytes]:
    """The files of a brand folder, by path relative to the project."""
    if logo is not None and logo.suffix.lower() not in PICTURE_SUFFIXES:
        raise BrochureError(f"{logo.name}: a logo must be SVG, PNG or JPEG; export it from the "
                            "design tool as .svg (best), .png or .jpg")
    data = checked_logo(logo) if logo is not None else None
    primary, accent = palette(logo, data)
    heading, body = FONTS[fonts]
    suffix = logo.suffix.lower().replace(".jpeg", ".jpg") if logo is not None else ".svg"
    logo_name = f"logo{suffix}"
    text = starter("brand.yaml").format(
        name=quoted(name), logo=logo_name, primary=primary, accent=accent,
        heading=heading, body=body, domain=brand)
    others = logo_colours(logo, data) if logo is not None else []
    if others:
        text = text.replace("colors:", f"# colours in your logo: {', '.join(others[:6])}\n"
                            "colors:", 1)
    folder = f"styles/brands/{brand}"
    return {f"{folder}/brand.yaml": text.encode(),
            f"{folder}/{logo_name}": data if data is not None else placeholder_logo(primary)}


def new_brand(project: Project, brand: str, name: str | None, logo: Path | None,
              fonts: str = "sans") -> list[str]:
    """``styles/brands/<brand>/``: brand.yaml and its logo."""
    if not ID_RE.match(brand):
        raise BrochureError(f"'{brand}' is not a valid brand id (a-z, 0-9, - and _ only)")
    name = name or brand.replace("-", " ").replace("_", " ").title()
    return Plan(project.root, brand_files(brand, name, logo, fonts)).write()


__all__ = ["brand_files", "logo_colours", "new_brand", "palette", "readable", "slug"]
