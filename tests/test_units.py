"""Units and fingerprints (brochures.inputs.units) and the records file's place in a project."""

from __future__ import annotations

from pathlib import Path

from brochures.inputs.project import Project
from brochures.inputs.units import FACT, TEXT, fingerprint, leaflet_units

TOPIC = """\
source_language: en
reference: DERM-014
reviewed: 2026-11-01
next_review: 2027-11-01
owner: A Clinic
sources:
  - title: A review
    url: https://example.org/review
"""

LEAFLET = """\
title: Mesotherapy
subtitle: Small injections
sections:
  what_it_is:
    body: |-
      First paragraph, written
      over two lines.

      Second paragraph.
  benefits:
    heading: What it may help
    items:
      - "Hair loss: it may help."
      - {text: "Skin may look smoother.", evidence: limited}
  stages:
    items:
      - title: Consultation
        text: We talk first.
"""

# The same words: other key order, comments, quoting and line wrapping.
REFORMATTED = """\
# Reformatted by a translator's editor.
sections:
  stages:
    items:
      - text: "We talk   first."   # spacing differs
        title: 'Consultation'
  benefits:
    items:
      - 'Hair loss: it may help.'
      - evidence: limited
        text: >-
          Skin may look
          smoother.
    heading: "What it may help"
  what_it_is:
    body: |-
      First paragraph,
      written over two lines.

      Second
      paragraph.
subtitle: Small injections
title: Mesotherapy
"""


def _project(tmp_path: Path, leaflet: str = LEAFLET) -> Project:
    folder = tmp_path / "content" / "demo"
    folder.mkdir(parents=True)
    (folder / "topic.yaml").write_text(TOPIC)
    (folder / "en.yaml").write_text(leaflet)
    return Project(tmp_path)


def _units(project: Project) -> dict:
    units = leaflet_units(project, "demo", "en")
    assert units is not None
    return {u.id: u for u in units}


def test_one_unit_per_title_paragraph_item_and_field_with_its_line(tmp_path: Path):
    units = _units(_project(tmp_path))
    assert list(units) == [
        "title", "subtitle", "what_it_is.p1", "what_it_is.p2", "benefits.heading",
        "benefits.i1", "benefits.i2.text", "benefits.i2.evidence", "stages.i1.title",
        "stages.i1.text", "topic.reference", "topic.owner", "topic.reviewed",
        "topic.next_review", "topic.source1.title", "topic.source1.url",
    ]
    assert units["what_it_is.p1"].text == "First paragraph, written over two lines."
    assert (units["what_it_is.p1"].line, units["what_it_is.p2"].line) == (6, 9)
    assert units["stages.i1.text"].location.path == "content/demo/en.yaml"
    assert units["stages.i1.text"].line == 18
    assert units["topic.reviewed"].location.path == "content/demo/topic.yaml"
    assert units["benefits.i2.evidence"].kind == FACT and units["benefits.i1"].kind == TEXT


def test_reformatting_keeps_every_fingerprint(tmp_path: Path):
    before = _units(_project(tmp_path / "a"))
    after = _units(_project(tmp_path / "b", REFORMATTED))
    assert set(before) == set(after)
    assert {k: u.fingerprint for k, u in before.items()} == \
        {k: u.fingerprint for k, u in after.items()}


def test_one_changed_word_changes_exactly_that_unit(tmp_path: Path):
    before = _units(_project(tmp_path / "a"))
    after = _units(_project(tmp_path / "b", LEAFLET.replace("We talk first", "We talk later")))
    changed = [k for k in before if before[k].fingerprint != after[k].fingerprint]
    assert changed == ["stages.i1.text"]
    assert fingerprint("a  b\n c") == fingerprint("a b c") != fingerprint("a b d")


def test_records_file_is_not_a_language(tmp_path: Path):
    project = _project(tmp_path)
    (tmp_path / "content" / "demo" / "records.yaml").write_text("approvals: {}\n")
    assert list(project.language_files("demo")) == ["en"]


def test_every_shipped_language_has_the_source_language_unit_ids():
    """Translation exchange pairs units by id: the shipped translations line up with en."""
    from brochures.inputs.units import text_units
    from tests.conftest import REPO

    project = Project(REPO)
    source = [u.id for u in text_units(project, "mesotherapy", "en")]
    assert "what_it_is.p1" in source and "stages.i1.title" in source
    for language in ("fr", "es", "de", "ru", "ar"):
        units = text_units(project, "mesotherapy", language)
        assert [u.id for u in units] == source, language
        assert all(u.kind == TEXT and u.file.endswith(f"/{language}.yaml") for u in units)
