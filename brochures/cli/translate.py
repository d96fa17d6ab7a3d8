"""``brochures translate``: exchange with translators (XLIFF, PO) and stale translations.

Owns: the options and printed lines of the translate commands; the work is in
:mod:`brochures.exchange.translation`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from brochures.cli.terminal import echo_problems

EPILOG = """\b
Examples:
  brochures translate export mesotherapy --lang fr              mesotherapy.fr.xlf
  brochures translate export mesotherapy --lang fr --format po  mesotherapy.fr.po
  brochures translate export mesotherapy --lang fr --stale-only only what changed
  brochures translate export all --lang all --stale-only --out-dir to-translate/
  brochures translate import mesotherapy.fr.xlf                 back into content/
  brochures translate import to-translate/*.xlf                 several at once
  brochures translate status                                    topics x languages
  brochures translate mark-current mesotherapy --lang fr        after a hand edit
"""


# ``ctx.obj`` is the run's brochures.cli.context.Context: its project and settings (loaded when
# first used), taken from there so this module never imports the main CLI.


@click.group(epilog=EPILOG)
def translate() -> None:
    """Exchange leaflets with translators (XLIFF, PO) and find stale translations."""


@translate.command()
@click.argument("topics", nargs=-1, required=True)
@click.option("--lang", "languages", multiple=True, required=True,
              help="The language to translate into (repeat), or 'all' for every translation.")
@click.option("--format", "fmt", type=click.Choice(["xliff", "xliff2", "po"]), default="xliff",
              show_default=True, help="XLIFF 1.2 for CAT tools; PO for gettext tools.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write, for one topic and language.  "
                   "[default: <topic>.<lang>.xlf (or .po) here]")
@click.option("--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The folder for the files of several topics or languages.  "
                                 "[default: here]")
@click.option("--stale-only", is_flag=True,
              help="Only the units whose source changed since they were translated.")
@click.option("--force", is_flag=True,
              help="Overwrite a file holding translations the project does not have yet.")
@click.pass_context
def export(ctx, topics, languages, fmt, out, out_dir, stale_only, force) -> None:
    """Write topics' translatable units (TOPIC..., or 'all') for a translator."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.exchange.translation import export as exporting

    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.languages import resolve_languages

    report = Report()
    languages = resolve_languages(ctx.obj.project, list(languages), report)
    if languages is None:
        echo_problems(report.problems)
        sys.exit(1)
    several = "all" in topics or "all" in languages or len(topics) > 1 or len(languages) > 1
    if several and out is not None:
        report.error("translate-out", "--out names one file: for several topics or "
                     "languages give --out-dir")
        echo_problems(report.problems)
        sys.exit(1)
    if several or out_dir is not None:
        folder = out_dir or Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        written = exporting.export_batch(ctx.obj.project, list(topics), list(languages),
                                         fmt, folder, stale_only, report, force)
    else:
        written = exporting.export(ctx.obj.project, topics[0], languages[0], fmt, out,
                                   stale_only, report, force=force)
    echo_problems(report.problems)
    for path, count in written:
        click.echo(f"exported: {path} ({count} unit{'s' if count != 1 else ''})")
    if several and stale_only and not report.errors:
        stale = len([path for path, _ in written if not path.name.startswith("words.")])
        click.echo(f"{stale} translation{'s' if stale != 1 else ''} with stale units; "
                   "the others are up to date" if stale else
                   "every translation is up to date: nothing to send")
    if report.errors or (not written and not (several and stale_only)):
        sys.exit(1)


@translate.command(name="import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-check", is_flag=True, help="Do not run the checks afterwards.")
@click.option("--partial", is_flag=True,
              help="Write the accepted units of a file that has refused ones (by default a "
                   "file is imported whole or not at all).")
@click.option("--force", is_flag=True,
              help="Write units the project changed since the export (a conflict otherwise).")
@click.pass_context
def import_(ctx, files, no_check, partial, force) -> None:
    """Write translators' XLIFF or PO files back into the project, then check them."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.exchange.translation.incoming import import_file

    # lazy: start-up time (each command loads only its own work)
    from brochures.exchange.translation.recheck import after_import

    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.units import OWNER

    project, failed = ctx.obj.project, False
    for file in dict.fromkeys(files):  # each file on its own: one bad file stops no other
        report = Report()
        done = import_file(project, file, report, partial=partial, force=force)
        echo_problems(report.problems)
        if done is None or done.whole:
            if done is not None:
                click.echo(f"not imported: {file}: {len(done.refused)} refused, nothing "
                           f"written to {done.file}")
            failed = True
            continue
        owner = (f" (the owner into content/{done.topic}/topic.yaml)"
                 if OWNER in done.written else "")
        click.echo(f"imported: {done.file}{owner}: {len(done.written)} written, "
                   f"{len(done.unchanged)} unchanged, {len(done.untranslated)} untranslated, "
                   f"{len(done.fuzzy)} fuzzy, {len(done.refused)} refused")
        checked = Report() if no_check else after_import(project, done)
        for problem in checked.problems:
            click.echo(str(problem))
        if not no_check:
            click.echo(f"checked: {len(checked.errors)} errors, "
                       f"{len(checked.warnings)} warnings")
        failed = failed or bool(report.errors or checked.errors)
    if failed:
        sys.exit(1)


@translate.command()
@click.argument("topics", nargs=-1)
@click.pass_context
def status(ctx, topics) -> None:
    """Print topics x languages: up to date, stale (n units), untracked or missing."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.checks.translation_gate import status_table

    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

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
    # lazy: start-up time (each command loads only its own work)
    from brochures.checks.translation_gate import mark_current as run

    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.languages import resolve_languages

    report = Report()
    chosen = resolve_languages(ctx.obj.project, list(languages), report, new=False)
    done = run(ctx.obj.project, topic, chosen, report) if chosen is not None else []
    echo_problems(report.problems)
    for language, count in done:
        click.echo(f"{topic} ({language}): marked current ({count} units)")
    if report.errors:
        sys.exit(1)


@translate.group()
def glossary() -> None:
    """The glossary (translations/glossary.<lang>.tsv) as a TBX termbase."""


@glossary.command(name="export")
@click.option("--lang", "language", required=True, help="The glossary's language.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write.  [default: glossary.<lang>.tbx here]")
@click.pass_context
def glossary_export(ctx, language, out) -> None:
    """Write a language's glossary as TBX, for a terminologist or a CAT tool."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.exchange.translation import termbase

    report = Report()
    out = out or Path(f"glossary.{language}.tbx")
    count = termbase.export(ctx.obj.project, language, out, report)
    echo_problems(report.problems)
    if count is None:
        sys.exit(1)
    click.echo(f"exported: {out} ({count} terms)")


@glossary.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", required=True, help="The glossary's language.")
@click.pass_context
def glossary_import(ctx, file, language) -> None:
    """Replace a language's glossary with the terms of a TBX file (all or nothing)."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.checks.glossary import path_of

    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.exchange.translation import termbase

    report = Report()
    count = termbase.import_(ctx.obj.project, file, language, report)
    echo_problems(report.problems)
    if count is None:
        click.echo(f"not imported: {file}: nothing written to {path_of(language)}")
        sys.exit(1)
    click.echo(f"imported: {path_of(language)} ({count} terms)")
