"""Contradictions between the sources of one draft: names and quantities.

Owns: two findings of the import report, each at the draft line of the second spelling or
number. ``contradiction-name``: a name (a capitalised or all-capitals word not at a
sentence start) that the sources spell two ways, compared without case (PISTOR and Pistor
agree; Pistor and Pitor do not); one spelling only grown at its end, or the two differing
only in an inflectional ending of the rules' ``name_endings``, is grammar, not a slip
(Pistor, Pistors, Пистора; Мишель, Мишеля). ``contradiction-number``: the same kind of quantity with
different values: units in any language or script ("millimeters", "mm", "мм"), scaled to
one ("0.4 cm" is "4 mm"), ranges joined in any language ("1 a 4", "1 to 10", "1–4"),
years; a decade ("1950s", "années 1950", "1950-х") holds its years and a range its values,
so "1950s" and "1952", or "20 minutes" and "20 to 30 minutes", differ in precision only
(two different ranges do not). Two sources disagree when each says a value the other
does not.

Linear: names are paired through their deletion neighbourhoods (two names one or two
letters apart share a form with that many letters deleted), never all against all.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from brochures.checks.text import Passage
from brochures.errors import Report
from brochures.exchange.imports.classify import Entry
from brochures.exchange.imports.draft import Written
from brochures.exchange.imports.rules import ImportRules

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE = re.compile(r"[^.!?:;]+")
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DECADE = re.compile(r"(?<!\d)(?<!\d[.,])(1[6-9]\d0|20\d0)(?:\s?'?s\b|-?(?:е|х|х годах|ые|er)\b)",
                     re.IGNORECASE)
_DECADE_BEFORE = re.compile(r"\b(?:années|años|anni|jahre|década de|decade of)\s+"
                            r"(1[6-9]\d0|20\d0)\b",
                            re.IGNORECASE)
PAIRED = 20
# a number of four digits alone: not part of "1.952" or "1952,5" (but "in 1952." is a year)
_YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(1[6-9]\d\d|20\d\d)(?!\d|[.,]\d)")


@dataclass
class Seen:
    """One name or quantity as a source says it, and where the draft says it."""

    words: str
    entry: Entry
    passage: Passage
    offset: int

    def where(self) -> str:
        return "; ".join(f"{n}:{line}" if line else n for n, line in self.entry.origins)


def _sources(entry: Entry) -> set[str]:
    return {name for name, _ in entry.origins}


# --- names -------------------------------------------------------------------------------


def distance(a: str, b: str) -> int:
    """Edit distance counting two swapped letters as one slip (Pistor / Pitsor); names
    are short."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, start=1):
        row = [i]
        for j, y in enumerate(b, start=1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def names_in(text: str) -> list[tuple[str, int]]:
    """Capitalised and all-capitals words (4 letters or more) not starting a sentence."""
    found = []
    for sentence in _SENTENCE.finditer(text):
        for word in list(_WORD.finditer(sentence.group()))[1:]:
            value = word.group()
            if len(value) >= 4 and value[0].isupper() and (value[1:].islower()
                                                           or value.isupper()):
                found.append((value, sentence.start() + word.start()))
    return found


def _limit(name: str) -> int:
    return 1 if len(name) < 8 else 2


def _deletions(name: str, depth: int) -> set[str]:
    forms = {name}
    for _ in range(depth):
        forms |= {f[:i] + f[i + 1:] for f in forms for i in range(len(f))}
    return forms


def _close_pairs(keys: list[str]) -> set[tuple[str, str]]:
    """Pairs of ``keys`` one or two letters apart, through shared deletion forms."""
    by_form: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for form in _deletions(key, _limit(key)):
            by_form[form].append(key)
    pairs = set()
    for group in by_form.values():
        for a, b in combinations(sorted(set(group)), 2):
            if (a, b) not in pairs and 1 <= distance(a, b) <= _limit(min(a, b, key=len)):
                pairs.add((a, b))
    return pairs


def _stem(name: str, endings: tuple[str, ...]) -> str:
    """``name`` without the longest inflectional ending of ``endings`` it has."""
    for ending in endings:
        if name.endswith(ending) and len(name) - len(ending) >= 3:
            return name[:-len(ending)]
    return name


def report_names(written: Written, report: Report, name_endings: list[str] = ()) -> None:
    """Names the sources spell differently (Pistor / Pitor; PISTOR is Pistor)."""
    endings = tuple(sorted((e.casefold() for e in name_endings), key=len, reverse=True))
    seen: dict[str, list[Seen]] = defaultdict(list)
    for entry, passage in written.passages:
        for name, offset in names_in(passage.text):
            seen[name.casefold()].append(Seen(name, entry, passage, offset))
    for a, b in sorted(_close_pairs(list(seen))):
        if a.startswith(b) or b.startswith(a) or _stem(a, endings) == _stem(b, endings):
            continue  # an ending: an inflection or a plural (Pistor, Pistors; Мишель, Мишеля)
        from_a = set().union(*(_sources(s.entry) for s in seen[a]))
        from_b = set().union(*(_sources(s.entry) for s in seen[b]))
        if not (from_a - from_b and from_b - from_a):
            continue  # one source's own spelling, not a disagreement between sources
        first, second = seen[a][0], seen[b][0]
        report.warning("contradiction-name",
                       f"the sources spell a name two ways: “{first.words}” ({first.where()}) "
                       f"and “{second.words}” ({second.where()}): check which is right",
                       second.passage.location(second.offset))


# --- quantities --------------------------------------------------------------------------


@dataclass
class Quantity:
    unit: str  # the unit values are counted in ("mm" for cm too), or "year"
    low: float
    high: float
    seen: Seen
    decade: bool = False



class _Said:
    """What one source says of one kind of quantity, to ask in logarithmic time whether it
    agrees with a value another source says."""

    def __init__(self, found: list[Quantity]) -> None:
        self.exact = {(q.low, q.high) for q in found if not q.decade}
        self.decades = {q.low for q in found if q.decade}
        self.points = sorted(q.low for q in found if not q.decade and q.low == q.high)
        spans = sorted((q.low, q.high) for q in found if q.decade or q.low != q.high)
        self.span_lows = [low for low, _ in spans]
        self.reach = list(itertools.accumulate((high for _, high in spans), max))

    def _point_in(self, low: float, high: float) -> bool:
        index = bisect.bisect_left(self.points, low)
        return index < len(self.points) and self.points[index] <= high

    def _inside_a_span(self, value: float) -> bool:
        index = bisect.bisect_right(self.span_lows, value) - 1
        return index >= 0 and self.reach[index] >= value

    def agrees(self, quantity: Quantity) -> bool:
        """The same value, or the same at another precision: one value inside a range or
        decade the other says ("20 minutes" and "20 to 30 minutes"; "1952" and "1950s").
        Two different ranges do not agree ("1 to 4 mm" and "1 to 10 mm")."""
        if (quantity.low, quantity.high) in self.exact or quantity.low in self.decades:
            return True
        if quantity.low == quantity.high:
            return self._inside_a_span(quantity.low)
        return self._point_in(quantity.low, quantity.high)


def _value(text: str) -> float:
    return float(text.replace(",", "."))


def quantities(entry: Entry, passage: Passage, rules: ImportRules) -> list[Quantity]:
    """Each number with a unit, range, year and decade that ``passage`` says."""
    text = passage.text
    joins = "|".join([r"[–—-]", *(rf"\b{re.escape(w)}\b" for w in rules.range_words)])
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for unit, pattern in rules.units.items():
        regex = re.compile(rf"(?<!\w)(?<!\d[.,]){_NUMBER}(?:\s*(?:{joins})\s*{_NUMBER})?\s*"
                           rf"(?:{pattern.pattern})", re.IGNORECASE)
        base, factor = rules.scale.get(unit, (unit, 1.0))
        for match in regex.finditer(text):
            low = _value(match.group(1)) * factor
            high = _value(match.group(2)) * factor if match.group(2) else low
            seen = Seen(match.group().strip(), entry, passage, match.start())
            found.append(Quantity(base, low, high, seen))
            taken.append(match.span())
    for pattern in (_DECADE, _DECADE_BEFORE):
        for match in pattern.finditer(text):
            start = int(match.group(1))
            found.append(Quantity("year", start, start + 9, Seen(
                match.group().strip(), entry, passage, match.start()), decade=True))
            taken.append(match.span())
    for match in _YEAR.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            year = int(match.group())
            found.append(Quantity("year", year, year, Seen(match.group(), entry, passage,
                                                           match.start())))
    return found


def _closest(only_a: list[Quantity], only_b: list[Quantity]) -> tuple[Seen, Seen]:
    """The two values most alike (a range with a range, near numbers): what the sources most
    likely say of one thing. At most ``PAIRED`` of each side are paired (bounded cost)."""

    def unlike(pair: tuple[Quantity, Quantity]) -> tuple[bool, float]:
        a, b = pair
        return ((a.low == a.high) != (b.low == b.high), abs(a.low - b.low) + abs(a.high - b.high))

    a, b = min(((a, b) for a in only_a[:PAIRED] for b in only_b[:PAIRED]), key=unlike)
    return a.seen, b.seen


def report_numbers(written: Written, rules: ImportRules, report: Report) -> None:
    """Quantities of one kind on which two sources each say what the other does not."""
    by_key: dict[tuple[str, str], dict[str, list[Quantity]]] = defaultdict(
        lambda: defaultdict(list))
    for entry, passage in written.passages:
        for quantity in quantities(entry, passage, rules):
            scope = "" if quantity.unit in rules.anywhere else (entry.section or "")
            for source in _sources(entry):
                by_key[(scope, quantity.unit)][source].append(quantity)
    for (scope, unit), per_source in by_key.items():
        said = {source: _Said(found) for source, found in per_source.items()}
        for a, b in combinations(per_source, 2):
            only_a = [q for q in per_source[a] if not said[b].agrees(q)]
            only_b = [q for q in per_source[b] if not said[a].agrees(q)]
            if not (only_a and only_b):
                continue
            first, second = _closest(only_a, only_b)
            what = "years" if unit == "year" else unit
            where = f" in '{scope}'" if scope else ""
            report.warning("contradiction-number",
                           f"the sources disagree on {what}{where}: “{first.words}” ({a}) and "
                           f"“{second.words}” ({b}): check which is right",
                           second.passage.location(second.offset))
