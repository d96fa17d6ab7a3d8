"""The rule files of checks, found on the project's search path.

Owns: reading ``rules/*.yaml`` from every root of the search path (the
project first, the built-in rules last) and laying them over each other, so
that a project extends or tightens the built-in rules by adding a file, never
by copying them.
"""

from __future__ import annotations

from brochures.errors import Report
from brochures.project import Project, is_inside
from brochures.yamlio import Document, load_yaml


def documents(project: Project, relative: str, report: Report) -> list[Document]:
    """Every ``relative`` file on the search path, built-in first, the project's last."""
    found: list[Document] = []
    for root in reversed(project.roots):
        path = root / relative
        if path.is_file() and is_inside(path, root):
            doc = load_yaml(path, project.show(path), report)
            if doc is not None and isinstance(doc.data, dict):
                found.append(doc)
            elif doc is not None:
                report.error("bad-rules", f"{relative} must be a mapping of keys",
                             doc.at())
    return found


def overlay(base: dict, top: dict) -> dict:
    """``top`` laid over ``base`` key by key (mappings merge, anything else replaces)."""
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = overlay(merged[key], value)
        else:
            merged[key] = value
    return merged


def merged(project: Project, relative: str, report: Report) -> dict:
    """The rules of ``relative``: the built-in file with the project's laid over it."""
    data: dict = {}
    for doc in documents(project, relative, report):
        data = overlay(data, doc.data)
    return data
