"""The gate: one answer to "may this leaflet be printed?", and the holes it closes.

Each test of a hole was written first and failed on the code before the gate.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

FR = "content/mesotherapy/fr.yaml"


def _edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` holding ``text`` (the content may move as it is edited)."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text in line)


def _lines(result) -> list[str]:
    return result.all_output.splitlines()


# --- the design -----------------------------------------------------------------------


def _imports(path: Path, package: Path) -> set[str]:
    """The brochures modules ``path`` imports anywhere (inside functions too), but for
    ``if TYPE_CHECKING:`` blocks: they name types and never run."""
    module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
    if module.endswith(".__init__"):
        module = module[: -len(".__init__")]
    found = set()
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and getattr(block.test, "id", None) == "TYPE_CHECKING"
                   for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level] if path.name != "__init__.py" \
                    else module.split(".")[: len(module.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        else:
            continue
        found |= {n for n in names if n.startswith("brochures")}
    return found


# Import cycles and floors: tests/test_floors.py.


def test_check_without_fit_does_not_import_weasyprint(project: Path):
    code = ("import sys; from brochures.cli.commands import main\n"
            "try: main(['--project', sys.argv[1], 'check', '--no-fit'])\n"
            "except SystemExit: pass\n"
            "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_gate_never_renders():
    text = (REPO / "brochures" / "checks" / "gate.py").read_text("utf-8")
    renders = {"brochures.leaflet.render", "brochures.batch.job", "brochures.batch.build"}
    assert not renders & _imports(
        REPO / "brochures" / "checks" / "gate.py", REPO / "brochures"), text[:0]


# --- hole 1: a missing or empty source language ----------------------------------------


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_translation_without_its_source_is_refused(cli, project: Path, how: str):
    source = project / "content/mesotherapy/en.yaml"
    if how == "deleted":
        source.unlink()
    else:
        source.write_text("")
    result = cli("check", "--no-fit", "--lang", "fr")
    assert result.exit_code == 1
    assert any("no-source" in line and "content/mesotherapy/en.yaml" in line
               and line.startswith(FR) for line in _lines(result)), result.all_output
    listed = cli("list").output
    assert "complete" not in listed.split("fr ")[1].splitlines()[0]
    out = project.parent / "out"
    built = cli("build", "--lang", "fr", "--layout", "screen", "--out", str(out))
    assert built.exit_code == 1 and "refused" in built.all_output, built.all_output
    assert not list(out.rglob("*.pdf"))


def test_a_draft_without_its_source_builds_as_a_draft(cli, project: Path, tmp_path: Path):
    (project / "content/mesotherapy/en.yaml").unlink()
    _edit(project, "content/mesotherapy/topic.yaml", "source_language: en",
          "source_language: en\ndrafts: [fr]")
    result = cli("build", "--lang", "fr", "--layout", "screen", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.all_output
    assert any("warning: no-source" in line for line in _lines(result)), result.all_output
    assert list((tmp_path / "o").rglob("*.pdf"))


# --- hole 4: one error does not hide the others ---------------------------------------


def test_a_parity_error_does_not_hide_claims(cli, project: Path):
    _edit(project, FR, "en 1952", "en 1953")
    _edit(project, FR, "Il n’y a ni opération ni", "Résultat garanti. Il n’y a ni opération ni")
    result = cli("check", "--no-fit", "--lang", "fr")
    assert result.exit_code == 1
    codes = {line.split(": ")[2] for line in _lines(result) if line.startswith(FR)}
    assert "parity-numbers" in codes and any(c.startswith("claim-") for c in codes), codes


# --- hole 5: HTML typed into text ------------------------------------------------------


def test_html_in_text_warns_with_line_and_what_to_write(cli, project: Path):
    at = _line_of(project / FR, "Il n’y a ni opération ni")
    _edit(project, FR, "Il n’y a ni opération ni",
          "Dès 18 ans, a<b et < 18. Il n’y a <b>ni opération</b> ni&nbsp;")
    result = cli("check", "--no-fit", "--lang", "fr")
    html = [line for line in _lines(result) if "html-in-text" in line]
    assert len(html) == 2, result.all_output
    assert all(line.startswith(f"{FR}:{at}: warning:") for line in html), html
    assert "**" in html[0] and "<b>" in html[0]
    assert "&nbsp;" in html[1]
    assert cli("check", "--no-fit", "--lang", "fr", "--strict").exit_code == 1


# --- hole 6: numbers written as words ---------------------------------------------------


def test_numbers_written_as_words_match_the_source(cli, project: Path):
    _edit(project, FR, "environ 30 minutes", "environ trente minutes")
    _edit(project, FR, "de 1 à 4", "de un à quatre")
    result = cli("check", "--no-fit", "--lang", "fr")
    assert not [line for line in _lines(result) if "parity" in line], result.all_output


def test_a_wrong_number_word_is_an_error_naming_the_number(cli, project: Path):
    _edit(project, FR, "tous les 7 à 10 jours", "tous les 5 à 10 jours")
    result = cli("check", "--no-fit", "--lang", "fr")
    parity = [line for line in _lines(result) if "parity-numbers" in line]
    assert len(parity) == 1 and " 7" in parity[0] and "error" in parity[0], result.all_output


# --- hole 7: placeholder contact details -----------------------------------------------


def _copy_brand(project: Path, email: str) -> None:
    brand = project / "styles/brands/ours"
    brand.mkdir()
    text = (project / "styles/brands/default/brand.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^sample:.*\n", "", text).replace("name: Your Clinic", "name: Our Clinic")
    text = text.replace("hello@yourclinic.example", email)
    (brand / "brand.yaml").write_text(text, "utf-8")
    (brand / "logo.svg").write_bytes((project / "styles/brands/default/logo.svg").read_bytes())


def test_a_copied_brand_with_sample_details_warns_and_strict_refuses(cli, project: Path):
    _copy_brand(project, "info@ours.co.uk")
    result = cli("check", "--no-fit", "--lang", "en", "--brand", "ours")
    sample = [line for line in _lines(result) if "sample-contact" in line]
    assert sample and all(line.startswith("styles/brands/ours/brand.yaml:") for line in sample)
    assert any("1 High Street" in line for line in sample), sample
    assert cli("check", "--no-fit", "--lang", "en", "--brand", "ours", "--strict").exit_code == 1
    shipped = cli("check", "--no-fit", "--lang", "en", "--brand", "default")
    assert "sample-contact" not in shipped.all_output


# --- hole 2: check takes the same selection as build ------------------------------------


def _big_brand(project: Path) -> None:
    """A brand whose theme sets the body text so large that the sheet overflows."""
    _copy_brand(project, "info@big-clinic.co.uk")
    (project / "styles/brands/ours/theme.css").write_text(
        "p, li { font-size: 20pt; line-height: 1.7; }\n")


def test_check_lays_out_with_the_brand_and_paper_it_is_given(cli, project: Path):
    _big_brand(project)
    result = cli("check", "--lang", "en", "--layout", "sheet", "--brand", "ours",
                 "--paper", "letter", "-j", "1")
    overflow = [line for line in _lines(result) if "error: overflow:" in line]
    assert result.exit_code == 1 and overflow, result.all_output
    assert all("brand ours" in line and "paper letter" in line for line in overflow), overflow
    (project / "brochures.yaml").write_text("brands: [ours]\n")
    again = cli("check", "--lang", "en", "--layout", "sheet", "-j", "1")
    assert any("error: overflow:" in line and "brand ours" in line for line in _lines(again))


def test_check_reuses_the_record_of_a_build(cli, project: Path, tmp_path: Path):
    out = tmp_path / "out"
    built = cli("build", "--lang", "en", "--layout", "sheet", "--out", str(out))
    assert built.exit_code == 0, built.all_output
    record = out / "default/mesotherapy/.mesotherapy-en-sheet.pdf.json"
    assert record.is_file()
    # A record whose findings differ from what a layout would find shows it was reused.
    import json
    data = json.loads(record.read_text())
    data["problems"] = [{"path": "x.yaml", "line": 1, "column": None, "severity": "warning",
                         "code": "renderer-warning", "message": "from the record"}]
    record.write_text(json.dumps(data))
    result = cli("check", "--lang", "en", "--layout", "sheet", "--out", str(out))
    assert "from the record" in result.all_output, result.all_output


# --- hole 3: build --strict and check --strict agree ------------------------------------


def _review_soon(project: Path) -> None:
    import datetime
    soon = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    topic = project / "content/mesotherapy/topic.yaml"
    topic.write_text(re.sub(r"(?m)^next_review: .*$", f"next_review: {soon}", topic.read_text()))


CASES = {
    "clean": (lambda p: None, 0),
    "review-due-warning": (_review_soon, 1),
    "html-warning": (lambda p: _edit(p, "content/mesotherapy/en.yaml", "Mesotherapy is",
                                     "<b>Mesotherapy</b> is"), 1),
    "claim-error": (lambda p: _edit(p, "content/mesotherapy/en.yaml", "Mesotherapy is",
                                    "Guaranteed results. Mesotherapy is"), 1),
    "parity-error-in-another-language": (lambda p: _edit(p, FR, "en 1952", "en 1953"), 0),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_strict_and_check_strict_agree(cli, project: Path, tmp_path: Path, case: str):
    change, expected = CASES[case]
    change(project)
    selection = ("--lang", "en", "--layout", "screen")
    checked = cli("check", *selection, "--strict")
    built = cli("build", *selection, "--strict", "--out", str(tmp_path / "out"))
    assert (checked.exit_code, built.exit_code) == (expected, expected), (
        checked.all_output, built.all_output)


# --- each YAML file parsed once per run -------------------------------------------------


def test_check_parses_each_yaml_file_once(cli, monkeypatch):
    from collections import Counter

    from brochures.inputs import yamlio

    parsed: Counter = Counter()
    original = yamlio._Builder.__init__

    def counting(self, loader, doc, report):
        parsed[doc.path] += 1
        original(self, loader, doc, report)

    monkeypatch.setattr(yamlio._Builder, "__init__", counting)
    # Not from the files this process has parsed before (yamlio keeps them by their bytes).
    monkeypatch.setattr(yamlio, "_PARSED", {})
    result = cli("check", "--no-fit", "--brand", "all")
    assert "Traceback" not in result.all_output
    assert parsed["content/mesotherapy/fr.yaml"] == 1
    again = {path: n for path, n in parsed.items() if n > 1}
    assert not again, again
