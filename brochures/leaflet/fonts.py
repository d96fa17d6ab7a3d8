"""Fonts: which installed fonts a leaflet uses, and whether they cover its text.

Owns: resolving font families to font files through fontconfig and checking
that every character of a leaflet can be drawn by one of the families it is
set in (the brand's fonts, the language's fonts, the fallbacks). A character
no configured font can show is an error naming the language, the file, the
line and the character — never a blank box in the PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from brochures.errors import Report
from brochures.model import Leaflet

# Characters that are not drawn: spaces, joiners, direction marks, soft hyphens.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def _key(family: str) -> str:
    # fontconfig compares family names ignoring case and blanks.
    return "".join(family.split()).lower()


@cache
def _installed() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every installed face as ``(file, charset)`` by family, from one ``fc-list`` call.

    fontconfig keeps each font's character set in its own cache (rebuilt when a font
    folder changes), so asking it is far cheaper than opening every font file.
    """
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(
        ["fc-list", "--format", "%{family}\\t%{file}\\t%{charset}\\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    faces: dict[str, list[tuple[str, str]]] = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        names, file, charset = parts
        for name in names.replace("\\,", "\0").split(","):
            faces.setdefault(_key(name.replace("\0", ",")), []).append((file, charset))
    return {family: tuple(found) for family, found in faces.items()}


def font_files(family: str) -> tuple[Path, ...]:
    """The files fontconfig has for exactly ``family`` (empty when it has none)."""
    return tuple(sorted({Path(file) for file, _ in _installed().get(_key(family), ())}))


@cache
def _charset(text: str) -> frozenset[int]:
    """The code points of a fontconfig charset (``20-7e a0 ...``, hexadecimal)."""
    codes: set[int] = set()
    for part in text.split():
        first, _, last = part.partition("-")
        codes.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(codes)


def _identity(path: str) -> tuple[str, int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, stat.st_size, stat.st_mtime_ns)


@cache
def _coverage(families: tuple[str, ...], files: tuple) -> frozenset[int]:
    codes: set[int] = set()
    for family in families:
        for _, charset in _installed().get(_key(family), ()):
            codes |= _charset(charset)
    return frozenset(codes)


def coverage(families: tuple[str, ...]) -> frozenset[int]:
    """Every code point at least one of ``families`` can draw.

    Kept per process for the leaflets that follow, keyed by the identity (path, size,
    modification time) of the font files, never by family names alone.
    """
    files = tuple(_identity(file) for family in families
                  for file, _ in _installed().get(_key(family), ()))
    return _coverage(tuple(families), files)


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
