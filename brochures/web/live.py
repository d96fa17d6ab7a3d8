"""What the live preview knows: every leaflet's pages and problems, and what changed.

Owns: the state behind ``brochures serve`` — which leaflets exist, the status
``brochures check`` gives each of them, the page images of the leaflets that
were looked at (built by the normal build into a cache folder), and which of
those a saved file makes stale. A leaflet is rebuilt only when it is looked at
again after a file it depends on changed; everything else is kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from brochures.build import Request
from brochures.errors import Problem, Report
from brochures.model import Job
from brochures.project import Project

PAGE_DPI = 144  # page images are shown at 96 dpi size, so they stay sharp on HiDPI screens
HISTORY = 200  # changes remembered for browsers that reconnect


@dataclass(frozen=True)
class Key:
    """One leaflet: a topic in a language, laid out, branded."""

    topic: str
    language: str
    layout: str
    brand: str

    @property
    def path(self) -> str:
        return f"{self.topic}/{self.language}/{self.layout}/{self.brand}"

    @property
    def job(self) -> Job:
        return Job(self.topic, self.language, self.layout, self.brand)


# A selector names the leaflets a file feeds; None matches anything.
Selector = tuple[str | None, str | None, str | None, str | None]
EVERYTHING: Selector = (None, None, None, None)


def selector(parts: tuple[str, ...], layouts: list[str]) -> Selector:
    """The leaflets that a project file (given as parts of its relative path) feeds.

    Conservative: a file it cannot place (a shared template, base.css) feeds every leaflet.
    """
    stem = parts[-1].split(".")[0] if parts else ""
    if len(parts) == 3 and parts[0] == "content":
        if parts[2] == "topic.yaml":
            return (parts[1], None, None, None)
        if parts[2].endswith(".yaml"):
            return (parts[1], stem, None, None)
    if len(parts) >= 2 and parts[0] == "content":
        return (parts[1], None, None, None)
    if parts[:2] == ("templates", "words") and len(parts) == 3:
        return (None, stem, None, None)
    if parts[:2] == ("styles", "brands") and len(parts) >= 3:
        return (None, None, None, parts[2])
    if parts and parts[0] in ("templates", "styles") and stem in layouts:
        return (None, None, stem, None)  # templates/layouts/sheet.yaml, sheet.html, sheet.css
    return EVERYTHING


def matches(sel: Selector, key: Key) -> bool:
    values = (key.topic, key.language, key.layout, key.brand)
    return all(s is None or s == v for s, v in zip(sel, values, strict=True))


def check_problems(project: Project, topic: str | None) -> list[Problem]:
    """What ``brochures check`` finds for ``topic`` (``None``: a project without topics)."""
    topics = [topic] if topic else []
    try:
        from brochures.check import run_check
    except ImportError:  # a project tree without the checks: loading still finds a lot
        run_check = None
    if run_check is not None:
        # No fit check here: it lays out every layout; a leaflet's own build reports
        # overflow when it is opened.
        return run_check(project, topics, fit=False).report.problems
    from brochures.catalog import load_catalog

    report = Report()
    load_catalog(project, topics, project.brand_ids(), project.layout_ids(), report)
    return report.problems


@dataclass
class View:
    """One leaflet as last built: its page images and text, its PDF, its problems."""

    key: Key
    generation: int
    version: int
    problems: list[Problem] = field(default_factory=list)
    pages: list[bytes] = field(default_factory=list)
    sizes: list[tuple[int, int]] = field(default_factory=list)  # page size in CSS pixels
    texts: list[str] = field(default_factory=list)
    pdf: bytes | None = None
    built: bool = False  # False: the pages shown (if any) are from an earlier good build

    @property
    def name(self) -> str:
        return self.key.job.name


class Live:
    """The shared state of one ``brochures serve``: safe to use from many threads."""

    def __init__(self, project: Project, cache: Path):
        self.project = project
        self.cache = cache
        self.generation = 0
        self.changed = threading.Condition()
        self.history: list[tuple[int, list[Selector]]] = []
        self.touched: dict[Selector, int] = {}
        self.views: dict[Key, View] = {}
        self.stopping = False
        self._render = threading.Lock()  # WeasyPrint and pdfium: one leaflet at a time
        self._checking = threading.Lock()
        self._checks: dict[str | None, tuple[int, list[Problem]]] = {}
        self._versions = 0

    # -- what exists ------------------------------------------------------------------------
    def leaflets(self) -> list[Key]:
        project = self.project
        layouts, brands = project.layout_ids(), project.brand_ids()
        return [
            Key(topic, language, layout, brand)
            for topic in project.topic_ids()
            for language in project.language_files(topic)
            for layout in layouts
            for brand in brands
        ]

    def problems_for(self, key: Key, problems: list[Problem]) -> list[Problem]:
        """The problems among ``problems`` that concern the leaflet ``key``."""
        layouts = self.project.layout_ids()
        return [p for p in problems if matches(self._selector_of(p, layouts), key)]

    def _selector_of(self, problem: Problem, layouts: list[str]) -> Selector:
        if problem.location is None:
            return EVERYTHING
        path = Path(problem.location.path)
        if path.is_absolute():
            try:
                path = path.relative_to(self.project.root.resolve())
            except ValueError:
                return EVERYTHING
        return selector(path.parts, layouts)

    def check(self, topics: list[str] | None = None) -> list[Problem]:
        """The check findings of ``topics`` (default: all), each topic redone after it changed."""
        found: list[Problem] = []
        for topic in topics or self.project.topic_ids() or [None]:
            found += [p for p in self._check_topic(topic) if p not in found]
        return found

    def _check_topic(self, topic: str | None) -> list[Problem]:
        with self._checking:
            cached = self._checks.get(topic)
            if cached and all(generation <= cached[0] for sel, generation in self.touched.items()
                              if sel[0] in (None, topic)):
                return cached[1]
            generation = self.generation
            problems = check_problems(self.project, topic)
            self._checks[topic] = (generation, problems)
            return problems

    def status(self, key: Key, problems: list[Problem]) -> list[Problem]:
        """A leaflet's findings: the check's, plus its build's when it was built lately."""
        found = self.problems_for(key, problems)
        view = self.views.get(key)
        if view is not None and self.fresh(view):
            found += [p for p in view.problems if p not in found]
        return found

    # -- changes ----------------------------------------------------------------------------
    def files_changed(self, paths: list[Path]) -> None:
        """Note that ``paths`` changed, and wake every browser that is waiting."""
        root = self.project.root.resolve()
        layouts = self.project.layout_ids()
        selectors = []
        for path in paths:
            try:
                parts = path.resolve().relative_to(root).parts
            except ValueError:
                parts = ()
            selectors.append(selector(parts, layouts))
        with self.changed:
            self.generation += 1
            # A new dict, not an update: readers in other threads iterate the old one safely.
            self.touched = {**self.touched, **dict.fromkeys(selectors, self.generation)}
            self.history = [*self.history[-HISTORY:], (self.generation, selectors)]
            self.changed.notify_all()

    def changes_since(self, generation: int) -> list[str] | None:
        """The leaflets changed after ``generation`` (as key paths); ``None`` means any."""
        if self.history and self.history[0][0] > generation + 1:
            return None  # forgotten: tell the browser to refresh whatever it shows
        selectors = [s for gen, sels in self.history if gen > generation for s in sels]
        if EVERYTHING in selectors:
            return None
        return sorted({k.path for k in self.leaflets() for s in selectors if matches(s, k)})

    def wait(self, generation: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation > generation or self.stopping,
                                  timeout)
            return self.generation

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def fresh(self, view: View) -> bool:
        """Whether no file that ``view``'s leaflet depends on changed since it was built."""
        return all(
            view.generation >= generation
            for sel, generation in self.touched.items()
            if matches(sel, view.key)
        )

    # -- building ---------------------------------------------------------------------------
    def view(self, key: Key) -> View:
        """The leaflet ``key`` with current pages, building it if it is new or stale."""
        view = self.views.get(key)
        if view is not None and self.fresh(view):
            return view
        with self._render:
            view = self.views.get(key)
            if view is not None and self.fresh(view):
                return view  # another browser asked first
            view = self._build(key, self.generation, view)
            self.views[key] = view
            return view

    def _build(self, key: Key, generation: int, before: View | None) -> View:
        from brochures.preview import build_pdfs, page_texts, pdf_path, png_bytes, render_pages

        request = Request(topics=[key.topic], languages=[key.language], layouts=[key.layout],
                          brands=[key.brand], out_dir=self.cache)
        summary = build_pdfs(self.project, request)
        problems = self.problems_for(key, summary.problems)
        outcome = next((o for o in summary.outcomes if o.job == key.job), None)
        if outcome is not None:
            problems += [p for p in outcome.problems if p not in problems]
        # A path inside our cache means nothing to the person editing the YAML: drop it.
        problems = [Problem(p.severity, p.code, p.message, None)
                    if p.location and p.location.path.startswith(str(self.cache)) else p
                    for p in problems]
        self._versions += 1
        view = View(key, generation, self._versions, problems)
        pdf = pdf_path(outcome, self.cache) if outcome is not None else None
        if pdf is not None:
            data = pdf.read_bytes()
            images = render_pages(data, PAGE_DPI)
            view.pages = [png_bytes(image) for image in images]
            view.sizes = [(round(i.width * 96 / PAGE_DPI), round(i.height * 96 / PAGE_DPI))
                          for i in images]
            view.texts = page_texts(data)
            view.pdf = data
            view.built = True
        elif before is not None and before.pages:
            # Keep showing the last good pages (marked as such) while the errors get fixed.
            view.pages, view.sizes, view.texts = before.pages, before.sizes, before.texts
        return view
