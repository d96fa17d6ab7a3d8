"""Reproducibility across processes: the same inputs give the same bytes.

Every leaflet is built twice, each time in a fresh process with a different ``PYTHONHASHSEED``
(set and dict order), time zone and working folder, and must come out byte for byte the same.
One build here, in its own process, time zone and folder, makes every layout in English in both
editions (A4, default brand); its standard editions are set against the run's one default build
(``sample_build``), its press editions against the run's one press build (``tests/test_press.py``,
made in another process, from another copy of the project). Layouts are read from the project,
so a layout added later is covered without editing this file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml

from brochures.inputs.project import Project
from tests.conftest import REPO

TOPIC, LANGUAGE = "mesotherapy", "en"
LAYOUTS = Project(REPO).layout_ids()
PRESS = [layout for layout in LAYOUTS
         if yaml.safe_load((REPO / f"templates/layouts/{layout}.yaml").read_text("utf-8"))
         .get("press")]
# What each layout makes (its file's ``output``): a PDF, or a web page (tests/test_webpage.py).
OUTPUT = {layout: yaml.safe_load((REPO / f"templates/layouts/{layout}.yaml").read_text("utf-8"))
          .get("output", "pdf") for layout in LAYOUTS}
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
def built(sample_build, tmp_path_factory) -> Path:
    """Every layout in English, standard and press editions, built again from the default
    build's project folder in another process, time zone and folder."""
    base = tmp_path_factory.mktemp("again")
    _build(sample_build.root, base / "out", base / "cwd", RUNS[1], "--edition", "all",
           "--jobs", "1")
    return base / "out"


@pytest.fixture
def standard(sample_build, built) -> tuple[Path, Path]:
    return sample_build.root / "dist", built


@pytest.fixture
def press(press_build, built) -> tuple[Path, Path]:
    return press_build.parents[2] / "dist", built


def _same(first: Path, second: Path) -> None:
    assert first.is_file() and second.is_file(), f"{first.name} was not built"
    if first.suffix == ".html":  # a web page: the same page and the same files beside it
        named = sorted(set(re.findall(r'"(assets/[^"]+)"', first.read_text("utf-8"))))
        assert named
        for name in named:
            assert (first.parent / name).read_bytes() == (second.parent / name).read_bytes()
    else:
        with pikepdf.open(first) as pdf:
            assert len(pdf.pages) >= 1
    assert first.read_bytes() == second.read_bytes(), f"{first.name} differs"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_two_processes_write_the_same_bytes(standard, layout: str):
    name = f"default/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}.{OUTPUT[layout]}"
    _same(*(out / name for out in standard))


@pytest.mark.parametrize("layout", PRESS)
def test_two_processes_write_the_same_press_bytes(press, layout: str):
    name = f"default/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}-press.pdf"
    _same(*(out / name for out in press))


def test_nothing_else_was_built_or_differs(standard, press):
    """The builds wrote the files expected, all identical (no layout left unchecked)."""
    def files(out: Path, pattern: str) -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob(pattern)}

    pattern = f"{TOPIC}-{LANGUAGE}-*.*"
    first, second = (files(out, pattern) for out in standard)
    assert sorted(second) == sorted(
        [f"default/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}.{OUTPUT[layout]}" for layout in LAYOUTS]
        + [f"default/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}-press.pdf" for layout in PRESS])
    assert {name: first[name] for name in second if name in first} == {
        name: data for name, data in second.items() if not name.endswith("-press.pdf")}
    first = files(press[0], f"{TOPIC}-{LANGUAGE}-*-press.pdf")
    assert sorted(first) == sorted(name for name in second if name.endswith("-press.pdf"))
    assert first == {name: data for name, data in second.items() if name in first}
