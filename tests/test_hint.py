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
from dataclasses import dataclass
from pathlib import Path

import pytest

from brochures.batch.cache import record_path
from brochures.leaflet import render
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
