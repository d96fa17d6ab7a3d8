"""``build --watch``: a save rebuilds the leaflets it changed, once.

Event-driven: the test waits for each build's summary on a queue; the timeouts
are only a safety net against a hang, never what the test measures.
"""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

from click.testing import CliRunner

from brochures.batch.build import Request
from brochures.batch.watch import watch_builds
from brochures.cli import main
from brochures.inputs.project import Project
from tests.conftest import WITH_CTRL_C

SAFETY = 180  # seconds: only reached if something hangs


def test_a_save_rebuilds_only_the_changed_leaflet_once(tmp_path: Path):
    root = tmp_path / "project"
    assert CliRunner().invoke(main, ["init", str(root), "--name", "Watch Clinic"]).exit_code == 0
    shutil.copytree(root / "content/chemical-peels", root / "content/second")
    request = Request(layouts=["sheet"], brands=["watch-clinic"], out_dir=root / "dist", jobs=1)
    summaries: queue.Queue = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_builds,
                               args=(Project(root), request, summaries.put, stop), daemon=True)
    watcher.start()
    try:
        first = summaries.get(timeout=SAFETY)
        assert (first.count("built"), first.count("unchanged")) == (2, 0)
        # Saving through a temporary file, as editors do, is one save.
        en = root / "content/second/en.yaml"
        saved = root / "content/second/.en.yaml.swp"
        saved.write_text(en.read_text().replace("title: Chemical peels", "title: Second peels"))
        saved.replace(en)
        second = summaries.get(timeout=SAFETY)
        built = [o.job.topic for o in second.outcomes if o.status == "built"]
        assert built == ["second"]
        assert second.count("unchanged") == 1
    finally:
        stop.set()
        watcher.join(timeout=SAFETY)
    assert not watcher.is_alive()
    assert summaries.empty(), "a second build ran for the same save"


def test_ctrl_c_stops_the_watch_cleanly(tmp_path: Path):
    import signal
    import subprocess
    import sys

    root = tmp_path / "project"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    process = subprocess.Popen(
        [sys.executable, "-c", WITH_CTRL_C, "--project", str(root), "build", "--watch",
         "--layout", "sheet", "-j", "1", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Wait for the line that says the first build is done and the watch is on.
        for line in process.stdout:
            if line.startswith("watching for saved files"):
                break
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=SAFETY)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.splitlines()[-1] == "stopped"
    assert "Traceback" not in err
    assert (root / "dist/my-clinic/chemical-peels/chemical-peels-en-sheet.pdf").is_file()
