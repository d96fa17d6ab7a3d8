"""Benchmark of batch builds: ``python benchmarks/run.py [--repeat N] [--project DIR]``.

Builds a realistic matrix (every topic × language × layout, standard and
press editions) of a copy of the project in a temporary folder, and prints,
all measured in this one run on this machine:

(a) one leaflet through ``brochures build`` against bare ``weasyprint`` on the
    same HTML (written with ``--format html``), both as fresh processes;
(b) the full matrix with ``--jobs 1`` and with every core;
(c) a rebuild with nothing changed, after an mtime-only touch, and after
    editing one language file, against the full build;
(d) ``brochures --help``;
(e) the PDF size of every leaflet;
(f) the peak memory of a worker process.

Every command is a fresh process, as a person would run it. Timings of single
commands are the best of ``--repeat`` runs (the machine may be shared). The
issue's targets are printed beside the numbers; a missed one says MISSED.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EDITED_LANGUAGE = "fr"


def command(name: str) -> list[str]:
    script = BIN / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


BROCHURES, WEASYPRINT = command("brochures"), command("weasyprint")


CPU = {}  # command → CPU seconds (user + system, its worker processes included) of its last run
OTHERS = {}  # command → cores other processes kept busy, on average, during its last run
# Like an installed package, let Python keep the bytecode of the modules it compiles.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str], check: bool = True) -> tuple[float, str]:
    """Wall-clock seconds and output of a fresh process; its CPU time goes into ``CPU``."""
    before, busy = resource.getrusage(resource.RUSAGE_CHILDREN), machine_busy()
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=ENV)
    seconds = time.perf_counter() - started
    after, busy = resource.getrusage(resource.RUSAGE_CHILDREN), machine_busy() - busy
    CPU[tuple(args)] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    OTHERS[tuple(args)] = max(0.0, busy - CPU[tuple(args)]) / seconds
    if check and done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(args)}\n{done.stdout}{done.stderr}")
    return seconds, done.stdout + done.stderr


def cpu(args: list[str]) -> float:
    return CPU[tuple(args)]


def machine_busy() -> float:
    """Core-seconds the whole machine has spent busy since boot (Linux; else 0)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def others(args: list[str]) -> str:
    return f"other processes busy on {OTHERS[tuple(args)]:.1f} cores meanwhile"


def best(args: list[str], repeat: int) -> float:
    return min(timed(args)[0] for _ in range(repeat))


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def summary_of(output: str) -> dict:
    """The numbers of the summary line ``N built, N unchanged, N failed, ... (peak M MB ...)``."""
    line = next(text for text in reversed(output.splitlines()) if " built, " in text)
    numbers = {word: int(n) for n, word in re.findall(r"(\d+) (built|unchanged|failed)", line)}
    peak = re.search(r"peak (\d+) MB", line)
    return {**numbers, "peak_mb": int(peak[1]) if peak else 0, "line": line}


def copy_project(source: Path, into: Path) -> Path:
    """The project, and a snapshot of brochures' own code beside it (on PYTHONPATH), so
    that edits made elsewhere while the benchmark runs change nothing it measures."""
    root = into / "project"
    for name in ("content", "templates", "styles"):
        shutil.copytree(source / name, root / name)
    shutil.copytree(REPO / "brochures", root / "brochures",
                    ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = str(root)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per single-command timing")
    parser.add_argument("--project", type=Path, default=REPO, help="the project to copy")
    parser.add_argument("--layout", action="append", default=[],
                        help="limit the matrix to these layouts (repeat; default: all)")
    options = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="brochures-bench-") as temp:
        run(Path(temp), options.project, options.repeat, cores or 1, options.layout or ["all"])


def run(temp: Path, source: Path, repeat: int, cores: int, layouts: list[str]) -> None:
    project = copy_project(source, temp)
    out = temp / "dist"
    build = [*BROCHURES, "--project", str(project), "build", "--out", str(out), "-q"]
    matrix = [*build, "--lang", "all", "--edition", "all",
              *(arg for layout in layouts for arg in ("--layout", layout))]
    print(f"brochures benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{cores} cores, load average {os.getloadavg()[0]:.1f} at start")

    # (d) first: the CLI must not import WeasyPrint to print help.
    timed([*BROCHURES, "--help"])  # compiles (and keeps) the bytecode, as installing would
    python = best([sys.executable, "-c", "pass"], repeat * 3)
    help_s = best([*BROCHURES, "--help"], repeat * 3)
    print(f"\n(d) brochures --help: {help_s:.3f} s (bare python: {python:.3f} s)"
          f"   target ≤ 0.15 s: {verdict(help_s <= 0.15)}")

    # (a) one leaflet, brochures against bare WeasyPrint on the same HTML.
    one = [*build, "mesotherapy", "--lang", "en", "--layout", "sheet", "--format", "html",
           "--force", "--jobs", "1"]
    timed(one)  # writes the HTML; warms the disk cache for both
    html = out / "default/mesotherapy/mesotherapy-en-sheet.html"
    bare = [*WEASYPRINT, "--pdf-tags", "-u", project.as_uri() + "/", str(html),
            str(temp / "bare.pdf")]
    ours_s, bare_s, ours_cpu, bare_cpu, busy = [], [], [], [], []
    for _ in range(repeat):  # interleaved, so both see the same load
        ours_s.append(timed(one)[0])
        ours_cpu.append(cpu(one))
        busy.append(OTHERS[tuple(one)])
        bare_s.append(timed(bare)[0])
        bare_cpu.append(cpu(bare))
        busy.append(OTHERS[tuple(bare)])
    ratio = min(ours_s) / min(bare_s)
    print(f"\n(a) one leaflet (en sheet): brochures build {min(ours_s):.2f} s, "
          f"bare weasyprint --pdf-tags {min(bare_s):.2f} s, ratio {ratio:.2f}×"
          f"   target ≤ 1.15×: {verdict(ratio <= 1.15)}")
    print(f"    other processes busy on {min(busy):.1f}–{max(busy):.1f} cores meanwhile")
    print(f"    CPU time: brochures {min(ours_cpu):.2f} s, weasyprint {min(bare_cpu):.2f} s, "
          f"ratio {min(ours_cpu) / min(bare_cpu):.2f}× (less sensitive to a busy machine)")

    # (b) the full matrix, one process and every core: interleaved, the best of each.
    one_core, all_cores = [*matrix, "--force", "--jobs", "1"], [*matrix, "--force", "--jobs",
                                                                   str(cores)]
    serials, fulls = [], []
    for _ in range(max(1, repeat - 1)):
        seconds, output = timed(one_core, check=False)
        serials.append((seconds, summary_of(output), cpu(one_core), others(one_core)))
        seconds, output = timed(all_cores, check=False)
        fulls.append((seconds, summary_of(output), cpu(all_cores), others(all_cores)))
    serial_s, serial, serial_cpu, serial_others = min(serials, key=lambda r: r[0])
    full_s, full, full_cpu, full_others = min(fulls, key=lambda r: r[0])
    total = full["built"] + full["failed"]
    speedup = serial_s / full_s
    print(f"\n(b) full matrix, {total} leaflets ({full['failed']} failed), best of "
          f"{len(fulls)}: --jobs 1 {serial_s:.1f} s, --jobs {cores} {full_s:.1f} s, "
          f"speed-up {speedup:.2f}×   target ≥ 1.8× with 2 cores: "
          f"{verdict(speedup >= 1.8 or cores < 2)}")
    print(f"    --jobs 1: {serial['line']}; CPU {serial_cpu:.1f} s; {serial_others}")
    print(f"    --jobs {cores}: {full['line']}; CPU {full_cpu:.1f} s; {full_others}")

    # (c) rebuilds against the full build.
    same_s, same_out = timed(matrix, check=False)
    same, same_cpu = summary_of(same_out), cpu(matrix)
    for path in (project / "content").rglob("*.yaml"):
        os.utime(path)  # touched, not changed
    touched_s, touched_out = timed(matrix, check=False)
    touched = summary_of(touched_out)
    edited = next((project / "content").glob(f"*/{EDITED_LANGUAGE}.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# a one-word fix\n",
                      encoding="utf-8")
    one_s, one_out = timed(matrix, check=False)
    one_lang = summary_of(one_out)
    share = one_lang["built"] / total if total else 0
    print(f"\n(c) rebuilds, against the full build of {full_s:.1f} s:")
    print(f"    nothing changed:      {same_s:5.2f} s = {same_s / full_s:6.1%}  "
          f"({same['built']} built, CPU {same_cpu:.2f} s)   target ≤ 3%: "
          f"{verdict(same_s <= 0.03 * full_s)}")
    print(f"    every file touched:   {touched_s:5.2f} s = {touched_s / full_s:6.1%}  "
          f"({touched['built']} built)")
    print(f"    {edited.relative_to(project)} edited: {one_s:5.2f} s = {one_s / full_s:6.1%}  "
          f"({one_lang['built']} built, its share {share:.1%})   target ≤ share + 10%: "
          f"{verdict(one_s / full_s <= share + 0.10)}")

    # (e) sizes of what the full build wrote.
    print("\n(e) PDF size per leaflet, KB (target ≤ 80 KB for text-only leaflets; the press "
          "edition embeds the CMYK output profile)")
    pdfs = sorted(out.rglob("*.pdf"))
    names = [p.stem.split("-", 2) for p in pdfs]
    languages = sorted({n[1] for n in names})
    rows: dict[str, dict[str, int]] = {}
    for path, (_, language, rest) in zip(pdfs, names, strict=True):
        rows.setdefault(rest, {})[language] = path.stat().st_size // 1024
    width = max(len(r) for r in rows) if rows else 10
    print(f"    {'':<{width}}" + "".join(f"{lang:>7}" for lang in languages) + "    max")
    for rest, sizes in sorted(rows.items()):
        top = max(sizes.values())
        print(f"    {rest:<{width}}" + "".join(f"{sizes.get(lang, 0):>7}" for lang in languages)
              + f"  {top:>5}" + ("" if rest.endswith("press") else f"  {verdict(top <= 80)}"))

    # (f) peak memory of the workers of the parallel build (and of --jobs 1's one process).
    peak = full["peak_mb"]
    print(f"\n(f) peak memory: {peak} MB per worker (--jobs {cores}), "
          f"{serial['peak_mb']} MB in-process (--jobs 1)   target ≤ 250 MB: "
          f"{verdict(0 < peak <= 250)}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
