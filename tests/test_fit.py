"""The fit guard and the --fit policies for fixed-size layouts (issue 5)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests import pdfs
from tests.test_layouts import font_sizes

MESSAGE = re.compile(
    r"mesotherapy \(en\) does not fit the (\w+) layout: section '(\w+)' runs (\d+) mm "
    r"past (panel|page) (\d+).* \(brand default, paper a4\)$", re.MULTILINE)


def lengthen(project: Path, section: str, paragraphs: int) -> None:
    """Give ``section`` of the English leaflet many more paragraphs (and no summary: the
    trifold would print it instead)."""
    path = project / "content/mesotherapy/en.yaml"
    data = yaml.safe_load(path.read_text())
    extra = ("Ask your practitioner to explain each step, and take your time to decide. "
             "Write down your questions before the visit so that you do not forget them.")
    body = data["sections"][section].get("body", "")
    data["sections"][section]["body"] = "\n\n".join([body, *[extra] * paragraphs]).strip()
    data["sections"][section].pop("summary", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def set_layout(project: Path, layout: str, **values) -> None:
    path = project / f"templates/layouts/{layout}.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(values)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def build(cli, project: Path, layout: str, *options: str):
    return cli("build", "mesotherapy", "--lang", "en", "--layout", layout,
               "--out", str(project / "dist"), "-j", "1", *options)


def out(project: Path, layout: str) -> Path:
    return project / "dist/default/mesotherapy" / f"mesotherapy-en-{layout}.pdf"


def test_long_content_fails_the_trifold_with_one_line(cli, project):
    lengthen(project, "evidence", 12)
    result = build(cli, project, "trifold")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "does not fit" in line]
    assert len(lines) == 1, result.all_output
    found = MESSAGE.search(lines[0])
    assert found, lines[0]
    layout, section, mm, unit, last = found.groups()
    assert (layout, unit, last) == ("trifold", "panel", "5")
    assert section == "evidence"
    assert 20 < int(mm) < 400
    assert lines[0].startswith("content/mesotherapy/en.yaml:")  # points at the YAML
    assert "--fit shrink" not in lines[0] and "already at the 11 pt floor" in lines[0]
    assert not out(project, "trifold").exists()


def test_overflow_grows_with_the_text(cli, project):
    """The millimetres are measured, not made up: more text, more overflow."""
    measured = []
    for paragraphs in (60, 40):
        lengthen(project, "evidence", paragraphs)
        result = build(cli, project, "booklet")
        found = MESSAGE.search(result.all_output)
        assert found, result.all_output
        # The last page the sections may fill: the booklet's 12 less its two closing pages.
        assert found.group(1, 2, 4, 5) == ("booklet", "evidence", "page", "10")
        measured.append(int(found.group(3)))
    assert measured[1] > measured[0]


def test_shrink_fits_at_a_smaller_size_with_a_warning(cli, project):
    # The layout's own size is too big for the text; 10.5 pt is known to fit.
    set_layout(project, "trifold", body_pt=12.5, min_body_pt=10)
    failed = build(cli, project, "trifold")
    assert failed.exit_code == 1 and "does not fit the trifold layout" in failed.all_output
    result = build(cli, project, "trifold", "--fit", "shrink")
    assert result.exit_code == 0, result.all_output
    warning = re.search(r"warning: shrunk-to-fit: mesotherapy-en-trifold: body text set at "
                        r"([\d.]+) pt instead of 12.5 pt", result.all_output)
    assert warning, result.all_output
    assert 10 <= float(warning.group(1)) < 12.5
    assert min(font_sizes(out(project, "trifold"))) >= 6  # footnotes stay legible
    # Shrinking is a warning: --strict refuses it, also when the leaflet is unchanged.
    strict = build(cli, project, "trifold", "--fit", "shrink", "--strict")
    assert strict.exit_code == 1, strict.all_output
    assert "0 built, 0 unchanged, 1 failed" in strict.all_output
    assert "shrunk-to-fit" in strict.all_output and "error: refused:" in strict.all_output


def test_shrink_stops_at_the_floor(cli, project):
    lengthen(project, "risks", 80)
    result = build(cli, project, "sheet", "--fit", "shrink")
    assert result.exit_code == 1
    found = MESSAGE.search(result.all_output)
    assert found and found.group(1, 4, 5) == ("sheet", "page", "4"), result.all_output
    assert "even at the 12 pt floor" in result.all_output
    assert not out(project, "sheet").exists()


def test_every_language_fits_every_fixed_layout_at_its_size(sample_build):
    """The shipped content needs no shrinking: the run's default build (--strict, every
    language and layout) printed no shrink warning, and every sheet takes 4 pages at 12 pt."""
    assert "shrunk" not in sample_build.output
    for lang in ("ar", "de", "en", "es", "fr", "ru"):
        for layout in ("sheet", "trifold", "booklet"):
            assert sample_build.pdf(lang, layout).is_file(), (lang, layout)
        assert len(pdfs.page_sizes_mm(sample_build.pdf(lang))) == 4


def test_a_back_panel_spilling_onto_another_panel_is_an_overflow(cli, project):
    """The page count alone misses this: notes pages pad the sheet to the right count."""
    # (The trifold's sources follow the sections: a long disclaimer fills its back panel.)
    path = project / "styles/brands/default/brand.yaml"
    data = yaml.safe_load(path.read_text())
    data["footer"] = {"en": "This leaflet gives general information about a treatment. " * 8}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = build(cli, project, "trifold")
    assert result.exit_code == 1, result.all_output
    found = re.search(r"does not fit the trifold layout: the back panel \(contact details, "
                      r"sources, review dates\) runs (\d+) mm onto another panel",
                      result.all_output)
    assert found and int(found.group(1)) > 2, result.all_output
    assert not out(project, "trifold").exists()


def test_overflow_is_measured_with_the_foot_the_back_details_need(cli, project):
    """A long contact block grows the back page's foot: the text overflow is measured with
    that foot under it (more millimetres than with the short one), and the line says how
    tall the foot became."""
    lengthen(project, "risks", 45)
    short = build(cli, project, "sheet")
    path = project / "styles/brands/default/brand.yaml"
    data = yaml.safe_load(path.read_text())
    data["footer"] = {"en": "This leaflet gives general information about a treatment. " * 5}
    data["contact"]["address"] = ("Lumen Skin Clinic, Building C, Third Floor, 1 High Street, "
                                  "Yourtown AB1 2CD, United Kingdom")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    long = build(cli, project, "sheet")
    assert short.exit_code == long.exit_code == 1
    before, after = MESSAGE.search(short.all_output), MESSAGE.search(long.all_output)
    assert before and after, long.all_output

    def foot_mm(output: str) -> float:
        said = re.search(r"\(the back details at the foot of page 4 take ([\d.]+) mm there\)",
                         output)
        return float(said.group(1)) if said else 88.0  # the sheet's own (templates/sheet.html)

    assert "back details at the foot" in long.all_output, long.all_output
    grown = foot_mm(long.all_output) - foot_mm(short.all_output)
    assert grown > 3
    # the text overflows by more, by about what the foot grew (lines reflow around it)
    assert 3 < int(after.group(3)) - int(before.group(3)) <= grown + 3
