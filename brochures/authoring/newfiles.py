"""Files a starting command writes: written all together, or not at all, never over a file.

Owns: :class:`Plan` (the files of one command, checked for clashes before any is
written; when one cannot be written, those already written are taken back), the
starter files shipped in ``brochures/authoring/starter/``, and the small
helpers the starting commands share (an id from a name, YAML quoting, the
stand-in logo). Used by ``scaffold.py``, ``brandkit.py`` and ``copying.py``.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from brochures.errors import BrochureError, Location, Problem


@dataclass
class Plan:
    """Files to write, by path relative to the project root, written only if none exists."""

    root: Path
    files: dict[str, bytes]

    def write(self) -> list[str]:
        clashes = [name for name in self.files if (self.root / name).exists()]
        if clashes:
            raise BrochureError(
                f"{clashes[0]} already exists; brochures never overwrites a file "
                "(move it away, or choose another name)")
        made: list[Path] = []  # files and folders this plan created, to take back
        try:
            for name, data in self.files.items():
                target = self.root / name
                missing = [f for f in (target.parent, *target.parent.parents)
                           if not f.exists()]
                target.parent.mkdir(parents=True, exist_ok=True)
                made.extend(reversed(missing))
                target.write_bytes(data)
                made.append(target)
        except OSError as exc:
            for path in reversed(made):
                with contextlib.suppress(OSError):
                    path.unlink() if path.is_file() else path.rmdir()
            raise BrochureError([Problem(
                "error", "cannot-write",
                f"cannot write {name}: {exc.strerror or exc}; nothing was written (make the "
                "folder writable, or work on a copy)", Location(name))]) from None
        return list(self.files)


def starter(name: str) -> str:
    return resources.files("brochures.authoring.starter").joinpath(name).read_text("utf-8")


def slug(text: str) -> str:
    """An id from a name: 'Clinique Étoile' → 'clinique-etoile'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:40].strip("-") or "my-clinic"


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def placeholder_logo(color: str) -> bytes:
    """A plain mark to stand in for the clinic's logo until it is replaced."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" '
        'height="120">\n'
        f'  <circle cx="60" cy="60" r="56" fill="{color}"/>\n'
        '  <path d="M60 28v64M28 60h64" stroke="#ffffff" stroke-width="16" '
        'stroke-linecap="round"/>\n'
        "</svg>\n"
    ).encode()
