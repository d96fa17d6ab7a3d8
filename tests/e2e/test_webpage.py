"""The web edition in a real browser (Debian's Chromium through Playwright).

The pages are built once, by ``brochures build --layout web``, and served from their output
folder by a plain local HTTP server, as a clinic's website would serve them. Every request a
page makes passes through Playwright's route interception: one that leaves the page's folder
fails the test. axe-core (``make axe``: pinned, fetched from the npm registry with its
checksum) is injected into each page and must report no violation of WCAG 2.2 AA.

Screenshots of en and ar at 320 and 1280 px are saved with the test's files (and to
``$BROCHURES_E2E_SHOTS`` when it is set).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run, copy_project

AXE = Path(os.environ.get("BROCHURES_AXE", Path(sys.prefix) / "share" / "axe-core" / "axe.min.js"))
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ["en", "fr", "es", "de", "ru", "ar"]
BRANDS = ["default", "clinic"]
WIDTHS = [320, 1280]
TOPIC = "mesotherapy"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site(shared_dir, sample_build) -> Iterator[str]:
    """The web pages of every language and brand, served over HTTP from 127.0.0.1: the base
    URL (``<base>/<brand>/<topic>/<page>.html``). The default brand's are those of the run's
    default build (``sample_build``: every layout, --strict), pages and assets; the other
    brands' are built here, --strict too."""
    def make(folder: Path) -> None:
        root = copy_project(folder)
        others = [arg for brand in BRANDS if brand != "default" for arg in ("--brand", brand)]
        # In this process (--jobs 1): --strict fails it on any WeasyPrint warning.
        result = Run(root)("build", "--layout", "web", *others, "--strict",
                           "--out", str(root / "dist"))
        assert result.exit_code == 0, result.all_output
        built = sample_build.root / "dist" / "default" / TOPIC
        into = root / "dist" / "default" / TOPIC
        shutil.copytree(built / "assets", into / "assets")
        for language in LANGUAGES:
            shutil.copy2(built / f"{TOPIC}-{language}-web.html", into)

    out = shared_dir("web-pages", make) / "dist"
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def axe() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make axe` (sh scripts/fetch-axe.sh .venv), "
                    "which `make test` runs")
    return AXE


class Watched:
    """A browser tab whose every request is checked against the page's folder."""

    def __init__(self, page, folder: str):
        self.page, self.folder = page, folder
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        page.context.route("**/*", self._route)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: self.failed.append(f"failed {r.url}"))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.folder):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, url: str, width: int) -> None:
        self.page.set_viewport_size({"width": width, "height": 900})
        self.page.goto(url, wait_until="load")
        self.page.evaluate("() => document.fonts.ready.then(() => true)")


def _url(site: str, brand: str, language: str) -> tuple[str, str]:
    folder = f"{site}/{brand}/{TOPIC}/"
    return folder, f"{folder}{TOPIC}-{language}-web.html"


def _horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth")


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_request_leaves_the_folder_and_nothing_scrolls_sideways(site, page, brand, language):
    folder, url = _url(site, brand, language)
    watched = Watched(page, folder)
    for width in WIDTHS:
        watched.open(url, width)
        assert _horizontal_overflow(page) <= 0, f"{language} scrolls sideways at {width} px"
    assert watched.outside == []
    assert watched.failed == []
    # The page did fetch its own files: stylesheets, the brand's fonts, logo and QR code.
    fetched = {u.rsplit(".", 1)[-1] for u in watched.requests}
    assert {"html", "css", "svg"} <= fetched and fetched & {"woff", "woff2"}, watched.requests
    # The brand's body font is the one the text is set in, from the page's own file.
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    first = family.split(",")[0].strip().strip('"')
    assert page.evaluate(f"() => document.fonts.check('16px \"{first}\"')")
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded')"
                           ".map(f => f.family.replaceAll('\"', ''))")
    assert first in loaded


def test_a_request_outside_the_folder_is_seen(site, page, tmp_path):
    """The interception itself: a page that names a file one folder up is caught."""
    folder, url = _url(site, "default", "en")
    watched = Watched(page, folder)
    watched.open(url, 1280)
    page.evaluate("() => new Promise(done => { const i = new Image(); "
                  "i.onload = i.onerror = done; i.src = '../elsewhere.png'; })")
    assert any(u.endswith("/elsewhere.png") for u in watched.outside)


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_wcag_22_aa_violation(site, page, axe, brand, language):
    folder, url = _url(site, brand, language)
    watched = Watched(page, folder)
    for width in WIDTHS:
        watched.open(url, width)
        page.add_script_tag(content=axe.read_text("utf-8"))
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})", WCAG_22_AA)
        # axe really ran its WCAG rules on this page (not an empty run that passes).
        assert len(result["passes"]) + len(result["incomplete"]) > 10
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3],
                       v["nodes"][0].get("failureSummary", "")[:300])
                      for v in result["violations"]]
        assert violations == [], f"{brand} {language} at {width} px"
    assert watched.outside == []


def test_axe_reports_a_violation_it_is_shown(site, page, axe):
    """The check can fail: an image without alt text, added to the page, is reported."""
    folder, url = _url(site, "default", "en")
    Watched(page, folder).open(url, 1280)
    page.evaluate("() => { const i = document.createElement('img'); "
                  "i.src = document.querySelector('img').src; document.querySelector('main')"
                  ".append(i); }")
    page.add_script_tag(content=axe.read_text("utf-8"))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           WCAG_22_AA)
    assert "image-alt" in {v["id"] for v in result["violations"]}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_keyboard_focus_is_visible(site, page, language):
    folder, url = _url(site, "clinic", language)
    Watched(page, folder).open(url, 1280)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.tagName")
    assert focused == "A"
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                          "return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert style[0] not in ("none", "hidden") and style[1] >= 2, style
    # What the eye sees: the focused link looks different from the same link unfocused.
    box = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect(); "
                        "return {x: r.x - 8, y: r.y - 8, width: r.width + 16, "
                        "height: r.height + 16}; }")
    with_focus = page.screenshot(clip=box)
    page.evaluate("() => document.activeElement.blur()")
    assert page.screenshot(clip=box) != with_focus


def test_printed_from_the_browser(site, page):
    """Print media: no language links, the sources' addresses after them, no sideways run."""
    folder, url = _url(site, "default", "en")
    Watched(page, folder).open(url, 1280)
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('nav.languages'))"
                         ".display") == "none"
    after = page.evaluate("() => getComputedStyle(document.querySelector('.sources a'), "
                          "'::after').content")
    assert "http" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(site, page, tmp_path, language, width):
    """en and ar at 320 and 1280 px, whole pages, for a person to look at."""
    folder, url = _url(site, "clinic", language)
    Watched(page, folder).open(url, width)
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth)")
    path = tmp_path / f"web-{language}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    shots = os.environ.get("BROCHURES_E2E_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(shots) / path.name)
    direction = page.evaluate("() => getComputedStyle(document.body).direction")
    assert direction == ("rtl" if language == "ar" else "ltr")


def test_serve_shows_the_web_page_and_its_language_links(shared_server, page):
    """``brochures serve`` shows a web-layout leaflet as the page itself, in a frame, with
    every file it names; its language links open that language's page."""
    from playwright.sync_api import expect

    page.goto(f"{shared_server.url}leaflet/{TOPIC}/en/web/default")
    frame = page.frame_locator("iframe.web-page")
    expect(frame.locator("h1")).to_have_text("Mesotherapy")
    assert frame.locator("html").get_attribute("lang") == "en"
    # Its stylesheets and fonts reached it: the brand's colour is on the heading.
    color = frame.locator("h1").evaluate("h => getComputedStyle(h).color")
    assert color not in ("rgb(0, 0, 0)", "")
    frame.get_by_role("link", name="Français").click()
    expect(frame.locator("html")).to_have_attribute("lang", "fr")
    expect(frame.locator("h1")).to_have_text("Mésothérapie")
    opened = page.locator("a.download")
    assert opened.text_content() == "Open the web page"
