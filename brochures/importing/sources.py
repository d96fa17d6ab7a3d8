"""Reading the sources of an import: files and web addresses.

Owns: turning each SOURCE given on the command line into bytes and a kind (html, docx,
markdown, text), with one clear problem per source that cannot be read. A web address
must be http or https; it is fetched with a time limit and a size limit, and only a
successful answer is used. Nothing here is ever fetched while building a leaflet.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from brochures.errors import Location, Report

MAX_BYTES = 5_000_000
TIMEOUT_SECONDS = 20.0
KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
         ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text"}
USER_AGENT = "brochures-import (+https://pypi.org/project/brochures)"


@dataclass
class Source:
    """One source: how it is named in comments and findings, its kind and its bytes."""

    name: str
    kind: str
    data: bytes

    def text(self) -> str:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                return self.data.decode(encoding)
            except UnicodeDecodeError:
                continue
        return self.data.decode("utf-8", "replace")


class _WebOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only (never ftp: or file:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.URLError(f"redirected to a non-web address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(answer, deadline: float) -> bytes:
    """At most MAX_BYTES + 1 bytes, stopping at the deadline (a slow server cannot stall us)."""
    chunks, size = [], 0
    while size <= MAX_BYTES:
        if time.monotonic() > deadline:
            raise TimeoutError(f"it took longer than {TIMEOUT_SECONDS:g} s")
        chunk = answer.read(min(65536, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _fetch(address: str, report: Report) -> Source | None:
    where = Location(address)
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    opener = urllib.request.build_opener(_WebOnly)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BYTES:
                report.error("source-too-large", f"the page is larger than {MAX_BYTES} bytes; "
                             "save the part you need as a file and import that", where)
                return None
            data = _read(answer, deadline)
            kind_header = answer.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        report.error("source-unreadable", f"the server answered {exc.code} {exc.reason}", where)
        return None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        report.error("source-unreadable", f"could not fetch it: {reason}", where)
        return None
    if len(data) > MAX_BYTES:
        report.error("source-too-large", f"the page is larger than {MAX_BYTES} bytes; save the "
                     "part you need as a file and import that", where)
        return None
    suffix = Path(urlsplit(address).path).suffix.lower()
    if kind_header == "text/plain":
        kind = "markdown" if suffix in (".md", ".markdown") else "text"
    elif "officedocument.wordprocessingml" in kind_header or suffix == ".docx":
        kind = "docx"
    else:
        kind = "html"
    return Source(address, kind, data)


def read_source(spec: str, report: Report) -> Source | None:
    """The source named ``spec`` (a path or an http/https address), or None with a problem."""
    scheme = urlsplit(spec).scheme.lower()
    if "://" in spec:
        if scheme not in ("http", "https"):
            report.error("source-unreadable", f"only http and https addresses can be imported, "
                         f"not {scheme or 'this'}:", Location(spec))
            return None
        return _fetch(spec, report)
    path = Path(spec)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(KINDS))
        ending = f"a '{path.suffix}' file" if path.suffix else "a file without an ending"
        report.error("source-unreadable", f"cannot import {ending} (known: {known}); save it "
                     "as one of these", Location(spec))
        return None
    if not path.is_file():
        report.error("source-unreadable", "no such file", Location(spec))
        return None
    if path.stat().st_size > MAX_BYTES:
        report.error("source-too-large", f"the file is larger than {MAX_BYTES} bytes",
                     Location(spec))
        return None
    # named by its file name only: no local folder ends up in the project's files
    return Source(path.name, kind, path.read_bytes())
