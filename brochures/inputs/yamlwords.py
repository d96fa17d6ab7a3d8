"""YAML mistakes in plain words: what happened, and how to fix it.

Owns: turning PyYAML's parser messages ("mapping values are not allowed
here", "expected <block end>") into one sentence a person who has never
heard of YAML can act on, for the mistakes people make most: a tab in the
indentation, a colon inside unquoted text, curly quotes used as quotes, a
line indented wrongly, a quote never closed. It also picks the line to point
at: where the mistake is, not where the parser gave up. Mistakes it does not
recognise keep the parser's own words.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

CURLY = "“”‘’„«»"


@dataclass(frozen=True)
class Explained:
    """A plain message and the line (and column) where the mistake is, counting from 1."""

    line: int
    column: int | None
    message: str


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> str:
    return line.split(" #")[0].strip()


def _levels_above(lines: list[str], index: int) -> list[int]:
    """The indentations a line at ``index`` may have: those of the blocks still open above it."""
    levels: list[int] = []
    smallest = None
    for line in reversed(lines[:index]):
        text = _content(line)
        if not text or text.startswith("#"):
            continue
        width = _indent(line)
        if smallest is None:
            if text.endswith(":"):  # a key that opens a block: its children go deeper
                levels.append(width + 2)
            levels.append(width)
            smallest = width
        elif width < smallest:
            levels.append(width)
            smallest = width
        if smallest == 0:
            break
    return sorted(set(levels))


def _spaces(levels: list[int]) -> str:
    words = [f"{n}" for n in levels]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"{listed} space{'s' if levels != [1] else ''}"


def _wrong_indent(lines: list[str], index: int) -> Explained | None:
    line = lines[index]
    levels = _levels_above(lines, index) or [0]
    width = _indent(line)
    if width in levels:
        return None  # lined up with a block above: the mistake is something else
    return Explained(
        index + 1, width + 1,
        f"wrong indentation: this line is indented by {width} space{'s' if width != 1 else ''}, "
        f"which lines it up with nothing above it; indent it by {_spaces(levels)}, "
        "like the lines it belongs with",
    )


def _item_out_of_line(lines: list[str], index: int) -> Explained | None:
    """A list item indented less than the item above it (``- one`` / ``    - two``)."""
    line = lines[index]
    if not line.lstrip().startswith("- "):
        return None
    width = _indent(line)
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if not _content(text):
            continue
        if text.lstrip().startswith("- ") and _indent(text) > width:
            return Explained(
                index + 1, width + 1,
                f"this list item is indented by {width} spaces, less than the item above it "
                f"(line {above + 1}, {_indent(text)} spaces); indent every item of a list "
                f"by the same spaces: {_indent(text)}")
        if _indent(text) <= width:
            return None
    return None


def _first_value_quote(line: str) -> str | None:
    """The curly quote that opens a value on ``line`` (``key: “…`` or ``- “…``), if any."""
    text = line.strip()
    if text.startswith("- "):
        text = text[2:].lstrip()
    key, sep, value = text.partition(": ")
    candidate = value.lstrip() if sep else key
    return candidate[0] if candidate and candidate[0] in CURLY else None


def _quote_it(line: str) -> str:
    """The message for a colon inside unquoted text, with the line as it should be written."""
    body = line.strip()
    dash = "- " if body.startswith("- ") else ""
    body = body.removeprefix("- ")
    key, _, value = body.partition(": ")
    value = value if len(value) <= 40 else value[:40].rstrip() + "…"
    fixed = f'{dash}{key}: "{value}"'
    return ("a colon followed by a space inside unquoted text starts a new key in YAML; "
            f"put this text in quotes: {fixed}")


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """Plain words for a parser error in ``text``, or ``None`` when it is not a known mistake."""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.splitlines() or [""]
    index = min(mark.line, len(lines) - 1)
    line = lines[index]
    problem = exc.problem or ""
    context = exc.context or ""

    if "'\\t'" in problem or line[: len(line) - len(line.lstrip())].count("\t"):
        return Explained(index + 1, 1, "this line is indented with a tab; "
                         "indent with spaces, not tabs")

    if "quoted scalar" in context and exc.context_mark is not None:
        start = exc.context_mark
        opened = lines[start.line][start.column] if start.line < len(lines) else '"'
        return Explained(
            start.line + 1, start.column + 1,
            f"the quote {opened} that opens this text is never closed; "
            f"add a closing {opened} at the end of the text",
        )

    if problem == "mapping values are not allowed here":
        quote = _first_value_quote(line)
        if quote:
            return Explained(index + 1, line.index(quote) + 1,
                             "this text is inside curly quotes (“…”); use straight quotes "
                             "(\"…\") around text in YAML")
        before = line[: mark.column]
        stripped = before.strip()
        if ": " in stripped or stripped.startswith("- "):
            return Explained(index + 1, mark.column + 1, _quote_it(line))
        return _wrong_indent(lines, index)

    if (problem.startswith(("expected <block end>", "did not find expected key",
                            "did not find expected '-'"))
            or "block collection" in context):
        found = _item_out_of_line(lines, index) or _wrong_indent(lines, index)
        if found:
            return found
    return _unclosed_above(lines, index)


def _opens_unclosed(line: str) -> int | None:
    """The column of a quote that opens a value on ``line`` and is not closed on it."""
    body = _content(line) if not line.lstrip().startswith(("\"", "'")) else line.strip()
    start = line.find(body) if body else -1
    text = body[2:].lstrip() if body.startswith("- ") else body
    _key, sep, value = text.partition(": ")
    value = value.lstrip() if sep else (text if text[:1] in "\"'" else "")
    if not value or value[0] not in "\"'":
        return None
    quote, rest = value[0], line[line.index(value, start) + 1:]
    if quote == '"':
        closed = any(c == '"' and (i == 0 or rest[i - 1] != "\\") for i, c in enumerate(rest))
    else:
        closed = "'" in rest.replace("''", "")
    return None if closed else line.index(value, start)


def _unclosed_above(lines: list[str], index: int) -> Explained | None:
    """A quote opened on a line at or above the error and never closed on its line: the
    text runs on into the next lines up to the next such quote (often the one opening the
    next value), and the parser fails there. A quoted text that spans lines on purpose and
    ends above the error is skipped."""
    line = 0
    while line <= min(index, len(lines) - 1):
        column = _opens_unclosed(lines[line])
        if column is None:
            line += 1
            continue
        opened = lines[line][column]
        closes = next((n for n in range(line + 1, len(lines)) if opened in lines[n]), None)
        if closes is None or closes >= index:
            return Explained(line + 1, column + 1,
                             f"the quote {opened} that opens this text is never closed; "
                             f"add a closing {opened} at the end of the text")
        line = closes + 1
    return None
