"""Shared fixtures: copies of the repository's project, a CLI runner, and builds made once per run.

The suite runs in parallel (pytest-xdist, ``-n 2`` in pyproject.toml), so every test works in
its own ``tmp_path`` and nothing here depends on how fast the machine is. Fixtures for tests:

- ``project``: a private copy of this repository's project, unbuilt.
- ``built_sample``: a private copy of the project *already built* with the default settings
  (``brochures build --strict``: every topic and language, every layout, the default brand) into
  ``<copy>/dist``, build records included, so a rebuild there says "unchanged". Use it instead
  of building the sample again in your test: copying it takes milliseconds.
- ``sample_build``: the same build, read-only and shared by every test of the run (do not write
  into it): ``.root`` (its ``dist/`` inside), ``.output`` (what the build printed), ``.pdf(...)``.
- ``press_build``: the press editions (en, ar) of the project, made once per run (read-only).
- ``shared_dir(name, make)``: any other expensive, read-only result made once per run.
- ``cli`` / ``run_in``: run the CLI in-process against the copy / any folder.
- ``need(condition, reason)``: skip a test when a tool is missing, but fail it when ``CI=true``:
  in CI a missing tool is a broken environment, not a reason to test less.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock
from hypothesis import settings

from brochures.cli import main

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
PROJECT_FOLDERS = ("content", "templates", "styles")
# `python -c WITH_CTRL_C ...` is `python -m brochures ...` with Ctrl-C raising KeyboardInterrupt,
# whatever this process inherited: under some CI runners and background jobs (`cmd &` in a
# shell) SIGINT arrives ignored, and a Python started with SIGINT ignored never turns Ctrl-C into
# KeyboardInterrupt. (Set in the child's own code, not with preexec_fn, which is unsafe while
# Playwright's threads run.)
WITH_CTRL_C = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "runpy.run_module('brochures', run_name='__main__')")

# No example may fail for being slow: a deadline measures the machine, not the code.
settings.register_profile("brochures", deadline=None)
settings.load_profile("brochures")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def need(condition: object, reason: str) -> None:
    """Skip the calling test unless ``condition`` holds; in CI (``CI=true``) fail instead."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(reason)


def copy_project(root: Path, source: Path = REPO) -> Path:
    for name in PROJECT_FOLDERS:
        shutil.copytree(source / name, root / name, symlinks=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of this repository's brochure project."""
    return copy_project(tmp_path / "project")


# --- made once per run, shared by the xdist workers ----------------------------------------


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory) -> Callable[[str, Callable[[Path], None]], Path]:
    """``shared_dir(name, make)``: the folder ``name``, filled by ``make(folder)`` once per run.

    Session fixtures are per xdist worker; this one is per run: the first worker to ask makes
    the folder under a file lock, the others wait and reuse it. A failed ``make`` is recorded,
    so every test that needs it fails with the same message instead of making it again.
    Treat the folder as read-only: copy it before changing anything.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # popen-gwN/ of this run: share their parent
        base = base.parent

    def get(name: str, make: Callable[[Path], None]) -> Path:
        folder = base / "shared" / name
        folder.parent.mkdir(parents=True, exist_ok=True)
        done, failed = folder.with_name(name + ".done"), folder.with_name(name + ".failed")
        with FileLock(str(folder.with_name(name + ".lock"))):
            if not done.exists() and not failed.exists():
                try:
                    make(folder)
                except BaseException as exc:
                    failed.write_text(f"{type(exc).__name__}: {exc}", "utf-8")
                    raise
                done.touch()
        if failed.exists():
            pytest.fail(f"making the shared {name} failed: {failed.read_text('utf-8')}")
        return folder

    return get


@dataclass(frozen=True)
class SampleBuild:
    """The repository's project built once with default settings (read-only, shared)."""

    root: Path
    output: str

    def pdf(self, lang: str, layout: str = "sheet", brand: str = "default",
            topic: str = "mesotherapy") -> Path:
        return self.root / "dist" / brand / topic / f"{topic}-{lang}-{layout}.pdf"


def build_in_subprocess(root: Path, *args: str) -> str:
    """``brochures --project root build ...`` as a separate process; its output, or a failure.

    With ``--strict`` a WeasyPrint warning in a worker fails the build, which the
    ``no_weasyprint_warnings`` fixture could not see from here."""
    process = subprocess.run(
        [sys.executable, "-m", "brochures", "--project", str(root), "build", *args],
        capture_output=True, text=True, cwd=root, check=False)
    output = process.stdout + process.stderr
    if process.returncode != 0:
        raise AssertionError(f"build {' '.join(args)} failed:\n{output}")
    return output


@pytest.fixture(scope="session")
def sample_build(shared_dir) -> SampleBuild:
    """The default build of this repository's project, once per run: read-only."""
    def make(folder: Path) -> None:
        root = copy_project(folder)
        output = build_in_subprocess(root, "--strict", "--jobs", "2", "--out", str(root / "dist"))
        (folder.parent / "sample.log").write_text(output, "utf-8")

    root = shared_dir("sample", make)
    return SampleBuild(root, (root.parent / "sample.log").read_text("utf-8"))


@pytest.fixture(scope="session")
def press_build(shared_dir) -> Path:
    """The press editions of this repository's project in en and ar, built once per run in a
    process of their own (read-only): the folder of their PDFs."""
    def make(folder: Path) -> None:
        root = copy_project(folder)
        build_in_subprocess(root, "mesotherapy", "--lang", "en", "--lang", "ar", "--press",
                            "--out", str(root / "dist"), "--strict", "--jobs", "2")

    return shared_dir("press", make) / "dist" / "default" / "mesotherapy"


@pytest.fixture
def built_sample(sample_build: SampleBuild, tmp_path: Path) -> Path:
    """A private copy of the project already built with default settings into ``dist/``."""
    root = tmp_path / "project"
    shutil.copytree(sample_build.root, root, symlinks=True)
    return root


# --- the command line ---------------------------------------------------------------------


class Run:
    def __init__(self, root: Path):
        self.root = root

    def __call__(self, *args: str):
        args = list(args)
        # Render (and lay out, for check) in this process unless a test asks for workers: a
        # WeasyPrint warning logged in a worker process would never reach the no-warnings
        # fixture, and a worker costs a fresh WeasyPrint import.
        if args[:1] in (["build"], ["check"], ["preview"]) and not {"-j", "--jobs"} & set(args):
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
    # Every phase: ``caplog.records`` alone is the teardown's only (a module-wide fixture's
    # build is logged in the setup of the module's first test).
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    bad = [r.getMessage() for r in records
           if r.name.startswith(("weasyprint", "fontTools")) and r.levelno >= logging.WARNING]
    if bad and not getattr(caplog, "weasyprint_warnings_expected", False):
        pytest.fail("WeasyPrint logged warnings: " + "; ".join(bad[:5]))


# --- the run as a whole -------------------------------------------------------------------

# The modules whose tests take longest, longest first: the two workers then end together, on
# short tests, instead of one of them running a long test alone at the end. An order, not
# measured times: nothing here depends on how fast the machine is.
LONG_FIRST = (  # by their time in a full run (2026-12-08), longest first
    "tests/test_agreement.py",  # every command asked about the same leaflets, 13 cases
    "tests/e2e/test_webpage.py",  # Chromium and axe-core
    "tests/test_faults.py",  # builds in processes killed at chosen moments
    "tests/e2e/test_serve.py",  # a server process and a browser tab per test
    "tests/test_languages.py",
    "tests/test_decide.py",
    "tests/test_inputs.py",
    "tests/test_batch.py",
    "tests/test_gate.py",
    "tests/test_hint.py",
    "tests/test_bad_input.py",
    "tests/test_press_colour.py",
    "tests/test_sheet.py",
    "tests/test_signoff_pdf.py",
    "tests/test_project.py",
    "tests/test_preview.py",
    "tests/test_reproducible.py",
    "tests/test_properties.py",
    "tests/test_stamp.py",
    "tests/test_print.py",
    "tests/test_watch.py",
    "tests/e2e/test_http.py",
)


def pytest_collection_modifyitems(config, items):
    """Longest modules first (``--dist loadfile`` hands out whole modules in this order)."""
    def rank(item) -> int:
        path = item.nodeid.split("::")[0]
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: the order within a module stays


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """A run that collected no test fails (exit 1), never "passes" with pytest's exit code 5."""
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller decides
        return
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- hostile input (test_hostile*.py) ----------------------------------------------------


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch) -> list[bytes]:
    """What must never reach a PDF: /etc files and a canary in the user's home."""
    home = tmp_path / "home"
    home.mkdir()
    canary = home / "secret.txt"
    canary.write_text("CANARY-7f3a9-do-not-print\n")
    monkeypatch.setenv("HOME", str(home))
    values = [b"CANARY-7f3a9-do-not-print"]
    passwd = Path("/etc/passwd")
    if passwd.is_file():
        values.append(passwd.read_bytes().splitlines()[0])  # root:x:0:0:...
    hostname = Path("/etc/hostname")
    if hostname.is_file() and len(hostname.read_bytes().strip()) >= 6:
        values.append(hostname.read_bytes().strip())
    return values


def loaded_catalog(root: Path, topics: tuple[str, ...] = ("mesotherapy",)):
    """The loaded project of a run over ``topics`` (brochures.yaml's require_approval)."""
    from brochures.errors import Report
    from brochures.inputs.catalog import load_catalog
    from brochures.inputs.project import Project
    from brochures.inputs.settings import load_settings

    required = load_settings(root, Report()).require_approval
    return load_catalog(Project(root), list(topics), [], [], Report(), require_approval=required)
