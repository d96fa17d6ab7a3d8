"""The press edition (``--press``): what a print shop asks of a PDF.

Owns: the printing condition of a brand's press edition on each paper (its
CMYK output profile and the OutputIntent keys that name it: S,
OutputConditionIdentifier, RegistryName, Info), checking a print shop's own
profile before anything is rendered, the bleed, and the CSS that makes
WeasyPrint write PDF/X-4 with that profile as its output intent.

A condition is named in ``brand.yaml`` (``press: {a4: {condition: ...}}``,
defaults in ``brochures/inputs/schemas/brand.json``: FOGRA39 for A4, CGATS TR 006
for Letter). Its profile is the brand's own (``profile:``, or ``press.icc`` in
the brand folder), else the one shipped for it in ``styles/press/``, a file
named after the condition: a new condition is a new file, no Python. Colours
(``brochures.leaflet.press_colour``) and marks (``brochures.leaflet.press_marks``) live apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from brochures.inputs.project import builtin_root, is_inside
from brochures.inputs.validate import schema as kind_schema
from brochures.leaflet.press_images import apply
from brochures.model import Brand

if TYPE_CHECKING:  # imported only when a press PDF is finished
    import pikepdf

BLEED_MM = 3.0
VARIANT = "pdf/x-4"
MAX_PROFILE_BYTES = 20_000_000
# Where the profiles of named conditions are looked for, below a project or the built-ins.
CONDITIONS_DIR = Path("styles/press")


class PressError(Exception):
    """The press edition cannot be made as its brand asks; ``path`` is the file at fault."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Condition:
    """A printing condition: what the OutputIntent says and the profile it embeds."""

    identifier: str  # OutputConditionIdentifier: FOGRA39, CGATS TR 006, or Custom
    registry: str  # RegistryName ("" for a custom condition, which no registry lists)
    info: str  # Info: the condition in words (the profile's description by default)
    profile: Path


@cache
def _printing_schema() -> dict:
    """The ``press`` part of the brand schema: its paper defaults and key defaults."""
    schema = kind_schema("brand")
    return {"papers": schema["properties"]["press"]["properties"],
            "keys": schema["$defs"]["printing"]["properties"]}


def settings(brand: Brand, paper: str) -> dict:
    """``press.<paper>`` of ``brand.yaml`` as written (empty if it gives none)."""
    data = brand.document.data if brand.document is not None else None
    press = (data or {}).get("press") or {}
    own = press.get(paper) if isinstance(press, dict) else None
    return dict(own) if isinstance(own, dict) else {}


def condition(brand: Brand, paper: str) -> Condition:
    """The printing condition of ``brand``'s press edition on ``paper``; its profile is checked.

    The profile is ``profile:`` (a file in the brand folder), else the brand folder's
    ``press.icc`` (a print shop's), else the one shipped for the condition. A brand's own
    profile with no condition named is a ``Custom`` condition, described by the profile.
    """
    wanted = settings(brand, paper)
    own = wanted.get("profile") or ("press.icc" if (brand.path / "press.icc").is_file() else "")
    identifier = wanted.get("condition") or (
        "Custom" if own else _printing_schema()["papers"][paper]["default"]["condition"])
    if own:
        profile = brand.path / own
        if profile.exists() and not is_inside(profile, brand.path):
            raise PressError(f"{_show(profile)}: a profile must be a file in the brand's "
                             "folder (it links out of it)", profile)
        if not profile.is_file():
            raise PressError(f"{_show(profile)}: no such profile (press: {paper}: profile: in "
                             f"{brand.path.name}/brand.yaml)", profile)
    else:
        profile = _shipped(brand, identifier)
    description = check_profile(profile)
    registry = wanted.get("registry", _printing_schema()["keys"]["registry"]["default"])
    return Condition(identifier, "" if identifier == "Custom" else registry,
                     wanted.get("info") or description, profile)


def _shipped(brand: Brand, identifier: str) -> Path:
    """The profile shipped (or added to the project) for the named condition."""
    name = identifier.replace(" ", "_") + ".icc"
    folders = [brand.path.parents[2] / CONDITIONS_DIR]
    builtin = builtin_root()
    if builtin is not None:
        folders.append(builtin / CONDITIONS_DIR)
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise PressError(f"no profile for the printing condition '{identifier}': add "
                     f"{CONDITIONS_DIR / name} or give press: profile: in "
                     f"{brand.path.name}/brand.yaml (the print shop's .icc)")


def _show(path: Path) -> str:
    """A profile's path as messages print it: from ``styles/`` on when it lies there."""
    parts = path.parts
    return str(Path(*parts[parts.index("styles"):])) if "styles" in parts else str(path)


def check_profile(path: Path) -> str:
    """The description of the CMYK printer profile at ``path``; a :class:`PressError` if it
    is no such thing (every message names the file)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise PressError(f"{_show(path)}: cannot read it ({exc.strerror})", path) from None
    problem, description = _profile_problem(str(path), stat.st_mtime_ns, stat.st_size)
    if problem:
        raise PressError(f"{_show(path)}: {problem}", path)
    return description


@lru_cache(maxsize=16)
def _profile_problem(path: str, mtime_ns: int, size: int) -> tuple[str, str]:
    """(what is wrong with the profile, its description); checked once per file version."""
    if size > MAX_PROFILE_BYTES:
        return f"over the limit of {MAX_PROFILE_BYTES:,} bytes for a colour profile", ""
    data = Path(path).read_bytes()
    if len(data) < 132 or data[36:40] != b"acsp":
        return "not an ICC colour profile (give the print shop's CMYK .icc)", ""
    kind, space = data[12:16].decode("latin-1"), data[16:20].decode("latin-1").strip()
    if kind != "prtr" or space != "CMYK":
        return (f"a {space} '{kind}' profile, not the CMYK printer profile (class 'prtr') "
                "a press output intent needs"), ""
    # lazy: start-up time: PIL loads only when this runs
    from PIL import Image, ImageCms


    try:
        profile = ImageCms.ImageCmsProfile(path)
        apply(ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK"),
              Image.new("RGB", (1, 1), (31, 78, 121)))
    except (OSError, ImageCms.PyCMSError) as exc:
        return f"littlecms cannot convert colours to it ({str(exc).strip()[:80]})", ""
    description = (ImageCms.getProfileDescription(profile) or "").strip()
    return "", description or Path(path).stem


def color_profile_css(icc: Path) -> str:
    """The rule that makes ``device-cmyk()`` colour-managed and becomes the output intent."""
    return (f"@color-profile device-cmyk {{ src: url({icc.resolve().as_uri()}); "
            "components: c, m, y, k; }")


def set_output_intent(pdf: pikepdf.Pdf, printing: Condition) -> None:
    """Name the printing condition in the PDF/X output intent WeasyPrint wrote.

    WeasyPrint names the condition after the profile's description and gives no
    registry; a preflight wants the registered identifier (``FOGRA39``), the
    registry that lists it and the condition in words. WeasyPrint also embeds the
    profile as littlecms writes it again (twice the size, other bytes): the print
    shop's preflight compares it with its own, so its bytes are put back.
    """
    # lazy: start-up time: pikepdf loads only when this runs
    import pikepdf

    intent = pdf.Root.OutputIntents[0]
    intent.DestOutputProfile.write(printing.profile.read_bytes())
    intent.S = pikepdf.Name.GTS_PDFX
    intent.OutputConditionIdentifier = pikepdf.String(printing.identifier)
    intent.Info = pikepdf.String(printing.info)
    if printing.registry:
        intent.RegistryName = pikepdf.String(printing.registry)
    elif "/RegistryName" in intent:
        del intent.RegistryName
    if printing.identifier == "Custom":
        intent.OutputCondition = pikepdf.String(printing.info)
