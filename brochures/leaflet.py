"""Making one leaflet: the stages of a single job, end to end.

Owns: running compose → lay out → verify → write PDF → write file for one
job, and turning whatever goes wrong into findings on that job's outcome.
Nothing here prints or exits; the build decides what to do with outcomes.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from brochures.build import BUILT, FAILED, Outcome
from brochures.compose import compose
from brochures.errors import Location, Report
from brochures.fonts import check_coverage
from brochures.load import Catalog
from brochures.model import Job
from brochures.write import OutputError, write_atomic


def _missing(catalog: Catalog, job: Job) -> str | None:
    """Why a job cannot start because one of its input files had errors, if it cannot."""
    topic = catalog.topics.get(job.topic)
    if topic is None:
        return f"content/{job.topic}/topic.yaml has errors"
    if job.language not in topic.leaflets:
        return f"content/{job.topic}/{job.language}.yaml has errors"
    if job.brand not in catalog.brands:
        return f"brand '{job.brand}' has errors"
    if job.layout not in catalog.layouts:
        return f"layout '{job.layout}' has errors"
    return None


def make_leaflet(catalog: Catalog, job: Job, out_dir: Path, write_html: bool = False) -> Outcome:
    """Build ``job`` into ``out_dir``; the outcome lists every problem found."""
    from brochures import render, verify

    started = time.perf_counter()
    report = Report()
    outcome = Outcome(job, FAILED)
    target = job.output(out_dir)
    where = Location(str(target))
    reason = _missing(catalog, job)
    if reason:
        report.error("not-built", f"{job.name}: not built because {reason} (see above)", where)
        outcome.problems = report.problems
        return outcome
    # What `brochures check` calls an error (overdue review, forbidden claim) is never printed.
    from brochures.checks.run import refusal_line, refusals

    refused = refusals(catalog, job.topic, job.language)
    if refused:
        outcome.problems = [*refused, refusal_line(job, refused)]
        return outcome
    project = catalog.project
    topic = catalog.topics[job.topic]
    leaflet = topic.leaflets[job.language]
    brand, layout = catalog.brands[job.brand], catalog.layouts[job.layout]
    composition = compose(
        project,
        job,
        topic,
        leaflet,
        brand,
        layout,
        catalog.words_for(job.language, report),
        catalog.words_for(topic.source_language, report),
        report,
    )
    if composition is None:
        outcome.problems = report.problems
        return outcome
    check_coverage(leaflet, composition.fonts, report)
    if report.errors:
        outcome.problems = report.problems
        return outcome
    try:
        rendered = render.layout_html(
            composition.html, project.root.resolve().as_uri() + "/", project.roots
        )
        verify.check_fit(rendered, job, layout, leaflet, report)
        if report.errors:
            outcome.problems = report.problems
            return outcome
        seed = hashlib.sha256(composition.html.encode()).hexdigest()
        pdf = render.write_pdf(rendered, tagged=layout.tagged, variant=layout.pdf_variant,
                               seed=seed)
    except render.RenderError as exc:
        report.error("render-failed", f"{job.name}: {exc}", Location(project.show(leaflet.path)))
        outcome.problems = report.problems
        return outcome
    for line in rendered.warnings:
        report.warning("renderer-warning", f"{job.name}: WeasyPrint: {line}", where)
    try:
        if write_html:
            write_atomic(target.with_suffix(".html"), composition.html.encode("utf-8"))
        write_atomic(target, pdf)
    except OutputError as exc:
        report.error("output-failed", str(exc), where)
        outcome.problems = report.problems
        return outcome
    outcome.status = BUILT
    outcome.path = target
    outcome.problems = report.problems
    outcome.seconds = time.perf_counter() - started
    return outcome
