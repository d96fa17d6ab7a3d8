"""The small inline markup allowed in content, turned into safe HTML.

Owns: the only path from a person's text to HTML. Text may use ``**bold**``,
``*italic*`` and ``[links](https://…)``; everything else — raw HTML, images,
headings — is shown as the characters typed. Links may only use ``https:``,
``http:``, ``mailto:`` and ``tel:``. On paper a link cannot be clicked, so
print layouts show its address after its text, in short form. The language's tying
rules (:class:`brochures.inputs.typography.Ties`) are applied here, once, to the text a reader
sees (never to a link's address).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markupsafe import Markup

if TYPE_CHECKING:
    from brochures.inputs.typography import Ties

_ALLOWED_LINK = re.compile(r"^(https?:|mailto:|tel:)", re.I)


@cache
def _parser() -> MarkdownIt:
    # "zero" turns every rule off and html stays off: only what we enable is markup.
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks"])
    md.validateLink = lambda url: bool(_ALLOWED_LINK.match(url.strip()))
    return md


def short_address(url: str) -> str:
    """An address as a reader types it: no scheme, no ``www.``, no trailing slash."""
    short = re.sub(r"^(https?://|mailto:|tel:)", "", url.strip(), flags=re.I)
    short = re.sub(r"^www\.", "", short, flags=re.I)
    return short.rstrip("/")


def unbroken(text: str) -> Markup:
    """An address, email or phone number that may wrap only after "/" or ".".

    (A query string may also wrap after "?", "&", "=" or "+", so that a long
    source address still fits a narrow panel.) Each piece is kept whole
    (``white-space: nowrap`` in base.css, never hyphenated) and ``<wbr>``
    marks the only places a line may end, so a patient never copies an
    inserted hyphen.
    """
    pieces = re.findall(r"[^/.?&=+]+[/.?&=+]*|[/.?&=+]+", text)
    return Markup("<wbr>").join(
        Markup('<span class="unbroken">{}</span>').format(piece) for piece in pieces)


@cache
def _printing_parser() -> MarkdownIt:
    """Like :func:`_parser`, and a link's address follows its text (for paper)."""
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks"])
    md.validateLink = lambda url: bool(_ALLOWED_LINK.match(url.strip()))

    def link_close(renderer, tokens, idx, options, env):
        opening = next(i for i in range(idx - 1, -1, -1) if tokens[i].type == "link_open")
        address = short_address(str(tokens[opening].attrGet("href") or ""))
        label = "".join(t.content for t in tokens[opening + 1: idx])
        if not address or short_address(label) == address:
            return "</a>"
        return f'</a><span class="link-address"> ({unbroken(address)})</span>'

    md.add_render_rule("link_close", link_close)
    return md


def inline(text: str, addresses: bool = False, ties: Ties | None = None,
           end: bool = False) -> Markup:
    """One line or paragraph of content as safe inline HTML.

    With ``addresses`` (print layouts) a link's short address is printed after its text;
    with ``ties`` the language's tying rules are applied to its words (``end``: its last
    two words tied too, for list items).
    """
    parser = _printing_parser() if addresses else _parser()
    source = " ".join(text.split())
    if ties is None:
        return Markup(parser.renderInline(source))
    tokens = parser.parseInline(source)
    words = [child for token in tokens for child in token.children or []
             if child.type == "text"]
    for child in words:
        child.content = ties.apply(child.content)
    if end and words:
        words[-1].content = ties.end(words[-1].content)
    return Markup(parser.renderer.render(tokens, parser.options, {}))


def plain(text: str) -> str:
    """The text a reader sees, without markup characters (for checks and metadata)."""
    html = _parser().renderInline(" ".join(text.split()))
    return Markup(html).striptags()


def parsed_markup(text: str) -> dict[str, list[str]]:
    """What the renderer makes of ``text``'s markup, as it parses it for printing: the
    link targets and code spans (sorted), and how many bold and italic spans there are.

    A translation is compared with its source on this, never on the characters typed:
    an escape (``\\*``) changes nothing here, so a link cannot hide behind one.
    """
    found: dict[str, list[str]] = {"links": [], "code": [], "bold": [], "italic": []}
    tokens = _parser().parseInline(" ".join(text.split()))[0].children or []
    for token in tokens:
        if token.type == "link_open":
            found["links"].append(str(token.attrGet("href") or ""))
        elif token.type == "code_inline":
            found["code"].append(token.content)
        elif token.type == "strong_open":
            found["bold"].append("**")
        elif token.type == "em_open":
            found["italic"].append("*")
    return {kind: sorted(values) for kind, values in found.items()}
