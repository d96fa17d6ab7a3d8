"""Raster pictures from outside the project: PNG logos and JPEG photos.

Owns: deciding whether a picture file's bytes are what its name says (a PNG
named ``.png``, a JPEG named ``.jpg`` or ``.jpeg``), small enough, and whole
(a truncated file is refused, not half drawn); the suffixes a picture may
have; and the message that tells a person what to do about a bad one. Works
on bytes only: the callers (brochures.inputs.assets, brochures.authoring.brandkit) read files.
"""

from __future__ import annotations

import io

MAX_PIXELS = 40_000_000  # a 300 dpi picture never needs more; more is a memory bomb
RASTER_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
PICTURE_SUFFIXES = (".svg", *RASTER_SUFFIXES)
_SUFFIX_OF = {"PNG": ".png", "JPEG": ".jpg", "SVG": ".svg", "GIF": ".gif", "WEBP": ".webp",
              "HEIC": ".heic", "TIFF": ".tif", "PDF": ".pdf"}


def sniff(data: bytes) -> str | None:
    """What a file's first bytes say it is (PNG, JPEG, SVG, GIF, WEBP, HEIC, TIFF, PDF)."""
    head = data[:4096]
    signatures = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
                  (b"%PDF", "PDF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
    for signature, kind in signatures:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC"
    if b"<svg" in head.lower():
        return "SVG"
    return None


def mismatch(data: bytes, suffix: str, what: str) -> str | None:
    """Why bytes are not the picture their name's ``suffix`` says, or None when they are."""
    expected = "SVG" if suffix.lower() == ".svg" else RASTER_SUFFIXES.get(suffix.lower())
    found = sniff(data)
    if expected is None:
        return f"the {what} must be a .svg, .png or .jpg file, not {suffix or 'a file'} " \
               "without one of those names"
    if found == expected or (expected == "SVG" and found is None):
        return None  # an SVG's own checks say what is wrong with it
    if found is None:
        return f"the {what} file is named {suffix} but is not an image at all"
    if found in ("SVG", "PNG", "JPEG"):
        return f"the {what} file is named {suffix} but holds a {found} image: rename it to " \
               f"end in {_SUFFIX_OF[found]}"
    return f"the {what} file is named {suffix} but holds a {found} image: export it again " \
           "as .png or .jpg"


def raster_problem(data: bytes, suffix: str, what: str = "logo") -> str | None:
    """What is wrong with a PNG or JPEG file's bytes, or None when it is a whole picture
    of at most :data:`MAX_PIXELS` whose kind matches its name."""
    wrong = mismatch(data, suffix, what)
    if wrong:
        return wrong
    # lazy: start-up time: PIL loads only when this runs
    from PIL import Image, ImageFile

    kind = RASTER_SUFFIXES[suffix.lower()]
    # WeasyPrint, once imported, lets Pillow fill a truncated file with grey
    # (ImageFile.LOAD_TRUNCATED_IMAGES): a file cut short must fail here all the same.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return (f"the {kind} {what} is {width} × {height} pixels; the limit is "
                        f"{MAX_PIXELS:,} pixels")
            image.load()  # decodes every byte: a truncated file fails here
    except Exception:  # Pillow raises many kinds for damaged files
        return (f"the {what} file is not a readable {kind} image (damaged or cut short); "
                "export it again")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


def image_colours(data: bytes):
    """The picture's pixels as an RGBA Pillow image no larger than 96 × 96."""
    # lazy: start-up time: PIL loads only when this runs
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGBA")
        image.thumbnail((96, 96))
        return image
