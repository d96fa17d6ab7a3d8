"""XLIFF and YAML helpers shared by the translation-exchange tests (not tests themselves)."""

from __future__ import annotations

import difflib
from pathlib import Path

from lxml import etree
from ruamel.yaml import YAML
from translate.storage import xliff

from tests.conftest import need

SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")
NS = "urn:oasis:names:tc:xliff:document:1.2"
OTHERS = ["ar", "de", "es", "fr", "ru"]


def schema() -> etree.XMLSchema:
    """The OASIS XLIFF 1.2 strict schema (Debian's php-symfony-translation ships it), with
    its import of xml.xsd pointed at the local copy: no network."""
    need((SCHEMAS / "xliff-core-1.2-strict.xsd").is_file(),
         "the XLIFF 1.2 schema is not installed (make system-test installs it)")
    doc = etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"))
    for imported in doc.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        imported.set("schemaLocation", str(SCHEMAS / "xml.xsd"))
    return etree.XMLSchema(doc)


def valid_xliff(path: Path) -> None:
    checker = schema()
    assert checker.validate(etree.parse(str(path))), checker.error_log


def edit_xliff(path: Path, targets: dict[str, str], extra: dict[str, str] | None = None):
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


def ids(path: Path) -> list[str]:
    return [u.get("id") for u in etree.parse(str(path)).iter(f"{{{NS}}}trans-unit")]


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def set_source_title(project: Path, title: str) -> str:
    """Change the English title (ruamel round trip); returns the old one."""
    path = project / "content/mesotherapy/en.yaml"
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(path.read_text())
    old = str(data["title"])
    data["title"] = title
    with path.open("w") as out:
        yaml.dump(data, out)
    return old


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def export(cli, tmp_path: Path, language: str = "fr", fmt: str = "xliff",
           name: str | None = None) -> Path:
    out = tmp_path / (name or f"mesotherapy.{language}.{'xlf' if fmt == 'xliff' else 'po'}")
    result = cli("translate", "export", "mesotherapy", "--lang", language, "--format", fmt,
                 "--out", str(out))
    assert result.exit_code == 0, result.all_output
    return out


def refused(cli, project: Path, file: Path, *args: str) -> str:
    """Import ``file``; assert it failed cleanly and changed nothing. Returns the output."""
    before = tree(project)
    result = cli("translate", "import", str(file), "--no-check", *args)
    assert result.exit_code == 1, result.all_output
    assert "Traceback" not in result.all_output
    assert tree(project) == before
    return result.all_output


NS2 = "urn:oasis:names:tc:xliff:document:2.0"


def valid_xliff2(path: Path) -> None:
    """``path`` is valid against the OASIS XLIFF 2.0 core schema (Debian's
    php-symfony-translation ships it; its import of xml.xsd pointed at the local copy)."""
    need((SCHEMAS / "xliff-core-2.0.xsd").is_file(),
         "the XLIFF 2.0 schema is not installed (make system-test installs it)")
    doc = etree.parse(str(SCHEMAS / "xliff-core-2.0.xsd"))
    for imported in doc.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        imported.set("schemaLocation", str(SCHEMAS / "xml.xsd"))
    checker = etree.XMLSchema(doc)
    assert checker.validate(etree.parse(str(path))), checker.error_log
