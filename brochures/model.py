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
from typing import Any, Protocol

from brochures.errors import Location, Problem


class Document(Protocol):
    """What the domain needs of the file an object was read from: its data and where each
    value stands (brochures.inputs.yamlio.Document is one; this floor never imports it)."""

    data: Any
    lines: list[str]

    def at(self, *keys: str | int) -> Location: ...

    def key_at(self, *keys: str | int) -> Location: ...


@dataclass
class Item:
    """One entry of a section's list: plain text, or a titled step."""

    text: str
    title: str | None = None
    location: Location | None = None
    # For a use or benefit: how good the evidence is (strong, moderate, limited,
    # none) and the id of the topic source that says so.
    evidence: str | None = None
    source: str | None = None


# Sections a layout marked for summaries still prints in full: what can go wrong, who
# should not have it, when to get help at once and the questions to ask are never
# summarised.
FULL_TEXT = ("risks", "not_suitable_for", "urgent", "questions")
# Sections every layout must print where a leaflet has them: a layout that leaves one out
# (or cannot fit it) does not build.
ALWAYS_PRINTED = ("urgent", "questions")


@dataclass
class Section:
    """One section of a leaflet, e.g. ``risks``."""

    id: str
    heading: str | None = None
    body: str = ""
    items: list[Item] = field(default_factory=list)
    location: Location | None = None
    # An illustration: {file, alt, caption}; the file is in content/<topic>/images/.
    image: dict[str, str] | None = None
    # A shorter text printed instead of body and items where the layout prints summaries.
    summary: str = ""

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs at blank lines."""
        return _paragraphs(self.body)

    @property
    def summary_paragraphs(self) -> list[str]:
        """The summary split into paragraphs at blank lines."""
        return _paragraphs(self.summary)


def _paragraphs(text: str) -> list[str]:
    parts = [" ".join(p.split()) for p in text.split("\n\n")]
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
    # An optional cover picture: {file, alt}; the file is in content/<topic>/images/.
    cover_image: dict[str, str] | None = None
    # The file as loaded, with the line and column of every value: checks read positions
    # from it instead of parsing the file again.
    document: Document | None = None


@dataclass
class Source:
    """One reference of the topic; ``url`` is empty when no link was verified."""

    title: str
    url: str = ""
    id: str | None = None


def in_language(value: str | dict[str, str], language: str,
                source_language: str) -> tuple[str | None, str]:
    """A text given once or per language, as a leaflet in ``language`` prints it, and the
    language of what is printed (None for one text for every language).

    A language without its own text gets the source language's, else the first given.
    """
    if isinstance(value, str):
        return None, value
    for code in (language, source_language, *value):
        if value.get(code):
            return code, value[code]
    return None, ""


@dataclass
class Topic:
    """``content/<topic>/topic.yaml`` and the leaflets beside it."""

    id: str
    path: Path
    source_language: str
    reviewed: date
    next_review: date
    owner: str | dict[str, str]  # one text, or one per language
    sources: list[Source]
    drafts: list[str] = field(default_factory=list)
    leaflets: dict[str, Leaflet] = field(default_factory=dict)
    # topic.yaml as loaded, with the line of every value.
    document: Document | None = None

    def owner_in(self, language: str) -> str:
        """Who is responsible for the content, as a leaflet in ``language`` prints it."""
        return in_language(self.owner, language, self.source_language)[1]


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
    # A demonstration brand: its details are examples (the leaflet says "sample").
    sample: bool
    footer: str | dict[str, str] = ""
    cmyk: dict[str, list[float]] = field(default_factory=dict)
    theme_css: Path | None = None
    # Whether the logo already shows the clinic's name (else the name is printed beside it).
    logo_has_name: bool = False
    # Whether the brand's leaflets may hyphenate (off by default: clear-print guidance).
    hyphenate: bool = False
    # The emergency number of the clinic's country (999, 112, 15...): it belongs to
    # the brand, not to the leaflet's language.
    emergency: str = ""
    # The number to call when the clinic is closed (one, or one per language).
    out_of_hours: str | dict[str, str] = ""
    # Per language (or one text): what the treatment costs a patient (whether it is
    # reimbursed, that a written quote comes first), how to complain, and how to check the
    # doctor's registration (GMC, Ordre des médecins...).
    cost: str | dict[str, str] = ""
    complaints: str | dict[str, str] = ""
    registration: str | dict[str, str] = ""
    # brand.yaml as loaded, with the line of every value.
    document: Document | None = None

    def footer_in(self, language: str, source_language: str) -> str:
        """The footer a leaflet in ``language`` prints."""
        return in_language(self.footer, language, source_language)[1]

    def text_in(self, key: str, language: str, source_language: str) -> str:
        """A brand text given once or per language (``cost``, ``complaints``,
        ``registration``, ``out_of_hours``), as a leaflet in ``language`` prints it."""
        return in_language(getattr(self, key), language, source_language)[1]


@dataclass
class Layout:
    """``templates/layouts/<layout>.yaml``: how a leaflet is put on paper."""

    id: str
    path: Path
    description: str
    template: str
    stylesheet: str
    sections: list[str]
    # The rest as brochures/inputs/schemas/layout.json describes them (defaults there, not here).
    pages: int | None
    body_pt: float
    min_body_pt: float
    press: bool
    tagged: bool
    pdf_variant: str | None
    imposition: str | None
    paper: dict[str, dict]
    margins: dict[str, float]
    closing_pages: int
    # Hyphenation for this layout: None follows the brand, False never (large print).
    hyphenate: bool | None
    # Whether links print their address after their text (paper cannot be clicked).
    link_addresses: bool
    # Whether a "Questions to ask" box fills leftover space (dropped where it does not fit).
    questions_box: bool
    # The page counts a leaflet may take, smallest first (empty: exactly ``pages``); the fit
    # guard takes the smallest the content fills, ``pages`` being the largest.
    page_counts: list[int] = field(default_factory=list)
    # Whether a section's ``summary`` is printed instead of its full text (the trifold).
    summaries: bool = False
    # Whether ruled notes fill the room under the text on its last page (else only on pages
    # the text leaves empty).
    notes_under_text: bool = True
    # What a leaflet of this layout is: "pdf", or "html" (a web page, brochures.batch.webpage).
    output: str = "pdf"
    # The layout file as loaded, with the line of every value.
    document: Document | None = None
    # Every stylesheet the layout uses, those they import included (as the load checked).
    stylesheets: list[Path] = field(default_factory=list)


@dataclass
class Words:
    """``templates/words/<lang>.yaml``: headings and template words of a language."""

    language: str
    path: Path
    language_name: str
    headings: dict[str, str]
    words: dict[str, str]
    # As brochures/inputs/schemas/words.json describes them (defaults there, not here).
    fonts: list[str]
    locale: str | None
    hyphenate: bool
    # Body size factor for the script (Noto Naskh Arabic reads a size smaller: ~1.12).
    size_factor: float
    # Digits for page numbers and dates: "latin" or "arabic-indic".
    digits: str
    # The loaded file with its line map.
    document: Document | None = None


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
    # What its layout makes (the layout file's ``output``): the suffix of its file.
    output_format: str = "pdf"

    @property
    def name(self) -> str:
        suffix = "-press" if self.press else ""
        paper = "" if self.paper == "a4" else f"-{self.paper}"
        return f"{self.topic}-{self.language}-{self.layout}{paper}{suffix}"

    def output(self, out_dir: Path) -> Path:
        """``<out>/<brand>/<topic>/<topic>-<lang>-<layout>[-press].pdf`` (``.html`` for a
        layout whose output is a web page)."""
        return out_dir / self.brand / self.topic / f"{self.name}.{self.output_format}"


BUILT, UNCHANGED, FAILED = "built", "unchanged", "failed"


@dataclass
class Outcome:
    """What became of one job: built, unchanged or failed, and every problem found."""

    job: Job
    status: str
    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    resources: list[Path] = field(default_factory=list)  # files WeasyPrint fetched
    fonts: list[str] = field(default_factory=list)  # font families embedded in the PDF
    peak_kb: int = 0  # peak memory of the process that rendered it
    remembered: bool = False  # its incremental record is written (by the worker)
    hint: dict = field(default_factory=dict)  # how it was fitted (notes), for the next build
