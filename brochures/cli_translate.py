"""``brochures translate``: exchange with translators (XLIFF, PO) and stale translations.

Owns: the options and printed lines of the translate commands; the work is in
:mod:`brochures.translate`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from brochures.terminal import echo_problems

EPILOG = """\b
Examples:
  brochures translate export mesotherapy --lang fr              mesotherapy.fr.xlf
  brochures translate export mesotherapy --lang fr --format po  mesotherapy.fr.po
  brochures translate export mesotherapy --lang fr --stale-only only what changed
  brochures translate import mesotherapy.fr.xlf                 back into content/
  brochures translate status                                    topics x languages
  brochures translate mark-current mesotherapy --lang fr        after a hand edit
"""


# ``ctx.obj`` is the run's brochures.cli.Context: its project and settings (loaded when
# first used), taken from there so this module never imports the main CLI.


@click.group(epilog=EPILOG)
def translate() -> None:
    """Exchange leaflets with translators (XLIFF, PO) and find stale translations."""


@translate.command()
@click.argument("topic")
@click.option("--lang", "language", required=True, help="The language to translate into.")
@click.option("--format", "fmt", type=click.Choice(["xliff", "po"]), default="xliff",
              show_default=True, help="XLIFF 1.2 for CAT tools; PO for gettext tools.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write.  [default: <topic>.<lang>.xlf (or .po) here]")
@click.option("--stale-only", is_flag=True,
              help="Only the units whose source changed since they were translated.")
@click.pass_context
def export(ctx, topic, language, fmt, out, stale_only) -> None:
    """Write a topic's translatable units in one language for a translator."""
    from brochures.errors import Report
    from brochures.translate.export import export as run

    report = Report()
    written = run(ctx.obj.project, topic, language, fmt, out, stale_only, report)
    echo_problems(report.problems)
    for path, count in written:
        click.echo(f"exported: {path} ({count} unit{'s' if count != 1 else ''})")
    if report.errors or not written:
        sys.exit(1)


@translate.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-check", is_flag=True, help="Do not run the checks afterwards.")
@click.pass_context
def import_(ctx, file, no_check) -> None:
    """Write a translator's XLIFF or PO file back into the project, then check it."""
    from brochures.errors import Report
    from brochures.translate.importing import import_file
    from brochures.translate.recheck import after_import

    project, report = ctx.obj.project, Report()
    done = import_file(project, file, report)
    echo_problems(report.problems)
    if done is None:
        sys.exit(1)
    click.echo(f"imported: {done.file}: {len(done.written)} written, {len(done.unchanged)} "
               f"unchanged, {len(done.untranslated)} untranslated, {len(done.fuzzy)} fuzzy, "
               f"{len(done.refused)} refused")
    checked = Report() if no_check else after_import(project, done)
    for problem in checked.problems:
        click.echo(str(problem))
    if not no_check:
        click.echo(f"checked: {len(checked.errors)} errors, {len(checked.warnings)} warnings")
    if report.errors or checked.errors:
        sys.exit(1)


@translate.command()
@click.argument("topics", nargs=-1)
@click.pass_context
def status(ctx, topics) -> None:
    """Print topics x languages: up to date, stale (n units), untracked or missing."""
    from brochures.errors import Report
    from brochures.translate.gatecheck import status_table

    report = Report()
    lines = status_table(ctx.obj.project, list(topics), ctx.obj.settings.languages, report)
    echo_problems(report.problems)
    for line in lines:
        click.echo(line)
    if report.errors:
        sys.exit(1)


@translate.command(name="mark-current")
@click.argument("topic")
@click.option("--lang", "languages", multiple=True, required=True,
              help="Language code (repeat), or 'all' for every translation.")
@click.pass_context
def mark_current(ctx, topic, languages) -> None:
    """Record that a language's translation is up to date with the current source."""
    from brochures.errors import Report
    from brochures.translate.gatecheck import mark_current as run

    report = Report()
    done = run(ctx.obj.project, topic, list(languages), report)
    echo_problems(report.problems)
    for language, count in done:
        click.echo(f"{topic} ({language}): marked current ({count} units)")
    if report.errors:
        sys.exit(1)
