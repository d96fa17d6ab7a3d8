"""Nothing is read around the loaded project, and everything a build opens is listed.

The package's syntax tree is walked for file reads outside the loading layer; a build in
a fresh process records, through an audit hook, every file it opens, and each must be in
its leaflet's manifest (brochures.batch.manifest). Requests are made in one place, from the
settings, so that ``check`` and ``build`` read the same.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brochures.batch import manifest
from brochures.inputs.project import Project
from tests.conftest import REPO, Run

PACKAGE = REPO / "brochures"


# --- nothing read around the loaded project ------------------------------------------------

# The loading layer: these modules read a project's files, and only they.
LOADING = {"inputs.yamlio", "inputs.settings", "inputs.load", "inputs.load_styles",
           "inputs.catalog", "inputs.records", "inputs.assets", "inputs.project",
           "batch.manifest", "batch.cache", "batch.stamp"}
# Modules that read files which are not a run's inputs, each for its reason.
NOT_PROJECT_INPUTS = {
    "inputs.validate": "the package's own JSON schemas",
    "authoring.newfiles": "the package's starter files",
    "leaflet.fetcher": "WeasyPrint's fetches: checked against the project, recorded per leaflet",
    "leaflet.press": "the printing condition's profile, in every press leaflet's manifest",
    "exchange.imports.package": "a Word file to import, given on the command line (hostile)",
    "leaflet.edition": "the PDF WeasyPrint just wrote, in memory",
    "leaflet.pictures": "Image.open on bytes the catalog read: no file of its own",
    "write": "the output folder",
    "preview.serve": "the server's own web files",
    "preview.live": "the PDF or web page (with its assets) the build just wrote for serve",
    "checks.readability": "the pronouncing dictionary shipped with the package",
    "exchange.imports.sources": "a page or file to import, given on the command line (hostile)",
    "exchange.imports.run": "the language file an import rewrites, read back before writing",
    "exchange.translation.incoming": "a translator's file (hostile) and the file it rewrites",
    "exchange.translation.writeback": "the language file a translation import rewrites",
    "exchange.translation.commit": "the journal of a killed translate import (its own file)",
    "exchange.translation.entries": "translate export/import: the files it exchanges",
    "checks.glossary": "parses what the catalog read (no read of its own)",
    "exchange.translation.termbase": "translate glossary import: the TBX file given (hostile)",
    "inputs.languages": "translate and new commands: a topic's source language outside a build",
    "inputs.units": "translate commands: the units of a file outside a build",
    "authoring.brandkit": "a logo given on the command line (new brand)",
    "inputs.rasters": "Image.open on bytes its callers read (brandkit, assets): no file of its own",
    "authoring.scaffold": "new topic/language: the files it copies from",
    "authoring.copying": "templates copy: the built-in files it copies",
    "caches": "brochures' own cache folder, and font files by their bytes for a cache key",
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
    assert offenders == [], "read through the loaded project (brochures.inputs.catalog) instead"
    for module in NOT_PROJECT_INPUTS:  # no stale exemption
        assert (PACKAGE / (module.replace(".", "/") + ".py")).is_file(), module


def test_the_lists_of_a_leaflets_inputs_live_in_the_manifest_alone():
    """The fingerprint, the stamp, watch and serve take them from brochures.batch.manifest: none
    of them names an input file or folder of its own."""
    named = {"content", "styles", "rules", "translations", "topic.yaml", "records.yaml",
             "brochures.yaml", "base.css", "images"}
    for module in ("batch/cache", "batch/stamp", "batch/watch", "preview/live", "preview/serve",
                   "leaflet/compose"):
        tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
        assert any((isinstance(n, ast.ImportFrom) and n.module == "brochures.batch.manifest")
                   or (isinstance(n, ast.alias) and n.name == "manifest")
                   for n in ast.walk(tree)) or module == "leaflet/compose", module
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
    from brochures.batch import manifest
    from brochures.batch.build import run
    from brochures.errors import Report
    from brochures.inputs.project import Project
    from brochures.inputs.request import make_request
    from brochures.inputs.settings import load_settings
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
