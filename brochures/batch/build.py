"""Building leaflets: the job list, which jobs need rendering, running them, the summary.

Owns: turning a request (topics × languages × layouts × brands × editions)
into jobs, the stable share of them a ``--shard`` builds, leaving out those
the gate (:mod:`brochures.checks.gate`) refuses, skipping the leaflets whose
fingerprint (see :mod:`brochures.batch.cache`) has not changed, and running the
rest — in this process with ``jobs=1``, else in a pool of worker
processes (:mod:`brochures.batch.pool`) — so that one failing, crashing or hanging
leaflet never stops the others and a failed job never touches its earlier
output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brochures import i18n
from brochures.batch import job as one_job  # called through the module: tests replace make_leaflet
from brochures.batch.cache import Incremental
from brochures.batch.pool import Pool, PoolError
from brochures.batch.schedule import boot_worker, early_pool
from brochures.batch.summary import Summary
from brochures.checks import gate
from brochures.errors import Location, Problem, Report
from brochures.inputs.catalog import Catalog, load_catalog
from brochures.inputs.project import Project
from brochures.inputs.request import EDITIONS, PRESS, STANDARD, Request, default_jobs
from brochures.model import BUILT, FAILED, UNCHANGED, Job, Outcome
from brochures.write import set_aside, sweep_temporary

__all__ = ["EDITIONS", "PRESS", "STANDARD", "Request", "default_jobs", "plan", "run"]

def _all_or(values: list[str], everything: list[str]) -> list[str]:
    if not values or "all" in values:
        return everything
    return list(dict.fromkeys(values))


def _project_languages(project: Project, codes: list[str], report: Report) -> list[str]:
    """The languages asked for, as the project writes them (``FR``, ``fr_FR`` → ``fr``,
    with a warning); a code the project does not have stays as given (each topic then
    says it has no such file)."""

    known = sorted({code for topic in project.topic_ids()
                    for code in project.language_files(topic)})
    found = []
    for code in dict.fromkeys(codes):
        read = Report()
        mapped = code if code in known else i18n.project_language(
            code, known, read, Location("--lang"), new=False)
        if mapped in known and mapped != code:
            report.extend(read.problems)  # the warning saying how the tag was read
        found.append(mapped if mapped in known else code)
    return list(dict.fromkeys(found))


def plan(project: Project, request: Request, report: Report) -> tuple[Catalog, list[Job]]:
    """Load what the request needs and list its jobs, in a stable order."""
    topics = _all_or(request.topics, project.topic_ids())
    if not request.topics:  # language files without topic.yaml: a topic not started right
        topics = list(dict.fromkeys([*topics, *project.unstarted_topics()]))
    if not topics:
        report.error("no-topics", "no topics found: add content/<topic>/topic.yaml")
    layouts = _all_or(request.layouts, project.layout_ids())
    brands = _all_or(request.brands, project.brand_ids())
    named = None if not request.languages or "all" in request.languages else \
        _project_languages(project, request.languages, report)
    if named is not None:
        request = dataclasses.replace(request, languages=named)
    catalog = load_catalog(project, topics, brands, layouts, report, named,
                           request.require_approval)
    editions = request.wanted_editions()
    # The press edition of "every layout" (or beside the standard one) means that of every
    # layout that has one; a layout named alone with --press and none gets a clear error.
    named_alone = bool(request.layouts) and "all" not in request.layouts and editions == [PRESS]

    def has(layout_id: str, edition: str) -> bool:
        layout = catalog.layouts.get(layout_id)
        return edition != PRESS or named_alone or layout is None or layout.press

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
                    made = catalog.layouts.get(layout_id)
                    jobs.extend(
                        Job(topic_id, language, layout_id, brand_id, edition == PRESS,
                            request.paper, request.fit, made.output if made else "pdf")
                        for edition in editions if has(layout_id, edition)
                    )
    return catalog, jobs


def job_key(job: Job) -> str:
    """A job's identity across runs and machines: its output path below the out folder."""
    return f"{job.brand}/{job.topic}/{job.name}"


def in_shard(job: Job, index: int, count: int) -> bool:
    """Whether ``job`` belongs to share ``index`` (1-based) of ``count``.

    Decided by a hash of the job's identity, not its position, so adding a
    language or layout moves no other job to another share.
    """
    digest = hashlib.sha256(job_key(job).encode()).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


# --- making leaflets -----------------------------------------------------------------


class JobTimeout(BaseException):
    """A leaflet rendered in this process ran out of time (not an ``Exception``, so that
    no library's ``except Exception`` swallows it)."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Stop the code inside after ``seconds`` (main thread, POSIX; else no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expired(signum, frame):
        raise JobTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _peak_kb() -> int:
    """Peak memory of this process so far (0 where the platform cannot say)."""
    try:
        # lazy: start-up time: resource loads only when this runs
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KB elsewhere


# Failures of the tool or the machine, not of a leaflet's sources: its earlier PDF may still
# say what the sources say, so it stays (an earlier good output stays intact).
TOOL_FAILURES = frozenset({"internal-error", "timeout", "worker-died", "no-workers",
                           "output-failed"})


def refused_by_its_sources(outcome: Outcome) -> bool:
    """Whether a leaflet was not made because of what its sources say (the verdict)."""
    return outcome.status == FAILED and not any(
        p.code in TOOL_FAILURES for p in outcome.problems)


def failed(job: Job, out_dir: Path, code: str, message: str) -> Outcome:
    """A failed outcome for a job that ended without saying why itself."""
    problem = Problem("error", code, f"{job.name}: {message}", Location(str(job.output(out_dir))))
    return Outcome(job, FAILED, problems=[problem])


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {Path(last.filename).name}:{last.lineno})"


@dataclass
class MakeLeaflet:
    """Make one leaflet, never raising: the work of a worker process, or of this one."""

    catalog: Catalog
    out_dir: Path
    write_html: bool
    # Set: the record of a built leaflet is written here, in the worker, not by the parent.
    incremental: Incremental | None = None
    dry: bool = False  # lay out and fit only, write nothing
    strict: bool = False  # the verdict refuses a leaflet with warnings too

    def __call__(self, job: Job) -> Outcome:
        try:
            outcome = one_job.make_leaflet(self.catalog, job, self.out_dir, self.write_html,
                                           dry=self.dry, strict=self.strict)
        except Exception as exc:  # a bug in brochures or a library: this job only
            outcome = failed(job, self.out_dir, "internal-error",
                             f"unexpected {type(exc).__name__}: {exc}"[:400] + _where(exc))
        if self.incremental is not None and outcome.status == BUILT and outcome.path:
            self.incremental.remember(job, outcome.path, outcome.resources, outcome.fonts,
                                      outcome.problems, outcome.seconds, outcome.hint)
            outcome.remembered = True
        outcome.peak_kb = _peak_kb()
        return outcome


def _in_process(make: MakeLeaflet, jobs: Iterator[Job], timeout: float) -> Iterator[Outcome]:
    for job in jobs:
        started = time.perf_counter()
        try:
            with _time_limit(timeout):
                outcome = make(job)
        except JobTimeout:
            outcome = failed(job, make.out_dir, "timeout",
                             f"stopped after {timeout:g} s (the time limit)")
            outcome.seconds = time.perf_counter() - started
        yield outcome


def _in_pool(make: MakeLeaflet, jobs: Iterator[Job], size: int,
             timeout: float, pool=None) -> Iterator[Outcome]:

    pool = pool or Pool(size=size, boot=boot_worker, work=make, timeout=timeout)
    given: list[Job] = []

    def feed() -> Iterator[Job]:
        for job in jobs:
            given.append(job)
            yield job

    done: set[Job] = set()
    try:
        for job, outcome, lost in pool.run(feed(), work=make):
            done.add(job)
            yield outcome if lost is None else failed(job, make.out_dir, lost.code, lost.message)
    except PoolError as exc:
        for job in [*given, *jobs]:
            if job not in done:
                yield failed(job, make.out_dir, "no-workers", str(exc))


def run(project: Project, request: Request, progress: Callable[[Outcome], None] | None = None,
        planned: Callable[[int, list[Problem]], None] | None = None) -> Summary:
    """Build every job of ``request``; never raises for a user's mistake.

    ``planned(jobs, problems)`` is called once the jobs are known, with the problems
    found loading the project; ``progress(outcome)`` as each job ends (in the order
    they end).
    """

    started = time.perf_counter()
    early = early_pool(project, request)  # workers boot while the project loads
    try:
        return _run(project, request, progress, planned, started, early)
    finally:
        if early is not None:
            early.close()


def _run(project: Project, request: Request, progress, planned, started: float,
         early) -> Summary:
    report = Report()
    catalog, jobs = plan(project, request, report)
    planned_jobs = len(jobs)
    if request.shard:
        jobs = [job for job in jobs if in_shard(job, *request.shard)]
    # The gate, before anything is rendered: what it finds in the content, brands and
    # layouts is reported once; a leaflet it refuses is never made.
    verdicts = {job: gate.judge(catalog, job) for job in jobs}
    for verdict in verdicts.values():
        report.extend(verdict.shared)
    summary = Summary(problems=list(report.problems), planned=planned_jobs, shard=request.shard,
                      catalog=catalog, strict=request.strict)
    if planned:
        planned(len(jobs), summary.problems)
    sweep_temporary(request.out_dir)
    incremental = Incremental(catalog, request.out_dir, request.output_options(),
                              request.write_html)
    order = {job: n for n, job in enumerate(jobs)}

    def finish(outcome: Outcome) -> None:
        if outcome.status == BUILT and outcome.path is not None and not outcome.remembered:
            incremental.remember(outcome.job, outcome.path, outcome.resources, outcome.fonts,
                                 outcome.problems, outcome.seconds, outcome.hint)
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)

    todo = _triage(catalog, jobs, verdicts, incremental, request, finish)
    make = MakeLeaflet(catalog, request.out_dir, request.write_html, incremental,
                       strict=request.strict)
    for outcome in _render(make, todo, request, summary, incremental, early):
        finish(outcome)
    sweep_temporary(request.out_dir)  # left by leaflets stopped at their time limit
    _set_aside_refused(summary, request.out_dir)
    summary.outcomes.sort(key=lambda o: order.get(o.job, len(order)))
    summary.seconds = time.perf_counter() - started
    return summary


def _triage(catalog: Catalog, jobs: list[Job], verdicts: dict, incremental: Incremental,
            request: Request, finish) -> list[Job]:
    """The jobs to render; a refused or unchanged job is finished here."""
    todo = []
    for job in jobs:
        verdict = verdicts[job]
        if not verdict.printable(request.strict):
            # Refused whether or not its inputs changed: review dates pass and claim rules
            # change without touching them.
            refused = gate.refusal(verdict, request.strict)
            if verdict.missing:
                refused = dataclasses.replace(refused, location=Location(
                    str(job.output(request.out_dir))))
            finish(Outcome(job, FAILED, problems=[refused]))
            continue
        record = None if request.force else incremental.current(job)
        if record is None:
            todo.append(job)
            continue
        # What its layout found when it was built still applies: judged again with it, so
        # that --strict gives the same answer on a rebuild as on the first build.
        again = gate.judge(catalog, job, laid_out=list(record.problems))
        if again.printable(request.strict):
            finish(Outcome(job, UNCHANGED, job.output(request.out_dir), list(record.problems)))
        else:  # its warnings refuse it (--strict): nothing else changed since it was built
            finish(Outcome(job, FAILED, problems=[*record.problems,
                                                  gate.refusal(again, request.strict)]))
    return todo


def _render(make: MakeLeaflet, todo: list[Job], request: Request, summary: Summary,
            incremental: Incremental, early):
    """The outcomes of rendering ``todo``, here or in worker processes."""
    # One leaflet gains nothing from a worker: it renders here, like --jobs 1 (unless
    # workers were started early and are booting already).
    summary.workers = min(request.jobs, len(todo)) if request.jobs > 1 else 0
    if summary.workers <= 1 and not (early and todo):
        summary.workers = 0
        outcomes = _in_process(make, iter(todo), request.timeout)
    else:
        # Longest first, so that the last leaflets to end are short ones and no core idles.
        todo.sort(key=incremental.cost, reverse=True)
        summary.workers = max(summary.workers, 1)
        outcomes = _in_pool(make, iter(todo), summary.workers, request.timeout, early)
    return outcomes


def _set_aside_refused(summary: Summary, out_dir: Path) -> None:
    # The output folder holds only what today's sources print: a refused leaflet's earlier
    # PDF would look current to whoever prints from it.
    for outcome in summary.outcomes:
        if refused_by_its_sources(outcome):
            aside = set_aside(out_dir, outcome.job.output(out_dir))
            if aside is not None:
                summary.set_aside.append(aside)


def lay_out(catalog: Catalog, jobs: list[Job], out_dir: Path, request: Request) -> list[Outcome]:
    """Lay out ``jobs`` without writing anything, for their fit and renderer findings.

    A job whose build record in ``out_dir`` matches its fingerprint is not laid out
    again: the findings of that build are its answer. The rest are laid out in the
    worker pool when there are several and ``request.jobs`` allows it.
    """
    incremental = Incremental(catalog, out_dir, request.output_options(), request.write_html)
    outcomes, todo = [], []
    for job in jobs:
        record = incremental.current(job)
        if record is None:
            todo.append(job)
        else:
            outcomes.append(Outcome(job, UNCHANGED, job.output(out_dir), list(record.problems)))
    make = MakeLeaflet(catalog, out_dir, False, dry=True)
    workers = min(request.jobs, len(todo))
    if workers > 1:
        outcomes.extend(_in_pool(make, iter(todo), workers, request.timeout))
    else:
        outcomes.extend(_in_process(make, iter(todo), request.timeout))
    return outcomes
