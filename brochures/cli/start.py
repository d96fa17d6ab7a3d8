"""The commands that start things, and ``build --watch``: a thin Click layer.

Owns: the options, help texts and printing of ``init``, ``new topic|brand|language``,
``templates copy`` and the watch loop of ``build --watch``; the work is done in
``scaffold.py``, ``brandkit.py``, ``copying.py`` and ``watch.py``. Registered on
the ``brochures`` group by ``cli.py``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from brochures.cli.terminal import echo_problems


def _project(ctx: click.Context):
    return ctx.obj.project  # set by the brochures group (cli.main)


def watch_build(project, request, quiet: bool, remake=None) -> None:
    """``build --watch``: one line per leaflet and a summary per build, until Ctrl-C."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.build import FAILED

    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.summary import summary_table

    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.watch import watch_builds

    def progress(outcome) -> None:
        if not quiet or outcome.status == FAILED:
            echo_problems(outcome.problems)
        if not quiet and outcome.status != FAILED:
            click.echo(f"{outcome.status}: {outcome.path}")

    def show(summary) -> None:
        for line in summary_table(summary):
            click.echo(line)
        click.echo("watching for saved files (Ctrl-C to stop)")

    with contextlib.suppress(KeyboardInterrupt):
        watch_builds(project, request, show, planned=lambda _, problems: echo_problems(
            problems), progress=progress, remake=remake, refused=echo_problems)
    click.echo("stopped")


EPILOG_INIT = """\b
Examples:
  brochures init my-leaflets --name "Lumen Skin Clinic"
  cd my-leaflets && brochures build
"""
EPILOG_NEW = """\b
Examples:
  brochures new topic microneedling --lang en --lang fr
  brochures new brand lumen --name "Lumen Skin Clinic" --logo ~/Downloads/logo.png
  brochures new language de chemical-peels
"""
EPILOG_TEMPLATES = """\b
Examples:
  brochures templates copy                              list what can be copied
  brochures templates copy templates/layouts/sheet.yaml
"""


@click.command(epilog=EPILOG_INIT)
@click.argument("folder", type=click.Path(path_type=Path), default=".")
@click.option("--name", default="My Clinic", show_default=True,
              help="The clinic's name: printed on every leaflet, and its brand's id.")
def init(folder: Path, name: str) -> None:
    """Start a project in a new or empty FOLDER: settings, your brand, an example topic."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring.scaffold import init as make_project

    brand, written = make_project(folder, name)
    for path in written:
        click.echo(f"created: {folder / path}")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"next: {where}brochures build   (then replace the sample contact details in "
               f"styles/brands/{brand}/brand.yaml)")


@click.group(epilog=EPILOG_NEW)
def new() -> None:
    """Start a topic, brand or language from files to fill in."""


@new.command(name="topic")
@click.argument("topic")
@click.option("--lang", "languages", multiple=True,
              help="Language of a file to start (repeat; the first is the source).  "
                   "[default: en]")
@click.pass_context
def new_topic(ctx, topic: str, languages) -> None:
    """Write content/TOPIC/ with every required section as a TODO: line to replace."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring.scaffold import new_topic as make_topic

    for path in make_topic(_project(ctx), topic, list(languages)):
        click.echo(f"created: {path}")


@new.command(name="brand")
@click.argument("brand")
@click.option("--name", default=None, help="The name printed on leaflets.  [default: from BRAND]")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="An SVG or PNG logo: copied in, its colours used.")
@click.option("--fonts", type=click.Choice(["sans", "serif"]), default="sans",
              show_default=True, help="Noto Sans throughout, or Noto Serif with a display face.")
@click.pass_context
def new_brand(ctx, brand: str, name, logo, fonts: str) -> None:
    """Write styles/brands/BRAND/: brand.yaml (colours from the logo, readable) and the logo."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring.brandkit import new_brand as make_brand

    for path in make_brand(_project(ctx), brand, name, logo, fonts):
        click.echo(f"created: {path}")


@new.command(name="language")
@click.argument("language")
@click.argument("topic", required=False)
@click.pass_context
def new_language(ctx, language: str, topic) -> None:
    """Write the words file of LANGUAGE and TOPIC's file in it, as TODO: lines to translate."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring.scaffold import new_language as make_language

    for path in make_language(_project(ctx), language, topic):
        click.echo(f"created: {path}")


@click.group(epilog=EPILOG_TEMPLATES)
def templates() -> None:
    """Copy a built-in template, style or rules file into the project to change it."""


@templates.command(name="copy")
@click.argument("path", required=False)
@click.pass_context
def templates_copy(ctx, path) -> None:
    """Copy the built-in PATH into the project (with no PATH: list what can be copied)."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring.copying import copy, copyable

    if path is None:
        for name in copyable():
            click.echo(name)
        return
    click.echo(f"created: {copy(_project(ctx), path)}")
