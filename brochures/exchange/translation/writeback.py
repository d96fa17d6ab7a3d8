"""Writing translations into a YAML file, keeping what a person wrote around them.

Owns: the ruamel.yaml round trip of a language file or words file — where
each unit id lives in the file (found by walking the source file the way
:mod:`brochures.inputs.units` cuts it), setting only those values, and creating
what a new translation lacks in the source's shape and order. Comments,
key order, quoting, block styles and untouched paragraphs stay as they were.
"""

from __future__ import annotations

import copy
import io
import textwrap
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from brochures.inputs.units import FACT_FIELDS, IMAGE_FIELDS, normalize, split_paragraphs
from brochures.write import write_atomic

WIDTH = 76  # where new block text wraps (as the shipped files do)
Path_ = tuple  # keys from the file's root; a paragraph: its section's keys, then ("p", n)


def _yaml(text: str) -> YAML:
    _, sequence, offset = load_yaml_guess_indent(text) if text.strip() else (None, 4, 2)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the person wrote
    yaml.indent(mapping=2, sequence=sequence or 4, offset=offset or 2)
    return yaml


def unit_paths(data: Any) -> dict[str, Path_]:
    """Every unit id of a language file's data, with where its text lives."""
    paths: dict[str, Path_] = {}
    if not isinstance(data, dict):
        return paths
    for key in ("title", "subtitle", "intro"):
        paths[key] = (key,)
    _images(data.get("cover_image"), "cover_image", ("cover_image",), paths)
    for sid, raw in (data.get("sections") or {}).items():
        if not isinstance(raw, dict):
            continue
        at = ("sections", sid)
        paths[f"{sid}.heading"] = (*at, "heading")
        paths[f"{sid}.summary"] = (*at, "summary")
        if isinstance(raw.get("body"), str):
            for n in range(1, len(split_paragraphs(raw["body"])) + 1):
                paths[f"{sid}.p{n}"] = (*at, ("p", n))
        items = raw.get("items")
        for n, item in enumerate(items if isinstance(items, list) else [], 1):
            if isinstance(item, dict):
                for field, value in item.items():
                    if isinstance(value, dict):
                        _images(value, f"{sid}.i{n}.{field}", (*at, "items", n - 1, field), paths)
                    else:
                        paths[f"{sid}.i{n}.{field}"] = (*at, "items", n - 1, field)
            else:
                paths[f"{sid}.i{n}"] = (*at, "items", n - 1)
        for field, value in raw.items():
            if field not in ("heading", "body", "items", "summary"):
                _images(value, f"{sid}.{field}", (*at, field), paths)
    return paths


def _images(value: Any, uid: str, at: Path_, paths: dict[str, Path_]) -> None:
    if isinstance(value, list):
        for n, one in enumerate(value, 1):
            _images(one, f"{uid}{n}", (*at, n - 1), paths)
    elif isinstance(value, dict):
        for field in IMAGE_FIELDS:
            paths[f"{uid}.{field}"] = (*at, field)


def word_path(uid: str) -> Path_:
    return tuple(uid.split(".", 1))


def _lookup(data: Any, keys: Path_) -> Any:
    for key in keys:
        data = data[key]
    return data


def _shape(source: Any) -> Any:
    """A new, empty container shaped like ``source``, with what every language shares:
    an item's facts (evidence grades, source ids), an image's file."""
    if isinstance(source, list):
        return CommentedSeq()
    made = CommentedMap()
    if isinstance(source, dict):
        image = any(field in source for field in IMAGE_FIELDS)
        for key, value in source.items():
            if (key in FACT_FIELDS and not isinstance(value, dict)) or \
                    (image and key not in IMAGE_FIELDS):
                made[key] = copy.deepcopy(value)
    return made


def _wrap(text: str, indent: int) -> str:
    return "\n".join(textwrap.wrap(text, max(40, WIDTH - indent), break_long_words=False,
                                   break_on_hyphens=False))


def _styled(old: Any, text: str, indent: int) -> Any:
    """``text`` in the style of the value it replaces (block, folded, quoted or plain)."""
    if isinstance(old, FoldedScalarString) or (old is None and len(text) > WIDTH - indent):
        value = FoldedScalarString(text)
        breaks, width = [], max(40, WIDTH - indent)
        for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False):
            start = text.index(line, breaks[-1] + 1 if breaks else 0)
            breaks.append(start + len(line))
        value.fold_pos = [b for b in breaks[:-1] if b < len(text) and text[b] == " "]
        return value
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(_wrap(text, indent))
    if isinstance(old, ScalarString):
        return type(old)(text)
    if _resolved(text) != _STR:
        # ruamel writes YAML 1.2, where "No", "on" and "10:30" are text; the project's
        # loader reads YAML 1.1, where they are a boolean and a number: quote them.
        return DoubleQuotedScalarString(text)
    return text


_STR = "tag:yaml.org,2002:str"


def _resolved(text: str) -> str:
    """The tag a YAML 1.1 loader (PyYAML's, the project's) gives ``text`` written plain."""
    return pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, text, (True, False))


def _paragraphs(body: str) -> list[str]:
    """A body's paragraphs as written (their own line breaks kept)."""
    return [p.strip("\n") for p in str(body).split("\n\n") if normalize(p)]


def apply(path: Path, source: Any, paths: dict[str, Path_],
          updates: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """Set ``updates`` (id → text) in the YAML file at ``path`` (created if new).

    Returns the new text (``None`` if nothing changed or it cannot be read) and the
    units refused, id → reason.
    """
    old_text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    yaml = _yaml(old_text)
    try:
        data = yaml.load(old_text) if old_text.strip() else None
    except YAMLError as exc:
        return None, dict.fromkeys(updates, f"{path.name} cannot be read: {exc}")
    data = data if isinstance(data, CommentedMap) else CommentedMap()
    refused: dict[str, str] = {}
    for uid, text in updates.items():
        keys = paths[uid]
        reason = _set(data, source, keys, text)
        if reason:
            refused[uid] = reason
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = out.getvalue()
    return (new_text if new_text != old_text else None), refused


def _set(data: CommentedMap, source: Any, keys: Path_, text: str) -> str | None:
    node: Any = data
    for depth, key in enumerate(keys[:-1]):
        src = _lookup(source, keys[:depth + 1])
        if isinstance(node, CommentedSeq):
            if key > len(node):
                return f"item {key} has no translation yet; translate the items before it"
            if key == len(node):
                node.append(_shape(src))
        elif key not in node or node[key] is None:
            node[key] = _shape(src)
        node = node[key]
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            return "the translation file has another shape here than the source"
    last = keys[-1]
    indent = 2 * len(keys)
    if isinstance(last, tuple):  # a paragraph of a body
        n = last[1]
        body = node.get("body") if isinstance(node, CommentedMap) else None
        parts = _paragraphs(body) if isinstance(body, str) else []
        if n > len(parts) + 1:
            return f"paragraph {n - 1} has no translation yet; translate it first"
        wrapped = _wrap(text, indent + 2)
        parts = [*parts[:n - 1], wrapped, *parts[n:]]
        node["body"] = LiteralScalarString("\n\n".join(parts))
        return None
    if isinstance(node, CommentedSeq):
        if last > len(node):
            return f"item {last} has no translation yet; translate the items before it"
        old = node[last] if last < len(node) else None
        value = _styled(old, text, indent)
        if last == len(node):
            node.append(value)
        else:
            node[last] = value
        return None
    if last not in node:
        _append(node, last, _styled(None, text, indent))
    else:
        node[last] = _styled(node.get(last), text, indent)
    return None


def _append(mapping: CommentedMap, key: Any, value: Any) -> None:
    """Add ``key`` at the end of ``mapping``, and keep the comment lines that followed the
    old last key below the new one: ruamel attaches them to that key (they are usually
    about what comes after the mapping), so the new key would land under them."""
    before = next(reversed(mapping), None) if mapping else None
    mapping[key] = value
    token = mapping.ca.items.get(before, [None] * 4)[2] if before is not None else None
    if token is None:
        return
    end_of_line, _, lines = token.value.partition("\n")
    if not lines:
        return  # only a comment at the end of the old last line: it stays there
    moved = copy.copy(token)
    moved.value = "\n" + lines
    if end_of_line.strip():
        token.value = end_of_line + "\n"
    else:
        del mapping.ca.items[before]
    mapping.ca.items[key] = [None, None, moved, None]


def save(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))
