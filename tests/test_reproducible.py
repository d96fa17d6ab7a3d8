"""Reproducibility across processes: the same inputs give the same bytes.

Every leaflet is built twice, each time in a fresh process with a different ``PYTHONHASHSEED``
(set and dict order), time zone and working folder, and must come out byte for byte the same.
Every layout is covered in its standard edition (A4, default brand: the second build is set
against the run's one default build, ``sample_build``), and every layout that has a press
edition in it (Letter, clinic brand: built twice here). Layouts are read from the project, so a
layout added later is covered without editing this file.

Both builds of a leaflet read the same project folder: today the bytes also depend on where
the project is (its absolute path), which this file does not test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml

from brochures.project import Project
from tests.conftest import REPO

TOPIC, LANGUAGE = "mesotherapy", "en"
LAYOUTS = Project(REPO).layout_ids()
PRESS = [layout for layout in LAYOUTS
         if yaml.safe_load((REPO / f"templates/layouts/{layout}.yaml").read_text("utf-8"))
         .get("press")]
RUNS = [
    {"PYTHONHASHSEED": "1", "TZ": "UTC"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati"},
]


def _build(root: Path, out: Path, cwd: Path, env: dict[str, str], *args: str) -> None:
    cwd.mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-m", "brochures", "--project", str(root), "build", TOPIC,
         "--lang", LANGUAGE, "--layout", "all", "--force", "--quiet", "--out", str(out), *args],
        cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def standard(sample_build, tmp_path_factory) -> tuple[Path, Path]:
    """The default build's output, and a second build of the standard editions of the same
    project folder in another process, time zone and folder."""
    base = tmp_path_factory.mktemp("standard")
    _build(sample_build.root, base / "out", base / "cwd", RUNS[1], "--jobs", "1")
    return sample_build.root / "dist", base / "out"


@pytest.fixture(scope="module")
def press(tmp_path_factory) -> tuple[Path, Path]:
    """Two builds of every press edition on Letter paper, clinic brand."""
    from tests.conftest import copy_project

    base = tmp_path_factory.mktemp("press")
    root = copy_project(base / "project")
    outs = []
    for n, env in enumerate(RUNS):
        _build(root, base / f"out{n}", base / f"cwd{n}", env, "--brand", "clinic",
               "--edition", "press", "--paper", "letter")
        outs.append(base / f"out{n}")
    return outs[0], outs[1]


def _same(first: Path, second: Path) -> None:
    assert first.is_file() and second.is_file(), f"{first.name} was not built"
    with pikepdf.open(first) as pdf:
        assert len(pdf.pages) >= 1
    assert first.read_bytes() == second.read_bytes(), f"{first.name} differs"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_two_processes_write_the_same_bytes(standard, layout: str):
    name = f"default/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}.pdf"
    _same(*(out / name for out in standard))


@pytest.mark.parametrize("layout", PRESS)
def test_two_processes_write_the_same_press_bytes(press, layout: str):
    name = f"clinic/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}-letter-press.pdf"
    _same(*(out / name for out in press))


def test_nothing_else_was_built_or_differs(standard, press):
    """The builds wrote the files expected, all identical (no layout left unchecked)."""
    def files(out: Path, pattern: str) -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob(pattern)}

    pattern = f"{TOPIC}-{LANGUAGE}-*.pdf"
    first, second = (files(out, pattern) for out in standard)
    assert sorted(second) == sorted(f"default/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}.pdf"
                                    for layout in LAYOUTS)
    assert {name: first[name] for name in second} == second
    first, second = (files(out, "*.pdf") for out in press)
    assert sorted(first) == sorted(second) == sorted(
        f"clinic/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}-letter-press.pdf" for layout in PRESS)
    assert first == second
