"""What brochures keeps between runs, outside any project.

Owns: the user's cache folder (``$XDG_CACHE_HOME/brochures``, else
``~/.cache/brochures``; ``BROCHURES_CACHE=off`` turns it off) and what is kept in it.
Only what a fresh process would otherwise work out again from the same bytes is kept:
the code Jinja compiles from a template's text (:mod:`brochures.leaflet.templating`),
the digests of input files found to meet their schema (:mod:`brochures.inputs.validate`),
a web page's fonts cut down to its characters (:mod:`brochures.batch.webpage`) and the
fitting a composed text ended with, a guess the fit guard checks (:mod:`brochures.batch.job`).
Nothing kept here decides whether a leaflet is printed: every verdict is made afresh.
A folder that cannot be written costs the saving, nothing else.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def folder(name: str) -> Path | None:
    """The cache folder ``name`` (not made yet), or ``None`` when caching is off."""
    if os.environ.get("BROCHURES_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brochures" / name


def key(*parts: str | Path) -> str | None:
    """A key for what is made from ``parts``: texts, and files by their bytes (``None`` if
    one of the files cannot be read)."""
    digest = hashlib.sha256()
    for part in parts:
        try:
            data = part.read_bytes() if isinstance(part, Path) else part.encode()
        except OSError:
            return None
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def load(name: str, key: str) -> bytes | None:
    """What an earlier run kept under ``key`` in the cache folder ``name``, if anything."""
    where = folder(name)
    try:
        return (where / key).read_bytes() if where is not None else None
    except OSError:
        return None


def keep(name: str, key: str, data: bytes) -> None:
    """Keep ``data`` under ``key`` in the cache folder ``name``, whole or not at all
    (silently not, if it cannot be written)."""
    where = folder(name)
    if where is None:
        return
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=where, prefix=".part-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temp, where / key)
    except OSError:
        Path(temp).unlink(missing_ok=True)


def marked(name: str, key: str) -> bool:
    """Whether ``key`` was marked in the cache folder ``name`` by an earlier run."""
    return load(name, key) is not None


def mark(name: str, key: str) -> None:
    """Mark ``key`` in the cache folder ``name`` (silently not, if it cannot be written)."""
    keep(name, key, b"")
