"""The file-format pages of the docs site, generated from brochures' JSON schemas.

Owns: turning each schema (``brochures.inputs.validate.schema``) into one Markdown page that lists
every field with its meaning, default and an example, the examples taken from the files that
ship with brochures (``brochures.inputs.project.builtin_root``) where they have the field, else from
the schema's own ``examples``. Nothing here is written by hand twice: a field added to a
schema appears on its page at the next ``mkdocs build``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from brochures.inputs import project, validate

ANY_KEY = "<key>"


@dataclass
class Field:
    """One field of a file format: its dotted path, and what the schema says of it."""

    path: str
    description: str
    required: bool
    default: object
    has_default: bool
    type: str
    spec: dict


def kinds() -> list[str]:
    """Every kind of file with a schema, in the order the site lists them."""
    return validate.schema_kinds()


def _resolve(spec: dict, root: dict) -> dict:
    """``spec`` with a ``$ref`` into ``root`` followed (its own keys win)."""
    seen = 0
    while "$ref" in spec and seen < 20:
        target = root
        for part in spec["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        spec = {**target, **{k: v for k, v in spec.items() if k != "$ref"}}
        seen += 1
    return spec


def _type(spec: dict, root: dict) -> str:
    spec = _resolve(spec, root)
    if "enum" in spec:
        return "one of " + ", ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{json.dumps(spec['const'], ensure_ascii=False)}`"
    kind = spec.get("type")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        inner = spec.get("items")
        return f"list of {_type(inner, root)}" if isinstance(inner, dict) else "list"
    if kind:
        return kind
    branches = spec.get("oneOf") or spec.get("anyOf")
    if branches:
        return " or ".join(dict.fromkeys(_type(b, root) for b in branches))
    return "any"


def _branches(spec: dict, root: dict) -> list[dict]:
    spec = _resolve(spec, root)
    out = [spec]
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in spec.get(key, []):
            out.extend(_branches(branch, root))
    for key in ("then", "else"):  # if/then/else: the shapes a value may take
        if isinstance(spec.get(key), dict):
            out.extend(_branches(spec[key], root))
    if spec.get("type") == "array" and isinstance(spec.get("items"), dict):
        out.extend(_branches(spec["items"], root))
    return out


def fields(schema: dict) -> list[Field]:
    """Every field of ``schema``, depth first: ``sections.<key>.items[].title`` and so on.

    Fields inside ``$defs`` are reached through the ``$ref`` that uses them, so each is
    listed where it is written in a file."""
    found: list[Field] = []

    def walk(node: dict, prefix: str, depth: int) -> None:
        if depth > 8:
            return
        for branch in _branches(node, schema):
            required = set(branch.get("required", []))
            for key, spec in branch.get("properties", {}).items():
                path = f"{prefix}{key}"
                if any(f.path == path for f in found):
                    continue
                resolved = _resolve(spec, schema)
                found.append(Field(path, resolved.get("description", ""), key in required,
                                   resolved.get("default"), "default" in resolved,
                                   _type(spec, schema), resolved))
                suffix = "[]" if resolved.get("type") == "array" else ""
                walk(spec, f"{path}{suffix}.", depth + 1)
            extra = branch.get("additionalProperties")
            if isinstance(extra, dict):
                path = f"{prefix}{ANY_KEY}"
                resolved = _resolve(extra, schema)
                if not any(f.path == path for f in found) and resolved.get("description"):
                    found.append(Field(path, resolved["description"], False, None, False,
                                       _type(extra, schema), resolved))
                suffix = "[]" if resolved.get("type") == "array" else ""
                walk(extra, f"{path}{suffix}.", depth + 1)

    walk(schema, "", 0)
    return found


def file_pattern(schema: dict) -> str:
    """The file a schema describes, from its title (``styles/brands/<brand>/brand.yaml: …``)."""
    return schema.get("title", "").split(": ", 1)[0].split(" ", 1)[0]


def shipped_files(kind: str) -> list[Path]:
    """The files of this kind that ship with brochures (the examples' source)."""
    root = project.builtin_root()
    if root is None:
        return []
    mine = file_pattern(validate.schema(kind))
    others = {file_pattern(validate.schema(k)) for k in kinds()} - {mine}
    glob = re.sub(r"<[^>]+>", "*", mine)
    files = []
    for path in sorted(root.glob(glob)):
        relative = path.relative_to(root).as_posix()
        specific = any(re.fullmatch(re.sub(r"<[^>]+>", "[^/]+", re.escape(o).replace(
            r"\<", "<").replace(r"\>", ">")), relative) and "<" not in o.rsplit("/", 1)[-1]
            for o in others)
        if not specific:
            files.append(path)
    return files


def _values(data, parts: list[str]):
    if not parts:
        yield data
        return
    head, rest = parts[0], parts[1:]
    many = head.endswith("[]")
    head = head.removesuffix("[]")
    if not isinstance(data, dict):
        return
    children = list(data.values()) if head == ANY_KEY else (
        [data[head]] if head in data else [])
    for child in children:
        if many:
            if isinstance(child, list):
                for item in child:
                    yield from _values(item, rest)
        else:
            yield from _values(child, rest)


def _short(value) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000,
                          sort_keys=False).strip()
    text = text.removesuffix("\n...").removesuffix("...").strip()
    return text if len(text) <= 90 else text[:89].rstrip() + "…"


def examples(kind: str) -> dict[str, str]:
    """An example value of each field: from the shipped files, else the schema's ``examples``."""
    documents = []
    for path in shipped_files(kind):
        try:
            documents.append(yaml.safe_load(path.read_text("utf-8")))
        except (OSError, yaml.YAMLError):
            continue
    found = {}
    for field in fields(validate.schema(kind)):
        parts = field.path.split(".")
        for document in documents:
            value = next(_values(document, parts), None)
            if value not in (None, "", [], {}):
                found[field.path] = _short(value)
                break
        else:
            if field.spec.get("examples"):
                found[field.path] = _short(field.spec["examples"][0])
    return found


def prose(text: str) -> str:
    """``text`` for a Markdown table cell: one line, ``|`` escaped, and ``<`` escaped outside
    code spans (``content/<topic>/`` is not an HTML tag)."""
    parts = text.replace("\n", " ").replace("|", "\\|").split("`")
    return "`".join(p.replace("<", "&lt;") if i % 2 == 0 else p for i, p in enumerate(parts))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def page(kind: str) -> str:
    """The Markdown page of one kind of file."""
    schema = validate.schema(kind)
    pattern = file_pattern(schema)
    title = schema.get("title", kind)
    about = title.split(": ", 1)[1] if ": " in title else ""
    sample = examples(kind)
    shipped = shipped_files(kind)
    root = project.builtin_root()
    lines = [
        f"# `{pattern}`", "",
        prose(f"{about[:1].upper()}{about[1:]}.") if about else "", "",
        "<!-- Generated from the JSON schema by scripts/docsite/formats.py: edit the schema "
        "(its descriptions and defaults), not this page. -->", "",
    ]
    if shipped and root:
        names = ", ".join(f"`{p.relative_to(root).as_posix()}`" for p in shipped[:4])
        more = f" and {len(shipped) - 4} more" if len(shipped) > 4 else ""
        lines += [f"Examples below are taken from the files that ship with brochures: "
                  f"{names}{more}.", ""]
    if schema.get("additionalProperties") is False:
        lines += ["Only the keys listed here belong in this file (see `unknown-key` in the "
                  "[finding codes](../reference/codes.md)).", ""]
    lines += ["| field | required | type | default | meaning | example |",
              "|---|---|---|---|---|---|"]
    for field in fields(schema):
        default = (f"`{_cell(_short(field.default))}`" if field.has_default else
                   ("—" if field.required else "not set"))
        example = f"`{_cell(sample[field.path])}`" if field.path in sample else "—"
        lines.append(f"| `{field.path}` | {'yes' if field.required else 'no'} | "
                     f"{prose(field.type)} | {default} | {prose(field.description)} | "
                     f"{example} |")
    lines += ["", f"`{ANY_KEY}` stands for any key the file chooses (a language code, a "
              "section id, a name); `[]` for each item of a list.", ""]
    return "\n".join(lines)
