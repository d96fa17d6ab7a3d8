"""The domain: what a project holds once its files are loaded and checked.

Owns: the typed objects every later stage works with — a topic and its
leaflets (one per language), sections and items, a brand, a layout, the words
of a language, and a job (one PDF to make). They carry the locations of the
YAML they came from, so that any later finding can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from brochures.errors import Location


@dataclass
class Item:
    """One entry of a section's list: plain text, or a titled step."""

    text: str
    title: str | None = None
    location: Location | None = None


@dataclass
class Section:
    """One section of a leaflet, e.g. ``risks``."""

    id: str
    heading: str | None = None
    body: str = ""
    items: list[Item] = field(default_factory=list)
    location: Location | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs at blank lines."""
        parts = [" ".join(p.split()) for p in self.body.split("\n\n")]
        return [p for p in parts if p]


@dataclass
class Leaflet:
    """A topic's text in one language: ``content/<topic>/<lang>.yaml``."""

    topic: str
    language: str
    path: Path
    title: str
    subtitle: str
    intro: str
    sections: dict[str, Section]
    location: Location
    # listed under ``drafts:`` in topic.yaml: not yet fit to print as final
    draft: bool = False


@dataclass
class Source:
    title: str
    url: str


@dataclass
class Topic:
    """``content/<topic>/topic.yaml`` and the leaflets beside it."""

    id: str
    path: Path
    source_language: str
    reviewed: date
    next_review: date
    owner: str
    sources: list[Source]
    drafts: list[str] = field(default_factory=list)
    leaflets: dict[str, Leaflet] = field(default_factory=dict)


@dataclass
class Brand:
    """``styles/brands/<brand>/``: name, logo, colours, fonts, contact details."""

    id: str
    path: Path
    name: str
    logo: Path
    colors: dict[str, str]
    fonts: dict[str, str]
    contact: dict[str, str]
    footer: str | dict[str, str] = ""
    cmyk: dict[str, list[float]] = field(default_factory=dict)
    theme_css: Path | None = None


@dataclass
class Layout:
    """``templates/layouts/<layout>.yaml``: how a leaflet is put on paper."""

    id: str
    path: Path
    description: str
    template: str
    stylesheet: str
    sections: list[str]
    pages: int | None = None
    body_pt: float = 11
    min_body_pt: float = 11
    press: bool = False
    tagged: bool = True
    pdf_variant: str | None = None
    # How laid-out pages reach paper: None (as they are), "trifold" or "booklet".
    imposition: str | None = None
    # Per paper (a4, letter): the sheet, and the panel widths or page size on it (mm).
    paper: dict[str, dict] = field(default_factory=dict)
    # Page margins (mm): top, bottom, edge and fold (for imposed layouts).
    margins: dict[str, float] = field(default_factory=dict)
    # Pages at the end that hold the back panel, not the flowing sections.
    closing_pages: int = 0


@dataclass
class Words:
    """``templates/words/<lang>.yaml``: headings and template words of a language."""

    language: str
    path: Path
    language_name: str
    headings: dict[str, str]
    words: dict[str, str]
    fonts: list[str] = field(default_factory=list)
    locale: str | None = None
    hyphenate: bool = True


@dataclass(frozen=True)
class Job:
    """One PDF to make: a topic in a language, laid out, branded, in an edition."""

    topic: str
    language: str
    layout: str
    brand: str
    press: bool = False
    paper: str = "a4"
    fit: str = "fail"

    @property
    def name(self) -> str:
        suffix = "-press" if self.press else ""
        paper = "" if self.paper == "a4" else f"-{self.paper}"
        return f"{self.topic}-{self.language}-{self.layout}{paper}{suffix}"

    def output(self, out_dir: Path) -> Path:
        """``<out>/<brand>/<topic>/<topic>-<lang>-<layout>[-press].pdf``."""
        return out_dir / self.brand / self.topic / f"{self.name}.pdf"
