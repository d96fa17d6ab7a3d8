"""One loaded project, one list of a leaflet's inputs, one request: nothing is ever stale.

Each input kind is edited in turn and the build's own decision (is the record of a leaflet
still current?) and serve's (which leaflets does the saved file feed?) must name exactly the
leaflets that use it; a real build then shows the same. The files a build really opens are
recorded by an audit hook in a fresh process and must all be in their leaflets' manifests.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from brochures import manifest
from brochures.build import plan
from brochures.cache import Incremental
from brochures.errors import Report
from brochures.project import Project
from brochures.request import make_request
from brochures.settings import load_settings
from brochures.web.live import Key, Live
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
    probe = "from brochures import manifest; print(manifest.code_digest())"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}

    def digest() -> str:
        return subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout.strip()

    first = digest()
    names = {p.relative_to(PACKAGE).as_posix() for p in manifest.code_files()}
    assert {"checks/claims.py", "translate/gatecheck.py", "web/live.js",
            "schemas/brand.json"} <= names
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
    from brochures import signoff
    from brochures.catalog import load_catalog

    p = Project(project)
    catalog = load_catalog(p, ["mesotherapy"], [], [], Report(), require_approval=True)
    assert signoff.decide(catalog, "mesotherapy", "en").draft
    assert Run(project)("approve", "mesotherapy", "--lang", "en", "--by", "Dr A",
                        "--role", "GP").exit_code == 0
    assert signoff.decide(catalog, "mesotherapy", "en").draft  # this run's snapshot
    again = load_catalog(p, ["mesotherapy"], [], [], Report(), require_approval=True)
    assert not signoff.decide(again, "mesotherapy", "en").draft
    source = (PACKAGE / "signoff.py").read_text("utf-8")
    assert "lru_cache" not in source and "def reset" not in source


# --- nothing read around the loaded project ------------------------------------------------

# The loading layer: these modules read a project's files, and only they.
LOADING = {"yamlio", "settings", "load", "catalog", "records", "assets", "project",
           "manifest", "cache", "stamp"}
# Modules that read files which are not a run's inputs, each for its reason.
NOT_PROJECT_INPUTS = {
    "validate": "the package's own JSON schemas",
    "newfiles": "the package's starter files",
    "fetcher": "WeasyPrint's fetches: checked against the project, recorded per leaflet",
    "press": "the printing condition's profile, in every press leaflet's manifest (audited)",
    "importing.package": "a Word file to import, given on the command line (hostile)",
    "edition": "the PDF WeasyPrint just wrote, in memory",
    "write": "the output folder",
    "serve": "the server's own web files",
    "web.live": "the PDF the build just wrote into serve's cache",
    "checks.readability": "the pronouncing dictionary shipped with the package",
    "importing.sources": "a page or file to import, given on the command line (hostile)",
    "importing.run": "the language file an import rewrites, read back before writing",
    "translate.importing": "a translator's file (hostile) and the file it rewrites",
    "translate.writeback": "the language file a translation import rewrites",
    "translate.commit": "the journal of a translate import that was killed (its own file)",
    "translate.exchange": "translate export/import: the files it exchanges",
    "translate.glossary": "parses what the catalog read (no read of its own)",
    "translate.termbase": "translate glossary import: the TBX file it is given (hostile)",
    "units": "translate commands: the units of a file outside a build",
    "brandkit": "a logo given on the command line (new brand)",
    "rasters": "Image.open on bytes its callers read (brandkit, assets): no file of its own",
    "scaffold": "new topic/language: the files it copies from",
    "copying": "templates copy: the built-in files it copies",
}
# Calls that read a file or a folder (json.load and yaml's need an opened file or read text).
READS = {"open", "read_text", "read_bytes", "load_yaml", "glob", "rglob", "iterdir", "scandir",
         "listdir", "walk"}


def _reads(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in READS:
                found.append((node.lineno, name))
    return found


def test_no_module_outside_the_loading_layer_reads_a_project_file():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
        if module in LOADING or module in NOT_PROJECT_INPUTS or module.endswith("__init__"):
            continue
        for line, name in _reads(ast.parse(path.read_text("utf-8"))):
            offenders.append(f"brochures/{path.relative_to(PACKAGE)}:{line}: {name}()")
    assert offenders == [], "read through the loaded project (brochures.catalog) instead"
    for module in NOT_PROJECT_INPUTS:  # no stale exemption
        assert (PACKAGE / (module.replace(".", "/") + ".py")).is_file(), module


def test_the_lists_of_a_leaflets_inputs_live_in_the_manifest_alone():
    """The fingerprint, the stamp, watch and serve take them from brochures.manifest: none
    of them names an input file or folder of its own."""
    named = {"content", "styles", "rules", "translations", "topic.yaml", "records.yaml",
             "brochures.yaml", "base.css", "images"}
    for module in ("cache", "stamp", "watch", "web/live", "serve", "compose"):
        tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
        assert any((isinstance(n, ast.ImportFrom) and n.module == "brochures.manifest")
                   or (isinstance(n, ast.alias) and n.name == "manifest")
                   for n in ast.walk(tree)) or module == "compose", module
        strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                   and isinstance(n.value, str)}
        assert not strings & named, (module, strings & named)


def test_every_command_makes_its_request_in_one_place():
    constructed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "request.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Request":
                constructed.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert constructed == []


def test_check_and_build_read_the_same_settings(project):
    (project / "brochures.yaml").write_text("paper: letter\nbrands: [clinic]\nlayouts: [screen]\n"
                                            "languages: [fr]\n", "utf-8")
    cli = Run(project)
    result = cli("check", "--format", "json")
    assert result.exit_code == 0, result.all_output
    checked = json.loads(result.output)
    built = cli("build")
    assert built.exit_code == 0, built.all_output
    assert (project / "dist/clinic/mesotherapy/mesotherapy-fr-screen-letter.pdf").is_file()
    assert checked["summary"]["checked"] == ["mesotherapy/fr"]


# --- what a build really opens ---------------------------------------------------------------

AUDIT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    opened = set()
    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)) and args[0]:
            opened.add(str(args[0], "utf-8") if isinstance(args[0], bytes) else args[0])
    from brochures import manifest
    from brochures.build import run
    from brochures.errors import Report
    from brochures.project import Project
    from brochures.request import make_request
    from brochures.settings import load_settings
    root = Path(sys.argv[1])
    project = Project(root)
    request = make_request(project, load_settings(root, Report()), languages=[sys.argv[2]],
                           layouts=[sys.argv[3]], brands=[sys.argv[4]], jobs=1, force=True,
                           editions=sys.argv[5:])
    import weasyprint  # imported before the hook: the library's own files are not inputs
    sys.addaudithook(hook)
    summary = run(project, request)
    inputs = set()
    for outcome in summary.outcomes:
        found = manifest.leaflet_inputs(summary.catalog, outcome.job)
        inputs |= found.names(project) | {str(p) for p in outcome.resources}
    print(json.dumps({"status": [o.status for o in summary.outcomes],
                      "opened": sorted(opened), "inputs": sorted(inputs)}))
""")


@pytest.mark.parametrize("language, layout, brand, editions, required", [
    ("fr", "trifold", "clinic", ["press"], "false"),  # rendered for the press
    ("ar", "sheet", "default", ["standard"], "true"),  # a draft, judged and rendered
    ("de", "booklet", "default", ["press"], "true"),  # refused: judged only
])
def test_every_file_a_build_opens_is_in_its_manifest(project, language, layout, brand,
                                                     editions, required):
    for name in ("rules", "translations"):
        shutil.copytree(REPO / name, project / name)
    (project / "brochures.yaml").write_text(f"require_approval: {required}\n", "utf-8")
    out = subprocess.run([sys.executable, "-c", AUDIT, str(project), language, layout, brand,
                          *editions], capture_output=True, text=True, cwd=project, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    data = json.loads(out.stdout.splitlines()[-1])
    assert data["status"] == ["failed" if "press" in editions and required == "true"
                              else "built"], out.stderr[-2000:]
    p = Project(project)
    roots = [root.resolve() for root in p.roots]
    code = {str(path) for path in manifest.code_files()}
    read = set()
    for name in data["opened"]:
        path = Path(name)
        if not path.is_absolute():
            path = project / path
        resolved = path.resolve()
        if str(resolved) in code or not any(resolved.is_relative_to(r) for r in roots):
            continue  # the package's own files (its code), fonts, libraries, /tmp
        shown = p.show(path)
        if Path(shown).parts[0] not in (*manifest.PROJECT_FOLDERS, manifest.SETTINGS):
            continue  # the output folder, the virtual environment: not where inputs are kept
        read.add(p.input_name(path))
    assert read, "the hook saw no project file: it did not record"
    inputs = {p.input_name(Path(i)) if i.startswith("/") else i for i in data["inputs"]}
    missing = sorted(read - inputs)
    assert missing == [], f"read while building but not in the manifest: {missing}"
