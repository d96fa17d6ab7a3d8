"""Reproducibility across processes: the same inputs give the same bytes.

The project is built twice, each time in a fresh process with a different
``PYTHONHASHSEED`` (set and dict order), time zone and working folder, and
every leaflet of every layout and edition (``--press`` included) must come out
byte for byte the same. Layouts are read from the project, so a layout added
later is covered without editing this file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml

from brochures.project import Project

REPO = Path(__file__).resolve().parent.parent
TOPIC, LANGUAGE, BRAND = "mesotherapy", "en", "clinic"
PAPERS = ("a4", "letter")
RUNS = [
    {"PYTHONHASHSEED": "1", "TZ": "UTC"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati"},
]


def _editions() -> list[tuple[str, str, str]]:
    """Every (layout, edition, paper) of the repository's project: press only where a layout
    has it."""
    found = []
    for layout in Project(REPO).layout_ids():
        data = yaml.safe_load((REPO / f"templates/layouts/{layout}.yaml").read_text("utf-8"))
        for paper in PAPERS:
            found.append((layout, "standard", paper))
            if data.get("press"):
                found.append((layout, "press", paper))
    return found


EDITIONS = _editions()


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> list[Path]:
    """The output folders of two independent builds of every layout, edition and paper."""
    base = tmp_path_factory.mktemp("reproducible")
    root = base / "project"
    for name in ("content", "templates", "styles"):
        shutil.copytree(REPO / name, root / name)
    outs = []
    for n, env in enumerate(RUNS):
        out = base / f"out{n}"
        for paper in PAPERS:
            cwd = base / f"cwd{n}-{paper}"
            cwd.mkdir()
            result = subprocess.run(
                [sys.executable, "-m", "brochures", "--project", str(root), "build", TOPIC,
                 "--lang", LANGUAGE, "--brand", BRAND, "--layout", "all", "--edition", "all",
                 "--paper", paper, "--force", "--quiet", "--out", str(out)],
                cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                timeout=1200)
            assert result.returncode == 0, result.stdout + result.stderr
        outs.append(out)
    return outs


def _name(layout: str, edition: str, paper: str) -> str:
    suffix = ("" if paper == "a4" else f"-{paper}") + ("-press" if edition == "press" else "")
    return f"{BRAND}/{TOPIC}/{TOPIC}-{LANGUAGE}-{layout}{suffix}.pdf"


@pytest.mark.parametrize(("layout", "edition", "paper"), EDITIONS,
                         ids=["-".join(e) for e in EDITIONS])
def test_two_processes_write_the_same_bytes(builds, layout: str, edition: str, paper: str):
    name = _name(layout, edition, paper)
    first, second = (out / name for out in builds)
    assert first.is_file() and second.is_file(), f"{name} was not built"
    with pikepdf.open(first) as pdf:
        assert len(pdf.pages) >= 1
    assert first.read_bytes() == second.read_bytes(), f"{name} differs"


def test_nothing_else_was_built_or_differs(builds):
    """The two runs wrote the same set of files, all identical (no layout left unchecked)."""
    def files(out: Path) -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.pdf")}

    first, second = (files(out) for out in builds)
    assert sorted(first) == sorted(second)
    assert sorted(first) == sorted(_name(*e) for e in EDITIONS)
    assert [name for name in first if first[name] != second[name]] == []
