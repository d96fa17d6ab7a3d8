"""Running jobs in worker processes, each job with a time limit.

Owns: the worker processes of a parallel build. Each worker runs ``boot``
once (importing WeasyPrint and setting up its font configuration), says it
is ready, then takes jobs one at a time over its own pipe. Workers may be
started before the work is known (:meth:`Pool.start`), so that they boot
while the parent is still loading the project; the work then follows them
once, pickled, with their first job. The parent gives every job a deadline;
a worker that passes it, or dies, is killed and replaced, and its job is
reported lost — the other jobs go on. Nothing here knows what a job is: the
build passes plain functions in.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

BOOT_ATTEMPTS = 3  # workers that die before they are ready, in a row, before giving up
STOP_GRACE = 5.0  # seconds a worker has to exit after being told to stop
PR_SET_PDEATHSIG = 1  # prctl(2)


class PoolError(RuntimeError):
    """No worker process could be started."""


def _context():
    # fork shares the loaded catalog with workers for free and starts in
    # milliseconds; where fork is unsafe or missing (macOS, Windows) spawn works too.
    fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")
    return multiprocessing.get_context("fork" if fork else "spawn")


@dataclass(frozen=True)
class _Work:
    """The work of a worker started before it was known (see :meth:`Pool.start`)."""

    work: Callable[[Any], Any]


def _serve(conn: Connection, inherited: list[Connection], parent: int,
           boot: Callable[[], None], work: Callable[[Any], Any] | None) -> None:
    """A worker's life: boot once, then run jobs until told to stop."""
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    for other in inherited:  # pipes of sibling workers, copied by fork
        other.close()
    try:
        boot()
    except Exception as exc:  # e.g. WeasyPrint's libraries missing: no worker ever will start
        conn.send(("broken", f"{type(exc).__name__}: {exc}"[:300]))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if job is None:
            return
        if isinstance(job, _Work):
            work = job.work
            continue
        conn.send(("done", work(job)))


def _die_with_parent(parent: int) -> None:
    """On Linux, be killed when the parent dies, even mid-leaflet (a killed build
    must not leave a renderer running on its own)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)


@dataclass(frozen=True)
class Lost:
    """Why a job ended without a result: ``timeout`` or ``worker-died``."""

    code: str
    message: str


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    job: Any = None
    deadline: float = 0.0
    booted_by: float = 0.0
    has_work: bool = True  # started with the work, or sent it since


@dataclass
class Pool:
    """``size`` worker processes running ``work(job)`` after ``boot()``; ``timeout`` per job.

    ``work`` may be left out until :meth:`run` when the workers are started early.
    """

    size: int
    boot: Callable[[], None]
    work: Callable[[Any], Any] | None
    timeout: float
    _workers: list[_Worker] = field(default_factory=list)
    _failed_boots: int = 0

    def start(self, count: int | None = None) -> Pool:
        """Start ``count`` (default ``size``) workers now: they boot while the caller
        goes on (e.g. loading the project), before it knows the work."""
        while len(self._workers) < min(self.size, count or self.size):
            self._start()
        return self

    def run(self, jobs: Iterable[Any], work: Callable[[Any], Any] | None = None,
            ) -> Iterator[tuple[Any, Any, Lost | None]]:
        """Yield ``(job, result, None)``, or ``(job, None, lost)`` for a job that was lost.

        ``jobs`` is read lazily, a few ahead of the workers, so the caller may
        still be deciding which jobs need running while the first ones render.
        ``work`` replaces the pool's (it goes to workers already started, once).
        """
        if work is not None:
            self.work = work
        source = iter(jobs)
        waiting: deque = deque()
        exhausted = False
        try:
            while True:
                while not exhausted and len(waiting) < self.size:
                    try:
                        waiting.append(next(source))
                    except StopIteration:
                        exhausted = True
                free = [w for w in self._workers if w.job is None]
                while len(self._workers) < self.size and len(waiting) > len(free):
                    free.append(self._start())
                for worker in free:
                    if worker.ready and waiting:
                        self._give(worker, waiting.popleft())
                if not waiting and exhausted and all(w.job is None for w in self._workers):
                    return
                yield from self._wait()
                if self._failed_boots >= BOOT_ATTEMPTS:
                    raise PoolError("worker processes die while starting up")
        finally:
            self.close()

    def _start(self) -> _Worker:
        context = _context()
        parent, child = context.Pipe(duplex=True)
        inherited = [w.conn for w in self._workers] + [parent]
        if context.get_start_method() != "fork":
            inherited = []
        process = context.Process(
            target=_serve, args=(child, inherited, os.getpid(), self.boot, self.work),
            daemon=True,
            name="brochures-worker",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, booted_by=time.monotonic() + self.timeout,
                         has_work=self.work is not None)
        self._workers.append(worker)
        return worker

    def _give(self, worker: _Worker, job: Any) -> None:
        worker.job = job
        worker.deadline = time.monotonic() + self.timeout
        if not worker.has_work:
            worker.conn.send(_Work(self.work))
            worker.has_work = True
        worker.conn.send(job)

    def _wait(self) -> list[tuple[Any, Any, Lost | None]]:
        """Wait for a message, a death or a deadline; return the jobs that ended."""
        deadlines = [w.deadline if w.job is not None else w.booted_by
                     for w in self._workers if w.job is not None or not w.ready]
        left = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        by_handle: dict[Any, _Worker] = {}
        for worker in self._workers:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        ended: list[tuple[Any, Any, Lost | None]] = []
        for handle in wait(list(by_handle), timeout=left):
            worker = by_handle[handle]
            if worker in self._workers:  # its pipe and its sentinel may both fire
                ended.extend(self._read(worker))
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.job is not None and now >= worker.deadline:
                ended.append((worker.job, None, Lost(
                    "timeout", f"stopped after {self.timeout:g} s (the time limit)")))
                self._kill(worker)
            elif not worker.ready and now >= worker.booted_by:
                self._failed_boots += 1
                self._kill(worker)
        return ended

    def _read(self, worker: _Worker) -> list[tuple[Any, Any, Lost | None]]:
        """Take a worker's messages; if it has died, say what became of its job."""
        try:
            while worker.conn.poll():
                kind, payload = worker.conn.recv()
                if kind == "ready":
                    worker.ready = True
                    self._failed_boots = 0
                elif kind == "broken":
                    raise PoolError(f"a worker process cannot start: {payload}")
                elif kind == "done":
                    job, worker.job = worker.job, None
                    return [(job, payload, None)]
        except (EOFError, OSError):
            pass
        if worker.process.is_alive():
            return []
        job, code = worker.job, worker.process.exitcode
        if not worker.ready:
            self._failed_boots += 1
        self._kill(worker)
        if job is None:
            return []
        return [(job, None, Lost("worker-died", f"its worker process died (exit code {code})"))]

    def _kill(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(STOP_GRACE)
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker: politely if idle, by force if busy or slow to go."""
        for worker in self._workers:
            if worker.job is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        end = time.monotonic() + STOP_GRACE
        for worker in list(self._workers):
            if worker.job is None:
                worker.process.join(max(0.0, end - time.monotonic()))
            self._kill(worker)
