"""What every ``brochures`` command shares: the project it works on, and clean failures.

Owns: finding the project from the current folder (as git finds its repository:
the nearest folder up holding ``brochures.yaml``, brochures.inputs.project.find_root),
saying which it is when it is not the current folder, refusing a command that
needs a project where there is none, loading ``brochures.yaml`` once, and
turning a file that cannot be written (a read-only ``content/``) into one line.
"""

from __future__ import annotations

import errno
import os
from functools import cached_property
from pathlib import Path

import click

from brochures.cli.terminal import echo_problems
from brochures.errors import BrochureError, Location, Problem


class Context:
    """The project of a run and its settings (``brochures.yaml``), loaded once, when a
    command first needs them (``--help`` never does)."""

    def __init__(self, root: Path, found: bool = False):
        self.root = root
        self.found = found  # no --project: the project is found from the current folder
        self.settings_problems: list = []

    def _find(self) -> None:
        """The project the current folder is in (brochures.inputs.project.find_root), said when
        it is not the current folder; a clean error when there is none."""
        # lazy: start-up time (each command loads only its own work)
        from brochures.errors import BrochureError, Location, Problem

        # lazy: start-up time (each command loads only its own work)
        from brochures.inputs.project import find_root, projects_below

        here = Path.cwd()
        root = find_root(here)
        if root is None:
            below = projects_below(here)
            where = (f"cd into your project's folder ({' or '.join(below)} here)" if below
                     else "cd into your project's folder")
            raise BrochureError([Problem(
                "error", "no-project",
                f"no brochures.yaml here or in any folder above, so this is not a brochures "
                f"project: {where}, or start one with 'brochures init FOLDER'",
                Location(str(here)))])
        if root != Path(os.path.abspath(here)):
            click.echo(f"project: {root}", err=True)
        self.root, self.found = root, False

    @cached_property
    def settings(self):
        # lazy: start-up time (each command loads only its own work)
        from brochures.errors import BrochureError, Report

        # lazy: start-up time (each command loads only its own work)
        from brochures.inputs.settings import load_settings

        if self.found:
            self._find()
        report = Report()
        settings = load_settings(self.root, report)
        if report.errors:
            raise BrochureError(report.problems)
        self.settings_problems = list(report.problems)
        echo_problems(report.problems)
        return settings

    @cached_property
    def project(self):
        # lazy: start-up time (each command loads only its own work)
        from brochures.inputs.project import Project

        settings = self.settings  # first: it finds the project's root
        return Project(self.root, settings.builtin_brands)


class Failed(click.ClickException):
    """A :class:`~brochures.errors.BrochureError` as Click shows it: its lines as they
    are (no "Error:" prefix: each line already says what it is), exit status 1."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True, file=file)


class Brochures(click.Group):
    """The ``brochures`` group: a file or folder that cannot be written (a read-only
    ``content/``, a full disk) is one clean line, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return self._invoke(ctx)
        except BrochureError as exc:
            raise Failed(exc.message) from None

    def _invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            where = Location(str(exc.filename)) if exc.filename else None
            denied = exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC) or (
                exc.errno is None)  # brochures.write.OutputError: an output could not be written
            hint = " (make the folder writable, or work on a copy of the project)"
            raise BrochureError([Problem(
                "error", "cannot-write" if denied else "file-error",
                f"{exc.strerror or exc}{hint if denied else ''}", where)]) from None
