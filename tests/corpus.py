"""The import corpus (tests/fixtures/import-corpus/): sources and what should come of them.

Owns: building the corpus's Word file from its YAML description, reading the expectations
(``expected.yaml``), and measuring an import against them: for each paragraph or item the
section it landed in against the section it belongs in, per section; for each group of
sources imported together the contradictions found against those expected (recall), and
those that must not be reported (a difference of precision, a name in capitals).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from brochures.errors import Report
from brochures.exchange.imports import classify, extract, sources
from brochures.exchange.imports.rules import load_import_rules
from brochures.exchange.imports.run import ImportRequest, run_import
from brochures.inputs.project import Project

CORPUS = Path(__file__).resolve().parent / "fixtures" / "import-corpus"
UNPLACED = "unplaced"  # kept in the draft's closing comment
DROPPED = "dropped"  # boilerplate: must not be imported at all


def build_docx(spec: Path, target: Path) -> None:
    """The Word file ``spec`` (a list of [style, text]) describes."""
    import docx

    document = docx.Document()
    for style, text in yaml.safe_load(spec.read_text("utf-8")):
        if style == "Title":
            document.add_heading(text, level=0)
        elif style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text, style=style)
    document.save(str(target))


def materialise(folder: Path) -> Path:
    """The corpus's sources, ready to import, in ``folder`` (the Word file built)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.iterdir():
        if path.name.endswith(".docx.yaml"):
            build_docx(path, folder / path.name.removesuffix(".yaml"))
        elif path.name != "expected.yaml":
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def expectations() -> dict:
    return yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))


def placed(folder: Path, name: str, language: str) -> list[classify.Entry]:
    """The entries of one source, each in the section the import placed it in."""
    report = Report()
    rules = load_import_rules(Project(folder), language, report)
    source = sources.read_source(str(folder / name), report)
    assert source is not None, report.problems
    found = extract.extract(source, rules, report)
    assert found is not None, report.problems
    return classify.classify(found, rules)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[*_]", "", text).split()).casefold()


@dataclass
class Placement:
    """Per expected section: how many paragraphs belong there, and how many landed there."""

    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    wrong: list[str] = field(default_factory=list)

    def add(self, expected: str, got: str, where: str) -> None:
        self.total[expected] += 1
        if expected == got:
            self.right[expected] += 1
        else:
            self.wrong.append(f"{where}: expected {expected}, got {got}")

    def accuracy(self, section: str) -> float:
        return self.right[section] / self.total[section] if self.total[section] else 1.0

    @property
    def overall(self) -> float:
        return sum(self.right.values()) / max(sum(self.total.values()), 1)


def measure_placement(folder: Path, expected: dict) -> Placement:
    placement = Placement()
    for name, source in expected["sources"].items():
        entries = placed(folder, name, source["lang"])
        for starts, section in source["paragraphs"].items():
            probe = _normal(starts)
            hits = [e for e in entries if probe in _normal(e.words)]
            got = (hits[0].section or UNPLACED) if hits else DROPPED
            placement.add(section, got, f"{name}: {starts!r}")
    return placement


@dataclass
class Recall:
    expected: int = 0
    found: int = 0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _mentions(problem_message: str, words: list[str]) -> bool:
    return all(w.casefold() in problem_message.casefold() for w in words)


def measure_contradictions(folder: Path, expected: dict, monkeypatch) -> Recall:
    """Import each group of sources together (a dry run) and compare the findings."""
    recall = Recall()
    monkeypatch.chdir(folder)
    for group in expected["groups"]:
        result = run_import(Project(folder), ImportRequest(
            group["sources"], "corpus", group["lang"], dry_run=True))
        assert result.text, [str(p) for p in result.report.problems]
        found = [p for p in result.report.problems if p.code.startswith("contradiction-")]
        for wanted in group.get("contradictions") or []:
            recall.expected += 1
            if any(p.code == wanted["code"] and _mentions(p.message, wanted["words"])
                   for p in found):
                recall.found += 1
            else:
                recall.missed.append(f"{group['sources']}: {wanted}")
        for unwanted in group.get("not") or []:
            recall.false += [str(p) for p in found if _mentions(p.message, unwanted["words"])]
    return recall


def measure_claims(folder: Path, expected: dict, monkeypatch) -> tuple[int, int, list[str]]:
    """Each source imported alone: the claims expected of it that the report names."""
    monkeypatch.chdir(folder)
    found = wanted = 0
    missed: list[str] = []
    for name, source in expected["sources"].items():
        result = run_import(Project(folder), ImportRequest([name], "corpus", source["lang"],
                                                           dry_run=True))
        codes = {p.code for p in result.report.problems}
        for claim in source.get("claims") or []:
            wanted += 1
            if claim in codes:
                found += 1
            else:
                missed.append(f"{name}: {claim}")
    return found, wanted, missed
