"""What the commands print while they work: problems, a build as it goes, its table.

Owns: one line per problem on standard error, the progress bar (on a terminal) or
one line per leaflet (in logs) of a build, the summary table after it, and the exit
status of a build. The commands (:mod:`brochures.cli.commands` and its siblings) decide what
to run; this module only shows it.
"""

from __future__ import annotations

import contextlib
import sys

import click


def echo_problems(problems) -> None:
    """Each problem on its own line, on standard error."""
    for problem in problems:
        click.echo(str(problem), err=True)


def report_build(replayed, quiet: bool, make) -> None:
    """Print a build as it goes (``make(progress, planned)`` runs it) or one ``replayed``
    from its stamp, then the summary table; exit 1 when the verdict refused a leaflet
    (:attr:`brochures.batch.summary.Summary.ok`)."""
    # lazy: start-up time (each command loads only its own work)
    from brochures.batch.summary import named, summary_table

    # lazy: start-up time (each command loads only its own work)
    from brochures.model import FAILED

    # A progress bar on a terminal; elsewhere (logs, CI) one line per leaflet as it ends.
    show_bar = not quiet and sys.stderr.isatty() and replayed is None
    bar = None
    held = []  # outcomes whose problems wait until the bar is gone

    def progress(outcome) -> None:
        if bar is not None:
            bar.update(1, outcome)
            held.append(outcome)
            return
        if not quiet or outcome.status == FAILED:
            echo_problems(named(outcome.job, p) for p in outcome.problems)
        if not quiet and outcome.status != FAILED:
            click.echo(f"{outcome.status}: {outcome.path}")

    with contextlib.ExitStack() as stack:

        def planned(total: int, problems) -> None:
            nonlocal bar
            echo_problems(problems)  # first: later lines say "see above"
            if show_bar and total:
                bar = stack.enter_context(click.progressbar(
                    length=total, label="building", show_pos=True, show_eta=True,
                    file=sys.stderr, item_show_func=lambda o: o.job.name if o else None))

        if replayed is None:
            summary = make(progress, planned)
        else:
            summary = replayed
            planned(len(summary.outcomes), summary.problems)
            for outcome in summary.outcomes:
                progress(outcome)
    for outcome in [*held, *(o for o in summary.outcomes if quiet and o.status != FAILED)]:
        echo_problems(named(outcome.job, p) for p in outcome.problems)
    for line in summary_table(summary):
        click.echo(line)
    if not summary.ok:
        sys.exit(1)
