"""Fingerprints of incremental builds: which leaflets an edited input makes stale.

No rendering: each test asks :class:`brochures.batch.cache.Incremental` for the digest of every
job of a small matrix (en and fr sheets of both brands) before and after a change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochures.batch import build, cache
from brochures.batch.build import Request, plan
from brochures.batch.cache import Incremental
from brochures.errors import Report
from brochures.inputs.project import Project


def fingerprints(project: Path, **request) -> dict[str, str]:
    """The current digest of every job, without building anything."""
    p = Project(project)
    req = Request(languages=["en", "fr"], layouts=["sheet"], brands=["default", "clinic"],
                  **request)
    catalog, jobs = plan(p, req, Report())
    incremental = Incremental(catalog, req.out_dir, req.output_options(), req.write_html)
    return {build.job_key(j): incremental.fingerprint(j).digest for j in jobs}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {key.split("/", 1)[0] + ":" + key.rsplit("-", 2)[1]
            for key in before if before[key] != after[key]}


def edit(path: Path, append: str = "\n# edited\n") -> None:
    path.write_text(path.read_text() + append)


EVERY = {"default:en", "default:fr", "clinic:en", "clinic:fr"}


@pytest.mark.parametrize("path, rebuilt", [
    ("content/mesotherapy/fr.yaml", {"default:fr", "clinic:fr"}),
    ("templates/words/fr.yaml", {"default:fr", "clinic:fr"}),
    ("content/mesotherapy/topic.yaml", EVERY),
    ("templates/partials/section.html", EVERY),
    ("templates/sheet.html", EVERY),
    ("templates/layouts/sheet.yaml", EVERY),
    ("styles/base.css", EVERY),
    ("styles/layouts/sheet.css", EVERY),
    ("styles/brands/clinic/brand.yaml", {"clinic:en", "clinic:fr"}),
    ("styles/brands/default/logo.svg", {"default:en", "default:fr"}),
])
def test_a_changed_input_changes_exactly_the_leaflets_made_from_it(project, path, rebuilt):
    before = fingerprints(project)
    edit(project / path, "\n<!-- edited -->\n" if path.endswith((".html", ".svg"))
         else "\n/* edited */\n" if path.endswith(".css") else "\n# edited\n")
    assert changed(before, fingerprints(project)) == rebuilt


def test_a_computed_include_makes_every_template_an_input(project):
    before = fingerprints(project)
    unused = project / "templates/partials/unused.html"
    unused.write_text("<p>not included by anything</p>\n")
    assert fingerprints(project) == before
    sheet = project / "templates/sheet.html"
    sheet.write_text(sheet.read_text() + '{% include "partials/" ~ "unused" ~ ".html" %}\n')
    after = fingerprints(project)
    assert changed(before, after) == EVERY
    unused.write_text("<p>changed</p>\n")
    assert changed(after, fingerprints(project)) == EVERY


def test_a_touched_but_unchanged_file_changes_nothing(project):
    before = fingerprints(project)
    for path in ("content/mesotherapy/fr.yaml", "styles/base.css", "templates/sheet.html"):
        stat = (project / path).stat()
        os.utime(project / path, ns=(stat.st_atime_ns + 10**10, stat.st_mtime_ns + 10**10))
    assert fingerprints(project) == before


def test_versions_and_options_are_part_of_the_fingerprint(project, monkeypatch):
    before = fingerprints(project)
    assert changed(before, fingerprints(project, fit="shrink")) == EVERY
    assert set(fingerprints(project, paper="letter").values()).isdisjoint(before.values())
    assert changed(before, fingerprints(project, write_html=True)) == EVERY
    # --jobs, --force, --shard, --out do not change what a leaflet looks like.
    assert fingerprints(project, jobs=3, force=True, shard=(1, 2),
                        out_dir=project / "elsewhere") == before
    monkeypatch.setattr(cache, "__version__", "99.0")
    cache.versions.cache_clear()
    try:
        assert changed(before, fingerprints(project)) == EVERY
    finally:
        monkeypatch.undo()
        cache.versions.cache_clear()
    assert fingerprints(project) == before
