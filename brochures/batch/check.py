"""``brochures check``: what the gate finds for every job of a selection, without printing.

Owns: running the gate (see :mod:`brochures.checks.gate`) over the same selection a
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

from brochures.batch.build import Request, lay_out, plan
from brochures.batch.job import composed
from brochures.batch.summary import named
from brochures.checks import gate
from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.inputs.request import every_leaflet

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
    # The gate's verdict on each job: what build would do with it.
    verdicts: list[gate.Verdict] = field(default_factory=list)
    strict: bool = False

    @property
    def refused(self) -> list[gate.Verdict]:
        """The leaflets build would refuse (with ``--strict``, those with warnings too)."""
        return [v for v in self.verdicts if not v.printable(self.strict)]

    @property
    def ok(self) -> bool:
        """Whether build would make every leaflet asked for: the exit status of check."""
        return not self.refused and not self.report.errors


def run_check(project: Project, topics: list[str], today: date | None = None,
              fit: bool = True, read: bool = True, request: Request | None = None,
              out_dir: Path | None = None) -> CheckResult:
    """The gate's verdict on every job ``build`` would make of ``request`` (editions
    included) for ``topics`` (all when empty), and every finding behind it. ``out_dir``
    is where a build writes, whose records spare laying out an unchanged leaflet again.
    Without ``fit``, fixed-size layouts are judged without being laid out."""

    today = today or date.today()
    request = dataclasses.replace(request or every_leaflet(), topics=list(topics))
    report = Report()
    catalog, jobs = plan(project, request, report)
    result = CheckResult(report, jobs=jobs, catalog=catalog, strict=request.strict)
    verdicts = {job: gate.judge(catalog, job, today) for job in jobs}
    for verdict in verdicts.values():
        report.extend(verdict.shared)
    ready = [job for job, v in verdicts.items() if not v.missing]
    result.checked = list(dict.fromkeys(f"{j.topic}/{j.language}" for j in ready))
    if read:
        result.readability = [catalog.readability[key] for key in dict.fromkeys(
            (j.topic, j.language) for j in ready) if key in catalog.readability]
    fixed = [job for job in ready if fit and catalog.layouts[job.layout].pages]
    for job in ready:
        if job not in fixed:
            made = Report()  # what composing found (missing words): the job's own findings
            html = composed(catalog, job, made)
            verdicts[job] = gate.judge(catalog, job, today, html=html, laid_out=made.problems)
    for outcome in lay_out(catalog, fixed, out_dir or project.root / "dist", request):
        # What the layout found, as make_leaflet judged it (its refusal line aside).
        own = [p for p in outcome.problems if p.code not in ("not-built", "refused")]
        verdicts[outcome.job] = dataclasses.replace(verdicts[outcome.job], own=own)
    for job, verdict in verdicts.items():
        for problem in verdict.own:
            report.add(named(job, problem))
    result.verdicts = list(verdicts.values())
    return result
