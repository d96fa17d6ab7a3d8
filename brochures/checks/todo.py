"""Placeholders left in printed text: the ``TODO:`` marker.

Owns: the rule that no leaflet is printed with a line still starting its
placeholder. ``brochures new topic`` and ``new language`` write every text as
a one-line instruction beginning ``TODO:``; until each is replaced, ``check``
reports one error per line and ``build`` refuses the leaflet. Comments are
not printed, so a ``TODO:`` in a comment is left alone.
"""

from __future__ import annotations

from brochures.errors import ERROR, Location, Problem, Report
from brochures.inputs.project import Project
from brochures.inputs.yamlio import Document

MARKER = "TODO:"


def _outside_comment(line: str, at: int) -> bool:
    """Whether position ``at`` of a YAML line is in its value, not in a ``#`` comment."""
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return False
    comment = line.find(" #")
    quoted = line.find('"') if '"' in line else line.find("'")
    # A " #" inside quotes is text; one after the value starts a comment.
    return comment < 0 or at < comment or (0 <= quoted < comment)


def todo_problems(shown: str, text: str) -> list[Problem]:
    """One error per line of ``text`` (a YAML file shown as ``shown``) that holds ``TODO:``."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        at = line.find(MARKER)
        if at >= 0 and _outside_comment(line, at):
            problems.append(Problem(
                ERROR, "todo",
                "this line still holds a placeholder (TODO:); write the text it asks for "
                "and remove the marker",
                Location(shown, number, at + 1)))
    return problems


def check_files(project: Project, documents: list[Document | None], report: Report) -> None:
    """Report the placeholders of each loaded file (as its lines were read)."""
    for doc in documents:
        if doc is not None:
            report.extend(todo_problems(doc.path, "\n".join(doc.lines)))
