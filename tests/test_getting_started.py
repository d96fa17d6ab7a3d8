"""The README's getting-started guide, followed as a new user follows it (issue 35).

``make install`` puts ``brochures`` on the PATH; then, in a fresh folder, as real
processes: init → a brand from a JPEG logo → a topic of one's own, written →
build. The commands are taken from the README as typed there (a guide that
drifts from the tool fails here), and the PDF is opened: its pages, its text,
the logo (a JPEG image) in it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf

from tests import pdfs
from tests.conftest import REPO

BROUGHT = REPO / "tests" / "scenarios" / "newcomer"
GUIDE = (REPO / "README.md").read_text("utf-8")
GUIDE_STEPS = GUIDE.split("## Getting started", 1)[1].split("\n## ", 1)[0]

WRITTEN = iter([
    "Microneedling", "Fine needles that help the skin renew itself",
    "Microneedling is a skin treatment. A small pen with fine needles makes tiny punctures "
    "in the top layer of the skin.",
    "Doctors have used it since the 1990s.",
    "It may make fine lines and acne scars less visible. Results differ from person to person.",
    "We talk first. The skin is cleaned and numbed. The treatment takes about thirty minutes.",
    "The skin is red for a day or two. Small bruises or spots can appear.",
    "It has not been shown to help stretch marks, and we do not offer it for them.",
    "People with an active skin infection, or who are pregnant.",
    "Swelling of the face, lips or tongue, or trouble breathing.",
    "Keep the skin clean and use sun cream for two weeks.",
    "Small studies show a modest effect on acne scars.",
    "Doing nothing is always a choice; a gentle skin routine is another.",
    "Is this treatment right for my skin?",
])


def _guide_command(start: str) -> list[str]:
    """The README's command that starts with ``start``, split as a shell would."""
    import shlex

    for line in GUIDE_STEPS.splitlines():
        if line.startswith(start):
            return shlex.split(line.split("#")[0])
    raise AssertionError(f"the getting-started guide has no command {start!r}")


def _run(args: list[str], cwd: Path, path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            check=False)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def _write_the_topic(root: Path) -> None:
    """Step 4: every TODO: line replaced with text, as the guide asks."""
    language = root / "content/microneedling/en.yaml"
    language.write_text(re.sub(r'"TODO:[^"]*"', lambda m: f'"{next(WRITTEN)}"',
                               language.read_text("utf-8")), "utf-8")
    topic = root / "content/microneedling/topic.yaml"
    text = topic.read_text("utf-8")
    text = re.sub(r'owner: "TODO:[^"]*"', 'owner: "Lumen Skin Clinic, medical team"', text)
    text = re.sub(r'title: "TODO:[^"]*"', 'title: "Microneedling: a review"', text)
    text = text.replace("https://example.org/replace-with-the-source-address",
                        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4025804/")
    topic.write_text(text, "utf-8")
    assert '"TODO:' not in language.read_text("utf-8") + topic.read_text("utf-8")


def test_the_getting_started_guide_works_from_a_fresh_folder(tmp_path: Path):
    bindir = tmp_path / "bin"
    venv = Path(sys.executable).parent.parent
    make = shutil.which("make")
    assert make, "make is needed to install brochures as the guide says"
    installed = subprocess.run([make, "-s", "-C", str(REPO), "install-link",
                                f"BINDIR={bindir}", f"VENV={venv}"],
                               capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    assert "make install" in GUIDE_STEPS
    path = f"{bindir}{os.pathsep}/usr/bin{os.pathsep}/bin"
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    shutil.copy(BROUGHT / "logo.jpg", home / "Downloads" / "logo.jpg")

    init = _guide_command("brochures init")
    assert init[:2] == ["brochures", "init"]
    _run(init, tmp_path, path)
    root = tmp_path / init[2]
    brand = [a.replace("~", str(home)) for a in _guide_command("brochures new brand")]
    assert brand[-1].endswith(".jpg"), "the guide makes a brand from a JPEG logo"
    _run(brand, root, path)
    assert "then set `brands: [lumen]` in `brochures.yaml`" in GUIDE_STEPS
    settings = root / "brochures.yaml"
    settings.write_text(re.sub(r"^brands: \[[^]]*\]", "brands: [lumen]",
                               settings.read_text("utf-8"), flags=re.M), "utf-8")
    _run(_guide_command("brochures new topic"), root, path)
    _write_the_topic(root)
    # `brochures build` from inside the topic's folder: the project is found above it.
    built = _run(["brochures", "build", "microneedling", "--layout", "sheet"],
                 root / "content" / "microneedling", path)
    pdf = root / "dist/lumen/microneedling/microneedling-en-sheet.pdf"
    assert f"built: {pdf}" in built.stdout, built.stdout

    text = " ".join(pdfs.text(pdf).split())
    assert "Microneedling" in text and "thirty minutes" in text, text
    with pikepdf.open(pdf) as document:
        assert 1 <= len(document.pages) <= 2
        filters = [obj.get("/Filter") for obj in document.objects
                   if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
    assert pikepdf.Name.DCTDecode in filters, filters  # the JPEG logo, still a JPEG
