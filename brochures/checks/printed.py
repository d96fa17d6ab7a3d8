"""Everything a patient reads or sees of a leaflet, as units an approval covers.

Owns: the units of one language of a topic as one brand prints it in one
layout — the language file's text and the topic's facts (brochures.inputs.units),
the words of the language's templates (headings, labels, questions), the
brand's name, contact, emergency and out-of-hours details and footer, every
picture's bytes (the logo's among them) and which sections the layout prints.
Styling is not among them: a colour or a font changes no unit. The approval
of a language records these units for the brands and layouts it covers, and
any later change to one makes the leaflet a draft again.
"""

from __future__ import annotations

import hashlib

from brochures import i18n
from brochures.errors import Location, Report
from brochures.inputs.catalog import Catalog
from brochures.inputs.units import FACT, TEXT, Unit, language_units, normalize, topic_units
from brochures.model import Brand, Layout, in_language

BRAND, LAYOUT, PICTURE, WORDS = "brand.", "layout.", "picture.", "words."


def content_units(catalog: Catalog, topic_id: str, language: str) -> list[Unit] | None:
    """The language file's units and the topic facts (``None``: a file did not load)."""
    topic = catalog.topics.get(topic_id)
    leaflet = topic.leaflets.get(language) if topic is not None else None
    if leaflet is None or leaflet.document is None or topic.document is None:
        return None
    return language_units(leaflet.document, leaflet.document.lines) + \
        topic_units(topic.document)


def words_units(catalog: Catalog, topic_id: str, language: str) -> list[Unit]:
    """The template words a leaflet in ``language`` prints (its own, or the source's)."""
    topic = catalog.topics[topic_id]
    words = catalog.words.get(language)
    fallback = catalog.words.get(topic.source_language)
    builtin = catalog.builtin_words(language)
    headings, template_words, _ = i18n.merged_words(words, fallback, language, Report(),
                                                    builtin)
    units = []
    for group, values in (("headings", headings), ("words", template_words)):
        for key, text in sorted(values.items()):
            owner = next((w for w in (words, fallback) if w is not None
                          and key in getattr(w, group)), builtin)
            doc = owner.document if owner is not None else None
            where = doc.at(group, key) if doc is not None else Location("templates/words/")
            if normalize(text):
                units.append(Unit(f"{WORDS}{group}.{key}", normalize(text), where.path,
                                  where.line or 1, TEXT))
    return units


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def picture_units(catalog: Catalog, topic_id: str, language: str) -> list[Unit]:
    """Each picture the leaflet shows, by its bytes (alt texts are text units)."""
    leaflet = catalog.topics[topic_id].leaflets[language]
    shown = catalog.project.show(leaflet.path)
    units = []
    for path in dict.fromkeys(catalog.pictures(leaflet)):
        try:
            data = catalog.picture(path)
        except OSError:
            continue  # the load reported it
        units.append(Unit(f"{PICTURE}{path.name}", f"{path.name} ({_digest(data)})", shown, 1,
                          FACT))
    return units


def brand_units(catalog: Catalog, brand: Brand, language: str, source: str) -> list[Unit]:
    """What a patient reads of a brand: name, contact, emergency and out-of-hours numbers,
    cost, how to complain and to check a registration, footer, and its logo."""
    doc = brand.document
    shown = catalog.project.show(brand.path / "brand.yaml")

    def at(*keys) -> tuple[str, int]:
        where = doc.at(*keys) if doc is not None else Location(shown, 1)
        return where.path, where.line or 1

    prefix = f"{BRAND}{brand.id}."
    values = [("name", brand.name, ("name",)), ("emergency", brand.emergency, ("emergency",)),
              ("footer", brand.footer_in(language, source), ("footer",))]
    # Given once or per language: the unit is the text this language's leaflets print.
    for key in ("out_of_hours", "cost", "complaints", "registration"):
        given = getattr(brand, key)
        code = in_language(given, language, source)[0] if isinstance(given, dict) else None
        values.append((key, brand.text_in(key, language, source),
                       (key, code) if code else (key,)))
    values += [(f"contact.{key}", value, ("contact", key))
               for key, value in sorted(brand.contact.items())]
    units = [Unit(prefix + key, normalize(value), *at(*path), FACT)
             for key, value, path in values if isinstance(value, str) and normalize(value)]
    try:
        logo = catalog.picture(brand.logo)
        units.append(Unit(f"{prefix}logo", f"{brand.logo.name} ({_digest(logo)})",
                          *at("logo"), FACT))
    except OSError:
        pass
    return units


def layout_units(catalog: Catalog, layout: Layout, topic_id: str, language: str) -> list[Unit]:
    """Which of the leaflet's sections a layout prints (in any order)."""
    leaflet = catalog.topics[topic_id].leaflets[language]
    printed = sorted(s for s in layout.sections if s in leaflet.sections)
    where = layout.document.at("sections") if layout.document is not None else Location(
        catalog.project.show(layout.path), 1)
    return [Unit(f"{LAYOUT}{layout.id}.sections", ", ".join(printed), where.path,
                 where.line or 1, FACT)]


def printed_units(catalog: Catalog, topic_id: str, language: str, brands: list[str],
                  layouts: list[str]) -> list[Unit] | None:
    """Everything a patient reads or sees of ``language`` in ``brands`` × ``layouts``;
    ``None`` when the language's files did not load."""
    units = content_units(catalog, topic_id, language)
    if units is None:
        return None
    source = catalog.topics[topic_id].source_language
    units = [*units, *words_units(catalog, topic_id, language),
             *picture_units(catalog, topic_id, language)]
    for brand_id in brands:
        if brand_id in catalog.brands:
            units += brand_units(catalog, catalog.brands[brand_id], language, source)
    for layout_id in layouts:
        if layout_id in catalog.layouts:
            units += layout_units(catalog, catalog.layouts[layout_id], topic_id, language)
    return units


def relevant(uid: str, brands: list[str], layouts: list[str]) -> bool:
    """Whether unit ``uid`` of an approval concerns the leaflets of ``brands`` × ``layouts``
    (a unit of another brand or layout does not)."""
    if uid.startswith(BRAND):
        return uid.split(".")[1] in brands
    if uid.startswith(LAYOUT):
        return uid.split(".")[1] in layouts
    return True
