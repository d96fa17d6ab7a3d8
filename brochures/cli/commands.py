"""The ``brochures`` command line: a thin Click layer over plain functions.

Owns: options, help texts and what is printed. Each command imports the
module that does its work only when it runs, so ``brochures --help`` never
pays for WeasyPrint.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from brochures import __version__
from brochures.cli import options
from brochures.cli.context import Brochures, Context
from brochures.cli.terminal import echo_problems, report_build

EPILOG_BUILD = """\b
Examples:
  brochures build                            every topic, language and layout
  brochures build mesotherapy --lang fr      one topic in French
  brochures build --layout sheet --brand clinic --out print/
  brochures build --brand all --edition all  every brand, standard and press
  brochures build --shard 2/4                the second of four shares (for CI)
  brochures build --format html              also write the HTML given to WeasyPrint

\b
Only leaflets whose inputs changed are rendered again (--force renders all).
"""
EPILOG_CHECK = """\b
Examples:
  brochures check                  check every topic, brand and layout
  brochures check mesotherapy      check one topic
  brochures check --strict --no-fit           fail on warnings; skip the layout pass
  brochures check --readability    print each language's readability table
  brochures check --today 2027-10-01 --format json
  brochures --project ../site check
"""
EPILOG_LIST = """\b
Examples:
  brochures list
  brochures --project ../site list
"""
EPILOG_MAIN = """\b
Examples:
  brochures build                  build the default leaflets into dist/
  brochures check                  report every problem in the content
  brochures list                   show topics, languages, brands and layouts
"""


def _project(ctx: click.Context):
    return ctx.find_object(Context).project


def _settings(ctx: click.Context):
    return ctx.find_object(Context).settings


def _request(ctx: click.Context, **given):
    """The command's request: its options over brochures.yaml's (brochures.inputs.request)."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.request import make_request

    return make_request(_project(ctx), _settings(ctx), **given)


def _remake(root: Path, given: dict):
    """The project and request made again from brochures.yaml as it is now (``--watch``)."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.request import make_request

    context = Context(root)
    return context.project, make_request(context.project, context.settings, **given)


def _out_given(out_dir: Path | None) -> Path | None:
    """``--out``, relative to the current folder."""
    if out_dir is None:
        return None
    return out_dir if out_dir.is_absolute() else Path.cwd() / out_dir


@click.group(cls=Brochures, epilog=EPILOG_MAIN,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brochures")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The brochure project folder (with content/, templates/ and styles/).",
)
@click.pass_context
def main(ctx: click.Context, project_dir: Path) -> None:
    """Build branded, multilingual PDF leaflets from YAML content."""
    if not project_dir.is_dir():
        raise click.BadParameter(f"{project_dir} is not a folder", param_hint="--project")
    found = ctx.get_parameter_source("project_dir") is click.core.ParameterSource.DEFAULT
    ctx.obj = Context(project_dir, found=found)


def _parse_shard(ctx, param, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"{value!r} is not I/N with 1 ≤ I ≤ N, e.g. 2/4")
    return int(index), int(count)


@main.command(epilog=EPILOG_BUILD)
@options.SELECTION
@options.out(None, "Output folder.  [default: out in brochures.yaml, else dist]")
@click.option("--format", "formats", type=click.Choice(["pdf", "html"]), multiple=True,
              help="'html' also writes the exact HTML given to WeasyPrint, for debugging.")
@options.EDITIONS
@options.PAPER_AND_FIT
@options.STRICT
@options.JOBS
@click.option("--force", is_flag=True, help="Render every leaflet, even those unchanged.")
@click.option("--shard", callback=_parse_shard, metavar="I/N",
              help="Build only share I of N (stable and disjoint; the N shares cover all).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120,
              show_default=True, help="Seconds one leaflet may take before it is stopped.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar and no line per leaflet; problems and the summary only.")
@click.option("--watch", is_flag=True,
              help="Keep running: build again whenever a file is saved (Ctrl-C stops).")
@click.pass_context
def build(ctx, topics, languages, layouts, brands, out_dir, formats, press, editions, paper, fit,
          strict, jobs, force, shard, timeout, quiet, watch) -> None:
    """Build PDF leaflets into <out>/<brand>/<topic>/<topic>-<lang>-<layout>.pdf."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.batch import stamp

    started = time.perf_counter()
    # Before the project is even loaded: a run whose every input is as it was at the
    # last clean run of the same command has that run's answer (brochures/batch/stamp.py).
    root, run_key = ctx.find_object(Context).root, None
    if not (force or watch or "html" in formats):
        out = _out_given(out_dir) or stamp.settings_out(root)
        options = dict(topics=topics, languages=languages, layouts=layouts, brands=brands,
                       out=str(out), press=press, editions=editions, paper=paper, fit=fit,
                       strict=strict, shard=shard)
        run_key = stamp.key(root, options)
        replayed = run_key and stamp.replay(out, run_key)
        if replayed:
            replayed.seconds = time.perf_counter() - started
            report_build(replayed, quiet, None)
            return
    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.build import run

    given = dict(topics=topics, languages=languages, layouts=layouts, brands=brands,
                 out_dir=out_dir, press=press, editions=editions, paper=paper, fit=fit,
                 jobs=jobs, write_html="html" in formats, strict=strict, force=force,
                 shard=shard, timeout=timeout)
    project, request = _project(ctx), _request(ctx, **given)
    if watch:
        # lazy: start-up time (each command loads only its own work)
        from brochures.cli.start import watch_build

        root = ctx.find_object(Context).root
        watch_build(project, request, quiet, lambda: _remake(root, given))
        return

    def make(progress, planned):
        summary = run(project, request, progress=progress, planned=planned)
        if run_key and not ctx.find_object(Context).settings_problems:
            stamp.save(request.out_dir, run_key, summary)
        return summary

    report_build(None, quiet, make)


@main.command(epilog=EPILOG_CHECK)
@options.SELECTION
@options.PAPER_AND_FIT
@options.out(None, "Where build writes: leaflets whose record there is current are not laid "
                   "out again.  [default: out in brochures.yaml, else dist]")
@options.EDITIONS
@options.STRICT
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Check review dates as if today were this date (YYYY-MM-DD).")
@click.option("--no-fit", "no_fit", is_flag=True,
              help="Skip laying out fixed-size layouts (faster; no overflow check).")
@options.JOBS
@click.option("--readability", "show_readability", is_flag=True,
              help="Also print the readability table of each language (Markdown).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="'json' prints findings, summary and scores for CI.")
@click.pass_context
def check(ctx, topics, languages, layouts, brands, paper, fit, out_dir, press, editions, strict,
          today, no_fit, jobs, show_readability, output_format) -> None:
    """Check that leaflets are readable, honest, complete, current and fit their layouts."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.check import run_check

    # lazy: start-up time (each command loads only its own work)
    from brochures.cli import check_output as output

    request = _request(ctx, languages=languages, layouts=layouts, brands=brands, paper=paper,
                       fit=fit, jobs=jobs, out_dir=out_dir, press=press, editions=editions,
                       strict=strict)
    result = run_check(_project(ctx), list(topics), today.date() if today else None,
                       fit=not no_fit, request=request, out_dir=request.out_dir)
    report = result.report
    if output_format == "json":
        click.echo(output.as_json(result))
    else:
        for problem in output.ordered(report.problems):
            click.echo(str(problem))
        if show_readability:
            for scores in result.readability:
                click.echo("")
                for line in output.table(scores):
                    click.echo(line)
            click.echo("")
        for line in output.summary(result):
            click.echo(line)
    if not result.ok:  # build would refuse a leaflet (the gate's verdict)
        sys.exit(1)


@main.command(name="list", epilog=EPILOG_LIST)
@click.pass_context
def list_(ctx) -> None:
    """List the topics (with languages), brands and layouts of the project."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.inventory import survey

    project = _project(ctx)
    click.echo("topics:")
    # The status build would meet: the gate's verdicts on the leaflets of brochures.yaml.
    for state in survey(project, _request(ctx)):
        click.echo(f"  {state.id} (source language: {state.source_language or '?'})")
        for lang in state.languages:
            rtl = ", right-to-left" if lang.direction == "rtl" else ""
            click.echo(f"    {lang.code:<6} {lang.name:<12} {lang.status}{rtl}")
    click.echo("brands:")
    for brand in project.brand_ids():
        click.echo(f"  {brand}")
    click.echo("layouts:")
    for layout in project.layout_ids():
        click.echo(f"  {layout}")


EPILOG_PREVIEW = """\b
Examples:
  brochures preview                          PNGs of every leaflet into previews/
  brochures preview mesotherapy --lang en    one leaflet
  brochures preview --brand clinic --dpi 150 --out shots/
"""
EPILOG_SERVE = """\b
Examples:
  brochures serve                  open http://127.0.0.1:8000/ and edit the YAML
  brochures serve --port 8080
  brochures --project ../site serve --out /tmp/previews
"""


@main.command(epilog=EPILOG_PREVIEW)
@options.SELECTION
@options.out("previews", "Output folder (built PDFs are cached in <out>/.pdf/).")
@click.option("--dpi", type=click.IntRange(18, 600), default=96, show_default=True,
              help="Resolution of the page images.")
@options.JOBS
@click.pass_context
def preview(ctx, topics, languages, layouts, brands, out_dir, dpi, jobs) -> None:
    """Write PNGs of every page, and a contact sheet, of the chosen leaflets."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.preview.images import preview as make_previews

    request = _request(ctx, topics=topics, languages=languages, layouts=layouts,
                       brands=brands, out_dir=out_dir, jobs=jobs)
    summary = make_previews(_project(ctx), request, dpi)
    echo_problems(summary.build.problems)
    for outcome in summary.build.outcomes:
        echo_problems(outcome.problems)
    echo_problems(summary.problems)
    for shown in summary.previews:
        click.echo(f"previewed: {shown.sheet} ({len(shown.pages)} pages)")
    failed = summary.build.count("failed")
    click.echo(f"{len(summary.previews)} previewed, {failed} failed")
    if not summary.ok:
        sys.exit(1)


@main.command(epilog=EPILOG_SERVE)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default="previews",
              show_default=True, help="Folder for the cache of built PDFs (<out>/.pdf/).")
@click.pass_context
def serve(ctx, port, out_dir) -> None:
    """Preview every leaflet in the browser; pages refresh when a file is saved."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.preview.serve import serve as run_server

    # The leaflets build would make, as build makes them (paper, brands, fit, approval).
    request = _request(ctx, out_dir=out_dir)
    root = ctx.find_object(Context).root
    run_server(_project(ctx), request, port, lambda: _remake(root, {"out_dir": out_dir}))


# init, new and templates (cli_start.py); approve, history and import (cli_content.py);
# translate (cli_translate.py).
def _add_commands() -> None:
    # lazy: start-up time (each command loads only its own work)
    from brochures.cli import (
        content as cli_content,
    )

    # lazy: start-up time (each command loads only its own work)
    from brochures.cli import (
        start as cli_start,
    )

    # lazy: start-up time (each command loads only its own work)
    from brochures.cli import (
        translate as cli_translate,
    )

    for command in (cli_start.init, cli_start.new, cli_start.templates,
                    cli_content.approve, cli_content.history, cli_content.import_,
                    cli_translate.translate):
        main.add_command(command)


_add_commands()
