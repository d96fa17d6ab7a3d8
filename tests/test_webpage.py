"""The web edition (``templates/layouts/web.yaml``, ``output: html``) without a browser:
what ``build`` writes, what the page says and how, the gate, the cache, hostile content.

The browser's side (sideways scrolling, requests, axe-core, focus): tests/e2e/test_webpage.py.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import tinyhtml5
import yaml

TOPIC = "mesotherapy"
BY = ["--by", "Dr A. Moreau", "--role", "Medical director"]
NS = "{http://www.w3.org/1999/xhtml}"


def _build(cli, *args: str):
    return cli("build", TOPIC, "--layout", "web", "--out", str(cli.root / "out"), *args)


def _page(project: Path, language: str, brand: str = "default") -> Path:
    return project / "out" / brand / TOPIC / f"{TOPIC}-{language}-web.html"


def _tree(path: Path):
    return tinyhtml5.parse(path.read_text("utf-8"))


def _all(tree, tag: str) -> list:
    return list(tree.iter(f"{NS}{tag}"))


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _json_ld(tree) -> dict:
    [script] = [s for s in _all(tree, "script") if s.get("type") == "application/ld+json"]
    return json.loads(script.text)


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_build_writes_a_page_with_its_files_beside_it(cli, project: Path):
    result = _build(cli, "--lang", "en", "--lang", "ar")
    assert result.exit_code == 0, result.all_output
    page = _page(project, "en")
    assert page.is_file() and not page.with_suffix(".pdf").exists()
    html = page.read_text("utf-8")
    named = re.findall(r'(?:src|href)="([^"#]+)"', html)
    local = [n for n in named if not re.match(r"^(https?:|tel:|mailto:)", n)]
    # Every file the page uses is in its folder: assets/ or a sibling page; none is a data: URL.
    assert local and all(n.startswith("assets/") or re.fullmatch(r"[\w-]+\.html", n)
                         for n in local), local
    assert "data:" not in html and "file:" not in html
    for name in (n for n in local if n.startswith("assets/")):
        assert (page.parent / name).is_file(), name
    css = "".join((page.parent / n).read_text("utf-8") for n in local if n.endswith(".css"))
    assert "@font-face" in css and "--primary" in css
    fonts = re.findall(r'url\("([0-9a-f]+\.woff2?)"\)', css)
    assert fonts and all((page.parent / "assets" / f).is_file() for f in fonts)
    assert "<script" not in html.replace('<script type="application/ld+json">', "")


def test_semantic_accessible_page(cli, project: Path):
    assert _build(cli, "--lang", "en", "--lang", "ar").exit_code == 0
    for language, direction in (("en", "ltr"), ("ar", "rtl")):
        tree = _tree(_page(project, language))
        root = tree
        assert (root.get("lang"), root.get("dir")) == (language, direction)
        assert len(_all(tree, "h1")) == 1
        levels = [int(e.tag[-1]) for e in root.iter() if re.fullmatch(rf"{re.escape(NS)}h[1-6]",
                                                                      str(e.tag))]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
        assert all(img.get("alt") for img in _all(tree, "img"))
        assert any(f.find(f"{NS}figcaption") is not None for f in _all(tree, "figure")
                   if f.find(f"{NS}img") is not None)
        assert all(_text(a) for a in _all(tree, "a")), "a link without a name"
        hrefs = [a.get("href") for a in _all(tree, "a")]
        assert any(h.startswith("tel:") for h in hrefs)
        assert any(h.startswith("mailto:") for h in hrefs)
        [sources] = [o for o in _all(tree, "ol") if o.get("class") == "sources"]
        facts = yaml.safe_load((project / "content" / TOPIC / "topic.yaml").read_text("utf-8"))
        assert len(sources.findall(f"{NS}li")) == len(facts["sources"])
        assert [t.get("datetime") for t in _all(tree, "time")] == [
            str(facts["reviewed"]), str(facts["next_review"])]
        assert _all(tree, "main") and len(_all(tree, "title")) == 1
        assert next(m for m in _all(tree, "meta") if m.get("name") == "description").get("content")
    en = _page(project, "en").read_text("utf-8")
    assert "Evidence: limited <span class=\"source-ref\">(source 2)</span>" in en
    assert "<ul>" in en and '<ol class="steps">' in en
    assert "Sample content — not clinically reviewed" in en  # who wrote it
    assert 'class="urgent"' in en and 'href="tel:999"' in en.replace(" ", "")


def test_language_links_name_the_pages_of_every_language(cli, project: Path):
    assert _build(cli, "--lang", "en").exit_code == 0
    tree = _tree(_page(project, "en"))
    [nav] = _all(tree, "nav")
    links = {a.get("hreflang") or a.get("lang"): a.get("href") for a in nav.iter(f"{NS}a")}
    assert links == {code: f"{TOPIC}-{code}-web.html"
                     for code in ("ar", "de", "en", "es", "fr", "ru")}
    [current] = [a for a in nav.iter(f"{NS}a") if a.get("aria-current") == "page"]
    assert current.get("href") == f"{TOPIC}-en-web.html"
    arabic = next(a for a in nav.iter(f"{NS}a") if a.get("lang") == "ar")
    assert arabic.get("dir") == "rtl" and _text(arabic) == "العربية"


def test_metadata_medical_web_page_reviewed_by_the_approval(cli, project: Path):
    assert _build(cli, "--lang", "en").exit_code == 0
    data = _json_ld(_tree(_page(project, "en")))
    assert data["@type"] == "MedicalWebPage" and data["@context"] == "https://schema.org"
    facts = yaml.safe_load((project / "content" / TOPIC / "topic.yaml").read_text("utf-8"))
    assert data["lastReviewed"] == str(facts["reviewed"]) and "reviewedBy" not in data
    assert data["inLanguage"] == "en" and data["name"] == "Mesotherapy"
    assert cli("approve", TOPIC, "--lang", "en", *BY, "--date", "2026-11-20").exit_code == 0
    result = _build(cli, "--lang", "en")
    assert "1 built" in result.output, result.all_output  # the approval makes it again
    data = _json_ld(_tree(_page(project, "en")))
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr A. Moreau",
                                  "jobTitle": "Medical director"}
    assert data["lastReviewed"] == "2026-11-20"
    assert "Approved by Dr A. Moreau" in _page(project, "en").read_text("utf-8")


def test_a_draft_says_draft_in_its_text(cli, project: Path):
    _edit(project / "content" / TOPIC / "topic.yaml", lambda d: d.update(drafts=["fr"]))
    result = _build(cli, "--lang", "fr", "--lang", "en")
    assert result.exit_code == 0, result.all_output
    fr = _page(project, "fr").read_text("utf-8")
    assert re.search(r'<p class="draft"[^>]*><strong>[^<]+</strong>', fr)
    assert '<meta name="robots" content="noindex">' in fr
    words = yaml.safe_load((project / "templates/words/fr.yaml").read_text("utf-8"))["words"]
    assert words.get("draft_mark", "DRAFT") in fr
    assert 'class="draft"' not in _page(project, "en").read_text("utf-8")


def test_a_refused_leaflet_is_not_written_and_its_old_page_set_aside(cli, project: Path):
    assert _build(cli, "--lang", "en", "--lang", "fr").exit_code == 0
    assert _page(project, "fr").is_file()
    # A number the source does not have: a parity error, the French leaflet is refused.
    fr = project / "content" / TOPIC / "fr.yaml"
    fr.write_text(fr.read_text("utf-8").replace("1952", "1953", 1), "utf-8")
    result = _build(cli, "--lang", "en", "--lang", "fr")
    assert result.exit_code != 0 and "refused" in result.all_output
    assert not _page(project, "fr").exists()
    assert (project / "out" / ".refused" / "default" / TOPIC / f"{TOPIC}-fr-web.html").is_file()
    # The English page no longer links to it: it was made again without the link.
    assert f"{TOPIC}-fr-web.html" not in _page(project, "en").read_text("utf-8")


def test_cached_unchanged_until_an_input_or_a_file_of_it_changes(cli, project: Path):
    assert _build(cli, "--lang", "en").exit_code == 0
    again = _build(cli, "--lang", "en")
    assert "0 built, 1 unchanged" in again.output, again.all_output
    page = _page(project, "en")
    asset = next((page.parent / "assets").glob("*.css"))
    asset.unlink()  # a file of the page gone: made again
    assert "1 built, 0 unchanged" in _build(cli, "--lang", "en").output
    assert asset.is_file()
    en = project / "content" / TOPIC / "en.yaml"
    en.write_text(en.read_text("utf-8").replace("Mesotherapy", "Mesotherapy injections", 1),
                  "utf-8")
    assert "1 built" in _build(cli, "--lang", "en").output
    assert "<h1>Mesotherapy injections</h1>" in page.read_text("utf-8")


def test_hostile_content_is_text_not_markup(cli, project: Path):
    en = project / "content" / TOPIC / "en.yaml"
    _edit(en, lambda d: d.update(subtitle='</script><script>alert(1)</script> & "quotes"'))
    _build(cli, "--lang", "en")  # typed HTML is a finding; a page, if any, must not run it
    page = _page(project, "en")
    if page.is_file():
        html = page.read_text("utf-8")
        assert "<script>alert(1)" not in html
        data = _json_ld(_tree(page))  # the JSON-LD is still whole
        assert "alert(1)" in data["description"]


def test_web_is_a_property_of_the_layout_file_not_its_name(cli, project: Path):
    """A layout of another name whose file says ``output: html`` makes a web page; the same
    file without it is a PDF layout."""
    layouts = project / "templates" / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    web = yaml.safe_load((Path(__file__).parents[1] / "templates/layouts/web.yaml")
                         .read_text("utf-8"))
    (layouts / "site.yaml").write_text(yaml.safe_dump(web), "utf-8")
    result = cli("build", TOPIC, "--lang", "en", "--layout", "site", "--out", str(project / "out"))
    assert result.exit_code == 0, result.all_output
    page = project / "out" / "default" / TOPIC / f"{TOPIC}-en-site.html"
    assert page.is_file() and "<h1>Mesotherapy</h1>" in page.read_text("utf-8")
    bad = dict(web, output="docx")
    (layouts / "site.yaml").write_text(yaml.safe_dump(bad), "utf-8")
    result = cli("build", TOPIC, "--lang", "en", "--layout", "site", "--out", str(project / "out2"))
    assert result.exit_code != 0 and "output" in result.all_output


def test_the_trifold_points_at_the_leaflets_own_web_page(project: Path):
    """brand.yaml's contact.leaflets_url with {topic} and {lang}: the trifold's "read the
    whole leaflet" line names this leaflet's page; without them it stays as written."""
    from brochures.batch.job import composed
    from brochures.errors import Report
    from brochures.model import Job
    from tests.conftest import loaded_catalog

    brand = project / "styles" / "brands" / "clinic" / "brand.yaml"
    pattern = "https://lumen-clinic.example/leaflets/{topic}/{topic}-{lang}-web.html"
    brand.write_text(brand.read_text("utf-8").replace(
        "leaflets_url: https://lumen-clinic.example/brochures", f"leaflets_url: {pattern}"),
        "utf-8")
    catalog = loaded_catalog(project)
    from brochures.inputs.load_styles import load_brand, load_layout
    from brochures.inputs.project import Project

    report = Report()
    catalog.brands["clinic"] = load_brand(Project(project), "clinic", report)
    catalog.layouts["trifold"] = load_layout(Project(project), "trifold", report)
    html = composed(catalog, Job(TOPIC, "fr", "trifold", "clinic"), report)
    assert html is not None, report.problems
    page = f"https://lumen-clinic.example/leaflets/{TOPIC}/{TOPIC}-fr-web.html"
    assert f'href="{page}"' in html
    assert "{topic}" not in html


def test_the_themes_files_come_along_and_an_active_svg_does_not(cli, project: Path):
    """theme.css may name files of its brand folder: a picture is copied into assets/ and
    named there; an SVG holding a script is not copied (it would run from the site)."""
    import io

    from PIL import Image

    folder = project / "styles" / "brands" / "clinic"
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (250, 245, 235)).save(png, "PNG")
    (folder / "paper.png").write_bytes(png.getvalue())
    (folder / "bad.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                    '<script>alert(1)</script></svg>', "utf-8")
    theme = folder / "theme.css"
    theme.write_text(theme.read_text("utf-8") + '\nbody { background-image: url("paper.png"); }'
                     '\nmain { background-image: url(bad.svg); }\n', "utf-8")
    result = _build(cli, "--lang", "en", "--brand", "clinic")
    page = _page(project, "en", "clinic")
    assert page.is_file(), result.all_output
    html = page.read_text("utf-8")
    css = "".join((page.parent / n).read_text("utf-8")
                  for n in re.findall(r'href="(assets/[^"]+\.css)"', html))
    copied = re.findall(r'url\("([0-9a-f]+\.png)"\)', css)
    assert copied and (page.parent / "assets" / copied[0]).read_bytes() == png.getvalue()
    assert "bad.svg" not in css and "url()" in css
    assert not any(b"<script" in p.read_bytes() for p in (page.parent / "assets").glob("*.svg"))


def test_check_and_list_agree_with_build(cli, project: Path):
    """check and list compose the page as build does (and say what build would do)."""
    result = cli("check", TOPIC, "--lang", "en", "--lang", "ar", "--layout", "web")
    assert result.exit_code == 0, result.all_output
    assert "build would make all 2 leaflets" in result.all_output
    (project / "brochures.yaml").write_text("layouts: [web]\n", "utf-8")
    listed = cli("list")
    assert listed.exit_code == 0 and "refused" not in listed.output, listed.all_output
    assert "complete" in listed.output


def test_the_urgent_help_box_holds_the_urgent_section_with_the_number_inline(project: Path):
    """The leaflet's urgent section (issue 34) is a box of its own, the brand's emergency
    number inline in its sentence and a tel: link, then the out-of-hours number; a leaflet
    without one gets the number alone."""
    from brochures.batch.webpage import compose_page
    from brochures.errors import Report
    from brochures.inputs.load_styles import load_brand, load_layout
    from brochures.inputs.project import Project
    from brochures.model import Job
    from tests.conftest import loaded_catalog

    catalog = loaded_catalog(project)
    report = Report()
    catalog.brands["default"] = load_brand(Project(project), "default", report)
    catalog.layouts["web"] = load_layout(Project(project), "web", report)
    job = Job(TOPIC, "en", "web", "default", output_format="html")

    def box(html: str):
        tree = tinyhtml5.parse(html)
        [aside] = [a for a in _all(tree, "aside") if a.get("class") == "urgent"]
        return aside

    page = compose_page(catalog, job, Report(), fonts=False)
    aside = box(page.html)
    text = _text(aside)
    assert "swelling of your face, lips or tongue" in text
    assert "If this happens, call 999 at once." in text
    assert "when we are closed, call 111." in text
    links = [a.get("href") for a in _all(aside, "a")]
    assert links == ["tel:999", "tel:111"]
    catalog.topics[TOPIC].leaflets["en"].sections.pop("urgent")
    plain = compose_page(catalog, job, Report(), fonts=False)
    assert _text(box(plain.html)) == "In an emergency, call 999."
