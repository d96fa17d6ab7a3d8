"""``brochures serve`` over plain HTTP (no browser): where it listens, what it refuses, events."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from pathlib import Path

import pytest

from brochures.inputs.project import Project
from brochures.preview.images import cache_dir
from brochures.preview.live import Live
from brochures.preview.serve import PreviewServer
from tests.e2e.conftest import seed_cache


@pytest.fixture
def live_server(site: Path, tmp_path: Path, sample_build):
    """The server of ``brochures serve``, in this process; its cache holds the run's default
    build (``seed_cache``): the PDFs it serves are read, not rendered again."""
    cache = seed_cache(tmp_path / "previews", sample_build)
    live = Live(Project(site), cache_dir(cache))
    server = PreviewServer(0, live)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    yield server
    live.stop()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def get(server, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server.server_address, timeout=240)
    try:
        headers = {"Host": host} if host else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_listens_on_loopback_only(live_server):
    assert live_server.server_address[0] == "127.0.0.1"


def test_refuses_other_host_names(live_server):
    # A page elsewhere that rebinds its own name to 127.0.0.1 must not read our pages.
    status, _, _ = get(live_server, "/", host="attacker.example")
    assert status == 421
    status, _, body = get(live_server, "/", host=f"localhost:{live_server.server_address[1]}")
    assert status == 200 and b"Leaflets" in body


@pytest.mark.parametrize("path", [
    "/leaflet/mesotherapy/xx/sheet/default",
    "/leaflet/..%2F..%2Fetc/en/sheet/default",
    "/leaflet/mesotherapy/en/sheet/default/..%2F..%2F..%2Fpyproject.toml",
    "/static/..%2Fserve.py",
    "/static/live.py",
    "/nowhere",
])
def test_unknown_paths_get_a_page_that_says_so(live_server, path):
    status, headers, body = get(live_server, path)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"Nothing to show" in body and b"Traceback" not in body


def test_pdf_download_and_page_images(live_server, site):
    base = "/leaflet/mesotherapy/en/sheet/default"
    status, _, page = get(live_server, base)
    assert status == 200 and f'href="{base}/mesotherapy-en-sheet.pdf"'.encode() in page
    status, headers, pdf = get(live_server, f"{base}/mesotherapy-en-sheet.pdf")
    assert status == 200 and pdf.startswith(b"%PDF-")
    assert headers["Content-Type"] == "application/pdf"
    assert 'filename="mesotherapy-en-sheet.pdf"' in headers["Content-Disposition"]
    status, headers, png = get(live_server, f"{base}/page-1.png")
    assert status == 200 and png.startswith(b"\x89PNG") and headers["Content-Type"] == "image/png"
    assert get(live_server, f"{base}/page-5.png")[0] == 404  # four pages: two sheets
    assert get(live_server, f"{base}/page-0.png")[0] == 404


def test_events_name_the_leaflets_a_saved_file_feeds(live_server, site):
    live = live_server.live
    live.check()  # the index was shown: every leaflet's manifest is known
    connection = http.client.HTTPConnection(*live_server.server_address, timeout=240)
    connection.request("GET", "/events?since=0")
    response = connection.getresponse()
    assert response.getheader("Content-Type").startswith("text/event-stream")
    assert response.fp.readline() == b"retry: 1000\n"
    assert response.fp.readline() == b"\n"
    live.files_changed([site / "content/mesotherapy/fr.yaml"])
    lines = []
    while not lines or lines[-1] != b"\n":
        lines.append(response.fp.readline())
    assert lines[-3] == b"event: change\n"
    change = json.loads(lines[-2].removeprefix(b"data: "))
    assert change["generation"] == 1
    # The French leaflets, and the web pages of the other languages (they link to it).
    assert change["keys"] and all("/fr/" in key or "/web/" in key for key in change["keys"])
    assert "mesotherapy/en/sheet/default" not in change["keys"]
    assert "mesotherapy/fr/sheet/default" in change["keys"]
    connection.close()


def test_a_busy_port_is_one_clear_error(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), "--out", "previews")
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.all_output
    assert "Traceback" not in result.all_output
