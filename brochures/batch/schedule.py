"""Who does what while a parallel build runs: the parent plans, the workers render.

Owns: the decisions that keep the parent from competing with its workers for
the cores. Workers are started as the build starts — before the project is
loaded — when the build is going to render several leaflets, so that their
slow start (importing WeasyPrint, reading the fonts) runs while the parent is
still loading files; and each worker writes the incremental record of the
leaflets it made, so that hashing inputs is spread over the workers instead
of queueing in the parent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochures.batch.pool import Pool

if TYPE_CHECKING:
    from brochures.inputs.project import Project
    from brochures.inputs.request import Request


def _count(values: list[str], everything) -> int:
    named = [v for v in dict.fromkeys(values)]
    return len(named) if named and "all" not in named else len(everything())


def estimate(project: Project, request: Request) -> int:
    """At most how many leaflets ``request`` renders, from folder listings only (no file
    is read): the topics × languages × layouts × brands × editions it names."""
    topics = [t for t in dict.fromkeys(request.topics)] if request.topics else \
        project.topic_ids()
    if request.languages and "all" not in request.languages:
        languages = len(set(request.languages)) * len(topics)
    else:
        languages = sum(len(project.language_files(t)) for t in topics
                        if (project.content_dir / t).is_dir())
    total = (languages * _count(request.layouts, project.layout_ids)
             * _count(request.brands, project.brand_ids) * len(request.wanted_editions()))
    if request.shard:
        total = -(-total // request.shard[1])
    return total


def early_pool(project: Project, request: Request) -> Pool | None:
    """Workers started now, if this build will surely render with several of them.

    Only when every leaflet renders (``--force``, or no earlier output to compare
    with): a rebuild that may find everything unchanged starts no worker at all.
    """
    if request.jobs < 2 or not (request.force or not request.out_dir.exists()):
        return None
    count = min(request.jobs, estimate(project, request))
    if count < 2:
        return None  # one leaflet renders in this process, with no worker to start
    # What both sides need is loaded before the fork (build imports the job and the gate),
    # so the workers inherit it; WeasyPrint is the workers' own (boot_worker).
    return Pool(size=count, boot=boot_worker, work=None, timeout=request.timeout).start()


def boot_worker() -> None:
    """Pay once per worker what every leaflet needs: WeasyPrint and its font configuration,
    and what every build record's fingerprint names (library versions, the font files,
    brochures' code), outside any leaflet's time limit."""
    # lazy: start-up time: WeasyPrint loads in each worker, never in the parent's start-up
    from brochures.leaflet import render

    render.font_config()
    # lazy: the fingerprint's parts are known once a worker runs, not before
    from brochures.batch.cache import fontconfig_files, versions

    # lazy: as above
    from brochures.batch.manifest import code_digest

    versions(), fontconfig_files(), code_digest()
