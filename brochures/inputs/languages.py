"""Which languages a project has, and the source language of each topic.

Owns: the languages a project has (a topic's language file or a words file), the
source language a topic's ``topic.yaml`` names, and reading the language codes a
command is given as the project's codes. Every command that takes ``--lang`` and
every check of a translation asks here.
"""

from __future__ import annotations

from brochures.errors import Location, Report
from brochures.i18n import project_language
from brochures.inputs.project import Project
from brochures.inputs.yamlio import load_yaml


def known_languages(project: Project) -> tuple[set[str], set[str]]:
    """Every language the project has (a topic's file or a words file), and the source
    languages of its topics."""
    sources = {source_language(project, t, Report()) for t in project.topic_ids()}
    every = {code for t in project.topic_ids() for code in project.language_files(t)}
    return every | set(project.word_languages()), {s for s in sources if s}


def resolve_languages(project: Project, codes: list[str], report: Report,
                      new: bool = True) -> list[str] | None:
    """``codes`` as the project's language codes (``all`` kept), each read by
    :func:`brochures.i18n.project_language`; ``None`` when one is not a language."""
    known = known_languages(project)[0]
    found = [code if code == "all" else project_language(code, known, report, new=new)
             for code in codes]
    return None if None in found else list(dict.fromkeys(str(code) for code in found))


def source_language(project: Project, topic: str, report: Report) -> str | None:
    """The topic's ``source_language`` (from its topic.yaml)."""
    path = project.content_dir / topic / "topic.yaml"
    if not path.is_file() or not project.contains(path):
        report.error("unknown-topic", f"no topic '{topic}' (no {project.show(path)})",
                     Location(project.show(path)))
        return None
    doc = load_yaml(path, project.show(path), report)
    value = doc.data.get("source_language") if doc is not None else None
    return str(value) if value else None
