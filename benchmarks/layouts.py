"""Bare WeasyPrint per layout: what each leaflet's own HTML costs to render, before and after.

``python benchmarks/layouts.py [--before REV] [--after REV] [--repeat N]``

Each side (a git revision, or ``.`` for the working tree) writes the HTML of every layout
in English and Arabic with its own code (``build --format html``). Then one warm process,
the same WeasyPrint for both sides, renders every HTML file ``--repeat`` times, the two
sides interleaved so that both see the same load, and prints the best CPU milliseconds
of each (layout and PDF, as the reference render of ``benchmarks/run.py``) beside the
reference page's. This is the part of a build no code of ours runs: what the templates
and styles ask of WeasyPrint.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from compare_renders import BEFORE, LANGUAGES, snapshot

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "benchmarks" / "reference" / "sheet.html"
# Render each (name, html file, base URL) in turn, ``repeat`` rounds after a warm-up round;
# print the best CPU seconds of each.
RENDER = """
import json, sys, time
import weasyprint
from weasyprint.text.fonts import FontConfiguration
config, files, repeat = FontConfiguration(), json.loads(sys.argv[1]), int(sys.argv[2])
best = {}
for round in range(repeat + 1):
    for name, path, base in files:
        cpu = time.process_time()
        weasyprint.HTML(filename=path, base_url=base).write_pdf(font_config=config)
        if round:
            best[name] = min(best.get(name, 1e9), time.process_time() - cpu)
print(json.dumps(best))
"""


def html_of(rev: str, temp: Path) -> dict[str, tuple[str, str]]:
    """``{leaflet: (html file, base URL)}`` written by ``rev``'s own code."""
    root = snapshot(rev, temp / "project")
    out = temp / "dist"
    args = [sys.executable, "-m", "brochures", "--project", str(root), "build", "--out",
            str(out), "--layout", "all", "--format", "html", "--force", "-q",
            *(a for lang in LANGUAGES for a in ("--lang", lang))]
    done = subprocess.run(args, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(root)})
    if done.returncode:
        print(f"{rev}: the build failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
    base = root.resolve().as_uri() + "/"
    return {path.stem: (str(path), base) for path in sorted(out.rglob("*.html"))}


def main() -> None:
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BEFORE, help=f"a git revision [{BEFORE}]")
    parser.add_argument("--after", default=".", help="a git revision [the working tree]")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of renders")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="brochures-layouts-") as temp:
        sides = {side: html_of(rev, Path(temp) / side)
                 for side, rev in (("before", options.before), ("after", options.after))}
        files = [("reference", str(REFERENCE), REFERENCE.parent.as_uri() + "/")]
        for name in sorted(set(sides["before"]) | set(sides["after"])):
            files += [(f"{side}:{name}", *sides[side][name])
                      for side in ("before", "after") if name in sides[side]]
        done = subprocess.run([sys.executable, "-c", RENDER, json.dumps(files),
                               str(options.repeat)], capture_output=True, text=True, check=True)
    best = json.loads(done.stdout)
    reference = best.pop("reference")
    print(f"bare WeasyPrint, best CPU ms of {options.repeat}; the reference page "
          f"{reference * 1000:.0f} ms")
    print(f"{'leaflet':<30} {'before':>7} {'after':>7}  after/reference")
    for name in sorted({key.split(":", 1)[1] for key in best}):
        old, new = best.get(f"before:{name}"), best.get(f"after:{name}")
        cells = [f"{v * 1000:>7.0f}" if v is not None else f"{'—':>7}" for v in (old, new)]
        share = f"{new / reference:.2f}×" if new is not None else ""
        print(f"{name:<30} {cells[0]} {cells[1]}  {share:>8}")


if __name__ == "__main__":
    main()
