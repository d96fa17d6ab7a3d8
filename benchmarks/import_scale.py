"""How long `brochures import` takes on long sources: 1,000 and 3,000 paragraphs.

``python benchmarks/import_scale.py [COUNT ...]``

Writes a Markdown file and a web page of COUNT paragraphs each (the generator of
tests/test_import_scale.py: alike openings, names, years, quantities, a near twin every
tenth), imports both into one draft with --dry-run, and prints the seconds each step took
(CPU time, one process). Linear cost means 3,000 paragraphs take about three times as
long as 1,000. (The test counts comparisons instead: it never depends on the machine.)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from brochures.exchange.imports.run import ImportRequest, run_import  # noqa: E402
from brochures.inputs.project import Project  # noqa: E402
from tests.test_import_scale import write_sources  # noqa: E402


def measure(count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        names = [str(root / name) for name in write_sources(root, count)]
        started = time.process_time()
        result = run_import(Project(root), ImportRequest(names, "meso", "en", dry_run=True))
        spent = time.process_time() - started
        assert result.text, result.report.problems[:3]
    return spent


def main() -> None:
    counts = [int(c) for c in sys.argv[1:]] or [1000, 3000]
    for count in counts:
        print(f"{count:>6} paragraphs (x2 sources): {measure(count):6.2f} s CPU")


if __name__ == "__main__":
    main()
