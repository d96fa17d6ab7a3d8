"""What the live preview knows: every leaflet's pages and problems, and what changed.

Owns: the state behind ``brochures serve`` — which leaflets exist, the status
``brochures check`` gives each of them, the page images of the leaflets that
were looked at (built by the normal build into a cache folder), and which of
those a saved file makes stale. A leaflet is rebuilt only when it is looked at
again after a file it depends on changed; everything else is kept.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brochures.batch import manifest
from brochures.batch.build import run
from brochures.batch.check import run_check
from brochures.errors import BrochureError, Problem
from brochures.inputs.project import Project
from brochures.inputs.request import Request, every_leaflet
from brochures.model import Job
from brochures.preview.images import page_texts, pdf_path, png_bytes, render_pages

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


EVERYTHING = None  # a change that may touch every leaflet (brochures.yaml: the selection)


@dataclass
class Checked:
    """What ``check`` found for one topic, with the manifest of each of its leaflets."""

    generation: int
    problems: list[Problem]
    inputs: dict[Key, manifest.Inputs]
    # The gate's verdict on each leaflet (standard edition): whether build would print it.
    printable: dict[Key, bool] = field(default_factory=dict)


def check_topic(project: Project, request: Request, topic: str | None) -> Checked:
    """What ``brochures check`` finds for ``topic`` in the request's selection (``None``: a
    project without topics), and the manifests of its leaflets."""

    # No fit check here: it lays out every layout; a leaflet's own build reports
    # overflow when it is opened.
    result = run_check(project, [topic] if topic else [], fit=False, request=request)
    inputs = {}
    for job in result.jobs:
        found = manifest.leaflet_inputs(result.catalog, job) if result.catalog else None
        if found is not None:
            inputs[Key(job.topic, job.language, job.layout, job.brand)] = found
    printable = {Key(v.job.topic, v.job.language, v.job.layout, v.job.brand): v.printable()
                 for v in result.verdicts}
    return Checked(0, result.report.problems, inputs, printable)


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
    inputs: manifest.Inputs | None = None  # its manifest when it was built
    job_name: str = ""  # the name of its PDF (paper included)
    # A layout whose output is a web page (brochures.batch.webpage): the page and the files it
    # names, by their names below its folder; ``web_page`` is the page's own name.
    web: dict[str, bytes] = field(default_factory=dict)
    web_page: str = ""

    @property
    def name(self) -> str:
        return self.job_name or f"{self.key.topic}-{self.key.language}-{self.key.layout}"


class Live:
    """The shared state of one ``brochures serve``: safe to use from many threads."""

    def __init__(self, project: Project, cache: Path, request: Request | None = None,
                 remake: Callable[[], tuple[Project, Request]] | None = None):
        self.project = project
        self.cache = cache
        # The leaflets build would make, as it makes them (brochures.inputs.request).
        self.request = request or every_leaflet()
        self.remake = remake
        self.generation = 0
        self.changed = threading.Condition()
        self.history: list[tuple[int, list[Key] | None]] = []
        # The generation of the last change to each leaflet, and to each topic's list.
        self.touched: dict[Key | None, int] = {}
        self.topics_touched: dict[str | None, int] = {}
        self.views: dict[Key, View] = {}
        self.stopping = False
        self._render = threading.Lock()  # WeasyPrint and pdfium: one leaflet at a time
        self._checking = threading.Lock()
        self._checks: dict[str | None, Checked] = {}
        self._versions = 0

    # -- what exists ------------------------------------------------------------------------
    def topics(self) -> list[str]:
        chosen = self.request.topics
        every = self.project.topic_ids()
        return every if not chosen or "all" in chosen else [t for t in every if t in chosen]

    def languages(self, topic: str) -> list[str]:
        chosen = self.request.languages
        every = list(self.project.language_files(topic))
        return every if not chosen or "all" in chosen else [c for c in every if c in chosen]

    def layouts(self) -> list[str]:
        return self._chosen(self.request.layouts, self.project.layout_ids())

    def brands(self) -> list[str]:
        return self._chosen(self.request.brands, self.project.brand_ids())

    @staticmethod
    def _chosen(chosen: list[str], every: list[str]) -> list[str]:
        return every if not chosen or "all" in chosen else [i for i in every if i in chosen]

    def leaflets(self) -> list[Key]:
        layouts, brands = self.layouts(), self.brands()
        return [Key(topic, language, layout, brand) for topic in self.topics()
                for language in self.languages(topic) for layout in layouts for brand in brands]

    def job(self, key: Key) -> Job:
        """The standard edition of ``key`` on the request's paper and fit policy."""
        return Job(key.topic, key.language, key.layout, key.brand, False, self.request.paper,
                   self.request.fit)

    def problems_for(self, key: Key, problems: list[Problem]) -> list[Problem]:
        """The problems among ``problems`` that concern the leaflet ``key``: those of a file
        of its manifest, and those that name no file of the project's content."""
        checked = self._checks.get(key.topic)
        inputs = checked.inputs.get(key) if checked else None
        names = inputs.shown(self.project) if inputs else None
        return [p for p in problems if self._concerns(p, key, names)]

    def _concerns(self, problem: Problem, key: Key, names: set[str] | None) -> bool:
        if problem.location is None or names is None:
            return True
        shown = self.project.show(Path(problem.location.path))
        if shown in names:
            return True
        # A file of no leaflet's manifest (a language file that did not load): its topic's
        # language, or any leaflet's when it is no file of a topic.
        topic = manifest.topic_of(self.project, Path(shown))
        if topic is not None:
            return topic == key.topic and Path(shown).stem in (key.language, "topic")
        return not manifest.is_brand_file(Path(shown))

    def check(self, topics: list[str] | None = None) -> list[Problem]:
        """The check findings of ``topics`` (default: all), each topic redone after it changed."""
        found: list[Problem] = []
        for topic in topics or self.topics() or [None]:
            found += [p for p in self._check_topic(topic) if p not in found]
        return found

    def _check_topic(self, topic: str | None) -> list[Problem]:
        with self._checking:
            cached = self._checks.get(topic)
            if cached and all(generation <= cached.generation
                              for name, generation in self.topics_touched.items()
                              if name in (None, topic)):
                return cached.problems
            generation = self.generation
            checked = check_topic(self.project, self.request, topic)
            checked.generation = generation
            self._checks[topic] = checked
            return checked.problems

    def printable(self, key: Key) -> bool | None:
        """The gate's answer for ``key``: its build's when it was built lately (laid out,
        so fit counts), else ``check``'s before layout (None: not judged yet)."""
        view = self.views.get(key)
        if view is not None and self.fresh(view):
            return view.built
        checked = self._checks.get(key.topic)
        return checked.printable.get(key) if checked else None

    def status(self, key: Key, problems: list[Problem]) -> list[Problem]:
        """A leaflet's findings: the check's, plus its build's when it was built lately."""
        found = self.problems_for(key, problems)
        view = self.views.get(key)
        if view is not None and self.fresh(view):
            found += [p for p in view.problems if p not in found]
        return found

    # -- changes ----------------------------------------------------------------------------
    def manifests(self) -> dict[Key, manifest.Inputs]:
        """The manifest of every leaflet checked or built so far."""
        found: dict[Key, manifest.Inputs] = {}
        for checked in list(self._checks.values()):
            found.update(checked.inputs)
        found.update({key: view.inputs for key, view in list(self.views.items())
                      if view.inputs is not None})
        return found

    def files_changed(self, paths: list[Path]) -> None:
        """Note that ``paths`` changed, and wake every browser that is waiting.

        The leaflets a file feeds are those whose manifest lists it; brochures.yaml
        may change the selection itself (paper, brands), so the request is made again.
        """
        manifests = self.manifests()
        keys: set[Key] | None = set()
        topics: set[str | None] = set()
        for path in paths:
            found = manifest.affected(self.project, path, manifests)
            if found is None:
                keys, topics = None, {None}
                break
            keys |= set(found)
            topics |= {key.topic for key in found}
            # A new or broken file of a topic: its list and checks; any other file: all.
            topics.add(manifest.topic_of(self.project, path))
        if keys is not None:
            # A leaflet that could not even start (a file with errors) has no manifest yet:
            # any saved file may be the fix.
            keys |= {key for key, view in list(self.views.items()) if view.inputs is None}
        if keys is None and self.remake is not None:
            self._remade()
        with self.changed:
            self.generation += 1
            now = self.generation
            # New dicts, not updates: readers in other threads iterate the old ones safely.
            changed = {None: now} if keys is None else dict.fromkeys(keys, now)
            self.touched = {**self.touched, **changed}
            every = topics if None not in topics else {None, *self._checks}
            self.topics_touched = {**self.topics_touched, **dict.fromkeys(every, now)}
            self.history = [*self.history[-HISTORY:],
                            (now, None if keys is None else sorted(keys, key=str))]
            self.changed.notify_all()

    def _remade(self) -> None:
        """brochures.yaml changed: the request is made again (its errors keep the old one)."""

        try:
            self.project, self.request = self.remake()
        except BrochureError as exc:
            for problem in exc.problems:
                print(f"brochures serve: {problem}")

    def changes_since(self, generation: int) -> list[str] | None:
        """The leaflets changed after ``generation`` (as key paths); ``None`` means any."""
        if self.history and self.history[0][0] > generation + 1:
            return None  # forgotten: tell the browser to refresh whatever it shows
        changed: set[Key] = set()
        for gen, keys in self.history:
            if gen > generation:
                if keys is None:
                    return None
                changed |= set(keys)
        return sorted(key.path for key in changed)

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
        return all(view.generation >= generation for key, generation in self.touched.items()
                   if key is None or key == view.key)

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

        request = dataclasses.replace(
            self.request, topics=[key.topic], languages=[key.language], layouts=[key.layout],
            brands=[key.brand], out_dir=self.cache, editions=[], press=False, jobs=1,
            force=False, shard=None, strict=False, write_html=False)
        summary, inputs = build_with_manifest(self.project, request, self.job(key))
        job = self.job(key)
        problems = [p for p in summary.problems if self._concerns(
            p, key, inputs.shown(self.project) if inputs else None)]
        # Its output (a PDF, or a web page) as the layout file says: the job build planned.
        outcome = next((o for o in summary.outcomes
                        if dataclasses.replace(o.job, output_format=job.output_format) == job),
                       None)
        if outcome is not None:
            problems += [p for p in outcome.problems if p not in problems]
        # A path inside our cache means nothing to the person editing the YAML: drop it.
        problems = [Problem(p.severity, p.code, p.message, None)
                    if p.location and p.location.path.startswith(str(self.cache)) else p
                    for p in problems]
        self._versions += 1
        view = View(key, generation, self._versions, problems, inputs=inputs,
                    job_name=job.name)
        pdf = pdf_path(outcome, self.cache) if outcome is not None else None
        if pdf is not None and outcome.job.output_format == "html":
            view.web, view.web_page, view.built = page_files(pdf), pdf.name, True
        elif pdf is None and before is not None and before.web:
            view.web, view.web_page = before.web, before.web_page
        elif pdf is not None:
            data = read_output(pdf)
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


def build_with_manifest(project: Project, request: Request, job: Job):
    """Build one leaflet through the normal build; its summary and its manifest."""

    summary = run(project, request)
    catalog = summary.catalog
    inputs = manifest.leaflet_inputs(catalog, job) if catalog is not None else None
    return summary, inputs


def read_output(pdf: Path) -> bytes:
    """A PDF the build just wrote into serve's cache folder (output, not a project file)."""
    return pdf.read_bytes()


_ASSETS = "assets"  # as brochures.batch.webpage.ASSETS (not imported: it imports the gate)
_NAMED = re.compile(r'"(assets/[0-9a-f]{20}\.[a-z0-9]+)"')
_NAMED_IN_CSS = re.compile(r'url\("([0-9a-f]{20}\.[a-z0-9]+)"\)')


def page_files(page: Path) -> dict[str, bytes]:
    """A built page and every file it names, by their names below its folder (for
    ``brochures serve``, which shows the page as it was built, whatever is built later)."""
    html = read_output(page)
    files = {page.name: html}
    names = list(dict.fromkeys(_NAMED.findall(html.decode("utf-8", errors="replace"))))
    for name in names:
        path = page.parent / name
        if not path.is_file():
            continue
        data = read_output(path)
        files[name] = data
        if name.endswith(".css"):
            for inner in _NAMED_IN_CSS.findall(data.decode("utf-8", errors="replace")):
                if f"{_ASSETS}/{inner}" not in files and (page.parent / _ASSETS / inner).is_file():
                    files[f"{_ASSETS}/{inner}"] = read_output(page.parent / _ASSETS / inner)
    return files
