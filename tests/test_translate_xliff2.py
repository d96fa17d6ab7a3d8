"""XLIFF 2.0 (``--format xliff2``): exported files valid against the OASIS 2.0 schema, a round
trip through translate-toolkit's XLIFF 2.0 storage class, markup as protected codes, the
lost-update conflict. No rendering (imports are --no-check)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.storage import xliff2

from brochures.inputs.project import Project
from brochures.inputs.units import text_units
from tests.xliffs import NS2, valid_xliff2


def _edit(path: Path, targets: dict[str, str]) -> None:
    """Set targets with translate-toolkit's XLIFF 2.0 class, as a CAT tool would."""
    store = xliff2.Xliff2File.parsefile(str(path))
    for unit in store.units:
        if unit.getid() in targets:
            unit.target = targets[unit.getid()]
            segment = unit.xmlelement  # the toolkit's unit is the <segment>
            assert segment.tag == f"{{{NS2}}}segment"
            segment.set("state", "translated")
    path.write_bytes(bytes(store))


def test_xliff2_round_trip_through_translate_toolkit(cli, project: Path, tmp_path: Path):
    out = tmp_path / "de.xlf"
    result = cli("translate", "export", "mesotherapy", "--lang", "de", "--format", "xliff2",
                 "--out", str(out))
    assert result.exit_code == 0, result.all_output
    valid_xliff2(out)
    store = xliff2.Xliff2File.parsefile(str(out))
    units = {u.getid(): u for u in store.units}
    assert units["title"].source == "Mesotherapy" and units["title"].target
    _edit(out, {"subtitle": "Ein neuer Untertitel der Übersetzerin"})
    valid_xliff2(out)
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    assert "1 written" in result.output
    new = {u.id: u.text for u in text_units(Project(project), "mesotherapy", "de")}
    assert new["subtitle"] == "Ein neuer Untertitel der Übersetzerin"


def test_xliff2_markup_is_protected_and_checked(cli, project: Path, tmp_path: Path):
    en = project / "content/mesotherapy/en.yaml"
    first = next(u for u in text_units(Project(project), "mesotherapy", "en")
                 if u.id == "what_it_is.p1")
    lines = en.read_text().splitlines()
    word = first.text.split()[0]
    lines[first.line - 1] = lines[first.line - 1].replace(
        word, f"**{word}** (see [our page](https://example.org/meso))", 1)
    en.write_text("\n".join(lines) + "\n")
    out = tmp_path / "es.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "es", "--format", "xliff2",
        "--out", str(out))
    valid_xliff2(out)
    unit = next(u for u in etree.parse(str(out)).iter(f"{{{NS2}}}unit")
                if u.get("id") == "what_it_is.p1")
    data = {d.get("id"): d.text for d in unit.iter(f"{{{NS2}}}data")}
    source = unit.find(f"{{{NS2}}}segment/{{{NS2}}}source")
    assert [data[c.get("dataRef")] for c in source] == ["**", "**", "[",
                                                       "](https://example.org/meso)"]
    # A translator's tool moves the codes: set the target with the codes of the source.
    segment = source.getparent()
    segment.remove(segment.find(f"{{{NS2}}}target"))
    target = etree.SubElement(segment, f"{{{NS2}}}target")
    target.text = "Texto (ver "
    for code, tail in zip(source, ["nuestra", " ", "página", ") traducido."], strict=True):
        copy = etree.SubElement(target, f"{{{NS2}}}ph", id=code.get("id"),
                                dataRef=code.get("dataRef"))
        copy.tail = tail
    source.getparent().set("state", "translated")
    out.write_bytes(etree.tostring(unit.getroottree(), xml_declaration=True,
                                   encoding="UTF-8"))
    valid_xliff2(out)
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 0, result.all_output
    es = " ".join((project / "content/mesotherapy/es.yaml").read_text().split())
    assert "Texto (ver **nuestra** [página](https://example.org/meso)) traducido." in es


def test_an_older_xliff2_is_a_conflict(cli, project: Path, tmp_path: Path):
    out = tmp_path / "fr.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "xliff2",
        "--out", str(out))
    fr = project / "content/mesotherapy/fr.yaml"
    fr.write_text(fr.read_text().replace('title: "Mésothérapie"', 'title: "La méso"', 1))
    _edit(out, {"title": "Mésothérapie : le traitement"})
    line = next(n for n, text in enumerate(out.read_text().splitlines(), 1)
                if '<unit id="title"' in text)
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 1
    assert f"{out}:{line}: error: translate-conflict: unit 'title'" in result.all_output


def test_a_hostile_xliff2_is_one_line_and_writes_nothing(cli, project: Path, tmp_path: Path):
    out = tmp_path / "fr.xlf"
    cli("translate", "export", "mesotherapy", "--lang", "fr", "--format", "xliff2",
        "--out", str(out))
    text = out.read_text()
    bomb = ('<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n')
    out.write_text(text.replace("?>\n", "?>\n" + bomb, 1).replace("Mésothérapie", "&b;", 1))
    before = (project / "content/mesotherapy/fr.yaml").read_text()
    result = cli("translate", "import", str(out), "--no-check")
    assert result.exit_code == 1
    assert f"{out}:1: error: bad-xliff: the file declares a DOCTYPE" in result.all_output
    assert "Traceback" not in result.all_output
    assert (project / "content/mesotherapy/fr.yaml").read_text() == before
