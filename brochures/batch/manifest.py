"""The one list of what a leaflet is made from and judged by.

Owns: the manifest of a job — every file whose change can change what the
leaflet prints or the gate's verdict on it (its language file and its source
language's, ``topic.yaml``, its pictures, the words files, ``sections.yaml``,
the layout, stylesheets and templates, every file of its brand's folder, the
rule files of its languages, the glossary), the inputs that count by their
state rather than their bytes (its language's sign-off), and the code that
makes it (every file of the package, every subfolder). The fingerprint of
:mod:`brochures.batch.cache`, the stamp of :mod:`brochures.batch.stamp`, ``build --watch``
and ``serve`` all ask this module, and nothing else, what a leaflet depends on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from brochures import PACKAGE_DIR
from brochures.inputs.project import Project
from brochures.model import Job

if TYPE_CHECKING:
    from brochures.inputs.catalog import Catalog

PACKAGE = PACKAGE_DIR
# The folders of a project whose files are inputs (brochures.yaml aside), and those the
# built-in root lends (its templates, styles and rules).
CONTENT = "content"
PROJECT_FOLDERS = (CONTENT, "templates", "styles", "rules", "translations")
BUILTIN_FOLDERS = ("templates", "styles", "rules")
SETTINGS = "brochures.yaml"
FALLBACK_FONTS = ("Noto Sans", "DejaVu Sans")  # as leaflet.templating.FALLBACK_FONTS, without Jinja
ANY_TEMPLATE = "*"  # a template computes an include name: any template may be used
# Rule files every leaflet is judged by, and those of its languages ({lang}: the base code).
RULES = ("rules/readability.yaml", "rules/accessibility.yaml", "rules/claims/all.yaml",
         "rules/typography/all.yaml")
LANGUAGE_RULES = ("rules/claims/{lang}.yaml", "rules/numbers/{lang}.yaml",
                  "rules/typography/{lang}.yaml", "rules/units/{lang}.yaml")
# Inside the package, what is not code: bytecode and editors' leftovers.
_NOT_CODE = ("__pycache__",)


def code_files() -> list[Path]:
    """Every file of the package that can change what it makes: modules of every
    subfolder, schemas, the starter project, the server's web files."""
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file()
                  and not any(part in _NOT_CODE for part in p.relative_to(PACKAGE).parts)
                  and not p.name.startswith(".") and p.suffix not in (".pyc", ".pyo"))


@cache
def code_digest() -> str:
    """brochures' own code: an edited module (in any subfolder) rebuilds every leaflet."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def base_language(code: str) -> str:
    return code.split("-")[0].split("_")[0]


@dataclass
class Inputs:
    """What one leaflet is made from: files by content, font families, template names,
    and the inputs that count by their state (``signoff``: its language's approval)."""

    files: list[Path] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)

    def names(self, project: Project) -> set[str]:
        """Every file by its name in a fingerprint (``builtin/`` before a built-in file's),
        the files counted by state included."""
        return {project.input_name(p) for p in [*self.files, *map(Path, self.states)]}

    def shown(self, project: Project) -> set[str]:
        """Every file as messages name it (relative to its root)."""
        return {project.show(p) for p in [*self.files, *map(Path, self.states)]}


def _everywhere(catalog: Catalog, relative: str) -> list[Path]:
    """``relative`` in every root of the search path, found or not: adding a project's own
    copy later changes what is used."""
    return [root / relative for root in catalog.project.roots]


def leaflet_inputs(catalog: Catalog, job: Job, templates: list[str] | None = None
                   ) -> Inputs | None:
    """The manifest of ``job``; ``None`` when one of its files has errors (it cannot start).

    ``templates``: the names below templates/ it uses, when known (from its last build),
    else asked of Jinja.
    """
    project = catalog.project
    topic = catalog.topics.get(job.topic)
    brand, layout = catalog.brands.get(job.brand), catalog.layouts.get(job.layout)
    if topic is None or job.language not in topic.leaflets or brand is None or not layout:
        return None
    leaflet = topic.leaflets[job.language]
    folder = topic.path
    files = [leaflet.path, folder / "topic.yaml", *catalog.pictures(leaflet), layout.path]
    languages = list(dict.fromkeys((job.language, topic.source_language)))
    if topic.source_language != job.language:
        files.append(folder / f"{topic.source_language}.yaml")  # parity, staleness
    families = [*brand.fonts.values(), *FALLBACK_FONTS]
    for language in languages:
        files.append(catalog.found(f"templates/words/{language}.yaml"))
        files += [p for p in [catalog.builtin_words_file(language)] if p is not None]
        words = catalog.words.get(language)
        if words is not None:
            families += words.fonts
        for rule in LANGUAGE_RULES:
            files += _everywhere(catalog, rule.format(lang=base_language(language)))
    for rule in RULES:
        files += _everywhere(catalog, rule)
    files.append(project.root / "translations" / f"glossary.{job.language}.tsv")
    files += catalog.brand_files(brand)
    files += catalog.sample_brand_files()  # a contact copied from a sample brand is a finding
    files += [catalog.found(n) for n in ("templates/sections.yaml", "styles/base.css",
                                          f"styles/{layout.stylesheet}")]
    files += layout.stylesheets  # and those they import
    if job.press:
        files += catalog.press_profiles()  # the printing condition's profile among them
    names = templates if templates and ANY_TEMPLATE not in templates \
        else templates_of(catalog, layout.template)
    files += [catalog.found(f"templates/{n}") for n in names if n != ANY_TEMPLATE]
    if layout.output == "html":  # a web page links to the topic's other languages
        for code, path in project.language_files(job.topic).items():
            files += [path, catalog.found(f"templates/words/{code}.yaml")]
    records = folder / "records.yaml"
    return Inputs(list(dict.fromkeys(files)), sorted(set(families)), names,
                  {str(records.absolute()): signoff_key(catalog, job)})


def templates_of(catalog: Catalog, name: str) -> list[str]:
    """``name`` and every template it includes, extends or imports, once per run (every
    template when one of them computes a name it includes: ``*`` first)."""
    # lazy: start-up time: Jinja loads only when no record knows the templates
    from brochures.leaflet.compose import template_names

    return catalog.once(("templates", name), lambda: template_names(catalog.project, name))


def signoff_key(catalog: Catalog, job: Job) -> str:
    """What a built PDF depends on from sign-off: its leaflet's state, nothing else."""
    # lazy: start-up time: the gate's floor, loaded only when fingerprinting
    from brochures.checks.signoff import cache_key

    return cache_key(catalog, job.topic, job.language, job.brand, job.layout)


# --- the other way round: which leaflets a changed file can feed -------------------------


def is_input(root: Path, path: Path) -> bool:
    """Whether ``path`` is where a project keeps inputs (its input folders, brochures.yaml)
    and not an editor's temporary or hidden file."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
        return False
    try:
        parts = path.absolute().relative_to(root.absolute()).parts
    except ValueError:
        try:
            parts = path.resolve().relative_to(root.resolve()).parts
        except ValueError:
            return False
    return bool(parts) and (parts[0] in PROJECT_FOLDERS or parts == (SETTINGS,))


def shown_parts(project: Project, path: Path) -> tuple[str, ...]:
    """A path's parts below its root (the project's or the built-in one), or ``()``."""
    shown = Path(project.show(path))
    return () if shown.is_absolute() else shown.parts


def topic_of(project: Project, path: Path) -> str | None:
    """The topic whose folder holds ``path`` (``None`` for a file of no topic)."""
    parts = shown_parts(project, path)
    return parts[1] if len(parts) >= 2 and parts[0] == CONTENT else None


def is_brand_file(shown: Path) -> bool:
    """Whether a path, as messages show it, is a file of a brand's folder."""
    return shown.parts[:2] == ("styles", "brands")


def affected(project: Project, changed: Path, manifests: dict) -> list | None:
    """The keys of ``manifests`` (key → :class:`Inputs`) whose leaflet ``changed`` feeds;
    ``None`` for every leaflet (brochures.yaml: the selection itself may change)."""
    if changed.absolute() == (project.root / SETTINGS).absolute():
        return None
    name = project.input_name(changed)
    found = [key for key, inputs in manifests.items() if name in inputs.names(project)]
    if not found and not name.startswith(("builtin/", "/")):
        # A project file new (or gone) in front of a built-in one feeds those that used it.
        shadowed = f"builtin/{name}"
        found = [key for key, inputs in manifests.items() if shadowed in inputs.names(project)]
    return found
