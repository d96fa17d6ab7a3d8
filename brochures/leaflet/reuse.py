"""What a process works out once and reuses for every leaflet it makes.

Owns: the per-process memory of results that depend only on the text they were
made from — the templates a template refers to, a QR code's drawing. Every entry
is keyed by that text itself (or its digest), never by a file's path or name, so
an edited file is worked out afresh and nothing stale is ever served. WeasyPrint's
font configuration and parsed stylesheets are kept in :mod:`brochures.leaflet.render`,
font coverage in :mod:`brochures.leaflet.fonts`.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from brochures.leaflet import qr

_REFERENCES: dict = {}  # (lexer, extensions, source) -> names; the oldest entry goes first


def referenced_templates(env, source: str) -> tuple[str, ...]:
    """The names a template's ``source`` extends, includes or imports (parsing it once)."""
    return tuple(name for name in template_references(env, source) if name)


def template_references(env, source: str) -> tuple[str | None, ...]:
    """What a template's ``source`` extends, includes or imports, ``None`` for each name it
    computes (``{% include x ~ ".html" %}``), as Jinja finds them; parsed once per source."""
    # Keyed by what parsing depends on (the lexer, which Jinja shares between environments
    # of the same syntax, and the extensions), not by the environment: a project copied
    # elsewhere, or loaded again, has an environment of its own but parses the same alike.
    key = (env.lexer, tuple(env.extensions), source)
    found = _REFERENCES.get(key)
    if found is None:
        # lazy: start-up time: jinja2 loads only when this runs
        from jinja2 import meta

        found = tuple(meta.find_referenced_templates(env.parse(source)))
        _REFERENCES[key] = found
        if len(_REFERENCES) > 256:
            del _REFERENCES[next(iter(_REFERENCES))]
    return found


@lru_cache(maxsize=64)
def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` (the brand's booking address: the same for every leaflet)."""

    return qr.svg(url)
