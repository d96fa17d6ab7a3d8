"""What a process works out once and reuses for every leaflet it makes.

Owns: the per-process memory of results that depend only on the text they were
made from — the templates a template refers to, a QR code's drawing. Every entry
is keyed by that text itself (or its digest), never by a file's path or name, so
an edited file is worked out afresh and nothing stale is ever served. WeasyPrint's
font configuration and parsed stylesheets are kept in :mod:`brochures.render`,
font coverage in :mod:`brochures.fonts`.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup


@lru_cache(maxsize=256)
def referenced_templates(env, source: str) -> tuple[str, ...]:
    """The names a template's ``source`` extends, includes or imports (parsing it once)."""
    from jinja2 import meta

    return tuple(name for name in meta.find_referenced_templates(env.parse(source)) if name)


@lru_cache(maxsize=64)
def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` (the brand's booking address: the same for every leaflet)."""
    from brochures import qr

    return qr.svg(url)
