"""Batch builds (issue 7): the job matrix, shards, fingerprints, workers and time limits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from brochures.batch import build, cache, manifest, schedule
from brochures.batch.build import BUILT, FAILED, UNCHANGED, Request, in_shard, plan
from brochures.batch.pool import Pool
from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.model import Job
from tests import pdfs

REPO = Path(__file__).resolve().parent.parent


def pdf(root: Path, lang: str, layout: str = "sheet", brand: str = "default") -> Path:
    return root / "dist" / brand / "mesotherapy" / f"mesotherapy-{lang}-{layout}.pdf"


def press_layouts(root: Path) -> set[str]:
    return {p.stem for p in (root / "templates/layouts").glob("*.yaml")
            if yaml.safe_load(p.read_text()).get("press")}


# --- the matrix ----------------------------------------------------------------------


def test_no_options_plan_every_topic_language_and_layout_of_the_default_brand(project):
    p = Project(project)
    _, jobs = plan(p, Request(), Report())
    expected = {(t, lang, layout) for t in p.topic_ids() for lang in p.language_files(t)
                for layout in p.layout_ids()}
    assert {(j.topic, j.language, j.layout) for j in jobs} == expected
    assert {j.brand for j in jobs} == {"default"} and not any(j.press for j in jobs)
    assert len(jobs) == len(expected)


def test_edition_all_adds_press_only_for_layouts_that_have_one(project):
    p = Project(project)
    _, jobs = plan(p, Request(languages=["en", "fr"], brands=["all"], editions=["all"]),
                   Report())
    standard = {(j.language, j.layout, j.brand) for j in jobs if not j.press}
    press = {(j.language, j.layout, j.brand) for j in jobs if j.press}
    assert standard == {(lang, layout, brand) for lang in ("en", "fr")
                        for layout in p.layout_ids() for brand in p.brand_ids()}
    assert press == {s for s in standard if s[1] in press_layouts(project)}
    assert press and press != standard


def test_press_flag_means_the_press_edition_only(project):
    p = Project(project)
    _, flag = plan(p, Request(languages=["en"], press=True), Report())
    _, option = plan(p, Request(languages=["en"], editions=["press"]), Report())
    assert flag == option and all(j.press for j in flag)
    assert {j.layout for j in flag} == press_layouts(project)


def test_a_layout_named_alone_keeps_its_press_job_so_the_build_can_say_why(project):
    p = Project(project)
    plain = sorted(set(p.layout_ids()) - press_layouts(project))
    if not plain:
        pytest.skip("every layout has a press edition")
    _, alone = plan(p, Request(languages=["en"], layouts=[plain[0]], press=True), Report())
    assert [(j.layout, j.press) for j in alone] == [(plain[0], True)]
    _, both = plan(p, Request(languages=["en"], layouts=[plain[0]], editions=["all"]), Report())
    assert [(j.layout, j.press) for j in both] == [(plain[0], False)]


def test_repeated_options_and_unknown_language(project):
    p = Project(project)
    report = Report()
    _, jobs = plan(p, Request(languages=["fr", "en", "fr", "xx"], layouts=["sheet"]), report)
    assert [j.language for j in jobs] == ["fr", "en"]
    assert [str(e) for e in report.errors] == [
        "content/mesotherapy/: error: unknown-language: topic 'mesotherapy' has no xx.yaml"]


# --- shards --------------------------------------------------------------------------


def big_matrix(project: Path) -> list[Job]:
    _, jobs = plan(Project(project), Request(languages=["all"], layouts=["all"],
                                             brands=["all"], editions=["all"]), Report())
    return jobs


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_shards_are_disjoint_and_cover_every_job(project, count):
    jobs = big_matrix(project)
    shares = [[j for j in jobs if in_shard(j, i, count)] for i in range(1, count + 1)]
    flat = [j for share in shares for j in share]
    assert sorted(flat, key=build.job_key) == sorted(jobs, key=build.job_key)
    assert len(flat) == len(set(flat)) == len(jobs)


def test_shard_of_a_job_does_not_depend_on_the_rest_of_the_list(project):
    jobs = big_matrix(project)
    before = {j: next(i for i in range(1, 5) if in_shard(j, i, 4)) for j in jobs}
    # A new language (and another order of the list) moves no existing job.
    more = [*reversed(jobs), *(Job("mesotherapy", "it", j.layout, j.brand, j.press) for j in jobs)]
    after = {j: next(i for i in range(1, 5) if in_shard(j, i, 4)) for j in more}
    assert all(after[j] == before[j] for j in jobs)
    # Same answer in a fresh interpreter: a stable hash, not Python's salted hash().
    job = jobs[-1]
    fields = tuple(vars(job).values())
    code = ("from brochures.batch.build import in_shard; from brochures.model import Job; "
            f"print([i for i in range(1, 5) if in_shard(Job(*{fields!r}), i, 4)])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "123"}, cwd=REPO).stdout
    assert out.strip() == f"[{before[job]}]"


def test_cli_shard_builds_its_share_only(cli, project):
    jobs = [j for j in big_matrix(project) if j.layout == "sheet" and j.brand == "default"
            and not j.press and j.language in ("en", "fr", "de", "es")]
    mine = {j.language for j in jobs if in_shard(j, 2, 3)}
    languages = [arg for j in jobs for arg in ("--lang", j.language)]
    result = cli("build", "--layout", "sheet", *languages, "--shard", "2/3",
                 "--out", str(project / "dist"))
    assert result.exit_code == 0, result.all_output
    built = {p.stem.split("-")[1] for p in (project / "dist/default/mesotherapy").glob("*.pdf")}
    assert built == mine
    assert f"(shard 2/3: {len(mine)} of {len(jobs)} leaflets" in result.output
    assert cli("build", "--shard", "4/3").exit_code == 2
    assert "is not I/N" in cli("build", "--shard", "0/3").output


def test_incremental_build_renders_only_what_changed(run_in, built_sample):
    """From the run's default build (a copy): only what changed since is rendered."""
    project, cli = built_sample, run_in(built_sample)
    args = ("build", "--layout", "sheet", "--lang", "en", "--lang", "fr", "--jobs", "2",
            "--out", str(project / "dist"))
    en, fr = pdf(project, "en"), pdf(project, "fr")
    en_bytes = en.read_bytes()
    assert cache.record_path(en).is_file() and cache.record_path(en).name.startswith(".")

    touched = project / "content/mesotherapy/en.yaml"  # saved again, not changed
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**10))
    again = cli(*args)
    assert "0 built, 2 unchanged, 0 failed" in again.output, again.all_output
    assert f"unchanged: {en}" in again.output

    content = project / "content/mesotherapy/fr.yaml"
    text = content.read_text()
    assert text.startswith('title: "Mésothérapie"\n')
    content.write_text(text.replace('"Mésothérapie"', '"Mésothérapie du visage"', 1))
    third = cli(*args)
    assert "1 built, 1 unchanged, 0 failed" in third.output, third.all_output
    assert f"built: {fr}" in third.output
    assert "Mésothérapie du visage" in pdfs.text(fr)
    assert en.read_bytes() == en_bytes

    fr.unlink()  # a deleted output is built again, even with an intact record
    assert f"built: {fr}" in cli(*args).output
    assert "2 built, 0 unchanged" in cli(*args, "--force").output


def test_warnings_of_an_unchanged_leaflet_are_replayed(run_in, built_sample, caplog):
    """--strict gives the same answer on a rebuild that renders nothing as on the first."""
    project, cli = built_sample, run_in(built_sample)  # the run's default build (a copy)
    (project / "styles/brands/default/theme.css").write_text("h1 { colr: red; }\n")
    args = ("build", "--lang", "en", "--layout", "sheet", "--out", str(project / "dist"))
    first = cli(*args)
    assert first.exit_code == 0 and "1 built" in first.output, first.all_output
    pdf = project / "dist/default/mesotherapy/mesotherapy-en-sheet.pdf"
    printed = pdf.read_bytes()
    again = cli(*args, "--strict")
    assert again.exit_code == 1
    # The verdict refuses it for its warning, as a first --strict build would: its PDF
    # leaves the output folder, kept whole where nobody prints from.
    assert "0 built, 0 unchanged, 1 failed, 1 warnings" in again.output
    assert "warning: renderer-warning: mesotherapy-en-sheet: WeasyPrint: Ignored" in (
        again.all_output)
    assert "error: refused: mesotherapy-en-sheet: not built" in again.all_output
    assert not pdf.exists()
    assert (project / "dist/.refused/default/mesotherapy/mesotherapy-en-sheet.pdf"
            ).read_bytes() == printed
    caplog.weasyprint_warnings_expected = True  # the warning is the point here


# --- failures ------------------------------------------------------------------------


def test_a_broken_language_file_leaves_the_others_built(cli, project):
    broken = project / "content/mesotherapy/fr.yaml"
    broken.write_text(broken.read_text().replace("title:", "title: [unclosed", 1))
    result = cli("build", "--layout", "sheet", "--lang", "en", "--lang", "fr", "--lang", "de",
                 "--jobs", "2", "--out", str(project / "dist"))
    assert result.exit_code == 1
    assert "content/mesotherapy/fr.yaml:" in result.all_output
    assert "2 built, 0 unchanged, 1 failed" in result.output
    assert not pdf(project, "fr").exists()
    for lang in ("en", "de"):
        assert pdfs.page_sizes_mm(pdf(project, lang)) == [(210.0, 297.0)] * 4  # two sheets
    assert "Traceback" not in result.all_output


def test_a_crash_while_rendering_fails_that_leaflet_only(cli, project, monkeypatch):
    """A bug inside the renderer (an exception) or a worker that dies takes one job only."""
    from brochures.batch import job as leaflet

    real = leaflet.make_leaflet

    def fragile(catalog, job, out_dir, write_html=False, **options):
        if job.language == "fr":
            raise RuntimeError("renderer bug")
        if job.language == "de":
            os._exit(3)  # the worker process dies outright
        return real(catalog, job, out_dir, write_html)

    monkeypatch.setattr(leaflet, "make_leaflet", fragile)  # forked workers inherit it
    result = cli("build", "--layout", "sheet", "--lang", "en", "--lang", "fr", "--lang", "de",
                 "--jobs", "2", "--out", str(project / "dist"))
    assert result.exit_code == 1
    lines = result.all_output.splitlines()
    assert any("error: internal-error: mesotherapy-fr-sheet: unexpected RuntimeError: "
               "renderer bug" in line for line in lines), result.all_output
    assert any("error: worker-died: mesotherapy-de-sheet: its worker process died "
               "(exit code 3)" in line for line in lines), result.all_output
    assert "1 built, 0 unchanged, 2 failed" in result.output
    assert pdfs.page_sizes_mm(pdf(project, "en")) == [(210.0, 297.0)] * 4  # two sheets


# --- time limits ---------------------------------------------------------------------


# A time limit is only ever tested by waiting for it: these tests wait for short limits and
# assert what happened to each job, never how long anything took (the machine may be busy).
# Each "stuck" job sleeps far past its limit, so that a limit that does not work fails the
# test instead of hanging the suite.


@pytest.mark.parametrize(("method", "limit"), [("fork", 2.0), ("spawn", 5.0)])  # spawn: macOS
def test_pool_stops_a_hung_job_and_replaces_its_worker(method, limit, monkeypatch):
    """``limit`` only has to exceed the start of a worker (spawn imports a fresh Python)."""
    import multiprocessing

    from brochures.batch import pool
    from tests import pool_jobs

    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context(method))
    jobs = ["a", "hang", "b", "crash", "c", "d", "e"]
    results = list(Pool(size=2, boot=pool_jobs.boot, work=pool_jobs.work, timeout=limit)
                   .run(jobs))
    by_job = {job: (result, lost) for job, result, lost in results}
    assert sorted(by_job) == sorted(jobs)
    assert by_job["hang"][0] is None and by_job["hang"][1].code == "timeout"
    assert f"{limit:g} s" in by_job["hang"][1].message
    assert by_job["crash"][1].code == "worker-died" and "exit code 9" in by_job["crash"][1].message
    # The worker stopped for "hang" was replaced: every later job still ran.
    assert all(by_job[j] == (j.upper(), None) for j in "abcde")


def _broken_boot() -> None:
    raise OSError("cannot load library 'libpango-1.0-0'")


def test_a_worker_that_cannot_start_fails_every_job_with_one_clear_line(project, monkeypatch):
    monkeypatch.setattr(schedule, "boot_worker", _broken_boot)
    request = Request(languages=["en", "fr", "de"], layouts=["sheet"], jobs=2,
                      out_dir=project / "dist")
    summary = build.run(Project(project), request)
    assert [o.status for o in summary.outcomes] == [FAILED] * 3
    assert {str(o.problems[0]).split(": ", 1)[1] for o in summary.outcomes} == {
        f"error: no-workers: mesotherapy-{lang}-sheet: a worker process cannot start: "
        "OSError: cannot load library 'libpango-1.0-0'" for lang in ("en", "fr", "de")}


def test_cli_reports_a_leaflet_past_its_time_limit(cli, project, monkeypatch):
    from brochures.batch import job as leaflet
    from brochures.batch.build import Outcome

    def slow(catalog, job, out_dir, write_html=False, **options):
        if job.language == "fr":
            time.sleep(600)  # a renderer stuck far past the limit
        return Outcome(job, BUILT, job.output(out_dir))

    monkeypatch.setattr(leaflet, "make_leaflet", slow)
    # Workers that start at once (nothing to import): the 2 s limit is only for the jobs.
    monkeypatch.setattr(schedule, "boot_worker", lambda: None)
    # The record a worker writes for a leaflet it built needs the versions, the code's digest
    # and fontconfig's list of fonts (an fc-list process): made here once, before the workers
    # fork, they inherit them. Else a busy machine spends the 2 s on them, not on the jobs.
    cache.versions(), cache.fontconfig_files(), manifest.code_digest()
    result = cli("build", "--layout", "sheet", "--lang", "en", "--lang", "fr", "--lang", "de",
                 "--jobs", "2", "--timeout", "2", "--out", str(project / "dist"))
    assert result.exit_code == 1
    assert "error: timeout: mesotherapy-fr-sheet: stopped after 2 s (the time limit)" in (
        result.all_output)
    assert "2 built, 0 unchanged, 1 failed" in result.output


def test_in_process_time_limit(project, monkeypatch):
    """--jobs 1 renders in this process; the limit interrupts Python code there."""
    from brochures.batch import job as leaflet

    monkeypatch.setattr(leaflet, "make_leaflet", lambda *a, **k: time.sleep(600))
    request = Request(languages=["en"], layouts=["sheet"], out_dir=project / "dist", jobs=1,
                      timeout=1)
    summary = build.run(Project(project), request)
    [outcome] = summary.outcomes
    assert outcome.status == FAILED and outcome.problems[0].code == "timeout"


# --- the command line ----------------------------------------------------------------


def test_quiet_prints_only_the_summary(run_in, built_sample):
    project, cli = built_sample, run_in(built_sample)  # the run's default build (a copy)
    result = cli("build", "--layout", "sheet", "--lang", "en", "-q", "--force", "--out",
                 str(project / "dist"))
    assert result.exit_code == 0, result.all_output
    assert result.output.splitlines() == [result.output.splitlines()[-1]]
    assert result.output.startswith("1 built, 0 unchanged, 0 failed, 0 warnings in ")
    again = cli("build", "--layout", "sheet", "--lang", "en", "-q", "--out",
                str(project / "dist"))
    assert again.output.startswith("0 built, 1 unchanged, 0 failed")
    assert UNCHANGED in again.output


def test_help_does_not_import_weasyprint():
    code = ("import sys; from click.testing import CliRunner; "
            "from brochures.cli.commands import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0; "
            "r = CliRunner().invoke(main, ['build', '--help']); assert '--jobs' in r.output; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('weasyprint', 'jinja2', 'jsonschema', 'babel', 'pikepdf')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("text", ["[]", "null", '"x"', '{"record": 2, "digest": []}',
                                  '{"record": 2, "digest": "d", "output": "o", "files": 3}',
                                  "\x00\xff"])
def test_a_damaged_record_is_no_record(tmp_path, text):
    target = tmp_path / "a.pdf"
    cache.record_path(target).write_text(text)
    assert cache.read_record(target) is None
