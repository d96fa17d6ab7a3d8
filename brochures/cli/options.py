"""The options several commands share, written once.

Owns: the selection every leaflet command takes (topics, ``--lang``, ``--layout``,
``--brand``), the editions (``--press``, ``--edition``), paper and fit, ``--strict``
and ``--jobs``: ``build``, ``check`` and ``preview`` stack these, so that ``check``
takes exactly ``build``'s selection and a help text is never written twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

Decorator = Callable[[Callable], Callable]


def stack(*decorators: Decorator) -> Decorator:
    """Several options as one decorator, in the order they are listed (and shown)."""
    def apply(command: Callable) -> Callable:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command
    return apply


SELECTION = stack(
    click.argument("topics", nargs=-1),
    click.option("--lang", "languages", multiple=True, help="Language code (repeat), or 'all'."),
    click.option("--layout", "layouts", multiple=True, help="Layout (repeat), or 'all'."),
    click.option("--brand", "brands", multiple=True,
                 help="Brand (repeat), or 'all'.  [default: brands in brochures.yaml, else "
                      "default, else all]"),
)

EDITIONS = stack(
    click.option("--press", is_flag=True,
                 help="Print-shop edition: 3 mm bleed, crop marks, PDF/X-4 (file ends in "
                      "-press.pdf). Same as --edition press."),
    click.option("--edition", "editions", type=click.Choice(["standard", "press", "all"]),
                 multiple=True,
                 help="Edition (repeat), or 'all'; press only for layouts that have one.  "
                      "[default: standard]"),
)

PAPER_AND_FIT = stack(
    click.option("--paper", type=click.Choice(["a4", "letter"]), default=None,
                 help="Paper size (letter for US clinics).  [default: paper in "
                      "brochures.yaml, else a4]"),
    click.option("--fit", "fit", type=click.Choice(["fail", "shrink"]), default=None,
                 help="When text does not fit a fixed layout: fail, or shrink the body text "
                      "step by step down to the layout's floor (with a warning).  "
                      "[default: fit in brochures.yaml, else fail]"),
)

STRICT = click.option("--strict", is_flag=True,
                      help="Warnings refuse a leaflet too (and make the exit status 1).")

JOBS = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                    help="Leaflets laid out at once, each in a worker process; 1 works in "
                         "this process.  [default: the number of cores]")


def out(default: str | None, help: str) -> Decorator:
    """``--out``: where the command writes (its default and meaning differ per command)."""
    return click.option("--out", "out_dir", type=click.Path(path_type=Path), default=default,
                        show_default=default is not None, help=help)
