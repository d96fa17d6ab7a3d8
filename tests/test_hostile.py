"""Hostile content: shown as typed, never interpreted, never a way out of the project.

Content and brand files come from outside agencies and copied e-mails. Raw
HTML and ``<script>`` in any text field must print as the characters typed;
Markdown links may only be ``https:``, ``http:``, ``mailto:`` and ``tel:``;
every load of a file outside the project or of a network URL is refused; a
project's own templates run in Jinja's sandbox; and nothing from ``/etc`` or
the user's home ends up in a PDF.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import pytest
import yaml
from click.testing import CliRunner

from brochures.cli import main
from tests import pdfs

TOPIC = {
    "source_language": "en",
    "reviewed": "2026-01-10",
    "next_review": "2027-01-10",
    "owner": "Test Clinic",
    "sources": [{"title": "A source", "url": "https://example.org/source"}],
}
EN = {
    "title": "Demo treatment",
    "subtitle": "A short test leaflet",
    "sections": {
        "what_it_is": {"body": "A treatment."},
        "history": {"body": "It is old."},
        "benefits": {"items": ["It helps."]},
        "stages": {"items": [{"title": "First", "text": "You arrive."}]},
        "risks": {"body": "Some risks."},
    },
}
BRAND = {
    "name": "Acme Clinic",
    "logo": "logo.svg",
    "colors": {"primary": "#1f4e79", "accent": "#2a9d8f", "text": "#1b1b1b",
               "background": "#ffffff"},
    "fonts": {"heading": "Noto Sans", "body": "Noto Sans"},
    "contact": {"phone": "+44 1234 567890"},
}
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="#1f4e79"/></svg>\n')


def tiny_project(root: Path, en: dict | None = None, topic: dict | None = None,
                 brand: dict | None = None) -> Path:
    """A one-topic, one-language project; ``brand`` adds ``styles/brands/acme/``."""
    def dump(path: Path, data: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    dump(root / "content/demo/topic.yaml", topic or TOPIC)
    dump(root / "content/demo/en.yaml", en or EN)
    if brand is not None:
        dump(root / "styles/brands/acme/brand.yaml", brand)
        (root / "styles/brands/acme/logo.svg").write_text(LOGO, "utf-8")
    return root


def build(root: Path, out: Path, *args: str):
    layout = [] if "--layout" in args else ["--layout", "sheet"]
    return CliRunner().invoke(
        main, ["--project", str(root), "build", *layout, "--out", str(out), *args])


def pdf_bytes(path: Path) -> bytes:
    """The file and every stream in it, decompressed: what a secret would have to hide in."""
    chunks = [path.read_bytes()]
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:
                    chunks.append(obj.read_raw_bytes())
    return b"\n".join(chunks)


def link_uris(path: Path) -> list[str]:
    uris = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if annot.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
                    uris.append(str(action.URI))
    return uris


def scripts_and_launches(path: Path) -> list[str]:
    """Every JavaScript, Launch or similar action in the PDF (there must be none)."""
    found = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                if "/JS" in obj or "/JavaScript" in obj or "/AA" in obj:
                    found.append(repr(obj)[:80])
                if obj.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                    found.append(str(obj.get("/S")))
    return found


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag of ``html`` with its attributes, as a browser would read them."""
    found: list[tuple[str, dict[str, str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, {k: v or "" for k, v in attrs}))

    Collect().feed(html)
    return found


# One hostile string per text field, each different so a failure names its field.
HOSTILE = {
    "title": "T1 <script>alert(1)</script>",
    "subtitle": "S2 <b>not bold</b> {{ 7*7 }}",
    "intro": 'I3 <img src="file:///etc/passwd"> <style>p{display:none}</style>',
    "heading": "H4 </h2><h1>injected</h1>",
    "body": "B5 <iframe src=\"https://evil.example\"></iframe> &amp; {% raw %}",
    "item": "L6 <a href=\"javascript:alert(2)\">click</a>",
    "step_title": "P7 <svg onload=alert(3)>",
    "step_text": "X8 <link rel=stylesheet href=file:///etc/hostname>",
    "owner": "O9 <script src=https://evil.example/x.js></script>",
    "source": "R10 <object data=\"file:///etc/passwd\"></object>",
    "brand": "N11 <script>document.write(1)</script>",
    "address": "A12 <embed src=\"~/secret.txt\">",
    "email": "e13<script>@example.org",
    "footer": "F14 <meta http-equiv=refresh content=0>",
}


def hostile_project(root: Path) -> Path:
    h = HOSTILE
    en = {
        "title": h["title"],
        "subtitle": h["subtitle"],
        "intro": h["intro"],
        "sections": {
            "what_it_is": {"heading": h["heading"], "body": h["body"]},
            "history": {"body": "It is old."},
            "benefits": {"items": [h["item"]]},
            "stages": {"items": [{"title": h["step_title"], "text": h["step_text"]}]},
            "risks": {"body": "Some risks."},
        },
    }
    topic = {**TOPIC, "owner": h["owner"],
             "sources": [{"title": h["source"],
                          "url": 'https://example.org/?q="><script>alert(4)</script>'}]}
    brand = {**BRAND, "name": h["brand"], "footer": h["footer"],
             "contact": {"address": h["address"], "email": h["email"],
                         "phone": "+44 1234 567890"}}
    return tiny_project(root, en, topic, brand)


def test_raw_html_in_every_text_field_is_printed_as_typed(tmp_path: Path, secrets):
    root = hostile_project(tmp_path / "project")
    out = tmp_path / "out"
    # The screen layout prints every field in reading order (the sheet puts some on
    # its back page); both are checked for scripts and secrets.
    result = build(root, out, "--brand", "acme", "--format", "html", "--layout", "sheet",
                   "--layout", "screen")
    assert result.exit_code == 0, result.output
    sheet, pdf = out / "acme/demo/demo-en-sheet.pdf", out / "acme/demo/demo-en-screen.pdf"
    printed = pdfs.text(pdf)
    # (The A5 screen page wraps the title where it may: compared without spaces.)
    for field, value in HOSTILE.items():
        assert "".join(value.split()) in printed.replace(" ", ""), \
            f"{field} was not printed as typed"
    assert "49" not in printed  # {{ 7*7 }} was not evaluated
    assert HOSTILE["title"] in pdfs.text(sheet)

    # No element came from the content: the HTML given to WeasyPrint has only the
    # template's elements (one <img>, the logo; one <h1>, the title; one <style>).
    elements = _elements((out / "acme/demo/demo-en-screen.html").read_text("utf-8"))
    names = [name for name, _ in elements]
    assert not {"script", "iframe", "object", "embed", "b"} & set(names)
    assert (names.count("img"), names.count("h1"), names.count("style")) == (1, 1, 1)
    assert not [a for _, attrs in elements for a in attrs if a.startswith("on")]
    assert not [attrs for name, attrs in elements if name == "meta" and "http-equiv" in attrs]
    assert {attrs.get("rel") for name, attrs in elements if name == "link"} == {"stylesheet"}
    hrefs = [attrs["href"] for name, attrs in elements if name == "a"]
    assert hrefs and all(re.match(r"^(https?:|mailto:|tel:)", h) for h in hrefs), hrefs

    meta = pdfs.metadata(pdf)
    assert meta["Title"] == HOSTILE["title"]
    assert meta["Author"] == HOSTILE["brand"]
    # The source link keeps its whole URL as one https: link, quotes and all.
    assert 'https://example.org/?q="><script>alert(4)</script>' in map(unquote, link_uris(pdf))
    for built in (sheet, pdf):
        assert scripts_and_launches(built) == []
        data = pdf_bytes(built)
        for secret in secrets:
            assert secret not in data
        # Not even where the project lives on this disk (a user's home, a client's name).
        assert str(root.resolve()).encode() not in data
        assert str(tmp_path.resolve()).encode() not in data


def test_markdown_links_only_allow_web_mail_and_phone(tmp_path: Path):
    body = (
        "Good: [site](https://example.org/ok) [plain](http://example.org/plain) "
        "[mail](mailto:hi@example.org) [call](tel:+441234567891). "
        "Bad: [b1](javascript:alert(1)) [b2](file:///etc/passwd) "
        "[b3](data:text/html,hi) [b4](/etc/passwd) [b5](JaVaScRiPt:alert(2)) "
        "[b6](vbscript:msgbox) [b7](ftp://example.org/x) [b8](../../secret.txt) "
        "[b9](&#106;avascript:alert(3)) [b10](<javascript:alert(4)>) [b11](%6Aavascript:x)"
    )
    en = {**EN, "sections": {**EN["sections"], "what_it_is": {"body": body}}}
    root = tiny_project(tmp_path / "project", en)
    out = tmp_path / "out"
    result = build(root, out)
    assert result.exit_code == 0, result.output
    pdf = out / "default/demo/demo-en-sheet.pdf"
    uris = link_uris(pdf)
    for good in ("https://example.org/ok", "http://example.org/plain",
                 "mailto:hi@example.org", "tel:+441234567891"):
        assert good in uris
    allowed = re.compile(r"^(https?:|mailto:|tel:)", re.I)
    assert [u for u in uris if not allowed.match(u)] == []
    # Refused links stay visible as the characters typed (a line may end between "]" and
    # "(": compared without spaces).
    printed = pdfs.text(pdf).replace(" ", "")
    for shown in ("[b1](javascript:alert(1))", "[b2](file:///etc/passwd)",
                  "[b4](/etc/passwd)", "[b8](../../secret.txt)"):
        assert shown in printed
    assert scripts_and_launches(pdf) == []


def test_a_project_stylesheet_cannot_read_files_outside_or_the_network(tmp_path: Path,
                                                                        secrets):
    """Each way a project's CSS could reach out is refused, and no PDF appears."""
    home_secret = Path.home() / "secret.txt"
    attempts = [
        f"body {{ background: url({home_secret.as_uri()}); }}",
        "body { background: url(file:///etc/hostname); }",
        "@import url(https://evil.example/x.css);",
        "@font-face { font-family: Evil; src: url(http://evil.example/e.woff2); }",
        "h1::after { content: url(../../../../../../etc/passwd); }",
        "body { background: URL(file:///etc/hostname); }",
        "body { background: u\\72l(file:///etc/hostname); }",
    ]
    for n, css in enumerate(attempts):
        root = tiny_project(tmp_path / f"project{n}")
        (root / "styles").mkdir()
        (root / "styles/base.css").write_text(f"p {{ margin: 0; }}\n{css}\n", "utf-8")
        out = tmp_path / f"out{n}"
        result = build(root, out)
        assert result.exit_code != 0, css
        assert "Traceback" not in result.output
        assert re.search(r"^styles/base\.css:2: error: unsafe-css: ", result.stderr, re.M), (
            css, result.stderr)
        assert not out.exists() or not list(out.rglob("*.pdf")), css


def test_the_renderer_refuses_what_the_checks_might_miss(tmp_path: Path):
    """The URL fetcher is the last guard: outside files, symlinks out, the network."""
    from brochures.leaflet import render

    root = (tmp_path / "project").resolve()
    (root / "styles").mkdir(parents=True)
    (root / "styles/inside.txt").write_text("fine")
    (root / "styles/link.png").symlink_to("/etc/hostname")
    refused = [
        '<img src="file:///etc/hostname">',
        '<img src="FILE:///etc/passwd">',
        '<img src="file://localhost/etc/hostname">',
        '<img src="styles/link.png">',
        '<img src="../../../../../../etc/hostname">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<img src="http://127.0.0.1:9/x.png">',
        '<object data="file:///etc/passwd"></object>',
        "<style>@import url(file:///etc/hostname);</style>",
        "<style>@font-face { font-family: E; src: url(https://evil.example/e.woff) }"
        "p { font-family: E }</style>",
    ]
    for tag in refused:
        with pytest.raises(render.RenderError, match="refused to load"):
            render.layout_html(f"<p>text</p>{tag}", root.as_uri() + "/", [root])


def test_the_renderer_reads_only_styles_and_templates(tmp_path: Path):
    """Inside the project too: a render never reads content, outputs or other files."""
    from brochures.leaflet import render

    root = tiny_project(tmp_path / "project", brand=BRAND)
    (root / "notes.png").write_bytes((root / "styles/brands/acme/logo.svg").read_bytes())
    (root / "dist").mkdir()
    (root / "dist/old.svg").write_bytes((root / "styles/brands/acme/logo.svg").read_bytes())
    base = root.resolve().as_uri() + "/"
    fine = render.layout_html('<img src="styles/brands/acme/logo.svg">', base, [root])
    assert fine.resources == {(root / "styles/brands/acme/logo.svg").resolve()}
    for tag in ('<img src="notes.png">', '<img src="dist/old.svg">',
                '<img src="content/demo/en.yaml">'):
        with pytest.raises(render.RenderError, match="refused to load"):
            render.layout_html(tag, base, [root])


def test_unknown_brand_keys_are_ignored_not_used(tmp_path: Path):
    """Keys the schema does not know are warned about and dropped: an unknown colour role
    never reaches the CSS, whatever it holds (it used to crash the colour check)."""
    brand = {**BRAND,
             "colors": {**BRAND["colors"], "extra": {"body": "x"},
                        "evil": "red; } body { background: url(/etc/hostname) }"},
             "fonts": {**BRAND["fonts"], "mono": "No Such Font"},
             "contact": {"phone": "+44 1234 567890", "fax": {"a": 1}}}
    root = tiny_project(tmp_path / "project", brand=brand)
    out = tmp_path / "out"
    result = build(root, out, "--brand", "acme", "--format", "html")
    assert result.exit_code == 0, result.output
    warned = re.findall(r"^styles/brands/acme/brand\.yaml:\d+:\d+: warning: unknown-key: "
                        r"unknown key '([a-z.]+)'", result.stderr, re.M)
    assert sorted(warned) == ["colors.evil", "colors.extra", "contact.fax", "fonts.mono"]
    html = (out / "acme/demo/demo-en-sheet.html").read_text("utf-8")
    assert "--evil" not in html and "--extra" not in html and "/etc/hostname" not in html


def test_file_names_cannot_forge_lines_or_drive_the_terminal(tmp_path: Path):
    """A folder named with a line break, terminal escapes and a bidi override is named
    escaped: every problem stays one line and nothing reaches the terminal raw."""
    root = tiny_project(tmp_path / "project")
    evil = "demo\nerror: forged: all good\x1b[2J\u202e"
    shutil.copytree(root / "content/demo", root / "content" / evil)
    result = build(root, tmp_path / "out")
    assert result.exit_code != 0
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert not re.search(r"^error: forged", result.output, re.M)
    lines = [line for line in result.stderr.splitlines() if "forged" in line]
    assert len(lines) == 1 and lines[0].startswith("content/demo\\u000aerror: forged"), lines
