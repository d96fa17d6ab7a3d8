"""Building leaflets: the job list, making each leaflet, and the run's summary.

Owns: turning a request (topics × languages × layouts × brands × editions)
into jobs, and running each job through the stages — compose, lay out,
verify, write PDF — so that one failing leaflet never stops the others and a
failed job never touches its earlier output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from brochures.errors import Location, Problem, Report
from brochures.load import Catalog, load_catalog
from brochures.model import Job
from brochures.project import Project

BUILT, UNCHANGED, FAILED = "built", "unchanged", "failed"


@dataclass
class Request:
    """What a person asked ``brochures build`` for (``None`` or ``all`` = everything)."""

    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=lambda: ["default"])
    press: bool = False
    paper: str = "a4"
    out_dir: Path = Path("dist")
    write_html: bool = False


@dataclass
class Outcome:
    """What became of one job."""

    job: Job
    status: str
    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count(FAILED) == 0 and not any(p.is_error for p in self.problems)


def _all_or(values: list[str], everything: list[str]) -> list[str]:
    if not values or "all" in values:
        return everything
    return list(dict.fromkeys(values))


def plan(project: Project, request: Request, report: Report) -> tuple[Catalog, list[Job]]:
    """Load what the request needs and list its jobs, in a stable order."""
    topics = _all_or(request.topics, project.topic_ids())
    if not topics:
        report.error("no-topics", "no topics found: add content/<topic>/topic.yaml")
    layouts = _all_or(request.layouts, project.layout_ids())
    brands = _all_or(request.brands, project.brand_ids())
    catalog = load_catalog(project, topics, brands, layouts, report)
    jobs: list[Job] = []
    for topic_id in topics:
        available = sorted(project.language_files(topic_id)) if topic_id in catalog.topics else []
        languages = _all_or(request.languages, available)
        for language in languages:
            if topic_id in catalog.topics and language not in available:
                report.error(
                    "unknown-language",
                    f"topic '{topic_id}' has no {language}.yaml",
                    Location(f"content/{topic_id}/"),
                )
                continue
            for layout_id in layouts:
                for brand_id in brands:
                    jobs.append(
                        Job(topic_id, language, layout_id, brand_id, request.press, request.paper)
                    )
    return catalog, jobs


def run(project: Project, request: Request, progress=None) -> Summary:
    """Build every job of ``request``; never raises for a user's mistake."""
    from brochures.leaflet import make_leaflet
    from brochures.write import sweep_temporary

    started = time.perf_counter()
    report = Report()
    catalog, jobs = plan(project, request, report)
    sweep_temporary(request.out_dir)
    summary = Summary(problems=list(report.problems))
    for job in jobs:
        outcome = make_leaflet(catalog, job, request.out_dir, request.write_html)
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    summary.seconds = time.perf_counter() - started
    return summary
