"""The rules of ``brochures import``: boilerplate lines, section headings and keywords.

Owns: reading ``rules/import/all.yaml`` and ``rules/import/<lang>.yaml`` from every root
of the search path (built-in first, the project's laid over them key by key), and
compiling them. A project adds a kind of boilerplate, a heading or a keyword by adding
its own file; a list with the same key replaces the built-in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from brochures.checks.rules import merged
from brochures.errors import Report
from brochures.project import Project


@dataclass
class SectionRules:
    headings: list[re.Pattern] = field(default_factory=list)
    keywords: list[re.Pattern] = field(default_factory=list)


@dataclass
class ImportRules:
    """Everything the import needs to know about one language."""

    language: str
    boilerplate: dict[str, list[re.Pattern]] = field(default_factory=dict)
    sections: dict[str, SectionRules] = field(default_factory=dict)
    # the order in which headings are tried: the most specific sections first
    order: list[str] = field(default_factory=list)
    units: dict[str, re.Pattern] = field(default_factory=dict)
    # words that join the two ends of a range ("1 to 4 mm")
    range_words: list[str] = field(default_factory=list)

    def boilerplate_kind(self, line: str) -> str | None:
        """The kind of boilerplate ``line`` is (cookies, share, ...), or None for text."""
        text = line.strip()
        for kind, patterns in self.boilerplate.items():
            if any(p.search(text) for p in patterns):
                return kind
        return None


def _compile(values, where: str, report: Report) -> list[re.Pattern]:
    patterns = []
    for value in values or []:
        try:
            patterns.append(re.compile(str(value), re.IGNORECASE))
        except re.error as exc:
            report.error("bad-rules", f"{where}: not a valid pattern {value!r}: {exc}")
    return patterns


def load_import_rules(project: Project, language: str, report: Report) -> ImportRules:
    """The import rules of ``language``: every language's, then its own."""
    base = language.split("-")[0].split("_")[0]
    common = merged(project, "rules/import/all.yaml", report)
    own = merged(project, f"rules/import/{base}.yaml", report)
    rules = ImportRules(language, order=list(common.get("order") or []))
    for data in (common, own):
        for kind, values in (data.get("boilerplate") or {}).items():
            rules.boilerplate.setdefault(kind, []).extend(
                _compile(values, f"rules/import boilerplate '{kind}'", report))
        for section_id, raw in (data.get("sections") or {}).items():
            section = rules.sections.setdefault(section_id, SectionRules())
            raw = raw or {}
            section.headings += _compile(raw.get("headings"), f"headings of {section_id}", report)
            section.keywords += _compile(raw.get("keywords"), f"keywords of {section_id}", report)
        for unit, values in (data.get("units") or {}).items():
            words = "|".join(f"(?:{v})" for v in values or [])
            if words:
                rules.units[unit] = _compile([rf"(?:{words})(?!\w)"], f"unit {unit}", report)[0]
        rules.range_words += [str(w) for w in data.get("range_words") or []]
    for section_id in rules.sections:
        if section_id not in rules.order:
            rules.order.append(section_id)
    return rules
