"""Markdown markup inside a unit, as inline codes a translator's tool protects.

Owns: cutting a unit's text (``**bold**``, ``*italic*``, ``[links](url)``,
```code```) into runs of words and codes, and joining them back. A code keeps
the exact characters typed (its "native data"), so joining is lossless.
Markup the parser reads differently from what was typed (escapes) travels as
plain text: a run of codes is used only when joining gives the text back. And
wrapping do-not-translate terms in an XML element as protected spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Code:
    """One piece of markup: ``kind`` is bpt (opens), ept (closes) or ph (stands alone)."""

    kind: str
    id: str
    native: str
    ctype: str | None = None


Run = str | Code

_OPEN = {"strong_open": "bold", "em_open": "italic", "link_open": "link"}
_CLOSE = {"strong_close", "em_close", "link_close"}


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks"])
    return md


def split(text: str) -> list[Run]:
    """``text`` as runs of words and codes (one word run when it has no markup)."""
    tokens = _parser().parseInline(text)[0].children or []
    runs: list[Run] = []
    stack: list[tuple[str, str]] = []  # (id, closing native) of open codes
    counter = 0
    for token in tokens:
        if token.type == "text":
            runs.append(token.content)
        elif token.type in _OPEN:
            counter += 1
            if token.type == "link_open":
                native, closing = "[", f"]({token.attrs.get('href', '')})"
            else:
                native = closing = token.markup
            stack.append((str(counter), closing))
            runs.append(Code("bpt", str(counter), native, _OPEN[token.type]))
        elif token.type in _CLOSE and stack:
            cid, closing = stack.pop()
            runs.append(Code("ept", cid, closing))
        elif token.type == "code_inline":
            counter += 1
            fence = token.markup
            runs.append(Code("ph", str(counter), f"{fence}{token.content}{fence}", "x-code"))
        else:
            return [text]
    if stack or join(runs) != text or not any(isinstance(r, Code) for r in runs):
        return [text]
    return _merged(runs)


def _merged(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if isinstance(run, str) and out and isinstance(out[-1], str):
            out[-1] += run
        elif run != "":
            out.append(run)
    return out


def join(runs: list[Run]) -> str:
    """The text of ``runs``, markup as typed."""
    return "".join(r if isinstance(r, str) else r.native for r in runs)


def markup(text: str) -> list[str]:
    """The links and code of ``text``, in any order: a translation may move them, not drop,
    add or change one (emphasis is the translator's to place)."""
    return sorted(r.native for r in split(text)
                  if isinstance(r, Code) and (r.kind == "ph" or r.native.startswith("](")))


def protect(element, terms: list[str], make) -> None:
    """Wrap every use of ``terms`` in the text of an XML ``element`` (not inside its codes)
    in a new element ``make()`` returns: do-not-translate terms as protected spans."""
    if not terms:
        return
    pattern = re.compile("(?<!\\w)(" + "|".join(re.escape(t) for t in
                                              sorted(terms, key=len, reverse=True))
                         + ")(?!\\w)", re.IGNORECASE)
    for anchor in [None, *list(element)]:
        text = element.text if anchor is None else anchor.tail
        pieces = pattern.split(text or "")
        if len(pieces) < 2:
            continue
        if anchor is None:
            element.text, index = pieces[0], 0
        else:
            anchor.tail, index = pieces[0], element.index(anchor) + 1
        for k in range(1, len(pieces), 2):
            mark = make()
            mark.text, mark.tail = pieces[k], pieces[k + 1]
            element.insert(index, mark)
            index += 1
