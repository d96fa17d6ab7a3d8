"""From an empty folder to leaflets of one's own: init, new topic/brand/language, TODO: lines.

One project is walked through the whole path once (module fixture), each step a
command a new user would type; the PDFs are built once and reused. Every layout
is built, one language per layout, to keep the module lean.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochures.checks.accessibility import contrast
from brochures.cli import main
from tests import pdfs

BRAND = "lumen-skin-clinic"


def run(root: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--project", str(root), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def fill(path: Path, text: str | None = None) -> None:
    """Replace every ``TODO:`` line's placeholder as a writer would: with real text."""
    lines = []
    for line in path.read_text("utf-8").splitlines():
        if "TODO:" in line and not line.lstrip().startswith("#"):
            # A translator's stand-in keeps the source text; a new topic gets ``text``.
            line = re.sub(r"TODO: [^\"]*", text, line) if text else line.replace("TODO: ", "")
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def logo_png(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 100), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 90, 90), fill=(240, 140, 40, 255))  # a light orange: too pale for text
    draw.rectangle((130, 35, 180, 65), fill=(90, 190, 210, 255))  # less of it: the accent
    image.save(path)
    return path


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The whole walk, step by step; what each step printed, by step name."""
    base = tmp_path_factory.mktemp("walk")
    root = base / "my-leaflets"
    said = {}
    said["init"] = CliRunner().invoke(main, ["init", str(root), "--name", "Lumen Skin Clinic"])
    assert said["init"].exit_code == 0, said["init"].output
    said["build"] = run(root, "build", "--layout", "sheet", "-j", "1")
    said["new topic"] = run(root, "new", "topic", "microneedling")
    said["todo check"] = run(root, "check", "--no-fit", "microneedling", code=1)
    said["todo build"] = run(root, "build", "microneedling", "--layout", "screen", "-j", "1",
                             code=1)
    said["new brand"] = run(root, "new", "brand", "sunrise", "--name", "Sunrise Dermatology",
                            "--logo", str(logo_png(base / "sunrise.png")))
    said["new language"] = run(root, "new", "language", "it", "chemical-peels")
    said["it before"] = (root / "content/chemical-peels/it.yaml").read_text("utf-8")
    said["it words before"] = (root / "templates/words/it.yaml").read_text("utf-8")
    fill(root / "content/microneedling/topic.yaml", "Sunrise Dermatology team")
    fill(root / "content/microneedling/en.yaml", "Tiny needles make small marks in the skin.")
    fill(root / "templates/words/it.yaml")
    fill(root / "content/chemical-peels/it.yaml")
    said["filled check"] = run(root, "check", "--no-fit")
    said["layouts A"] = run(root, "build", "microneedling", "--brand", "sunrise", "--layout",
                            "booklet", "--layout", "screen", "-j", "1")
    said["layouts B"] = run(root, "build", "chemical-peels", "--lang", "it", "--layout",
                            "trifold", "--layout", "large-print", "-j", "1")
    return root, said


def test_init_makes_a_project_that_builds_at_once(walk):
    root, _ = walk
    assert (root / "brochures.yaml").read_text().count(f"brands: [{BRAND}]") == 1
    assert (root / ".gitignore").read_text().splitlines()[0] == "dist/"
    brand = (root / f"styles/brands/{BRAND}/brand.yaml").read_text()
    assert "hello@lumen-skin-clinic.example" in brand  # sample details the gate warns about
    pdf = root / f"dist/{BRAND}/chemical-peels/chemical-peels-en-sheet.pdf"
    text = pdfs.text(pdf)
    assert "Lumen Skin Clinic" in text and "Chemical peels" in text


def test_init_refuses_a_folder_that_is_not_empty_and_never_prompts(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)], input="")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: error: {tmp_path} is not empty; give a new or empty folder (brochures init "
        "never overwrites a file)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_new_files_never_overwrite(walk, tmp_path: Path):
    root, _ = walk
    before = (root / "content/microneedling/en.yaml").read_bytes()
    result = run(root, "new", "topic", "microneedling", code=1)
    assert "content/microneedling/topic.yaml already exists" in result.output
    assert (root / "content/microneedling/en.yaml").read_bytes() == before


def test_a_todo_line_is_an_error_naming_its_line_in_check_and_build(walk):
    _, said = walk
    check = said["todo check"].output
    assert ("content/microneedling/en.yaml:3:9: error: todo: this line still holds a placeholder "
            "(TODO:); write the text it asks for and remove the marker") in check.splitlines()
    # Every section's placeholder is named, each on its own line (12 sections + title,
    # subtitle).
    assert len(re.findall(r"^content/microneedling/en\.yaml:\d+:\d+: error: todo:", check,
                          re.M)) == 14
    assert "microneedling-en-screen: not built" in said["todo build"].output


def test_new_brand_takes_readable_colours_from_the_logo(walk):
    import yaml

    root, _ = walk
    folder = root / "styles/brands/sunrise"
    data = yaml.safe_load((folder / "brand.yaml").read_text())
    assert (folder / "logo.png").read_bytes() == (root.parent / "sunrise.png").read_bytes()
    primary, accent = data["colors"]["primary"], data["colors"]["accent"]
    # The orange of the logo, darkened only as far as the contrast rules need.
    red, green, blue = (int(primary[i:i + 2], 16) for i in (1, 3, 5))
    assert red > green > blue
    assert 4.5 <= contrast(primary, "#ffffff") < 5.0
    assert contrast(accent, "#ffffff") >= 3.0
    assert data["fonts"] == {"heading": "Noto Sans", "body": "Noto Sans"}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in (value if isinstance(value, list) else []) for s in _strings(v)]


def test_new_language_marks_every_source_unit_todo(walk):
    import yaml

    root, said = walk
    assert said["new language"].output.splitlines() == [
        "created: templates/words/it.yaml", "created: content/chemical-peels/it.yaml",
        "created: rules/numbers/it.yaml"]
    source = yaml.safe_load((root / "content/chemical-peels/en.yaml").read_text("utf-8"))
    started = yaml.safe_load(said["it before"])
    assert started.keys() == source.keys()
    assert started["sections"].keys() == source["sections"].keys()
    units = [p.strip() for s in _strings(source) for p in s.split("\n\n")]
    marked = [p for s in _strings(started) for p in s.split("\n\n")]
    assert marked == [f"TODO: {unit}" for unit in units]
    words = yaml.safe_load(said["it words before"])
    assert words["locale"] == "it" and words["language_name"] == "Italiano"
    assert all(w.startswith("TODO: ") for w in _strings(words["headings"]))
    assert words["headings"]["risks"] == "TODO: Risks and side effects"


def test_every_layout_is_built_from_the_filled_files(walk):
    root, said = walk
    assert "todo" not in said["filled check"].output
    built = {
        "sunrise/microneedling/microneedling-en-booklet.pdf": "Sunrise Dermatology",
        "sunrise/microneedling/microneedling-en-screen.pdf": "Tiny needles",
        f"{BRAND}/chemical-peels/chemical-peels-it-trifold.pdf": "Chemical peels",
        f"{BRAND}/chemical-peels/chemical-peels-it-large-print.pdf": "Risks",
        f"{BRAND}/chemical-peels/chemical-peels-en-sheet.pdf": "Lumen Skin Clinic",
    }
    for name, needle in built.items():
        text = pdfs.text(root / "dist" / name)
        assert needle in text, name
        assert "TODO" not in text, name


def test_the_end_of_run_table_adds_up_to_the_total(walk):
    # The content's and brand's warnings belong to no one layout: they get their own row,
    # or every layout's row says 0 while the total says 6.
    lines = walk[1]["layouts A"].output.splitlines()
    at = lines.index(next(line for line in lines if line.split()[:2] == ["built", "unchanged"]))
    rows = lines[at + 1:-1]
    assert [row.split()[0] for row in rows] == ["booklet", "screen", "content,"]
    warnings = [int(row.split()[4]) for row in rows[:2]] + [int(rows[2].split()[-1])]
    total = re.search(r"(\d+) warnings in", lines[-1])
    assert warnings[2] > 0 and sum(warnings) == int(total.group(1))
    assert sum(line.count(": warning: ") for line in lines[:at]) == int(total.group(1))


def test_a_moved_project_rebuilds_nothing(walk, tmp_path: Path):
    root, _ = walk
    moved = tmp_path / "elsewhere" / "renamed"
    # Plain copies: new paths and new modification times; only the contents are the same.
    shutil.copytree(root, moved, copy_function=shutil.copy)
    result = run(moved, "build", "chemical-peels", "--lang", "it", "--layout", "trifold",
                 "--layout", "large-print", "-j", "1")
    assert result.output.splitlines()[-1].startswith("0 built, 2 unchanged, 0 failed")
    # Rendered again in the new folder, the leaflet is the same, byte for byte.
    name = f"dist/{BRAND}/chemical-peels/chemical-peels-it-large-print.pdf"
    (moved / name).unlink()
    run(moved, "build", "chemical-peels", "--lang", "it", "--layout", "large-print", "-j", "1")
    assert (moved / name).read_bytes() == (root / name).read_bytes()


def test_templates_copy_lists_copies_and_the_copy_is_used(tmp_path: Path):
    root = tmp_path / "p"
    CliRunner().invoke(main, ["init", str(root)])
    listing = run(root, "templates", "copy").output.splitlines()
    assert "templates/layouts/sheet.yaml" in listing and "rules/readability.yaml" in listing
    assert all(line.startswith(("templates/", "styles/", "rules/")) for line in listing)
    result = run(root, "templates", "copy", "templates/sections.yaml")
    assert result.output == "created: templates/sections.yaml\n"
    copied = root / "templates/sections.yaml"
    from brochures.inputs.project import Project, builtin_root

    assert copied.read_bytes() == (builtin_root() / "templates/sections.yaml").read_bytes()
    assert Project(root).find("templates/sections.yaml") == copied
    # The search path now uses the copy: a section id added there is accepted.
    copied.write_text(copied.read_text().replace("optional: [", "optional: [costs, "))
    en = root / "content/chemical-peels/en.yaml"
    en.write_text(en.read_text() + "\n  costs:\n    body: Ask us for a price.\n")
    assert "unknown-section" not in run(root, "check", "--no-fit").output
    again = run(root, "templates", "copy", "templates/sections.yaml", code=1)
    assert "already exists" in again.output
    assert run(root, "templates", "copy", "../etc/passwd", code=1).output.startswith("error:")


def test_todo_in_a_comment_is_not_printed_so_not_an_error():
    from brochures.checks.todo import todo_problems

    text = ('# TODO: a note to self\ntitle: Done  # TODO: check the wording\n'
            'subtitle: "TODO: one line"\nintro: |-\n  Fine.\n\n  TODO: the second paragraph\n')
    found = [(str(p.location), p.code) for p in todo_problems("x.yaml", text)]
    assert found == [("x.yaml:3:12", "todo"), ("x.yaml:7:3", "todo")]


def test_new_language_writes_its_number_words_with_num2words(walk, tmp_path: Path):
    """Parity compares numbers written in words in a language num2words knows (Italian);
    for one it does not know, no file (check then warns that numbers are not compared)."""
    from brochures.checks.parity import number_words
    from brochures.errors import Report
    from brochures.inputs.project import Project

    root, _ = walk
    text = (root / "rules/numbers/it.yaml").read_text("utf-8")
    assert '  21: ["ventuno"]' in text.splitlines()
    report = Report()
    found = number_words(Project(root), "it", report)
    assert not report.errors
    assert found.words["ventuno"] == "21" and found.words["tre"] == "3"
    assert found.pattern.search("dopo tre giorni")
    other = tmp_path / "other"
    assert CliRunner().invoke(main, ["init", str(other), "--name", "X"]).exit_code == 0
    result = run(other, "new", "language", "mi")
    assert result.output.splitlines() == ["created: templates/words/mi.yaml"]
    assert not (other / "rules/numbers/mi.yaml").exists()

