"""`brochures import` of web addresses, from local servers only (never the web): the main
text of a page, its size limit, errors one line each, pages of unknown length, redirects."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from tests.test_import import FIXTURES, make_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    return make_site(tmp_path, monkeypatch)


@pytest.fixture
def server():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_web_address(site, run_in, server):
    url = f"{server}/clinic-page.html"
    result = run_in(site)("import", url, "--topic", "meso", "--lang", "en")
    assert result.exit_code == 0, result.all_output
    text = (site / "content" / "meso" / "en.yaml").read_text("utf-8")
    assert "Michel Pistor" in text and "cookie" not in text.lower()
    assert f"{url}:" in text
    topic = yaml.safe_load((site / "content" / "meso" / "topic.yaml").read_text("utf-8"))
    assert topic["imported_from"][0]["source"] == url


def test_web_address_size_limit_and_errors(site, run_in, server, monkeypatch):
    from brochures.exchange.imports import sources

    monkeypatch.setattr(sources, "MAX_BYTES", 500)
    result = run_in(site)("import", f"{server}/clinic-page.html", f"{server}/missing.html",
                          "ftp://127.0.0.1/x.html", "--topic", "meso", "--lang", "en")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 3, result.output
    assert "500 bytes" in errors[0] and "404" in errors[1] and "http" in errors[2]
    assert not (site / "content" / "meso").exists()


class _Tricky(http.server.BaseHTTPRequestHandler):
    """A page of unknown length (no Content-Length), and a redirect away from the web."""

    def do_GET(self):
        if self.path == "/away":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/notes.html")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body><p>" + b"Mesotherapy words. " * 200 + b"</p></body></html>")

    def log_message(self, *args):
        pass


def test_web_address_without_length_and_redirects(site, run_in, monkeypatch):
    from brochures.exchange.imports import sources

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tricky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        monkeypatch.setattr(sources, "MAX_BYTES", 1000)
        result = run_in(site)("import", f"{base}/page", f"{base}/away", "--topic", "meso",
                              "--lang", "en")
    finally:
        httpd.shutdown()
        httpd.server_close()
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert result.exit_code == 1 and len(errors) == 2, result.output
    assert "1000 bytes" in errors[0] and "non-web address" in errors[1]
    assert not (site / "content" / "meso").exists()
