"""Starting a project, a topic or a language from nothing.

Owns: ``brochures init`` (a new project: settings naming the user's brand,
that brand with sample contact details, one complete example topic, a
``.gitignore``), ``brochures new topic`` and ``brochures new language``
(files whose every text is a one-line instruction starting with the
placeholder marker ``TODO:``, which ``check`` and ``build`` refuse to print).
Nothing here asks a question: every choice is an argument. Nothing is ever
overwritten: a file that exists stops the command before anything is written.
The brand from a logo is ``brandkit.py``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from brochures.authoring.brandkit import brand_files
from brochures.authoring.newfiles import Plan, quoted, slug, starter
from brochures.checks.todo import MARKER
from brochures.errors import BrochureError, Report
from brochures.i18n import LANG_RE, project_language
from brochures.inputs.languages import known_languages
from brochures.inputs.project import ID_RE, Project


def init(folder: Path, name: str, today: date | None = None) -> tuple[str, list[str]]:
    """A new project in ``folder`` (new, or empty but for hidden files); its brand id and files."""
    if folder.exists() and not folder.is_dir():
        raise BrochureError(f"{folder} is a file; give a new or empty folder")
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
        raise BrochureError(f"{folder} is not empty; give a new or empty folder "
                            "(brochures init never overwrites a file)")
    today = today or date.today()
    brand = slug(name)
    fields = {"name": quoted(name), "brand": brand, "domain": brand,
              "reviewed": today.isoformat(),
              "next_review": (today + timedelta(days=365)).isoformat()}
    files = {
        "brochures.yaml": starter("brochures.yaml").format(**fields),
        ".gitignore": starter("gitignore"),
        "content/chemical-peels/topic.yaml": starter("topic.yaml").format(**fields),
        "content/chemical-peels/en.yaml": starter("en.yaml"),
    }
    data = {key: value.encode() for key, value in files.items()}
    data.update(brand_files(brand, name, None))
    folder.mkdir(parents=True, exist_ok=True)
    return brand, Plan(folder, data).write()


def _sections(project: Project) -> list[str]:
    path = project.find("templates/sections.yaml")
    data = yaml.safe_load(path.read_text("utf-8")) if path else None
    if not isinstance(data, dict):
        return list(_SECTION_HINTS)
    # The optional sections too: a patient leaflet should have them (check warns without).
    listed = [*(data.get("required") or []), *(data.get("optional") or [])]
    return [s for s in listed if isinstance(s, str)] or list(_SECTION_HINTS)


# The instruction in each placeholder: what the writer puts there.
_SECTION_HINTS = {
    "what_it_is": "say in two or three short sentences what the treatment is.",
    "history": "say where the treatment comes from and how long it has been used.",
    "benefits": "say what it may help with, and how sure that is.",
    "stages": "say step by step how a treatment goes, from the first talk to healing.",
    "risks": "list the side effects and risks, the common ones first.",
    "not_suitable_for": "say who should not have it.",
    "aftercare": "say what to do and avoid after the treatment.",
    "evidence": "say what the studies show, and how strong they are.",
    "not_shown": "say plainly what it has not been shown to help, and that you do not offer "
                 "it for that.",
    "urgent": "list the symptoms that need help at once (the box adds the emergency number).",
    "alternatives": "list the other options, doing nothing among them.",
    "questions": "list the questions a patient should ask before deciding.",
}


def _language_file(sections: list[str], title: str) -> str:
    lines = [f"# {title}: replace every line that starts with {MARKER} (check refuses to print",
             "# a leaflet that still has one). Put text holding ': ' in quotes.",
             f'title: "{MARKER} the name of the treatment, as patients know it"',
             f'subtitle: "{MARKER} one line that says what the leaflet is about"',
             "sections:"]
    for section in sections:
        hint = _SECTION_HINTS.get(section, "write this section.")
        lines += [f"  {section}:", f'    body: "{MARKER} {hint}"']
    return "\n".join(lines) + "\n"


def new_topic(project: Project, topic: str, languages: list[str],
              today: date | None = None) -> list[str]:
    """``content/<topic>/``: topic.yaml and one language file per language, all placeholders."""
    if not ID_RE.match(topic):
        raise BrochureError(f"'{topic}' is not a valid topic id (a-z, 0-9, - and _ only)")
    languages = languages or ["en"]
    for language in languages:
        if not LANG_RE.match(language):
            raise BrochureError(f"'{language}' is not a language code (e.g. en, fr, pt-BR)")
    today = today or date.today()
    topic_yaml = "\n".join([
        f"# Facts about the {topic} leaflet that are the same in every language.",
        f"source_language: {languages[0]}",
        f"reviewed: {today.isoformat()}        # the day the text was last checked",
        f"next_review: {(today + timedelta(days=365)).isoformat()}     # review it again by then",
        f'owner: "{MARKER} the team or person responsible for what this leaflet says"',
        "sources:                    # the evidence you used: at least one",
        f'  - title: "{MARKER} the title of a source you used"',
        "    url: https://example.org/replace-with-the-source-address",
    ]) + "\n"
    sections = _sections(project)
    files = {f"content/{topic}/topic.yaml": topic_yaml.encode()}
    for language in languages:
        files[f"content/{topic}/{language}.yaml"] = _language_file(
            sections, f"The {topic} leaflet in '{language}'").encode()
    return Plan(project.root, files).write()


def _todo(text: str) -> str:
    """Each paragraph of a source text as a placeholder holding the text to translate."""
    return "\n\n".join(f"{MARKER} {para.strip()}" for para in text.split("\n\n") if para.strip())


def _mark_strings(value):
    if isinstance(value, str):
        return _todo(value)
    if isinstance(value, list):
        return [_mark_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _mark_strings(v) for k, v in value.items()}
    return value


def _language_name(language: str) -> str | None:
    """The language's own name for itself (Babel), if Babel knows the language."""

    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name()
    except (ValueError, UnknownLocaleError):
        return None
    return name[:1].upper() + name[1:] if name else None


_KEEP = {"locale", "fonts", "hyphenate", "direction"}  # settings, not words


def _dump(data: dict, header: str) -> bytes:
    class Block(yaml.SafeDumper):
        pass

    def text(dumper, value: str):
        style = "|" if "\n" in value else '"' if ": " in value or value[:1] in "\"'#&*!|>%@`" \
            else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Block.add_representer(str, text)
    body = yaml.dump(data, Dumper=Block, allow_unicode=True, sort_keys=False, width=1000)
    return (header + body).encode()


def new_language(project: Project, language: str, topic: str | None) -> list[str]:
    """The words file of ``language`` (if it has none) and ``topic``'s file, as TODO: lines."""

    problems = Report()
    language = project_language(language, known_languages(project)[0], problems) or ""
    if not language:
        raise BrochureError(problems.errors)
    files: dict[str, bytes] = {}
    source = "en"
    source_data = None
    if topic is not None:
        topic_file = project.content_dir / topic / "topic.yaml"
        if not ID_RE.match(topic) or not topic_file.is_file():
            raise BrochureError(f"no topic '{topic}' in content/ (known: "
                                f"{', '.join(project.topic_ids()) or 'none'})")
        facts = yaml.safe_load(topic_file.read_text("utf-8")) or {}
        source = str(facts.get("source_language") or "en")
        source_file = project.content_dir / topic / f"{source}.yaml"
        if not source_file.is_file():
            raise BrochureError(f"content/{topic}/{source}.yaml, the source language file, "
                                "is missing")
        source_data = yaml.safe_load(source_file.read_text("utf-8"))
    if project.find(f"templates/words/{language}.yaml") is None:
        words_file = project.find(f"templates/words/{source}.yaml")
        if words_file is None:
            raise BrochureError(f"no words file for the source language '{source}'")
        words = yaml.safe_load(words_file.read_text("utf-8"))
        marked = {k: (v if k in _KEEP else _mark_strings(v)) for k, v in words.items()}
        marked["locale"] = language.replace("-", "_")
        if name := _language_name(language):
            marked["language_name"] = name
        files[f"templates/words/{language}.yaml"] = _dump(marked, (
            f"# Every word the templates print, in '{language}', written from the '{source}' "
            f"ones.\n# Replace each {MARKER} line with the {language} words; check refuses to "
            "print one.\n"))
    if source_data is not None:
        files[f"content/{topic}/{language}.yaml"] = _dump(_mark_strings(source_data), (
            f"# The {topic} leaflet in '{language}'. Each {MARKER} line holds the '{source}' "
            "text to write\n# in this language: replace the whole line (marker included).\n"))
    if not files:
        raise BrochureError(f"templates/words/{language}.yaml exists already; name a topic to "
                            f"start its '{language}' file (brochures new language "
                            f"{language} TOPIC)")
    base = language.split("-")[0].split("_")[0]
    if project.find(f"rules/numbers/{base}.yaml") is None:
        numbers = number_words_file(language)
        if numbers is not None:
            files[f"rules/numbers/{base}.yaml"] = numbers
    return Plan(project.root, files).write()


def number_words_file(language: str) -> bytes | None:
    """``rules/numbers/<lang>.yaml`` with the cardinals 0-100 num2words writes in
    ``language`` (so that translation parity can compare numbers written in words), or
    ``None`` where num2words does not know the language."""

    # lazy: start-up time: num2words loads only when this runs
    from num2words import CONVERTER_CLASSES, num2words

    code = language.replace("-", "_")
    lang = next((c for c in (code, code.split("_")[0]) if c in CONVERTER_CLASSES), None)
    if lang is None:
        return None
    lines = [f"# Number words of '{language}' for translation parity: the cardinals 0-100 "
             "written by",
             "# 'brochures new language' with num2words. Add the forms it does not give",
             "# (feminine and case forms, \"a dozen\"), and 'century: [...]' words.",
             "words:"]
    try:
        for n in range(101):
            word = num2words(n, lang=lang).lower()
            forms = list(dict.fromkeys([word, word.replace("-", " "), word.replace(" ", "-")]))
            lines.append(f"  {n}: [{', '.join(json.dumps(f, ensure_ascii=False) for f in forms)}]")
    except (NotImplementedError, OverflowError, ValueError, TypeError):
        return None
    return ("\n".join(lines) + "\n").encode("utf-8")
