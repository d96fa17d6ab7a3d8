"""Composing the HTML of one leaflet.

Owns: the Jinja2 environment (sandboxed, autoescaped, strict about undefined
names, templates looked up project first, built-ins second) and the context a
template sees: the leaflet's text as safe HTML, the brand, the layout, the
words and dates of the language, and the stylesheets to link. Also the
typesetting choices made per job: whether text hyphenates (off unless a
brand or layout turns it on; never where the language or layout forbids),
the script's size factor, the digits of page numbers and dates, and the
pictures (logo, section and cover images) as downscaled ``data:`` URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from brochures import i18n
from brochures.checks import signoff
from brochures.errors import Location, Report
from brochures.inputs import assets, markup, typography
from brochures.inputs.catalog import Catalog
from brochures.inputs.project import Project, template_frame
from brochures.inputs.typography import Ties
from brochures.leaflet import pictures
from brochures.leaflet.qr import with_title
from brochures.leaflet.reuse import referenced_templates, template_references
from brochures.leaflet.templating import FALLBACK_FONTS, brand_css, environment
from brochures.model import FULL_TEXT, Brand, Job, Layout, Leaflet, Topic, Words


@dataclass
class Composition:
    """The HTML of one leaflet and the font families it asks for (what it is made from is
    its manifest, brochures.batch.manifest)."""

    html: str
    fonts: list[str] = field(default_factory=list)
    # What the fit guard asked of this attempt: body size, notes, the questions box.
    asked: dict = field(default_factory=dict)


# The largest a picture is ever printed (mm, width × height): logos on the
# large-print masthead, section pictures across a screen page. PNGs are
# downscaled to 300 dpi at this size before they are embedded.
LOGO_MAX_MM = (90, 20)
IMAGE_MAX_MM = (170, 120)


def hyphenates(brand: Brand, layout: Layout, words: Words | None) -> bool:
    """Hyphenation is off unless the layout or brand turns it on; the language may forbid it."""
    wanted = layout.hyphenate if layout.hyphenate is not None else brand.hyphenate
    return wanted and (words.hyphenate if words is not None else True)


def picture(catalog: Catalog, image: dict | None, topic_dir: Path, addresses: bool,
            cmyk: Path | None = None, ties: Ties | None = None) -> dict | None:
    """A section or cover picture for the templates: its data URL, alt text and caption
    (``cmyk``: the press profile it is converted to)."""
    if not image:
        return None
    path = topic_dir / assets.IMAGES / image["file"]
    return {
        "src": pictures.embed(catalog.picture(path), path.suffix, *IMAGE_MAX_MM, cmyk=cmyk),
        "alt": image["alt"],
        "caption": markup.inline(image["caption"], addresses, ties)
        if image.get("caption") else "",
        "file": image["file"],
    }


def section_context(catalog: Catalog, leaflet: Leaflet, layout: Layout,
                    headings: dict[str, str], template_words: dict[str, str], ties: Ties,
                    cmyk: Path | None = None, source_numbers: dict[str, int] | None = None
                    ) -> list[dict]:
    """The leaflet's sections in the layout's order, as the templates see them: heading,
    paragraphs and entries as safe HTML with the language's ties; a section's ``summary``
    instead of its text where the layout prints summaries (never for :data:`FULL_TEXT`).
    ``source_numbers``: the number a use's source has in the printed list of sources."""
    addresses = layout.link_addresses
    sections = []
    for section_id in layout.sections:
        section = leaflet.sections.get(section_id)
        if section is None:
            continue
        short = layout.summaries and section.summary and section_id not in FULL_TEXT
        sections.append({
            "id": section.id,
            "heading": ties.end(section.heading or headings.get(section.id, section.id)),
            "summarised": bool(short),
            "paragraphs": [markup.inline(p, addresses, ties) for p in
                           (section.summary_paragraphs if short else section.paragraphs)],
            "entries": [] if short else [
                {"title": ties.end(item.title) if item.title else item.title,
                 "text": markup.inline(item.text, addresses, ties, end=True),
                 # The evidence grade as a word label of the language (partials/evidence.html).
                 "evidence": item.evidence,
                 "grade": ties.apply(template_words.get(f"evidence_{item.evidence}",
                                                        item.evidence))
                 if item.evidence else "",
                 # The number of the use's source in the printed list, beside its grade.
                 "source_number": (source_numbers or {}).get(item.source)}
                for item in section.items
            ],
            "image": None if short else picture(catalog, section.image, leaflet.path.parent,
                                                addresses, cmyk, ties),
        })
    return sections


def compose(catalog: Catalog, job: Job, topic: Topic, leaflet: Leaflet, brand: Brand,
            layout: Layout, words: Words | None, fallback_words: Words | None, report: Report,
            extra: dict | None = None) -> Composition | None:
    """The HTML for ``job``; ``None`` (with problems reported) when it cannot be made."""
    project = catalog.project
    headings, template_words, fonts = i18n.merged_words(
        words, fallback_words, job.language, report, catalog.builtin_words(job.language))
    stylesheets = _stylesheets(project, layout, brand, report)
    if stylesheets is None:
        return None
    addresses = layout.link_addresses
    # The press edition's output profile (brochures.leaflet.edition.context): pictures in CMYK.
    cmyk = (extra or {}).get("press_profile")
    ties = typography.ties_for(catalog, job.language, report)
    numbers = {source.id: n for n, source in enumerate(topic.sources, 1) if source.id}
    date_locale = words.locale if words is not None else None
    digit_style = words.digits if words is not None else "latin"
    size_factor = words.size_factor if words is not None else 1.0
    context = {
        "job": job,
        "lang": job.language,
        "dir": i18n.direction(job.language),
        "leaflet": leaflet,
        "title": ties.apply(leaflet.title),
        "subtitle": ties.apply(leaflet.subtitle),
        "intro": markup.inline(leaflet.intro, addresses, ties) if leaflet.intro else "",
        "cover_image": picture(catalog, leaflet.cover_image, leaflet.path.parent,
                               addresses, cmyk, ties),
        "sections": section_context(catalog, leaflet, layout, headings, template_words, ties,
                                    cmyk, numbers),
        "topic": topic,
        "owner": topic.owner_in(job.language),
        **_dates(topic, job.language, date_locale, digit_style),
        **_brand_context(catalog, brand, fonts, job, topic, ties, cmyk),
        # The tying rules (brochures.inputs.typography) for template text: tie(text), a
        # label's colon.
        "tie": ties.apply,
        "tie_end": ties.end,
        "colon": ties.colon(),
        # Template words tied as content is (French "Rédigé par :", "18 ans").
        "words": {key: ties.apply(value) if isinstance(value, str) else value
                  for key, value in template_words.items()},
        "headings": headings,
        "stylesheets": [p.resolve().as_uri() for p in stylesheets],
        "description": markup.plain(leaflet.subtitle),
        **EDITION_DEFAULTS,
        **_layout_context(layout, brand, words),
        # Sign-off (issue 14): draft watermark and colophon, see brochures.checks.signoff.
        "signoff": signoff.context(catalog, topic, job.language, template_words,
                                   words.language_name if words else job.language,
                                   date_locale, digit_style, brand.id, layout.id),
        **(extra or {}),
    }
    # The script's size factor applies to whatever size the edition or fit guard chose,
    # so the fit guard and the layout's floor count with it.
    context["body_pt"] = round(context["body_pt"] * size_factor, 2)
    _qr_alt(context)
    html = _render(project, layout, context, report)
    families = [brand.fonts["heading"], brand.fonts["body"], *fonts, *FALLBACK_FONTS]
    return None if html is None else Composition(html, list(dict.fromkeys(families)))


# Edition extras (brochures.leaflet.edition.context) default to none.
EDITION_DEFAULTS = {"page_css": "", "qr_url": "", "qr_label": "", "qr_svg": "",
                    "notes_pages": 0, "notes_rules": 0}


def _stylesheets(project: Project, layout: Layout, brand: Brand,
                 report: Report) -> list[Path] | None:
    """base.css, the layout's stylesheet and the brand's theme (``None`` if one is missing)."""
    stylesheets: list[Path] = []
    for relative in ("styles/base.css", f"styles/{layout.stylesheet}"):
        found = project.find(relative)
        if found is None:
            report.error("missing-file", f"stylesheet {relative} is missing", Location(relative))
            return None
        stylesheets.append(found)
    if brand.theme_css:
        stylesheets.append(brand.theme_css)
    return stylesheets


def _brand_context(catalog: Catalog, brand: Brand, fonts: list[str], job: Job, topic: Topic,
                   ties, cmyk) -> dict:
    """What the templates know of the brand: its colours and fonts as CSS, the logo, the
    footer and its texts in the leaflet's language."""
    return {
        "brand": brand,
        "brand_css": brand_css(brand, fonts, job.press),
        "logo_url": pictures.embed(catalog.picture(brand.logo), brand.logo.suffix,
                                   *LOGO_MAX_MM, cmyk=cmyk),
        "logo_file": brand.logo.name,
        "show_brand_name": not brand.logo_has_name,
        "footer": brand.footer_in(job.language, topic.source_language),
        # The brand's texts given per language (brand.yaml): cost, out-of-hours number,
        # how to complain and to check the doctor's registration.
        "brand_text": {key: ties.apply(brand.text_in(key, job.language, topic.source_language))
                       for key in ("cost", "complaints", "registration", "out_of_hours")},
    }



def _qr_alt(context: dict) -> None:
    """The QR code's alternative text, in the leaflet's language ("Scan to book: …")."""
    if context["qr_svg"]:
        call = context["words"].get("scan_to_book") or ""
        context["qr_svg"] = with_title(context["qr_svg"], f"{call}: {context['qr_label']}"
                                       if call else context["qr_label"])

def _dates(topic: Topic, language: str, date_locale, digit_style: str) -> dict:
    """The review dates in the leaflet's language and digits, and its counters' style."""
    def long(day):
        return i18n.digits(i18n.long_date(day, language, date_locale), digit_style)
    return {
        "reviewed": long(topic.reviewed),
        "next_review": long(topic.next_review),
        "counter_style": "arabic-indic" if digit_style == "arabic-indic" else "decimal",
        "page_digits": lambda n: i18n.digits(str(n), digit_style),
    }


def _layout_context(layout: Layout, brand: Brand, words: Words | None) -> dict:
    addresses = layout.link_addresses
    return {
        "layout": layout,
        "body_pt": layout.body_pt,
        "questions_box": layout.questions_box,
        "hyphenate": hyphenates(brand, layout, words),
        "link_addresses": addresses,
        # A link's visible address: on paper it may wrap after "/" or "." (markup.unbroken);
        # on screen it is plain text, so that a link is one annotation, not one per piece.
        "link_label": markup.unbroken if addresses else str,
    }

def _render(project: Project, layout: Layout, context: dict, report: Report) -> str | None:
    """The layout's template rendered with ``context``; ``None`` (reported) on an error."""
    env = environment(tuple(project.template_dirs()))
    try:
        template = env.get_template(layout.template)
        html = template.render(context)
    except jinja2.TemplateNotFound as exc:
        # An include names the template that asked for it; else the layout names it.
        frame = template_frame(exc)
        where = Location(project.show(frame[0]), frame[1]) if frame else Location(
            project.show(layout.path))
        report.error("missing-template", f"template {exc.name} not found", where)
        return None
    except jinja2.TemplateError as exc:
        # Runtime errors (a sandbox refusal, an undefined name) carry no line: take it
        # from the template frame of the traceback.
        frame = template_frame(exc)
        if getattr(exc, "filename", None):
            name, line = exc.filename, getattr(exc, "lineno", None)
        else:
            name, line = frame or (layout.template, None)
        report.error("template-error", str(exc), Location(project.show(Path(name)), line))
        return None
    return html


def _template_names(env: jinja2.Environment, name: str) -> list[str]:
    """``name`` and every template it extends, includes or imports (for fingerprints)."""
    return [found for found, _ in _template_files(env, name)]


def _template_files(env: jinja2.Environment, name: str,
                    seen: set | None = None) -> list[tuple[str, str]]:
    """``name`` and every template it extends, includes or imports, each with its file
    (one look-up per template: the loader checks every file it returns is inside)."""

    seen = seen if seen is not None else set()
    if name in seen:
        return []
    seen.add(name)
    source, filename, _ = env.loader.get_source(env, name)
    found = [(name, filename)]
    for child in referenced_templates(env, source):
        found += _template_files(env, child, seen)
    return found


def template_names(project: Project, name: str) -> list[str]:
    """``name`` and every template it includes, extends or imports (asks Jinja).

    A template that includes a name it computes (``{% include x ~ ".html" %}``)
    could include any template: then every template counts, ``*`` first.
    """

    env = environment(tuple(project.template_dirs()))
    try:
        names = _template_names(env, name)
        if any(None in template_references(env, env.loader.get_source(env, n)[0])
               for n in names):
            names = ["*", *sorted(set(names) | set(env.list_templates(extensions=["html"])))]
    except Exception:  # a broken template: the job will fail and say why
        names = [name]
    return names
