"""The catalog of a run: every topic, brand, layout and words file it needs, loaded once.

Owns: loading what a request names, in one pass that reports every problem
of every file, and keeping for the length of one run what is read or worked
out once: rule files, each topic's records (approvals, translation state),
glossaries, pictures, the files of brand folders, the templates a template
uses, sign-off states and the gate's findings. It is the loaded project:
nothing outside the loading layer reads a project file. A new run makes a
new catalog, so nothing remembered here outlives a change to a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brochures import i18n
from brochures.errors import Location, Problem, Report
from brochures.inputs.assets import IMAGES
from brochures.inputs.load import load_topic, load_words, section_list
from brochures.inputs.load_styles import load_brand, load_layout
from brochures.inputs.project import Project, builtin_root, is_inside
from brochures.inputs.records import Records, read_records
from brochures.inputs.yamlio import Document, load_yaml
from brochures.model import Brand, Layout, Leaflet, Topic, Words


@dataclass
class Catalog:
    """Everything a run needs, loaded once: topics, brands, layouts and words."""

    project: Project
    topics: dict[str, Topic] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    words: dict[str, Words | None] = field(default_factory=dict)
    # What the gate found, by what it judged (see brochures.checks.gate), and readability scores.
    findings: dict[tuple, list[Problem]] = field(default_factory=dict)
    readability: dict[tuple[str, str], Any] = field(default_factory=dict)
    # brochures.yaml's require_approval (the request carries it here).
    require_approval: bool = False
    # Each loaded topic's records.yaml, read once, with the problems of reading it.
    records: dict[str, tuple[Records, list[Problem]]] = field(default_factory=dict)
    # What is worked out once per run from loaded files (sign-off states, template lists).
    memo: dict[tuple, Any] = field(default_factory=dict)
    _rules: dict[tuple, tuple[Any, list[Problem]]] = field(default_factory=dict)

    def rules(self, key: tuple, report: Report, read: Callable[[Report], Any]) -> Any:
        """Rule files read once per run: ``read(report)`` the first time ``key`` is asked.
        Their problems go to ``report`` every time, so each finding that uses them says so."""
        if key not in self._rules:
            found = Report()
            self._rules[key] = read(found), found.problems
        value, problems = self._rules[key]
        report.extend(problems)
        return value

    def once(self, key: tuple, make: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def records_of(self, topic_id: str) -> tuple[Records, list[Problem]]:
        """The records of a topic (read now if the topic was not loaded by this catalog)."""
        if topic_id not in self.records:
            found = Report()
            self.records[topic_id] = read_records(self.project, topic_id, found), found.problems
        return self.records[topic_id]

    def found(self, relative: str) -> Path:
        """Where the search path finds ``relative`` (or where it would be, in the project)."""
        project = self.project
        return self.once(("found", relative),
                          lambda: project.find(relative) or project.root / relative)

    def pictures(self, leaflet: Leaflet) -> list[Path]:
        """The picture files a leaflet shows (cover and sections), as named in its file."""
        folder = leaflet.path.parent / IMAGES
        images = [leaflet.cover_image, *(s.image for s in leaflet.sections.values())]
        return [folder / image["file"] for image in images if image and image.get("file")]

    def picture(self, path: Path) -> bytes:
        """A picture's bytes, read once per run (the load checked it is inside the project)."""
        return self.once(("picture", str(path)), path.read_bytes)

    def brand_files(self, brand: Brand) -> list[Path]:
        """Every file of a brand's folder (its logo, theme, fonts and brand.yaml)."""
        return self.once(("brand-files", brand.id), lambda: [
            p for p in sorted(brand.path.rglob("*")) if p.is_file() and is_inside(p, brand.path)])

    def rule_documents(self, relative: str, report: Report) -> list[Document]:
        """Every ``relative`` rule file on the search path, built-in first, the project's last."""
        return self.rules(("file", relative), report, lambda r: rule_documents(
            self.project, relative, r))

    def glossary_text(self, language: str) -> tuple[str, str | None, str | None]:
        """``translations/glossary.<lang>.tsv``: (shown name, text or None, why unreadable)."""
        return self.once(("glossary", language), lambda: read_glossary(self.project, language))

    def press_profiles(self) -> list[Path]:
        """The colour profiles of printing conditions (``styles/press/*.icc``) on the
        search path: the press edition embeds one of them."""
        return self.once(("press-profiles",), lambda: sorted(
            p for root in self.project.roots for p in (root / "styles" / "press").glob("*.icc")
            if is_inside(p, root)))

    def sample_brand_files(self) -> list[Path]:
        """brand.yaml of every brand that ships with brochures (their sample contacts)."""
        root = builtin_root()
        if root is None:
            return []
        return self.once(("sample-brands",), lambda: sorted(
            p for p in (root / "styles" / "brands").glob("*/brand.yaml")
            if is_inside(p, root)))

    def sample_brands(self, report: Report) -> dict[str, Document]:
        """The brand.yaml of every brand that ships with brochures, by brand id."""
        docs = {}
        for path in self.sample_brand_files():
            doc = load_yaml(path, self.project.show(path), Report())  # the brand's to report
            if doc is not None and isinstance(doc.data, dict):
                docs[path.parent.name] = doc
        return docs

    def words_for(self, language: str, report: Report) -> Words | None:
        if language not in self.words:
            self.words[language] = load_words(self.project, language, report)
        return self.words[language]

    def builtin_words_file(self, language: str) -> Path | None:
        """brochures' own words file of ``language`` (else its English one) where the
        project has words files of its own; ``None`` for brochures' own project."""
        builtin = self.project.roots[-1]
        if builtin == self.project.roots[0]:
            return None  # the project is brochures' own: its words are the built-in ones
        return next((path for code in (language, "en")
                     if (path := builtin / "templates" / "words" / f"{code}.yaml").is_file()),
                    None)

    def builtin_words(self, language: str) -> Words | None:
        """The words of :meth:`builtin_words_file`: what a word none of the project's files
        has falls back to, so that an older words file lacks nothing a newer template
        prints."""
        def read() -> Words | None:
            path = self.builtin_words_file(language)
            # Ships with brochures: its own tests check it, so its problems are not the user's.
            return load_words(self.project, path.stem, Report(), path) if path else None

        return self.once(("builtin-words", language), read)


def load_catalog(
    project: Project,
    topics: list[str],
    brands: list[str],
    layouts: list[str],
    report: Report,
    languages: list[str] | None = None,
    require_approval: bool = False,
) -> Catalog:
    """Load the named topics, brands and layouts (of the topics, the ``languages`` named, or
    all), reporting every problem of all of them."""
    catalog = Catalog(project, require_approval=require_approval)
    linked = project.linked_out()
    for name in linked:
        report.error("unsafe-path", f"{name}/ links outside the project; a project's files "
                     "must be inside its folder", Location(f"{name}/"))
    if linked:
        return catalog  # nothing is built from a project that reaches outside itself
    sections = section_list(project)  # read once, shared by every topic and layout
    for topic_id in topics:
        topic = load_topic(project, topic_id, report, sections, languages)
        if topic is not None:
            catalog.topics[topic_id] = topic
            catalog.records_of(topic_id)
            for language in [topic.source_language, *topic.leaflets]:
                words = catalog.words_for(language, report)
                i18n.check_hyphenation(language, words, report)
    for brand_id in brands:
        brand = load_brand(project, brand_id, report)
        if brand is not None:
            catalog.brands[brand_id] = brand
    for layout_id in layouts:
        layout = load_layout(project, layout_id, report, sections)
        if layout is not None:
            catalog.layouts[layout_id] = layout
    return catalog


def rule_documents(project: Project, relative: str, report: Report) -> list[Document]:
    """Every ``relative`` file on the search path, built-in first, the project's last."""
    found: list[Document] = []
    for root in reversed(project.roots):
        path = root / relative
        if path.is_file() and is_inside(path, root):
            doc = load_yaml(path, project.show(path), report)
            if doc is not None and isinstance(doc.data, dict):
                found.append(doc)
            elif doc is not None:
                report.error("bad-rules", f"{relative} must be a mapping of keys", doc.at())
    return found


def read_glossary(project: Project, language: str) -> tuple[str, str | None, str | None]:
    """The glossary file of ``language``: its shown name, its text (None when there is
    none or it cannot be read) and why it cannot be read."""
    shown = f"translations/glossary.{language}.tsv"
    path = project.root / shown
    if not path.is_file():
        return shown, None, None
    if not project.contains(path):
        return shown, None, "this file links outside the project"
    try:
        return shown, path.read_text(encoding="utf-8-sig"), None
    except (OSError, UnicodeDecodeError) as exc:
        return shown, None, f"cannot read the glossary: {exc}"
