"""The test suite. Imported before tests/conftest.py and every plugin module it pulls in.

Python's own bytecode cache (``__pycache__``, ignored by git) is kept even where the environment
sets PYTHONDONTWRITEBYTECODE: without it every xdist worker rewrites and compiles every test
module and the modules pytest rewrites for its plugins (hypothesis) again, seconds per worker,
and every ``brochures`` process a test starts compiles brochures again (a few tenths of a second
each, dozens of processes per run). A cache changes no result: Python checks each cached file
against its source.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # for the processes the tests start
