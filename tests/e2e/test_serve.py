"""``brochures serve`` in a real headless Chromium: index, leaflet pages, switches, live edits.

Every page image comes from the real PDF, so the tests read the PDF the page offers for
download and compare: sizes in pixels, the text of each page, the number of pages. Tests that
only look share one server (``shared_server``); tests that edit files get their own.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
import yaml
from PIL import Image, ImageStat
from playwright.sync_api import expect

from tests.e2e.conftest import wait_until

DPI = 144  # the resolution the server renders page images at (brochures.preview.live.PAGE_DPI)


def leaflet_url(server, lang: str = "en", layout: str = "sheet", brand: str = "default") -> str:
    return f"{server.url}leaflet/mesotherapy/{lang}/{layout}/{brand}"


def title_of(root: Path, lang: str) -> str:
    return yaml.safe_load((root / f"content/mesotherapy/{lang}.yaml").read_text())["title"]


def not_blank(png: bytes) -> bool:
    """Whether an image has real ink: many dark pixels and more than a flat colour."""
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(image.histogram()[:160])
    return dark > image.width * image.height * 0.005 and ImageStat.Stat(image).stddev[0] > 10


def page_text(page) -> str:
    texts = page.locator("pre.page-text").all_text_contents()
    return " ".join(" ".join(texts).split())


def test_index_lists_every_leaflet_with_its_status(server, page, shot):
    root = server.root
    fr = root / "content/mesotherapy/fr.yaml"
    fr.write_text(fr.read_text().replace("sections:", "sections:\n  not_a_section:\n"
                                         "    body: Hello\n", 1))
    page.goto(server.url)
    expect(page.locator("h1")).to_have_text("Leaflets")
    languages = sorted(p.stem for p in (root / "content/mesotherapy").glob("*.yaml")
                       if p.name not in ("topic.yaml", "records.yaml"))  # records: not a language
    layouts = sorted(p.stem for p in (root / "templates/layouts").glob("*.yaml"))
    brands = sorted(p.name for p in (root / "styles/brands").iterdir()
                    if (p / "brand.yaml").is_file())
    cells = page.locator("a.leaflet")
    expect(cells).to_have_count(len(languages) * len(layouts) * len(brands))
    keys = set(cells.evaluate_all("links => links.map(a => a.dataset.key)"))
    assert keys == {f"mesotherapy/{lang}/{layout}/{brand}"
                    for lang in languages for layout in layouts for brand in brands}
    # The broken French file marks every French leaflet, and only those.
    for key in keys:
        cell = page.locator(f'a.leaflet[data-key="{key}"]')
        if "/fr/" in key:
            expect(cell).to_have_class(re.compile("has-errors"))
            expect(cell).to_contain_text("1 error")
    problems = page.locator(".problems")
    expect(problems).to_contain_text("content/mesotherapy/fr.yaml")
    expect(problems).to_contain_text("unknown-section")
    shot("index")


def test_leaflet_shows_the_pages_of_the_real_pdf(shared_server, page, shot):
    server = shared_server
    page.goto(server.url)
    page.locator('a.leaflet[data-key="mesotherapy/en/sheet/default"]').click()
    expect(page).to_have_url(leaflet_url(server))
    images = page.locator(".pages img")
    expect(images.first).to_be_visible()
    wait_until(page, "[...document.images].every(i => i.complete && i.naturalWidth > 0)")

    with page.expect_download() as download:
        page.locator("a.download").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(pdf)
    sizes = [document[i].get_size() for i in range(len(document))]
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    document.close()

    expect(images).to_have_count(len(sizes))
    natural = images.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
    for (width, height), (w_pt, h_pt) in zip(natural, sizes, strict=True):
        assert abs(width - w_pt * DPI / 72) <= 1 and abs(height - h_pt * DPI / 72) <= 1
    for n in range(len(sizes)):
        png = images.nth(n).screenshot()
        # A page of ruled notes (a second sheet's) is light, but never blank.
        assert not_blank(png) or Image.open(io.BytesIO(png)).convert("L").getextrema()[0] < 128
    # The text beside each image is the PDF's own.
    shown = page.locator("pre.page-text").all_text_contents()
    assert [" ".join(t.split()) for t in shown] == [
        " ".join(t.replace("\r", "").replace("\ufffe", "").replace("\u00ad", "").split())
        for t in texts]
    assert title_of(server.root, "en") in page_text(page)
    expect(page.locator(".problems")).to_have_count(0)
    shot("leaflet-en")


def test_switching_language_layout_and_brand(shared_server, page, shot):
    server = shared_server
    page.goto(leaflet_url(server))
    expect(page.locator(".pages img").first).to_be_visible()
    page.locator('[data-switch="language"] a[data-value="fr"]').click()
    expect(page).to_have_url(leaflet_url(server, "fr"))
    expect(page.locator('[data-switch="language"] [aria-current="page"]')).to_have_text("fr")
    expect(page.locator("pre.page-text").first).to_contain_text(title_of(server.root, "fr"),
                                                                use_inner_text=False)
    page.locator('[data-switch="brand"] a[data-value="clinic"]').click()
    expect(page).to_have_url(leaflet_url(server, "fr", brand="clinic"))
    clinic = yaml.safe_load((server.root / "styles/brands/clinic/brand.yaml").read_text())
    expect(page.locator("pre.page-text").last).to_contain_text(clinic["contact"]["email"],
                                                               use_inner_text=False)
    expect(page.locator(".pages img").first).to_be_visible()
    shot("leaflet-fr-clinic")


def test_saving_a_yaml_file_updates_the_open_page(server, page, shot):
    page.goto(leaflet_url(server))
    first = page.locator(".pages img").first
    expect(first).to_be_visible()
    wait_until(page, "document.images[0].complete && document.images[0].naturalWidth > 0")
    before_src, before_png = first.get_attribute("src"), first.screenshot()
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded anew

    en = server.root / "content/mesotherapy/en.yaml"
    en.write_text(en.read_text().replace("title: Mesotherapy", "title: Mesotherapy today", 1))
    expect(page.locator("pre.page-text").first).to_contain_text("Mesotherapy today",
                                                                use_inner_text=False)
    first = page.locator(".pages img").first
    assert first.get_attribute("src") != before_src
    wait_until(page, "document.images[0].complete && document.images[0].naturalWidth > 0")
    assert first.screenshot() != before_png
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#live-status")).to_have_text("live")
    shot("after-edit")


def test_broken_yaml_shows_an_error_with_file_and_line_until_fixed(server, page, shot):
    page.goto(leaflet_url(server))
    expect(page.locator(".pages img").first).to_be_visible()
    en = server.root / "content/mesotherapy/en.yaml"
    good = en.read_text()
    lines = good.splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("subtitle:"))
    lines[line - 1] = 'subtitle: "an unclosed quote\n'
    en.write_text("".join(lines))

    problem = page.locator(".problems .problem.error").first
    expect(problem).to_be_visible()
    expect(problem.locator(".file")).to_have_text("content/mesotherapy/en.yaml")
    assert int(problem.locator(".line").inner_text()) >= line
    expect(problem).to_contain_text("yaml-syntax")
    # The last good pages stay, marked as such: never a blank page.
    expect(page.locator(".notice")).to_contain_text("does not build now")
    expect(page.locator(".pages img")).to_have_count(4)
    expect(page.locator("a.download")).to_have_count(0)
    shot("broken")

    en.write_text(good)
    expect(page.locator(".problems")).to_have_count(0)
    expect(page.locator(".notice")).to_have_count(0)
    expect(page.locator("a.download")).to_have_count(1)
    expect(page.locator(".pages.stale")).to_have_count(0)
    shot("fixed")


def test_untrusted_content_is_shown_as_text(server, page, shot):
    en = server.root / "content/mesotherapy/en.yaml"
    hostile = "<img src=x onerror=window.owned=1><b>bold</b>"
    en.write_text(en.read_text().replace("sections:", f"sections:\n  '{hostile}':\n"
                                         "    body: Hello\n", 1))
    page.goto(leaflet_url(server))
    problem = page.locator(".problems .problem.error").first
    expect(problem).to_contain_text(hostile)
    assert page.locator(".problems b, .problems img").count() == 0
    assert page.evaluate("window.owned") is None
    shot("escaped")


# Ctrl-C stopping the server cleanly (exit 0, "stopped", no traceback) is checked after every
# test above with a server of its own, while its tab is still open (the ``server`` fixture in
# conftest.py), and for the shared server after the module (``shared_server``).
