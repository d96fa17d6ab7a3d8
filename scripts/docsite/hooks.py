"""MkDocs hooks (``hooks:`` in mkdocs.yml): the pages generated from the code.

Owns: adding, at every ``mkdocs build``, one page per file format (from the JSON schemas,
``formats.py``), the page of finding codes (from the code and rule files that raise them,
``codes.py``) and the command reference (from the Click commands, ``commands.py``). They are
never written to disk, so they cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import codes
import commands
import formats
from mkdocs.structure.files import File


def generated_pages() -> dict[str, str]:
    """Every generated page: its path under docs/ → its Markdown."""
    pages = {f"formats/{kind}.md": formats.page(kind) for kind in formats.kinds()}
    pages["reference/codes.md"] = codes.page()
    pages["reference/commands.md"] = commands.page()
    return pages


def on_files(files, config):
    for path, text in generated_pages().items():
        files.append(File.generated(config, path, content=text))
    return files
