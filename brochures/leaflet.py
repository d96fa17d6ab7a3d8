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
from brochures.catalog import Catalog
from brochures.compose import compose
from brochures.errors import Location, Report
from brochures.fonts import check_coverage
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
    for language in (job.language, topic.source_language):
        path = f"templates/words/{language}.yaml"
        if catalog.words.get(language) is None and catalog.project.find(path):
            return f"{path} has errors"
    return None


def make_leaflet(catalog: Catalog, job: Job, out_dir: Path, write_html: bool = False) -> Outcome:
    """Build ``job`` into ``out_dir``; the outcome lists every problem found."""
    from brochures import edition, fit, render

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
    try:
        edition.check(job, layout, brand)
    except edition.EditionError as exc:
        report.error("no-edition", f"{job.name}: {exc}", Location(project.show(layout.path)))
        outcome.problems = report.problems
        return outcome
    words = catalog.words_for(job.language, report)
    fallback_words = catalog.words_for(topic.source_language, report)

    def compose_at(body_pt: float | None, problems: Report, **extra):
        return compose(project, job, topic, leaflet, brand, layout, words, fallback_words,
                       problems, extra=edition.context(job, layout, brand, body_pt, **extra))

    composition = compose_at(None, report)
    if composition is None:
        outcome.problems = report.problems
        return outcome
    check_coverage(leaflet, composition.fonts, report)
    if report.errors:
        outcome.problems = report.problems
        return outcome
    base_url = project.root.resolve().as_uri() + "/"

    def relayout(body_pt: float, **extra):
        again = compose_at(body_pt, Report(), **extra)
        if again is None:
            return None
        return again, render.layout_html(again.html, base_url, project.roots)

    try:
        rendered = render.layout_html(composition.html, base_url, project.roots)
        fitted = fit.guard(job, layout, leaflet, (composition, rendered), relayout, report)
        if fitted is None or report.errors:
            outcome.problems = report.problems
            return outcome
        composition, rendered = fitted
        # The HTML names project files by absolute URL: without the folder, so that the PDF's
        # ids (and bytes) stay the same when the project folder moves.
        seed = hashlib.sha256(composition.html.replace(base_url, "").encode()).hexdigest()
        pdf = render.write_pdf(rendered, tagged=edition.tagged(job, layout),
                               variant=edition.variant(job, layout), seed=seed)
        pdf = edition.finish(pdf, job, layout)
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
    # What the build's fingerprint must also cover next time (see brochures.cache).
    outcome.resources = sorted(rendered.resources)
    outcome.fonts = sorted({font.family for font in rendered.document.fonts.values()})
    return outcome
