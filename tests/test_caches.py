"""What a fresh process may reuse from an earlier one (issue 27, (d)): the code Jinja
compiled from a template's text, and the digests of input files that met their schema.
Never a verdict: a file with a problem is checked, and its problem reported, every time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import pdfs

# Loads the project in a fresh process as a build does, then says whether jsonschema (the
# schema checker) had to be imported, and what was found.
LOAD = """
import sys
from pathlib import Path
from brochures.errors import Report
from brochures.inputs.catalog import load_catalog
from brochures.inputs.project import Project
from brochures.inputs.settings import load_settings
root, report = Path(sys.argv[1]), Report()
load_settings(root, report)
load_catalog(Project(root), ["mesotherapy"], ["default"], ["screen"], report)
print("jsonschema" in sys.modules, sorted(p.code for p in report.problems))
"""


def _env(cache: Path, **extra: str) -> dict:
    return {**os.environ, "XDG_CACHE_HOME": str(cache), **extra}


def _load(root: Path, env: dict) -> tuple[bool, str]:
    done = subprocess.run([sys.executable, "-c", LOAD, str(root)], capture_output=True,
                          text=True, env=env, check=True)
    imported, _, found = done.stdout.strip().partition(" ")
    return imported == "True", found


def test_files_that_met_their_schema_are_not_checked_again(project, tmp_path):
    env = _env(tmp_path / "cache")
    assert _load(project, env) == (True, "[]")
    marks = list((tmp_path / "cache/brochures/valid").iterdir())
    assert len(marks) >= 5  # settings, sections, topic, the languages, brand, layout
    assert _load(project, env) == (False, "[]")  # every file known: no checker at all

    # An edited file is checked again; a file with a problem is never marked.
    brand = project / "styles/brands/default/brand.yaml"
    brand.write_text(brand.read_text("utf-8") + "colour_sheme: blue\n", "utf-8")
    for _ in range(2):
        assert _load(project, env) == (True, "['unknown-key']")
    assert len(list((tmp_path / "cache/brochures/valid").iterdir())) == len(marks)


def test_nothing_is_kept_when_caching_is_off(project, tmp_path):
    env = _env(tmp_path / "cache", BROCHURES_CACHE="off")
    assert _load(project, env) == (True, "[]")
    assert _load(project, env) == (True, "[]")
    assert not (tmp_path / "cache").exists()


def test_an_edited_template_is_compiled_again(project, tmp_path):
    """A template compiled by an earlier process is used only while its text is the same."""
    env = _env(tmp_path / "cache")

    def build() -> str:
        subprocess.run([sys.executable, "-m", "brochures", "--project", str(project), "build",
                        "--lang", "en", "--layout", "screen", "-q", "--force"],
                       capture_output=True, text=True, env=env, check=True)
        return pdfs.text(project / "dist/default/mesotherapy/mesotherapy-en-screen.pdf")

    assert "Printed with care" not in build()
    compiled = list((tmp_path / "cache/brochures").glob("templates-*/*.cache"))
    assert compiled  # the templates of the screen layout, kept for the next process
    screen = project / "templates/screen.html"
    screen.write_text(screen.read_text("utf-8").replace(
        '<footer class="closing">', '<footer class="closing"><p>Printed with care.</p>'),
        "utf-8")
    assert "Printed with care" in build()


def test_a_web_pages_fonts_are_cut_once_and_the_same_as_cut_afresh(project, tmp_path):
    def build(out: str, **extra: str) -> dict[str, bytes]:
        subprocess.run([sys.executable, "-m", "brochures", "--project", str(project), "build",
                        "--lang", "ar", "--layout", "web", "-q", "--out", str(project / out)],
                       capture_output=True, text=True, env=_env(tmp_path / "cache", **extra),
                       check=True)
        return {p.name: p.read_bytes() for p in (project / out).rglob("assets/*.woff*")}

    first = build("first")
    kept = list((tmp_path / "cache/brochures/fonts").iterdir())
    assert first and len(kept) == len(first)  # Arabic and Latin, regular and bold
    assert build("again") == first  # from what was kept
    assert build("afresh", BROCHURES_CACHE="off") == first
