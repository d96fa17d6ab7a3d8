"""Main text only: from a source's bytes to headings, paragraphs, lists and steps.

Owns: removing what is not the article — trafilatura finds the main text of a web page
(dropping header, navigation, cookie panels, share bars, teasers and footer) and hands
it over as Markdown; python-docx reads a Word file's paragraphs with their styles; the
boilerplate line rules (``rules/import/``) remove what survives in any kind of source
(consent text, "read also" teasers, share prompts, newsletter and ad-blocker notices,
source and credit lines). Then it splits the text into :class:`Block` s, each knowing
the line of the source it came from (for a Word file: the paragraph number).
"""

from __future__ import annotations

import bisect
import html
import io
import itertools
import re
from dataclasses import dataclass, field

from brochures.errors import Location, Report
from brochures.exchange.imports.package import refuse_unsafe
from brochures.exchange.imports.rules import ImportRules
from brochures.exchange.imports.sources import Source

HEADING, PARAGRAPH, LIST, STEPS = "heading", "paragraph", "list", "steps"
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_BULLET = re.compile(r"^[-*•·▪–]\s+(.*)$")
_NUMBERED = re.compile(r"^\(?(\d{1,2})[.)]\s+(.*)$")
_ENDS_SENTENCE = re.compile(r"[.!;,…»\"”]$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")


@dataclass
class Block:
    """A heading, a paragraph, a bulleted list or numbered steps, with their source lines."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    level: int = 2
    line: int | None = None
    item_lines: list[int | None] = field(default_factory=list)


@dataclass
class Extracted:
    """The main text of one source."""

    source: Source
    blocks: list[Block]
    title: str | None = None
    dropped: dict[str, int] = field(default_factory=dict)  # boilerplate kind -> lines removed

    @property
    def plain_text(self) -> str:
        return "\n".join(b.text if b.kind != LIST and b.kind != STEPS else "\n".join(b.items)
                         for b in self.blocks)


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub("", text).split())


def parse_text(text: str, rules: ImportRules, dropped: dict[str, int],
               plain: bool = False) -> list[Block]:
    """Markdown or plain text → blocks; lines that are boilerplate are left out."""
    blocks: list[Block] = []
    para: list[str] = []
    para_line: int | None = None
    open_list: Block | None = None

    def flush() -> None:
        nonlocal para, para_line
        if para:
            blocks.append(Block(PARAGRAPH, _clean(" ".join(para)), line=para_line))
        para, para_line = [], None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        heading, bullet, numbered = _MD_HEADING.match(line), _BULLET.match(line), \
            _NUMBERED.match(line)
        words = (heading or bullet or numbered)
        content = words.groups()[-1] if words else line
        kind = rules.boilerplate_kind(_clean(content))
        if kind:
            flush()
            dropped[kind] = dropped.get(kind, 0) + 1
            continue
        if heading:
            flush()
            open_list = None
            blocks.append(Block(HEADING, _clean(heading.group(2)), level=len(heading.group(1)),
                                line=number))
        elif bullet or numbered:
            flush()
            wanted = STEPS if numbered else LIST
            if open_list is None or open_list.kind != wanted or blocks[-1] is not open_list:
                open_list = Block(wanted, line=number)
                blocks.append(open_list)
            open_list.items.append(_clean(content))
            open_list.item_lines.append(number)
        elif open_list is not None and blocks[-1] is open_list and raw[:1].isspace():
            open_list.items[-1] = _clean(f"{open_list.items[-1]} {line}")  # a wrapped item
        else:
            open_list = None
            if not para:
                para_line = number
            para.append(line)
    flush()
    if plain:  # a short line alone, not ending like a sentence, followed by text: a heading
        for block in blocks[:-1]:  # (a script without capitals: any first letter will do)
            if (block.kind == PARAGRAPH and len(block.text) <= 80
                    and not _ENDS_SENTENCE.search(block.text) and not block.text[:1].islower()):
                block.kind = HEADING
        if blocks and blocks[0].kind == HEADING:
            blocks[0].level = 1  # the first heading, before any text: the title
    return blocks


def _html_lines(raw: str) -> list[str]:
    """Each line of a web page as the words a reader sees (tags dropped)."""
    return [" ".join(html.unescape(re.sub(r"<[^>]*>", " ", line)).split())
            for line in raw.splitlines()]


class Page:
    """The lines of a web page as a reader sees them, indexed by word and pair of words,
    so that finding where a paragraph begins costs the same on the thousandth paragraph
    as on the first (at most ``CHECKS`` lines are compared with each probe)."""

    CHECKS = 16

    def __init__(self, raw: str) -> None:
        self.lines = _html_lines(raw)
        self.index: dict[tuple[str, ...], list[int]] = {}
        self.checks = 0  # lines compared so far: linear in the blocks (tests count it)
        for number, line in enumerate(self.lines):
            words = line.split()
            for key in {*((w,) for w in words), *itertools.pairwise(words)}:
                self.index.setdefault(key, []).append(number)

    def locate(self, text: str, start: int = 0) -> int | None:
        """The first line (from 1) at or after ``start`` where ``text`` begins."""
        words = text.replace("**", "").split()[:6]
        while words:
            probe = " ".join(words)
            found = self.index.get(tuple(words[:2]), [])
            first = bisect.bisect_left(found, start)
            for number in found[first:first + self.CHECKS]:
                self.checks += 1
                if probe in self.lines[number]:
                    return number + 1
            words = words[:-1] if len(words) > 2 else []
        return None


def _from_html(source: Source, rules: ImportRules, dropped: dict[str, int],
               report: Report) -> list[Block] | None:
    # lazy: start-up time: trafilatura loads only when this runs
    import trafilatura

    raw = source.text()
    markdown = trafilatura.extract(raw, output_format="markdown", include_formatting=True,
                                   include_links=False, include_images=False,
                                   include_comments=False, include_tables=True,
                                   favor_recall=True)
    if not markdown:
        report.error("no-main-text", "found no main text in this page", Location(source.name))
        return None
    blocks = parse_text(markdown, rules, dropped)
    page, after = Page(raw), 0
    for block in blocks:  # the markdown's line numbers mean nothing: find each in the page
        block.line = page.locate(block.text or block.items[0], after) or block.line
        block.item_lines = [page.locate(item, after) for item in block.items]
        after = max([after, *(n - 1 for n in [block.line, *block.item_lines] if n)])
    return blocks


def _from_docx(source: Source, rules: ImportRules, dropped: dict[str, int],
               report: Report) -> list[Block] | None:
    # lazy: start-up time: docx loads only when this runs
    import docx

    # lazy: start-up time: docx loads only when this runs
    from docx.opc.exceptions import PackageNotFoundError

    if refuse_unsafe(source.name, source.data, report):  # bombs, damage, entities
        return None
    try:
        document = docx.Document(io.BytesIO(source.data))
        return _docx_blocks(document, rules, dropped)
    except (PackageNotFoundError, ValueError, KeyError, OSError, AttributeError, TypeError,
            IndexError) as exc:  # well-formed XML, but not laid out as Word lays it out
        report.error("source-unreadable", "not a Word (.docx) file python-docx can read: "
                     f"{type(exc).__name__}: {exc}", Location(source.name))
        return None


def _docx_blocks(document, rules: ImportRules, dropped: dict[str, int]) -> list[Block]:
    """A Word document's paragraphs, lists, numbered steps and tables, as blocks."""
    # lazy: start-up time: docx loads only when this runs
    from docx.table import Table

    blocks: list[Block] = []
    number = 0  # "line" of a Word file: the paragraph (or table row) counted from the top
    for part in document.iter_inner_content():
        if isinstance(part, Table):  # a table's rows become a list, cells joined
            rows = []
            for row in part.rows:
                number += 1
                cells = list(dict.fromkeys(_clean(c.text) for c in row.cells if _clean(c.text)))
                if cells:
                    rows.append((" – ".join(cells), number))
            if rows:
                blocks.append(Block(LIST, items=[r for r, _ in rows], line=rows[0][1],
                                    item_lines=[n for _, n in rows]))
            continue
        paragraph = part
        number += 1
        text = _clean(paragraph.text)
        if not text:
            continue
        kind = rules.boilerplate_kind(text)
        if kind:
            dropped[kind] = dropped.get(kind, 0) + 1
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if style.startswith("Heading") or style == "Title":
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            blocks.append(Block(HEADING, text, level=level, line=number))
        elif style.startswith("List Number") or style.startswith("List Bullet") or numbered:
            wanted = STEPS if style.startswith("List Number") else LIST
            if not blocks or blocks[-1].kind != wanted:
                blocks.append(Block(wanted, line=number))
            blocks[-1].items.append(text)
            blocks[-1].item_lines.append(number)
        else:
            blocks.append(Block(PARAGRAPH, text, line=number))
    return blocks


MAX_ENCODING_LINES = 10  # lines named one by one; the rest are counted in one more line


def report_encoding(source: Source, report: Report) -> None:
    """One warning per line of ``source`` with bytes that are not UTF-8 (the first ten)."""
    for line in source.bad_lines[:MAX_ENCODING_LINES]:
        report.warning("source-encoding", "bytes that are not UTF-8 on this line were "
                       "imported as �: check the words around them", Location(source.name, line))
    more = len(source.bad_lines) - MAX_ENCODING_LINES
    if more > 0:
        report.warning("source-encoding", f"and on {more} more line(s) after line "
                       f"{source.bad_lines[MAX_ENCODING_LINES - 1]}", Location(source.name))


def extract(source: Source, rules: ImportRules, report: Report) -> Extracted | None:
    """The main text of ``source`` as blocks, or None (with a problem) when there is none."""
    dropped: dict[str, int] = {}
    if source.kind == "html":
        blocks = _from_html(source, rules, dropped, report)
    elif source.kind == "docx":
        blocks = _from_docx(source, rules, dropped, report)
    else:
        blocks = parse_text(source.text(), rules, dropped, plain=source.kind == "text")
    if blocks is None:
        return None
    report_encoding(source, report)
    title = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), None)
    if not any(b.kind != HEADING for b in blocks):
        report.error("no-main-text", "found no text to import in it", Location(source.name))
        return None
    return Extracted(source, blocks, title, dropped)
