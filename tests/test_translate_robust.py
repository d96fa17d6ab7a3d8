"""A translator's file cannot crash an import or make it slow, a written value reads back
as written, an export never overwrites a translator's work, and language tags are read
as people type them (issue 30). The hostile files are in tests/translations-hostile/."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from brochures.errors import Location, Problem, Report
from brochures.exchange.translation import writeback
from brochures.inputs.project import Project
from brochures.inputs.units import normalize, text_units
from tests.xliffs import export, refused, tree

HOSTILE = Path(__file__).resolve().parent / "translations-hostile"


def _lines(output: str, code: str) -> set[str]:
    return {x for x in output.splitlines() if f"error: {code}:" in x}


# 5, 6. ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, code, line, words", [
    ("no-source.xlf", "bad-xliff", 5, "without a <source>"),
    ("no-namespace.xlf", "bad-xliff", 2, "XLIFF 1.2 namespace"),
    ("doctype.xlf", "bad-xliff", 1, "DOCTYPE"),
    ("duplicate-ids.xlf", "translate-duplicate", 9, "unit 'title' is given again (first "
                                                    "on line 5)"),
    ("empty.po", "bad-po", 1, "not a PO file"),
    ("header-only.po", "translate-format", 1, "holds no units"),
    ("control.po", "translate-character", 12, "U+001B"),
])
def test_a_broken_or_hostile_file_is_refused_with_its_line(cli, project: Path, tmp_path: Path,
                                                           name, code, line, words):
    file = tmp_path / name
    shutil.copy(HOSTILE / name, file)
    output = refused(cli, project, file)
    found = _lines(output, code)
    assert any(x.startswith(f"{file}:{line}: error: {code}: ") and words in x
               for x in found), output


def test_a_latin1_po_file_is_read_as_its_header_says(cli, project: Path, tmp_path: Path):
    file = tmp_path / "latin1.po"
    shutil.copy(HOSTILE / "latin1.po", file)
    result = cli("translate", "import", str(file), "--no-check")
    assert result.exit_code == 0, result.all_output
    fr = text_units(Project(project), "mesotherapy", "fr")
    assert next(u.text for u in fr if u.id == "title") == "Mésothérapie, expliquée à l'écran"


def test_a_po_file_holding_only_a_path_is_not_read_from_that_path(cli, project: Path,
                                                                 tmp_path: Path):
    elsewhere = tmp_path / "elsewhere.po"
    shutil.copy(HOSTILE / "latin1.po", elsewhere)  # a good file, that nobody sent
    sent = tmp_path / "sent.po"
    sent.write_text(str(elsewhere))
    output = refused(cli, project, sent)
    assert any(x.startswith(f"{sent}:1: error: bad-po: ") for x in _lines(output, "bad-po"))


# 7. ------------------------------------------------------------------------------------

def test_reporting_does_not_compare_each_problem_with_every_other(monkeypatch):
    compared = []
    real = Problem.__eq__

    def counting(self, other):
        compared.append(1)
        return real(self, other)

    monkeypatch.setattr(Problem, "__eq__", counting)
    report = Report()
    for n in range(8000):
        report.error("translate-unknown-unit", f"unit 'u{n}' is unknown", Location("f.po", n))
    report.error("translate-unknown-unit", "unit 'u7' is unknown", Location("f.po", 7))
    assert len(report.problems) == 8000 and report.error_count == 8001
    assert len(compared) < 100  # a scan of the list would be 32 million


def test_thousands_of_unknown_units_are_each_one_line(cli, project: Path, tmp_path: Path):
    po = polib.POFile()
    po.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8",
                   "X-Brochures-File": "content/mesotherapy/fr.yaml",
                   "X-Brochures-Source-Language": "en"}
    for n in range(8000):
        po.append(polib.POEntry(msgctxt=f"made_up.p{n}", msgid=f"Text {n}", msgstr=f"T {n}"))
    file = tmp_path / "many.po"
    po.save(str(file))
    output = refused(cli, project, file)
    assert len(_lines(output, "translate-unknown-unit")) == 8000


def test_a_file_over_the_size_limit_is_not_read(cli, project: Path, tmp_path: Path):
    from brochures.exchange.translation.incoming import MAX_BYTES

    file = tmp_path / "huge.xlf"
    with file.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    output = refused(cli, project, file)
    assert any("larger than 20 MB" in x for x in _lines(output, "translate-format"))


# 8. ------------------------------------------------------------------------------------

TRICKY = ["No", "no", "NO", "on", "On", "Off", "yes", "Y", "true", "False", "~", "null",
          "10:30", "1:20:30", "0x1A", "0o17", "017", "1_000", "1e3", "1.5e3", ".inf", "-.NaN",
          "+1", "2026-12-07", "12", "3.14", "- dash", "# hash", "a: b", "'quoted'", '"q"',
          "@at", "`tick`", "%pct", "!bang", "&anchor", "*alias", "[list]", "{map}", "|", ">"]


@given(st.one_of(st.sampled_from(TRICKY),
                 st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl",
                                                                         "Zp")),
                         min_size=1, max_size=40)))
def test_a_written_value_reads_back_as_the_same_text(text: str):
    text = normalize(text)
    if not text:
        return
    source = {"title": "Mesotherapy", "subtitle": "Short"}
    paths = {"title": ("title",), "subtitle": ("subtitle",)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fr.yaml"
        for old in ("", "title: Mésothérapie\nsubtitle: Court\n",
                    "title: 'Mésothérapie'\nsubtitle: >-\n  Court\n"):
            if old:
                path.write_text(old)
            new, refusals = writeback.apply(path, source, paths,
                                            {"title": text, "subtitle": text})
            assert refusals == {}
            data = yaml.safe_load(new)  # the dialect the project's loader reads (YAML 1.1)
            assert data["title"] == text and normalize(data["subtitle"]) == text, new


def test_no_and_times_imported_stay_text(cli, project: Path, tmp_path: Path):
    out = export(cli, tmp_path, "it", fmt="po")  # a new file: values written plain
    po = polib.pofile(str(out))
    for entry in po:
        entry.msgstr = {"title": "No", "subtitle": "10:30", "intro": "Off"}.get(
            entry.msgctxt, "Testo italiano.")
    po.save(str(out))
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    it = {u.id: u.text for u in text_units(Project(project), "mesotherapy", "it")}
    assert (it["title"], it["subtitle"], it["intro"]) == ("No", "10:30", "Off")


# 9. ------------------------------------------------------------------------------------

def test_an_export_never_overwrites_a_translators_work_without_force(cli, project: Path,
                                                                     tmp_path: Path):
    out = export(cli, tmp_path, fmt="po")
    po = polib.pofile(str(out))
    po.find("title", by="msgctxt").msgstr = "Mésothérapie, traduite à la main"
    po.save(str(out))
    before = out.read_bytes()
    result = cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "po",
                 "--stale-only", "--out", str(out))
    assert result.exit_code == 1 and out.read_bytes() == before
    assert f"{out}: error: translate-overwrite: " in result.all_output
    assert "--force" in result.all_output
    again = cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "po",
                "--out", str(out), "--force")
    assert again.exit_code == 0 and out.read_bytes() != before
    # Re-exporting what the project already holds loses nothing: no --force needed.
    assert cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "po",
               "--out", str(out)).exit_code == 0


# Language tags. ------------------------------------------------------------------------

@pytest.mark.parametrize("header, path", [("it_IT", "it"), ("IT", "it"), ("it-IT", "it")])
def test_a_tools_region_or_case_variant_is_the_projects_language(cli, project: Path,
                                                                 tmp_path: Path, header, path):
    out = export(cli, tmp_path, "it", fmt="po")
    po = polib.pofile(str(out))
    po.metadata["Language"] = header  # Poedit writes it_IT
    for entry in po:
        entry.msgstr = "Testo italiano."
    po.save(str(out))
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    assert f"'{header}' is read as 'it'" in result.all_output
    assert (project / "content/mesotherapy/it.yaml").is_file()
    assert sorted(p.name for p in (project / "content/mesotherapy").glob("*.yaml")
                  if p.stem.lower().startswith("it")) == ["it.yaml"]


def test_a_file_for_EN_is_the_source_language(cli, project: Path, tmp_path: Path):
    out = export(cli, tmp_path, fmt="po")
    po = polib.pofile(str(out))
    po.metadata["Language"] = "EN"
    po.metadata["X-Brochures-File"] = "content/mesotherapy/EN.yaml"
    po.find("title", by="msgctxt").msgstr = "HACKED"
    po.save(str(out))
    output = refused(cli, project, out)
    assert "is the source language" in output


@pytest.mark.parametrize("code, guess", [("french", "fr"), ("xx", None), ("fr-XX-bogus!", None)])
def test_an_unknown_language_is_refused_before_anything_is_written(cli, project: Path,
                                                                    tmp_path: Path, code,
                                                                    guess):
    before = tree(project)
    result = cli("translate", "export", "mesotherapy", "--lang", code,
                 "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    assert "error: unknown-language:" in result.all_output
    assert (f"did you mean {guess}?" in result.all_output) == bool(guess)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    made = cli("new", "language", code, "mesotherapy")
    assert made.exit_code != 0 and "unknown-language" in made.all_output
    assert tree(project) == before


def test_export_and_new_language_read_the_tag_as_the_projects_code(cli, project: Path,
                                                                   tmp_path: Path):
    result = cli("translate", "export", "mesotherapy", "--lang", "FR", "--out-dir",
                 str(tmp_path))
    assert result.exit_code == 0, result.all_output
    assert (tmp_path / "mesotherapy.fr.xlf").is_file()
    assert "'FR' is read as 'fr'" in result.all_output
    made = cli("new", "language", "IT", "mesotherapy")
    assert made.exit_code == 0, made.all_output
    assert (project / "templates/words/it.yaml").is_file()
    assert not [p for p in (project / "templates/words").iterdir() if p.name == "IT.yaml"]
    marked = cli("translate", "mark-current", "mesotherapy", "--lang", "Fr")
    assert marked.exit_code == 0 and "mesotherapy (fr): marked current" in marked.output


def test_a_file_naming_an_unknown_language_writes_nothing_even_partially(cli, project: Path,
                                                                       tmp_path: Path):
    out = export(cli, tmp_path, fmt="po")
    po = polib.pofile(str(out))
    po.metadata["Language"] = "french"
    po.find("title", by="msgctxt").msgstr = "Mésothérapie revue"
    po.save(str(out))
    output = refused(cli, project, out, "--partial")
    assert "'french' is not a known language code" in output and "did you mean fr?" in output
