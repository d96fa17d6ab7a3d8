"""The check that follows ``brochures translate import``.

Owns: running the same ``check`` the command line runs (without laying out
fixed layouts) on what an import wrote, so import, check and build agree.
"""

from __future__ import annotations

from pathlib import Path

from brochures.batch.check import run_check
from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.inputs.request import make_request
from brochures.inputs.settings import load_settings


def after_import(project: Project, imported) -> Report:
    """``check --no-fit`` for what an import wrote: its topic (or every topic, for a words
    file) in its language, as the command line's ``check`` would report it."""

    settings = load_settings(Path(project.root), Report())
    request = make_request(project, settings, languages=[imported.language], jobs=1)
    topics = [imported.topic] if imported.topic else []
    return run_check(project, topics, fit=False, read=False, request=request).report
