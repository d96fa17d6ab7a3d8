"""Brand assets a person supplies: colours, font families, logo, theme CSS.

Owns: deciding whether a brand's assets are safe and usable before anything
is rendered. A colour must be a CSS colour; a font family must be installed;
a logo must be an SVG, PNG or JPEG inside the brand folder whose bytes are
what its name says (brochures.inputs.rasters), and an SVG must not
reach for other files, the network or XML entities; a ``theme.css`` may only
use files inside the brand folder. Section and cover pictures follow the
logo's rules and live in ``content/<topic>/images/``. Pictures reach the
renderer as ``data:`` URLs, PNGs and JPEG photos (kept as JPEG) downscaled
to 300 dpi at their largest printed size, so a huge logo never bloats a PDF
(in the press edition, CMYK JPEGs converted from their own colour profile:
``brochures.leaflet.press_images``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import tinycss2
import tinycss2.color4

from brochures.errors import Location, Report
from brochures.inputs.project import Project, is_inside
from brochures.inputs.rasters import MAX_PIXELS, mismatch, raster_problem, sniff

MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = MAX_PIXELS
MAX_CSS_BYTES = 1_000_000

_SAFE_COLOR = re.compile(r"^[#a-zA-Z0-9(),.%\s/-]{1,60}$")
_SAFE_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,60}$")
_SVG_REFERENCE = re.compile(rb"""(?:xlink:)?href\s*=\s*["'](?!#)([^"']*)["']""", re.I)


def check_color(value: str, where: Location, report: Report) -> None:
    if not _SAFE_COLOR.match(value) or tinycss2.color4.parse_color(value) is None:
        report.error("bad-color", f"{value!r} is not a CSS colour (try #1a5f7a)", where)


@cache
def installed_families() -> frozenset[str]:
    """Font families fontconfig knows, lower-cased (empty if fc-list is missing)."""
    if not shutil.which("fc-list"):
        return frozenset()
    out = subprocess.run(
        ["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(f.strip().lower() for line in out.splitlines() for f in line.split(","))


def check_font(family: str, where: Location, report: Report) -> None:
    if not _SAFE_FAMILY.match(family):
        report.error("bad-font", f"{family!r} is not a font family name", where)
        return
    families = installed_families()
    if families and family.lower() not in families:
        report.error(
            "unknown-font",
            f"font family {family!r} is not installed (installed Noto families include "
            "'Noto Sans', 'Noto Serif', 'Noto Sans Display')",
            where,
        )


def _check_svg(data: bytes, where: Location, report: Report, what: str = "logo") -> None:
    before = len(report.errors)
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        report.error("unsafe-logo", f"the SVG {what} declares a DOCTYPE or entities", where)
    for match in _SVG_REFERENCE.finditer(data):
        target = match.group(1).decode("utf-8", "replace")[:60]
        report.error("unsafe-logo", f"the SVG {what} refers to another file or URL: {target!r}",
                     where)
    # CSS is case-insensitive and allows escapes (``u\72l(``): refuse both forms.
    css_fetch = re.search(rb"url\(\s*['\"]?(?!#)", data, re.I)
    if css_fetch or re.search(rb"@import|\\[0-9a-f]", data, re.I):
        report.error("unsafe-logo", f"the SVG {what} loads a resource through CSS", where)
    # A logo is a picture: scripts, event handlers and embedded HTML have no place in it.
    active = re.search(rb"<\s*(?P<tag>script|foreignObject|iframe|object|embed)\b"
                       rb"|<[^>]*\s(?P<attr>on[a-z]+)\s*=", data, re.I)
    if active:
        found = (active["tag"] or active["attr"]).decode("ascii", "replace")
        report.error("unsafe-logo", f"the SVG {what} holds active content ({found!r})", where)
    if b"<svg" not in data[:4096].lower():
        report.error("bad-logo", f"the {what} file is not an SVG image", where)
    if len(report.errors) != before:
        return
    try:
        # No DOCTYPE (refused above) means no entities: expat is safe to run here.
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        report.error("bad-logo", f"the SVG {what} is not well-formed XML (line {line} of the "
                     f"{what} file); export it again from the design tool", where)
        return
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        report.error("bad-logo", f"the {what} file is not an SVG image", where)


def check_picture(data: bytes, suffix: str, where: Location, report: Report,
                   what: str = "logo") -> None:
    """An SVG, PNG or JPEG picture's bytes: what its name says, safe, whole."""
    code = "bad-logo" if what == "logo" else "bad-image"
    if suffix == ".svg" and sniff(data) in ("SVG", None):
        _check_svg(data, where, report, what)
        return
    wrong = mismatch(data, suffix, what) if suffix == ".svg" else raster_problem(
        data, suffix, what)
    if wrong:
        report.error(code, wrong, where)


def check_brand_assets(
    project: Project, folder: Path, logo_name: str, where: Location, report: Report
) -> tuple[Path, Path | None]:
    """The logo and optional theme.css of a brand, after checking both are safe."""
    logo = folder / logo_name
    if "/" in logo_name or "\\" in logo_name or not is_inside(logo, folder):
        report.error("unsafe-path", f"the logo must be a file in the brand folder: {logo_name!r}",
                     where)
    elif not logo.is_file():
        report.error("missing-logo", f"logo file {logo_name!r} is not in {project.show(folder)}/",
                     where)
    elif logo.stat().st_size > MAX_LOGO_BYTES:
        report.error("bad-logo", f"the logo file is {logo.stat().st_size:,} bytes; the limit is "
                     f"{MAX_LOGO_BYTES:,}", where)
    else:
        check_picture(logo.read_bytes(), logo.suffix.lower(), where, report)
    theme = folder / "theme.css"
    if not theme.is_file():
        return logo, None
    shown = Location(project.show(theme), 1)
    if not is_inside(theme, folder):
        report.error("unsafe-path", "theme.css points outside the brand folder", shown)
        return logo, None
    _check_css(theme, folder, project, report)
    return logo, theme


IMAGES = "images"  # content/<topic>/images/: the only folder of content a leaflet shows


def check_image(project: Project, topic_dir: Path, name: str, where: Location,
                report: Report) -> Path | None:
    """A section or cover picture: a safe SVG or PNG file in ``content/<topic>/images/``."""
    folder = topic_dir / IMAGES
    path = folder / name
    if "/" in name or "\\" in name or not is_inside(path, folder):
        report.error("unsafe-path", f"a picture must be a file in {project.show(folder)}/, "
                     f"not {name[:60]!r}", where)
        return None
    if not path.is_file():
        report.error("missing-image", f"picture {name!r} is not in {project.show(folder)}/",
                     where)
        return None
    if path.stat().st_size > MAX_LOGO_BYTES:
        report.error("bad-image", f"the picture is {path.stat().st_size:,} bytes; the limit is "
                     f"{MAX_LOGO_BYTES:,}", where)
        return None
    before = report.error_count
    check_picture(path.read_bytes(), path.suffix.lower(), where, report, what="picture")
    return path if report.error_count == before else None


def _check_css(path: Path, folder: Path, project: Project, report: Report) -> None:
    """A theme stylesheet may only use files in its brand folder, never the network."""
    check_stylesheet(path, folder, project, report, allow_import=False)


@lru_cache(maxsize=64)
def _css_references(text: str) -> tuple[tuple[str, str, int | None], ...]:
    """What a stylesheet's text loads, in order: ``("import", "", line)`` for an ``@import``
    rule, ``("target", address, line)`` for each address it names (``@import`` strings and
    ``url()``). Every load of a layout checks the same built-in stylesheets again, and parsing
    them was most of a load: this is cached, keyed by the text (a changed file is read anew)."""
    found: list[tuple[str, str, int | None]] = []

    def walk(nodes):
        for node in nodes:
            line = getattr(node, "source_line", None)
            if node.type == "at-rule" and node.lower_at_keyword == "import":
                found.append(("import", "", line))
                for token in node.prelude or []:
                    if token.type == "string":
                        found.append(("target", token.value, line))
            if node.type == "url" or (node.type == "function" and node.lower_name == "url"):
                found.append(("target", node.value if node.type == "url"
                              else tinycss2.serialize(node.arguments), line))
            for child in ("prelude", "content", "arguments"):
                value = getattr(node, child, None)
                if isinstance(value, list):
                    walk(value)

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return tuple(found)


def check_stylesheet(
    path: Path,
    folder: Path,
    project: Project,
    report: Report,
    allow_import: bool = True,
    seen: set[Path] | None = None,
) -> None:
    """Report every ``url()`` or ``@import`` of ``path`` that leaves ``folder`` or names a URL.

    A project's own stylesheets are as untrusted as its content: this names the
    file and line before anything is rendered (the URL fetcher refuses the same
    loads again while rendering). Local ``@import`` targets are checked in turn.
    """
    seen = seen if seen is not None else set()
    if path.resolve() in seen:
        return
    seen.add(path.resolve())
    shown = project.show(path)
    name = path.name if path.name == "theme.css" else shown
    allowed = "its brand folder" if path.name == "theme.css" else f"{project.show(folder)}/"
    try:
        if path.stat().st_size > MAX_CSS_BYTES:
            report.error("too-large", f"the stylesheet is over the limit of {MAX_CSS_BYTES:,} "
                         "bytes", Location(shown, 1))
            return
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        report.error("unreadable", f"cannot read the stylesheet: {exc.strerror or exc}",
                     Location(shown, 1))
        return
    imports: list[Path] = []

    def check(target: str, where: Location) -> None:
        target = target.strip("'\" ")
        # Percent-escapes (``%2e%2e/``) are decoded by the renderer: check what it sees.
        plain = unquote(target)
        local = (
            not re.match(r"^[a-z][a-z0-9+.-]*:", plain, re.I)
            and not plain.startswith(("/", "~"))
            and "\\" not in plain
            and plain != ""
        )
        if not local or not is_inside(path.parent / plain, folder):
            report.error("unsafe-css", f"{name} may only use files in {allowed}, "
                         f"not {target[:60]!r}", where)
        elif plain.endswith(".css"):
            imports.append(path.parent / plain)

    for kind, target, line in _css_references(text):
        where = Location(shown, line)
        if kind == "import":
            if not allow_import:
                report.error("unsafe-css", f"{name} may not @import other stylesheets", where)
        else:
            check(target, where)
    for imported in imports:
        if imported.is_file() and allow_import:
            check_stylesheet(imported, folder, project, report, allow_import, seen)
