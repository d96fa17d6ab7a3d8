"""Rendering composed HTML to PDF bytes with WeasyPrint.

Owns: every call into WeasyPrint. It sets the PDF's metadata and variant,
keeps the output reproducible (dates come from the content, and the random
document id WeasyPrint writes into PDF/X metadata is derived from the inputs
instead), and turns every WeasyPrint warning into a finding: a missing font,
an ignored CSS rule or an unloaded image is a bug, not noise.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
import weasyprint.pdf.metadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from brochures.fetcher import ProjectFetcher


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


def layout_html(html: str, base_url: str, roots: list[Path]) -> Rendered:
    """Lay out ``html`` into pages (no PDF yet), reading only files inside ``roots``."""
    fetcher = ProjectFetcher(roots)
    with _collect_warnings() as lines:
        try:
            document = weasyprint.HTML(
                string=html, base_url=base_url, url_fetcher=fetcher
            ).render(font_config=font_config())
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise RenderError(str(cause)) from None
    return Rendered(document, list(lines), set(fetcher.used))


def write_pdf(rendered: Rendered, *, tagged: bool, variant: str | None, seed: str) -> bytes:
    """The PDF bytes of a laid-out document; ``seed`` makes its ids reproducible."""
    options = {"pdf_tags": tagged, "pdf_variant": variant, "pdf_identifier": seed.encode()[:32]}
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
