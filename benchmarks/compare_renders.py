"""Before/after page images of every layout, in English and Arabic, and how they differ.

``python benchmarks/compare_renders.py [--before REV|DIR] [--after REV|DIR] [--keep DIR]``

Each side is a git revision (its code, content, templates and styles, taken with
``git archive``) or a folder of PNGs saved earlier with ``--keep``; ``--after``
defaults to the working tree. Both sides build ``--lang en --lang ar --layout all``
(default brand, standard edition) with their own code, every page is rendered to
PNG at ``--dpi`` with pypdfium2, and each page pair is compared with Pillow: the
share of pixels that differ by more than ``--tolerance`` in any channel, and the
box (in millimetres from the top left) holding them. A page count that differs is
reported too. Exit status 0 always: a difference is a finding to look at, not a
failure (see benchmarks/README.md for the ones made on purpose).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = "a9351d9"  # main when the speed work of issue 12 started
LANGUAGES = ("en", "ar")
MM_PER_INCH = 25.4
# A build's inputs: the code, and the project files it reads.
PROJECT = ("brochures", "content", "templates", "styles", "rules", "translations",
           "brochures.yaml")


def snapshot(rev: str, into: Path) -> Path:
    """The project and code of ``rev`` (``.`` = the working tree) in ``into``."""
    into.mkdir(parents=True)
    if rev == ".":
        for name in PROJECT:
            if (REPO / name).exists():
                subprocess.run(["cp", "-r", str(REPO / name), str(into / name)], check=True)
        return into
    # What the revision has of the project (rules/ and translations/ came later).
    listed = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", rev],
                            capture_output=True, text=True, check=True).stdout.split()
    data = subprocess.run(["git", "-C", str(REPO), "archive", rev,
                           *(name for name in PROJECT if name in listed)],
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def render(rev: str, temp: Path, dpi: int) -> dict[str, list]:
    """``{leaflet name: [PIL image per page]}`` of ``rev``'s build."""
    import pypdfium2

    root = snapshot(rev, temp / "project")
    env = {**os.environ, "PYTHONPATH": str(root)}
    args = [sys.executable, "-m", "brochures", "--project", str(root), "build", "--out",
            str(temp / "dist"), "--layout", "all", "--force", "-q",
            *(a for lang in LANGUAGES for a in ("--lang", lang))]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        print(f"{rev}: the build failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
    pages: dict[str, list] = {}
    for pdf in sorted((temp / "dist").rglob("*.pdf")):
        document = pypdfium2.PdfDocument(pdf)
        pages[pdf.stem] = [page.render(scale=dpi / 72).to_pil().convert("RGB")
                           for page in document]
        document.close()
    return pages


def load(side: str, temp: Path, dpi: int) -> dict[str, list]:
    folder = Path(side)
    if side != "." and folder.is_dir():
        from PIL import Image

        pages: dict[str, list] = {}
        for png in sorted(folder.glob("*-page-*.png"), key=lambda p: (
                p.stem.rsplit("-page-", 1)[0], int(p.stem.rsplit("-", 1)[1]))):
            with Image.open(png) as image:
                pages.setdefault(png.stem.rsplit("-page-", 1)[0], []).append(image.convert("RGB"))
        return pages
    return render(side, temp, dpi)


def keep(pages: dict[str, list], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, images in pages.items():
        for n, image in enumerate(images, 1):
            image.save(folder / f"{name}-page-{n}.png")


def compare(before: dict[str, list], after: dict[str, list], dpi: int, tolerance: int) -> None:
    from PIL import Image, ImageChops

    mm = MM_PER_INCH / dpi
    print(f"{'leaflet':<32} {'page':>4}  {'differs':>8}  where (mm, x0,y0–x1,y1)")
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if len(old) != len(new):
            print(f"{name:<32}       pages: {len(old)} before, {len(new)} after")
        for n, (a, b) in enumerate(zip(old, new, strict=False), 1):
            if a.size != b.size:
                print(f"{name:<32} {n:>4}  size {a.size} → {b.size}")
                continue
            diff = ImageChops.difference(a, b).convert("L").point(
                lambda v: 255 if v > tolerance else 0)
            changed = diff.histogram()[255]
            box = diff.getbbox()
            share = changed / (a.size[0] * a.size[1])
            where = "" if box is None else (
                f"{box[0] * mm:.0f},{box[1] * mm:.0f}–{box[2] * mm:.0f},{box[3] * mm:.0f}")
            print(f"{name:<32} {n:>4}  {share:>8.3%}  {where}")
            if box is not None and os.environ.get("COMPARE_SAVE_DIFF"):
                out = Path(os.environ["COMPARE_SAVE_DIFF"])
                out.mkdir(parents=True, exist_ok=True)
                Image.blend(a, b, 0.5).save(out / f"{name}-page-{n}-blend.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BEFORE, help=f"revision or PNG folder [{BEFORE}]")
    parser.add_argument("--after", default=".", help="revision or PNG folder [working tree]")
    parser.add_argument("--keep", type=Path, help="save the PNGs of both sides under this folder")
    parser.add_argument("--dpi", type=int, default=72)
    parser.add_argument("--tolerance", type=int, default=48,
                        help="channel difference ignored as anti-aliasing noise (0-255)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="brochures-renders-") as temp:
        before = load(options.before, Path(temp) / "before", options.dpi)
        after = load(options.after, Path(temp) / "after", options.dpi)
    if options.keep:
        keep(before, options.keep / "before")
        keep(after, options.keep / "after")
    compare(before, after, options.dpi, options.tolerance)


if __name__ == "__main__":
    main()
