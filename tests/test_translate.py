"""Translation exchange (brochures translate): XLIFF and PO out and back, refusals,
stale translations, the glossary. No rendering: the check after an import is --no-fit."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree
from ruamel.yaml import YAML
from translate.storage import xliff

from brochures.project import Project
from brochures.units import text_units

SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")
NS = "urn:oasis:names:tc:xliff:document:1.2"
OTHERS = ["ar", "de", "es", "fr", "ru"]


def _schema() -> etree.XMLSchema:
    """The OASIS XLIFF 1.2 strict schema (Debian's php-symfony-translation ships it), with
    its import of xml.xsd pointed at the local copy: no network."""
    if not (SCHEMAS / "xliff-core-1.2-strict.xsd").is_file():
        pytest.skip("the XLIFF 1.2 schema is not installed (make system-test installs it)")
    doc = etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"))
    for imported in doc.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        imported.set("schemaLocation", str(SCHEMAS / "xml.xsd"))
    return etree.XMLSchema(doc)


def _valid_xliff(path: Path) -> None:
    schema = _schema()
    assert schema.validate(etree.parse(str(path))), schema.error_log


def _edit_xliff(path: Path, targets: dict[str, str], extra: dict[str, str] | None = None):
    """Set targets with translate-toolkit, as a CAT tool would (state: translated)."""
    store = xliff.xlifffile.parsestring(path.read_bytes())
    for unit in store.unit_iter():
        uid = unit.xmlelement.get("id")
        if uid in targets:
            unit.target = targets[uid]
            unit.xmlelement.find(f"{{{NS}}}target").set("state", "translated")
    for uid, text in (extra or {}).items():
        unit = store.addsourceunit(text) or store.units[-1]
        unit.setid(uid)
        unit.target = text
    path.write_bytes(bytes(store))


def _ids(path: Path) -> list[str]:
    return [u.get("id") for u in etree.parse(str(path)).iter(f"{{{NS}}}trans-unit")]


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _pick(project: Path) -> tuple[str, str]:
    """A paragraph id and an item-field id of the shipped French leaflet."""
    units = text_units(Project(project), "mesotherapy", "fr")
    paragraph = next(u.id for u in units if u.id.endswith(".p2"))
    field = next(u.id for u in units if ".i" in u.id and u.id.count(".") == 2)
    return paragraph, field


def test_xliff_round_trip_changes_only_the_edited_units(cli, project: Path, tmp_path: Path):
    fr = project / "content/mesotherapy/fr.yaml"
    fr.write_text("# Reviewed by our French translator.\n" + fr.read_text())
    before = fr.read_text()
    out = tmp_path / "fr.xlf"
    result = cli("translate", "export", "mesotherapy", "--lang", "fr", "--out", str(out))
    assert result.exit_code == 0, result.all_output
    _valid_xliff(out)
    units = {u.get("id"): u for u in etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")}
    assert "title" in units and "what_it_is.p1" in units
    note = units["what_it_is.p1"].find(f"{{{NS}}}note").text
    assert "section 'what_it_is'" in note and "fixed-size layouts" in note
    paragraph, field = _pick(project)
    old = {u.id: u.text for u in text_units(Project(project), "mesotherapy", "fr")}
    _edit_xliff(out, {paragraph: "Un paragraphe tout neuf, écrit par la traductrice.",
                      field: "Un texte d’élément revu."})
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    assert "2 written" in result.output and "checked: 0 errors" in result.output
    after = fr.read_text()
    assert after.startswith("# Reviewed by our French translator.\n")
    changed = _changed_lines(before, after)
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
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed (make system-test installs it)")
    de = project / "content/mesotherapy/de.yaml"
    before = de.read_text()
    out = tmp_path / "de.po"
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
    po.save(str(out))
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    changed = _changed_lines(before, de.read_text())
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
    _valid_xliff(out)
    unit = next(u for u in etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")
                if u.get("id") == "what_it_is.p1")
    source = unit.find(f"{{{NS}}}source")
    codes = [(etree.QName(c).localname, c.get("ctype"), c.text) for c in source]
    assert codes == [("bpt", "bold", "**"), ("ept", None, "**"), ("bpt", "link", "["),
                     ("ept", None, "](https://example.org/meso)")]
    # A translation that moves the codes is accepted; one that changes the link is refused.
    good = "Texto (ver **nuestra** [página](https://example.org/meso)) traducido."
    _edit_xliff(out, {"what_it_is.p1": good, "title": "[Mesoterapia](https://x.org)"})
    result = cli("translate", "import", str(out))
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
    _edit_xliff(out, {"title": "Мезотерапия: объяснение"},
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
    _valid_xliff(words)
    assert "headings.what_it_is" in _ids(words)
    ids = _ids(out)
    _edit_xliff(out, dict.fromkeys(ids, "Testo italiano."))
    result = cli("translate", "import", str(out))
    assert f"{len(ids)} written" in result.output, result.all_output
    made = text_units(Project(project), "mesotherapy", "it")
    assert [u.id for u in made] == ids
    data = YAML(typ="safe").load((project / "content/mesotherapy/it.yaml").read_text())
    source = YAML(typ="safe").load((project / "content/mesotherapy/en.yaml").read_text())
    assert list(data["sections"]) == list(source["sections"])
    _edit_xliff(words, dict.fromkeys(_ids(words), "Parola"))
    assert cli("translate", "import", str(words)).exit_code in (0, 1)
    written = YAML(typ="safe").load((project / "templates/words/it.yaml").read_text())
    assert written["headings"]["what_it_is"].startswith("Parola")
