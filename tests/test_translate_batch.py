"""Exchanging several topics and languages at once: one file each, in a folder, and back."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from brochures.inputs.project import Project
from brochures.inputs.units import text_units
from tests.xliffs import NS, OTHERS, edit_xliff, ids, set_source_title, valid_xliff


def test_every_translation_goes_out_in_one_folder(cli, project: Path, tmp_path: Path):
    out = tmp_path / "to-translate"
    result = cli("translate", "export", "all", "--lang", "all", "--out-dir", str(out))
    assert result.exit_code == 0, result.all_output
    assert sorted(p.name for p in out.iterdir()) == [f"mesotherapy.{x}.xlf" for x in OTHERS]
    english = {u.id for u in text_units(Project(project), "mesotherapy", "en")}
    for language in OTHERS:
        path = out / f"mesotherapy.{language}.xlf"
        valid_xliff(path)
        file = next(etree.parse(str(path)).iter(f"{{{NS}}}file"))
        assert (file.get("original"), file.get("target-language")) == (
            f"content/mesotherapy/{language}.yaml", language)
        assert set(ids(path)) == english | {"topic.owner"}  # the owner too
    # --out names one file: refused for several, and nothing written.
    result = cli("translate", "export", "mesotherapy", "--lang", "fr", "--lang", "de",
                 "--out", str(tmp_path / "one.xlf"))
    assert result.exit_code == 1
    assert "error: translate-out: --out names one file" in result.all_output
    assert not (tmp_path / "one.xlf").exists()


def test_only_stale_translations_go_out_and_come_back_together(cli, project: Path,
                                                               tmp_path: Path):
    assert cli("translate", "mark-current", "mesotherapy", "--lang", "all").exit_code == 0
    out = tmp_path / "stale"
    result = cli("translate", "export", "all", "--lang", "all", "--stale-only",
                 "--out-dir", str(out))
    assert result.exit_code == 0, result.all_output
    assert "every translation is up to date: nothing to send" in result.output
    assert not out.exists() or not list(out.iterdir())

    set_source_title(project, "Mesotherapy, explained")
    result = cli("translate", "export", "all", "--lang", "all", "--stale-only",
                 "--out-dir", str(out))
    assert result.exit_code == 0, result.all_output
    assert "5 translations with stale units" in result.output
    assert all(ids(out / f"mesotherapy.{x}.xlf") == ["title"] for x in OTHERS)

    # Two of them come back in one import; the other three stay stale.
    edit_xliff(out / "mesotherapy.fr.xlf", {"title": "La mésothérapie expliquée"})
    edit_xliff(out / "mesotherapy.de.xlf", {"title": "Mesotherapie erklärt"})
    result = cli("translate", "import", str(out / "mesotherapy.fr.xlf"),
                 str(out / "mesotherapy.de.xlf"))
    assert result.exit_code == 0, result.all_output
    assert result.output.count("1 written") == 2
    titles = {x: next(u.text for u in text_units(Project(project), "mesotherapy", x)
                      if u.id == "title") for x in ("fr", "de")}
    assert titles == {"fr": "La mésothérapie expliquée", "de": "Mesotherapie erklärt"}
    status = cli("translate", "status").output
    assert status.count("stale (1 unit)") == 3
    assert "  fr     up to date" in status and "  de     up to date" in status


def test_a_bad_file_among_several_stops_no_other(cli, project: Path, tmp_path: Path):
    good = tmp_path / "fr.xlf"
    assert cli("translate", "export", "mesotherapy", "--lang", "fr", "--out",
               str(good)).exit_code == 0
    edit_xliff(good, {"title": "La mésothérapie, pas à pas"})
    bad = tmp_path / "broken.xlf"
    bad.write_text("<xliff>not really</xliff>", "utf-8")
    result = cli("translate", "import", str(bad), str(good))
    assert result.exit_code == 1
    assert "broken.xlf" in result.all_output and "1 written" in result.output
    assert any(u.text == "La mésothérapie, pas à pas"
               for u in text_units(Project(project), "mesotherapy", "fr"))
