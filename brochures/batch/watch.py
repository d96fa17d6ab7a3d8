"""``brochures build --watch``: build, then build again whenever a file is saved.

Owns: watching where a project keeps its inputs (the folders and
``brochures.yaml`` :mod:`brochures.batch.manifest` names) and running one build per burst
of saves. Each build is the ordinary incremental build, so only the leaflets
whose inputs changed are rendered again. The output folder, hidden files and
editors' temporary files never trigger a build (a build writing its own
output must not start the next one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from brochures.batch.build import Request, Summary, run
from brochures.batch.manifest import SETTINGS, is_input
from brochures.errors import BrochureError
from brochures.inputs.project import Project


def _wanted(root: Path, out_dir: Path) -> Callable[[object, str], bool]:
    """A watchfiles filter: the project's own input files, nothing in the output folder."""
    root, out_dir = root.resolve(), out_dir.resolve()

    def wanted(change, path: str) -> bool:
        target = Path(path)
        return not target.is_relative_to(out_dir) and is_input(root, target)

    return wanted


def watch_builds(project: Project, request: Request, show: Callable[[Summary], None],
                 stop: threading.Event | None = None,
                 planned: Callable[[int, list], None] | None = None,
                 progress: Callable | None = None,
                 remake: Callable[[], tuple[Project, Request]] | None = None,
                 refused: Callable[[list], None] | None = None) -> None:
    """Build now, then once per burst of saved files, until ``stop`` is set (or Ctrl-C).

    The watch starts before the first build, so a file saved while it runs is not
    missed; ``show(summary)`` is called after every build. ``remake()`` makes the
    project and request again when brochures.yaml was saved (its errors go to
    ``refused`` and the last good request stays).
    """
    # lazy: start-up time: watchfiles loads only when this runs
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
        if remake and any(Path(path).name == SETTINGS and Path(path).parent.resolve() == root
                          for _, path in changes):
            try:
                project, request = remake()
            except BrochureError as exc:
                if refused:
                    refused(exc.problems)
                continue
        show(run(project, request, progress=progress, planned=planned))
