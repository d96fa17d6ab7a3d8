"""Reading YAML files written by people, keeping the line of every value.

Owns: the bytes → Python step for every YAML file of a project. It uses
PyYAML's safe loader only, refuses what PyYAML would silently accept but loses
(duplicate keys), bounds what a hostile file can cost (size, depth, alias
expansion), and records where each value came from so that later stages can
point at the line to fix.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brochures.errors import Location, Problem, Report
from brochures.inputs.yamlwords import explain

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 50_000

KeyPath = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded YAML file: its data, and the location of every value by key path."""

    path: str
    data: Any = None
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    # The text of the file, line by line, for finding a word's line inside a value.
    lines: list[str] = field(default_factory=list, repr=False)

    def at(self, *keys: str | int) -> Location:
        """The location of the value at ``keys``, or of its nearest parent that has one."""
        keys = tuple(keys)
        while keys and keys not in self.marks:
            keys = keys[:-1]
        line, column = self.marks.get(keys, (1, 0))
        return Location(self.path, line, column or None)

    def key_at(self, *keys: str | int) -> Location:
        """The location of a mapping key itself (the line where it is written)."""
        mark = self.marks.get((*keys, "<key>"))
        if mark:
            return Location(self.path, mark[0], mark[1] or None)
        return self.at(*keys)


# The tags plain YAML resolves to; anything else (``!!python/...``, ``!!binary``,
# ``!custom``) is refused rather than quietly turned into something unexpected.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_MERGE_TAG = "tag:yaml.org,2002:merge"


# Characters that cannot be printed or even encoded: C0/C1 controls (other than
# tab and newlines) and lone surrogates, which only YAML escapes can produce.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidi embeddings, overrides and isolates reorder what is printed (CVE-2021-42574).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


class _Refused(Exception):
    """A file stops loading here: ``code`` and message for the report, ``mark`` for the line."""

    def __init__(self, code: str, message: str, mark: yaml.Mark | None = None):
        super().__init__(message)
        self.code = code
        self.mark = mark


class _Bounded:
    """Composing with nesting bounded (before recursion can blow up)."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                mark = self.peek_event().start_mark
                raise _Refused("too-complex", f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_Bounded, yaml.SafeLoader):
    """The safe loader in pure Python: its error messages are the ones we explain."""


_Fast = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Fast(_Bounded, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                yaml.resolver.Resolver):
        """libyaml's parser under the same composer (nesting bounded, marks kept): seven
        times faster on a valid file. A file it finds wrong is read again by
        :class:`_Loader`, so the messages people see do not depend on libyaml."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)


class _Builder:
    """Turns a composed node tree into plain Python, recording marks as it goes."""

    def __init__(self, loader: yaml.SafeLoader, doc: Document, report: Report):
        self.loader = loader
        self.doc = doc
        self.report = report
        self.count = 0

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        mark = node.start_mark
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused("too-complex",
                           f"more than {MAX_NODES} values (or aliases that expand to as many)",
                           mark)
        if depth > MAX_DEPTH:
            # Only reachable through aliases (an anchor used inside itself, or chained).
            raise _Refused("too-complex",
                           f"nested more than {MAX_DEPTH} levels deep (through aliases)", mark)
        _check_tag(node)
        self.doc.marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Keep dates as written; the schema checks their form, Python parses them later.
            return node.value
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # Python refuses to turn a number of thousands of digits into an int.
            raise _Refused("bad-value", "this number is too long; quote it if it is text",
                           node.start_mark) from None
        if isinstance(value, str) and (bad := _BAD_CHARS.search(value)):
            raise _Refused(
                "bad-character",
                f"the text holds U+{ord(bad.group()):04X}, a control or invalid character "
                "that cannot be printed; remove it",
                node.start_mark,
            )
        if isinstance(value, str) and (bad := _BIDI.search(value)):
            raise _Refused("bidi-control", f"the text holds U+{ord(bad.group()):04X}, a "
                           "bidirectional control that can change the order of what is "
                           "printed (\"Trojan Source\"); remove it (the U+200E and U+200F "
                           "marks are allowed)", node.start_mark)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._error(key_node, "yaml-merge", "'<<' merge keys are not supported; "
                            "write the keys out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, "yaml-key",
                            "a key must be a plain word, not a list or mapping")
                continue
            _check_tag(key_node)
            key = self._scalar(key_node)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                first = self.doc.marks.get((*path, key, "<key>"), (0, 0))[0]
                self._error(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first written on line {first}); "
                    "only one can be kept, so remove or rename one",
                )
                continue
            mark = key_node.start_mark
            self.doc.marks[(*path, key, "<key>")] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _error(self, node: yaml.Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.report.error(code, message, Location(self.doc.path, mark.line + 1, mark.column + 1))


def _check_tag(node: yaml.Node) -> None:
    """Refuse explicit tags (``!!python/...``, ``!!binary``, ``!custom``): plain YAML only."""
    if node.tag not in _PLAIN_TAGS:
        short = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(
            "yaml-tag",
            f"the tag '{short[:60]}' is not allowed; use plain text, numbers, dates, "
            "lists and mappings",
            node.start_mark,
        )


class _Recorded(Report):
    """Every problem reported, repeats included, to be reported again in the same order."""

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


# What a file's bytes gave, by (name shown, bytes): (the document pickled or None, the
# problems reported). A file read again unchanged (the same project loaded again by a long
# ``serve`` or ``watch``, or by every command of a test suite) is not parsed again; a
# changed file has other bytes, so nothing stale is ever served. Copies are handed out:
# callers may change what they get.
_PARSED: dict[tuple[str, bytes], tuple[bytes | None, tuple[Problem, ...]]] = {}
_PARSED_FILES = 256
_PARSED_BYTES = 256_000  # larger files are parsed every time


def load_yaml(path: Path, shown_as: str, report: Report) -> Document | None:
    """Load one YAML file; on any problem, report it and return ``None``.

    ``shown_as`` is the path printed in messages (relative to the project).
    """
    where = Location(shown_as, 1)
    try:
        if not path.is_file():  # a folder, a pipe or a device would hang or fail the read
            report.error("unreadable", "this is not a regular file", where)
            return None
        size = path.stat().st_size
        if size > MAX_BYTES:  # checked before reading: never load a huge file into memory
            report.error("too-large", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                         where)
            return None
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        report.error("unreadable", f"cannot read the file: {exc.strerror or exc}", where)
        return None
    if len(raw) > MAX_BYTES:
        report.error("too-large", f"the file is over the limit of {MAX_BYTES:,} bytes", where)
        return None
    key = (shown_as, raw)
    known = _PARSED.get(key)
    if known is None:
        recorded = _Recorded()
        doc = _parse(raw, shown_as, recorded)
        known = (pickle.dumps(doc, pickle.HIGHEST_PROTOCOL) if doc is not None else None,
                 tuple(recorded.problems))
        if len(raw) <= _PARSED_BYTES:
            _PARSED[key] = known
            if len(_PARSED) > _PARSED_FILES:
                del _PARSED[next(iter(_PARSED))]  # the oldest first
    for problem in known[1]:
        report.add(problem)
    return pickle.loads(known[0]) if known[0] is not None else None


def _text(raw: bytes, shown_as: str, report: Report) -> str | None:
    """The text of a YAML file's bytes: UTF-8, not empty, nothing unprintable."""
    where = Location(shown_as, 1)
    if b"\x00" in raw:
        report.error("binary-file", "this is a binary file, not YAML text", where)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(
            "not-utf8",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            Location(shown_as, line),
        )
        return None
    if not text.strip():
        report.error("empty-file", "the file is empty", where)
        return None
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad:
        # Control characters come with text copied from PDFs and word processors.
        start = bad.start()
        line, column = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
        report.error("bad-character", f"the file holds the unprintable character "
                     f"U+{ord(bad.group()):04X}; remove it", Location(shown_as, line, column))
        return None
    return text


def _parse(raw: bytes, shown_as: str, report: Report) -> Document | None:
    """The document in ``raw`` (a file's bytes, within the size limit), or ``None`` with the
    problems reported."""
    doc = Document(shown_as)
    where = Location(shown_as, 1)
    text = _text(raw, shown_as, report)
    if text is None:
        return None
    doc.lines = text.splitlines()
    loader = None
    try:
        try:
            loader = (_Fast or _Loader)(text)
            node = loader.get_single_node()
        except yaml.YAMLError:
            if _Fast is None:
                raise
            loader.dispose()
            loader = _Loader(text)
            node = loader.get_single_node()
        if node is None:
            report.error("empty-file", "the file holds no YAML values (only comments)", where)
            return None
        doc.data = _Builder(loader, doc, report).build(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        _syntax_error(exc, text, shown_as, report)
        return None
    except yaml.YAMLError as exc:
        report.error("yaml-syntax", str(exc).splitlines()[0], where)
        return None
    except _Refused as exc:
        if exc.mark is not None:
            where = Location(shown_as, exc.mark.line + 1, exc.mark.column + 1)
        message = f"the file is too complex: {exc}" if exc.code == "too-complex" else str(exc)
        report.error(exc.code, message, where)
        return None
    except RecursionError:
        report.error("too-complex", "the file is nested too deeply", where)
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        report.error("not-a-mapping", f"the file must hold a mapping of keys, not a {kind}", where)
        return None
    return doc


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, shown_as: str, report: Report) -> None:
    """A YAML syntax mistake, in plain words at the line to fix where it is a common one."""
    # The mistakes people make most, in plain words at the line to fix (yamlwords).
    plain = explain(exc, text)
    if plain is not None:
        report.error("yaml-syntax", plain.message,
                     Location(shown_as, plain.line, plain.column))
        return
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    start = exc.context_mark
    if exc.context and start and mark and start.line != mark.line:
        # An unclosed quote or bracket: the line where it opened is the one to fix.
        context = f" ({exc.context} that starts on line {start.line + 1})"
    report.error("yaml-syntax", f"{problem}{context}", Location(shown_as, line, column))
