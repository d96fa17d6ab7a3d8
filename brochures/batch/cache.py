"""Incremental builds: the fingerprint of everything a leaflet is made from.

Owns: deciding whether a leaflet on disk is current. Each built PDF gets a
hidden record beside it, ``.<name>.pdf.json``, holding a digest of its
inputs: the contents of every file it is made from (content, words, layout,
brand folder, templates, stylesheets) and of every file WeasyPrint fetched
while rendering it, the font files of the families it asks for and of those
WeasyPrint embedded (by path, size and modification time, as fontconfig
resolves them), the job's options, and the versions of brochures (its source
included) and of the libraries that shape the output. Files are compared by
content, so touching a file without changing it rebuilds nothing.
:class:`Incremental` knows which files a job reads without composing it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from brochures import __version__
from brochures.batch.manifest import code_digest, leaflet_inputs
from brochures.errors import Problem
from brochures.inputs.project import Project
from brochures.model import Job
from brochures.write import OutputError, write_atomic

if TYPE_CHECKING:
    from brochures.inputs.catalog import Catalog

RECORD_VERSION = 2
# Libraries whose upgrade may change a PDF without any file of the project changing.
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "cssselect2", "fonttools", "jinja2",
             "markdown-it-py", "babel", "pyphen", "pikepdf", "segno")
MISSING = "missing"
_DIST_INFO = re.compile(r"^(.+?)-([^-]+)\.dist-info$")


def record_path(target: Path) -> Path:
    """The hidden record of ``target``: ``<dir>/.<name>.pdf.json``."""
    return target.with_name(f".{target.name}.json")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def versions() -> tuple[tuple[str, str], ...]:
    """Versions of brochures and of the libraries that shape its output.

    Read from the names of the ``<name>-<version>.dist-info`` folders on the path,
    first found wins as for imports: ``importlib.metadata`` is ten times slower, and
    a build that renders nothing should not pay for it.
    """
    found: dict[str, str] = {}
    wanted = {_normal(name) for name in LIBRARIES}
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for folder in os.listdir(entry or "."):
                match = _DIST_INFO.match(folder)
                if match and _normal(match[1]) in wanted:
                    found.setdefault(_normal(match[1]), match[2])
    return (("brochures", __version__), *sorted(found.items()))


@cache
def fontconfig_files() -> dict[str, tuple[str, ...]]:
    """Every installed font file by lower-case family name, from one ``fc-list`` call."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(["fc-list", "--format", "%{family}\t%{file}\n"],
                         capture_output=True, text=True, check=False).stdout
    families: dict[str, set[str]] = {}
    for line in out.splitlines():
        names, _, file = line.partition("\t")
        for name in names.split(","):  # a font may list localised family names
            families.setdefault(name.strip().lower(), set()).add(file)
    return {name: tuple(sorted(files)) for name, files in families.items()}


class Hasher:
    """File digests, memoised for one run (a file changed mid-run keeps its first digest)."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, str]] = {}
        self._fonts: dict[str, str] = {}

    def file(self, project: Project, path: Path | str) -> tuple[str, str]:
        """A file's name relative to its root (records stay valid when a project moves)
        and the digest of its content."""
        key = os.fspath(path)
        if key not in self._files:
            try:
                digest = hashlib.sha256(Path(key).read_bytes()).hexdigest()
            except OSError:
                digest = MISSING
            self._files[key] = (project.input_name(Path(key)), digest)
        return self._files[key]

    def font(self, family: str) -> str:
        """The identity of a family's font files: which files, their sizes and times."""
        key = family.lower()
        if key not in self._fonts:
            parts = []
            for file in fontconfig_files().get(key, ()):
                try:
                    stat = os.stat(file)
                    parts.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
                except OSError:
                    parts.append(f"{file}:{MISSING}")
            # An uninstalled family is "none": installing it later changes the leaflet.
            self._fonts[key] = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16] \
                if parts else "none"
        return self._fonts[key]


@dataclass
class Fingerprint:
    """What a leaflet was made from, and the digest of all of it."""

    digest: str
    files: dict[str, str] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    templates: list[str] = field(default_factory=list)


def fingerprint(
    project: Project,
    job: Job,
    files: Iterable[Path],
    families: Iterable[str],
    options: dict,
    hasher: Hasher,
    templates: Iterable[str] = (),
) -> Fingerprint:
    """The fingerprint of ``job`` made from ``files`` in font ``families`` with ``options``."""
    shown = dict(hasher.file(project, p) for p in files)
    fonts = {family: hasher.font(family) for family in families}
    everything = {
        "record": RECORD_VERSION,
        "job": asdict(job),
        "options": options,
        "versions": dict(versions()),
        "files": shown,
        "fonts": fonts,
    }
    text = json.dumps(everything, sort_keys=True, default=str)
    return Fingerprint(hashlib.sha256(text.encode()).hexdigest(), shown, fonts, options,
                       list(templates))


@dataclass
class Record:
    """The record beside a built leaflet (what :func:`write_record` wrote)."""

    digest: str
    output: str
    files: dict[str, str]
    fonts: dict[str, str]
    resources: list[str]
    embedded: list[str]
    problems: list[Problem]
    templates: list[str] = field(default_factory=list)  # names below templates/
    seconds: float = 0.0  # how long it took to make
    hint: dict = field(default_factory=dict)  # how it was fitted (see fit.hinted)


def read_record(target: Path) -> Record | None:
    """The record of ``target``; ``None`` when there is none or it cannot be read."""
    try:
        data = json.loads(record_path(target).read_text("utf-8"))
        if not isinstance(data, dict) or data.get("record") != RECORD_VERSION:
            return None  # damaged, edited by hand, or from another version: rebuild
        return Record(
            digest=data["digest"],
            output=data["output"],
            files=dict(data["files"]),
            fonts=dict(data["fonts"]),
            resources=list(data["resources"]),
            embedded=list(data["embedded"]),
            problems=[Problem.from_dict(p) for p in data["problems"]],
            templates=list(data["templates"]),
            seconds=float(data.get("seconds", 0.0)),
            hint=dict(data.get("hint") or {}),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def output_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return MISSING


def is_current(target: Path, current: Fingerprint, record: Record | None,
               others: Iterable[Path] = ()) -> bool:
    """Whether ``target`` was built from exactly ``current`` and is still as it was written."""
    if record is None or record.digest != current.digest:
        return False
    if record.output != output_digest(target):
        return False  # deleted, or changed by hand
    return all(other.is_file() for other in others)


def write_record(target: Path, current: Fingerprint, resources: Iterable[Path],
                 embedded: Iterable[str], problems: Iterable[Problem], seconds: float = 0.0,
                 hint: dict | None = None) -> None:
    """Record that ``target`` was built from ``current`` (after the PDF itself is written)."""
    data = {
        "record": RECORD_VERSION,
        "digest": current.digest,
        "output": output_digest(target),
        "files": current.files,
        "fonts": current.fonts,
        "options": current.options,
        "versions": dict(versions()),
        "resources": sorted(str(p) for p in resources),
        "embedded": sorted(embedded),
        "templates": current.templates,
        "seconds": round(seconds, 3),
        "problems": [p.as_dict() for p in problems],
        "hint": hint or {},
    }
    text = json.dumps(data, indent=1, sort_keys=True, default=str)
    # A missing record only costs a rebuild, so failing to write one is not an error.
    with contextlib.suppress(OutputError):
        write_atomic(record_path(target), text.encode("utf-8"))


class Incremental:
    """Fingerprints of a run's jobs, from each one's manifest (:mod:`brochures.batch.manifest`),
    known without composing it. The record of the last build adds what WeasyPrint
    fetched and the fonts it embedded."""

    def __init__(self, catalog: Catalog, out_dir: Path, options: dict, write_html: bool = False):
        self.catalog = catalog
        self.out_dir = out_dir
        self.write_html = write_html
        self.hasher = Hasher()
        self.options = {**options, "code": code_digest()}

    def fingerprint(self, job: Job, record: Record | None = None,
                    rendered: tuple[list[Path], list[str]] | None = None) -> Fingerprint | None:
        """The fingerprint of ``job`` now, from its manifest; with the ``record`` of its last
        build, or what the render that just ended ``rendered`` (files fetched, font families
        embedded), for what only rendering reveals."""
        # Templates a template includes depend only on its text: when the last build's
        # templates are unchanged, so is the list (and Jinja need not even be imported).
        inputs = leaflet_inputs(self.catalog, job, record.templates if record else None)
        if inputs is None:
            return None
        files, families = list(inputs.files), list(inputs.families)
        if rendered is not None:
            files, families = [*files, *rendered[0]], [*families, *rendered[1]]
        elif record is not None:
            files = [*files, *(self._located(p) for p in record.resources)]
            families = [*families, *record.embedded]
        # Sign-off counts by its state for this language only, never as records.yaml's bytes.
        options = {**self.options, "signoff": list(inputs.states.values())}
        return fingerprint(self.catalog.project, job, files, sorted(set(families)), options,
                           self.hasher, templates=inputs.templates)

    def current(self, job: Job) -> Record | None:
        """The record of ``job``'s output if that output is current, else ``None``."""
        target = job.output(self.out_dir)
        record = read_record(target)
        if record is None:
            return None
        now = self.fingerprint(job, record)
        others = [target.with_suffix(".html")] if self.write_html and job.output_format == "pdf" \
            else []
        # A web page's files (brochures.batch.webpage): the page is current only with all of them.
        others += [target.parent / name for name in record.hint.get("assets", [])]
        return record if now is not None and is_current(target, now, record, others) else None

    def cost(self, job: Job) -> float:
        """Seconds the last build of ``job`` took; unknown counts as long."""
        record = read_record(job.output(self.out_dir))
        return record.seconds if record is not None and record.seconds else float("inf")

    def remember(self, job: Job, target: Path, resources: list[Path], fonts: list[str],
                 problems: list[Problem], seconds: float = 0.0, hint: dict | None = None
                 ) -> None:
        """Write the record of a leaflet that was just built into ``target``."""
        now = self.fingerprint(job, rendered=(resources, fonts))
        if now is not None:
            write_record(target, now, [self._portable(p) for p in resources], fonts, problems,
                         seconds, hint)

    def _portable(self, path: Path) -> str:
        """A fetched file as recorded: relative to the project when inside it, so that a
        moved project finds its own file (not the old folder's, nor none)."""
        root = self.catalog.project.root.resolve()
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    def _located(self, recorded: str) -> Path:
        """Where a recorded file is now (see :meth:`_portable`)."""
        path = Path(recorded)
        return path if path.is_absolute() else self.catalog.project.root.resolve() / path
