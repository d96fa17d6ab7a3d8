"""Making one leaflet: the stages of a single job, end to end.

Owns: running compose → lay out → fit → write PDF → write file for one job,
handing what the layout shows to the gate (:mod:`brochures.checks.gate`) and
turning whatever goes wrong into findings on that job's outcome. Nothing here
decides whether a leaflet may be printed, prints or exits.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from brochures import caches
from brochures.batch import webpage
from brochures.batch.cache import read_record
from brochures.checks import gate
from brochures.errors import ERROR, Location, Problem, Report
from brochures.inputs.catalog import Catalog
from brochures.leaflet.compose import compose
from brochures.leaflet.fonts import check_coverage
from brochures.model import BUILT, FAILED, Job, Outcome
from brochures.write import OutputError, write_atomic


def _compose(catalog: Catalog, job: Job, report: Report, body_pt: float | None = None,
             **extra):
    # lazy: start-up time: `check --no-fit` composes nothing and loads no WeasyPrint
    from brochures.leaflet import edition

    topic = catalog.topics[job.topic]
    brand, layout = catalog.brands[job.brand], catalog.layouts[job.layout]
    words = catalog.words_for(job.language, report)
    fallback_words = catalog.words_for(topic.source_language, report)
    composition = compose(catalog, job, topic, topic.leaflets[job.language], brand,
                          layout, words, fallback_words, report,
                          extra=edition.context(job, layout, brand, body_pt, **extra))
    if composition is not None:
        composition.asked = {"body_pt": body_pt or layout.body_pt, **extra}
    return composition


def composed(catalog: Catalog, job: Job, report: Report) -> str | None:
    """The HTML of ``job`` before layout (``None`` if it cannot be composed)."""
    if gate.missing_input(catalog, job):
        return None
    if catalog.layouts[job.layout].output == "html":  # a web page (brochures.batch.webpage)

        page = webpage.compose_page(catalog, job, report, fonts=False)
        return page.html if page is not None else None
    composition = _compose(catalog, job, report)
    return composition.html if composition is not None else None


def make_leaflet(catalog: Catalog, job: Job, out_dir: Path, write_html: bool = False,
                 dry: bool = False, strict: bool = False) -> Outcome:
    """Build ``job`` into ``out_dir``; the outcome lists the job's own findings.

    Once laid out, the gate's verdict on everything found (with ``strict``, warnings
    refuse too) decides whether the PDF is written: nothing here decides on its own.
    ``dry``: lay out and fit only, write nothing (what ``brochures check`` asks).
    """
    # lazy: start-up time: WeasyPrint loads only when a leaflet is laid out
    from brochures.leaflet import fit, render

    started = time.perf_counter()
    report = Report()
    outcome = Outcome(job, FAILED)
    target = job.output(out_dir)
    where = Location(str(target))
    if not _can_start(catalog, job, report, where):
        outcome.problems = report.problems
        return outcome
    project = catalog.project
    leaflet = catalog.topics[job.topic].leaflets[job.language]
    brand, layout = catalog.brands[job.brand], catalog.layouts[job.layout]
    if layout.output == "html":  # a web page (the layout file says so): no paper, no PDF
        return webpage.make(catalog, job, out_dir, dry=dry, strict=strict)
    base_url = project.root.resolve().as_uri() + "/"
    composition, hint, text_key = _first(catalog, job, read_record(target), report, base_url)
    if composition is not None:
        check_coverage(leaflet, composition.fonts, report)
    if composition is None or report.errors:
        outcome.problems = report.problems
        return outcome
    relayout = _relayout(catalog, job, base_url)
    try:
        rendered = render.layout_html(composition.html, base_url, project.roots)
        fitted = fit.guard(job, layout, leaflet, (composition, rendered), relayout, report,
                           hint)
        if fitted is not None and not report.errors:
            composition, rendered = fitted
            _renderer_findings(catalog, job, rendered, report, where)
        verdict = gate.judge(catalog, job, html=composition.html, laid_out=report.problems)
        outcome.problems = verdict.own
        if fitted is None or dry:
            outcome.status = BUILT if dry else FAILED
            return outcome
        if not verdict.printable(strict):
            if not verdict.blocking:  # refused for its warnings alone (--strict): say so
                outcome.problems = [*verdict.own, gate.refusal(verdict, strict)]
            return outcome
        pdf = _pdf(job, layout, brand, composition.html, rendered, base_url)
    except render.RenderError as exc:
        report.error("render-failed", f"{job.name}: {exc}", Location(project.show(leaflet.path)))
        outcome.problems = report.problems
        return outcome
    if _write(target, pdf, composition.html if write_html else None, outcome, where):
        _built(outcome, target, composition, rendered, started)
        if text_key is not None:
            caches.keep("fits", text_key, json.dumps(outcome.hint).encode())
    return outcome


def _first(catalog: Catalog, job: Job, record, report: Report, base_url: str):
    """The first composition of ``job``, the fitting it was composed with (``None``: the
    layout's own) and the key of its text where an earlier run's fitting was looked up.

    The guess (see fit.hinted) is the leaflet's last build's (its record), else the one a
    build of the very same composed text ended with (kept between runs: a new output
    folder, serve's or preview's, a copy of the project). Either way the fit guard checks
    it on the laid-out leaflet and starts over when it is wrong: never a verdict.
    """
    # lazy: start-up time: WeasyPrint loads only when a leaflet is laid out
    from brochures.leaflet import fit

    layout = catalog.layouts[job.layout]
    hint = fit.hinted(layout, record.hint if record is not None else None)
    if hint is not None or not layout.pages:
        return _compose(catalog, job, report, **(hint or {})), hint, None
    composition = _compose(catalog, job, report)
    if composition is None:
        return None, None, None
    # The project's folder aside: the same text in a copy of the project is the same text.
    text_key = caches.key(job.name, composition.html.replace(base_url, ""))
    kept = caches.load("fits", text_key)
    try:
        guess = fit.hinted(layout, json.loads(kept)) if kept else None
    except ValueError:
        guess = None
    if guess is None:
        return composition, None, text_key
    guessed = _compose(catalog, job, Report(), **guess)  # its problems: reported above
    return (guessed, guess, text_key) if guessed is not None else (composition, None, text_key)


def _can_start(catalog: Catalog, job: Job, report: Report, where: Location) -> bool:
    """Whether ``job`` has its inputs and its layout has the edition asked for."""
    # lazy: start-up time: WeasyPrint loads only when a leaflet is laid out
    from brochures.leaflet import edition

    reason = gate.missing_input(catalog, job)
    if reason:
        report.error("not-built", f"{job.name}: not built because {reason} (see above)", where)
        return False
    layout = catalog.layouts[job.layout]
    try:
        edition.check(job, layout, catalog.brands[job.brand])
    except edition.EditionError as exc:
        report.error("no-edition", f"{job.name}: {exc}",
                     Location(catalog.project.show(exc.path or layout.path)))
        return False
    return True


def _renderer_findings(catalog: Catalog, job: Job, rendered, report: Report,
                       where: Location) -> None:
    """What WeasyPrint said while laying out, and pictures printed below 300 dpi."""
    # lazy: start-up time: WeasyPrint loads only when a leaflet is laid out
    from brochures.leaflet import edition

    brand = catalog.brands[job.brand]
    leaflet = catalog.topics[job.topic].leaflets[job.language]
    for line in rendered.warnings:
        report.warning("renderer-warning", f"{job.name}: WeasyPrint: {line}", where)
    for name, line in edition.low_resolution(job, rendered.document):
        source = brand.path / "brand.yaml" if name == brand.logo.name else leaflet.path
        report.warning("low-resolution", f"{job.name}: {line}",
                       Location(catalog.project.show(source)))


def _write(target: Path, pdf: bytes, html: str | None, outcome: Outcome,
           where: Location) -> bool:
    """The PDF (and the HTML given to WeasyPrint, when asked), each written whole."""
    try:
        if html is not None:
            write_atomic(target.with_suffix(".html"), html.encode("utf-8"))
        write_atomic(target, pdf)
    except OutputError as exc:
        outcome.problems.append(Problem(ERROR, "output-failed", str(exc), where))
        outcome.status = FAILED
        return False
    return True


def _relayout(catalog: Catalog, job: Job, base_url: str):
    """Composing and laying out ``job`` again at another body size (what fit.guard calls)."""
    # lazy: start-up time: WeasyPrint loads only when a leaflet is laid out
    from brochures.leaflet import render

    def relayout(body_pt: float, **extra):
        again = _compose(catalog, job, Report(), body_pt, **extra)
        if again is None:
            return None
        return again, render.layout_html(again.html, base_url, catalog.project.roots)
    return relayout


def _pdf(job: Job, layout, brand, html: str, rendered, base_url: str) -> bytes:
    """The PDF of a laid-out leaflet, finished for its edition."""
    # lazy: start-up time: WeasyPrint loads only when a leaflet is laid out
    from brochures.leaflet import edition, render

    # The HTML names project files by absolute URL: without the folder, so that the PDF's
    # ids (and bytes) stay the same when the project folder moves.
    seed = hashlib.sha256(html.replace(base_url, "").encode()).hexdigest()
    pdf = render.write_pdf(rendered, tagged=edition.tagged(job, layout),
                           variant=edition.variant(job, layout), seed=seed,
                           compress=not job.press)
    return edition.finish(pdf, job, layout, brand)


def _built(outcome: Outcome, target: Path, composition, rendered, started: float) -> None:
    outcome.status = BUILT
    outcome.path = target
    outcome.hint = {"questions": True, "notes_rules": 0, "notes_pages": 0, **composition.asked}
    outcome.seconds = time.perf_counter() - started
    # What the build's fingerprint must also cover next time (see brochures.batch.cache).
    outcome.resources = sorted(rendered.resources)
    outcome.fonts = sorted({font.family for font in rendered.document.fonts.values()})
