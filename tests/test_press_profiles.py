"""Printing conditions and colour profiles of the press edition (issue 32): a print shop's own
profile and condition, a broken one refused in one line, the shipped profiles true to their
characterization data, pictures converted from their own ICC profile."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms

from tests.conftest import REPO, need

GHOSTSCRIPT = Path("/usr/share/color/icc/ghostscript")
CLINIC = "styles/brands/clinic"


def build(cli, project: Path, *extra: str, brand: str = "clinic"):
    return cli("build", "mesotherapy", "--lang", "en", "--layout", "sheet", "--press",
               "--brand", brand, "--out", str(project / "dist"), *extra)


def intent(project: Path, brand: str = "clinic") -> dict:
    path = project / f"dist/{brand}/mesotherapy/mesotherapy-en-sheet-press.pdf"
    with pikepdf.open(path) as pdf:
        found = pdf.Root.OutputIntents[0]
        keys = {str(k): str(v) for k, v in found.items() if k != "/DestOutputProfile"}
        keys["profile"] = found.DestOutputProfile.read_bytes()
    return keys


def add_to_brand(project: Path, text: str) -> None:
    path = project / CLINIC / "brand.yaml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_a_print_shops_profile_and_condition(cli, project):
    """`press: a4:` names the shop's condition and profile: the intent says exactly that."""
    source = GHOSTSCRIPT / "ps_cmyk.icc"
    need(source.is_file(), f"no second CMYK profile installed ({source})")
    (project / CLINIC / "shop.icc").write_bytes(source.read_bytes())
    add_to_brand(project, "press:\n  a4: {condition: FOGRA51, profile: shop.icc,\n"
                          "        info: 'PSO Coated v3, Imprimerie Lumière'}\n")
    result = build(cli, project, "--strict")
    assert result.exit_code == 0, result.all_output
    found = intent(project)
    assert found["/OutputConditionIdentifier"] == "FOGRA51"
    assert found["/RegistryName"] == "http://www.color.org"
    assert found["/Info"] == "PSO Coated v3, Imprimerie Lumière"
    assert found["profile"] == source.read_bytes()


def test_press_icc_alone_is_a_custom_condition(cli, project):
    source = GHOSTSCRIPT / "ps_cmyk.icc"
    need(source.is_file(), f"no second CMYK profile installed ({source})")
    (project / CLINIC / "press.icc").write_bytes(source.read_bytes())
    result = build(cli, project, "--strict")
    assert result.exit_code == 0, result.all_output
    found = intent(project)
    assert found["/OutputConditionIdentifier"] == "Custom"
    assert "/RegistryName" not in found
    assert found["/Info"] == found["/OutputCondition"] == "Artifex PS CMYK Profile"


@pytest.mark.parametrize(("content", "says"), [
    (b"not a profile at all\n" * 10, "not an ICC colour profile"),
    ("srgb.icc", "a RGB 'mntr' profile, not the CMYK printer profile"),
    ("truncated", "littlecms cannot convert colours to it"),
])
def test_a_bad_press_icc_is_one_line_naming_the_file(cli, project, content, says):
    target = project / CLINIC / "press.icc"
    if content == "srgb.icc":
        need((GHOSTSCRIPT / "srgb.icc").is_file(), "Ghostscript's srgb.icc is not installed")
        content = (GHOSTSCRIPT / "srgb.icc").read_bytes()
    elif content == "truncated":  # a real printer profile header, its tables cut off
        content = (REPO / "styles/press/FOGRA39.icc").read_bytes()[:4000]
    target.write_bytes(content)
    result = build(cli, project)
    assert result.exit_code == 1
    # One line (the run's summary repeats it at the end), no traceback.
    lines = sorted({line for line in result.all_output.splitlines() if "press.icc" in line})
    assert len(lines) == 1, result.all_output
    assert lines[0].startswith(f"{CLINIC}/press.icc: error: no-edition: ")
    assert f"{CLINIC}/press.icc: {says}" in lines[0]
    assert "Traceback" not in result.all_output
    assert not list((project / "dist").rglob("*.pdf"))


def test_a_profile_named_but_missing(cli, project):
    add_to_brand(project, "press:\n  a4: {condition: FOGRA51, profile: shop.icc}\n")
    result = build(cli, project)
    assert result.exit_code == 1
    assert f"{CLINIC}/shop.icc: no such profile (press: a4: profile: in clinic/brand.yaml)" \
        in result.all_output
    assert not list((project / "dist").rglob("*.pdf"))


def test_a_condition_without_a_profile(cli, project):
    add_to_brand(project, "press:\n  a4: {condition: FOGRA51}\n")
    result = build(cli, project)
    assert result.exit_code == 1
    assert ("no profile for the printing condition 'FOGRA51': add styles/press/FOGRA51.icc "
            "or give press: profile: in clinic/brand.yaml") in result.all_output


@pytest.mark.parametrize(("profile", "data"), [
    ("FOGRA39.icc", "FOGRA39L.ti3"), ("CGATS_TR_006.icc", "TR006.ti3")])
def test_shipped_profile_reproduces_its_characterization_data(profile, data):
    """CMYK → Lab through the shipped profile against every patch measured for the
    condition (Debian icc-profiles-free, installed by `make test`): mean ΔE*ab under 1, none
    over 3."""
    source = Path("/usr/share/color/icc") / data
    need(source.is_file(), f"{source} is not installed (Debian icc-profiles-free)")
    lines = [line.strip() for line in source.read_text("latin-1").splitlines()]
    fields = lines[lines.index("BEGIN_DATA_FORMAT") + 1].split()
    rows = [line.split() for line in lines[lines.index("BEGIN_DATA") + 1:
                                           lines.index("END_DATA")]]
    column = {name: fields.index(name) for name in fields}
    cmyk = [tuple(round(float(r[column[f"CMYK_{c}"]]) * 2.55) for c in "CMYK") for r in rows]
    lab = [tuple(float(r[column[f"LAB_{c}"]]) for c in "LAB") for r in rows]
    image = Image.new("CMYK", (len(cmyk), 1))
    image.putdata(cmyk)
    transform = ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(str(REPO / "styles/press" / profile)),
        ImageCms.createProfile("LAB", 5000), "CMYK", "LAB",
        renderingIntent=ImageCms.Intent.ABSOLUTE_COLORIMETRIC)
    out = Image.new("LAB", image.size)
    transform.transform.apply(image.getim(), out.getim())
    errors = []
    pixels = [out.getpixel((x, 0)) for x in range(out.width)]
    for (l8, a8, b8), (L, A, B) in zip(pixels, lab, strict=True):
        got = (l8 * 100 / 255, a8 - 128, b8 - 128)
        errors.append(((got[0] - L) ** 2 + (got[1] - A) ** 2 + (got[2] - B) ** 2) ** 0.5)
    assert len(errors) > 1000
    assert sum(errors) / len(errors) < 1.0, (sum(errors) / len(errors), max(errors))
    assert max(errors) < 3, max(errors)


def _photo(path: Path, rgb: tuple[int, int, int], size: tuple[int, int], icc: bytes) -> None:
    Image.new("RGB", size, rgb).save(path, format="PNG", **({"icc_profile": icc} if icc else {}))


def test_picture_is_converted_from_its_own_profile_and_low_resolution_is_named(cli, project):
    """A PNG in Adobe RGB (1998) prints as its Adobe RGB colour converted to FOGRA39, not as
    the same numbers read as sRGB; at 60 × 40 px it is far under 300 ppi: a warning."""
    a98 = GHOSTSCRIPT / "a98.icc"
    need(a98.is_file(), f"{a98} is not installed (libgs-common)")
    images = project / "content/mesotherapy/images"
    green = (40, 200, 60)
    _photo(images / "photo.png", green, (60, 40), a98.read_bytes())
    en = project / "content/mesotherapy/en.yaml"
    en.write_text(en.read_text("utf-8").replace("file: skin-layers.svg", "file: photo.png", 1),
                  "utf-8")
    result = build(cli, project, brand="default")
    assert result.exit_code == 0, result.all_output
    # One warning (the run's summary repeats it at the end).
    warnings = sorted({line for line in result.all_output.splitlines()
                       if "low-resolution" in line})
    assert len(warnings) == 1, result.all_output
    assert warnings[0].startswith("content/mesotherapy/en.yaml: warning: low-resolution: ")
    # 60 px laid out across the sheet's column (issue 33: pictures at column width).
    assert re.search(r"picture 'photo.png' prints at \d+ ppi at its placed size "
                     r"\(8\d × \d+ mm\)", warnings[0]), warnings[0]
    assert "the press needs 300" in warnings[0]
    path = project / "dist/default/mesotherapy/mesotherapy-en-sheet-press.pdf"
    with pikepdf.open(path) as pdf:
        images_found = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                        and o.get("/Subtype") == "/Image"]
        assert len(images_found) == 1
        placed = pikepdf.PdfImage(images_found[0])
        assert str(images_found[0].ColorSpace) == "/DeviceCMYK"
        assert images_found[0].Filter == "/DCTDecode"
        pixel = placed.as_pil_image().getpixel((30, 20))
    fogra = ImageCms.ImageCmsProfile(str(REPO / "styles/press/FOGRA39.icc"))

    def through(source) -> tuple:
        transform = ImageCms.buildTransform(source, fogra, "RGB", "CMYK",
                                            renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
        out = Image.new("CMYK", (1, 1))
        transform.transform.apply(Image.new("RGB", (1, 1), green).getim(), out.getim())
        return out.getpixel((0, 0))

    expected = through(ImageCms.ImageCmsProfile(io.BytesIO(a98.read_bytes())))
    as_srgb = through(ImageCms.createProfile("sRGB"))
    assert max(abs(a - b) for a, b in zip(pixel, expected, strict=True)) <= 3
    assert max(abs(a - b) for a, b in zip(pixel, as_srgb, strict=True)) > 10


def test_a_low_resolution_logo_is_named_at_its_brand_and_a_sharp_picture_is_not(cli, project):
    """A 40 px PNG logo is far under 300 ppi (a warning on the brand's file); a 2400 px
    picture is not (no warning for it)."""
    _photo(project / CLINIC / "logo.png", (91, 42, 78), (40, 40), b"")
    brand = project / CLINIC / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("logo: logo.svg", "logo: logo.png"),
                     "utf-8")
    _photo(project / "content/mesotherapy/images/photo.png", (200, 180, 150), (2400, 1600),
           b"")
    en = project / "content/mesotherapy/en.yaml"
    en.write_text(en.read_text("utf-8").replace("file: skin-layers.svg", "file: photo.png", 1),
                  "utf-8")
    result = build(cli, project)
    assert result.exit_code == 0, result.all_output
    warnings = sorted({line for line in result.all_output.splitlines()
                       if "low-resolution" in line})
    assert len(warnings) == 1, result.all_output
    assert warnings[0].startswith(f"{CLINIC}/brand.yaml: warning: low-resolution: ")
    assert "picture 'logo.png' prints at " in warnings[0]


def test_a_profile_linking_out_of_the_brand_folder_is_refused(cli, project, tmp_path):
    outside = tmp_path / "elsewhere.icc"
    outside.write_bytes((REPO / "styles/press/FOGRA39.icc").read_bytes())
    (project / CLINIC / "press.icc").symlink_to(outside)
    result = build(cli, project)
    assert result.exit_code == 1
    assert (f"{CLINIC}/press.icc: a profile must be a file in the brand's folder (it links out "
            "of it)") in result.all_output
    assert not list((project / "dist").rglob("*.pdf"))


def test_a_condition_name_cannot_reach_another_folder(cli, project):
    add_to_brand(project, "press:\n  a4: {condition: ../../secret}\n")
    result = build(cli, project)
    assert result.exit_code == 1
    assert re.search(rf"{CLINIC}/brand.yaml:\d+:\d+: error: bad-value: 'press.a4.condition' "
                     r"has an unexpected form: '\.\./\.\./secret'", result.all_output)
    assert not list((project / "dist").rglob("*.pdf"))


def test_a_brand_without_cmyk_values_is_converted_through_the_profile(cli, project):
    """No cmyk: in brand.yaml: the CSS colours come out of WeasyPrint in RGB and reach the
    press PDF as CMYK through the condition's profile (relative colorimetric)."""
    from tests import presspdf

    brand = project / CLINIC / "brand.yaml"
    text = brand.read_text("utf-8")
    start = text.index("cmyk:")
    end = text.index("fonts:")
    brand.write_text(text[:start] + text[end:], "utf-8")
    result = build(cli, project, "--strict")
    assert result.exit_code == 0, result.all_output
    path = project / "dist/clinic/mesotherapy/mesotherapy-en-sheet-press.pdf"
    with pikepdf.open(path) as pdf:
        found = presspdf.walk(pdf)
    assert found.rgb_operators == []
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.ImageCmsProfile(str(REPO / "styles/press/FOGRA39.icc")), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    out = Image.new("CMYK", (1, 1))
    transform.transform.apply(Image.new("RGB", (1, 1), (0x5B, 0x2A, 0x4E)).getim(), out.getim())
    plum = tuple(round(v / 255, 4) for v in out.getpixel((0, 0)))
    # The title (over 14 pt) in the brand's primary, as the profile separates it.
    assert any(run.fill == plum and run.size >= 14 for run in found.runs), plum
