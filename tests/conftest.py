"""Shared fixtures: a copy of the repository's project per test, and a CLI runner."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochures.cli import main

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of this repository's brochure project."""
    root = tmp_path / "project"
    for name in ("content", "templates", "styles"):
        shutil.copytree(REPO / name, root / name)
    return root


class Run:
    def __init__(self, root: Path):
        self.root = root

    def __call__(self, *args: str):
        args = list(args)
        # Render in this process unless a test asks for workers: a WeasyPrint warning
        # logged in a worker process would never reach the no-warnings fixture.
        if args[:1] == ["build"] and not {"-j", "--jobs"} & set(args):
            args += ["--jobs", "1"]
        result = CliRunner().invoke(main, ["--project", str(self.root), *args])
        result.all_output = result.output + (result.stderr if result.stderr_bytes else "")
        return result


@pytest.fixture
def cli(project: Path) -> Run:
    """Run ``brochures --project <copy> ...`` in-process."""
    return Run(project)


@pytest.fixture
def run_in():
    """Run the CLI against any project folder."""
    return Run


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(caplog):
    """Fail any test during which WeasyPrint logged a warning (a bug, not noise)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    bad = [r.getMessage() for r in caplog.records
           if r.name.startswith(("weasyprint", "fontTools")) and r.levelno >= logging.WARNING]
    if bad and not getattr(caplog, "weasyprint_warnings_expected", False):
        pytest.fail("WeasyPrint logged warnings: " + "; ".join(bad[:5]))
