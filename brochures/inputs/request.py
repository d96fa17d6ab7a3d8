"""What a person asked for: one request, made from the settings and the command line.

Owns: :class:`Request` (topics × languages × layouts × brands × editions, paper,
fit policy, approval, output folder and how to run) and :func:`make_request`,
the one place where ``brochures.yaml``'s defaults meet the options a command
was given. Every command that selects leaflets (``build``, ``check``,
``preview``, ``serve``, ``build --watch``, ``translate``'s re-check) asks it,
so that none of them can answer about another selection than ``build`` would
make.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from brochures.inputs.project import Project
from brochures.inputs.settings import Settings
from brochures.inputs.settings import brands as default_brands

STANDARD, PRESS = "standard", "press"
EDITIONS = (STANDARD, PRESS)
DEFAULT_TIMEOUT = 120.0
# Request fields that choose jobs or steer the run; every other field shapes the
# output itself and so is part of each leaflet's fingerprint. (Approval counts
# through each language's sign-off state, never as the setting itself.)
_STEERING = {"topics", "languages", "layouts", "brands", "editions", "press", "out_dir",
             "jobs", "force", "shard", "timeout", "strict", "require_approval"}


@dataclass
class Request:
    """What a person asked ``brochures build`` for (empty or ``all`` = everything).

    ``editions`` lists ``standard`` and/or ``press``; when it is empty, ``press``
    chooses between them (the ``--press`` flag: the press edition only).
    """

    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=lambda: ["default"])
    press: bool = False
    paper: str = "a4"
    fit: str = "fail"
    out_dir: Path = Path("dist")
    write_html: bool = False
    editions: list[str] = field(default_factory=list)
    jobs: int = 1
    force: bool = False
    shard: tuple[int, int] | None = None
    timeout: float = DEFAULT_TIMEOUT
    # Refuse a leaflet the gate warns about, as well as one it finds errors in.
    strict: bool = False
    # brochures.yaml's require_approval: an unapproved language is a draft.
    require_approval: bool = False

    def wanted_editions(self) -> list[str]:
        if not self.editions:
            return [PRESS] if self.press else [STANDARD]
        if "all" in self.editions:
            return list(EDITIONS)
        return [e for e in EDITIONS if e in self.editions]

    def output_options(self) -> dict:
        """The options that change what a leaflet looks like (for its fingerprint)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name not in _STEERING}


def every_leaflet() -> Request:
    """Every topic, language, layout and brand, with the schema's defaults (a project
    without brochures.yaml, asked about everything)."""
    return Request(brands=["all"])


def default_jobs() -> int:
    """The cores this process may use."""
    with contextlib.suppress(AttributeError, OSError):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def out_folder(project: Project, settings: Settings, given: Path | None) -> Path:
    """``--out`` (relative to the current folder), else ``out`` of brochures.yaml (relative
    to the project)."""
    if given is None:
        return (project.root / settings.out).absolute()
    return given if given.is_absolute() else Path.cwd() / given


def make_request(project: Project, settings: Settings, *, topics: Iterable[str] = (),
                 languages: Iterable[str] = (), layouts: Iterable[str] = (),
                 brands: Iterable[str] = (), paper: str | None = None, fit: str | None = None,
                 press: bool = False, editions: Iterable[str] = (),
                 out_dir: Path | None = None, jobs: int | None = None,
                 **steering) -> Request:
    """The request of a command: what it was given, else what ``brochures.yaml`` says, else
    the schema's defaults. ``steering`` passes the run's own options (``strict``,
    ``force``, ``shard``, ``timeout``, ``write_html``) through unchanged."""
    editions = list(editions)
    return Request(
        topics=list(topics),
        languages=list(languages) or list(settings.languages),
        layouts=list(layouts) or list(settings.layouts),
        brands=list(brands) or default_brands(settings, project),
        paper=paper or settings.paper,
        fit=fit or settings.fit,
        press=press,
        editions=[*editions, *([PRESS] if press and PRESS not in editions else [])],
        out_dir=out_folder(project, settings, out_dir),
        jobs=jobs or default_jobs(),
        require_approval=settings.require_approval,
        **steering,
    )
