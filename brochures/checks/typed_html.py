"""HTML typed into a leaflet's text.

Owns: finding tags (``<b>``, ``</p>``, ``<script …>``) and character entities
(``&nbsp;``) in the text a patient reads. They are printed as typed, never
as HTML, which is safe but not what the writer meant: each is a warning on
its line saying what to write instead. Text such as ``< 18`` or ``a<b`` is
not HTML: a tag must be a known HTML element name closed by ``>``.
"""

from __future__ import annotations

import html.entities
import re

from brochures.checks.text import Passage
from brochures.errors import Report

# The HTML elements a writer might type; anything else between < and > is text.
_ELEMENTS = [
    "a", "abbr", "address", "article", "aside", "b", "big", "blockquote", "body", "br",
    "caption", "center", "cite", "code", "col", "dd", "del", "details", "div", "dl", "dt",
    "em", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
    "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "li", "link", "mark", "meta",
    "nav", "object", "ol", "p", "pre", "q", "s", "script", "section", "small", "span",
    "strike", "strong", "style", "sub", "sup", "table", "tbody", "td", "th", "thead", "title",
    "tr", "tt", "u", "ul",
]
_TAG = re.compile(r"</?(" + "|".join(sorted(_ELEMENTS, key=len, reverse=True)) +
                  r")(?=[\s/>])(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_INSTEAD = {
    "b": "**bold**", "strong": "**bold**", "i": "*italic*", "em": "*italic*",
    "a": "[the words](https://…) for a link", "br": "a new paragraph (a blank line)",
    "p": "a blank line between paragraphs", "li": "an item of the section's 'items'",
    "ul": "the section's 'items'", "ol": "the section's 'items'",
}


def _entity_text(entity: str) -> str | None:
    """What an entity stands for, or ``None`` if it is not one."""
    name = entity[1:]
    if name.startswith("#"):
        try:
            code = int(name[2:-1], 16) if name[1] in "xX" else int(name[1:-1])
            return chr(code)
        except (ValueError, OverflowError):
            return None
    return html.entities.html5.get(name)


def check(passages: list[Passage], report: Report) -> None:
    """A warning for each tag or entity typed into the text, at its line."""
    for passage in passages:
        opened: set[str] = set()
        for match in _TAG.finditer(passage.text):
            name = match.group(1).lower()
            if match.group(0).startswith("</") and name in opened:
                continue  # "<b>…</b>" is one mistake, said once
            opened.add(name)
            instead = _INSTEAD.get(name, "plain text (markup: **bold**, *italic*, "
                                   "[links](https://…))")
            report.warning("html-in-text", f"“{match.group(0)[:40]}” is HTML, which is printed "
                           f"as typed, not as formatting; write {instead} instead",
                           passage.location(match.start()))
        for match in _ENTITY.finditer(passage.text):
            meant = _entity_text(match.group(0))
            if meant is None:
                continue
            shown = "a space" if meant.isspace() else f"“{meant}”"
            report.warning("html-in-text", f"“{match.group(0)}” is an HTML entity, which is "
                           f"printed as typed; write the character itself ({shown}) instead",
                           passage.location(match.start()))
