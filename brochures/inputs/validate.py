"""Checking loaded YAML against the project's file formats.

Owns: turning a :class:`~brochures.inputs.yamlio.Document` and a JSON schema (in
``brochures/inputs/schemas/``, one per kind of file) into problems that a person can
act on: the file, the line, and what is wrong in words. Unknown keys are
warnings (a typo should not stop a build, but must not go unnoticed);
everything else the schema refuses is an error.
"""

from __future__ import annotations

import copy
import difflib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from brochures import PACKAGE_DIR, caches
from brochures.errors import Report
from brochures.inputs.yamlio import Document

if TYPE_CHECKING:  # jsonschema loads only when a file is not known to be valid
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


@cache
def _schema_text(kind: str) -> str:
    return resources.files("brochures.inputs.schemas").joinpath(f"{kind}.json").read_text("utf-8")


@cache
def schema(kind: str) -> dict:
    """The JSON schema of ``kind`` files (``brochures/inputs/schemas/<kind>.json``)."""
    return json.loads(_schema_text(kind))


@cache
def _validator(kind: str) -> Draft202012Validator:
    # lazy: start-up time: jsonschema loads only for a file not known to be valid
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


@cache
def _reader_key() -> str:
    """What else decides a file's validity besides its bytes and its schema: the code
    that reads the YAML and this module's."""
    return caches.key(PACKAGE_DIR / "inputs/yamlio.py", PACKAGE_DIR / "inputs/validate.py") or ""


def _valid_key(doc: Document, kind: str) -> str:
    """The key under which a run remembers that ``doc`` met the schema of ``kind`` files."""
    return caches.key(_reader_key(), _schema_text(kind), "\n".join(doc.lines)) or ""


def _name(path) -> str:
    return ".".join(str(p) for p in path) or "the file"


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "empty"
    return "a number"


def _item_with_colon(error: ValidationError) -> str | None:
    """Plain words for a list item of text that a colon turned into a mapping (``- Note: …``)."""
    value, path = error.instance, error.absolute_path
    if not (path and isinstance(path[-1], int) and isinstance(value, dict) and len(value) == 1):
        return None
    (key, text), = value.items()
    if key in ("title", "text") or not isinstance(text, str | None):
        return None
    typed = f"{key}: {text}" if text is not None else f"{key}:"
    typed = typed if len(typed) <= 40 else typed[:40].rstrip() + "…"
    return ("a colon followed by a space turned this list item into a mapping; "
            f'put this text in quotes: - "{typed}"')


def _describe(error: ValidationError) -> tuple[str, str]:
    """A code and a plain message for one schema error."""
    where = _name(error.absolute_path)
    kind = error.validator
    if kind in ("type", "anyOf", "required") and (quoted := _item_with_colon(error)):
        return "wrong-type", quoted
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
        return "wrong-type", f"'{where}' must be {names}, not {_kind_of(error.instance)}"
    if kind == "required" and error.absolute_path and "items" in error.absolute_path:
        # An item is text, a step {title, text} or a use {text, evidence, source}.
        return (
            "wrong-type",
            f"'{where}' must be text, or a mapping with 'text' (and 'title' for a step, "
            "'evidence' and 'source' for a use)",
        )
    if kind == "required":
        missing = error.message.split("'")[1]
        inside = f" in '{where}'" if error.absolute_path else ""
        return "missing-field", f"required field '{missing}' is missing{inside}"
    if kind == "anyOf":
        return _any_of(error, where)
    if kind == "pattern":
        return _pattern(error, where)
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return "bad-value", f"'{where}' must be one of {allowed}, not {error.instance!r}"
    if kind in ("minLength", "minItems"):
        return "empty-value", f"'{where}' must not be empty"
    if kind in ("maxLength", "maxItems"):
        return "too-long", f"'{where}' is too long (limit {error.validator_value})"
    if kind in ("minimum", "maximum"):
        return "out-of-range", f"'{where}' is out of range: {error.message}"
    return "invalid", f"'{where}': {error.message}"


def _any_of(error: ValidationError, where: str) -> tuple[str, str]:
    """One of several forms was expected (text, or a mapping with …)."""
    # A branch whose type the value has says what is wrong with it (a footer too long
    # is too long, not of the wrong type).
    fitting = [e for e in error.context or []
               if not (e.validator == "type" and len(e.path) == 0)]
    if fitting:
        return _describe(min(fitting, key=lambda e: len(e.path)))
    if "sections" in error.absolute_path:
        return ("wrong-type", f"'{where}' must be text, or a mapping with 'title' and "
                f"'text', not {_kind_of(error.instance)}")
    kinds = dict.fromkeys(_TYPE_NAMES.get(e.validator_value, str(e.validator_value))
                          for e in error.context or [] if e.validator == "type"
                          and isinstance(e.validator_value, str))
    return "wrong-type", (f"'{where}' must be {' or '.join(kinds) or 'something else'}, "
                          f"not {_kind_of(error.instance)}")


def _pattern(error: ValidationError, where: str) -> tuple[str, str]:
    """Text of the wrong form: a date, an address, a picture's name, a phone number."""
    if where.endswith(("reviewed", "next_review")):
        return "bad-date", f"'{where}' must be a date written YYYY-MM-DD, not {error.instance!r}"
    if error.absolute_path and error.absolute_path[-1] in (
        "url",
        "website",
        "booking_url",
    ):
        return "bad-url", f"'{where}' must be an http:// or https:// address"
    if where == "logo":
        return "bad-logo", (f"a logo must be SVG, PNG or JPEG, not {error.instance!r}: export "
                            "it from the design tool as .svg (best), .png or .jpg")
    if where.endswith(".file"):
        return "bad-image", (f"'{where}' must name an .svg, .png or .jpg file in the topic's "
                             f"images/ folder, not {error.instance!r}")
    if where == "emergency":
        return "bad-phone", ("'emergency' must be a phone number such as 112 or 999, "
                             f"not {error.instance!r}")
    return "bad-value", f"'{where}' has an unexpected form: {error.instance!r}"


def _as_written(doc: Document, path: tuple, error: ValidationError) -> str:
    """What to do when YAML read text as something else: a ``#`` that began a comment
    (``primary: #007a87`` is empty), digits read as a number (``phone: 0472123456``)."""
    expected = error.validator_value if error.validator == "type" else None
    if "string" not in (expected if isinstance(expected, list) else [expected]) or not path:
        return ""
    line_number = doc.at(*path).line or 0
    if not 0 < line_number <= len(doc.lines):
        return ""
    line = doc.lines[line_number - 1]
    key, sep, value = line.strip().removeprefix("- ").partition(":")
    value = value.strip()
    if not sep or not value or str(path[-1]) != key.strip():
        return ""
    if error.instance is None and value.startswith("#"):
        return (f"; '#' starts a comment in YAML, so this value is empty: put it in quotes, "
                f'{key.strip()}: "{value}"')
    if isinstance(error.instance, int | float | bool):
        return f'; put it in quotes to keep it as written, {key.strip()}: "{value}"'
    return ""


# Files where a mistyped key silently switches a safeguard off: an unknown key is an error.
STRICT_KEYS = frozenset({"settings"})


def _unknown_key(doc: Document, kind: str, path: tuple, key: str, allowed: list[str],
                 report: Report) -> None:
    close = difflib.get_close_matches(key.replace("-", "_"), allowed, n=1, cutoff=0.6)
    if kind in STRICT_KEYS:
        hint = f"; did you mean '{close[0]}'?" if close else \
            f"; known keys: {', '.join(allowed)}"
        report.error("unknown-key", f"unknown key '{_name((*path, key))}'{hint}",
                     doc.key_at(*path, key))
        return
    hint = f"; did you mean '{close[0]}'?" if close else (
        f"; known keys: {', '.join(allowed)}" if allowed else "")
    report.warning("unknown-key", f"unknown key '{_name((*path, key))}' is ignored{hint}",
                   doc.key_at(*path, key))


def check_schema(doc: Document, kind: str, report: Report) -> bool:
    """Report every way ``doc`` breaks the schema of ``kind`` files; whether it met it with
    nothing to say (then a later run reading the same bytes need not check again: see
    :mod:`brochures.caches`)."""
    if doc.lines and caches.marked("valid", key := _valid_key(doc, kind)):
        return True
    found = Report()
    _check_schema(doc, kind, found)
    report.extend(found.problems)
    clean = not found.problems
    if clean and doc.lines:
        caches.mark("valid", key)
    return clean


def _check_schema(doc: Document, kind: str, report: Report) -> None:
    for error in _validator(kind).iter_errors(doc.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            if _item_with_colon(error):
                continue  # the item's one error says what to do: quote the text
            allowed = sorted(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in error.schema.get("properties", {}):
                    _unknown_key(doc, kind, path, str(key), allowed, report)
            continue
        if error.validator == "propertyNames":
            report.error(
                "bad-name",
                f"'{error.instance}' in '{_name(path)}' must be lower-case letters, digits and _",
                doc.key_at(*path, error.instance),
            )
            continue
        code, message = _describe(error)
        report.error(code, message + _as_written(doc, path, error), doc.at(*path))


def drop_unknown(data: dict, kind: str) -> dict:
    """``data`` without the top-level keys that ``kind`` files do not know (already warned)."""
    known = schema(kind).get("properties", {})
    return {k: v for k, v in data.items() if k in known}


def valid_keys(data: dict, kind: str) -> dict:
    """The top-level keys of ``data`` that ``kind`` files know and whose values are valid."""
    validator, known = _validator(kind), schema(kind).get("properties", {})
    return {k: v for k, v in data.items() if k in known and validator.is_valid({k: v})}


def with_defaults(data: dict, kind: str) -> dict:
    """``data`` with every top-level key it lacks set to the default its schema states."""
    spec = schema(kind).get("properties", {})
    defaults = {k: copy.deepcopy(v["default"]) for k, v in spec.items() if "default" in v}
    return defaults | data


def schema_default(kind: str, *path: str):
    """The default a ``kind`` file's schema states for the key at ``path``."""
    spec = schema(kind)
    for key in path:
        spec = spec.get("properties", {}).get(key, {})
    return spec["default"]


def schema_keys(kind: str, *path: str) -> list[str]:
    """The keys a ``kind`` file may have at ``path`` (``schema_keys("brand", "contact")``)."""
    spec = schema(kind)
    for key in path:
        spec = spec.get("properties", {}).get(key, {})
    return list(spec.get("properties", {}))


def schema_kinds() -> list[str]:
    """Every kind of file that has a schema (``settings``, ``topic``, ``brand``, ...)."""
    folder = resources.files("brochures.inputs.schemas")
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir()
                  if p.name.endswith(".json"))
