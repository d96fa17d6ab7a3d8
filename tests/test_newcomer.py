"""A clinic's marketer on their own (issue 35): never lost, never a traceback.

Each mistake a new user made is played here as they made it, from a project
``brochures init`` wrote, with the files they brought from outside
(``tests/scenarios/newcomer/``): the exact line they must read, no traceback,
nothing half-made.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from brochures.checks.accessibility import contrast
from brochures.cli import main

BROUGHT = Path(__file__).resolve().parent / "scenarios" / "newcomer"


def _init(tmp_path: Path) -> Path:
    root = tmp_path / "lumen"
    result = CliRunner().invoke(main, ["init", str(root), "--name", "Lumen Skin Clinic"])
    assert result.exit_code == 0, result.output
    return root


def _in(folder: Path, monkeypatch, *args: str):
    """The command as typed in ``folder`` (no --project): the project is found from there."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and (
        result.exception is None or isinstance(result.exception, SystemExit)), repr(
        result.exception)
    return result


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# --- 1. The wrong folder -------------------------------------------------------------------

def test_new_topic_from_the_parent_folder_creates_nothing_and_says_where_to_go(
        tmp_path, monkeypatch):
    _init(tmp_path)
    before = _files(tmp_path)
    result = _in(tmp_path, monkeypatch, "new", "topic", "microneedling")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path}: error: no-project: no brochures.yaml here or in any folder above, so "
        "this is not a brochures project: cd into your project's folder (lumen here), or "
        "start one with 'brochures init FOLDER'"]
    assert _files(tmp_path) == before  # no content/ beside the project


def test_build_outside_any_project_blames_no_file_of_brochures(tmp_path, monkeypatch):
    result = _in(tmp_path, monkeypatch, "build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path}: error: no-project: no brochures.yaml here or in any folder above, so "
        "this is not a brochures project: cd into your project's folder, or start one with "
        "'brochures init FOLDER'"]
    assert list(tmp_path.iterdir()) == []


def test_a_finding_in_a_file_that_ships_with_brochures_is_our_bug(tmp_path, monkeypatch):
    import brochures.inputs.project

    repo = Path(__file__).resolve().parent.parent
    shipped = tmp_path / "shipped"
    for folder in ("templates", "styles", "rules"):
        shutil.copytree(repo / folder, shipped / folder)
    booklet = shipped / "styles/layouts/booklet.css"
    booklet.write_text(booklet.read_text(encoding="utf-8").replace(
        '@import url("folded.css");', '@import url("folded.css");\n'
        '.x { background: url("https://example.com/a.png"); }', 1), encoding="utf-8")
    monkeypatch.setattr(brochures.inputs.project, "builtin_root", lambda: shipped)
    root = _init(tmp_path)
    result = _in(root, monkeypatch, "check", "--no-fit")
    assert result.exit_code == 1
    ours = [line for line in result.output.splitlines() if "unsafe-css" in line]
    assert ours == [
        "styles/layouts/booklet.css:4: error: unsafe-css: styles/layouts/booklet.css may only "
        "use files in "
        "styles/, not 'https://example.com/a.png'; this file ships with brochures: this is a "
        "bug in brochures, please report it"], result.output
    # the project's own files are still the user's to fix
    assert not [line for line in result.output.splitlines()
                if "ships with brochures" in line and "booklet.css" not in line]


def test_new_topic_inside_a_topic_folder_goes_into_the_project(tmp_path, monkeypatch):
    root = _init(tmp_path)
    result = _in(root / "content" / "chemical-peels", monkeypatch,
                 "new", "topic", "microneedling")
    assert result.exit_code == 0, result.output
    assert f"project: {root}" in result.stderr.splitlines()
    assert (root / "content/microneedling/topic.yaml").is_file()
    assert not (root / "content/chemical-peels/content").exists()


def test_list_inside_a_topic_folder_finds_the_topics(tmp_path, monkeypatch):
    root = _init(tmp_path)
    result = _in(root / "content" / "chemical-peels", monkeypatch, "list")
    assert result.exit_code == 0, result.output
    assert "chemical-peels" in result.stdout


# --- 2 and 3. Logos and photos from outside ------------------------------------------------

@pytest.mark.parametrize(("brought", "message"), [
    ("not-an-image.png", "error: bad-logo: the logo file is named .png but is not an image "
                         "at all"),
    ("truncated.png", "error: bad-logo: the logo file is not a readable PNG image (damaged "
                      "or cut short); export it again"),
    ("photo-named.png", "error: bad-logo: the logo file is named .png but holds a JPEG "
                        "image: rename it to end in .jpg"),
])
def test_new_brand_refuses_a_logo_that_is_not_what_it_says(brought, message, tmp_path,
                                                            monkeypatch):
    root = _init(tmp_path)
    logo = tmp_path / brought
    shutil.copy(BROUGHT / brought, logo)
    before = _files(root)
    result = _in(root, monkeypatch, "new", "brand", "lumen2", "--logo", str(logo))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{logo}: {message}"]
    assert _files(root) == before


def test_a_truncated_picture_is_refused_after_weasyprint_is_imported():
    """WeasyPrint makes Pillow lenient with truncated files for the whole process."""
    import weasyprint  # noqa: F401

    from brochures.inputs.rasters import raster_problem

    data = (BROUGHT / "truncated.png").read_bytes()
    assert raster_problem(data, ".png") == ("the logo file is not a readable PNG image "
                                            "(damaged or cut short); export it again")
    photo = (BROUGHT / "logo.jpg").read_bytes()
    assert raster_problem(photo[: len(photo) // 2], ".jpg", "picture") == (
        "the picture file is not a readable JPEG image (damaged or cut short); export it again")


def test_new_brand_refuses_a_huge_logo_before_reading_it(tmp_path, monkeypatch):
    root = _init(tmp_path)
    logo = tmp_path / "huge.png"
    with logo.open("wb") as file:
        file.truncate(6_000_000)
    result = _in(root, monkeypatch, "new", "brand", "lumen2", "--logo", str(logo))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{logo}: error: bad-logo: the logo file is 6,000,000 bytes; the limit is 5,000,000 "
        "(export it smaller)"]
    assert not (root / "styles/brands/lumen2").exists()


def test_new_brand_from_a_jpeg_logo_offers_its_distinct_colours(tmp_path, monkeypatch):
    root = _init(tmp_path)
    result = _in(root, monkeypatch, "new", "brand", "lumen2", "--logo",
                 str(BROUGHT / "logo.jpg"))
    assert result.exit_code == 0, result.output
    folder = root / "styles/brands/lumen2"
    assert (folder / "logo.jpg").read_bytes() == (BROUGHT / "logo.jpg").read_bytes()
    text = (folder / "brand.yaml").read_text("utf-8")
    brand = yaml.safe_load(text)
    assert brand["logo"] == "logo.jpg"
    primary, accent = brand["colors"]["primary"], brand["colors"]["accent"]
    assert contrast(primary, "#ffffff") >= 4.5 and contrast(accent, "#ffffff") >= 3.0
    # The accent is the coral, not the second teal.
    red, green, blue = (int(accent[i:i + 2], 16) for i in (1, 3, 5))
    assert red > green and red > blue, accent
    offered = next(line for line in text.splitlines() if line.startswith("# colours in "))
    assert offered.count("#") == 3, offered  # teal and coral: the second teal is not offered


def test_a_colour_that_fails_contrast_names_the_nearest_that_passes(tmp_path, monkeypatch):
    root = _init(tmp_path)
    brand = root / "styles/brands/lumen-skin-clinic/brand.yaml"
    text = brand.read_text("utf-8")
    primary = yaml.safe_load(text)["colors"]["primary"]
    brand.write_text(text.replace(primary, "#7fd1d9"), "utf-8")
    result = _in(root, monkeypatch, "check", "--no-fit")
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "low-contrast" in x)
    assert line.endswith('the nearest colour that passes is "#287f87"'), line
    assert contrast("#287f87", "#ffffff") >= 4.5


# --- 9. A read-only content/ ---------------------------------------------------------------

@pytest.fixture
def read_only(monkeypatch):
    """Make folders read-only as the system would: writing in them fails with EACCES.

    The suite runs as root, whom permission bits do not stop, so the refusal is given
    where every write passes: opening a file for writing, making a folder, renaming.
    """
    folders: list[Path] = []

    def guard(path) -> None:
        absolute = Path(os.path.abspath(os.fsdecode(path)))
        if any(absolute.is_relative_to(f) for f in folders):
            raise PermissionError(errno.EACCES, "Permission denied", str(absolute))

    real_open, real_io_open = os.open, io.open
    real_mkdir, real_replace = os.mkdir, os.replace

    def os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            guard(path)
        return real_open(path, flags, *args, **kwargs)

    def io_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+"):
            guard(file)
        return real_io_open(file, mode, *args, **kwargs)

    def mkdir(path, *args, **kwargs):
        guard(path)
        return real_mkdir(path, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):
        guard(dst)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "replace", replace)
    return folders


def test_new_language_in_a_read_only_content_leaves_no_file(tmp_path, monkeypatch, read_only):
    root = _init(tmp_path)
    before = _files(root)
    read_only.append(root / "content")
    result = _in(root, monkeypatch, "new", "language", "de", "chemical-peels")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/chemical-peels/de.yaml: error: cannot-write: cannot write "
        "content/chemical-peels/de.yaml: Permission denied; nothing was written (make the "
        "folder writable, or work on a copy)"]
    assert _files(root) == before  # the words file written first was taken back


def test_approve_in_a_read_only_content_is_one_line(tmp_path, monkeypatch, read_only):
    root = _init(tmp_path)
    before = _files(root)
    read_only.append(root / "content")
    result = _in(root, monkeypatch, "approve", "chemical-peels", "--lang", "en",
                 "--by", "Dr A. Moreau", "--role", "Medical director", "--force")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1].endswith(": Permission denied (make the folder writable, or work on a "
                              "copy of the project)"), lines
    assert "error: cannot-write: " in lines[-1] and str(root / "content") in lines[-1]
    assert _files(root) == before


def test_import_in_a_read_only_content_is_one_line(tmp_path, monkeypatch, read_only):
    root = _init(tmp_path)
    (root / "notes.txt").write_text("Microneedling\n\nWhat it is\n\nA treatment with fine "
                                    "needles that helps the skin renew itself.\n", "utf-8")
    before = _files(root)
    read_only.append(root / "content")
    result = _in(root, monkeypatch, "import", "notes.txt", "--topic", "microneedling",
                 "--lang", "en")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "error: cannot-write: " in lines[-1] and "Permission denied" in lines[-1], lines
    assert _files(root) == before


# --- 2. A JPEG photo in a leaflet ----------------------------------------------------------

def test_a_jpeg_photo_is_embedded_as_a_jpeg_at_300_dpi():
    import base64

    from PIL import Image

    from brochures.leaflet.pictures import embed

    url = embed((BROUGHT / "clinic-photo.jpg").read_bytes(), ".jpg", 60.0, 40.0)
    assert url.startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))) as image:
        assert image.format == "JPEG"
        # 60 × 40 mm at 300 dpi: 709 × 472 pixels at most; the 3000 × 2000 photo keeps its shape
        assert image.size == (708, 472)


def test_a_leaflet_with_a_jpeg_cover_photo_builds(tmp_path, monkeypatch):
    import pikepdf

    root = _init(tmp_path)
    topic = root / "content/chemical-peels"
    (topic / "images").mkdir()
    shutil.copy(BROUGHT / "clinic-photo.jpg", topic / "images/cover.jpg")
    language = topic / "en.yaml"
    language.write_text("cover_image:\n  file: cover.jpg\n  alt: Our treatment room\n"
                        + language.read_text("utf-8"), "utf-8")
    result = _in(root, monkeypatch, "build", "--layout", "sheet")
    assert result.exit_code == 0, result.output
    pdf = root / "dist/lumen-skin-clinic/chemical-peels/chemical-peels-en-sheet.pdf"
    with pikepdf.open(pdf) as document:
        filters = [obj.get("/Filter") for obj in document.objects
                   if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
    assert pikepdf.Name.DCTDecode in filters, filters


# --- 8. Old PDFs after a failed build ------------------------------------------------------

def test_a_failed_build_moves_the_earlier_pdf_out_and_says_so(tmp_path, monkeypatch):
    root = _init(tmp_path)
    assert _in(root, monkeypatch, "build", "--layout", "sheet").exit_code == 0
    pdf = root / "dist/lumen-skin-clinic/chemical-peels/chemical-peels-en-sheet.pdf"
    earlier = pdf.read_bytes()
    language = root / "content/chemical-peels/en.yaml"
    language.write_text(language.read_text("utf-8").replace("sections:", "sections: [", 1),
                        "utf-8")
    result = _in(root, monkeypatch, "build", "--layout", "sheet")
    assert result.exit_code == 1
    assert ("1 earlier PDF of refused leaflets moved out of the output folder (kept in "
            ".refused/): they no longer say what the sources say") in result.stdout.splitlines()
    assert not pdf.exists()
    kept = root / "dist/.refused/lumen-skin-clinic/chemical-peels/chemical-peels-en-sheet.pdf"
    assert kept.read_bytes() == earlier


# --- 5. Did you mean -----------------------------------------------------------------------

@pytest.mark.parametrize(("args", "line"), [
    (["build", "--layout", "sheets"], "error: unknown-layout: no layout 'sheets'; did you mean "
     "'sheet'? (known: booklet, large-print, screen, sheet, trifold, web)"),
    (["build", "--brand", "lumen"], "error: unknown-brand: no brand 'lumen' in styles/brands/; "
     "did you mean 'lumen-skin-clinic'? (known: lumen-skin-clinic)"),
    (["build", "chemical-peel"], "error: unknown-topic: no topic 'chemical-peel' in content/; "
     "did you mean 'chemical-peels'? (known: chemical-peels)"),
])
def test_a_misspelled_name_gets_the_closest_one(args, line, tmp_path, monkeypatch):
    root = _init(tmp_path)
    result = _in(root, monkeypatch, *args)
    assert result.exit_code == 1
    assert line in result.stderr.splitlines(), result.stderr
    assert not (root / "dist").exists() or not any((root / "dist").rglob("*.pdf"))


# --- 6. Fit messages -----------------------------------------------------------------------

def test_a_too_long_section_is_named_and_shrink_is_not_offered_at_the_floor(tmp_path,
                                                                            monkeypatch):
    root = _init(tmp_path)
    language = root / "content/chemical-peels/en.yaml"
    text = language.read_text("utf-8")
    end = "      in the twentieth century, and they are now a common skin treatment.\n"
    more = "      In the past, people tried many kinds of peels, some harsh on the skin.\n" * 240
    language.write_text(text.replace(end, end + more, 1), "utf-8")
    result = _in(root, monkeypatch, "build", "--layout", "sheet")
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "does not fit" in x)
    assert "section 'history' runs" in line  # the section that is too long, by name
    assert "(its text is already at the 12 pt floor); shorten it (brand" in line, line
    assert "--fit shrink" not in line
