"""Inline the stylesheets and images of a ``brochures build --format html`` file.

``python benchmarks/inline.py IN.html OUT.html`` replaces every ``<link
rel="stylesheet" href="file://...">`` with a ``<style>`` holding the file, and
every ``src="file://..."`` with a ``data:`` URI, so that the page renders the
same anywhere with no ``file://`` link. It made ``benchmarks/reference/sheet.html``
(the English sheet of 2026-11-30, before the speed work), which must never change:
it is the fixed yardstick of ``benchmarks/run.py``.
"""

from __future__ import annotations

import base64
import mimetypes
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse


def _path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def inline(html: str) -> str:
    def style(match: re.Match) -> str:
        return "<style>\n" + _path(match[1]).read_text(encoding="utf-8") + "</style>"

    def source(match: re.Match) -> str:
        path = _path(match[1])
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'src="data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"'

    html = re.sub(r'<link rel="stylesheet" href="(file://[^"]+)">', style, html)
    html = re.sub(r'src="(file://[^"]+)"', source, html)
    if "file://" in html:
        raise SystemExit("a file:// link is left: extend benchmarks/inline.py")
    return html


if __name__ == "__main__":
    source, target = (Path(a) for a in sys.argv[1:3])
    target.write_text(inline(source.read_text(encoding="utf-8")), encoding="utf-8")
