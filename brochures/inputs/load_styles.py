"""Loading a project's brands and layouts into the domain model.

Owns: reading ``brand.yaml`` (its colours, fonts, logo and theme checked) and
the layout files (their sections, PDF variant, templates and stylesheets
checked, with every stylesheet they import), each against its schema. Every
problem goes into the caller's :class:`Report`; a file with an error yields
``None`` so that nothing is built from it.
"""

from __future__ import annotations

from pathlib import Path

from brochures.errors import Location, Problem, Report, did_you_mean
from brochures.inputs.assets import (
    check_brand_assets,
    check_color,
    check_font,
    check_stylesheet,
)
from brochures.inputs.load import load_file, section_list
from brochures.inputs.project import ID_RE, Project, is_inside, safe_relative
from brochures.inputs.validate import schema_keys, with_defaults
from brochures.inputs.yamlio import Document
from brochures.model import Brand, Layout

# The PDF variants WeasyPrint 70 can write (``weasyprint.pdf.VARIANTS``; a test keeps
# this list in step, without importing WeasyPrint on every load).
PDF_VARIANTS = frozenset({
    "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b",
    "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a",
    "pdf/x-3", "pdf/x-4", "pdf/x-5g",
})


def load_brand(project: Project, brand_id: str, report: Report) -> Brand | None:
    """A brand folder: ``brand.yaml``, its logo and optional ``theme.css``."""
    if not ID_RE.match(brand_id):
        report.error("bad-id", f"'{brand_id}' is not a valid brand id (a-z, 0-9, - and _ only)")
        return None
    folder = project.brand_dir(brand_id)
    local = project.root / "styles" / "brands" / brand_id
    if folder is None and local.is_dir() and not project.contains(local):
        report.error("unsafe-path", f"styles/brands/{brand_id} links outside the project; "
                     "copy the brand in instead of linking to it",
                     Location(f"styles/brands/{brand_id}/"))
        return None
    if folder is None and local.is_dir():
        shown = f"styles/brands/{brand_id}/brand.yaml"
        report.error("missing-file", f"brand '{brand_id}' has no brand.yaml", Location(shown))
        return None
    if folder is None:
        known = ", ".join(project.brand_ids()) or "none"
        report.error("unknown-brand", f"no brand '{brand_id}' in styles/brands/"
                     f"{did_you_mean(brand_id, project.brand_ids())} (known: {known})")
        return None
    doc = load_file(project, folder / "brand.yaml", "brand", report)
    if doc is None:
        return None
    before = report.error_count
    data = with_defaults(doc.data, "brand")
    # Unknown keys were warned about as ignored: drop them, so that nothing unchecked
    # (a colour role nobody validated) reaches the CSS or the templates.
    colors, fonts = _known(data, "colors"), _known(data, "fonts")
    for role, value in colors.items():
        check_color(value, doc.at("colors", role), report)
    for role, family in fonts.items():
        check_font(family, doc.at("fonts", role), report)
    logo, theme = check_brand_assets(project, folder, data["logo"], doc.at("logo"), report)
    if report.error_count != before:
        return None
    return Brand(
        id=brand_id,
        path=folder,
        name=data["name"],
        logo=logo,
        colors=colors,
        fonts=fonts,
        # Every contact key present (empty when not given), so templates can test any.
        contact={key: "" for key in schema_keys("brand", "contact")} | _known(data, "contact"),
        sample=data["sample"],
        document=doc,
        footer=data["footer"],
        cmyk=_known(data, "cmyk"),
        theme_css=theme,
        logo_has_name=data["logo_has_name"],
        hyphenate=data["hyphenate"],
        emergency=data["emergency"],
        out_of_hours=data["out_of_hours"],
        cost=data["cost"],
        complaints=data["complaints"],
        registration=data["registration"],
    )


def _known(data: dict, group: str) -> dict:
    """``data[group]`` of a brand without the keys the brand schema does not know."""
    keys = schema_keys("brand", group)
    return {key: value for key, value in (data.get(group) or {}).items() if key in keys}


def load_layout(project: Project, layout_id: str, report: Report,
                sections: tuple[list[str], list[str], list[Problem]] | None = None
                ) -> Layout | None:
    """``templates/layouts/<layout>.yaml``, looked up on the search path."""
    if not ID_RE.match(layout_id):
        report.error("bad-id", f"'{layout_id}' is not a valid layout id")
        return None
    path = project.find(f"templates/layouts/{layout_id}.yaml")
    if path is None:
        known = ", ".join(project.layout_ids()) or "none"
        report.error("unknown-layout", f"no layout '{layout_id}'"
                     f"{did_you_mean(layout_id, project.layout_ids())} (known: {known})")
        return None
    doc = load_file(project, path, "layout", report)
    if doc is None:
        return None
    data = with_defaults(doc.data, "layout")
    # Its problems are reported by topics.
    if not _sections_listed(data["sections"], sections or section_list(project), doc, report):
        return None
    variant = data["pdf_variant"]
    if variant is not None and variant not in PDF_VARIANTS:
        report.error("bad-value", f"'pdf_variant' must be one of {', '.join(sorted(PDF_VARIANTS))}"
                     f", not {variant[:40]!r}", doc.at("pdf_variant"))
        return None
    for key in ("template", "stylesheet"):
        if not safe_relative(data[key]):
            report.error("unsafe-path", f"'{key}' must be a path inside the project's "
                         f"templates/ or styles/, not {data[key][:60]!r}", doc.at(key))
            return None
    read = _check_stylesheets(project, data["stylesheet"], report)
    if read is None:
        return None
    return Layout(
        id=layout_id,
        path=path,
        description=data["description"],
        template=data["template"],
        stylesheet=data["stylesheet"],
        sections=list(data["sections"]),
        # Not set: the layout cannot shrink its text below its own size.
        min_body_pt=data["min_body_pt"] if data["min_body_pt"] is not None else data["body_pt"],
        paper=dict(data["paper"]),
        margins=dict(data["margins"]),
        page_counts=sorted(data["page_counts"]),
        **{key: data[key] for key in (
            "pages", "body_pt", "press", "tagged", "pdf_variant", "imposition", "closing_pages",
            "hyphenate", "link_addresses", "questions_box", "summaries", "notes_under_text")},
        output=data["output"],
        document=doc,
        stylesheets=sorted(read),
    )


def _check_stylesheets(project: Project, stylesheet: str, report: Report) -> set[Path] | None:
    """Every stylesheet a layout uses (base.css, its own, what they import), each checked;
    ``None`` when one is unsafe."""
    # A local report: base.css is shared by every layout, and the main report
    # keeps only the first copy of a problem.
    css_report = Report()
    read: set[Path] = set()  # every stylesheet checked, those it imports included
    for relative in ("styles/base.css", f"styles/{stylesheet}"):
        found = project.find(relative)
        root = next((r for r in project.roots if found and is_inside(found, r)), None)
        if found is not None and root is not None:
            check_stylesheet(found, root / "styles", project, css_report, seen=read)
    report.extend(css_report.problems)
    return None if css_report.errors else read


def _sections_listed(listed: list[str], sections: tuple, doc: Document, report: Report) -> bool:
    """A layout may reorder sections, never leave out one a patient must read."""
    required, optional, _ = sections
    left_out = [s for s in required if s not in listed]
    if left_out:
        report.error("missing-section", f"the layout leaves out the required section"
                     f"{'s' if len(left_out) > 1 else ''} {', '.join(left_out)} "
                     "(templates/sections.yaml): list it under 'sections'",
                     doc.at("sections"))
        return False
    for n, section_id in enumerate(listed):
        if required and section_id not in (*required, *optional):
            report.warning("unknown-section", f"the layout lists section '{section_id}', which "
                           "templates/sections.yaml does not know", doc.at("sections", n))
    return True
