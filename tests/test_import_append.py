"""`brochures import --append` adds and never removes or rewrites what is there.

Appended onto the shipped leaflet (content/mesotherapy/en.yaml): its subtitle, intro,
section image, items with their evidence grades and sources, steps and bodies all read
back unchanged; the new text comes after them; findings are reported on the new text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.test_import import FIXTURES, REPO, findings


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch) -> Path:
    """A project holding a copy of the shipped mesotherapy leaflets, and the sources."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content" / "mesotherapy", root / "content" / "mesotherapy")
    for source in FIXTURES.iterdir():
        shutil.copy(source, root / source.name)
    monkeypatch.chdir(root)
    return root


def kept_in(old, new, path: str = "") -> list[str]:
    """Where ``new`` lost or changed a value of ``old`` (a body may only grow at its end,
    a list only at its end)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            return [f"{path}: no longer a mapping"]
        return [p for key, value in old.items()
                for p in ([f"{path}.{key}: removed"] if key not in new
                          else kept_in(value, new[key], f"{path}.{key}"))]
    if isinstance(old, list):
        if not isinstance(new, list) or len(new) < len(old):
            return [f"{path}: items removed"]
        return [p for n, value in enumerate(old) for p in kept_in(value, new[n], f"{path}[{n}]")]
    if path.endswith(".body") and isinstance(new, str):
        return [] if new == old or new.startswith(old + "\n\n") else [f"{path}: rewritten"]
    return [] if new == old else [f"{path}: {old!r} became {new!r}"]


def values(data) -> int:
    if isinstance(data, dict):
        return sum(values(v) for v in data.values())
    if isinstance(data, list):
        return sum(values(v) for v in data)
    return 1


def test_append_onto_the_shipped_leaflet_keeps_every_value(shipped, run_in):
    draft = shipped / "content" / "mesotherapy" / "en.yaml"
    before = yaml.safe_load(draft.read_text("utf-8"))
    result = run_in(shipped)("import", "translated-article.md", "--topic", "mesotherapy",
                             "--lang", "en", "--append")
    assert result.exit_code == 0, result.all_output
    after = yaml.safe_load(draft.read_text("utf-8"))
    assert kept_in(before, after) == []
    # the values the red team saw dropped, by name
    assert after["subtitle"] == before["subtitle"] and after["intro"] == before["intro"]
    assert after["sections"]["what_it_is"]["image"] == before["sections"]["what_it_is"]["image"]
    benefits = after["sections"]["benefits"]["items"]
    # (two graded uses since issue 34: a use graded none is said in not_shown instead)
    assert benefits[:2] == before["sections"]["benefits"]["items"]
    assert [i["evidence"] for i in benefits[:2]] == ["limited", "limited"]
    # ... and the new text is there, after it
    assert values(after) > values(before)
    assert "Michel Pitor" in after["sections"]["history"]["body"]
    assert "Falling of hair." in benefits[2:]
    found = findings(result.output)
    assert {"claim-solved", "claim-ensured", "contradiction-name"} <= {f["code"] for f in found}
    # the leaflet's own depth (1–4 mm, under stages) against the article's (1–10 mm): a depth
    # is compared wherever in the draft it is said
    depth = [f for f in found if f["code"] == "contradiction-number"]
    assert any("1–4 mm" in f["message"] and "1–10 mm" in f["message"] for f in depth), depth
    assert "0 finding(s)" not in result.output


def test_appending_the_same_source_twice_changes_nothing_more(shipped, run_in):
    run = run_in(shipped)
    args = ("import", "clinic-page.html", "--topic", "mesotherapy", "--lang", "en", "--append")
    assert run(*args).exit_code == 0
    draft = shipped / "content" / "mesotherapy" / "en.yaml"
    once = yaml.safe_load(draft.read_text("utf-8"))
    assert run(*args).exit_code == 0
    assert yaml.safe_load(draft.read_text("utf-8")) == once


def test_append_to_a_draft_keeps_an_empty_section_and_the_closing_comment(site_draft):
    _site, run, draft = site_draft
    before_text = draft.read_text("utf-8")
    before = yaml.safe_load(before_text)
    assert before["sections"]["history"] == {}
    unplaced = before_text[before_text.index("# Not placed"):]
    result = run("import", "conseils.txt", "--topic", "meso", "--lang", "fr", "--append")
    assert result.exit_code == 0, result.all_output
    text = draft.read_text("utf-8")
    assert kept_in(before, yaml.safe_load(text)) == []
    for line in unplaced.splitlines()[1:]:
        assert line in text  # what could not be placed is still kept


@pytest.fixture
def site_draft(tmp_path, monkeypatch, run_in):
    from tests.test_import import make_site

    site = make_site(tmp_path, monkeypatch)
    (site / "notes.md").write_text(
        "# Mésothérapie\n\nNotre salle d'attente est au premier étage, à droite de "
        "l'ascenseur.\n\n## Qu'est-ce que c'est ?\n\nLa mésothérapie consiste en de "
        "petites injections dans la peau.\n", "utf-8")
    run = run_in(site)
    assert run("import", "notes.md", "--topic", "meso", "--lang", "fr").exit_code == 0
    return site, run, site / "content" / "meso" / "fr.yaml"


def test_append_refuses_a_leaflet_that_is_not_one(shipped, run_in):
    draft = shipped / "content" / "mesotherapy" / "en.yaml"
    draft.write_text("title: Meso\nsections:\n  history: just a string\n", "utf-8")
    result = run_in(shipped)("import", "clinic-page.html", "--topic", "mesotherapy",
                             "--lang", "en", "--append")
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [errors[0]] and "cannot-append" in errors[0] and ":3:" in errors[0]
    assert draft.read_text("utf-8").endswith("just a string\n")
