"""Finding things in a brochure project.

Owns: the layout of a project on disk (``content/``, ``templates/``,
``styles/``), the ordered search path that lets a project override one
built-in template, brand or layout without copying the rest, the ids a
person may give (topic, language, brand, layout), and the rule that a
project's files never lead outside the project.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePath

from brochures import PACKAGE_DIR
from brochures.errors import ShippedName
from brochures.i18n import LANG_RE

# Folders of system tools a project may use files from (Ghostscript's ICC profiles for PDF/X).
TOOL_ROOTS = [Path("/usr/share/color/icc/ghostscript")]
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def builtin_root() -> Path | None:
    """The project whose templates and styles ship with brochures.

    In a wheel they are packaged as ``brochures/_builtin``; in a source checkout
    they are the repository's own ``templates/`` and ``styles/``.
    """
    package = PACKAGE_DIR
    for candidate in (package / "_builtin", package.parent):
        if (candidate / "templates" / "layouts").is_dir():
            return candidate
    return None


def safe_relative(value: str) -> bool:
    """Whether ``value`` is a plain relative path that cannot leave its folder.

    Refuses absolute paths, ``..``, backslashes, URLs (``file:``, ``https:``) and
    empty parts.
    """
    if not value or value.startswith(("/", "~")) or "\\" in value or ":" in value:
        return False
    return all(part not in ("", ".", "..") for part in value.split("/"))


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symlink followed, lies inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


@dataclass(frozen=True)
class Project:
    """A folder with ``content/``, ``templates/`` and ``styles/``."""

    root: Path
    # Whether the brands that ship with brochures are offered beside the project's own
    # (``builtin_brands`` in brochures.yaml); None: only when the project has none.
    builtin_brands: bool | None = None

    @cached_property
    def roots(self) -> list[Path]:
        """Where templates, styles, brands and layouts are looked up, first match wins."""
        roots = [self.root.resolve()]
        builtin = builtin_root()
        if builtin and builtin.resolve() != roots[0]:
            roots.append(builtin.resolve())
        return roots

    def show(self, path: Path) -> str:
        """A path as printed in messages: relative to the project when it can be.

        The path is tried as written before symlinks are followed, so that a
        symlink pointing out of the project is still named by where it lies.
        """
        roots = [Path(os.path.abspath(self.root)), *self.roots]

        def candidates():
            yield Path(os.path.abspath(path))
            try:  # only when the path as written is outside every root
                resolved = path.resolve()
            except (OSError, RuntimeError):
                return
            yield resolved

        for candidate in candidates():
            for n, root in enumerate(roots):
                if candidate.is_relative_to(root):
                    name = str(candidate.relative_to(root))
                    # not the project's own: a finding in it is a bug in brochures
                    return ShippedName(name) if n >= 2 else name
        return str(path)

    def input_name(self, path: Path) -> str:
        """A file's name in a fingerprint: relative to the project, or ``builtin/`` and its
        name in the built-in root (a project's own ``rules/claims/fr.yaml`` and the
        built-in one are two inputs), else as written."""
        absolute = Path(os.path.abspath(path))
        for n, root in enumerate([Path(os.path.abspath(self.root)), *self.roots]):
            if absolute.is_relative_to(root):
                relative = absolute.relative_to(root).as_posix()
                return relative if n < 2 else f"builtin/{relative}"
        return str(path)

    def contains(self, path: Path) -> bool:
        """Whether ``path``, symlinks followed, lies inside one of the search-path roots."""
        return any(is_inside(path, root) for root in self.roots)

    def find(self, relative: str) -> Path | None:
        """The first file at ``relative`` on the search path, if any (never outside it)."""
        for root in self.roots:
            candidate = root / relative
            if candidate.is_file() and is_inside(candidate, root):
                return candidate
        return None

    def _names(self, folder: str, pattern: str, dirs: bool = False) -> list[str]:
        names: set[str] = set()
        for root in self.roots:
            base = root / folder
            if not base.is_dir():
                continue
            for entry in base.glob(pattern):
                if (entry.is_dir() if dirs else entry.is_file()) and is_inside(entry, root):
                    name = entry.name if dirs else entry.name.split(".")[0]
                    if ID_RE.match(name) or LANG_RE.match(name):
                        names.add(name)
        return sorted(names)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def topic_ids(self) -> list[str]:
        base = self.content_dir
        if not base.is_dir():
            return []
        return sorted(
            p.name
            for p in base.iterdir()
            if p.is_dir() and (p / "topic.yaml").is_file() and not p.name.startswith((".", "_"))
        )

    def unstarted_topics(self) -> list[str]:
        """Topic folders with language files but no topic.yaml: a topic not started right."""
        base = self.content_dir
        if not base.is_dir():
            return []
        folders = {p.parent for p in base.glob("*/*.yaml")}
        return sorted(f.name for f in folders if not f.name.startswith((".", "_"))
                      and not ((f / "topic.yaml").exists() or (f / "topic.yaml").is_symlink()))

    def language_files(self, topic: str) -> dict[str, Path]:
        """The language files of a topic by language code (``topic.yaml`` and the
        machine-written ``records.yaml`` of brochures.inputs.records excluded)."""
        base = self.content_dir / topic
        return {
            p.name[: -len(".yaml")]: p
            for p in sorted(base.glob("*.yaml"))
            if p.name not in ("topic.yaml", "records.yaml") and not p.name.startswith(".")
        }

    def brand_ids(self) -> list[str]:
        every = [b for b in self._names("styles/brands", "*", dirs=True) if ID_RE.match(b)]
        own = [b for b in every if (self.roots[0] / "styles" / "brands" / b).is_dir()]
        offer_builtin = self.builtin_brands if self.builtin_brands is not None else not own
        return every if offer_builtin else own

    def brand_dir(self, brand: str) -> Path | None:
        for root in self.roots:
            candidate = root / "styles" / "brands" / brand
            if (candidate / "brand.yaml").is_file() and is_inside(candidate, root):
                return candidate
        return None

    def layout_ids(self) -> list[str]:
        return self._names("templates/layouts", "*.yaml")

    def word_languages(self) -> list[str]:
        return self._names("templates/words", "*.yaml")

    def template_dirs(self) -> list[Path]:
        return [root / "templates" for root in self.roots
                if (root / "templates").is_dir() and is_inside(root / "templates", root)]

    def linked_out(self) -> list[str]:
        """The project's own folders that are symlinks to somewhere outside the project."""
        return [name for name in ("content", "templates", "styles")
                if (self.root / name).exists() and not is_inside(self.root / name, self.root)]


def template_loader(template_dirs: list[Path]):
    """A Jinja loader over ``template_dirs`` that never reads a file outside them.

    Jinja's own loader already refuses ``..`` in names, but follows symlinks: a
    project's ``templates/partials/x.html`` linking to ``~/.ssh/id_rsa`` would be
    printed. Imported lazily so that commands that never render stay fast.
    """
    # lazy: start-up time: jinja2 loads only when this runs
    import jinja2

    class _Outside(jinja2.TemplateError):
        def __init__(self, filename: str):
            super().__init__("this template links to a file outside the project; "
                             "templates must be files inside templates/")
            self.filename = filename
            self.lineno = None

    class _ProjectLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            if not any(is_inside(Path(filename), Path(d)) for d in self.searchpath):
                raise _Outside(filename)
            return source, filename, uptodate

    return _ProjectLoader([str(d) for d in template_dirs])


def template_frame(exc: BaseException) -> tuple[Path, int] | None:
    """The template file and line where a Jinja error happened (innermost), if known.

    Jinja rewrites tracebacks so that template frames carry the template's path
    and line: the last such frame is the one to fix.
    """
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".htm", ".xml", ".j2")):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


@cache
def sandbox_class():
    """Jinja's immutable sandbox, also closed to filesystem paths.

    The stock sandbox only refuses ``_private`` attributes: a template handed a
    ``Path`` (``brand.path``, ``leaflet.path``) could still call
    ``.joinpath('/etc/passwd').read_text()``. Nothing on a path is reachable
    from a template here; templates get URLs and text instead. Immutable: the
    brand and content a template sees are shared by every leaflet of a run, so
    no template may change them (``brand.colors.update(...)``) for the next one.
    """
    # lazy: start-up time: jinja2 loads only when this runs
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class ProjectSandbox(ImmutableSandboxedEnvironment):
        def is_safe_attribute(self, obj, attr, value) -> bool:
            if isinstance(obj, PurePath) or isinstance(value, PurePath):
                return False
            return super().is_safe_attribute(obj, attr, value)

        def is_safe_callable(self, obj) -> bool:
            if isinstance(getattr(obj, "__self__", None), PurePath):
                return False
            return super().is_safe_callable(obj)

    return ProjectSandbox


def looks_like_project(folder: Path) -> bool:
    """Whether ``folder`` holds a project: ``brochures.yaml``, or (older projects) ``content/``."""
    return (folder / "brochures.yaml").is_file() or (folder / "content").is_dir()


def find_root(start: Path) -> Path | None:
    """The project ``start`` is in, as git finds its repository: the nearest folder,
    ``start`` or above, holding ``brochures.yaml``; else ``start`` itself if it holds a
    ``content/`` folder; else None."""
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if (folder / "brochures.yaml").is_file():
            return folder
    return here if looks_like_project(here) else None


def projects_below(folder: Path) -> list[str]:
    """The folders just inside ``folder`` that hold a project (``brochures.yaml``), by name:
    where a person who ran a command one folder too high meant to be."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [e.name for e in entries if (e / "brochures.yaml").is_file()][:3]
