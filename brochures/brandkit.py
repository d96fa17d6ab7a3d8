"""A new brand from a clinic's name and logo.

Owns: ``brochures new brand`` (and the brand ``init`` writes): the colours
taken from the logo where it has any (the most used colourful ones of a PNG,
or the fill and stroke colours of an SVG), darkened until they pass the
contrast pairs of ``rules/accessibility.yaml`` on the brand's background,
fonts from the Noto families ``scripts/install-system.sh`` installs, sample
contact details that ``check`` warns about until they are replaced, and the
logo copied into the brand folder.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from pathlib import Path

from brochures.checks.accessibility import contrast
from brochures.errors import BrochureError
from brochures.newfiles import Plan, placeholder_logo, quoted, slug, starter
from brochures.project import ID_RE, Project

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


def logo_colours(logo: Path) -> list[str]:
    """The colourful colours of a logo, most used first (may be empty)."""
    counts: Counter[tuple[int, int, int]] = Counter()
    if logo.suffix.lower() == ".svg":
        for match in _HEX.finditer(logo.read_bytes()):
            counts[_rgb(match.group(1).decode())] += 1
    else:
        from PIL import Image

        with Image.open(logo) as image:
            image = image.convert("RGBA")
            image.thumbnail((96, 96))
            raw = image.tobytes()
            opaque = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 4) if raw[i + 3] >= 128]
        if opaque:
            # Quantize so that anti-aliased edges count with the colour they belong to.
            palette = Image.new("RGB", (len(opaque), 1))
            palette.putdata(opaque)
            quantized = palette.quantize(colors=8)
            colours = quantized.getpalette()
            for count, index in quantized.getcolors() or []:
                counts[tuple(colours[index * 3:index * 3 + 3])] += count
    return [_hex(rgb) for rgb, _ in counts.most_common() if _colourful(rgb)]


def readable(color: str, minimum: float, background: str = BACKGROUND) -> str:
    """``color``, darkened step by step (same hue) until it reaches ``minimum`` contrast."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in _rgb(color)))
    while (contrast(color, background) or 0) < minimum and lightness > 0:
        lightness = max(0.0, lightness - 0.02)
        color = _hex(tuple(round(c * 255) for c in colorsys.hls_to_rgb(
            hue, lightness, saturation)))
    return color


def palette(logo: Path | None) -> tuple[str, str]:
    """Primary and accent colours: from the logo where it has them, always readable."""
    found = logo_colours(logo) if logo is not None else []
    primary = found[0] if found else DEFAULT_PRIMARY
    accent = found[1] if len(found) > 1 else (found[0] if found else DEFAULT_ACCENT)
    return readable(primary, MINIMUM["primary"]), readable(accent, MINIMUM["accent"])


def brand_files(brand: str, name: str, logo: Path | None, fonts: str = "sans"
                ) -> dict[str, bytes]:
    """The files of a brand folder, by path relative to the project."""
    if logo is not None and logo.suffix.lower() not in (".svg", ".png"):
        raise BrochureError(f"{logo.name}: a logo must be SVG or PNG; export it from the design "
                            "tool as .svg (best) or .png")
    if logo is not None and not logo.is_file():
        raise BrochureError(f"{logo}: no such file")
    primary, accent = palette(logo)
    heading, body = FONTS[fonts]
    logo_name = f"logo{logo.suffix.lower()}" if logo is not None else "logo.svg"
    text = starter("brand.yaml").format(
        name=quoted(name), logo=logo_name, primary=primary, accent=accent,
        heading=heading, body=body, domain=brand)
    folder = f"styles/brands/{brand}"
    return {f"{folder}/brand.yaml": text.encode(),
            f"{folder}/{logo_name}": logo.read_bytes() if logo else placeholder_logo(primary)}


def new_brand(project: Project, brand: str, name: str | None, logo: Path | None,
              fonts: str = "sans") -> list[str]:
    """``styles/brands/<brand>/``: brand.yaml and its logo."""
    if not ID_RE.match(brand):
        raise BrochureError(f"'{brand}' is not a valid brand id (a-z, 0-9, - and _ only)")
    name = name or brand.replace("-", " ").replace("_", " ").title()
    return Plan(project.root, brand_files(brand, name, logo, fonts)).write()


__all__ = ["brand_files", "logo_colours", "new_brand", "palette", "readable", "slug"]
