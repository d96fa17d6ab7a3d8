"""A translator's file is hostile (issue 30): it cannot smuggle a link, reverse what is
printed, write the source language, or leave half an import. Every refused import leaves
the project exactly as it was (the whole tree compared, byte for byte)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from lxml import etree

from brochures.inputs.markup import inline
from tests.xliffs import NS, edit_xliff, export, ids, refused, tree

EVIL = "[achetez ici](https://evil.example/buy)"


def line_of(output: str, code: str) -> str:
    (line,) = {x for x in output.splitlines() if f"error: {code}:" in x}  # out and err
    return line


# 1. ------------------------------------------------------------------------------------

def test_a_link_behind_an_escaped_character_is_refused(cli, project: Path, tmp_path: Path):
    out = export(cli, tmp_path)
    smuggled = rf"Lisez \*attentivement\* ce dépliant, puis {EVIL}."
    # What the renderer makes of it: a clickable link no one approved.
    assert 'href="https://evil.example/buy"' in inline(smuggled)
    edit_xliff(out, {"intro": smuggled})
    output = refused(cli, project, out)
    line = line_of(output, "translate-markup")
    assert line.startswith(f"{out}:") and "unit 'intro'" in line
    assert "https://evil.example/buy" in line


@pytest.mark.parametrize("target, ok", [
    ("Texte (voir **notre** [page](https://example.org/meso)) traduit.", True),
    ("**Texte** (voir notre [page](https://example.org/meso)) traduit.", True),
    ("Texte (voir notre [page](https://example.org/meso)) traduit.", False),  # bold dropped
    ("Texte (voir **notre** *page* [page](https://example.org/meso)).", False),  # italic added
    ("Texte (voir **notre** [page](https://example.org/meso?x=1)) traduit.", False),
    ("Texte (voir **notre** [page](https://example.org/meso)) `code`.", False),
])
def test_links_code_and_emphasis_counts_must_match_the_source(cli, project: Path,
                                                              tmp_path: Path, target, ok):
    en = project / "content/mesotherapy/en.yaml"
    en.write_text(en.read_text().replace(
        "title: Mesotherapy",
        'title: "**Mesotherapy** (see [our page](https://example.org/meso))"', 1))
    out = export(cli, tmp_path)
    edit_xliff(out, {"title": target})
    if ok:
        result = cli("translate", "import", str(out), "--no-check")
        assert result.exit_code == 0, result.all_output
        assert target in (project / "content/mesotherapy/fr.yaml").read_text()
    else:
        assert "unit 'title'" in line_of(refused(cli, project, out), "translate-markup")


# 2. ------------------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2069"])
def test_bidi_controls_in_an_imported_file_are_refused(cli, project: Path, tmp_path: Path,
                                                       char: str):
    out = export(cli, tmp_path, fmt="po")
    po = polib.pofile(str(out))
    entry = po.find("intro", by="msgctxt")
    entry.msgstr = f"Une aiguille de {char}13\u202c mm au plus."
    po.save(str(out))
    line = line_of(refused(cli, project, out), "translate-bidi")
    assert line.startswith(f"{out}:{entry.linenum}:") or line.startswith(f"{out}:")
    assert f"U+{ord(char):04X}" in line and "unit 'intro'" in line


def test_left_to_right_and_right_to_left_marks_stay_allowed(cli, project: Path,
                                                            tmp_path: Path):
    out = export(cli, tmp_path, "ar", fmt="po")
    po = polib.pofile(str(out))
    po.find("intro", by="msgctxt").msgstr = "إبرة بطول 13\u200e mm\u200f على الأكثر."
    po.save(str(out))
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    assert "13\u200e mm\u200f" in (project / "content/mesotherapy/ar.yaml").read_text()


@pytest.mark.parametrize("file, old, new", [
    ("content/mesotherapy/fr.yaml", 'title: "Mésothérapie"',
     'title: "Mésothérapie \u202e13\u202c mm"'),
    ("content/mesotherapy/en.yaml", "title: Mesotherapy",
     'title: "Mesotherapy \\u2067at most 13 mm\\u2069"'),  # a YAML escape
    ("styles/brands/default/brand.yaml", "name: Your Clinic", "name: Your \u202dClinic"),
])
def test_bidi_controls_in_any_project_file_are_refused(cli, project: Path, file, old, new):
    path = project / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    number = text.splitlines().index(old) + 1
    result = cli("check", "mesotherapy", "--no-fit")
    assert result.exit_code != 0
    assert any(x.startswith(f"{file}:{number}:") and "error: bidi-control:" in x
               for x in result.all_output.splitlines()), result.all_output


def test_bidi_controls_in_words_are_refused(cli, project: Path):
    path = project / "templates/words/fr.yaml"
    lines = path.read_text().splitlines()
    number, line = next((n, x) for n, x in enumerate(lines, 1)
                        if x.startswith("  ") and ": " in x and not x.strip().startswith("#"))
    key, _, value = line.partition(": ")
    lines[number - 1] = f'{key}: "\u2066{value.strip(chr(34))}\u2069"'
    path.write_text("\n".join(lines) + "\n")
    result = cli("check", "mesotherapy", "--lang", "fr", "--no-fit")
    assert result.exit_code != 0
    assert f"templates/words/fr.yaml:{number}:" in result.all_output
    assert "bidi-control" in result.all_output


# 3. ------------------------------------------------------------------------------------

def _words(cli, tmp_path: Path) -> Path:
    export(cli, tmp_path, "it")
    return tmp_path / "words.it.xlf"


def test_a_words_file_cannot_rewrite_the_source_language(cli, project: Path, tmp_path: Path):
    words = _words(cli, tmp_path)
    text = words.read_text()
    words.write_text(text.replace('original="templates/words/it.yaml"',
                                  'original="templates/words/en.yaml"')
                     .replace('source-language="en"', 'source-language="fr"')
                     .replace('target-language="it"', 'target-language="en"'))
    sources = {u.get("id"): "".join(u.find(f"{{{NS}}}source").itertext())
               for u in etree.parse(str(words)).iter(f"{{{NS}}}trans-unit")}
    edit_xliff(words, {uid: "HACKED" for uid in sources if "{" not in sources[uid]})
    output = refused(cli, project, words)
    assert "translate-target" in output and "source language" in output


def test_a_words_file_naming_another_source_is_refused(cli, project: Path, tmp_path: Path):
    words = _words(cli, tmp_path)
    words.write_text(words.read_text().replace('source-language="en"', 'source-language="fr"'))
    line = line_of(refused(cli, project, words), "translate-source")
    assert "'fr' is not the source language of any topic" in line


# 4. ------------------------------------------------------------------------------------

def test_a_file_with_a_refused_unit_writes_nothing(cli, project: Path, tmp_path: Path):
    out = export(cli, tmp_path)
    edit_xliff(out, {"title": "Mésothérapie, expliquée", "intro": f"Lisez ceci. {EVIL}"})
    output = refused(cli, project, out)
    assert "nothing written" in output
    result = cli("translate", "import", str(out), "--no-check", "--partial")
    assert result.exit_code == 1, result.all_output
    fr = (project / "content/mesotherapy/fr.yaml").read_text()
    assert "Mésothérapie, expliquée" in fr and "evil.example" not in fr
    assert "1 written" in result.output and "1 refused" in result.output


def test_an_import_writes_its_files_all_or_none(cli, project: Path, tmp_path: Path,
                                                monkeypatch):
    out = export(cli, tmp_path, "it")
    edit_xliff(out, dict.fromkeys(ids(out), "Testo italiano."))
    from brochures.exchange.translation import commit

    real, seen = commit.stage, []

    def failing(path: Path, data: bytes):
        seen.append(path.name)
        if path.name == "records.yaml":
            raise commit.OutputError("cannot write records.yaml: disk full")
        return real(path, data)

    monkeypatch.setattr(commit, "stage", failing)
    before = tree(project)
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    assert sorted(seen) == ["it.yaml", "records.yaml", "topic.yaml"]
    assert tree(project) == before
    monkeypatch.setattr(commit, "stage", real)
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    assert "Testo italiano." in (project / "content/mesotherapy/topic.yaml").read_text()
    assert "it:" in (project / "content/mesotherapy/records.yaml").read_text()


# What is printed. ----------------------------------------------------------------------

def _build(cli, project: Path, language: str):
    return cli("build", "mesotherapy", "--lang", language, "--layout", "screen",
               "--out", str(project / "dist"), "-j", "1")


def test_a_partial_import_prints_the_accepted_units_and_no_smuggled_link(cli, project: Path,
                                                                         tmp_path: Path):
    import pikepdf

    from tests.pdfs import text

    out = export(cli, tmp_path)
    edit_xliff(out, {"title": "Mésothérapie revue",
                     "intro": rf"Lisez \*attentivement\* ce dépliant, puis {EVIL}."})
    assert cli("translate", "import", str(out), "--no-check", "--partial").exit_code == 1
    result = _build(cli, project, "fr")
    assert result.exit_code == 0, result.all_output
    pdf = project / "dist/default/mesotherapy/mesotherapy-fr-screen.pdf"
    printed = text(pdf)
    assert "Mésothérapie revue" in printed and "achetez" not in printed
    with pikepdf.open(pdf) as doc:
        uris = {str(a.A.URI) for p in doc.pages for a in p.obj.get("/Annots", [])
                if a.get("/A") and "/URI" in a.A}
    assert uris and not [u for u in uris if "evil.example" in u]


def test_a_bidi_override_in_content_prints_nothing(cli, project: Path):
    fr = project / "content/mesotherapy/fr.yaml"
    fr.write_text(fr.read_text().replace('title: "Mésothérapie"',
                                         'title: "Aiguille de \u202e13\u202c mm"', 1))
    result = _build(cli, project, "fr")
    assert result.exit_code != 0
    assert "content/mesotherapy/fr.yaml:1:" in result.all_output
    assert not list((project / "dist").rglob("*.pdf"))


def test_an_import_killed_between_its_renames_is_finished_by_the_next(cli, project: Path,
                                                                      tmp_path: Path,
                                                                      monkeypatch):
    import os

    from brochures.exchange.translation import commit

    out = export(cli, tmp_path, "it")
    edit_xliff(out, dict.fromkeys(ids(out), "Testo italiano."))
    records = project / "content/mesotherapy/records.yaml"
    before = records.read_bytes()
    real = os.replace

    def killed(src, dst):
        if str(dst).endswith("records.yaml"):
            raise KeyboardInterrupt  # killed here: it.yaml and topic.yaml are in place
        return real(src, dst)

    monkeypatch.setattr(os, "replace", killed)
    cli("translate", "import", str(out), "--no-check")
    monkeypatch.setattr(os, "replace", real)
    assert (project / "content/mesotherapy/it.yaml").is_file()
    assert records.read_bytes() == before and (project / commit.JOURNAL).is_file()
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    assert "content/mesotherapy/records.yaml: warning: translate-recovered:" in \
        result.all_output
    assert "Testo italiano." in (project / "content/mesotherapy/topic.yaml").read_text()
    assert "it:" in records.read_text()
    assert not (project / commit.JOURNAL).exists()
    assert not [p for p in project.rglob(".brochures-tmp-*")]
