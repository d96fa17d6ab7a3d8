"""QR codes for the back of printed leaflets.

Owns: turning the brand's booking address (or website) into a vector QR code,
as inline SVG the templates place next to the printed address. The modules
are drawn in ``currentColor`` so that the press edition prints them in the
brand's CMYK text colour, never in RGB.
"""

from __future__ import annotations

import segno
from markupsafe import Markup

from brochures.model import Brand


def target(brand: Brand) -> str | None:
    """The address a leaflet's QR code opens: booking page first, else the website."""
    return brand.contact.get("booking_url") or brand.contact.get("website") or None


def svg(url: str, label: str = "") -> Markup:
    """An inline SVG QR code for ``url``, one path of horizontal runs, 4-module quiet zone."""
    matrix = [list(row) for row in segno.make(url, error="m", boost_error=False).matrix]
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    title = Markup.escape(label or url)
    return Markup(
        f'<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="-4 -4 {size + 8} {size + 8}" aria-label="{title}">'
        f'<path fill="currentColor" d="{"".join(runs)}"/></svg>'
    )


def with_title(drawing: Markup, text: str) -> Markup:
    """The QR drawing with ``text`` as its ``<title>``: the alternative text a tagged PDF
    gives the figure (WeasyPrint reads an inline SVG's title, not its aria-label)."""
    head, sep, rest = str(drawing).partition(">")
    return Markup(f"{head}{sep}<title>{Markup.escape(text)}</title>{rest}")
