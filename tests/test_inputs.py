"""One list of a leaflet's inputs: nothing is ever stale.

Each input kind is edited in turn and the build's own decision (is the record of a leaflet
still current?) and serve's (which leaflets does the saved file feed?) must name exactly the
leaflets that use it; a real build then shows the same. The five stale answers of issue 26
each have their test. (What a build really opens: tests/test_loading_layer.py.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from brochures.batch import manifest
from brochures.batch.build import plan
from brochures.batch.cache import Incremental
from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.inputs.request import make_request
from brochures.inputs.settings import load_settings
from brochures.preview.live import Key, Live
from tests.conftest import REPO, Run, copy_project

PACKAGE = REPO / "brochures"
SELECTION = ("--lang", "en", "--lang", "fr", "--layout", "sheet", "--layout", "screen",
             "--brand", "default", "--brand", "clinic")


def _request(root: Path, **given):
    project = Project(root)
    return project, make_request(project, load_settings(root, Report()), **given)


def _given() -> dict:
    return dict(languages=["en", "fr"], layouts=["sheet", "screen"],
                brands=["default", "clinic"], out_dir=None, jobs=1)


def stale_jobs(root: Path) -> set[tuple[str, str, str]]:
    """The leaflets ``build`` would render again: those whose record is not current."""
    project, request = _request(root, **_given())
    report = Report()
    catalog, jobs = plan(project, request, report)
    incremental = Incremental(catalog, request.out_dir, request.output_options())
    return {(j.language, j.layout, j.brand) for j in jobs if incremental.current(j) is None}


def fed(root: Path, relative: str) -> set[tuple[str, str, str]] | None:
    """The leaflets serve refreshes when ``relative`` is saved."""
    project, request = _request(root, **_given())
    live = Live(project, root / "previews" / ".pdf", request)
    live.check()
    found = manifest.affected(project, root / relative, live.manifests())
    return None if found is None else {(k.language, k.layout, k.brand) for k in found}


ALL = {(lang, layout, brand) for lang in ("en", "fr") for layout in ("sheet", "screen")
       for brand in ("default", "clinic")}


def only(**wanted) -> set[tuple[str, str, str]]:
    names = ("language", "layout", "brand")
    return {k for k in ALL if all(k[names.index(n)] == v for n, v in wanted.items())}


def _append(text: str, line: str) -> str:
    return text + ("" if text.endswith("\n") else "\n") + line + "\n"


# (what is edited, how, which leaflets use it)
EDITS = [
    ("content/mesotherapy/fr.yaml", lambda t: t.replace("Ce dépliant", "Cette brochure", 1),
     only(language="fr")),
    ("content/mesotherapy/en.yaml", lambda t: t.replace("This leaflet", "This sheet", 1), ALL),
    ("content/mesotherapy/topic.yaml", lambda t: _append(t, "# reviewed again"), ALL),
    ("content/mesotherapy/images/skin-layers.svg",
     lambda t: t.replace("</svg>", "<!-- redrawn --></svg>"), ALL),
    ("templates/words/fr.yaml", lambda t: _append(t, "# a translator's note"),
     only(language="fr")),
    ("templates/sections.yaml", lambda t: _append(t, "# a note"), ALL),
    ("templates/layouts/sheet.yaml", lambda t: _append(t, "# a note"), only(layout="sheet")),
    ("styles/layouts/screen.css", lambda t: _append(t, "/* a note */"), only(layout="screen")),
    ("styles/base.css", lambda t: _append(t, "/* a note */"), ALL),
    ("templates/partials/contact.html", lambda t: _append(t, "{# a note #}"), ALL),
    ("styles/brands/clinic/logo.svg", lambda t: t.replace("</svg>", "<!-- v2 --></svg>"),
     only(brand="clinic")),
    ("styles/brands/default/brand.yaml", lambda t: _append(t, "# a note"),
     only(brand="default")),
    ("rules/claims/fr.yaml", lambda t: _append(t, "# a note"), only(language="fr")),
    ("rules/readability.yaml", lambda t: _append(t, "# a note"), ALL),
    ("translations/glossary.fr.tsv", lambda t: _append(t, "# a note"), only(language="fr")),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project (rules and glossary included) with the selection built."""
    root = copy_project(tmp_path_factory.mktemp("inputs") / "project")
    for name in ("rules", "translations"):
        shutil.copytree(REPO / name, root / name)
    result = Run(root)("build", *SELECTION)
    assert result.exit_code == 0, result.all_output
    assert "8 built" in result.output
    return root


@pytest.mark.parametrize("relative, edit, users", EDITS, ids=[e[0] for e in EDITS])
def test_each_input_rebuilds_and_refreshes_exactly_the_leaflets_that_use_it(
        built, relative, edit, users):
    path = built / relative
    before = path.read_bytes()
    assert stale_jobs(built) == set()
    try:
        path.write_text(edit(before.decode("utf-8")), "utf-8")
        assert path.read_bytes() != before
        assert stale_jobs(built) == users
        assert fed(built, relative) == users
    finally:
        path.write_bytes(before)
    assert stale_jobs(built) == set()  # the same bytes again: current again


def test_an_approval_rebuilds_only_its_language_and_serve_refreshes_the_topic(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    result = Run(root)("approve", "mesotherapy", "--lang", "fr", "--by", "Dr A",
                       "--role", "Dermatologist", "--brand", "default", "--brand", "clinic")
    assert result.exit_code == 0, result.all_output
    assert stale_jobs(root) == only(language="fr")  # the colophon names the approval
    # serve cannot tell which language an edit of records.yaml approved: the topic's
    assert fed(root, "content/mesotherapy/records.yaml") == ALL


def test_a_real_build_renders_exactly_the_leaflets_whose_inputs_changed(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    for relative, edit, _ in (EDITS[0], EDITS[10]):  # fr.yaml and the clinic's logo
        path = root / relative
        path.write_text(edit(path.read_text("utf-8")), "utf-8")
    result = Run(root)("build", *SELECTION)
    assert result.exit_code == 0, result.all_output
    built_now = {Path(line.split(": ", 1)[1]).name for line in result.output.splitlines()
                 if line.startswith("built: ")}
    expected = only(language="fr") | only(brand="clinic")
    assert built_now == {f"mesotherapy-{lang}-{layout}.pdf" for lang, layout, _ in expected}
    assert f"{len(expected)} built, {8 - len(expected)} unchanged" in result.output


# --- the five defects ------------------------------------------------------------------


def _page_image(pdf: Path) -> bytes:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return document[0].render(scale=0.5).to_pil().tobytes()
    finally:
        document.close()


def test_an_edited_picture_is_rebuilt_and_printed(cli, project):
    args = ("build", "--lang", "en", "--layout", "screen")
    assert cli(*args).exit_code == 0
    pdf = project / "dist/default/mesotherapy/mesotherapy-en-screen.pdf"
    svg = project / "content/mesotherapy/images/skin-layers.svg"
    pages = [_page_image(pdf)]
    text = svg.read_text("utf-8")
    # Every fill of the picture turns black: the old picture must not stay in the PDF.
    import re
    svg.write_text(re.sub(r'fill="#[0-9a-fA-F]{3,6}"', 'fill="#000000"', text), "utf-8")
    second = cli(*args)
    assert second.exit_code == 0, second.all_output
    assert "1 built, 0 unchanged" in second.output
    pages.append(_page_image(pdf))
    assert pages[0] != pages[1]


def test_the_code_digest_covers_every_subfolder_of_the_package(tmp_path):
    copy = tmp_path / "brochures"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    probe = "from brochures.batch import manifest; print(manifest.code_digest())"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}

    def digest() -> str:
        return subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout.strip()

    first = digest()
    names = {p.relative_to(PACKAGE).as_posix() for p in manifest.code_files()}
    assert {"checks/claims.py", "checks/translation_gate.py", "preview/web/live.js",
            "inputs/schemas/brand.json"} <= names
    claims = copy / "checks" / "claims.py"
    claims.write_text(claims.read_text("utf-8") + "\n# a changed check\n", "utf-8")
    assert digest() != first


def _live(root: Path, **given) -> Live:
    def remake():
        return _request(root, out_dir=root / "previews", **given)

    project, request = remake()
    return Live(project, root / "previews" / ".pdf", request, remake)


def test_serve_shows_an_approval_and_a_revoke_at_once(project):
    (project / "brochures.yaml").write_text("require_approval: true\n", "utf-8")
    live = _live(project)
    key = Key("mesotherapy", "en", "screen", "default")
    assert live.view(key).built
    assert "DRAFT" in " ".join(live.view(key).texts)
    records = project / "content/mesotherapy/records.yaml"
    cli = Run(project)
    assert cli("approve", "mesotherapy", "--lang", "en", "--by", "Dr A",
               "--role", "GP").exit_code == 0
    live.files_changed([records])
    approved = live.view(key)
    text = " ".join(approved.texts)
    assert "DRAFT" not in text and "Dr A" in text
    assert cli("approve", "mesotherapy", "--lang", "en", "--revoke").exit_code == 0
    live.files_changed([records])
    assert "DRAFT" in " ".join(live.view(key).texts)


def test_serve_sees_brochures_yaml_saved(project):
    settings = project / "brochures.yaml"
    settings.write_text("require_approval: false\n", "utf-8")
    live = _live(project)
    key = Key("mesotherapy", "en", "screen", "default")
    assert "DRAFT" not in " ".join(live.view(key).texts)
    assert manifest.is_input(project, settings)
    settings.write_text("require_approval: true\n", "utf-8")
    live.files_changed([settings])
    assert live.changes_since(0) is None  # every page refreshes
    assert "DRAFT" in " ".join(live.view(key).texts)


def test_serve_follows_the_projects_paper_and_brands(project):
    (project / "brochures.yaml").write_text("paper: letter\nbrands: [clinic]\n", "utf-8")
    live = _live(project)
    assert {k.brand for k in live.leaflets()} == {"clinic"}
    view = live.view(Key("mesotherapy", "fr", "sheet", "clinic"))
    assert view.built and view.name == "mesotherapy-fr-sheet-letter"
    with pikepdf.open(__import__("io").BytesIO(view.pdf)) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
    assert (round(box[2]), round(box[3])) == (612, 792)  # US Letter, as build writes


def test_sign_off_answers_from_the_loaded_project_only(project):
    """A run judges the records it loaded; a file changed under it waits for the next run."""
    from brochures.checks import signoff
    from brochures.inputs.catalog import load_catalog

    p = Project(project)
    catalog = load_catalog(p, ["mesotherapy"], [], [], Report(), require_approval=True)
    assert signoff.decide(catalog, "mesotherapy", "en").draft
    assert Run(project)("approve", "mesotherapy", "--lang", "en", "--by", "Dr A",
                        "--role", "GP").exit_code == 0
    assert signoff.decide(catalog, "mesotherapy", "en").draft  # this run's snapshot
    again = load_catalog(p, ["mesotherapy"], [], [], Report(), require_approval=True)
    assert not signoff.decide(again, "mesotherapy", "en").draft
    source = (PACKAGE / "checks" / "signoff.py").read_text("utf-8")
    assert "lru_cache" not in source and "def reset" not in source
