"""Translation QA per unit: what a translator can get wrong that parity per section misses.

Owns: comparing each translated unit with its source unit (same id) —

- ``untranslated-text``: the target is the source copied ("copy source to target"); a
  label of one or two words (a cognate: "Consultation") and the glossary's
  do-not-translate terms are not counted;
- ``translation-units``: a number keeps its unit ("13 mm" → "13 cm", "30 minutes" →
  "30 heures"), units read from ``rules/units/<lang>.yaml`` (numbers as digits or as
  number words, a range "1–4 mm" giving both ends the unit);
- ``translation-numbers``: each unit writes the numbers its source writes (13 and 4
  swapped between two sentences keep a section's numbers, not a unit's);
- ``translation-duplicate``: a list item's text repeated where the source's items differ
  (one risk given twice, another lost).

A finding names the target's file and line and the source's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from brochures.checks.parity import NumberWords, _ascii_digits
from brochures.checks.rules import documents
from brochures.errors import Problem, Report
from brochures.inputs.project import Project
from brochures.inputs.units import Unit

_DIGITS = r"\d+(?:[.,]\d+)?"
_ITEM = re.compile(r"^(?P<section>[^.]+)\.i\d+(?:\.(?P<field>\w+))?$")
_PARAGRAPH = re.compile(r"^(.*)\.p\d+$")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 3  # a shorter label may be the same word in both languages


@dataclass
class UnitWords:
    """The unit words of one language: lower-case form → unit name."""

    language: str
    forms: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, re.Pattern] = field(default_factory=dict)  # by number-words language
    # Any of its unit words at all: most sentences state no measure, and the patterns are long.
    quick: re.Pattern | None = None


def unit_words(project: Project, language: str, report: Report) -> UnitWords:
    """``rules/units/<lang>.yaml`` on the search path (a project's forms add to ours)."""
    found = UnitWords(language)
    base = language.split("-")[0].split("_")[0]
    for doc in documents(project, f"rules/units/{base}.yaml", report):
        units = doc.data.get("units") or {}
        if not isinstance(units, dict):
            report.error("bad-rules", "'units' must map each unit to its words", doc.at("units"))
            continue
        for name, forms in units.items():
            if not isinstance(forms, list):
                report.error("bad-rules", f"'units.{name}' must be a list of words",
                             doc.at("units", name))
                continue
            for form in forms:
                found.forms[" ".join(str(form).lower().split())] = str(name)
    return found


def _alternatives(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+")
                    for p in sorted(phrases, key=len, reverse=True))


def _number(token: str, numbers: NumberWords) -> str:
    token = " ".join(token.lower().split())
    value = numbers.words.get(token, token)
    return str(float(value.replace(",", ".")))


def measures(text: str, numbers: NumberWords, units: UnitWords) -> Counter:
    """The (number, unit) pairs ``text`` states: "1–4 mm" is 1 mm and 4 mm."""
    if not units.forms:
        return Counter()
    pattern = units.patterns.get(numbers.language)
    if pattern is None:
        words = f"|{_alternatives(numbers.words)}" if numbers.words else ""
        number = rf"(?<![\w.,])(?:{_DIGITS}{words})(?![\w])"
        unit = rf"(?P<unit>{_alternatives(units.forms)})(?!\w)"
        pattern = re.compile(rf"(?P<n>{number})(?:\s*(?:[–—-]|\w{{1,4}})\s*(?P<m>{number}))?"
                             rf"[\s\u00a0\u202f]*{unit}", re.IGNORECASE)
        units.patterns[numbers.language] = pattern
    found: Counter = Counter()
    if units.quick is None:
        units.quick = re.compile(rf"(?:{_alternatives(units.forms)})(?!\w)", re.IGNORECASE)
    if not units.quick.search(text):
        return found
    for match in pattern.finditer(_ascii_digits(text)):
        name = units.forms[" ".join(match.group("unit").lower().split())]
        for group in ("n", "m"):
            if match.group(group):
                found[(_number(match.group(group), numbers), name)] += 1
    return found


def digits(text: str) -> Counter:
    return Counter(str(float(n.replace(",", "."))) for n in
                   re.findall(rf"(?<![\w.,]){_DIGITS}", _ascii_digits(text)))


def _show(value: str) -> str:
    return value.removesuffix(".0")


@dataclass
class Rules:
    """What the checks of one translation use."""

    severity: str
    source_numbers: NumberWords
    numbers: NumberWords
    source_units: UnitWords
    units: UnitWords
    keep: list[str] = field(default_factory=list)  # do-not-translate terms
    stale: set[str] = field(default_factory=set)  # units whose source changed since


def _paragraphs(units) -> Counter:
    return Counter(m.group(1) for u in units if (m := _PARAGRAPH.match(u.id)))


def check(sources: dict[str, Unit], targets: list[Unit], rules: Rules,
          report: Report) -> None:
    """Every finding of every translated unit of one leaflet. A unit whose source changed
    since it was translated is left to the stale warning, and the paragraphs of a section
    whose source has more or fewer of them than the translation do not pair up by id."""
    said, says = _paragraphs(sources.values()), _paragraphs(targets)
    for unit in targets:
        source = sources.get(unit.id)
        paragraph = _PARAGRAPH.match(unit.id)
        if source is None or unit.id in rules.stale or (
                paragraph and said[paragraph.group(1)] != says[paragraph.group(1)]):
            continue
        _copied(source, unit, rules, report)
        _measures(source, unit, rules, report)
        _numbers(source, unit, rules, report)
    _duplicates(sources, targets, rules, report)


def _copied(source: Unit, unit: Unit, rules: Rules, report: Report) -> None:
    if source.text != unit.text:
        return
    text = source.text
    for term in rules.keep:
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text, flags=re.IGNORECASE)
    if len(_LETTERS.findall(text)) >= MIN_WORDS:
        report.warning("untranslated-text", f"unit '{unit.id}' is the source copied, not "
                       f"translated ({source.file}:{source.line}): “{unit.text[:80]}”",
                       unit.location)


def _measures(source: Unit, unit: Unit, rules: Rules, report: Report) -> None:
    said = measures(source.text, rules.source_numbers, rules.source_units)
    says = measures(unit.text, rules.numbers, rules.units)
    missing, extra = said - says, says - said
    for value, name in missing.elements():
        other = next((pair for pair in extra if pair[0] == value or pair[1] == name), None)
        if other is None:
            continue
        extra[other] -= 1
        extra += Counter()
        report.add(Problem(rules.severity, "translation-units",
                           f"unit '{unit.id}' says {_show(other[0])} {other[1]} where its source "
                           f"({source.file}:{source.line}) says {_show(value)} {name}",
                           unit.location))


def _numbers(source: Unit, unit: Unit, rules: Rules, report: Report) -> None:
    said, says = digits(source.text), digits(unit.text)
    written = {str(float(v)) for v in rules.numbers.values(unit.text)}
    missing = [n for n in said - says if n not in written]
    extra = [n for n in says - said
             if n not in {str(float(v)) for v in rules.source_numbers.values(source.text)}]
    if missing or extra:
        parts = ([f"lacks {', '.join(map(_show, missing))}"] if missing else []) + \
                ([f"adds {', '.join(map(_show, extra))}"] if extra else [])
        report.add(Problem(rules.severity, "translation-numbers",
                           f"unit '{unit.id}' {' and '.join(parts)}: its source "
                           f"({source.file}:{source.line}) states "
                           f"{', '.join(map(_show, sorted(said, key=float))) or 'none'}",
                           unit.location))


def _duplicates(sources: dict[str, Unit], targets: list[Unit], rules: Rules,
                report: Report) -> None:
    seen: dict[tuple[str, str, str], Unit] = {}
    for unit in targets:
        item = _ITEM.match(unit.id)
        if item is None or unit.id not in sources:
            continue
        key = (item.group("section"), item.group("field") or "", unit.text.casefold())
        first = seen.setdefault(key, unit)
        if first is not unit and sources[first.id].text != sources[unit.id].text:
            report.add(Problem(rules.severity, "translation-duplicate",
                               f"unit '{unit.id}' repeats '{first.id}' ({first.file}:"
                               f"{first.line}) where the source's items differ: "
                               f"“{unit.text[:80]}”", unit.location))
