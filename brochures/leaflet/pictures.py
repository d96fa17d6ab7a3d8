"""A checked picture as the leaflet embeds it.

Owns: turning a picture's bytes (already checked by :mod:`brochures.inputs.assets`) into the
``data:`` URL a template places: no more pixels than 300 dpi at the largest printed
size, a photo kept a JPEG, and CMYK on the press edition's profile.
"""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

from PIL import Image

from brochures.leaflet.press_images import cmyk_data_url

PRINT_DPI = 300


_EMBEDDED: dict[tuple, str] = {}  # by the picture's digest and size: an edit is seen


def embed(data: bytes, suffix: str, max_width_mm: float, max_height_mm: float,
          cmyk: Path | None = None) -> str:
    """A picture's bytes as a ``data:`` URL; a PNG no larger than 300 dpi at the given
    printed size.

    The templates print a picture at most this large in every layout; more
    pixels only make the PDF heavier (a 4000 px logo made each PDF ~1.9 MB).
    ``cmyk``: the press edition's output profile; a raster picture is then CMYK,
    converted from its own colour profile (``brochures.leaflet.press_images``).
    """
    own = (cmyk, cmyk.stat().st_mtime_ns) if cmyk is not None else None
    key = (hashlib.sha256(data).digest(), suffix, max_width_mm, max_height_mm, own)
    if key not in _EMBEDDED:
        _EMBEDDED[key] = _embedded(data, suffix, max_width_mm, max_height_mm, cmyk)
        if len(_EMBEDDED) > 64:
            del _EMBEDDED[next(iter(_EMBEDDED))]
    return _EMBEDDED[key]


def _embedded(data: bytes, suffix: str, max_width_mm: float, max_height_mm: float,
              cmyk: Path | None) -> str:
    if suffix == ".svg":
        return "data:image/svg+xml;base64," + base64.b64encode(data).decode()
    px_per_mm = PRINT_DPI / 25.4
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        limit = (round(max_width_mm * px_per_mm), round(max_height_mm * px_per_mm))
        scale = min(limit[0] / image.width, limit[1] / image.height, 1.0)
        photo = image.format == "JPEG"
        if scale < 1.0:
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            mode = ("CMYK" if image.mode == "CMYK" else "RGB") if photo else "RGBA"
            image = image.convert(mode).resize(size, Image.Resampling.LANCZOS)
        if cmyk is not None:  # the press edition: CMYK from the picture's own profile
            return cmyk_data_url(image, cmyk)
        out = io.BytesIO()
        if photo:  # a photo stays a JPEG: as a PNG it would be many times larger
            image.convert("RGB").save(out, format="JPEG", quality=90)
            return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
        image.save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
