"""The catalog of a run: every topic, brand, layout and words file it needs, loaded once.

Owns: loading what a request names, in one pass that reports every problem
of every file, and keeping for the length of one run what is read or worked
out once (rule files, the gate's findings). A new run makes a new catalog,
so nothing remembered here outlives a change to a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from brochures import i18n
from brochures.errors import Location, Problem, Report
from brochures.load import load_brand, load_layout, load_topic, load_words, section_list
from brochures.model import Brand, Layout, Topic, Words
from brochures.project import Project


@dataclass
class Catalog:
    """Everything a run needs, loaded once: topics, brands, layouts and words."""

    project: Project
    topics: dict[str, Topic] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    words: dict[str, Words | None] = field(default_factory=dict)
    # What the gate found, by what it judged (see brochures.gate), and readability scores.
    findings: dict[tuple, list[Problem]] = field(default_factory=dict)
    readability: dict[tuple[str, str], Any] = field(default_factory=dict)
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

    def words_for(self, language: str, report: Report) -> Words | None:
        if language not in self.words:
            self.words[language] = load_words(self.project, language, report)
        return self.words[language]


def load_catalog(
    project: Project,
    topics: list[str],
    brands: list[str],
    layouts: list[str],
    report: Report,
    languages: list[str] | None = None,
) -> Catalog:
    """Load the named topics, brands and layouts (of the topics, the ``languages`` named, or
    all), reporting every problem of all of them."""
    catalog = Catalog(project)
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
