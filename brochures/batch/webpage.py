"""The web edition: one leaflet as a self-contained HTML page for a clinic's website.

Owns: making a leaflet of a layout whose ``output`` is ``html`` (the ``web`` layout,
``templates/layouts/web.yaml``): composing it through its template like any layout,
asking the gate for the verdict (a page has no paper, so nothing to overflow), and
writing the page with everything it uses into ``assets/`` beside it — its
stylesheets, the brand's fonts cut down to the page's characters, its pictures, the
QR code — under names made from their bytes, so that the pages of a topic share
them, a page never names a stale file, and no request leaves the page's folder.
Also the page's metadata (the schema.org ``MedicalWebPage``) and the links to the
same leaflet in its other languages.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html as html_module
import io
import json
import logging
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup

from brochures import caches, i18n
from brochures.checks import gate, signoff
from brochures.errors import ERROR, Location, Problem, Report
from brochures.inputs import markup
from brochures.inputs.assets import check_picture
from brochures.inputs.catalog import Catalog
from brochures.inputs.project import is_inside
from brochures.leaflet import qr
from brochures.leaflet.compose import compose
from brochures.leaflet.fonts import check_coverage
from brochures.leaflet.templating import brand_css as compose_brand_css
from brochures.model import BUILT, FAILED, Job, Outcome
from brochures.write import OutputError, write_atomic

ASSETS = "assets"  # beside the pages: <out>/<brand>/<topic>/assets/
_DATA_URL = re.compile(r'="data:(image/(?:png|jpeg|svg\+xml));base64,([A-Za-z0-9+/=]+)"')
_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")
# What a brand's theme.css may bring along into assets/: fonts and pictures.
THEME_FILES = frozenset({".woff2", ".woff", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".svg"})
# Font files by weight: the page sets headings and labels bold, the rest regular.
_WEIGHTS = {400: "", 700: ":bold"}


class Assets:
    """The files a page uses, by their name below its folder (``assets/<digest><suffix>``)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, data: bytes, suffix: str) -> str:
        name = f"{ASSETS}/{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
        self.files[name] = data
        return name


def _unembed(html: str, assets: Assets) -> str:
    """Every picture compose gave as a ``data:`` URL (logo, pictures) as a file in assets."""
    def file(match: re.Match) -> str:
        data = base64.b64decode(match[2])
        return f'="{assets.add(data, _SUFFIX[match[1]])}"'

    return _DATA_URL.sub(file, html)


def _theme(catalog: Catalog, path: Path, brand_dir: Path, assets: Assets,
           used: set[Path]) -> str:
    """The brand's ``theme.css`` with each file it uses (checked on load to lie in the
    brand's folder) copied into assets and named there."""
    text = catalog.picture(path).decode("utf-8", errors="replace")
    used.add(path)

    def local(match: re.Match) -> str:
        target = (path.parent / unquote(match[2].strip())).resolve()
        suffix = target.suffix.lower()
        if not is_inside(target, brand_dir) or not target.is_file() or suffix not in THEME_FILES:
            return "url()"  # refused on load already; never a request out of the folder
        data = catalog.picture(target)
        if suffix == ".svg":  # served from the site itself: no script may ride along
            found = Report()
            check_picture(data, suffix, Location(str(target)), found, "picture")
            if found.errors:
                return "url()"
        used.add(target)
        return f'url("{assets.add(data, suffix)[len(ASSETS) + 1:]}")'

    return _CSS_URL.sub(local, text)


def _font_file(family: str, weight: int) -> Path | None:
    """The installed file of ``family`` at ``weight`` (fontconfig), if that family is there."""
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(["fc-match", f"{family}{_WEIGHTS[weight]}", "--format",
                          "%{family}\t%{file}"], capture_output=True, text=True, check=False)
    found, _, file = out.stdout.partition("\t")
    names = {name.strip().lower() for name in found.split(",")}
    if family.lower() not in names or not file.endswith((".ttf", ".otf")):
        return None  # fontconfig offers a substitute: the browser's own fallback is better
    return Path(file)


def _subset(path: Path, text: str) -> bytes | None:
    """``path`` cut down to the characters of ``text`` as WOFF2 (WOFF without Brotli);
    the same font and characters are cut once (kept between runs: :mod:`brochures.caches`)."""
    # lazy: start-up time: fontTools loads only when this runs
    from fontTools import subset, version

    key = caches.key(path, version, _flavor(), text)  # the font file by its bytes
    kept = caches.load("fonts", key) if key else None
    if kept:
        return kept
    data = _cut(path, text, subset)
    if data and key:
        caches.keep("fonts", key, data)
    return data


def _flavor() -> str:
    try:
        # lazy: brotli is optional (WOFF2 where it is installed, else WOFF)
        import brotli  # noqa: F401
    except ImportError:
        return "woff"
    return "woff2"


def _cut(path: Path, text: str, subset) -> bytes | None:
    """``path`` cut down by fontTools' ``subset`` (``None`` where it cannot be cut)."""
    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joins, ligatures, kerning
    options.name_IDs = ["*"]  # the copyright and licence stay with the font
    options.flavor = _flavor()
    # What fontTools says of tables it drops while cutting is not a finding of the leaflet.
    quiet = logging.getLogger("fontTools")
    level, quiet.level = quiet.level, logging.ERROR
    try:
        font = subset.load_font(str(path), options)
        cutter = subset.Subsetter(options)
        cutter.populate(text=text)
        cutter.subset(font)
        out = io.BytesIO()
        subset.save_font(font, out, options)
    except Exception:  # a font fontTools cannot cut: the browser falls back
        return None
    finally:
        quiet.setLevel(level)
    return out.getvalue()


def font_faces(families: list[str], text: str, assets: Assets) -> str:
    """``@font-face`` rules for ``families`` (regular and bold), each font subset to ``text``."""
    rules = []
    for family in dict.fromkeys(families):
        for weight in _WEIGHTS:
            path = _font_file(family, weight)
            data = _subset(path, text) if path is not None else None
            if data is None:
                continue
            name = assets.add(data, ".woff2" if data[:4] == b"wOF2" else ".woff")
            kind = "woff2" if name.endswith(".woff2") else "woff"
            family_css = family.replace("\\", "").replace('"', "")
            rules.append(f'@font-face {{ font-family: "{family_css}"; font-weight: {weight}; '
                         f'font-style: normal; font-display: swap; '
                         f'src: url("{name[len(ASSETS) + 1:]}") format("{kind}"); }}')
    return "\n".join(rules)


def _visible_text(html: str) -> str:
    """The characters a page can show (tags dropped, entities read), for font subsets."""

    body = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", body))
    return "".join(sorted(set(text))) + "0123456789 .,:;!?()-–—'’\"«»/"


def json_ld(data: dict) -> Markup:
    """``data`` as JSON that cannot end its ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    for ch, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, escape)
    return Markup(text)


def _metadata(catalog: Catalog, job: Job, brand, owner: str, description: str) -> dict:
    """The schema.org ``MedicalWebPage`` of a leaflet: when it was reviewed and, once it
    is approved, who reviewed it (``brochures approve``)."""
    topic = catalog.topics[job.topic]
    leaflet = topic.leaflets[job.language]
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": markup.plain(leaflet.title),
        "description": description,
        "inLanguage": job.language,
        "lastReviewed": topic.reviewed.isoformat(),
        "audience": {"@type": "PatientsAudience"},
        "publisher": {"@type": "MedicalOrganization", "name": brand.name},
        "author": {"@type": "Organization", "name": owner},
    }
    for key, value in (("url", brand.contact.get("website")),
                       ("telephone", brand.contact.get("phone")),
                       ("email", brand.contact.get("email"))):
        if value:
            page["publisher"][key] = value
    decision = signoff.decide(catalog, job.topic, job.language, job.brand, job.layout)
    approval = decision.state.approval
    if approval is not None and decision.state.approved:
        page["reviewedBy"] = {"@type": "Person", "name": approval.by, "jobTitle": approval.role}
        page["lastReviewed"] = str(approval.date)
    return page


def languages(catalog: Catalog, job: Job) -> list[dict]:
    """The same leaflet in every language its topic has a file for, each with the file name
    of its page, in the order of their codes. A language this run loaded and the gate
    refuses is left out (its page is not written); one the run did not load (``--lang``)
    is linked, as its file is there (the manifest counts every language file of the topic,
    so a page is made again when one is added or changed)."""
    topic = catalog.topics[job.topic]
    found = []
    for code in sorted(catalog.project.language_files(job.topic)):
        if not i18n.check_language(code, Location("."), Report()):
            continue  # a file named with no language code is its own error, never a page
        other = dataclasses.replace(job, language=code)
        if code != job.language and code in topic.leaflets and \
                not gate.judge(catalog, other).printable():
            continue
        words = catalog.words_for(code, Report())  # its problems are its own leaflet's
        found.append({
            "code": code,
            "name": words.language_name if words is not None else code,
            "dir": i18n.direction(code),
            "href": other.output(Path(".")).name,
            "current": code == job.language,
        })
    return found


@dataclasses.dataclass
class Page:
    """A composed web page: its HTML, the files it names, and what it was made from."""

    html: str
    assets: Assets
    used: set[Path]  # project files read (stylesheet, theme and what it names)
    families: list[str]  # font families copied


def compose_page(catalog: Catalog, job: Job, report: Report, fonts: bool = True) -> Page | None:
    """The page of ``job`` and its files (``None``, reported, when it cannot be made);
    ``fonts=False`` leaves the fonts out (``check`` reads only the text)."""
    project = catalog.project
    topic = catalog.topics[job.topic]
    leaflet = topic.leaflets[job.language]
    brand, layout = catalog.brands[job.brand], catalog.layouts[job.layout]
    words = catalog.words_for(job.language, report)
    fallback = catalog.words_for(topic.source_language, report)
    assets = Assets()
    used: set[Path] = set()
    stylesheets = []
    for relative in (f"styles/{layout.stylesheet}",):
        found = project.find(relative)
        if found is None:
            report.error("missing-file", f"stylesheet {relative} is missing", Location(relative))
            return None
        used.add(found)
        stylesheets.append(assets.add(catalog.picture(found), ".css"))
    url = qr.target(brand)
    owner = topic.owner_in(job.language)
    description = markup.plain(leaflet.subtitle) or markup.plain(leaflet.title)
    qr_file = assets.add(str(qr.svg(url)).encode(), ".svg") if url else ""
    extra = {
        "qr_url": url or "",
        "qr_label": (url or "").removeprefix("https://").removeprefix("http://"),
        "web": {
            "stylesheets": stylesheets,
            "brand_stylesheet": BRAND_STYLESHEET,
            "qr": qr_file,
            "languages": languages(catalog, job),
            "json_ld": json_ld(_metadata(catalog, job, brand, owner, description)),
        },
    }
    composition = compose(catalog, job, topic, leaflet, brand, layout, words, fallback,
                          report, extra=extra)
    if composition is None:
        return None
    # As for a PDF: a character none of the fonts can draw is an error, never a blank box.
    check_coverage(leaflet, composition.fonts, report)
    if report.errors:
        return None
    # The brand's colours and fonts, and its theme: a stylesheet of their own, after the
    # layout's (no inline style, so a site's Content-Security-Policy may forbid it).
    families = [brand.fonts["heading"], brand.fonts["body"],
                *(words.fonts if words is not None else [])]
    brand_css = [str(compose_brand_css(brand, words.fonts if words is not None else [], False))]
    if fonts:
        brand_css.append(font_faces(families, _visible_text(composition.html), assets))
    if brand.theme_css is not None:
        brand_css.append(_theme(catalog, brand.theme_css, brand.path, assets, used))
    brand_name = assets.add("\n".join(brand_css).encode(), ".css")
    html = composition.html.replace(BRAND_STYLESHEET, brand_name)
    return Page(_unembed(html, assets), assets, used, families)


def make(catalog: Catalog, job: Job, out_dir: Path, dry: bool = False,
         strict: bool = False) -> Outcome:
    """Make the web page of ``job`` into ``out_dir`` (the gate decides whether it is written)."""
    started = time.perf_counter()
    report = Report()
    outcome = Outcome(job, FAILED)
    target = job.output(out_dir)
    where = Location(str(target))
    page = compose_page(catalog, job, report)
    if page is None:
        outcome.problems = report.problems
        return outcome
    html, assets, used, families = page.html, page.assets, page.used, page.families
    verdict = gate.judge(catalog, job, html=html, laid_out=report.problems)
    outcome.problems = verdict.own
    if dry:
        outcome.status = BUILT
        return outcome
    if not verdict.printable(strict):
        if not verdict.blocking:  # refused for its warnings alone (--strict): say so
            outcome.problems = [*verdict.own, gate.refusal(verdict, strict)]
        return outcome
    try:
        for name, data in sorted(assets.files.items()):
            path = target.parent / name
            # Named by their bytes: one already there is this one (another language's page).
            if not path.is_file() or path.stat().st_size != len(data):
                write_atomic(path, data)
        write_atomic(target, html.encode("utf-8"))
    except OutputError as exc:
        outcome.problems.append(Problem(ERROR, "output-failed", str(exc), where))
        return outcome
    outcome.status = BUILT
    outcome.path = target
    outcome.hint = {"assets": sorted(assets.files)}
    outcome.seconds = time.perf_counter() - started
    outcome.resources = sorted(used)
    outcome.fonts = sorted(set(families))
    return outcome


# The template names the brand's stylesheet with this placeholder: its name is the digest of
# its bytes, known only once the page's text (for the font subsets) is.
BRAND_STYLESHEET = "assets/brand-stylesheet.css"

