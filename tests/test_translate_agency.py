"""What an agency expects of the exchange: a lost update is a conflict, a copied source is
untranslated, numbers keep their units and their place. Real exported and imported files;
no rendering (the check after an import is --no-fit)."""

from __future__ import annotations

from pathlib import Path

import polib

from tests.xliffs import edit_xliff, valid_xliff

FR = "content/mesotherapy/fr.yaml"


def _edit_title(project: Path, title: str) -> None:
    """Someone edits the French title in the project (after the export)."""
    path = project / FR
    path.write_text(path.read_text().replace('title: "Mésothérapie"', f'title: "{title}"', 1))


def test_an_older_xliff_is_a_conflict_where_the_project_changed(cli, project: Path,
                                                                tmp_path: Path):
    out = tmp_path / "fr.xlf"
    assert cli("translate", "export", "mesotherapy", "--lang", "fr", "--out",
               str(out)).exit_code == 0
    valid_xliff(out)
    _edit_title(project, "La mésothérapie")
    edit_xliff(out, {"title": "Mésothérapie : le traitement"})
    before = (project / FR).read_text()
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(out.read_text().splitlines(), 1)
                if 'id="title"' in text)
    assert (f"{out}:{line}: error: translate-conflict: unit 'title': changed in the project "
            "since this file was exported (it now reads “La mésothérapie”)") in result.all_output
    assert (project / FR).read_text() == before
    forced = cli("translate", "import", str(out), "--no-check", "--force")
    assert forced.exit_code == 0, forced.all_output
    assert 'title: "Mésothérapie : le traitement"' in (project / FR).read_text()


def test_a_unit_the_translator_left_keeps_the_projects_newer_text(cli, project: Path,
                                                                 tmp_path: Path):
    out = tmp_path / "fr.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "fr", "--out", str(out))
    _edit_title(project, "La mésothérapie")
    edit_xliff(out, {"subtitle": "Un sous-titre revu par la traductrice"})
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    text = (project / FR).read_text()
    assert 'title: "La mésothérapie"' in text
    assert "Un sous-titre revu par la traductrice" in text
    assert "translate-kept: 1 unit left as they were (edited in the project since the " \
        "export, not in this file: the project's text stays): title" in result.all_output


def test_an_older_po_is_a_conflict_too(cli, project: Path, tmp_path: Path):
    out = tmp_path / "fr.po"
    cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "po",
        "--out", str(out))
    _edit_title(project, "La mésothérapie")
    po = polib.pofile(str(out))
    entry = next(e for e in po if e.msgctxt == "title")
    assert any(line.startswith("brochures-base: ") for line in entry.comment.splitlines())
    entry.msgstr = "Mésothérapie : le traitement"
    po.save(str(out))
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 1
    line = next(e.linenum for e in polib.pofile(str(out)) if e.msgctxt == "title")
    assert f"{out}:{line}: error: translate-conflict: unit 'title'" in result.all_output
    assert 'title: "La mésothérapie"' in (project / FR).read_text()
