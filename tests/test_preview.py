"""Page previews (issue 8): ``brochures preview``, and what ``brochures serve`` rebuilds.

Sizes are checked against the real PDF the build wrote: a page of W × H points at D dpi
must be an image of W·D/72 × H·D/72 pixels. The English sheet is previewed once for the
module (``previewed``); tests that only look at images preview a copy of that project again,
which draws the images afresh from the PDF its first run built (rendering is tested once).
Elsewhere the default brand's leaflets are in the build cache already, as the run's default
build made them (``seed``): they are read, not rendered again, and a leaflet rebuilt after an
edit is laid out from its record.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageStat

from brochures.batch import manifest
from brochures.inputs.project import Project
from brochures.preview.images import cache_dir
from brochures.preview.live import Key, Live
from brochures.preview.serve import _project_file
from tests.conftest import Run, copy_project

NAME = "mesotherapy-en-sheet"


def seed(cache: Path, sample_build) -> Path:
    """``cache`` (a build cache: preview's and serve's) holding the default brand's leaflets
    of the run's default build of the same project, PDFs and build records."""
    shutil.copytree(sample_build.root / "dist" / "default", cache / "default")
    return cache


def preview(cli, project: Path, *args: str):
    out = project / "previews"
    result = cli("preview", "mesotherapy", "--layout", "sheet", "--out", str(out), *args)
    return result, out


@pytest.fixture(scope="module")
def previewed_once(tmp_path_factory) -> Path:
    """The project with its English sheet previewed (read-only: tests copy it)."""
    root = copy_project(tmp_path_factory.mktemp("preview") / "project")
    result, out = preview(Run(root), root, "--lang", "en", "--dpi", "24")
    assert result.exit_code == 0, result.all_output
    assert "1 previewed, 0 failed" in result.output
    assert (out / ".pdf" / "default" / "mesotherapy" / f"{NAME}.pdf").is_file()
    return root


@pytest.fixture
def previewed(previewed_once: Path, tmp_path: Path) -> tuple[Path, Run]:
    """A private copy of that project, previews and the PDF behind them included, and its CLI:
    previewing the English sheet there again draws its images from that PDF."""
    root = Path(shutil.copytree(previewed_once, tmp_path / "project", symlinks=True))
    return root, Run(root)


def pdf_sizes(path: Path) -> list[tuple[float, float]]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [document[i].get_size() for i in range(len(document))]
    finally:
        document.close()


def inked(image: Image.Image) -> bool:
    """Not blank: a good share of dark pixels, and real contrast."""
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    return dark > grey.width * grey.height * 0.01 and ImageStat.Stat(grey).stddev[0] > 20


def pages_of(folder: Path, name: str = NAME) -> list[Path]:
    return sorted(folder.glob(f"{name}-page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


@pytest.mark.parametrize("dpi", [40, 110])
def test_one_png_per_page_at_the_asked_resolution(previewed, dpi):
    project, cli = previewed
    result, out = preview(cli, project, "--lang", "en", "--dpi", str(dpi))
    assert result.exit_code == 0, result.all_output
    pdf = out / ".pdf" / "default" / "mesotherapy" / f"{NAME}.pdf"
    sizes = pdf_sizes(pdf)
    pages = pages_of(out / "default" / "mesotherapy")
    assert len(pages) == len(sizes) >= 2
    for path, (width_pt, height_pt) in zip(pages, sizes, strict=True):
        with Image.open(path) as image:
            assert abs(image.width - width_pt * dpi / 72) <= 1
            assert abs(image.height - height_pt * dpi / 72) <= 1
            # A page of ruled notes (the second sheet's) is light, but never blank.
            assert inked(image) or image.convert("L").getextrema()[0] < 128, path
    assert f"{len(sizes)} pages" in result.output


def test_contact_sheet_holds_every_page_side_by_side(previewed):
    project, cli = previewed
    result, out = preview(cli, project, "--lang", "en", "--dpi", "30")
    assert result.exit_code == 0, result.all_output
    folder = out / "default" / "mesotherapy"
    pages = [Image.open(p).convert("RGB") for p in pages_of(folder)]
    sheet = Image.open(folder / f"{NAME}-contact.png").convert("RGB")
    assert sheet.height > max(p.height for p in pages)
    assert sheet.width > sum(p.width for p in pages)
    # Each page appears, unchanged, left to right at the same height.
    gap = (sheet.width - sum(p.width for p in pages)) // (len(pages) + 1)
    assert gap > 0 and sheet.height == max(p.height for p in pages) + 2 * gap
    x = gap
    for page in pages:
        crop = sheet.crop((x, gap, x + page.width, gap + page.height))
        assert ImageChops.difference(crop, page).getbbox() is None
        x += page.width + gap


def test_every_chosen_leaflet_gets_its_images(cli, project, sample_build):
    seed(cache_dir(project / "previews"), sample_build)  # the clinic's sheets are rendered
    result, out = preview(cli, project, "--lang", "en", "--lang", "ar", "--brand", "all",
                          "--dpi", "24")
    assert result.exit_code == 0, result.all_output
    sheets = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*/*-contact.png"))
    assert sheets == [f"{brand}/mesotherapy/mesotherapy-{lang}-sheet-contact.png"
                      for brand in ("clinic", "default") for lang in ("ar", "en")]
    assert "4 previewed, 0 failed" in result.output


def test_previewed_pdf_is_the_one_build_makes(previewed_once, sample_build):
    """What ``brochures build`` makes of the same project: the run's default build, made by
    ``brochures build`` in a process of its own, from a copy of the same project."""
    out = previewed_once / "previews"  # its preview built the PDF in previews/.pdf
    cached = out / ".pdf" / "default" / "mesotherapy" / f"{NAME}.pdf"
    printed = sample_build.pdf("en")
    assert printed.name == f"{NAME}.pdf"
    assert cached.read_bytes() == printed.read_bytes()


def test_pages_a_leaflet_lost_are_removed(previewed):
    project, cli = previewed
    folder = project / "previews" / "default" / "mesotherapy"
    pages = [f"{NAME}-page-{n}.png" for n in range(1, 5)]  # two sheets at 12 pt
    assert [p.name for p in pages_of(folder)] == pages
    (folder / f"{NAME}-page-5.png").write_bytes(b"old")
    (folder / f"{NAME}-page-6.png").write_bytes(b"old")
    result, _ = preview(cli, project, "--lang", "en", "--dpi", "24")
    assert result.exit_code == 0, result.all_output
    assert [p.name for p in pages_of(folder)] == pages


def test_a_broken_leaflet_is_reported_and_the_others_still_previewed(cli, project,
                                                                     sample_build):
    seed(cache_dir(project / "previews"), sample_build)
    fr = project / "content/mesotherapy/fr.yaml"
    lines = fr.read_text().splitlines(keepends=True)
    assert lines[0].startswith("title:")
    fr.write_text("".join(["title: Meso: therapy\n", *lines[1:]]))  # ': ' inside a plain value
    result, out = preview(cli, project, "--lang", "en", "--lang", "fr", "--dpi", "24")
    assert result.exit_code == 1
    assert "content/mesotherapy/fr.yaml:1:" in result.all_output
    assert "Traceback" not in result.all_output
    folder = out / "default" / "mesotherapy"
    assert (folder / f"{NAME}-contact.png").is_file()
    assert not list(folder.glob("mesotherapy-fr-*"))


# -- serve: what a saved file makes stale --------------------------------------------------

def test_a_saved_file_feeds_only_the_leaflets_whose_manifest_lists_it(project, tmp_path):
    live = Live(Project(project), tmp_path / "cache")
    live.check()  # the manifests of every leaflet come with the check
    manifests = live.manifests()
    keys = set(live.leaflets())
    assert set(manifests) == keys

    def fed(relative: str) -> set | None:
        found = manifest.affected(live.project, project / relative, manifests)
        return None if found is None else set(found)

    def where(**wanted) -> set:
        return {k for k in keys if all(getattr(k, name) == v for name, v in wanted.items())}

    # A web page links to the topic's other languages (brochures.batch.webpage): each is fed too.
    assert fed("content/mesotherapy/fr.yaml") == where(language="fr") | where(layout="web")
    # The source language is what every translation is checked against (parity, staleness).
    assert fed("content/mesotherapy/en.yaml") == keys
    assert fed("content/mesotherapy/topic.yaml") == keys
    assert fed("content/mesotherapy/images/skin-layers.svg") == keys
    assert fed("content/mesotherapy/records.yaml") == keys  # each language's approval in it
    assert fed("templates/words/fr.yaml") == where(language="fr") | where(layout="web")
    assert fed("rules/claims/de.yaml") == where(language="de")
    assert fed("translations/glossary.fr.tsv") == where(language="fr")
    assert fed("styles/brands/clinic/logo.svg") == where(brand="clinic")
    assert fed("templates/layouts/trifold.yaml") == where(layout="trifold")
    assert fed("styles/layouts/sheet.css") == where(layout="sheet")
    assert fed("styles/base.css") == keys
    # Every layout's template includes it but the web page's (templates/web.html).
    assert fed("templates/partials/contact.html") == keys - where(layout="web")
    assert fed("content/mesotherapy/notes.txt") == set()  # no leaflet reads it
    assert fed("brochures.yaml") is None  # the selection itself may change


def test_editor_temporary_files_are_not_changes(tmp_path):
    kept = tmp_path / "en.yaml"
    kept.write_text("x")
    assert _project_file(kept)
    assert _project_file(tmp_path / "fr.yaml")  # deleted: a leaflet the project lost
    assert not _project_file(tmp_path / "sedAb12Cd")  # sed -i's file, gone after the rename
    assert not _project_file(tmp_path / ".en.yaml.swp")
    assert not _project_file(tmp_path / "en.yaml~")


def test_only_the_leaflet_whose_file_changed_is_rebuilt(project, tmp_path, sample_build):
    live = Live(Project(project), seed(tmp_path / "cache", sample_build))
    en, fr = Key("mesotherapy", "en", "sheet", "default"), Key("mesotherapy", "fr", "sheet",
                                                                "default")
    en_view, fr_view = live.view(en), live.view(fr)
    assert en_view.built and fr_view.built and len(en_view.pages) == 4
    assert live.view(en) is en_view  # nothing changed: nothing rebuilt
    live.check()  # the index was shown: every leaflet's manifest is known

    path = project / "content/mesotherapy/fr.yaml"
    text = path.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title, "title: Méso aujourd'hui", 1))
    live.files_changed([path])
    # Its leaflets, and every web page of the topic (they link to the French one).
    assert live.changes_since(0) == sorted(
        k.path for k in live.leaflets() if k.topic == "mesotherapy"
        and (k.language == "fr" or k.layout == "web"))
    assert live.view(en) is en_view
    rebuilt = live.view(fr)
    assert rebuilt is not fr_view and rebuilt.version > en_view.version
    assert "Méso aujourd'hui" in rebuilt.texts[0] and "Méso aujourd'hui" not in fr_view.texts[0]
    assert rebuilt.pages[0] != fr_view.pages[0]


def test_a_failed_rebuild_keeps_the_last_good_pages_and_names_the_line(project, tmp_path,
                                                                       sample_build):
    live = Live(Project(project), seed(tmp_path / "cache", sample_build))
    key = Key("mesotherapy", "en", "sheet", "default")
    good = live.view(key)
    path = project / "content/mesotherapy/en.yaml"
    lines = path.read_text().splitlines(keepends=True)
    assert lines[0].startswith("title:")
    path.write_text("".join(["title: Meso: therapy\n", *lines[1:]]))
    live.files_changed([path])
    broken = live.view(key)
    assert not broken.built and broken.pdf is None
    assert broken.pages == good.pages  # shown greyed out, never a blank page
    errors = [p for p in live.status(key, live.check(["mesotherapy"])) if p.is_error]
    assert any(p.location and p.location.path == "content/mesotherapy/en.yaml"
               and p.location.line == 1 for p in errors), errors


def test_a_second_run_previews_again_from_the_built_pdf(previewed):
    project, cli = previewed  # previewed once already, at 24 dpi
    out = project / "previews"
    page = out / "default" / "mesotherapy" / f"{NAME}-page-1.png"
    page.unlink()
    second, _ = preview(cli, project, "--lang", "en", "--dpi", "30")
    assert second.exit_code == 0, second.all_output
    assert "1 previewed, 0 failed" in second.output
    with Image.open(page) as image:
        assert abs(image.width - 595.28 * 30 / 72) <= 1  # A4 portrait, redrawn at the new dpi
