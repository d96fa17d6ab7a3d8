"""Target (a): how much of a build is our own work, per layout.

CPU of ``brochures build --jobs 1 --force`` of the default set, against the CPU bare
WeasyPrint takes to render the same final HTML of each leaflet (the HTML the build gave
WeasyPrint, fitted: ``--format html``) once, in one warm process, with the same PDF
options (tags and variant of the layout). A fit relayout, composing, loading, judging,
imposing and writing all count as ours. Each figure is the median of ``runs`` runs.

Per layout, "ours" is the CPU the build's one process (``--jobs 1``) spent between the end
of one leaflet and the end of the next, summed over that layout's leaflets: composing,
judging, fitting, writing and the records all count, loading the project does not (it
comes before the first leaflet); like the bare process, it has rendered one page before
(WeasyPrint's first document pays for what it sets up once). The whole build's CPU
against the whole bare CPU is given beside it, start-up and loading included.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

# Renders every <name>.html of a build's output once (after one warm-up render of the
# first) with the layout's PDF options; prints {layout: CPU seconds} as JSON.
BARE = """
import json, sys, time
from pathlib import Path
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from brochures.errors import Report
from brochures.inputs.load_styles import load_layout
from brochures.model import Job
from brochures.inputs.project import Project
from brochures.leaflet import edition
project, out = Project(Path(sys.argv[1])), Path(sys.argv[2])
base = project.root.resolve().as_uri() + "/"
config = FontConfiguration()
pages = sorted(out.rglob("*.html"))
layouts = {}
def render(path):
    topic, language, layout_id = path.stem.split("-", 2)
    if layout_id not in layouts:
        layouts[layout_id] = load_layout(project, layout_id, Report())
    layout = layouts[layout_id]
    if layout.output == "html":
        return None  # the web page is the output itself: no WeasyPrint in it
    job = Job(topic, language, layout_id, path.parent.parent.name)
    document = weasyprint.HTML(string=path.read_text("utf-8"), base_url=base).render(
        font_config=config)
    document.write_pdf(pdf_tags=edition.tagged(job, layout),
                       pdf_variant=edition.variant(job, layout))
    return layout_id
for path in pages:  # one warm-up render
    if render(path) is not None:
        break
spent = {}
for path in pages:
    cpu = time.process_time()
    layout_id = render(path)
    if layout_id is not None:
        spent[layout_id] = spent.get(layout_id, 0.0) + time.process_time() - cpu
print(json.dumps(spent))
"""


# ``brochures build`` in this process, noting the CPU of each leaflet as it ends (from the
# end of the one before); prints {layout: CPU seconds} as JSON on its last line of stderr.
OURS = """
import json, sys, time
from pathlib import Path
import weasyprint
import brochures.leaflet.render  # WeasyPrint's import: start-up, as in the bare process
from brochures.batch import build
# The bare process's one warm-up render, here too: WeasyPrint's first document in a process
# pays for what it sets up once (start-up, in the whole build's line).
out = Path(sys.argv[sys.argv.index("--out") + 1])
first = next(p for p in sorted(out.rglob("*.html")) if not p.stem.endswith("-web"))
weasyprint.HTML(string=first.read_text("utf-8"), base_url=Path(
    sys.argv[sys.argv.index("--project") + 1]).resolve().as_uri() + "/").render().write_pdf()
real, spent = build.run, {}
def run(project, request, progress=None, planned=None):
    mark = [time.process_time()]
    def planned_(count, problems):
        mark[0] = time.process_time()
        if planned:
            planned(count, problems)
    def progress_(outcome):
        now = time.process_time()
        layout = outcome.job.layout
        spent[layout] = spent.get(layout, 0.0) + now - mark[0]
        mark[0] = now
        if progress:
            progress(outcome)
    return real(project, request, progress_, planned_)
build.run = run
from brochures.cli import main
try:
    main(sys.argv[1:])
finally:
    sys.stderr.write("\\n" + json.dumps(spent) + "\\n")
"""


def measure(build: list[str], project: Path, out: Path, timing, env: dict,
            runs: int = 3) -> dict:
    """Median CPU per layout of ours (the build) and of bare WeasyPrint; and in all."""
    timing([*build, "--force", "--jobs", "1", "--format", "html"])  # the final HTML
    ours, bare, totals, bare_totals = [], [], [], []
    arguments = build[build.index("--project"):]
    for _ in range(runs):
        run = timing([sys.executable, "-c", OURS, *arguments, "--force", "--jobs", "1"])
        ours.append(json.loads(run.output.strip().splitlines()[-1]))
        totals.append(run.cpu)
        done = subprocess.run([sys.executable, "-c", BARE, str(project), str(out)],
                              capture_output=True, text=True, check=True, env=env)
        bare.append(json.loads(done.stdout.splitlines()[-1]))
        bare_totals.append(sum(bare[-1].values()))
    layouts = sorted(bare[0])
    rows = {layout: (statistics.median(r.get(layout, 0.0) for r in ours),
                     statistics.median(r[layout] for r in bare)) for layout in layouts}
    # Layouts WeasyPrint never sees (the web page): their time is ours alone, shown apart
    # and left out of the whole build's ratio.
    apart = {layout: statistics.median(r.get(layout, 0.0) for r in ours)
             for layout in sorted(set(ours[0]) - set(layouts))}
    return {"layouts": rows, "apart": apart,
            "build": statistics.median(total - sum(r.get(layout, 0.0) for layout in apart)
                                       for total, r in zip(totals, ours, strict=True)),
            "bare": statistics.median(bare_totals)}


def report(found: dict, verdict) -> list[str]:
    lines = ["(a) our work against bare WeasyPrint on the same final HTML (CPU, median of 3), "
             "target: ours ≤ 5 % (ratio ≤ 1.05×)"]
    for layout, (ours, bare) in found["layouts"].items():
        ratio = ours / bare if bare else float("inf")
        lines.append(f"    {layout:<12} build {ours:6.2f} s   bare {bare:6.2f} s   "
                     f"{ratio:5.2f}×  {verdict(ratio <= 1.05)}")
    for layout, ours in found["apart"].items():
        lines.append(f"    {layout:<12} build {ours:6.2f} s   (no WeasyPrint: an HTML page, "
                     "not in the ratios)")
    ratio = found["build"] / found["bare"]
    lines.append(f"    whole build (start-up, loading, judging included; the pages without "
                 f"WeasyPrint left out): {found['build']:.2f} s against {found['bare']:.2f} s: "
                 f"{ratio:.2f}×  {verdict(ratio <= 1.05)}")
    return lines
