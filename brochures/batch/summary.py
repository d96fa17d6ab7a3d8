"""The end of a build: what became of every job, and the table printed after it.

Owns: the :class:`Summary` of a run (its outcomes, the problems found loading
and judging, the time and workers it took) and the end-of-run table per
layout and edition.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from brochures.errors import Problem
from brochures.model import BUILT, FAILED, UNCHANGED, Job, Outcome
from brochures.write import REFUSED


def named(job: Job, problem: Problem) -> Problem:
    """A finding of one job, naming its brand and paper (the same text differs by them)."""
    return dataclasses.replace(
        problem, message=f"{problem.message} (brand {job.brand}, paper {job.paper})")


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    planned: int = 0  # jobs of the whole request, before --shard
    shard: tuple[int, int] | None = None
    workers: int = 0  # worker processes used (0: rendered in this process or not at all)
    # The loaded project the run judged and built from (for each leaflet's manifest).
    catalog: Any = field(default=None, repr=False, compare=False)
    # --strict: a warning refuses its leaflet as an error does (the verdict decided so).
    strict: bool = False
    # Earlier PDFs of refused leaflets, moved out of the output folder (where they went).
    set_aside: list = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        """Whether every leaflet asked for may be printed: the one exit status of a run."""
        if self.count(FAILED) or any(p.is_error for p in self.problems):
            return False
        return not (self.strict and self.warnings)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if not p.is_error) + sum(
            1 for o in self.outcomes for p in o.problems if not p.is_error)

    @property
    def peak_kb(self) -> int:
        return max((o.peak_kb for o in self.outcomes), default=0)


SHARED = "content, brand"


def _row_name(job: Job) -> str:
    paper = "" if job.paper == "a4" else f" {job.paper}"
    return f"{job.layout}{paper}{' press' if job.press else ''}"


def summary_table(summary: Summary) -> list[str]:
    """The end-of-run table: per layout and edition (with the seconds spent rendering them,
    summed over workers), then the total with the wall-clock time of the run."""
    rows: dict[str, list] = {}
    for outcome in summary.outcomes:
        row = rows.setdefault(_row_name(outcome.job), [0, 0, 0, 0, 0.0])
        row[[BUILT, UNCHANGED, FAILED].index(outcome.status)] += 1
        row[3] += sum(1 for p in outcome.problems if not p.is_error)
        row[4] += outcome.seconds
    # The findings of the content, brands and words, shared by every layout: their own row,
    # so that the rows add up to the total.
    shared = sum(1 for p in summary.problems if not p.is_error)
    width = max([len(name) for name in rows] + [len(SHARED)])
    head = f"{'':<{width}}  built  unchanged  failed  warnings  rendering"
    lines = [head] if len(rows) > 1 else []
    for name, (built, unchanged, failed_, warns, seconds) in rows.items():
        if len(rows) > 1:
            lines.append(f"{name:<{width}}  {built:>5}  {unchanged:>9}  {failed_:>6}  "
                         f"{warns:>8}  {seconds:>7.1f} s")
    if len(rows) > 1 and shared:
        lines.append(f"{SHARED:<{width}}  {'':>5}  {'':>9}  {'':>6}  {shared:>8}")
    extra = []
    if summary.shard:
        extra.append(f"shard {summary.shard[0]}/{summary.shard[1]}: {len(summary.outcomes)} "
                     f"of {summary.planned} leaflets")
    if summary.workers:
        extra.append(f"{summary.workers} worker{'s' if summary.workers > 1 else ''}")
    if summary.peak_kb:
        extra.append(f"peak {summary.peak_kb / 1024:.0f} MB per worker" if summary.workers
                     else f"peak {summary.peak_kb / 1024:.0f} MB")
    if summary.set_aside:
        n = len(summary.set_aside)
        lines.append(f"{n} earlier PDF{'s' if n != 1 else ''} of refused leaflets moved out of "
                     f"the output folder (kept in {REFUSED}/): "
                     "they no longer say what the sources say")
    lines.append(
        f"{summary.count(BUILT)} built, {summary.count(UNCHANGED)} unchanged, "
        f"{summary.count(FAILED)} failed, {summary.warnings} warnings in {summary.seconds:.1f} s"
        + (f" ({', '.join(extra)})" if extra else ""))
    return lines
