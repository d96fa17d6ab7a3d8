"""The cost of `brochures import` grows linearly with the paragraphs: counted, not timed.

Every comparison the import makes between two pieces of text is counted — near-twin
paragraphs (difflib), names (edit distance), page lines (where a paragraph begins) — for a
source of N paragraphs and one of 3N. Quadratic work would multiply the count by nine;
linear work by three. (benchmarks/import_scale.py times the same sources.)
"""

from __future__ import annotations

import difflib
import random
from pathlib import Path

from brochures.exchange.imports import contradictions, extract, merge
from brochures.exchange.imports.run import ImportRequest, run_import
from brochures.inputs.project import Project

SMALL = 400  # paragraphs in the smaller source; the larger has three times as many

WORDS = (
    "skin", "needle", "dermis", "session", "doctor", "vitamin", "cream", "redness", "swelling",
    "bruise", "course", "result", "week", "month", "depth", "layer", "pain", "hair", "scalp",
    "cellulite", "product", "dose", "clinic",
)
SYLLABLES = (
    "pis", "tor", "le", "brun", "mo", "reau", "gar", "nier", "fon", "taine", "rous", "seau",
    "che", "va", "lier", "gi", "rard", "bo", "net", "mer", "cier", "lam", "bert", "fau", "re",
    "blanc", "gue", "rin", "boy", "per",
)


def paragraphs(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct paragraphs, alike in their openings (the hardest case for an
    index by words), with names, years and quantities, and a near twin every tenth."""
    rng = random.Random(seed)
    found: list[str] = []
    for n in range(count):
        if n % 10 == 9:
            found.append(found[-1].replace(" the ", " a ", 1))  # a near twin
            continue
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
        name = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
        found.append(f"Mesotherapy is used by Dr {name} (case {n}) for {words}, since "
                     f"{1900 + n % 120} at {n % 9 + 1} to {n % 13 + 2} mm depth the "
                     f"{rng.choice(WORDS)}.")
    return found


def write_sources(folder: Path, count: int) -> list[str]:
    text = paragraphs(count)
    md = ["# Mesotherapy", ""]
    page = ["<html><body><article><h1>Mesotherapy</h1>"]
    for n, paragraph in enumerate(text):
        if n % 50 == 0:
            md += [f"## Benefits {n}" if n % 100 else f"## History {n}", ""]
            page.append(f"<h2>Risks {n}</h2>")
        md += [paragraph, ""]
        page.append(f"<p>{paragraph}</p>")
    page.append("</article></body></html>")
    (folder / "long.md").write_text("\n".join(md), "utf-8")
    (folder / "long.html").write_text("\n".join(page), "utf-8")
    return ["long.md", "long.html"]


class Counts:
    def __init__(self, monkeypatch) -> None:
        self.difflib = self.distance = 0
        self.pages: list[extract.Page] = []
        counts = self

        class Matcher(difflib.SequenceMatcher):
            def __init__(self, *args, **kwargs):
                counts.difflib += 1
                super().__init__(*args, **kwargs)

        class Page(extract.Page):
            def __init__(self, raw):
                super().__init__(raw)
                counts.pages.append(self)

        real = contradictions.distance

        def distance(a, b):
            counts.distance += 1
            return real(a, b)

        monkeypatch.setattr(merge, "SequenceMatcher", Matcher)
        monkeypatch.setattr(contradictions, "distance", distance)
        monkeypatch.setattr(extract, "Page", Page)

    @property
    def lines(self) -> int:
        return sum(page.checks for page in self.pages)


def measure(tmp_path: Path, monkeypatch, count: int) -> tuple[Counts, int]:
    folder = tmp_path / f"n{count}"
    (folder / "content").mkdir(parents=True)
    names = write_sources(folder, count)
    monkeypatch.chdir(folder)
    counts = Counts(monkeypatch)
    result = run_import(Project(folder), ImportRequest(names, "meso", "en", dry_run=True))
    assert result.text and not result.report.errors, result.report.problems[:3]
    entries = result.text.count("\n      ") + result.text.count("#   body")
    return counts, entries


def test_cost_grows_linearly_with_the_paragraphs(tmp_path, monkeypatch):
    small, small_entries = measure(tmp_path, monkeypatch, SMALL)
    monkeypatch.undo()
    large, large_entries = measure(tmp_path, monkeypatch, 3 * SMALL)
    print(f"\n{SMALL} paragraphs: {small.difflib} difflib, {small.distance} distance, "
          f"{small.lines} line checks; {3 * SMALL}: {large.difflib}, {large.distance}, "
          f"{large.lines}")
    assert large_entries > 2.5 * small_entries  # the sources did grow threefold
    for name in ("difflib", "lines"):
        few, many = getattr(small, name), getattr(large, name)
        # 3x the paragraphs: linear is 3x (a little more while the word windows fill up to
        # their bound), quadratic 9x
        assert many <= 4 * max(few, 1), (name, few, many)
    # and in absolute terms: a bounded number of comparisons per paragraph
    assert large.difflib <= 3 * merge.PER_WINDOW * 2 * 3 * SMALL
    assert large.lines <= 5 * extract.Page.CHECKS * 3 * SMALL
    # Names are compared only when they share a form with a letter or two deleted: the
    # comparisons are the near pairs the names really have (random names grow more of
    # them), not all pairs of the ~1,200 distinct names (~720,000).
    assert large.distance <= 3 * SMALL


def test_near_twins_are_still_merged(tmp_path, monkeypatch):
    measure(tmp_path, monkeypatch, 100)
    text = paragraphs(100)
    assert text[9] != text[8] and text[19] != text[18]
    result = run_import(Project(tmp_path / "n100"), ImportRequest(["long.md"], "meso", "en",
                                                                  dry_run=True))
    assert result.text.count("(case 8)") == 1 and result.text.count("(case 18)") == 1
