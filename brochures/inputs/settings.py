"""The settings of a project: ``brochures.yaml`` at its root.

Owns: finding, loading and validating that one file, and the typed
:class:`Settings` the commands take their defaults from (options given on the
command line win). The file's format, every key's meaning and its default are
written once, in ``brochures/inputs/schemas/settings.json``: adding a key is a schema
edit plus a typed attribute here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from brochures.errors import Location, Report, did_you_mean
from brochures.inputs.project import Project
from brochures.inputs.validate import check_schema, drop_unknown, schema, valid_keys
from brochures.inputs.yamlio import Document, load_yaml

FILE = "brochures.yaml"


@dataclass(frozen=True)
class Settings:
    """``brochures.yaml``, every key filled in (defaults from the schema)."""

    brands: list[str] | None
    languages: list[str]
    layouts: list[str]
    paper: str
    fit: str
    builtin_brands: bool | None
    out: str
    require_approval: bool
    approver_roles: list[str] | None
    # The loaded file with its line map (None when the project has no brochures.yaml).
    document: Document | None = None

    def at(self, key: str) -> Location:
        """Where ``key`` is set (the file's first line when it is not)."""
        return self.document.at(key) if self.document else Location(FILE)


def brands(settings: Settings, project: Project) -> list[str]:
    """The brands to use when none are named: ``brands``, else ``default`` if the project
    offers it, else all of the project's own."""
    if settings.brands:
        return list(settings.brands)
    return ["default"] if "default" in project.brand_ids() else ["all"]


@cache
def defaults() -> dict:
    """Every key's default, as the schema states it."""
    return {key: spec["default"] for key, spec in schema("settings")["properties"].items()}


def _check_brands(project: Project, named: list[str] | None, document: Document,
                  report: Report) -> None:
    """Each brand ``brands`` names exists, else an error at its line, with the closest."""
    known = project.brand_ids()
    for n, brand in enumerate(named or []):
        if brand != "all" and brand not in known:
            report.error("unknown-brand", f"no brand '{brand}' in styles/brands/"
                         f"{did_you_mean(brand, known)} (known: {', '.join(known) or 'none'})",
                         document.at("brands", n))


def load_settings(root: Path, report: Report) -> Settings:
    """The settings of the project at ``root``; defaults where a key (or the file) is absent.

    Problems go to ``report``; a key with an error keeps its default so that a
    command can still say everything else that is wrong.
    """
    values = copy.deepcopy(defaults())  # never the cached schema defaults themselves
    path = root / FILE
    document = None
    if path.exists() or path.is_symlink():
        project = Project(root)
        if not project.contains(path):
            report.error("unsafe-path", f"{FILE} links outside the project; copy the file in "
                         "instead of linking to it", Location(FILE, 1))
        else:
            document = load_yaml(path, FILE, report)
    if document is not None:
        clean = check_schema(document, "settings", report)
        # Met the schema: every key is known and valid (no need to ask which).
        values.update(drop_unknown(document.data, "settings") if clean
                      else valid_keys(document.data, "settings"))
    if document is not None:
        _check_brands(Project(root, values["builtin_brands"]), values["brands"], document,
                      report)
    names = {f.name for f in fields(Settings)} - {"document"}
    assert names == set(values), "schema and Settings must name the same keys"
    return Settings(**values, document=document)
