"""Fonts: which installed fonts a leaflet uses, and whether they cover its text.

Owns: resolving font families to font files through fontconfig and checking
that every character of a leaflet can be drawn by one of the families it is
set in (the brand's fonts, the language's fonts, the fallbacks). A character
no configured font can show is an error naming the language, the file, the
line and the character — never a blank box in the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from brochures.errors import Report
from brochures.model import Leaflet

# Characters that are not drawn: spaces, joiners, direction marks, soft hyphens.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}


@cache
def font_files(family: str) -> tuple[Path, ...]:
    """The files fontconfig has for exactly ``family`` (empty when it has none)."""
    if not shutil.which("fc-list"):
        return ()
    out = subprocess.run(
        ["fc-list", f"{family}", "file"], capture_output=True, text=True, check=False
    ).stdout
    return tuple(sorted(Path(line.split(":")[0]) for line in out.splitlines() if line.strip()))


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() == ".ttc":
            fonts = TTCollection(str(path), lazy=True).fonts
        else:
            fonts = [TTFont(str(path), lazy=True)]
        codes: set[int] = set()
        for font in fonts:
            codes.update(font.getBestCmap() or {})
        return frozenset(codes)
    except Exception:  # an unreadable font file covers nothing
        return frozenset()


@cache
def coverage(families: tuple[str, ...]) -> frozenset[int]:
    """Every code point at least one of ``families`` can draw (regular faces suffice)."""
    codes: set[int] = set()
    for family in families:
        for path in font_files(family):
            codes |= _cmap(path)
    return frozenset(codes)


def _texts(leaflet: Leaflet):
    """``(text, location)`` for every printed string of a leaflet."""
    yield leaflet.title, leaflet.location
    yield leaflet.subtitle, leaflet.location
    yield leaflet.intro, leaflet.location
    for section in leaflet.sections.values():
        yield section.heading or "", section.location
        yield section.body, section.location
        for item in section.items:
            yield item.title or "", item.location
            yield item.text, item.location


def check_coverage(leaflet: Leaflet, families: list[str], report: Report) -> None:
    """Report each character of ``leaflet`` that none of ``families`` can draw."""
    covered = coverage(tuple(families))
    if not covered:
        return  # fontconfig is missing: the install step already said so
    seen: set[str] = set()
    for text, where in _texts(leaflet):
        for ch in text:
            if ch in seen or ord(ch) in covered or unicodedata.category(ch) in _INVISIBLE:
                continue
            seen.add(ch)
            name = unicodedata.name(ch, "unnamed character")
            report.error(
                "uncovered-character",
                f"{leaflet.language}: character {ch!r} (U+{ord(ch):04X} {name}) cannot be shown "
                f"by any configured font ({', '.join(families)})",
                where,
            )
