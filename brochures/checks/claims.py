"""Claims: wording that advertising rules for treatments do not allow.

Owns: loading the claim rules of a language (``rules/claims/all.yaml`` and
``rules/claims/<lang>.yaml`` on every root of the search path: built-in
first, a project's rules added on top, replacing a rule of the same id or
switching it off with ``disable``), and finding them in a leaflet's text. An
honest negation ("We cannot promise you a result") is not a claim: a rule
marked ``negatable`` skips a match with a negation just before it. A rule
marked ``promise`` (a result promised, such as "permanent") reads where a
sentence stands: in a section that names harms (``harm_sections``: the risks,
who should not have it, urgent help) the same words warn of a harm ("Pigment
changes can be permanent") and are not a claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from brochures.checks.rules import documents
from brochures.checks.text import Passage
from brochures.errors import ERROR, WARNING, Location, Problem, Report
from brochures.inputs.project import Project
from brochures.inputs.yamlio import Document

_CLAUSE_ENDS = ".!?;:,؟،؛"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|['’][^\W_]+")


@dataclass
class ClaimRule:
    id: str
    severity: str
    why: str
    suggest: str
    patterns: list[re.Pattern]
    negatable: bool
    location: Location
    # Rules whose findings on the same or overlapping words this rule's finding stands for.
    covers: frozenset[str] = frozenset()
    # A promise of a result: not a claim in a section that names harms.
    promise: bool = False


@dataclass
class ClaimRules:
    """The rules of one language, and how negations are recognised in it."""

    language: str
    rules: list[ClaimRule] = field(default_factory=list)
    negations: set[str] = field(default_factory=set)
    window: int = 4
    after: int = 0
    # words that start a new clause ("and", "but"): a negation before them does not count
    clause_words: set[str] = field(default_factory=set)
    # sections that name harms, where a rule marked ``promise`` does not apply
    harm_sections: set[str] = field(default_factory=set)


def _rule(doc, index: int, raw: dict, report: Report) -> ClaimRule | None:
    where = doc.at("rules", index)
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        report.error("bad-rules", "a claim rule needs an 'id'", where)
        return None
    severity = raw.get("severity", ERROR)
    if severity not in (ERROR, WARNING):
        report.error("bad-rules", f"rule '{raw['id']}': severity must be error or warning",
                     doc.at("rules", index, "severity"))
        return None
    patterns = []
    for n, text in enumerate(raw.get("patterns") or []):
        try:
            patterns.append(re.compile(str(text), re.IGNORECASE))
        except re.error as exc:
            report.error("bad-rules", f"rule '{raw['id']}': not a valid pattern: {exc}",
                         doc.at("rules", index, "patterns", n))
    if not patterns:
        report.error("bad-rules", f"rule '{raw['id']}' has no valid 'patterns'", where)
        return None
    covers = raw.get("covers") or []
    if not isinstance(covers, list):
        report.error("bad-rules", f"rule '{raw['id']}': 'covers' must be a list of rule ids",
                     doc.at("rules", index, "covers"))
        covers = []
    return ClaimRule(raw["id"], severity, str(raw.get("why", "")), str(raw.get("suggest", "")),
                     patterns, bool(raw.get("negatable", False)), where,
                     frozenset(str(c) for c in covers), bool(raw.get("promise", False)))


def load_rules(project: Project, language: str, report: Report,
               read: Callable[[str], list[Document]] | None = None) -> ClaimRules:
    """The claim rules for ``language``: every language's, then its own, project last.

    ``read(relative)``: the rule files on the search path (a run reads each once)."""
    read = read or (lambda relative: documents(project, relative, report))
    found = ClaimRules(language)
    by_id: dict[str, ClaimRule] = {}
    base = language.split("-")[0].split("_")[0]
    for relative in ("rules/claims/all.yaml", f"rules/claims/{base}.yaml"):
        for doc in read(relative):
            data = doc.data
            for index, raw in enumerate(data.get("rules") or []):
                rule = _rule(doc, index, raw, report)
                if rule is not None:
                    by_id[rule.id] = rule
            for rule_id in data.get("disable") or []:
                by_id.pop(str(rule_id), None)
            for key in ("negations", "clause_words"):
                words = data.get(key) or []
                if any(not isinstance(w, str) for w in words):
                    report.error("bad-rules", f"every word in '{key}' must be text: "
                                 "quote words such as \"no\" that YAML reads as true/false",
                                 doc.at(key))
                if key in data:
                    setattr(found, key, {str(w).lower() for w in words})
            if "harm_sections" in data:
                sections = data.get("harm_sections") or []
                if not isinstance(sections, list) or any(not isinstance(x, str)
                                                         for x in sections):
                    report.error("bad-rules", "'harm_sections' must be a list of section ids",
                                 doc.at("harm_sections"))
                else:
                    found.harm_sections = set(sections)
            found.window = int(data.get("negation_window", found.window))
            found.after = int(data.get("negation_after", found.after))
    found.rules = list(by_id.values())
    # Either apostrophe: "can't" and "can’t" are the same negation.
    plain = {n.replace("’", "'") for n in found.negations}
    found.negations = plain | {n.replace("'", "’") for n in plain}
    return found


def _negated(text: str, start: int, end: int, rules: ClaimRules) -> bool:
    """Whether a negation stands close before (or, where allowed, after) the claim."""
    clause_start = max(text.rfind(c, 0, start) for c in _CLAUSE_ENDS) + 1
    before = [w.lower() for w in _WORD.findall(text[clause_start:start])]
    # "no side effects and no downtime": a negation before "and" belongs to another claim
    cut = [i for i, w in enumerate(before) if w in rules.clause_words]
    before = before[cut[-1] + 1:] if cut else before
    before = before[-rules.window:]
    ends = [i for i in (text.find(c, end) for c in _CLAUSE_ENDS) if i >= 0]
    after_text = text[end:min(ends) if ends else len(text)]
    after = [w.lower() for w in _WORD.findall(after_text)][:rules.after]
    words = before + after
    for word in words:
        if word in rules.negations:
            return True
        # contractions and elisions: can't, don't, n'est, n’y
        if any(word.endswith(n) or word.startswith(n) for n in rules.negations
               if n.startswith(("'", "’", "n'", "n’")) or n.endswith(("'", "’"))):
            return True
    return False


def check_claims(passages: list[Passage], rules: ClaimRules, report: Report) -> None:
    """Report every claim of ``rules`` found in ``passages``, each at its own line.

    One phrase, one finding: where two rules match exactly the same words, the stronger
    speaks; where a rule ``covers`` another, its finding stands for the other's on
    overlapping words. (Two claims in one phrase, such as "100 % safe", stay two.)"""
    for passage in passages:
        found: list[tuple[tuple[int, int], ClaimRule, Problem]] = []
        for rule in rules.rules:
            if rule.promise and passage.section in rules.harm_sections:
                continue  # "can be permanent" among the risks warns of a harm
            spans: list[tuple[int, int]] = []
            for pattern in rule.patterns:
                for match in pattern.finditer(passage.text):
                    # two patterns of one rule on the same words are one finding
                    if any(match.start() < end and start < match.end() for start, end in spans):
                        continue
                    spans.append(match.span())
                    if rule.negatable and _negated(passage.text, match.start(), match.end(),
                                                   rules):
                        continue
                    words = match.group(0).strip()
                    message = f"“{words}”: {rule.why}"
                    if rule.suggest:
                        message += f"; instead: {rule.suggest}"
                    found.append((match.span(), rule, Problem(
                        rule.severity, f"claim-{rule.id}", message,
                        passage.location(match.start()))))
        report.extend(problem for index, (span, rule, problem) in enumerate(found)
                      if not any(_stands_for(other, span, rule, problem, n < index)
                                 for n, other in enumerate(found) if n != index))


def _stands_for(other, span: tuple[int, int], rule: ClaimRule, problem: Problem,
                earlier: bool) -> bool:
    """Whether the finding ``other`` makes the finding (``span``, ``rule``) redundant."""
    other_span, other_rule, other_problem = other
    if other_rule is rule:
        return False
    if other_span == span:  # the same words: the error of the two, else the first
        return (other_problem.is_error and not problem.is_error) or (
            other_problem.is_error == problem.is_error and earlier)
    overlap = other_span[0] < span[1] and span[0] < other_span[1]
    return overlap and rule.id in other_rule.covers
