"""Translation exchange (brochures translate): XLIFF and PO out and back, refusals,
stale translations, the glossary. No rendering: the check after an import is --no-fit."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import yaml
from lxml import etree
from ruamel.yaml import YAML

from brochures.inputs.project import Project
from brochures.inputs.units import text_units
from tests.conftest import loaded_catalog, need
from tests.xliffs import (
    NS,
    OTHERS,
    changed_lines,
    edit_xliff,
    ids,
    set_source_title,
    valid_xliff,
)


def _pick(project: Path) -> tuple[str, str]:
    """A paragraph id and an item-field id of the shipped French leaflet."""
    units = text_units(Project(project), "mesotherapy", "fr")
    paragraph = next(u.id for u in units if u.id.endswith(".p2"))
    field = next(u.id for u in units if re.search(r"\.i\d+\.\w+$", u.id))
    return paragraph, field


def test_xliff_round_trip_changes_only_the_edited_units(cli, project: Path, tmp_path: Path):
    fr = project / "content/mesotherapy/fr.yaml"
    fr.write_text("# Reviewed by our French translator.\n" + fr.read_text())
    before = fr.read_text()
    out = tmp_path / "fr.xlf"
    result = cli("translate", "export", "mesotherapy", "--lang", "fr", "--out", str(out))
    assert result.exit_code == 0, result.all_output
    valid_xliff(out)
    units = {u.get("id"): u for u in etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")}
    assert "title" in units and "what_it_is.p1" in units
    note = units["what_it_is.p1"].find(f"{{{NS}}}note").text
    assert "section 'what_it_is'" in note and "fixed-size layouts" in note
    paragraph, field = _pick(project)
    old = {u.id: u.text for u in text_units(Project(project), "mesotherapy", "fr")}
    edit_xliff(out, {paragraph: "Un paragraphe tout neuf, écrit par la traductrice.",
                      field: "Un texte d’élément revu."})
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    assert "2 written" in result.output and "checked: 0 errors" in result.output
    after = fr.read_text()
    assert after.startswith("# Reviewed by our French translator.\n")
    changed = changed_lines(before, after)
    removed = " ".join(x[1:] for x in changed if x.startswith("-"))
    added = " ".join(" ".join(x[1:].split()) for x in changed if x.startswith("+"))
    assert "Un paragraphe tout neuf, écrit par la traductrice." in added
    assert "Un texte d’élément revu." in added
    # Nothing else changed: every removed word belonged to the two edited units.
    edited = f"{old[paragraph]} {old[field]}"
    assert removed.split() and all(word.strip("\"'") in edited for word in removed.split()
                                   if word not in ("-", "text:", "title:", ">-"))
    new = {u.id: u.text for u in text_units(Project(project), "mesotherapy", "fr")}
    assert {uid for uid in new if new[uid] != old[uid]} == {paragraph, field}
    assert new[paragraph] == "Un paragraphe tout neuf, écrit par la traductrice."
    check = cli("check", "mesotherapy", "--lang", "fr", "--no-fit")
    assert check.exit_code == 0, check.all_output


def test_po_round_trip_passes_msgfmt_and_keeps_layout(cli, project: Path, tmp_path: Path):
    need(shutil.which("msgfmt"), "gettext's msgfmt is not installed (make system-test installs it)")
    de = project / "content/mesotherapy/de.yaml"
    before = de.read_text()
    out = tmp_path / "mesotherapy.de.po"
    assert cli("translate", "export", "mesotherapy", "--lang", "de", "--format", "po",
               "--out", str(out)).exit_code == 0
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)],
                           capture_output=True, text=True)
    assert check.returncode == 0 and "warning" not in check.stderr, check.stderr
    po = polib.pofile(str(out))
    assert po.metadata["X-Brochures-File"] == "content/mesotherapy/de.yaml"
    title = po.find("Mesotherapy", msgctxt="title")
    assert title.msgstr and title.occurrences == [("content/mesotherapy/en.yaml", "1")]
    title.msgstr = "Mesotherapie – kurz erklärt"
    del po.metadata["X-Brochures-File"]  # a tool that drops unknown headers: the name says it
    po.save(str(out))
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    assert "1 written" in result.output and "checked: 0 errors" in result.output
    changed = changed_lines(before, de.read_text())
    assert len(changed) == 2 and changed[1].startswith("+title:")
    assert "Mesotherapie – kurz erklärt" in changed[1]


def test_markup_travels_as_protected_codes(cli, project: Path, tmp_path: Path):
    en = project / "content/mesotherapy/en.yaml"
    units = text_units(Project(project), "mesotherapy", "en")
    first = next(u for u in units if u.id == "what_it_is.p1")
    words = first.text.split()
    lines = en.read_text().splitlines()
    lines[first.line - 1] = lines[first.line - 1].replace(
        words[0], f"**{words[0]}** (see [our page](https://example.org/meso))", 1)
    en.write_text("\n".join(lines) + "\n")
    out = tmp_path / "es.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "es", "--out", str(out))
    valid_xliff(out)
    unit = next(u for u in etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")
                if u.get("id") == "what_it_is.p1")
    source = unit.find(f"{{{NS}}}source")
    codes = [(etree.QName(c).localname, c.get("ctype"), c.text) for c in source]
    assert codes == [("bpt", "bold", "**"), ("ept", None, "**"), ("bpt", "link", "["),
                     ("ept", None, "](https://example.org/meso)")]
    # A translation that moves the codes is accepted; one that changes the link is refused.
    good = "Texto (ver **nuestra** [página](https://example.org/meso)) traducido."
    edit_xliff(out, {"what_it_is.p1": good, "title": "[Mesoterapia](https://x.org)"})
    result = cli("translate", "import", str(out), "--partial")
    assert result.exit_code == 1
    assert "error: translate-markup: unit 'title'" in result.all_output
    assert "1 written" in result.output
    assert good in " ".join((project / "content/mesotherapy/es.yaml").read_text().split())


def test_unknown_ids_and_changed_sources_are_refused(cli, project: Path, tmp_path: Path):
    out = tmp_path / "ru.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "ru", "--out", str(out))
    en = project / "content/mesotherapy/en.yaml"
    text = en.read_text()
    en.write_text(text.replace(text.splitlines()[0], "title: Mesotherapy explained", 1))
    edit_xliff(out, {"title": "Мезотерапия: объяснение"},
                extra={"made_up.p1": "Неизвестно"})
    ru = project / "content/mesotherapy/ru.yaml"
    before = ru.read_text()
    result = cli("translate", "import", str(out))
    assert result.exit_code == 1
    assert "error: translate-source-changed: unit 'title': its source changed" in \
        result.all_output and "“Mesotherapy explained”" in result.all_output
    assert "error: translate-unknown-unit: unit 'made_up.p1' is not in the source" in \
        result.all_output
    assert ru.read_text() == before


def test_untranslated_and_fuzzy_units_stay_as_they_were(cli, project: Path, tmp_path: Path):
    out = tmp_path / "ar.po"
    cli("translate", "export", "mesotherapy", "--lang", "ar", "--format", "po",
        "--out", str(out))
    po = polib.pofile(str(out))
    po[0].msgstr = ""
    po[1].flags.append("fuzzy")
    po[1].msgstr = "نص غير مؤكد"
    po.save(str(out))
    ar = project / "content/mesotherapy/ar.yaml"
    before = ar.read_text()
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    assert "warning: translate-untranslated: 1 untranslated unit left as they were: " \
        f"{po[0].msgctxt}" in result.all_output
    assert f"translate-fuzzy: 1 fuzzy unit left as they were: {po[1].msgctxt}" in \
        result.all_output
    assert ar.read_text() == before


def test_a_new_language_file_is_made_in_the_sources_shape(cli, project: Path, tmp_path: Path):
    out = tmp_path / "it.xlf"
    result = cli("translate", "export", "mesotherapy", "--lang", "it", "--out", str(out))
    assert result.exit_code == 0, result.all_output
    words = tmp_path / "words.it.xlf"
    assert f"exported: {words}" in result.output  # it has no templates/words/it.yaml
    valid_xliff(words)
    assert "headings.what_it_is" in ids(words)
    sent = ids(out)
    edit_xliff(out, dict.fromkeys(sent, "Testo italiano."))
    result = cli("translate", "import", str(out))
    assert f"{len(sent)} written" in result.output, result.all_output
    made = text_units(Project(project), "mesotherapy", "it")
    assert sent[-1] == "topic.owner"  # the owner travels with the leaflet, into topic.yaml
    assert [u.id for u in made] == sent[:-1]
    topic = YAML(typ="safe").load((project / "content/mesotherapy/topic.yaml").read_text())
    assert topic["owner"]["it"] == "Testo italiano."
    data = YAML(typ="safe").load((project / "content/mesotherapy/it.yaml").read_text())
    source = YAML(typ="safe").load((project / "content/mesotherapy/en.yaml").read_text())
    assert list(data["sections"]) == list(source["sections"])
    sources = {u.get("id"): "".join(u.find(f"{{{NS}}}source").itertext())
               for u in etree.parse(str(words)).iter(f"{{{NS}}}trans-unit")}
    # Placeholders the templates fill in must survive: one that loses {role} is refused.
    targets = {uid: " ".join(["Parola", *re.findall(r"\{\w+\}", text)])
               for uid, text in sources.items()}
    targets["words.approved_by"] = "Approvato da {name} il {date}"
    edit_xliff(words, targets)
    result = cli("translate", "import", str(words), "--partial")
    assert result.exit_code == 1
    assert "error: translate-markup: unit 'words.approved_by'" in result.all_output
    written = YAML(typ="safe").load((project / "templates/words/it.yaml").read_text())
    assert written["headings"]["what_it_is"] == "Parola"
    assert written["words"]["version_n"] == "Parola {number}"
    assert "approved_by" not in written["words"]


def _stale_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "stale-translation" in line]


def test_one_changed_source_unit_is_stale_in_every_other_language(cli, project: Path,
                                                                  tmp_path: Path):
    result = cli("translate", "mark-current", "mesotherapy", "--lang", "all")
    assert result.exit_code == 0, result.all_output
    assert sorted(x.split()[1].strip("():") for x in result.output.splitlines()) == OTHERS
    assert "stale" not in cli("translate", "status").output
    assert _stale_lines(cli("check", "mesotherapy", "--no-fit").output) == []
    # Translation records only: no empty "approvals: {}" beside them.
    records = yaml.safe_load((project / "content/mesotherapy/records.yaml").read_text("utf-8"))
    assert list(records) == ["translations"]
    old = set_source_title(project, "Mesotherapy, explained")
    check = cli("check", "mesotherapy", "--no-fit")
    lines = _stale_lines(check.output)
    assert sorted(line.split("/")[2].split(".")[0] for line in lines) == OTHERS
    for line in lines:
        language = line.split("/")[2].split(".")[0]
        title_line = next(u.line for u in text_units(Project(project), "mesotherapy", language)
                          if u.id == "title")
        assert line.startswith(f"content/mesotherapy/{language}.yaml:{title_line}: warning: "
                               "stale-translation: unit 'title' is stale: its en source "
                               "(content/mesotherapy/en.yaml:1) changed since it was translated")
        assert "explained”" in line.split("; it read")[0]  # the words that changed
        assert f"it read “{old}”, it now reads “Mesotherapy, explained”" in line
    status = cli("translate", "status").output
    assert status.count("stale (1 unit)") == 5 and "en     source" in status

    # --stale-only: only that unit, with the text it was translated from.
    out = tmp_path / "fr.xlf"
    assert cli("translate", "export", "mesotherapy", "--lang", "fr", "--stale-only",
               "--out", str(out)).exit_code == 0
    valid_xliff(out)
    (unit,) = etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")
    assert unit.get("id") == "title"
    assert unit.find(f"{{{NS}}}target").get("state") == "needs-review-translation"
    notes = [n.text for n in unit.iter(f"{{{NS}}}note")]
    assert f"The source changed. It used to say: {old}" in notes
    po_out = tmp_path / "de.po"
    cli("translate", "export", "mesotherapy", "--lang", "de", "--stale-only", "--format", "po",
        "--out", str(po_out))
    (entry,) = polib.pofile(str(po_out))
    assert (entry.msgctxt, entry.msgid, entry.previous_msgid, entry.fuzzy) == \
        ("title", "Mesotherapy, explained", old, True)
    assert f'#| msgid "{old}"' in po_out.read_text()

    # A fresh translation clears fr, and only fr.
    edit_xliff(out, {"title": "La mésothérapie expliquée"})
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    left = _stale_lines(cli("check", "mesotherapy", "--no-fit").output)
    assert sorted(line.split("/")[2].split(".")[0] for line in left) == \
        [x for x in OTHERS if x != "fr"]
    assert "  fr     up to date" in cli("translate", "status").output


def test_a_stale_language_prints_with_a_warning_and_is_a_draft_when_approval_is_required(
        cli, project: Path):
    from brochures.batch.build import Request, plan
    from brochures.checks.gate import judge
    from brochures.checks.signoff import decide
    from brochures.errors import Report

    cli("translate", "mark-current", "mesotherapy", "--lang", "fr")
    cli("approve", "mesotherapy", "--lang", "fr", "--by", "Dr A", "--role", "Medical director")
    (project / "brochures.yaml").write_text("require_approval: true\n")
    assert not decide(loaded_catalog(project), "mesotherapy", "fr").draft
    set_source_title(project, "Mesotherapy, explained")
    catalog, jobs = plan(Project(project), Request(topics=["mesotherapy"], languages=["fr"],
                                                   layouts=["screen"], brands=["default"],
                                                   require_approval=True), Report())
    verdict = judge(catalog, jobs[0])
    assert verdict.printable() and not verdict.printable(strict=True)
    assert "stale-translation" in {p.code for p in verdict.warnings}
    decision = decide(loaded_catalog(project), "mesotherapy", "fr")
    assert decision.draft and decision.state.approved
    assert any("is a stale translation" in p.message for p in verdict.warnings)


def test_glossary_terms_go_to_the_translator_and_check_warns_when_unused(cli, project: Path,
                                                                        tmp_path: Path):
    set_source_title(project, "Mesotherapy injections")
    glossary = project / "translations/glossary.fr.tsv"
    glossary.parent.mkdir()
    glossary.write_text("term\ttranslation\tnote\n# agreed with the clinic, 2026\n"
                        "injection\tpiqûre\tnot « injection »: plainer\n")
    out = tmp_path / "fr.po"
    cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "po", "--out", str(out))
    title = polib.pofile(str(out)).find("Mesotherapy injections", msgctxt="title")
    assert "Glossary: injection → piqûre (not « injection »: plainer)" in title.comment
    fr = project / "content/mesotherapy/fr.yaml"
    line = next(u.line for u in text_units(Project(project), "mesotherapy", "fr")
                if u.id == "title")
    lines = fr.read_text().splitlines()
    lines[line - 1] = 'title: "Mésothérapie par injections"'
    fr.write_text("\n".join(lines) + "\n")
    warned = [x for x in cli("check", "mesotherapy", "--lang", "fr", "--no-fit").output
              .splitlines() if "glossary-term" in x]
    assert any(x.startswith(f"content/mesotherapy/fr.yaml:{line}: warning: glossary-term: "
                            "unit 'title': the source says “injection”") and
               "translations/glossary.fr.tsv:3" in x for x in warned), warned
    lines[line - 1] = 'title: "La mésothérapie en petites piqûres"'  # an inflected form
    fr.write_text("\n".join(lines) + "\n")
    warned = [x for x in cli("check", "mesotherapy", "--lang", "fr", "--no-fit").output
              .splitlines() if "glossary-term" in x and "unit 'title'" in x]
    assert warned == []


def test_the_shipped_french_glossary_is_read_and_followed():
    from brochures import errors
    from brochures.checks import glossary
    from brochures.inputs.units import by_id

    repo = Project(Path(__file__).resolve().parent.parent)
    report = errors.Report()
    terms = glossary.read(repo, "fr", report)
    assert [t.term for t in terms] == ["mesotherapy", "dermis", "side effect"]  # header skipped
    sources = by_id(text_units(repo, "mesotherapy", "en"))
    assert any(glossary.uses(u.text, terms[2]) for u in sources.values())  # "side effects"
    glossary.check(terms, sources, text_units(repo, "mesotherapy", "fr"), "fr", report)
    assert report.problems == []


def test_a_file_for_another_place_or_broken_is_one_clear_line(cli, project: Path,
                                                            tmp_path: Path):
    out = tmp_path / "fr.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "fr", "--out", str(out))
    out.write_text(out.read_text().replace('original="content/mesotherapy/fr.yaml"',
                                           'original="content/../../outside/fr.yaml"'))
    result = cli("translate", "import", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    assert "error: translate-target: this file is for 'content/../../outside/fr.yaml'" in \
        result.all_output
    assert not (project.parent / "outside").exists()
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff><file>")
    result = cli("translate", "import", str(broken))
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    (line,) = {x for x in result.all_output.splitlines() if "error:" in x}  # out and err
    assert line.startswith(f"{broken}:1: error: bad-xliff: not well-formed XML")
