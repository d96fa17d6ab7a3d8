"""``brochures check``: what the gate finds for every job of a selection, without printing.

Owns: running the gate (see :mod:`brochures.gate`) over the same selection a
build would make (topics × languages × layouts × brands × paper × fit
policy, defaults from ``brochures.yaml``), composing what each layout
prints, and laying out the fixed-size layouts to see that they fit — in the
worker pool, reusing the record of a build when its fingerprint matches —
into one report. It never writes a PDF.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from brochures import gate
from brochures.build import Request, lay_out, plan
from brochures.errors import Report
from brochures.project import Project
from brochures.request import every_leaflet
from brochures.summary import named

# Which check a finding comes from, by the start of its code (for the summary).
KINDS = (
    ("claim-", "claims"),
    ("readability", "readability"),
    ("review-", "review dates"),
    ("incomplete", "completeness"),
    ("not-printed", "completeness"),
    ("todo", "completeness"),
    ("low-contrast", "accessibility"),
    ("small-text", "accessibility"),
    ("parity-", "parity"),
    ("no-source", "parity"),
    ("overflow", "fit"),
    ("bad-rules", "rules"),
    ("html-", "content"),
    ("sample-", "brand"),
    ("draft", "sign-off"),
    ("changed-since-approval", "sign-off"),
    ("stale-translation", "translation"),
    ("glossary-", "translation"),
)


def kind(code: str) -> str:
    for prefix, name in KINDS:
        if code.startswith(prefix):
            return name
    return "content"


@dataclass
class CheckResult:
    report: Report
    readability: list = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    # The jobs of the selection and the loaded project they were judged from.
    jobs: list = field(default_factory=list)
    catalog: Any = None


def run_check(project: Project, topics: list[str], today: date | None = None,
              fit: bool = True, read: bool = True, request: Request | None = None,
              out_dir: Path | None = None) -> CheckResult:
    """Every finding for ``topics`` (all when empty) in the selection of ``request``
    (every language, layout and brand when ``None``). ``out_dir`` is where a build writes,
    whose records spare laying out an unchanged leaflet again."""
    from brochures.leaflet import composed

    today = today or date.today()
    request = dataclasses.replace(request or every_leaflet(), topics=list(topics))
    report = Report()
    catalog, jobs = plan(project, request, report)
    result = CheckResult(report, jobs=jobs, catalog=catalog)
    verdicts = [gate.judge(catalog, job, today) for job in jobs]
    for verdict in verdicts:
        report.extend(verdict.shared)
    ready = [v.job for v in verdicts if not v.missing]
    result.checked = list(dict.fromkeys(f"{j.topic}/{j.language}" for j in ready))
    if read:
        result.readability = [catalog.readability[key] for key in dict.fromkeys(
            (j.topic, j.language) for j in ready) if key in catalog.readability]
    fixed = [job for job in ready if fit and catalog.layouts[job.layout].pages]
    for job in ready:
        if job in fixed:
            continue
        html = composed(catalog, job, Report())
        if html is not None:
            report.extend(named(job, p) for p in gate.printed_findings(catalog, job, html))
    for outcome in lay_out(catalog, fixed, out_dir or project.root / "dist", request):
        for problem in outcome.problems:
            if problem.code not in ("not-built", "refused"):
                report.add(named(outcome.job, problem))
    return result
