"""What ``brochures check`` prints: findings, the summary, readability tables, JSON.

Owns: the order findings are printed in (grouped by file, then line), the
summary at the end (counts per check), the readability table of each
language (Markdown, ready for a README), and the JSON form for CI.
"""

from __future__ import annotations

import json
from collections import Counter

from brochures.batch.build import job_key
from brochures.batch.check import CheckResult, kind
from brochures.checks.readability import LeafletReadability
from brochures.errors import Problem


def ordered(problems: list[Problem]) -> list[Problem]:
    """Findings grouped by file, in line order; findings without a file first."""
    def key(p: Problem):
        loc = p.location
        return (loc.path if loc else "", (loc.line or 0) if loc else 0, p.code)
    return sorted(problems, key=key)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: CheckResult) -> list[str]:
    """The lines after the findings: counts per check, then the totals."""
    report = result.report
    lines = []
    by_kind: dict[str, Counter] = {}
    for problem in report.problems:
        by_kind.setdefault(kind(problem.code), Counter())[problem.severity] += 1
    for name in sorted(by_kind):
        counts = by_kind[name]
        lines.append(f"{name}: {_plural(counts['error'], 'error')}, "
                     f"{_plural(counts['warning'], 'warning')}")
    files = {p.location.path for p in report.problems if p.location}
    lines.append(f"{_plural(len(report.errors), 'error')}, "
                 f"{_plural(len(report.warnings), 'warning')} in {_plural(len(files), 'file')}; "
                 f"checked {', '.join(result.checked) or 'nothing'}")
    refused = result.refused
    strict = " (--strict: warnings refuse)" if result.strict else ""
    if refused:
        names = ", ".join(v.job.name for v in refused[:5]) + (" …" if len(refused) > 5 else "")
        lines.append(f"build would refuse {_plural(len(refused), 'leaflet')} of "
                     f"{len(result.verdicts)}{strict}: {names}")
    else:
        lines.append(f"build would make all {_plural(len(result.verdicts), 'leaflet')}{strict}")
    return lines


def table(scores: LeafletReadability) -> list[str]:
    """One language's readability as a Markdown table: each section, then the leaflet."""
    title = f"**{scores.topic} ({scores.language})**"
    if scores.method.not_measured:
        return [f"{title}: not measured — {scores.method.not_measured}"]
    formulas = scores.method.formulas
    head = ["section", "words", "sentences", *(f"{f.name} ({f.target})" for f in formulas)]
    lines = [title, "", "| " + " | ".join(head) + " |",
             "|" + "|".join("---" if i == 0 else "--:" for i in range(len(head))) + "|"]
    for score in [*scores.sections, scores.whole]:
        if score is None:
            continue
        cells = []
        for f in formulas:
            value = score.values.get(f.id)
            if value is None:
                cells.append("–")
            elif not score.judged:
                cells.append(f"({value:g})")
            else:
                cells.append(f"{value:g}" + ("" if f.meets(value) else " ⚠"))
        name = "**whole leaflet**" if score.name == "leaflet" else score.name
        lines.append("| " + " | ".join([name, str(score.words), str(score.sentences), *cells])
                     + " |")
    lines += ["", f"Target: {scores.target}. Scores in brackets: section too short to judge."]
    return lines


def as_json(result: CheckResult) -> str:
    report = result.report
    data = {
        "problems": [p.as_dict() | {"check": kind(p.code)} for p in ordered(report.problems)],
        "summary": {"errors": len(report.errors), "warnings": len(report.warnings),
                    "checked": result.checked, "ok": result.ok,
                    "refused": [job_key(v.job) for v in result.refused],
                    "printable": [job_key(v.job) for v in result.verdicts
                                  if v.printable(result.strict)]},
        "readability": [
            {
                "topic": s.topic,
                "language": s.language,
                "not_measured": s.method.not_measured,
                "target": s.target,
                "formulas": {f.id: {"name": f.name, "target": f.target, "source": f.source}
                             for f in s.method.formulas},
                "sections": [
                    {"section": x.name, "path": x.location.path, "line": x.location.line,
                     "words": x.words, "sentences": x.sentences, "scores": x.values,
                     "judged": x.judged}
                    for x in [*s.sections, *([s.whole] if s.whole else [])]
                ],
            }
            for s in result.readability
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
