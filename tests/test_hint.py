"""Fitting from the last build's notes: one layout pass where the guard needed two.

A leaflet whose text leaves room gets ruled notes, found by laying it out once
without them and once more with them. Its build record keeps the notes it ended
with; the next build lays it out with those at once and keeps that only when it
is the very leaflet the guard would have made from scratch (else it starts over).
The PDFs must not differ by a byte either way.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from brochures.batch import job as jobs
from brochures.batch.cache import record_path
from brochures.errors import Report
from brochures.inputs.catalog import load_catalog
from brochures.inputs.project import Project
from brochures.leaflet import fit, render
from brochures.model import Job
from tests.conftest import Run, copy_project

LEAFLETS = ("--lang", "en", "--layout", "booklet", "--layout", "trifold")


def count_passes(monkeypatch) -> list[int]:
    """How many times WeasyPrint laid out a leaflet in this process, from now on."""
    count = [0]
    real = render.layout_html

    def counting(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "layout_html", counting)
    return count


@pytest.fixture
def passes(monkeypatch) -> list[int]:
    # The fitting kept between runs (keyed by the composed text) is tested on its own
    # below: here a leaflet without a record starts from scratch.
    monkeypatch.setenv("BROCHURES_CACHE", "off")
    return count_passes(monkeypatch)


def build(cli, project, passes, out: str, *extra: str) -> tuple[int, dict]:
    before = passes[0]
    result = cli("build", *LEAFLETS, "--out", str(project / out), *extra)
    assert result.exit_code == 0, result.all_output
    pdfs = {p.name: p.read_bytes() for p in (project / out).rglob("*.pdf")}
    assert len(pdfs) == 2
    return passes[0] - before, pdfs


def hints(project, out: str) -> dict:
    return {p.name: json.loads(record_path(p).read_text("utf-8"))["hint"]
            for p in (project / out).rglob("*.pdf")}


@dataclass(frozen=True)
class Cold:
    """The two leaflets built from scratch (no notes to start from) into ``root/dist``."""

    root: Path
    passes: int  # the layout passes that took
    pdfs: dict
    hints: dict


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> Cold:
    """The cold build, made once for the module (read-only: tests copy it)."""
    root = copy_project(tmp_path_factory.mktemp("hint") / "project")
    # The shipped English fills its booklet and trifold (issue 34 added the urgent box,
    # what it is not shown to help and the alternatives): without those optional sections
    # and the evidence, the text leaves room, and both leaflets end with notes.
    path = root / "content/mesotherapy/en.yaml"
    text = path.read_text("utf-8")
    for section in ("not_shown", "urgent", "alternatives", "evidence"):
        text, found = re.subn(rf"(?ms)^  (?:# [^\n]*\n  )?{section}:\n.*?(?=^  \S|\Z)", "",
                              text)
        assert found == 1, section
    path.write_text(text, "utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("BROCHURES_CACHE", "off")  # from scratch, whatever ran before
        passes, pdfs = build(Run(root), root, count_passes(monkeypatch), "dist")
    return Cold(root, passes, pdfs, hints(root, "dist"))


@pytest.fixture
def project(cold: Cold, tmp_path: Path) -> Path:
    """A private copy of the project with the cold build in ``dist/``, records and all."""
    return Path(shutil.copytree(cold.root, tmp_path / "project", symlinks=True))


def test_the_notes_of_the_last_build_save_a_layout_pass(cli, project, passes, cold):
    noted = hints(project, "dist")
    assert noted == cold.hints
    # Both leaflets end with notes, so the cold build laid each out twice or more.
    assert all(h["notes_rules"] or h["notes_pages"] for h in noted.values()), noted
    assert cold.passes >= 4
    warm, again = build(cli, project, passes, "dist", "--force")
    assert warm == 2  # one pass each
    assert again == cold.pdfs
    assert hints(project, "dist") == noted


def test_a_wrong_guess_is_noticed_and_the_leaflet_made_from_scratch(cli, project, passes, cold):
    for pdf in (project / "dist").rglob("*.pdf"):
        record = json.loads(record_path(pdf).read_text("utf-8"))
        record["hint"]["notes_rules"] += 2  # as if the text had been longer last time
        record_path(pdf).write_text(json.dumps(record), "utf-8")
    wrong, again = build(cli, project, passes, "dist", "--force")
    assert again == cold.pdfs
    assert wrong == cold.passes + 2  # the guess, then the guard's own passes


def test_edited_text_gets_the_notes_it_needs_now(cli, project, passes, cold):
    before = hints(project, "dist")  # the cold build's
    # Fewer questions (printed in full by both layouts, last of the sections) leave more
    # room under the text: the old notes are a wrong guess.
    path = project / "content/mesotherapy/en.yaml"
    text = path.read_text("utf-8")
    for gone in ('      - "What are the risks for me?"\n',
                 '      - "Is this treatment right for me?"\n'):
        assert gone in text
        text = text.replace(gone, "")
    path.write_text(text, "utf-8")
    _, edited = build(cli, project, passes, "dist")
    _, scratch = build(cli, project, passes, "fresh")
    assert edited == scratch
    assert hints(project, "dist") == hints(project, "fresh") != before


# The shipped English sheet takes two sheets (4 pages) with ruled notes, and its back details
# need a taller foot: from scratch the guard lays it out at 2 pages, at 4, then with notes.
SHEET = ("--lang", "en", "--layout", "sheet")


def _sheet(cli, root: Path, passes, out: str, *extra: str) -> tuple[int, bytes]:
    before = passes[0]
    result = cli("build", *SHEET, "--out", str(root / out), *extra)
    assert result.exit_code == 0, result.all_output
    (pdf,) = (root / out).rglob("*.pdf")
    return passes[0] - before, pdf.read_bytes()


def test_a_sheet_on_two_sheets_with_a_taller_foot_is_made_in_one_pass(tmp_path, passes):
    cli = Run(root := copy_project(tmp_path / "sheet"))
    cold, first = _sheet(cli, root, passes, "dist")
    (noted,) = hints(root, "dist").values()
    assert noted["pages"] == 4 and noted["foot"]["page"] == 4 and noted["notes_pages"] == 1
    assert noted["foot"]["margin_mm"] > noted["foot"]["base_mm"]
    assert cold == 3  # 2 pages (too short), 4 pages with the foot found there, then notes
    warm, again = _sheet(cli, root, passes, "dist", "--force")
    assert (warm, again) == (1, first)

    # A foot taller than the back details need is a guess that no longer holds: noticed,
    # and the same bytes follow (wrong notes: test_a_wrong_guess_is_noticed_...).
    (pdf,) = (root / "dist").rglob("*.pdf")
    record = json.loads(record_path(pdf).read_text("utf-8"))
    record["hint"]["foot"]["margin_mm"] += 3
    record_path(pdf).write_text(json.dumps(record), "utf-8")
    spent, made = _sheet(cli, root, passes, "dist", "--force")
    assert (spent, made) == (cold + 1, first)


def test_text_short_enough_for_one_sheet_is_not_kept_on_two(tmp_path, passes):
    """A leaflet the last build put on two sheets is laid out on one when its text now
    fits: a guess of four pages, even with the very notes four pages would get, fails
    its check (the text no longer runs past page 2) and the guard starts from two."""
    cli = Run(root := copy_project(tmp_path / "sheet"))
    path = root / "content/mesotherapy/en.yaml"
    text = path.read_text("utf-8")
    for section in ("not_shown", "alternatives", "evidence", "aftercare", "urgent",
                    "not_suitable_for", "questions"):
        text, found = re.subn(rf"(?ms)^  (?:# [^\n]*\n  )?{section}:\n.*?(?=^  \S|\Z)", "",
                              text)
        assert found == 1, section
    path.write_text(text, "utf-8")
    cold, first = _sheet(cli, root, passes, "dist")
    (noted,) = hints(root, "dist").values()
    assert "pages" not in noted, noted  # one sheet

    # The notes the same text gets on four pages: laid out there once, they are measured.
    catalog = load_catalog(Project(root), ["mesotherapy"], ["default"], ["sheet"], Report())
    job = Job("mesotherapy", "en", "sheet", "default")
    layout = replace(catalog.layouts["sheet"], pages=4)
    relayout = jobs._relayout(catalog, job, root.resolve().as_uri() + "/")
    foot = {**noted["foot"], "page": 4}  # the back details, on page 4
    bare = relayout(layout.body_pt, pages=4, foot=foot)
    four = {"notes_pages": 2, "notes_rules": fit._rules_left(bare[1].document), "pages": 4,
            "foot": foot}
    assert fit.hint_holds(catalog.layouts["sheet"], relayout(layout.body_pt, **four), four) \
        is False
    (pdf,) = (root / "dist").rglob("*.pdf")
    record = json.loads(record_path(pdf).read_text("utf-8"))
    record["hint"] = {**noted, **four}
    record_path(pdf).write_text(json.dumps(record), "utf-8")
    spent, again = _sheet(cli, root, passes, "dist", "--force")
    assert (spent, again) == (cold + 1, first)
    assert list(hints(root, "dist").values()) == [noted]


def test_a_copy_of_the_project_starts_from_the_fitting_its_text_ended_with(
        tmp_path, monkeypatch):
    """Kept between runs, keyed by the composed text (the project's folder aside): a new
    output folder or a copy of the project lays the sheet out once, the same bytes."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    passes = count_passes(monkeypatch)
    cli = Run(root := copy_project(tmp_path / "sheet"))
    cold, first = _sheet(cli, root, passes, "dist")
    assert cold == 3
    elsewhere, same = _sheet(cli, root, passes, "elsewhere")  # no record there
    other = copy_project(tmp_path / "copy")
    copied, again = _sheet(Run(other), other, passes, "dist")
    assert (elsewhere, copied) == (1, 1)
    assert same == first == again
    # Edited text is another text: from scratch (nothing kept fits it).
    path = other / "content/mesotherapy/en.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Mesotherapy",
                                                    "title: Mesotherapy today"), "utf-8")
    assert _sheet(Run(other), other, passes, "fresh")[0] == 3
