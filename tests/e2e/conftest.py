"""End-to-end fixtures: ``brochures serve`` in a subprocess, and Debian's Chromium via Playwright.

Chromium is installed by ``sh scripts/install-system.sh --test`` (``make test`` runs it). When it
is missing these tests fail, loudly: a browser test that skips itself proves nothing in CI.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochures.preview.images import cache_dir
from tests.conftest import WITH_CTRL_C

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BROCHURES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Watchdogs, not expectations: they only end a test that is broken (a server that never
# starts, a page that never changes), so they are generous enough for two cores shared by
# many busy processes. No test asserts how fast anything is.
START_TIMEOUT = 240  # seconds for the server to print its address
STOP_TIMEOUT = 60  # seconds for it to stop after Ctrl-C
WAIT_MS = 240_000  # the longest any page may take to show a change


def wait_until(page, condition: str, timeout_ms: int = WAIT_MS) -> None:
    """Poll a JavaScript condition (``wait_for_function`` would need 'unsafe-eval', which the
    server's Content-Security-Policy rightly refuses)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(f"() => Boolean({condition})"):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout_ms / 1000:.0f} s: {condition}")
        page.wait_for_timeout(100)


class Server:
    """A running ``brochures serve`` on a free port of 127.0.0.1, in a copy of the project."""

    def __init__(self, root: Path, out: Path):
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-c", WITH_CTRL_C, "--project", str(root), "serve",
             "--port", "0", "--out", str(out)],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        try:
            first = self.lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self.process.kill()
            pytest.fail(f"brochures serve printed no address in {START_TIMEOUT} s")
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert match, f"unexpected first line: {first!r} {self.process.stderr.read()}"
        self.url = match.group(0)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.stdout.append(line)
            self.lines.put(line)

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a person would; returns (exit status, stdout, stderr)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"brochures serve did not stop within {STOP_TIMEOUT} s of Ctrl-C")
        stderr = self.process.stderr.read()
        return self.process.returncode, "".join(self.stdout), stderr


def copy_site(root: Path) -> Path:
    """A private copy of the repository's brochure project at ``root``, whose settings
    build every brand: serve shows the leaflets build makes (brochures.yaml's brands)."""
    for name in ("content", "templates", "styles"):
        shutil.copytree(REPO / name, root / name)
    (root / "brochures.yaml").write_text("brands: [all]\n", "utf-8")
    return root


def seed_cache(out: Path, sample_build) -> Path:
    """``out`` (serve's or preview's ``--out``) with the run's default build of the same
    project in its build cache: the default brand's leaflets, PDFs and build records. What a
    server is first asked for is then current (read, not rendered again: the leaflet is the
    one ``brochures build`` made), and a leaflet rebuilt after an edit is laid out from its
    record. Rendering on demand is still what every edit in these tests asks for, and the
    other brands are rendered from scratch."""
    shutil.copytree(sample_build.root / "dist" / "default", cache_dir(out) / "default")
    return out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the repository's brochure project."""
    return copy_site(tmp_path / "project")


def stop_cleanly(running: Server) -> None:
    """Ctrl-C ends the server cleanly: exit status 0, "stopped", no traceback."""
    status, stdout, stderr = running.stop()
    assert status == 0, stderr
    assert stdout.strip().endswith("stopped"), stdout
    assert "Traceback" not in stderr, stderr


@pytest.fixture
def server(site: Path, tmp_path: Path, page, sample_build) -> Iterator[Server]:
    """A server for one test; stopped with Ctrl-C after it, which must end it cleanly (every
    test checks that, with its browser tab still open on the server's pages and events).
    Its cache holds the run's default build (``seed_cache``)."""
    running = Server(site, seed_cache(tmp_path / "previews", sample_build))
    yield running
    stop_cleanly(running)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory, sample_build) -> Iterator[Server]:
    """One server for the tests of a module that only look: they never edit its project,
    stop or kill it (tests that do use ``server``). It renders each leaflet once for all of
    them (the default brand's are in its cache already: ``seed_cache``), and is stopped with
    Ctrl-C, cleanly, after the module."""
    base = tmp_path_factory.mktemp("shared-site")
    running = Server(copy_site(base / "project"),
                     seed_cache(base / "previews", sample_build))
    yield running
    stop_cleanly(running)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(sh scripts/install-system.sh --test, which `make test` runs)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              timeout=WAIT_MS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    yield tab
    context.close()


@pytest.fixture
def shot(page, tmp_path: Path, request):
    """``shot(name)`` saves a screenshot of the whole page (also to $BROCHURES_E2E_SHOTS)."""
    folder = os.environ.get("BROCHURES_E2E_SHOTS")

    def take(name: str) -> Path:
        # A picture of the page as it settles, not half-way through a live update.
        wait_until(page, "document.getElementById('live-status').dataset.state !== 'busy'"
                         " && [...document.images].every(i => i.complete)")
        path = tmp_path / "shots" / f"{request.node.name}-{name}.png"
        path.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(folder) / path.name)
        return path

    return take
