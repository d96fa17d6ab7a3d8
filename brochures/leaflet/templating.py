"""The template side of composing: the Jinja2 environment and the filters it offers.

Owns: the sandboxed, autoescaped environment of a project's templates (strict about
undefined names, project templates first, built-ins second) and the small filters a
template uses to stay safe and typeset right: a text isolated in its own direction, a
CSS string, the folio message as CSS counters, the brand's colours and fonts as CSS
custom properties.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from brochures import caches, i18n
from brochures.inputs import markup
from brochures.inputs.project import sandbox_class, template_loader
from brochures.model import Brand

FALLBACK_FONTS = ["Noto Sans", "DejaVu Sans"]


OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (see :mod:`brochures.caches`), each under a
    key of its name and file and checked against its source's checksum (Jinja's own
    rule): a fresh process need not compile the same template text again."""

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # an unwritable cache costs the saving, nothing else


def _compiled() -> _Compiled | None:
    """The compiled templates' folder: one per Jinja version and set of environment
    options (the code Jinja makes depends on both)."""
    key = caches.key(jinja2.__version__, repr(sorted(OPTIONS.items())))
    where = caches.folder(f"templates-{key[:16]}")
    return _Compiled(str(where)) if where is not None else None


@cache
def environment(template_dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    """The template environment of a project (cached: one per search path)."""
    env = sandbox_class()(
        loader=template_loader(list(template_dirs)),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_compiled(),
        **OPTIONS,
    )
    env.filters["inline"] = markup.inline
    env.filters["isolate"] = isolate
    env.filters["css_string"] = css_string
    env.filters["css_page_of"] = css_page_of
    env.filters["unbroken"] = markup.unbroken
    env.filters["short_address"] = markup.short_address
    env.filters["text_dir"] = lambda text, page: i18n.text_direction(text) or page
    return env


def isolate(text: str, direction: str) -> Markup:
    """``text`` wrapped with its own direction when it differs from the page's.

    A Latin source title in an Arabic leaflet keeps its punctuation in place.
    WeasyPrint honours ``dir`` on inline elements but not ``dir="auto"``.
    """
    own = i18n.text_direction(text)
    escaped = Markup.escape(text)
    if own is None or own == direction:
        return escaped
    return Markup(f'<span dir="{own}">{escaped}</span>')


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string that is safe inside a <style> element."""
    out = []
    for ch in str(text):
        if ch.isalnum() or ch in " .,:;!?-_'()/":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


PAGE_OF = re.compile(r"(\{pages?\})")


def css_page_of(message: str, counter_style: str) -> Markup:
    """The folio message (``"Page {page} of {pages}"``, one per language) as CSS ``content``:
    its words as strings, the placeholders as the page counters."""
    parts = []
    for part in PAGE_OF.split(str(message)):
        if part in ("{page}", "{pages}"):
            parts.append(f"counter({part[1:-1]}, {counter_style})")
        elif part:
            parts.append(css_string(part))
    return Markup(" ".join(parts))


def brand_css(brand: Brand, fonts: list[str], press: bool) -> Markup:
    """CSS custom properties of a brand (values were validated on load)."""
    colors = dict(brand.colors)
    if press:
        for role, cmyk in brand.cmyk.items():
            c, m, y, k = (f"{v / 100:.4g}" for v in cmyk)
            colors[role] = f"device-cmyk({c} {m} {y} {k})"
        # The press prints on paper: no tint covers the page, and text is black ink only
        # (brochures.leaflet.press_colour sets any other text under 14 pt in black as well).
        colors["background"] = "device-cmyk(0 0 0 0)"
        colors["text"] = "device-cmyk(0 0 0 1)"
    lines = [f"  --{role}: {value};" for role, value in colors.items()]
    heading = [brand.fonts["heading"], *fonts, *FALLBACK_FONTS]
    body = [brand.fonts["body"], *fonts, *FALLBACK_FONTS]
    lines.append("  --font-heading: " + ", ".join(map(css_string, heading)) + ", sans-serif;")
    lines.append("  --font-body: " + ", ".join(map(css_string, body)) + ", sans-serif;")
    return Markup(":root {\n" + "\n".join(lines) + "\n}")
