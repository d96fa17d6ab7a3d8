"""The commands that work on a topic's text: ``approve``, ``history`` and ``import``.

Owns: their options, help texts and printing, a thin Click layer; the work is done in
``approve.py`` (sign-off, ``records.yaml``) and ``importing/`` (drafts from existing
copy). Registered on the ``brochures`` group by ``cli.py``.
"""

from __future__ import annotations

import sys

import click

from brochures.cli.terminal import echo_problems


def _project(ctx: click.Context):
    return ctx.obj.project  # set by the brochures group (cli.main)


EPILOG_APPROVE = """\b
Examples:
  brochures approve mesotherapy --lang en --by "Dr A. Moreau" --role "Medical director"
  brochures approve mesotherapy --lang fr --by "Dr A. Moreau" --role "Medical director" \\
      --date 2026-11-20
  brochures approve mesotherapy --lang fr --revoke      withdraw fr's latest approval
  brochures history mesotherapy --lang fr               approvals, and what changed since

\b
The approval is recorded in content/<topic>/records.yaml (commit it with the content).
"""


@click.command(epilog=EPILOG_APPROVE)
@click.argument("topic")
@click.option("--lang", "language", required=True, help="The language being signed off.")
@click.option("--by", "by", default="", help="Who approves (full name).")
@click.option("--role", default="", help="Their role, e.g. 'Medical director'.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date of the approval (YYYY-MM-DD; default: today).")
@click.option("--revoke", is_flag=True, help="Withdraw the latest approval of the language.")
@click.option("--brand", "brands", multiple=True,
              help="A brand whose leaflets the approval covers (repeat).  [default: brands in "
                   "brochures.yaml, else default, else all]")
@click.option("--force", is_flag=True,
              help="Approve although the checks found errors (the record says so).")
@click.pass_context
def approve(ctx, topic, language, by, role, on, revoke, brands, force) -> None:
    """Record a clinician's sign-off of a leaflet's current text in one language."""
    # lazy: start-up time (each command loads only its own work)
    from datetime import date

    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring import approve as signoff

    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.request import make_request

    report, day = Report(), on.date() if on else date.today()
    if revoke:
        done = signoff.revoke(_project(ctx), topic, language, day, report)
    else:
        settings = ctx.obj.settings
        request = make_request(_project(ctx), settings, brands=brands, out_dir=None)
        done = signoff.approve(_project(ctx), request, topic, language, by, role, day, report,
                               force=force, roles=settings.approver_roles)
    echo_problems(report.problems)
    if done is None:
        sys.exit(1)
    verb = "revoked" if revoke else "recorded"
    click.echo(f"{topic} ({language}): {verb}: {signoff.approval_line(done)}")


@click.command(epilog=EPILOG_APPROVE)
@click.argument("topic")
@click.option("--lang", "languages", multiple=True, help="Language code (repeat); default all.")
@click.pass_context
def history(ctx, topic, languages) -> None:
    """List a topic's approvals per language, and the text changed since the last one."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.authoring import approve as signoff

    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import Report

    # lazy: start-up time (each command loads only its own work)
    from brochures.inputs.request import make_request

    report = Report()
    request = make_request(_project(ctx), ctx.obj.settings, brands=["all"], out_dir=None)
    lines = signoff.history(_project(ctx), request, topic, list(languages), report)
    echo_problems(report.problems)
    for line in lines:
        click.echo(line)
    if report.errors:
        sys.exit(1)


EPILOG_IMPORT = """\b
Examples:
  brochures import page.html --topic mesotherapy --lang en
  brochures import https://clinic.example/meso notes.docx --topic meso --lang en --dry-run
  brochures import more.md --topic meso --lang en --append

\b
This starts a new leaflet from copy you already have (web pages, Word files, Markdown or
text), written as a draft to content/<topic>/<lang>.yaml for a person to rewrite. It is
not `brochures translate import`, which brings back a translator's XLIFF or PO file
into an existing leaflet.
"""


@click.command(name="import", epilog=EPILOG_IMPORT)
@click.argument("sources", nargs=-1, required=True)
@click.option("--topic", required=True, help="The topic id (content/<topic>/).")
@click.option("--lang", "language", required=True, help="The language the draft is written in.")
@click.option("--append", is_flag=True, help="Add these sources to the existing draft.")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Print the draft and the report; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing content/<topic>/<lang>.yaml.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds a web address may take in all (connecting, headers, page).")
@click.pass_context
def import_(ctx, sources, topic, language, append, dry_run, force, timeout) -> None:
    """Import web pages, Word files and text into a draft leaflet, with a report.

    SOURCE is an HTML, .docx, Markdown or text file, or an http/https address. The main
    text is kept (menus, cookie panels, share bars and teasers are dropped), each paragraph
    is placed in a section, and the language is listed under drafts: in topic.yaml, so the
    leaflet is not printed as final until a person has rewritten it.
    """
    # lazy: start-up time (each command loads only its own work)
    from brochures.errors import BrochureError

    # lazy: start-up time (each command loads only its own work)
    from brochures.exchange.imports.run import ImportRequest, run_import

    if append and force:
        raise click.UsageError("--append and --force cannot be used together")
    result = run_import(_project(ctx), ImportRequest(list(sources), topic, language,
                                                     append=append, dry_run=dry_run,
                                                     force=force, timeout=timeout))
    if not result.text:
        raise BrochureError(result.report.problems)
    if dry_run:
        click.echo(result.text, nl=False)
        click.echo("")
    for problem in result.report.problems:
        click.echo(str(problem))
    for path in result.written:
        click.echo(f"written: {path}")
    counts = len(result.report.problems)
    state = "nothing written (--dry-run)" if dry_run else "a draft: rewrite it before printing"
    click.echo(f"{counts} finding(s); {state}")
