"""Raster images in the press edition: their own colour profile, and enough pixels.

Owns: converting a picture to CMYK on the printing condition's profile from the
ICC profile it carries (a PNG's iCCP chunk, a JPEG's APP2; sRGB when it carries
none), so that WeasyPrint — which ignores embedded profiles — embeds it as a CMYK
JPEG;
and finding, once the leaflet is laid out, every picture printed at under
300 pixels per inch at its placed size.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow and WeasyPrint are imported where they are used
    from PIL import Image

MIN_PPI = 300
CSS_PX_PER_INCH = 96


def apply(transform, image: Image.Image) -> Image.Image:
    """``transform`` applied to ``image``. Pillow's own ``apply`` also serializes the output
    profile into the image's info, which littlecms cannot do for some valid profiles
    (Ghostscript's ps_cmyk.icc): the pixels are all that is wanted here."""
    # lazy: start-up time: PIL loads only when this runs
    from PIL import Image

    out = Image.new(transform.output_mode, image.size)
    transform.transform.apply(image.getim(), out.getim())
    return out


def to_cmyk(image: Image.Image, profile: Path) -> Image.Image:
    """``image`` in CMYK on ``profile``, converted from the profile it carries (perceptual,
    black point compensation); transparent parts are paper white."""
    # lazy: start-up time: PIL loads only when this runs
    from PIL import Image, ImageCms

    own = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA", "P", "1", "I", "I;16", "F"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode == "L" and not own:
        image = image.convert("RGB")
    source = ImageCms.ImageCmsProfile(io.BytesIO(own)) if own else ImageCms.createProfile("sRGB")
    mode = image.mode if image.mode in ("RGB", "CMYK", "L") else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    try:
        transform = ImageCms.buildTransform(
            source, ImageCms.ImageCmsProfile(str(profile)), mode, "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    except ImageCms.PyCMSError:  # a profile that does not match the pixels: as sRGB
        transform = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(str(profile)),
            "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
        image = image.convert("RGB")
    return apply(transform, image)


def cmyk_data_url(image: Image.Image, profile: Path) -> str:
    """A picture as a ``data:`` URL of a CMYK JPEG on ``profile`` (quality 95, no chroma
    subsampling: WeasyPrint writes any other raster format again as PNG, which has no CMYK)."""

    out = io.BytesIO()
    to_cmyk(image, profile).save(out, format="JPEG", quality=95, subsampling=0)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def low_resolution(document) -> list[tuple[str, float, float, float]]:
    """(picture, pixels per inch, width mm, height mm) of every raster picture of a laid-out
    WeasyPrint ``document`` printed at under :data:`MIN_PPI`, each once (its lowest)."""
    # lazy: start-up time: weasyprint loads only when this runs
    from weasyprint.formatting_structure.boxes import ReplacedBox

    # lazy: start-up time: weasyprint loads only when this runs
    from weasyprint.images import RasterImage

    found: dict[str, tuple[str, float, float, float]] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, ReplacedBox) or not isinstance(box.replacement, RasterImage):
                continue
            width_in = box.width / CSS_PX_PER_INCH
            height_in = box.height / CSS_PX_PER_INCH
            if width_in <= 0 or height_in <= 0:
                continue
            ppi = min(box.replacement.width / width_in, box.replacement.height / height_in)
            name = _name(box.element)
            if ppi < MIN_PPI and (name not in found or ppi < found[name][1]):
                found[name] = (name, ppi, width_in * 25.4, height_in * 25.4)
    return sorted(found.values())


def _name(element) -> str:
    """A picture's file name, as its template marks it (``data-image``), else its alt text."""
    return element.get("data-image") or element.get("alt") or "an image"
