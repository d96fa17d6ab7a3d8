"""``brochures check``: every check, for every topic, language, brand and layout.

Owns: running the checks in order — load (schemas, parity), review dates,
completeness, claims, readability, accessibility, then the fit of every
fixed-size layout — into one report; and the gate that ``brochures build``
asks once per topic and language, which refuses what ``check`` calls an
error (an overdue review, a forbidden claim).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from brochures.catalog import Catalog, load_catalog
from brochures.checks import accessibility, claims, completeness, evidence, readability
from brochures.checks.parity import check_parity
from brochures.checks.text import passages
from brochures.errors import Location, Problem, Report
from brochures.model import Job
from brochures.project import Project

# Which check a finding comes from, by the start of its code (for the summary).
KINDS = (
    ("claim-", "claims"),
    ("readability", "readability"),
    ("review-", "review dates"),
    ("incomplete", "completeness"),
    ("not-printed", "completeness"),
    ("low-contrast", "accessibility"),
    ("small-text", "accessibility"),
    ("parity-", "parity"),
    ("overflow", "fit"),
    ("bad-rules", "rules"),
)


def kind(code: str) -> str:
    for prefix, name in KINDS:
        if code.startswith(prefix):
            return name
    return "content"


@dataclass
class CheckResult:
    report: Report
    readability: list[readability.LeafletReadability] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


def _default_brand(catalog: Catalog) -> str | None:
    if "default" in catalog.brands:
        return "default"
    return next(iter(catalog.brands), None)


def topic_report(project: Project, catalog: Catalog, topic_id: str, language: str,
                 today: date, report: Report, read: bool = True):
    """The content checks of one topic in one language (everything but layout and fit)."""
    topic = catalog.topics[topic_id]
    leaflet = topic.leaflets[language]
    completeness.check_content(leaflet, report)
    evidence.check_evidence(project, topic, leaflet, report)
    texts = passages(leaflet, project.show(leaflet.path), report)
    claims.check_claims(texts, claims.load_rules(project, language, report), report)
    if read:
        return readability.measure(project, leaflet, texts, report)
    return None


def _printed(project: Project, catalog: Catalog, topic_id: str, language: str,
             report: Report) -> None:
    """Compose the HTML of each layout and check that what must be printed is."""
    from brochures import i18n
    from brochures.compose import compose

    brand_id = _default_brand(catalog)
    if brand_id is None:
        return
    topic = catalog.topics[topic_id]
    leaflet = topic.leaflets[language]
    brand = catalog.brands[brand_id]
    words = catalog.words_for(language, report)
    locale = words.locale if words is not None else None
    dates = (i18n.long_date(topic.reviewed, language, locale),
             i18n.long_date(topic.next_review, language, locale))
    for layout in catalog.layouts.values():
        job = Job(topic_id, language, layout.id, brand_id)
        extra = None
        try:
            from brochures import edition

            extra = edition.context(job, layout, brand, None)
        except (ImportError, AttributeError, TypeError, ValueError):
            extra = None
        composition = compose(project, job, topic, leaflet, brand, layout, words,
                              catalog.words_for(topic.source_language, report), Report(),
                              extra=extra)
        if composition is not None:
            completeness.check_printed(project, topic, leaflet, brand, layout,
                                       composition.html, dates, report)


def _fit(catalog: Catalog, topic_id: str, language: str, report: Report) -> None:
    """Lay out every fixed-size layout of one topic and language; report what overflows."""
    from brochures.leaflet import make_leaflet

    brand_id = _default_brand(catalog)
    if brand_id is None:
        return
    with tempfile.TemporaryDirectory(prefix="brochures-check-") as out:
        for layout in catalog.layouts.values():
            if not layout.pages:
                continue
            outcome = make_leaflet(catalog, Job(topic_id, language, layout.id, brand_id),
                                   Path(out))
            where = Location(catalog.project.show(layout.path))
            for problem in outcome.problems:
                if problem.code in ("not-built", "refused"):
                    continue  # the content's own findings are reported already
                if problem.location and problem.location.path.startswith(out):
                    problem = Problem(problem.severity, problem.code, problem.message, where)
                report.add(problem)


def run_check(project: Project, topics: list[str], today: date | None = None,
              fit: bool = True, read: bool = True) -> CheckResult:
    """Every check of ``topics`` (all when empty), every brand and layout of the project."""
    today = today or date.today()
    report = Report()
    topic_ids = topics or project.topic_ids()
    if not topic_ids:
        report.error("no-topics", "no topics found: add content/<topic>/topic.yaml")
    catalog = load_catalog(project, topic_ids, project.brand_ids(), project.layout_ids(), report)
    result = CheckResult(report)
    for brand in catalog.brands.values():
        accessibility.check_brand(project, brand, report)
        completeness.check_brand(project, brand, report)
    for layout in catalog.layouts.values():
        accessibility.check_layout(project, layout, report)
    for topic_id, topic in catalog.topics.items():
        check_parity(topic, report)
        completeness.check_review(project, topic, today, report)
        for language in sorted(topic.leaflets):
            result.checked.append(f"{topic_id}/{language}")
            scores = topic_report(project, catalog, topic_id, language, today, report, read)
            if scores is not None:
                result.readability.append(scores)
            _printed(project, catalog, topic_id, language, report)
            if fit and not _refused(report, project, topic, language):
                _fit(catalog, topic_id, language, report)
    return result


def _refused(report: Report, project: Project, topic, language: str) -> bool:
    files = {project.show(topic.path / "topic.yaml"),
             project.show(topic.leaflets[language].path)}
    return any(p.is_error and p.location and p.location.path in files for p in report.problems)


def refusals(catalog: Catalog, topic_id: str, language: str,
             today: date | None = None) -> list[Problem]:
    """The errors ``check`` finds in one topic and language, for ``build`` to refuse it.

    Cheap (no readability, no rendering) and remembered per topic and language,
    so a build asks once however many layouts and brands it makes.
    """
    today = today or date.today()
    # Remembered on the catalog itself: a new catalog (files changed) asks again.
    gates = vars(catalog).setdefault("_check_refusals", {})
    key = (topic_id, language, today)
    if key in gates:
        return gates[key]
    project = catalog.project
    report = Report()
    topic = catalog.topics.get(topic_id)
    if topic is not None and language in topic.leaflets:
        completeness.check_review(project, topic, today, report)
        topic_report(project, catalog, topic_id, language, today, report, read=False)
    gates[key] = report.errors
    return report.errors


def refusal_line(job: Job, problems: list[Problem]) -> Problem:
    """The one line that says why a leaflet was not built."""
    codes = ", ".join(sorted({p.code for p in problems}))
    where = problems[0].location if problems else None
    return Problem("error", "refused",
                   f"{job.name}: not built: `brochures check` finds {len(problems)} "
                   f"error{'s' if len(problems) != 1 else ''} ({codes}) that must be fixed "
                   "before this leaflet is printed", where or Location("."))
