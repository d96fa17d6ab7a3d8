"""Finding things in a brochure project.

Owns: the layout of a project on disk (``content/``, ``templates/``,
``styles/``), the ordered search path that lets a project override one
built-in template, brand or layout without copying the rest, the ids a
person may give (topic, language, brand, layout), and the rule that a
project's files never lead outside the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def builtin_root() -> Path | None:
    """The project whose templates and styles ship with brochures.

    In a wheel they are packaged as ``brochures/_builtin``; in a source checkout
    they are the repository's own ``templates/`` and ``styles/``.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "_builtin", package.parent):
        if (candidate / "templates" / "layouts").is_dir():
            return candidate
    return None


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

    @cached_property
    def roots(self) -> list[Path]:
        """Where templates, styles, brands and layouts are looked up, first match wins."""
        roots = [self.root.resolve()]
        builtin = builtin_root()
        if builtin and builtin.resolve() != roots[0]:
            roots.append(builtin.resolve())
        return roots

    def show(self, path: Path) -> str:
        """A path as printed in messages: relative to the project when it can be."""
        for root in self.roots:
            try:
                return str(path.resolve().relative_to(root))
            except (ValueError, OSError):
                continue
        return str(path)

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

    def language_files(self, topic: str) -> dict[str, Path]:
        """The language files of a topic by language code (``topic.yaml`` excluded)."""
        base = self.content_dir / topic
        return {
            p.name[: -len(".yaml")]: p
            for p in sorted(base.glob("*.yaml"))
            if p.name != "topic.yaml" and not p.name.startswith(".")
        }

    def brand_ids(self) -> list[str]:
        return [b for b in self._names("styles/brands", "*", dirs=True) if ID_RE.match(b)]

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
        return [root / "templates" for root in self.roots if (root / "templates").is_dir()]
