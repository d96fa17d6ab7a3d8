"""Rendering composed HTML to PDF bytes with WeasyPrint.

Owns: every call into WeasyPrint. It sets the PDF's metadata and variant,
keeps the output reproducible (dates come from the content, and the random
document id WeasyPrint writes into PDF/X metadata is derived from the inputs
instead), and turns every WeasyPrint warning into a finding: a missing font,
an ignored CSS rule or an unloaded image is a bug, not noise.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path

# Before WeasyPrint itself: its C libraries are found without a compiler run.
import brochures.leaflet.libraries  # noqa: F401

# isort: split
import weasyprint
import weasyprint.pdf.metadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from brochures.leaflet.fetcher import ProjectFetcher


class RenderError(Exception):
    """WeasyPrint could not produce the PDF (a refused resource, a broken stylesheet)."""


@dataclass
class Rendered:
    """A rendered leaflet: the laid-out document, and the log lines WeasyPrint wrote."""

    document: weasyprint.Document
    warnings: list[str] = field(default_factory=list)
    resources: set[Path] = field(default_factory=set)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage().splitlines()[0][:300])


@contextlib.contextmanager
def _collect_warnings():
    handler = _Collect()
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("fontTools")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    """One font configuration per process, reused by every leaflet it renders."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class _Sheet:
    """A parsed stylesheet as a render uses it: the cached selector matcher, and the
    render's own lists of page rules and layers (WeasyPrint shares those between the
    sheets of one document)."""

    __slots__ = ("base_url", "layers", "matcher", "page_rules")

    def __init__(self, base_url, matcher, page_rules: list, layers: list) -> None:
        self.base_url, self.matcher = base_url, matcher
        self.page_rules, self.layers = page_rules, layers


@dataclass
class _Parsed:
    """What parsing one linked stylesheet (and what it imports) gave, to replay it."""

    files: tuple[tuple[str, str], ...]  # (url, digest of its bytes) of every file it read
    base_url: str
    matcher: object
    page_rules: list
    layers: list
    counter_style: dict
    color_profiles: dict
    warnings: list[logging.LogRecord]
    pending: list  # var() values whose "reported once" flag must be reset on reuse


def _digest(fetcher: ProjectFetcher, url: str) -> str:
    """The digest of what ``fetcher`` serves for ``url`` (it may refuse, as for a render)."""
    response = fetcher.fetch(url)
    try:
        data = response.read()
    finally:
        response.close()
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()


def _pending(*roots) -> list:
    """Every not-yet-validated ``var()`` value reachable from ``roots``."""
    # lazy: start-up time: weasyprint loads only when this runs
    from weasyprint.css.tokens import Pending

    found, stack, seen = [], list(roots), set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Pending):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


class SheetCache:
    """Linked stylesheets parsed once per process and reused by every leaflet.

    An entry is keyed by the stylesheet's URL and checked, at every use, against the
    digest of the bytes of every file its parse read (the sheet and each ``@import``),
    fetched again through the leaflet's own fetcher — so an edited stylesheet is
    parsed afresh, never served stale, and every file still counts as used by the
    leaflet. Warnings the parse gave are given again to each leaflet that uses it.
    Inline ``<style>`` (brand colours, page sizes) is parsed per leaflet as before.
    """

    def __init__(self) -> None:
        self.entries: dict[tuple, _Parsed] = {}
        self.parsed = 0  # parses done (for tests): a reuse does not count

    def css(self, original, *args, **kwargs):
        """Stands in for ``weasyprint.CSS`` while WeasyPrint finds a document's sheets."""
        url, fetcher = kwargs.get("url"), kwargs.get("url_fetcher")
        # An @import (it fills its importer's matcher) is part of its importer's entry.
        if args or url is None or not isinstance(fetcher, ProjectFetcher) or \
                kwargs.get("matcher") is not None or kwargs.get("layer") is not None or \
                kwargs.get("page_rules") is None or kwargs.get("layers") is None:
            return original(*args, **kwargs)
        key = (url, kwargs.get("media_type"), id(kwargs.get("font_config")))
        entry = self.entries.get(key)
        if entry is None or any(_digest(fetcher, u) != d for u, d in entry.files):
            entry = self.entries[key] = self._parse(original, fetcher, kwargs)
        else:  # the parse warned this leaflet's collector itself; a reuse says it again
            for record in entry.warnings:
                logging.getLogger(record.name).handle(record)
        for value in entry.pending:
            value._reported_error = False
        page_rules, layers = kwargs["page_rules"], kwargs["layers"]
        page_rules.extend(entry.page_rules)
        layers.extend(layer for layer in entry.layers if layer not in layers)
        kwargs["counter_style"].update(entry.counter_style)
        if kwargs.get("color_profiles") is not None:
            kwargs["color_profiles"].update(entry.color_profiles)
        return _Sheet(entry.base_url, entry.matcher, page_rules, layers)

    def _parse(self, original, fetcher: ProjectFetcher, kwargs: dict) -> _Parsed:
        read: list[str] = []
        fetch = fetcher.fetch

        def recording(url, headers=None):
            response = fetch(url, headers)
            read.append(url)
            return response

        own = {"page_rules": [], "layers": [], "counter_style": {}, "color_profiles": {}}
        records: list[logging.LogRecord] = []
        keeper = _Keep(records)
        logger = logging.getLogger("weasyprint")
        logger.addHandler(keeper)
        fetcher.fetch = recording
        try:
            sheet = original(**{**kwargs, **own})
        finally:
            del fetcher.fetch
            logger.removeHandler(keeper)
        self.parsed += 1
        files = tuple((u, _digest(fetcher, u)) for u in dict.fromkeys(read))
        return _Parsed(files, sheet.base_url, sheet.matcher, own["page_rules"], own["layers"],
                       own["counter_style"], own["color_profiles"], records,
                       _pending(vars(sheet.matcher), own["page_rules"]))


class _Keep(logging.Handler):
    def __init__(self, records: list) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


SHEETS = SheetCache()


@contextlib.contextmanager
def _shared_sheets():
    """Let WeasyPrint's search for a document's stylesheets go through :data:`SHEETS`."""
    # lazy: start-up time: weasyprint loads only when this runs
    import weasyprint.css as css_module

    original = css_module.CSS
    css_module.CSS = lambda *args, **kwargs: SHEETS.css(original, *args, **kwargs)
    try:
        yield
    finally:
        css_module.CSS = original


def layout_html(html: str, base_url: str, roots: list[Path]) -> Rendered:
    """Lay out ``html`` into pages (no PDF yet), reading only files inside ``roots``."""
    fetcher = ProjectFetcher(roots)
    with _collect_warnings() as lines, _shared_sheets():
        try:
            document = weasyprint.HTML(
                string=html, base_url=base_url, url_fetcher=fetcher
            ).render(font_config=font_config())
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise RenderError(str(cause)) from None
    return Rendered(document, list(lines), set(fetcher.used))


def write_pdf(rendered: Rendered, *, tagged: bool, variant: str | None, seed: str,
              compress: bool = True) -> bytes:
    """The PDF bytes of a laid-out document; ``seed`` makes its ids reproducible.

    ``compress=False`` when the caller saves the PDF again compressed (the press edition):
    WeasyPrint compresses at zlib's level 9, which takes 0.7 s for a press profile alone."""
    options = {"pdf_tags": tagged, "pdf_variant": variant, "pdf_identifier": seed.encode()[:32],
               "uncompressed_pdf": not compress}
    with _collect_warnings() as lines, _stable_document_id(seed):
        try:
            pdf = rendered.document.write_pdf(**options)
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc.__cause__ or exc)) from None
    rendered.warnings.extend(lines)
    return pdf


@contextlib.contextmanager
def _stable_document_id(seed: str):
    """Make WeasyPrint's PDF/X ``xmpMM:DocumentID`` derive from ``seed``, not chance.

    WeasyPrint 70 calls ``uuid4()`` there; same inputs must give the same bytes.
    """
    module = weasyprint.pdf.metadata
    original = module.uuid4
    module.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, f"brochures:{seed}")
    try:
        yield
    finally:
        module.uuid4 = original
