"""The command line: one module per command group, over the floors below.

Owns: nothing but the entry point; :mod:`.commands` holds the group and the
leaflet commands, :mod:`.options` the options they share.
"""

from brochures.cli.commands import main

__all__ = ["main"]
