"""Reading the sources of an import: files and web addresses.

Owns: turning each SOURCE given on the command line into bytes and a kind (html, docx,
markdown, text), with one clear problem per source that cannot be read. A web address
must be http or https; it is fetched with a size limit and a TOTAL deadline (connecting,
headers and body together: a watchdog shuts the connection's socket when it passes, so a
server sending a byte a second cannot stall the import), and only a successful answer is
used. Text is decoded as UTF-8 where it is valid; the lines where it is not are reported
(a file with no valid UTF-8 beyond ASCII is read as Windows-1252). Nothing here is ever
fetched while building a leaflet.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from brochures.errors import Location, Report

MAX_BYTES = 5_000_000
TIMEOUT_SECONDS = 20.0
KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
         ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([\w-]{2,30})", re.I)
_ESCAPED = re.compile("[\udc80-\udcff]+")
USER_AGENT = "brochures-import (+https://pypi.org/project/brochures)"


@dataclass
class Source:
    """One source: how it is named in comments and findings, its kind and its bytes."""

    name: str
    kind: str
    data: bytes
    # the lines (from 1) holding bytes that are not UTF-8, filled by :meth:`text`
    bad_lines: list[int] = field(default_factory=list)

    def text(self) -> str:
        """The text: in the encoding a web page declares; else UTF-8 where valid (U+FFFD
        where not), or Windows-1252 for a legacy file with no UTF-8 in it."""
        data = self.data.removeprefix(b"\xef\xbb\xbf")
        declared = _declared_charset(data) if self.kind == "html" else None
        if declared:
            return data.decode(declared, "replace")
        text, self.bad_lines = decode_utf8(data)
        if self.bad_lines and not any(ord(c) > 127 and c != "\ufffd" for c in text):
            self.bad_lines = []  # never UTF-8: a legacy file, every byte a character
            return data.decode("cp1252", "replace")
        return text


def _declared_charset(data: bytes) -> str | None:
    """A legacy charset a page declares in its head (``<meta charset=windows-1251>``)."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return None if found in ("utf-8", "ascii") else found


def decode_utf8(data: bytes) -> tuple[str, list[int]]:
    """``data`` decoded where it is UTF-8 (U+FFFD for each byte that is not), and the lines
    (from 1) that hold such a byte. Linear: one decode, one scan."""
    text = data.decode("utf-8", "surrogateescape")  # a bad byte becomes U+DC80..U+DCFF
    bad: list[int] = []
    line, position = 1, 0
    for match in _ESCAPED.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not bad or bad[-1] != line:
            bad.append(line)
    return (_ESCAPED.sub("\ufffd", text) if bad else text), bad


class _WebOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only (never ftp: or file:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.URLError(f"redirected to a non-web address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Deadline:
    """The total time one fetch may take: at the end, every socket it opened is shut.

    A per-read timeout does not bound a fetch (a server sending a byte a second never lets a
    read wait long); shutting the socket ends any read blocked on it at once, wherever the
    fetch is (status line, headers, body, a redirect's new connection)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._ends = time.monotonic() + self.seconds
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(0.01, self._ends - time.monotonic())

    def watch(self, sock) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _opener(deadline: Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections are watched by ``deadline`` (http and https only)."""

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    class PlainHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Plain, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(Secure, req, context=self._context)

    return urllib.request.build_opener(_WebOnly, PlainHandler, SecureHandler)


def _read(answer) -> bytes:
    """At most MAX_BYTES + 1 bytes (the deadline ends a read that would go on longer)."""
    chunks, size = [], 0
    while size <= MAX_BYTES:
        chunk = answer.read(min(65536, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(where: Location, report: Report) -> None:
    report.error("source-too-large", f"the page is larger than {MAX_BYTES} bytes; save the "
                 "part you need as a file and import that", where)


def _fetch(address: str, report: Report, seconds: float) -> Source | None:
    where = Location(address)
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    data, kind_header, failure = b"", "", None
    with Deadline(seconds) as deadline:
        try:
            with _opener(deadline).open(request, timeout=seconds) as answer:
                declared = answer.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > MAX_BYTES:
                    _too_large(where, report)
                    return None
                data = _read(answer)
                kind_header = answer.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            failure = f"the server answered {exc.code} {exc.reason}"
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            failure = f"could not fetch it: {getattr(exc, 'reason', exc)}"
    if deadline.expired:  # whatever the read saw, it was cut short
        report.error("source-unreadable", f"could not fetch it within {seconds:g} s (the time "
                     "allowed for the whole page; --timeout sets it)", where)
        return None
    if failure:
        report.error("source-unreadable", failure, where)
        return None
    if len(data) > MAX_BYTES:
        _too_large(where, report)
        return None
    suffix = Path(urlsplit(address).path).suffix.lower()
    if kind_header == "text/plain":
        kind = "markdown" if suffix in (".md", ".markdown") else "text"
    elif "officedocument.wordprocessingml" in kind_header or suffix == ".docx":
        kind = "docx"
    else:
        kind = "html"
    return Source(address, kind, data)


def read_source(spec: str, report: Report,
                timeout: float = TIMEOUT_SECONDS) -> Source | None:
    """The source named ``spec`` (a path or an http/https address), or None with a problem."""
    scheme = urlsplit(spec).scheme.lower()
    if "://" in spec:
        if scheme not in ("http", "https"):
            report.error("source-unreadable", f"only http and https addresses can be imported, "
                         f"not {scheme or 'this'}:", Location(spec))
            return None
        return _fetch(spec, report, timeout)
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
