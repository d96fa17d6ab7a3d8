"""``brochures build --watch``: build, then build again whenever a file is saved.

Owns: watching a project's own files (``content/``, ``templates/``,
``styles/``, ``rules/``, ``brochures.yaml``) and running one build per burst
of saves. Each build is the ordinary incremental build, so only the leaflets
whose inputs changed are rendered again. The output folder, hidden files and
editors' temporary files never trigger a build (a build writing its own
output must not start the next one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from brochures.build import Request, Summary, run
from brochures.project import Project

WATCHED = ("content", "templates", "styles", "rules")
SETTINGS = "brochures.yaml"


def _wanted(root: Path, out_dir: Path) -> Callable[[object, str], bool]:
    """A watchfiles filter: the project's own input files, nothing in the output folder."""
    root, out_dir = root.resolve(), out_dir.resolve()

    def wanted(change, path: str) -> bool:
        target = Path(path)
        name = target.name
        if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
            return False
        if target.is_relative_to(out_dir):
            return False
        try:
            parts = target.relative_to(root).parts
        except ValueError:
            return False
        return bool(parts) and (parts[0] in WATCHED or parts == (SETTINGS,))

    return wanted


def watch_builds(project: Project, request: Request, show: Callable[[Summary], None],
                 stop: threading.Event | None = None,
                 planned: Callable[[int, list], None] | None = None,
                 progress: Callable | None = None) -> None:
    """Build now, then once per burst of saved files, until ``stop`` is set (or Ctrl-C).

    The watch starts before the first build, so a file saved while it runs is not
    missed; ``show(summary)`` is called after every build.
    """
    import watchfiles

    root = project.root.resolve()
    first = True
    for changes in watchfiles.watch(
            root, watch_filter=_wanted(root, request.out_dir), stop_event=stop,
            debounce=300, step=50, rust_timeout=100, yield_on_timeout=True,
            raise_interrupt=False):
        if not first and not changes:
            continue  # a timeout: lets a first build start once the watch is set up
        first = False
        show(run(project, request, progress=progress, planned=planned))
