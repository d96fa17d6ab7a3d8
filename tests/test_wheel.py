"""What brochures finds inside its own package works from a clone and from an installed
wheel alike: the built-in templates, the code digest, the schemas, the starter project
and the server's page files (all found from brochures.PACKAGE_DIR, never a module's
own ``__file__``, since modules sit on floors of their own)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, need
from .pdfs import text as pdf_text

PROBE = """
import json, brochures
from brochures.inputs.project import builtin_root
from brochures.batch.manifest import code_files, code_digest
from brochures.inputs.validate import schema
from brochures.authoring.newfiles import starter
from brochures.preview.serve import WEB
root = builtin_root()
print(json.dumps({
    "package": str(brochures.PACKAGE_DIR),
    "builtin": str(root),
    "templates": sorted(p.name for p in (root / "templates").glob("*.html")),
    "code": [str(p.relative_to(brochures.PACKAGE_DIR)) for p in code_files()],
    "digest": code_digest(),
    "brand_schema": schema("brand")["type"],
    "starter": len(starter("brand.yaml")),
    "web": sorted(p.name for p in WEB.iterdir()),
}))
"""


def _probe(python_path: str | None, cwd: Path) -> dict:
    env = dict(os.environ)
    if python_path:
        env["PYTHONPATH"] = python_path
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory) -> Path:
    """brochures installed from its wheel into a folder of its own (no network: the wheel
    is built here with hatchling, the test extra)."""
    need(importlib.util.find_spec("hatchling"), "hatchling is missing: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp / "dist"), str(REPO)],
                   check=True, capture_output=True)
    wheel, = (tmp / "dist").glob("brochures-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(tmp / "site"), str(wheel)],
                   check=True, capture_output=True)
    return tmp / "site"


def _expect_whole(found: dict, package: Path, builtin: Path) -> None:
    assert Path(found["package"]) == package
    assert Path(found["builtin"]) == builtin
    assert {"sheet.html", "trifold.html", "booklet.html"} <= set(found["templates"])
    code = set(found["code"])
    # modules of every floor, and the files that are not modules
    for wanted in ("inputs/catalog.py", "checks/gate.py", "leaflet/render.py",
                   "batch/build.py", "preview/serve.py", "cli/commands.py",
                   "inputs/schemas/brand.json", "authoring/starter/brand.yaml",
                   "preview/web/live.js"):
        assert wanted in code, wanted
    assert found["brand_schema"] == "object" and found["starter"] > 100
    assert {"live.js", "style.css", "index.html"} <= set(found["web"])


def test_a_clone_finds_its_files_in_the_repository(tmp_path):
    found = _probe(None, REPO)
    _expect_whole(found, REPO / "brochures", REPO)


def test_an_installed_wheel_finds_its_files_inside_the_package(wheel_site, tmp_path):
    found = _probe(str(wheel_site), tmp_path)  # run from outside the repository
    package = wheel_site / "brochures"
    _expect_whole(found, package, package / "_builtin")
    assert not any(REPO.as_posix() in path for path in (found["package"], found["builtin"]))
    # the same code either way: the digest covers the package's files, not where they are
    assert len(found["digest"]) == 64


def test_a_project_builds_with_the_installed_wheel(wheel_site, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(wheel_site))
    run = [sys.executable, "-m", "brochures"]
    subprocess.run([*run, "init", "clinic"], cwd=tmp_path, env=env, check=True,
                   capture_output=True, text=True)
    project = tmp_path / "clinic"
    built = subprocess.run([*run, "build", "--layout", "sheet", "--jobs", "1"], cwd=project,
                           env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    pdfs = sorted((project / "dist").rglob("*.pdf"))
    assert pdfs
    assert len(pdf_text(pdfs[0]).split()) > 50
