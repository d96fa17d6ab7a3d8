"""The rule files of checks, found on the project's search path.

Owns: laying ``rules/*.yaml`` of every root of the search path over each
other (the loading layer reads them, :func:`brochures.inputs.catalog.rule_documents`), so
that a project extends or tightens the built-in rules by adding a file, never
by copying them.
"""

from __future__ import annotations

from brochures.errors import Report
from brochures.inputs.catalog import rule_documents as documents
from brochures.inputs.project import Project

__all__ = ["documents", "merged", "overlay"]


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
