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
from brochures.inputs.project import Project


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
    # a unit counted in another ("cm": ("mm", 10)), and the units compared draft-wide
    scale: dict[str, tuple[str, float]] = field(default_factory=dict)
    anywhere: set[str] = field(default_factory=set)
    # words that join the two ends of a range ("1 to 4 mm")
    range_words: list[str] = field(default_factory=list)
    # inflectional endings a name may take (Мишель, Мишеля): not a second spelling
    name_endings: list[str] = field(default_factory=list)

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


def _scales(raw, report: Report) -> list[tuple[str, tuple[str, float]]]:
    found = []
    for unit, value in (raw or {}).items():
        if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
                and isinstance(value[1], int | float)):
            found.append((str(unit), (value[0], float(value[1]))))
        else:
            report.error("bad-rules", f"rules/import scale '{unit}': write [unit, factor], "
                         f"not {value!r}")
    return found


def load_import_rules(project: Project, language: str, report: Report) -> ImportRules:
    """The import rules of ``language``: every language's, then its own."""
    base = language.split("-")[0].split("_")[0]
    common = merged(project, "rules/import/all.yaml", report)
    own = merged(project, f"rules/import/{base}.yaml", report)
    rules = ImportRules(language, order=list(common.get("order") or []))
    units: dict[str, list[str]] = {}
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
            units.setdefault(unit, []).extend(str(v) for v in values or [])
        for unit, (base, factor) in _scales(data.get("scale"), report):
            rules.scale[unit] = (base, factor)
        rules.anywhere |= {str(u) for u in data.get("anywhere") or []}
        rules.range_words += [str(w) for w in data.get("range_words") or []
                              if str(w) not in rules.range_words]
        rules.name_endings += [str(w) for w in data.get("name_endings") or []]
    for unit, values in units.items():
        words = "|".join(f"(?:{v})" for v in dict.fromkeys(values))
        compiled = _compile([rf"(?:{words})(?!\w)"], f"unit {unit}", report) if words else []
        if compiled:
            rules.units[unit] = compiled[0]
    for section_id in rules.sections:
        if section_id not in rules.order:
            rules.order.append(section_id)
    return rules
