"""What a process reuses between leaflets is never stale: caches follow the content.

No timings here: these tests check that a changed file is seen, that an unchanged
one is reused, and that what a reuse replays (warnings, used files) is complete.
"""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

import pytest

from brochures.batch.pool import Pool
from brochures.leaflet import fonts, render, reuse


def _page(root: Path, body: str = "<p>Hello</p>") -> str:
    return (f'<html><head><link rel="stylesheet" href="{(root / "styles/a.css").as_uri()}">'
            f"</head><body>{body}</body></html>")


def _width_mm(rendered: render.Rendered) -> float:
    return round(rendered.document.pages[0].width * 25.4 / 96, 1)


@pytest.fixture
def styles(tmp_path: Path) -> Path:
    (tmp_path / "styles").mkdir()
    return tmp_path


def test_an_edited_stylesheet_is_parsed_again_and_an_unchanged_one_is_reused(styles):
    sheet = styles / "styles/a.css"
    sheet.write_text("@page { size: 100mm 150mm; }\n", encoding="utf-8")
    base = styles.as_uri() + "/"
    first = render.layout_html(_page(styles), base, [styles])
    parsed = render.SHEETS.parsed
    again = render.layout_html(_page(styles), base, [styles])
    assert render.SHEETS.parsed == parsed  # reused, not parsed again
    assert _width_mm(first) == _width_mm(again) == 100.0
    assert sheet.resolve() in again.resources  # a reuse still counts the file as used

    sheet.write_text("@page { size: 120mm 150mm; }\n", encoding="utf-8")  # same path
    edited = render.layout_html(_page(styles), base, [styles])
    assert render.SHEETS.parsed == parsed + 1
    assert _width_mm(edited) == 120.0


def test_an_edited_import_is_seen_through_the_sheet_that_imports_it(styles):
    (styles / "styles/a.css").write_text('@import url("b.css");\n', encoding="utf-8")
    imported = styles / "styles/b.css"
    imported.write_text("@page { size: 90mm 150mm; }\n", encoding="utf-8")
    base = styles.as_uri() + "/"
    assert _width_mm(render.layout_html(_page(styles), base, [styles])) == 90.0
    imported.write_text("@page { size: 110mm 150mm; }\n", encoding="utf-8")
    rendered = render.layout_html(_page(styles), base, [styles])
    assert _width_mm(rendered) == 110.0
    assert imported.resolve() in rendered.resources


def test_a_reused_stylesheet_warns_every_leaflet_that_uses_it(styles, caplog):
    (styles / "styles/a.css").write_text("p { colour: red; }\n", encoding="utf-8")
    base = styles.as_uri() + "/"
    first = render.layout_html(_page(styles), base, [styles])
    second = render.layout_html(_page(styles), base, [styles])
    assert any("colour" in line for line in first.warnings)
    assert any("colour" in line for line in second.warnings)
    caplog.clear()  # the warnings were the point here (the no-warnings fixture agrees)


def test_the_same_stylesheet_gives_the_same_pdf_parsed_or_reused(styles):
    (styles / "styles/a.css").write_text(
        ":root { --c: #123456; }\n@page { size: 80mm 80mm; margin: 5mm; "
        "@bottom-center { content: counter(page); } }\np { color: var(--c); }\n",
        encoding="utf-8")
    base = styles.as_uri() + "/"
    render.SHEETS.entries.clear()
    pdfs = [render.write_pdf(render.layout_html(_page(styles), base, [styles]),
                             tagged=False, variant=None, seed="s") for _ in range(2)]
    assert pdfs[0] == pdfs[1]


def test_font_coverage_follows_the_font_files_not_the_family_name(tmp_path, monkeypatch):
    font = tmp_path / "Made-Up.ttf"
    font.write_bytes(b"one")
    table = {"madeup": ((str(font), "41-42"),)}
    monkeypatch.setattr(fonts, "_installed", lambda: table)
    assert fonts.coverage(("Made Up",)) == {0x41, 0x42}
    # The same family name, another font file behind it (installed over the old one).
    font.write_bytes(b"longer")
    table["madeup"] = ((str(font), "41-43"),)
    assert fonts.coverage(("Made Up",)) == {0x41, 0x42, 0x43}


def test_template_references_follow_the_template_text():
    import jinja2

    env = jinja2.Environment()
    assert reuse.referenced_templates(env, '{% include "a.html" %}') == ("a.html",)
    assert reuse.referenced_templates(env, '{% extends "b.html" %}{% include "c.html" %}') \
        == ("b.html", "c.html")
    # A name the template computes is a None among the references (every template counts).
    assert reuse.template_references(env, '{% include x ~ ".html" %}') == (None,)


def test_template_references_are_shared_only_by_environments_of_one_syntax():
    import jinja2

    source = '<% include "angle.html" %>{% include "brace.html" %}'
    angle = jinja2.Environment(block_start_string="<%", block_end_string="%>")
    for env in (jinja2.Environment(), jinja2.Environment(trim_blocks=True)):
        assert reuse.referenced_templates(env, source) == ("brace.html",)
    assert reuse.referenced_templates(angle, source) == ("angle.html",)


def _boot() -> None:
    logging.getLogger(__name__).debug("booted")


def _double(job: int) -> int:
    return job * 2


def test_workers_started_before_the_work_is_known_run_it(monkeypatch):
    from brochures.batch import pool

    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("fork"))
    early = Pool(size=2, boot=_boot, work=None, timeout=60).start()
    results = sorted((job, result) for job, result, lost in early.run(range(5), work=_double)
                     if lost is None)
    assert results == [(n, 2 * n) for n in range(5)]


def test_a_yaml_file_read_again_is_a_fresh_copy_with_the_same_problems(tmp_path):
    from brochures.errors import Report
    from brochures.inputs.yamlio import load_yaml

    path = tmp_path / "en.yaml"
    path.write_text("title: A\ntitle: B\nsections: {}\n", "utf-8")  # a duplicate key
    first, again = Report(), Report()
    doc = load_yaml(path, "content/demo/en.yaml", first)
    doc.data["title"] = "changed by its reader"
    copy = load_yaml(path, "content/demo/en.yaml", again)
    assert copy.data == {"title": "A", "sections": {}} and copy.marks == doc.marks
    assert again.problems == first.problems and [p.code for p in again.problems] == [
        "duplicate-key"]
    assert again.error_count == first.error_count == 1
    path.write_text("title: C\nsections: {}\n", "utf-8")  # saved again: read afresh
    fresh = Report()
    assert load_yaml(path, "content/demo/en.yaml", fresh).data["title"] == "C"
    assert not fresh.problems
    # The same bytes shown under another name say that name.
    path.write_text("title: A\ntitle: B\nsections: {}\n", "utf-8")
    other = Report()
    load_yaml(path, "content/other/en.yaml", other)
    assert [p.location.path for p in other.problems] == ["content/other/en.yaml"]
