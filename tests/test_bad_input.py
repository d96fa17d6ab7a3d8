"""A catalogue of bad inputs: each is refused with one clear line, and nothing is lost.

Every folder ``tests/scenarios/bad-<case>/`` is a tiny brochure project with one
thing wrong (a project without ``templates/`` or ``styles/`` uses the built-in
ones). Each case builds it and asserts: a non-zero exit, the expected
``file:line: error: code:`` lines, no traceback, every line of the error output
a well-formed one-line problem, no PDF and no temporary file written, and an
earlier good PDF in the output folder left byte for byte as it was.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochures.cli import main
from brochures.inputs.yamlio import MAX_BYTES
from tests import pdfs

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
PROBLEM = re.compile(
    r"^(?:(?P<file>[^\n]*?)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: )?"
    r"(?P<severity>error|warning): (?P<code>[a-z0-9-]+): (?P<message>\S.*)$"
)
EARLIER = b"%PDF-1.7\n% an earlier good build of this leaflet\n%%EOF\n"


def _pad_past_limit(root: Path) -> None:
    """A language file just over the size limit (generated: too big to keep in git)."""
    path = root / "content/demo/en.yaml"
    with path.open("a", encoding="utf-8") as file:
        while path.stat().st_size <= MAX_BYTES:
            file.write("# padding " + "x" * 200 + "\n")
            file.flush()


BRAND = ["--brand", "acme"]

# case: (extra build arguments, expected problems as (code, file, line)).
# ``file`` None: the problem comes from the command line, not from a file.
CASES: dict[str, tuple[list[str], list[tuple[str, str | None, int | None]]]] = {
    # YAML that cannot be read
    "yaml-syntax": ([], [("yaml-syntax", "content/demo/en.yaml", 2)]),
    "yaml-bad-indent": ([], [("yaml-syntax", "content/demo/en.yaml", 8)]),
    "yaml-tab-indent": ([], [("yaml-syntax", "content/demo/en.yaml", 15)]),
    # The mistakes people make most (their exact lines: tests/test_plain_words.py)
    "yaml-colon-in-text": ([], [("yaml-syntax", "content/demo/en.yaml", 2)]),
    "yaml-list-item-mapping": ([], [("wrong-type", "content/demo/en.yaml", 10)]),
    "yaml-curly-quotes": ([], [("yaml-syntax", "content/demo/en.yaml", 2)]),
    "yaml-unclosed-title": ([], [("yaml-syntax", "content/demo/en.yaml", 1)]),
    "logo-jpg-broken": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "yaml-color-comment": (BRAND, [("wrong-type", "styles/brands/acme/brand.yaml", 5)]),
    "yaml-phone-number": (BRAND, [("wrong-type", "styles/brands/acme/brand.yaml", 12)]),
    "yaml-list-item-too-little": ([], [("yaml-syntax", "content/demo/en.yaml", 11)]),
    "section-misspelled": ([], [("unknown-section", "content/demo/en.yaml", 4)]),
    "brand-misspelled": ([], [("unknown-brand", "brochures.yaml", 2)]),
    "logo-png-truncated": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-gif": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-jpeg-named-png": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "cover-gif": ([], [("bad-image", "content/demo/en.yaml", 3)]),
    "topic-without-topic-file": ([], [("missing-topic-file", "content/demo/topic.yaml",
                                             None)]),
    "yaml-two-documents": ([], [("yaml-syntax", "content/demo/en.yaml", 16)]),
    "yaml-complex-key": ([], [("yaml-key", "content/demo/en.yaml", 16)]),
    "yaml-python-tag": ([], [("yaml-tag", "content/demo/en.yaml", 1)]),
    "yaml-merge-key": ([], [("yaml-merge", "content/demo/en.yaml", 15)]),
    "yaml-huge-number": ([], [("bad-value", "content/demo/en.yaml", 1)]),
    "yaml-control-char": ([], [("bad-character", "content/demo/en.yaml", 7)]),
    "duplicate-key": ([], [("duplicate-key", "content/demo/en.yaml", 3)]),
    "duplicate-section": ([], [("duplicate-key", "content/demo/en.yaml", 16)]),
    "empty-file": ([], [("empty-file", "content/demo/en.yaml", 1)]),
    "comments-only": ([], [("empty-file", "content/demo/en.yaml", 1)]),
    "not-utf8": ([], [("not-utf8", "content/demo/en.yaml", 7)]),
    "binary-file": ([], [("binary-file", "content/demo/en.yaml", 1)]),
    "too-large": ([], [("too-large", "content/demo/en.yaml", 1)]),
    "deep-nesting": ([], [("too-complex", "content/demo/en.yaml", 16)]),
    "alias-bomb": ([], [("too-complex", "content/demo/en.yaml", 16)]),
    "not-a-mapping": ([], [("not-a-mapping", "content/demo/en.yaml", 1)]),
    # YAML that reads, but says the wrong thing
    "wrong-type-title": ([], [("wrong-type", "content/demo/en.yaml", 1)]),
    "wrong-type-sections": ([], [("wrong-type", "content/demo/en.yaml", 3)]),
    "wrong-type-items": ([], [("wrong-type", "content/demo/en.yaml", 9)]),
    "wrong-type-step": ([], [("wrong-type", "content/demo/en.yaml", 12)]),
    "null-title": ([], [("wrong-type", "content/demo/en.yaml", 1)]),
    "missing-field": ([], [("missing-field", "content/demo/topic.yaml", 1)]),
    "bad-date": ([], [("bad-date", "content/demo/topic.yaml", 2)]),
    "bad-source-url": ([], [("bad-url", "content/demo/topic.yaml", 7)]),
    "missing-section": ([], [("missing-section", "content/demo/en.yaml", 3)]),
    "unknown-section": ([], [("unknown-section", "content/demo/en.yaml", 16)]),
    "empty-section": ([], [("empty-section", "content/demo/en.yaml", 14)]),
    "sections-list-wrong-type": ([], [("wrong-type", "templates/sections.yaml", 1)]),
    "words-file-syntax": ([], [("yaml-syntax", "templates/words/en.yaml", 2)]),
    "words-unknown-locale": ([], [("unknown-locale", "templates/words/en.yaml", 4)]),
    # Languages
    "unknown-language-file": ([], [("unknown-language", "content/demo/xx.yaml", 1)]),
    "unknown-source-language": ([], [("unknown-language", "content/demo/topic.yaml", 1)]),
    "unknown-language-option": (["--lang", "de"], [("unknown-language", "content/demo/", None)]),
    # Brands: files, colours, fonts
    "missing-brand": (BRAND, [("missing-file", "styles/brands/acme/brand.yaml", None)]),
    "unknown-brand-option": (["--brand", "nosuch"], [("unknown-brand", None, None)]),
    "missing-logo": (BRAND, [("missing-logo", "styles/brands/acme/brand.yaml", 2)]),
    "broken-logo-svg": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-malformed-svg": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "broken-logo-png": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "broken-png-body": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "bad-color": (BRAND, [("bad-color", "styles/brands/acme/brand.yaml", 5)]),
    "css-injection-color": (BRAND, [("bad-color", "styles/brands/acme/brand.yaml", 5)]),
    "unknown-font": (BRAND, [("unknown-font", "styles/brands/acme/brand.yaml", 9)]),
    "css-injection-font": (BRAND, [("bad-font", "styles/brands/acme/brand.yaml", 10)]),
    # a too-long footer is too long, not "of the wrong type" (one branch of text-or-mapping)
    "footer-too-long": (BRAND, [("too-long", "styles/brands/acme/brand.yaml", 14)]),
    # Files outside the project, the network, entities
    "logo-external-ref": (BRAND, [("unsafe-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-network-ref": (BRAND, [("unsafe-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-css-escape": (BRAND, [("unsafe-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-entity": (BRAND, [("unsafe-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-svg-script": (BRAND, [("unsafe-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-svg-foreign-object": (BRAND, [("unsafe-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-png-bomb": (BRAND, [("bad-logo", "styles/brands/acme/brand.yaml", 2)]),
    "logo-symlink-out": (BRAND, [("unsafe-path", "styles/brands/acme/brand.yaml", 2)]),
    "logo-path-traversal": (BRAND, [("unsafe-path", "styles/brands/acme/brand.yaml", 2)]),
    "logo-absolute-path": (BRAND, [("unsafe-path", "styles/brands/acme/brand.yaml", 2)]),
    "theme-import": (BRAND, [("unsafe-css", "styles/brands/acme/theme.css", 2)]),
    "theme-url-outside": (BRAND, [("unsafe-css", "styles/brands/acme/theme.css", 3)]),
    "theme-url-traversal": (BRAND, [("unsafe-css", "styles/brands/acme/theme.css", 2)]),
    "theme-percent-traversal": (BRAND, [("unsafe-css", "styles/brands/acme/theme.css", 2)]),
    "theme-font-face-network": (BRAND, [("unsafe-css", "styles/brands/acme/theme.css", 4)]),
    "theme-symlink-out": (BRAND, [("unsafe-path", "styles/brands/acme/theme.css", 1)]),
    "language-file-symlink-out": ([], [("unsafe-path", "content/demo/en.yaml", 1)]),
    "topic-file-symlink-out": ([], [("unsafe-path", "content/demo/topic.yaml", 1)]),
    "template-symlink-out": ([], [("template-error", "templates/partials/contact.html", None)]),
    "stylesheet-url-etc": ([], [("unsafe-css", "styles/base.css", 2)]),
    "stylesheet-import-network": ([], [("unsafe-css", "styles/base.css", 2)]),
    "stylesheet-font-network": ([], [("unsafe-css", "styles/base.css", 3)]),
    "layout-bad-pdf-variant": ([], [("bad-value", "templates/layouts/sheet.yaml", 9)]),
    "layout-path-traversal": ([], [("unsafe-path", "templates/layouts/sheet.yaml", 3)]),
    # Ids with path separators or ..
    "topic-id-traversal": (["../../etc"], [("bad-id", None, None)]),
    "brand-id-traversal": (["--brand", "../default"], [("bad-id", None, None)]),
    "language-id-traversal": (["--lang", "../en"], [("unknown-language", "content/demo/", None)]),
    "topic-folder-bad-id": ([], [("bad-id", "content/Demo Topic/topic.yaml", None)]),
    "unknown-layout-option": (["--layout", "nosuch"], [("unknown-layout", None, None)]),
    # Templates a project supplies
    "template-syntax": ([], [("template-error", "templates/sheet.html", 3)]),
    "template-sandbox-escape": ([], [("template-error", "templates/sheet.html", 4)]),
    # A valid project, but an output folder that cannot be created (see the test)
    "unwritable-output": ([], [("output-failed", "a-file/out/default/demo/demo-en-sheet.pdf",
                                None)]),
    # Everything wrong in one run is reported in that run
    "two-broken-files": (BRAND, [("yaml-syntax", "content/demo/en.yaml", 2),
                                 ("bad-color", "styles/brands/acme/brand.yaml", 5)]),
}
PREPARE = {"too-large": _pad_past_limit}


def _copy(case: str, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(SCENARIOS / f"bad-{case}", root, symlinks=True)
    if case in PREPARE:
        PREPARE[case](root)
    return root


def _problems(text: str) -> list[re.Match]:
    return [m for m in map(PROBLEM.match, text.splitlines()) if m]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _assert_clean_failure(result, expected) -> None:
    """Non-zero exit, no traceback, one well-formed line per problem, the expected ones."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert PROBLEM.match(line), f"not a one-line problem: {line!r}"
    found = [(m["code"], m["file"], int(m["line"]) if m["line"] else None)
             for m in _problems(result.output) if m["severity"] == "error"]
    for code, file, line in expected:
        hits = [f for f in found if f[0] == code and f[2] == line and (
            f[1] == file or (file is not None and f[1] and f[1].endswith("/" + file)))]
        assert hits, f"expected {file}:{line}: error: {code}: in\n{result.output}"


def test_every_scenario_folder_has_a_case():
    folders = {p.name[len("bad-"):] for p in SCENARIOS.glob("bad-*")}
    assert folders - {"unknown-key"} == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_and_nothing_is_lost(case: str, tmp_path: Path):
    args, expected = CASES[case]
    root = _copy(case, tmp_path)
    out = tmp_path / "out"
    brand = args[args.index("--brand") + 1] if "--brand" in args else "default"
    earlier = out / brand / "demo" / "demo-en-sheet.pdf"
    if ".." not in brand:
        earlier.parent.mkdir(parents=True)
        earlier.write_bytes(EARLIER)
    before = _files(out) if out.is_dir() else {}
    if case == "unwritable-output":
        # Root ignores permission bits, but nobody can create a folder inside a file.
        blocker = tmp_path / "a-file"
        blocker.write_bytes(b"not a folder")
        out = blocker / "out"
    layout = [] if "--layout" in args else ["--layout", "sheet"]
    result = CliRunner().invoke(
        main, ["--project", str(root), "build", *layout, "--out", str(out), *args])
    _assert_clean_failure(result, expected)
    if case == "unwritable-output":
        assert blocker.read_bytes() == b"not a folder"
        return
    after = _files(out) if out.is_dir() else {}
    # The refused leaflet's earlier PDF leaves the output folder, kept whole under .refused/
    # (nobody prints from there); nothing else is written, changed or lost.
    moved = {key: data for key, data in before.items() if key not in after}
    assert {f".refused/{key}": data for key, data in moved.items()} == {
        key: data for key, data in after.items() if key not in before}
    assert all(after[key] == data for key, data in before.items() if key in after)
    if moved:
        assert "moved out of the output folder (kept in .refused/)" in result.output


def test_check_reports_both_broken_files_in_one_run(tmp_path: Path):
    root = _copy("two-broken-files", tmp_path)
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    _assert_clean_failure(result, CASES["two-broken-files"][1])


def test_a_broken_topic_file_does_not_hide_its_language_files_problems(tmp_path: Path):
    root = _copy("bad-date", tmp_path)
    english = root / "content/demo/en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + "  - stray: {\n",
                       encoding="utf-8")
    line = len(english.read_text(encoding="utf-8").splitlines())
    for command in (["check", "--no-fit"], ["build", "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, ["--project", str(root), *command])
        _assert_clean_failure(result, [("bad-date", "content/demo/topic.yaml", 2),
                                       ("yaml-syntax", "content/demo/en.yaml", line)])
    assert not (tmp_path / "out").exists()


def test_unknown_key_is_a_warning_and_the_leaflet_builds(tmp_path: Path):
    root = _copy("unknown-key", tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["--project", str(root), "build", "--layout", "sheet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [m for m in _problems(result.output) if m["severity"] == "warning"]
    unknown = [m for m in warnings if m["code"] == "unknown-key"]
    assert [(m["code"], m["file"], m["line"]) for m in unknown] == [
        ("unknown-key", "content/demo/en.yaml", "3")]
    assert "subtitel" in unknown[0]["message"]
    pdf = out / "default/demo/demo-en-sheet.pdf"
    assert "Demo treatment" in pdfs.text(pdf)
    strict = CliRunner().invoke(
        main, ["--project", str(root), "build", "--strict", "--layout", "sheet", "--out",
               str(out)])
    assert strict.exit_code != 0


@pytest.mark.parametrize("case", sorted(p.name[len("bad-"):] for p in SCENARIOS.glob("bad-*")))
def test_check_and_list_end_cleanly_on_every_scenario(case: str, tmp_path: Path):
    """``check`` reports (non-zero exit, one line per problem) and ``list`` lists: no crash."""
    root = _copy(case, tmp_path)
    for command in (["check", "--no-fit"], ["list"]):
        result = CliRunner().invoke(main, ["--project", str(root), *command])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command, repr(result.exception))
        assert "Traceback" not in result.output


def test_the_pdf_variants_brochures_accepts_are_those_weasyprint_writes():
    from weasyprint.pdf import VARIANTS

    from brochures.inputs.load_styles import PDF_VARIANTS

    assert set(VARIANTS) - {"debug"} == PDF_VARIANTS


def test_a_file_read_twice_is_refused_twice(tmp_path: Path):
    """A problem is printed once, but a second read of a broken file must fail too."""
    from brochures.errors import Report
    from brochures.inputs.load import load_topic
    from brochures.inputs.load_styles import load_brand
    from brochures.inputs.project import Project

    project = Project(_copy("two-broken-files", tmp_path))
    report = Report()
    assert [load_brand(project, "acme", report) for _ in range(2)] == [None, None]
    topic = [load_topic(project, "demo", report) for _ in range(2)]
    assert [t is not None and "en" in t.leaflets for t in topic] == [False, False]
    assert len(report.errors) == 2  # each problem printed once


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_an_output_folder_on_a_filesystem_that_refuses_writes(tmp_path: Path):
    """/proc refuses new folders even to root: the job fails in one line, no traceback."""
    root = _copy("unwritable-output", tmp_path)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--layout", "sheet",
                                       "--out", "/proc/brochures-test-out"])
    _assert_clean_failure(result, [
        ("output-failed", "/proc/brochures-test-out/default/demo/demo-en-sheet.pdf", None)])
