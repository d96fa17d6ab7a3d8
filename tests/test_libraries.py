"""WeasyPrint's libraries are found from the linker's cache, as ctypes would find them."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from brochures.leaflet import libraries

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux lookup")

# The names under which WeasyPrint 70 finds its libraries on Linux, and two it tries first.
FOUND = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig",
         "pangoft2-1.0"]


@pytest.mark.parametrize("name", [*FOUND, "libpango-1.0-0", "pango-1.0-0"])
def test_the_cache_answers_as_ctypes_does(name: str) -> None:
    assert libraries.from_linker_cache(name) == ctypes.util.find_library(name)


def test_the_libraries_weasyprint_needs_are_in_the_cache() -> None:
    assert all(libraries.from_linker_cache(name) for name in FOUND)


# A library the cache did not give (an import that fails the first time) is looked up
# again the standard way; WeasyPrint's advice about missing libraries is not printed.
FAILS_ONCE = """
import importlib.abc, sys
class FailOnce(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "weasyprint.text.ffi":
            sys.meta_path.remove(self)
            raise OSError("cannot load library 'pango'")
sys.meta_path.insert(0, FailOnce())
import brochures.leaflet.libraries
import weasyprint
print("rendered", len(weasyprint.HTML(string="<p>x</p>").write_pdf()) > 0)
print("tries", sum(isinstance(f, FailOnce) for f in sys.meta_path))
"""


def test_a_library_the_cache_misses_is_looked_up_the_standard_way() -> None:
    done = subprocess.run([sys.executable, "-c", FAILS_ONCE], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["rendered True", "tries 0"]
