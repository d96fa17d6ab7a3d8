"""Loading a project's content into the domain model.

Owns: reading ``topic.yaml``, the language files and words files (brands and
layouts: :mod:`brochures.inputs.load_styles`); checking each against its schema and the
rules a schema cannot say (required sections, dates, fonts, pictures that must
exist inside the project). Every problem goes into the caller's :class:`Report`; a file
with an error yields ``None`` so that nothing is built from it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError

from brochures import i18n
from brochures.errors import Location, Problem, Report, closest, did_you_mean
from brochures.inputs import assets
from brochures.inputs.assets import check_font
from brochures.inputs.project import ID_RE, Project
from brochures.inputs.validate import check_schema, with_defaults
from brochures.inputs.yamlio import Document, load_yaml
from brochures.model import Item, Leaflet, Section, Source, Topic, Words


def load_file(project: Project, path: Path, kind: str, report: Report) -> Document | None:
    """Load and schema-check one file; ``None`` if it has any error."""
    before = report.error_count
    if not project.contains(path):
        # A symlink to /etc/passwd or a file in someone's home: never read it.
        report.error("unsafe-path", "this file links outside the project; copy the file in "
                     "instead of linking to it", Location(project.show(path), 1))
        return None
    doc = load_yaml(path, project.show(path), report)
    if doc is None:
        return None
    check_schema(doc, kind, report)
    return doc if report.error_count == before else None


def _date(doc: Document, key: str, report: Report) -> date | None:
    try:
        return date.fromisoformat(doc.data[key])
    except ValueError:
        report.error("bad-date", f"'{key}' is not a real date: {doc.data[key]!r}", doc.at(key))
        return None


def section_ids(project: Project, report: Report) -> tuple[list[str], list[str]]:
    """The required and the optional section ids of the project (``templates/sections.yaml``)."""
    path = project.find("templates/sections.yaml")
    if path is None:
        report.error("missing-file", "templates/sections.yaml is missing from the project")
        return [], []
    doc = load_yaml(path, project.show(path), report)
    if doc is None:
        return [], []
    check_schema(doc, "sections", report)  # schemas/sections.json: unknown keys, bad ids
    lists = []
    for key in ("required", "optional"):
        ids = doc.data.get(key, [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            ids = []  # the schema said so: "'required' must be a list"
        lists.append(list(ids))
    return lists[0], lists[1]


def section_list(project: Project) -> tuple[list[str], list[str], list[Problem]]:
    """:func:`section_ids` with its problems, for a run to read the file once and share."""
    found = Report()
    required, optional = section_ids(project, found)
    return required, optional, found.problems


def load_topic(project: Project, topic_id: str, report: Report,
               sections: tuple[list[str], list[str], list[Problem]] | None = None,
               languages: list[str] | None = None) -> Topic | None:
    """A topic and every language file beside it (or only those of ``languages``, with the
    source language); ``None`` if ``topic.yaml`` is broken."""
    if not ID_RE.match(topic_id):
        # Name the folder when the id came from one (not from the command line).
        folder_named = topic_id in project.topic_ids()
        where = Location(f"content/{topic_id}/topic.yaml") if folder_named else None
        report.error("bad-id", f"'{topic_id}' is not a valid topic id (a-z, 0-9, - and _ only)",
                     where)
        return None
    folder = project.content_dir / topic_id
    if folder.is_dir() and not ((folder / "topic.yaml").exists()
                                or (folder / "topic.yaml").is_symlink()):
        report.error("missing-topic-file", f"the topic folder content/{topic_id}/ has no "
                     "topic.yaml; add one (its source language, review dates, owner and "
                     "sources), as in every other topic folder",
                     Location(f"content/{topic_id}/topic.yaml"))
        return None
    if not (folder / "topic.yaml").is_file():
        known = ", ".join(project.topic_ids()) or "none"
        report.error("unknown-topic", f"no topic '{topic_id}' in content/"
                     f"{did_you_mean(topic_id, project.topic_ids())} (known: {known})")
        return None
    doc = load_file(project, folder / "topic.yaml", "topic", report)
    topic = _topic(topic_id, folder, doc, report) if doc is not None else None
    required, optional, problems = sections or section_list(project)
    report.extend(problems)
    if any(p.is_error for p in problems):
        return None  # without the list of sections, every section would look unknown
    source = topic.source_language if topic else None
    # With a broken topic.yaml the language files are still read, for their own problems.
    for language, path in project.language_files(topic_id).items():
        if languages is not None and language not in languages and language != source:
            continue  # not asked for: a one-language build reads one language (and its source)
        leaflet = load_leaflet(project, topic_id, language, path, required, optional, report)
        if leaflet is not None and topic is not None:
            leaflet.draft = language in topic.drafts
            topic.leaflets[language] = leaflet
    return topic


def _topic(topic_id: str, folder: Path, doc: Document, report: Report) -> Topic | None:
    """The facts of ``topic.yaml``, or None where one of them is wrong."""
    data = with_defaults(doc.data, "topic")
    reviewed, next_review = _date(doc, "reviewed", report), _date(doc, "next_review", report)
    if reviewed and next_review and next_review <= reviewed:
        report.error(
            "bad-date", "'next_review' must come after 'reviewed'", doc.at("next_review")
        )
    source = data["source_language"]
    if not i18n.check_language(source, doc.at("source_language"), report):
        return None
    if reviewed is None or next_review is None:
        return None
    return Topic(
        id=topic_id,
        path=folder,
        source_language=source,
        reviewed=reviewed,
        next_review=next_review,
        owner=data["owner"],
        sources=[Source(s["title"], s.get("url", ""), s.get("id")) for s in data["sources"]],
        drafts=list(data["drafts"]),
        document=doc,
    )


def load_leaflet(project: Project, topic: str, language: str, path: Path, required: list[str],
                 optional: list[str], report: Report) -> Leaflet | None:
    """One language file of a topic, with its sections checked against the project's list."""
    shown = project.show(path)
    if not i18n.check_language(language, Location(shown, 1), report, in_file_name=True):
        return None
    doc = load_file(project, path, "language", report)
    if doc is None:
        return None
    before = report.error_count
    data = with_defaults(doc.data, "language")
    sections: dict[str, Section] = {}
    meant: set[str] = set()  # sections a misspelling was taken for: not also "missing"
    for section_id, raw in data["sections"].items():
        if section_id not in required and section_id not in optional:
            known = ", ".join(required + optional)
            name = closest(section_id, [s for s in required + optional
                                        if s not in data["sections"]])
            if name:
                meant.add(name)
            name = name or closest(section_id, required + optional)
            hint = f"; did you mean '{name}'?" if name else ""
            report.error(
                "unknown-section",
                f"unknown section '{section_id}'{hint} (known sections: {known})",
                doc.key_at("sections", section_id),
            )
            continue
        section = _section(doc, section_id, raw or {}, report)
        sections[section_id] = section
    # Pictures: safe files in content/<topic>/images/ (alt text is required by the schema).
    pictures = [(s.image, ("sections", s.id, "image", "file")) for s in sections.values()]
    for image, keys in [*pictures, (data.get("cover_image"), ("cover_image", "file"))]:
        if image:
            assets.check_image(project, path.parent, image["file"], doc.at(*keys), report)
    for section_id in required:
        if section_id not in data["sections"] and section_id not in meant:
            report.error(
                "missing-section",
                f"required section '{section_id}' is missing",
                doc.key_at("sections"),
            )
    if report.error_count != before:
        return None
    return Leaflet(
        topic=topic,
        language=language,
        path=path,
        title=data["title"],
        subtitle=data["subtitle"],
        intro=data["intro"],
        sections=sections,
        location=Location(shown, 1),
        cover_image=data["cover_image"],
        document=doc,
    )



def _section(doc: Document, section_id: str, raw: dict, report: Report) -> Section:
    """One section of a language file, its items with their lines (an empty one reported)."""
    items = [
        Item(text=i, location=doc.at("sections", section_id, "items", n))
        if isinstance(i, str)
        else Item(text=i["text"], title=i.get("title"),
                  location=doc.at("sections", section_id, "items", n),
                  evidence=i.get("evidence"), source=i.get("source"))
        for n, i in enumerate(raw.get("items", []))
    ]
    section = Section(
        id=section_id,
        heading=raw.get("heading"),
        body=raw.get("body", ""),
        items=items,
        summary=raw.get("summary", ""),
        location=doc.key_at("sections", section_id),
        image=raw.get("image"),
    )
    if not section.paragraphs and not section.items:
        report.error(
            "empty-section",
            f"section '{section_id}' has neither 'body' nor 'items'",
            section.location,
        )
    return section

def _is_locale(value: str) -> bool:
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def load_words(project: Project, language: str, report: Report,
               path: Path | None = None) -> Words | None:
    """``templates/words/<lang>.yaml`` (or the words file at ``path``); ``None`` when the
    language has no words file."""
    path = path or project.find(f"templates/words/{language}.yaml")
    if path is None or not path.is_file():
        return None
    doc = load_file(project, path, "words", report)
    if doc is None:
        return None
    data = with_defaults(doc.data, "words")
    if data["locale"] is not None and not _is_locale(data["locale"]):
        report.error("unknown-locale", f"{data['locale']!r} is not a locale Babel knows "
                     "(use a form like en_GB or fr_FR)", doc.at("locale"))
        return None
    before = report.error_count
    for n, family in enumerate(data["fonts"]):
        check_font(family, doc.at("fonts", n), report)
    if report.error_count != before:
        return None
    return Words(
        language=language,
        path=path,
        language_name=data["language_name"],
        headings=dict(data["headings"]),
        words=dict(data["words"]),
        fonts=list(data["fonts"]),
        locale=data["locale"],
        hyphenate=data["hyphenate"],
        size_factor=data["size_factor"],
        digits=data["digits"],
        document=doc,
    )
