"""The docs site: generated from the code, so a field or a finding code cannot go undocumented
(issue 38).

The file-format pages come from the JSON schemas (``scripts/docsite/formats.py``), the list of
finding codes from the code and rule files that raise them (``scripts/docsite/codes.py``), the
command reference from the Click commands (``scripts/docsite/commands.py``); ``mkdocs build
--strict`` runs in ``make test``. These tests hold the generators to what they promise.
"""

from __future__ import annotations

import re
import sys

import pytest
import yaml

from brochures.errors import Report
from brochures.inputs import project, validate
from brochures.inputs.yamlio import load_yaml
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts" / "docsite"))

import codes
import commands
import formats
import hooks

KINDS = validate.schema_kinds()
RAISED = codes.raised()


def _nav_pages(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [page for item in node for page in _nav_pages(item)]
    if isinstance(node, dict):
        return [page for value in node.values() for page in _nav_pages(value)]
    return []


# --- file formats -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_meaning_and_an_example_on_its_page(kind):
    schema = validate.schema(kind)
    fields = formats.fields(schema)
    assert fields, f"{kind}: no fields found"
    undescribed = [f.path for f in fields if not f.description.strip()]
    assert not undescribed, f"{kind}.json: fields without a description: {undescribed}"
    examples = formats.examples(kind)
    without = [f.path for f in fields if f.path not in examples]
    assert not without, (f"{kind}.json: fields with no example (none in the shipped files, "
                         f"no 'examples' in the schema): {without}")
    page = formats.page(kind)
    for field in fields:
        assert f"| `{field.path}` |" in page, f"{kind}: {field.path} is not on its page"


def test_the_field_walk_reaches_nested_fields_through_refs_maps_and_lists():
    paths = {f.path for f in formats.fields(validate.schema("language"))}
    assert {"sections.<key>.items[].title", "cover_image.alt", "sections.<key>.image.caption"
            } <= paths
    paths = {f.path for f in formats.fields(validate.schema("brand"))}
    assert {"press.a4.condition", "contact.booking_url"} <= paths


def test_a_field_added_to_a_schema_appears_on_its_page(monkeypatch):
    schema = validate.schema("settings")
    added = {**schema, "properties": {**schema["properties"], "colour_mode": {
        "description": "a new setting", "type": "string", "default": "rgb",
        "examples": ["cmyk"]}}}
    real = validate.schema
    monkeypatch.setattr(validate, "schema", lambda kind: added if kind == "settings" else
                        real(kind))
    assert "| `colour_mode` | no | string | `rgb` | a new setting | `cmyk` |" in formats.page(
        "settings")


@pytest.mark.parametrize("kind", KINDS)
def test_the_files_that_ship_with_brochures_follow_their_schema(kind):
    """Every shipped file of the kind (templates/sections.yaml, every rule file, ...), read
    as brochures reads YAML and checked as it checks files."""
    files = formats.shipped_files(kind)
    assert files, f"no shipped file matches {formats.file_pattern(validate.schema(kind))}"
    root = project.builtin_root()
    for path in files:
        report = Report()
        doc = load_yaml(path, path.relative_to(root).as_posix(), report)
        assert doc is not None, [str(p) for p in report.problems]
        validate.check_schema(doc, kind, report)
        assert not report.problems, [str(p) for p in report.problems]


def test_every_rule_folder_and_sections_yaml_has_a_schema():
    root = project.builtin_root()
    described = {formats.file_pattern(validate.schema(k)) for k in KINDS}
    assert "templates/sections.yaml" in described
    for folder in sorted(p for p in (root / "rules").iterdir() if p.is_dir()):
        assert f"rules/{folder.name}/<lang>.yaml" in described, folder
    for path in sorted((root / "rules").glob("*.yaml")):
        assert f"rules/{path.name}" in described, path


# --- finding codes ----------------------------------------------------------------------------

def test_every_finding_code_is_explained():
    written = codes.explanations()
    unexplained = sorted(c for c, entry in RAISED.items() if not codes.explained(entry, written))
    assert not unexplained, ("codes raised but not explained in docs/finding-codes.yaml: "
                             f"{unexplained}")


def test_no_explanation_is_left_for_a_code_nothing_raises():
    stale = sorted(set(codes.explanations()) - set(RAISED))
    assert not stale, f"docs/finding-codes.yaml explains codes nothing raises: {stale}"


def test_every_code_raised_is_on_the_generated_page():
    page = codes.page()
    listed = set(re.findall(r"(?m)^\| `([a-z0-9-]+)` \|", page))
    assert listed == set(RAISED)


@pytest.mark.parametrize("code, how", [
    ("review-overdue", "report.error literal"),
    ("renderer-warning", "report.warning literal"),
    ("todo", "Problem(ERROR, ...)"),
    ("timeout", "a function's parameter named code: failed(job, out, 'timeout', ...)"),
    ("worker-died", "a class carrying a code: Lost('worker-died', ...)"),
    ("yaml-tag", "an exception carrying a code: _Refused('yaml-tag', ...)"),
    ("parity-items", "a nested function's code parameter: add('parity-items', ...)"),
    ("translate-bidi", "a variable named code, either branch"),
    ("translate-kept", "an f-string filled from a loop's tuple"),
    ("missing-field", "a tuple returned to `code, message = ...`"),
    ("stale-translation", "a module constant"),
    ("claim-guarantee", "a claim rule file"),
])
def test_the_scan_finds_codes_raised_every_way_the_code_raises_them(code, how):
    assert code in RAISED, how


def test_the_scan_follows_every_code_the_source_raises():
    """No reporting call passes a code the scan cannot read: a code raised a new way
    (a dictionary lookup, a variable with another name) fails here, not silently."""
    codes.raised()
    assert not codes.UNRESOLVED, codes.UNRESOLVED


def test_severities_are_read_where_the_code_says_them():
    assert RAISED["review-overdue"].severities == {"error"}
    assert RAISED["review-due"].severities == {"warning"}
    assert RAISED["timeout"].severities == {"error"}
    assert RAISED["claim-guarantee"].severities == {"error"}


def test_a_new_code_in_the_source_is_found(tmp_path, monkeypatch):
    package = tmp_path / "brochures"
    package.mkdir()
    (package / "newcheck.py").write_text(
        "def check(report):\n    report.warning('brand-new-code', 'a new finding')\n", "utf-8")
    (package / "lookup.py").write_text(
        "KINDS = {'a': 'kind-a'}\n\ndef check(report, kind):\n"
        "    report.error(KINDS[kind], 'looked up')\n", "utf-8")
    monkeypatch.setattr(codes, "package_root", lambda: package)
    found = codes.raised()
    assert codes.UNRESOLVED == ["brochures/lookup.py:4: KINDS[kind]"]
    assert found["brand-new-code"].severities == {"warning"}
    written = codes.explanations()
    assert not codes.explained(found["brand-new-code"], written)  # so the test above fails


# --- the site ---------------------------------------------------------------------------------

def test_every_page_is_in_the_nav_and_every_nav_page_exists():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    nav = set(_nav_pages(hooks.complete_nav(config["nav"])))
    written = {p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md")}
    generated = set(hooks.generated_pages())
    assert nav == written | generated, (nav ^ (written | generated))


def test_a_new_schema_gets_its_page_in_the_menu(monkeypatch):
    monkeypatch.setattr(formats, "kinds", lambda: [*KINDS, "leaflet-web"])
    real = validate.schema
    monkeypatch.setattr(validate, "schema", lambda kind: {
        "title": "templates/web/<page>.yaml: a new kind of file"} if kind == "leaflet-web" else
        real(kind))
    nav = hooks.complete_nav([{"File formats": [{"brand.yaml": "formats/brand.md"}]}])
    assert {"templates/web/*.yaml": "formats/leaflet-web.md"} in nav[0]["File formats"]
    assert nav[0]["File formats"].count({"brand.yaml": "formats/brand.md"}) == 1


def test_the_command_reference_has_every_command_and_option():
    from brochures import cli

    page = commands.page()
    for name in cli.main.list_commands(None):
        assert f"## `brochures {name}`" in page
    assert "## `brochures translate export`" in page
    assert "`--fit`" in page and "`--strict`" in page


def test_the_readme_fits_on_a_screen_and_keeps_the_two_commands():
    readme = (REPO / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 250
    assert re.search(r"(?m)^make build\b", readme)
    assert re.search(r"(?m)^CI=true make test\b", readme)
    # Generated pages exist only in the built site: the README, read on its own, links only
    # to files that are in the repository.
    for target in re.findall(r"\]\(([^)#:]+)\)", readme):
        assert (REPO / target).is_file(), f"README links to {target}, which is not there"


def test_make_test_builds_the_site_strictly():
    makefile = (REPO / "Makefile").read_text("utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "docs" in test_recipe
    assert "mkdocs build --strict" in makefile.split("\ndocs:", 1)[1].split("\n\n", 1)[0]


def test_the_findings_quoted_in_the_docs_are_codes_brochures_raises():
    """An example line `path:line: error: code: message` in a page or the README names a code
    that still exists (a renamed code leaves no stale example behind)."""
    pages = [*sorted((REPO / "docs").rglob("*.md")), REPO / "README.md"]
    quoted = {(page.name, code) for page in pages
              for code in re.findall(r"(?:error|warning): ([a-z][a-z0-9-]*):",
                                     page.read_text("utf-8"))}
    assert len(quoted) > 10
    stale = sorted((name, code) for name, code in quoted
                   if code not in RAISED and code != "code")
    assert not stale, f"example findings with codes nothing raises: {stale}"
