"""The gate: may this leaflet be printed?

Owns: the one answer to that question for a job (topic × language × layout ×
brand × edition × paper × fit policy). Given the loaded catalog and, once the
renderer has laid the leaflet out, the HTML it composed and the findings of
the layout (overflow, renderer warnings), it returns every finding that
applies to the job: errors block printing, warnings do not (``--strict``
makes them block too). It never renders and never prints. ``build``,
``check``, ``serve`` and ``list`` all ask it; nothing else decides.

Findings that do not depend on the layout (parity, review dates, claims,
readability, completeness, typed HTML, a brand's colours and contact
details) are worked out once per run and remembered on the catalog, which
is made afresh for every run: an edited file is always seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from brochures import i18n
from brochures.checks import (
    accessibility,
    claims,
    completeness,
    contact,
    evidence,
    parity,
    readability,
    signoff,
    todo,
    typed_html,
)
from brochures.checks import translation_gate as translation
from brochures.checks.text import passages
from brochures.errors import ERROR, WARNING, Location, Problem, Report
from brochures.inputs.catalog import Catalog
from brochures.model import Job


@dataclass
class Verdict:
    """Every finding that applies to one job, and what they mean for printing it."""

    job: Job
    # Findings shared with other jobs (the leaflet's, the brand's, the layout's) ...
    shared: list[Problem] = field(default_factory=list)
    # ... and those of this job alone (what its layout printed, fit, renderer warnings).
    own: list[Problem] = field(default_factory=list)
    # Why the job cannot even be made (an input file with errors), if it cannot.
    missing: str | None = None

    @property
    def findings(self) -> list[Problem]:
        return [*self.shared, *self.own]

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.findings if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.findings if not p.is_error]

    def printable(self, strict: bool = False) -> bool:
        return self.missing is None and not self.blocking and not (strict and self.warnings)


def missing_input(catalog: Catalog, job: Job) -> str | None:
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


def _source(catalog: Catalog, topic_id: str, language: str, report: Report):
    """The source-language leaflet to check ``language`` against; a finding if there is none."""
    topic = catalog.topics[topic_id]
    source = topic.leaflets.get(topic.source_language)
    if source is not None:
        return source
    leaflet = topic.leaflets[language]
    path = topic.path / f"{topic.source_language}.yaml"
    shown = catalog.project.show(path)
    state = "has errors (see above)" if path.is_file() else "is missing"
    severity = WARNING if language in topic.drafts else ERROR
    report.add(Problem(severity, "no-source",
                       f"this translation cannot be checked against its source language: "
                       f"{shown} {state}; it must not be printed until it can",
                       leaflet.location))
    return None


def leaflet_findings(catalog: Catalog, topic_id: str, language: str,
                     today: date) -> list[Problem]:
    """What the checks find in one topic's text in one language (layout and brand aside)."""
    key = ("leaflet", topic_id, language, today)
    if key in catalog.findings:
        return catalog.findings[key]
    project = catalog.project
    topic = catalog.topics[topic_id]
    leaflet = topic.leaflets[language]
    report = Report()
    completeness.check_review(project, topic, today, report)
    if language != topic.source_language:
        source = _source(catalog, topic_id, language, report)
        if source is not None:
            severity = WARNING if language in topic.drafts else ERROR
            numbers = [catalog.rules(("numbers", code), report, lambda r, code=code:
                                     parity.number_words(project, code, r))
                       for code in (topic.source_language, language)]
            report.extend(parity.compare(source, leaflet, severity, *numbers))
    completeness.check_content(leaflet, report)
    evidence.check_evidence(project, topic, leaflet, report)
    words = catalog.words.get(language)
    todo.check_files(project, [topic.document, leaflet.document,
                               words.document if words is not None else None], report)
    texts = passages(leaflet, project.show(leaflet.path), report)
    def files(relative: str) -> list:
        return catalog.rule_documents(relative, report)

    rules = catalog.rules(("claims", language), report,
                          lambda r: claims.load_rules(project, language, r, files))
    claims.check_claims(texts, rules, report)
    typed_html.check(texts, report)
    translation.check(catalog, topic_id, language, report)  # issue 18: stale, glossary
    read = catalog.rules(("readability",), report, lambda r: readability.read_rules(project, r))
    catalog.readability[(topic_id, language)] = readability.measure(
        project, leaflet, texts, report, read)
    catalog.findings[key] = report.problems
    return report.problems


def brand_findings(catalog: Catalog, brand_id: str) -> list[Problem]:
    """What the checks find in a brand: colour contrast, contact details, sample values."""
    key = ("brand", brand_id)
    if key not in catalog.findings:
        report, project = Report(), catalog.project
        brand = catalog.brands[brand_id]
        rules = catalog.rules(("accessibility",), report,
                              lambda r: accessibility.read_rules(project, r))
        accessibility.check_brand(project, brand, report, rules)
        completeness.check_brand(project, brand, report)
        todo.check_files(project, [brand.document], report)
        samples = catalog.rules(("samples",), report,
                                lambda r: contact.shipped_samples(catalog.sample_brands(r)))
        contact.check_sample(project, brand, report, samples)
        catalog.findings[key] = report.problems
    return catalog.findings[key]


def language_findings(catalog: Catalog, job: Job) -> list[Problem]:
    """What a topic's and a brand's texts given per language lack in the job's language."""
    key = ("language", job.topic, job.brand, job.language)
    if key not in catalog.findings:
        report = Report()
        completeness.check_language_of(catalog.project, catalog.topics[job.topic],
                                       catalog.brands[job.brand], job.language, report)
        catalog.findings[key] = report.problems
    return catalog.findings[key]


def signoff_findings(catalog: Catalog, job: Job) -> list[Problem]:
    """Sign-off (issue 14, 29): the leaflet prints as a draft; what changed since approval."""
    key = ("signoff", job.topic, job.language, job.brand, job.layout)
    if key not in catalog.findings:
        report = Report()
        signoff.check(catalog, catalog.topics[job.topic], job, report)
        catalog.findings[key] = report.problems
    return catalog.findings[key]


def layout_findings(catalog: Catalog, layout_id: str) -> list[Problem]:
    """What the checks find in a layout (its body text against the size floor)."""
    key = ("layout", layout_id)
    if key not in catalog.findings:
        report, project = Report(), catalog.project
        rules = catalog.rules(("accessibility",), report,
                              lambda r: accessibility.read_rules(project, r))
        accessibility.check_layout(project, catalog.layouts[layout_id], report, rules)
        catalog.findings[key] = report.problems
    return catalog.findings[key]


def printed_findings(catalog: Catalog, job: Job, html: str) -> list[Problem]:
    """What the composed HTML of a job leaves out that the content has."""
    report = Report()
    topic = catalog.topics[job.topic]
    leaflet = topic.leaflets[job.language]
    words = catalog.words.get(job.language)
    locale = words.locale if words is not None else None
    style = words.digits if words is not None else "latin"
    dates = (i18n.digits(i18n.long_date(topic.reviewed, job.language, locale), style),
             i18n.digits(i18n.long_date(topic.next_review, job.language, locale), style))
    completeness.check_printed(catalog.project, topic, leaflet, catalog.brands[job.brand],
                               catalog.layouts[job.layout], html, dates, report)
    return report.problems


def judge(catalog: Catalog, job: Job, today: date | None = None, html: str | None = None,
          laid_out: list[Problem] | None = None) -> Verdict:
    """Every finding for ``job``. ``html`` and ``laid_out`` come from the renderer, when it
    has composed and laid the leaflet out (the fit and renderer findings)."""
    verdict = Verdict(job, missing=missing_input(catalog, job))
    if verdict.missing:
        return verdict
    today = today or date.today()
    verdict.shared = [*leaflet_findings(catalog, job.topic, job.language, today),
                      *brand_findings(catalog, job.brand),
                      *language_findings(catalog, job),
                      *signoff_findings(catalog, job),
                      *layout_findings(catalog, job.layout)]
    verdict.own = own_findings(catalog, job, html, laid_out)
    return verdict


def own_findings(catalog: Catalog, job: Job, html: str | None,
                 laid_out: list[Problem] | None) -> list[Problem]:
    """The findings of one job alone, once the renderer has composed and laid it out."""
    printed = printed_findings(catalog, job, html) if html is not None else []
    # Sign-off (issue 14): the press edition never prints a draft.
    unsigned = signoff.press_findings(catalog, catalog.topics[job.topic], job)
    return [*printed, *(laid_out or []), *unsigned]


def refusal(verdict: Verdict, strict: bool = False) -> Problem:
    """The one line that says why a leaflet is not printed."""
    job = verdict.job
    if verdict.missing:
        return Problem(ERROR, "not-built", f"{job.name}: not built because {verdict.missing} "
                       "(see above)", None)
    blocking = verdict.blocking or (verdict.warnings if strict else [])
    codes = ", ".join(sorted({p.code for p in blocking}))
    where = blocking[0].location if blocking else None
    return Problem(ERROR, "refused",
                   f"{job.name}: not built: {len(blocking)} "
                   f"finding{'s' if len(blocking) != 1 else ''} ({codes}) must be fixed "
                   "before this leaflet is printed", where or Location("."))
