"""The small inline markup allowed in content, turned into safe HTML.

Owns: the only path from a person's text to HTML. Text may use ``**bold**``,
``*italic*`` and ``[links](https://…)``; everything else — raw HTML, images,
headings — is shown as the characters typed. Links may only use ``https:``,
``http:``, ``mailto:`` and ``tel:``.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_ALLOWED_LINK = re.compile(r"^(https?:|mailto:|tel:)", re.I)


@cache
def _parser() -> MarkdownIt:
    # "zero" turns every rule off and html stays off: only what we enable is markup.
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks"])
    md.validateLink = lambda url: bool(_ALLOWED_LINK.match(url.strip()))
    return md


def inline(text: str) -> Markup:
    """One line or paragraph of content as safe inline HTML."""
    return Markup(_parser().renderInline(" ".join(text.split())))


def plain(text: str) -> str:
    """The text a reader sees, without markup characters (for checks and metadata)."""
    html = _parser().renderInline(" ".join(text.split()))
    return Markup(html).striptags()
