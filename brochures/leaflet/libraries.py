"""Importing WeasyPrint without a compiler run for every library name it tries.

Owns: the one ``import weasyprint`` of a process (render.py imports this module first).
WeasyPrint looks for GObject, Pango, HarfBuzz and fontconfig under several platform
names, Windows ones first. cffi answers every name it cannot open directly with
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and then ``gcc`` and
``ld`` for each miss: about 0.5 s of every fresh process, spent on names that cannot
match. While WeasyPrint is imported, the lookup reads the dynamic linker's cache once
(what ``find_library`` itself consults first). Should that not find a library, the
import is done again with the standard lookup, so nothing that loads today stops.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache

LDCONFIG = "/sbin/ldconfig"
# ctypes' own names for the C library flavour of 64-bit platforms (ctypes/util.py).
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


@cache
def _linker_cache() -> list[tuple[str, str]]:
    """Each library the dynamic linker knows and its flavour, from one ``ldconfig -p``."""
    done = subprocess.run([LDCONFIG, "-p"], capture_output=True, text=True, check=False,
                          env={"LC_ALL": "C", "LANG": "C"}, stdin=subprocess.DEVNULL)
    return re.findall(r"^\s+(\S+)\s+\(([^)\n]*)\)", done.stdout, re.MULTILINE)


def from_linker_cache(name: str) -> str | None:
    """What ``ctypes.util.find_library(name)`` finds in the linker's cache, or None."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = _ABI.get(os.uname().machine + bits, "libc6")
    return next((library for library, flavour in _linker_cache()
                 if library.startswith(f"lib{name}.") and flavour.startswith(abi)), None)


@contextlib.contextmanager
def _lookup(find: Callable[[str], str | None]) -> Iterator[None]:
    standard = ctypes.util.find_library
    ctypes.util.find_library = find
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def import_weasyprint() -> None:
    """Import WeasyPrint, looking its libraries up in the linker's cache on Linux."""
    if "weasyprint" in sys.modules or not (sys.platform.startswith("linux")
                                           and os.access(LDCONFIG, os.X_OK)):
        # lazy: start-up time: weasyprint loads only when this runs
        import weasyprint
        return
    try:
        # WeasyPrint prints advice before it gives up on a library: not for this try.
        with _lookup(from_linker_cache), contextlib.redirect_stdout(io.StringIO()):
            # lazy: start-up time: weasyprint loads only when this runs
            import weasyprint
    except OSError:
        for module in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
            del sys.modules[module]
        # lazy: start-up time: weasyprint loads only when this runs
        import weasyprint  # noqa: F401


import_weasyprint()
