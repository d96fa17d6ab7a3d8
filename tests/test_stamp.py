"""The stamp of a whole build: an untouched project answers "unchanged" without loading it.

Every test gets a private copy of the run's default build (``sample_build``: every leaflet
of the project, with its build records); the first build there of two of its leaflets (in
this process: the stamp it saves does not depend on which process wrote it) finds both
unchanged and stamps the copy's own output folder, then asks again in a separate process;
what a rebuild prints, which modules it imported and which leaflets it rendered are read from
that process. A build that must render (its "1 built" already says the stamp did not answer)
runs in this process: a fresh one would only add the import of WeasyPrint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from brochures.batch import stamp
from tests.conftest import Run

ARGS = ("--lang", "en", "--lang", "fr", "--layout", "sheet", "--jobs", "1")
# Prints, after the build, whether the modules that load and judge a project were imported.
PROBE = """
import sys
from brochures.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print("loaded:", sorted(m for m in ("brochures.checks.gate", "brochures.inputs.load", "weasyprint")
                        if m in sys.modules))
sys.exit(code)
"""


def build(root: Path, *extra: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--project", str(root), "build", *ARGS, *extra],
        capture_output=True, text=True, cwd=root, check=False)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def built(built_sample: Path) -> Path:
    """A private copy of the built project, stamped where it is now (the stamp names its
    output folder): its build records make both leaflets unchanged, nothing is rendered."""
    project = built_sample
    result = Run(project)("build", *ARGS)
    assert result.exit_code == 0, result.all_output
    assert "0 built, 2 unchanged" in result.output
    return project


def test_an_untouched_project_is_answered_from_the_stamp(built):
    record = json.loads((built / "dist" / stamp.RECORD).read_text("utf-8"))
    assert sorted(o["path"] for o in record["outcomes"]) == [
        "default/mesotherapy/mesotherapy-en-sheet.pdf",
        "default/mesotherapy/mesotherapy-fr-sheet.pdf"]
    pdf = built / "dist/default/mesotherapy/mesotherapy-fr-sheet.pdf"
    before = pdf.stat().st_mtime_ns
    code, output = build(built)
    assert code == 0, output
    assert "0 built, 2 unchanged, 0 failed" in output
    assert f"unchanged: {pdf}" in output
    # Nothing was loaded, judged or rendered, and the PDF was left as it was.
    assert "loaded: []" in output
    assert pdf.stat().st_mtime_ns == before
    with pikepdf.open(pdf) as opened:
        assert len(opened.pages) == 4


def rebuild(root: Path) -> str:
    """A build that renders, in this process; what it printed (stdout and stderr, in order)."""
    result = Run(root)("build", *ARGS)
    assert result.exit_code == 0, result.all_output
    return result.output


def test_a_changed_text_is_built_again(built):
    leaflet = built / "content/mesotherapy/fr.yaml"
    leaflet.write_text(leaflet.read_text("utf-8").replace("Mésothérapie", "La mésothérapie", 1),
                       "utf-8")
    assert "1 built, 1 unchanged" in rebuild(built)  # rendered: not answered by the stamp
    # And the new build is the stamp of the next run.
    code, output = build(built)
    assert code == 0 and "0 built, 2 unchanged" in output and "loaded: []" in output, output


def test_a_deleted_or_edited_pdf_is_made_again(built):
    pdf = built / "dist/default/mesotherapy/mesotherapy-en-sheet.pdf"
    pdf.unlink()
    assert "1 built, 1 unchanged" in rebuild(built)
    assert pdf.is_file()
    other = built / "dist/default/mesotherapy/mesotherapy-fr-sheet.pdf"
    other.write_bytes(other.read_bytes() + b"\n% edited by hand\n")
    output = rebuild(built)
    assert "1 built, 1 unchanged" in output, output
    # And the stamp of that build answers the next run, in a fresh process.
    code, output = build(built)
    assert code == 0 and "0 built, 2 unchanged" in output and "loaded: []" in output, output


def test_other_options_or_settings_are_not_answered_by_the_stamp(built):
    code, output = build(built, "--strict")
    assert code == 0, output
    assert "0 built, 2 unchanged" in output
    assert "brochures.checks.gate" in output.split("loaded:")[1]  # judged afresh, not replayed
    # A brochures.yaml that says what the defaults say is still a change of input.
    (built / "brochures.yaml").write_text("paper: a4\n", "utf-8")
    code, output = build(built)
    assert "brochures.checks.gate" in output.split("loaded:")[1]


def test_warnings_of_the_last_run_are_printed_again(built):
    # A use without its evidence grade is a warning: the leaflet is built, and says so.
    for language in ("en", "fr"):
        leaflet = built / f"content/mesotherapy/{language}.yaml"
        text = leaflet.read_text("utf-8")
        assert "evidence: " in text
        leaflet.write_text(text.replace("evidence: ", "# evidence: ", 1), "utf-8")
    first = rebuild(built)
    warnings = sorted(line for line in first.splitlines() if ": warning: " in line)
    assert warnings and "2 built, 0 unchanged" in first, first
    code, again = build(built)
    assert "loaded: []" in again
    assert sorted(line for line in again.splitlines() if ": warning: " in line) == warnings
    assert "0 built, 2 unchanged" in again and code == 0


def test_a_symbolic_link_means_no_stamp(built):
    link = built / "content/mesotherapy/link.txt"
    os.symlink(built / "content/mesotherapy/topic.yaml", link)
    assert stamp.key(built, {}) is None
    for _ in range(2):  # neither answered by the earlier stamp nor by one of its own
        code, output = build(built)
        assert code == 0, output
        assert "0 built, 2 unchanged" in output
        assert "brochures.checks.gate" in output.split("loaded:")[1]
