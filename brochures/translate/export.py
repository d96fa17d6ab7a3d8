"""``brochures translate export``: the files a translator receives.

Owns: choosing the format (XLIFF 1.2 by default, or PO), naming the files
(``<topic>.<lang>.xlf`` and, when the language lacks template words,
``words.<lang>.xlf``) and writing them.
"""

from __future__ import annotations

from pathlib import Path

from brochures.errors import Report
from brochures.project import Project
from brochures.translate import po, xliff
from brochures.translate.exchange import Exchange, leaflet_exchange, words_exchange
from brochures.units import text_units
from brochures.write import write_atomic

SUFFIX = {"xliff": ".xlf", "po": ".po"}


def encode(exchange: Exchange, fmt: str, where: dict[str, str] | None = None) -> bytes:
    return xliff.write(exchange) if fmt == "xliff" else po.write(exchange, where)


def export(project: Project, topic: str, language: str, fmt: str, out: Path | None,
           stale_only: bool, report: Report) -> list[tuple[Path, int]]:
    """Write the exchange files; returns each path with its number of units."""
    exchange = leaflet_exchange(project, topic, language, report, stale_only)
    if exchange is None:
        return []
    sources = text_units(project, topic, exchange.source_language, Report()) or []
    where = {u.id: f"{u.file}:{u.line}" for u in sources}
    target = out or Path(f"{topic}.{language}{SUFFIX[fmt]}")
    written = [(target, exchange)]
    words = words_exchange(project, exchange.source_language, language, report)
    if words is not None:
        written.append((target.with_name(f"words.{language}{SUFFIX[fmt]}"), words))
    for path, one in written:
        write_atomic(path, encode(one, fmt, where if one is exchange else None))
    return [(path, len(one.entries)) for path, one in written]
