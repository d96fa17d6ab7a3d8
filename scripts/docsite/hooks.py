"""MkDocs hooks (``hooks:`` in mkdocs.yml): the pages generated from the code.

Owns: adding, at every ``mkdocs build``, one page per file format (from the JSON schemas,
``formats.py``), the page of finding codes (from the code and rule files that raise them,
``codes.py``), the command reference (from the Click commands, ``commands.py``) and the
getting-started page (the README's guide). They are never written to disk, so they cannot go
stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import codes
import commands
import formats
from mkdocs.structure.files import File

README = Path(__file__).resolve().parents[2] / "README.md"


def getting_started() -> str:
    """The README's ten-minute guide as a page: written once, in the README (where
    tests/test_getting_started.py follows it), links made relative to docs/."""
    text = README.read_text("utf-8")
    guide = "## Getting started" + text.split("\n## Getting started", 1)[1].split("\n## ", 1)[0]
    guide = guide.replace("## Getting started", "# Getting started", 1)
    guide = guide.replace("[Two commands](#two-commands)", "[setting up](setup.md)")
    return ("<!-- Generated from README.md's getting-started guide by scripts/docsite/hooks.py: "
            "edit the README, not this page. -->\n\n" + guide.replace("](docs/", "](").strip()
            + "\n\nWhat `make` installs, and how to run the tests: [setting up](setup.md).\n")


def generated_pages() -> dict[str, str]:
    """Every generated page: its path under docs/ → its Markdown."""
    pages = {f"formats/{kind}.md": formats.page(kind) for kind in formats.kinds()}
    pages["getting-started.md"] = getting_started()
    pages["reference/codes.md"] = codes.page()
    pages["reference/commands.md"] = commands.page()
    return pages


def complete_nav(nav: list) -> list:
    """``nav`` with every file-format page listed under "File formats": a schema added to
    brochures gets its page in the menu without an edit to mkdocs.yml."""
    for entry in nav:
        if isinstance(entry, dict) and "File formats" in entry:
            listed = entry["File formats"]
            known = {next(iter(item.values())) if isinstance(item, dict) else item
                     for item in listed}
            for kind in formats.kinds():
                page = f"formats/{kind}.md"
                if page not in known:
                    title = formats.file_pattern(formats.validate.schema(kind)) or kind
                    listed.append({re.sub(r"<[^>]+>", "*", title): page})  # a title, not HTML
    return nav


def on_config(config):
    if config.nav:
        complete_nav(config.nav)
    return config


def on_files(files, config):
    for path, text in generated_pages().items():
        files.append(File.generated(config, path, content=text))
    return files
