"""The catalog of a run: every topic, brand, layout and words file it needs, loaded once.

Owns: loading what a request names, in one pass that reports every problem
of every file, and the rule that a translation whose facts differ from its
source language (parity) is not built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brochures import i18n
from brochures.checks.parity import check_parity
from brochures.errors import Location, Report
from brochures.load import load_brand, load_layout, load_topic, load_words
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
    for topic_id in topics:
        topic = load_topic(project, topic_id, report, languages)
        if topic is not None:
            catalog.topics[topic_id] = topic
            # A translation that says other facts than its source is not built.
            for language, problems in check_parity(topic, report).items():
                if any(p.is_error for p in problems):
                    del topic.leaflets[language]
            for language in [topic.source_language, *topic.leaflets]:
                words = catalog.words_for(language, report)
                i18n.check_hyphenation(language, words, report)
    for brand_id in brands:
        brand = load_brand(project, brand_id, report)
        if brand is not None:
            catalog.brands[brand_id] = brand
    for layout_id in layouts:
        layout = load_layout(project, layout_id, report)
        if layout is not None:
            catalog.layouts[layout_id] = layout
    return catalog
