"""Allow ``python -m brochures``."""

from brochures.cli import main

main()
