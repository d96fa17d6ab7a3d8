"""``brochures templates copy``: one built-in file into the project, for editing.

Owns: the list of built-in files a project may override (everything under
the built-in ``templates/``, ``styles/`` and ``rules/``) and copying one of
them to the same path in the project, where the search path then finds it
first (:meth:`Project.find`). A file the project already has is never
overwritten.
"""

from __future__ import annotations

from brochures.authoring.newfiles import Plan
from brochures.errors import BrochureError
from brochures.inputs.project import Project, builtin_root, is_inside

FOLDERS = ("templates", "styles", "rules")


def copyable() -> list[str]:
    """Every built-in file a project can copy, as a path relative to the built-in root."""
    root = builtin_root()
    if root is None:
        return []
    names = []
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            names += [str(p.relative_to(root)) for p in sorted(base.rglob("*"))
                      if p.is_file() and not p.name.startswith(".")
                      and "__pycache__" not in p.parts and is_inside(p, root)]
    return names


def copy(project: Project, relative: str) -> str:
    """Copy the built-in ``relative`` into the project; the path written."""
    relative = relative.strip().removeprefix("./")
    root = builtin_root()
    if root is None or relative not in copyable():
        raise BrochureError(f"'{relative}' is not a built-in file; `brochures templates copy` "
                            "with no path lists them")
    if project.root.resolve() == root.resolve():
        raise BrochureError("this project is the built-in one: edit the file where it is")
    Plan(project.root, {relative: (root / relative).read_bytes()}).write()
    return relative
