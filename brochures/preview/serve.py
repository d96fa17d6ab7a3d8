"""``brochures serve``: a live preview of every leaflet in the browser, on 127.0.0.1 only.

Owns: the HTTP side — routes, HTML pages (Jinja2 with autoescape: content is
untrusted), page images, PDF downloads, the server-sent events that tell a
browser a file changed, the file watcher, and a clean stop on Ctrl-C. What is
shown comes from :mod:`brochures.preview.live`, which builds through the normal build.
"""

from __future__ import annotations

import contextlib
import errno
import json
import signal
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import jinja2

from brochures.batch.manifest import is_input
from brochures.errors import BrochureError, Problem
from brochures.inputs.project import Project
from brochures.inputs.request import Request
from brochures.preview import web
from brochures.preview.images import cache_dir
from brochures.preview.live import Key, Live

HOST = "127.0.0.1"
WEB = Path(web.__file__).resolve().parent  # the page files of the server
STATIC = {"live.js": "text/javascript", "style.css": "text/css"}
PROJECT_SUFFIXES = {".yaml", ".yml", ".html", ".css", ".svg", ".png", ".jpg", ".jpeg", ".ttf",
                    ".otf", ".woff", ".woff2", ".json"}
# The files of a web page (brochures.batch.webpage), by suffix.
WEB_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml",
             ".png": "image/png", ".jpg": "image/jpeg", ".woff2": "font/woff2",
             ".woff": "font/woff"}
KEEPALIVE = 15.0  # seconds between comments on an idle event stream


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = lambda value: quote(str(value), safe="")
    return env


def counts(problems: list[Problem]) -> dict[str, int]:
    errors = sum(1 for p in problems if p.is_error)
    return {"errors": errors, "warnings": len(problems) - errors}


def ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, each kind in the order found."""
    return sorted(problems, key=lambda p: not p.is_error)


class Handler(BaseHTTPRequestHandler):
    """One request; the server carries ``live`` (the state) and ``pages`` (templates)."""

    server: PreviewServer
    server_version = "brochures"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:
        pass  # a request log would bury the messages that matter

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        try:
            if not self._host_ok():
                self._send_text(HTTPStatus.MISDIRECTED_REQUEST, "wrong host")
            elif not parts:
                self._index()
            elif parts[0] == "static" and len(parts) == 2 and parts[1] in STATIC:
                self._send(HTTPStatus.OK, (WEB / parts[1]).read_bytes(), STATIC[parts[1]])
            elif parts[0] == "events" and len(parts) == 1:
                self._events(query)
            elif parts[0] == "leaflet" and len(parts) in (7, 8) and parts[5] == "web":
                self._web(parts[1:5], "/".join(parts[6:]))
            elif parts[0] == "leaflet" and len(parts) in (5, 6):
                self._leaflet(parts[1:5], parts[5] if len(parts) == 6 else None)
            else:
                self._not_found("There is no such page.")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away; nothing to tell it
        except Exception as exc:  # a bug of ours: say so on the page, in one line, not a trace
            print(f"brochures serve: internal error on {url.path}: "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)
            with contextlib.suppress(OSError):
                self._page(HTTPStatus.INTERNAL_SERVER_ERROR, "error.html",
                           message=f"Internal error: {type(exc).__name__}: {exc}")

    def _host_ok(self) -> bool:
        """Refuse requests for another host name (a web page rebinding its name to us)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in (HOST, "localhost")

    # -- pages ------------------------------------------------------------------------------
    def _index(self) -> None:
        live = self.server.live
        generation = live.generation
        problems = live.check()
        keys = live.leaflets()
        layouts, brands = live.layouts(), live.brands()
        columns = [(layout, brand) for layout in layouts for brand in brands]
        topics = []
        for topic in live.topics():
            rows = []
            for language in live.languages(topic):
                cells = []
                for layout, brand in columns:
                    key = Key(topic, language, layout, brand)
                    view = live.views.get(key)
                    cells.append({
                        "key": key,
                        "counts": counts(live.status(key, problems)),
                        "printable": live.printable(key),
                        "built": view is not None and view.built and live.fresh(view),
                    })
                rows.append({"language": language, "cells": cells})
            topics.append({"id": topic, "rows": rows})
        self._page(HTTPStatus.OK, "index.html", generation=generation, topics=topics,
                   columns=columns, problems=ordered(problems), count=len(keys),
                   total=counts(problems))

    def _leaflet(self, ids: list[str], leaf: str | None) -> None:
        live = self.server.live
        key = Key(*ids)
        if key not in live.leaflets():
            self._not_found("There is no such leaflet: pick one from the list.")
            return
        generation = live.generation
        view = live.view(key)
        if leaf is None:
            self._page(
                HTTPStatus.OK, "leaflet.html", generation=generation, key=key, view=view,
                problems=ordered(live.status(key, live.check([key.topic]))),
                switches={
                    "Language": [(lang, Key(key.topic, lang, key.layout, key.brand))
                                 for lang in live.languages(key.topic)],
                    "Layout": [(layout, Key(key.topic, key.language, layout, key.brand))
                               for layout in live.layouts()],
                    "Brand": [(brand, Key(key.topic, key.language, key.layout, brand))
                              for brand in live.brands()],
                },
            )
        elif leaf == f"{view.name}.pdf":
            if view.pdf is None or not view.built:
                self._not_found("This leaflet does not build now: fix the errors shown on "
                                "its page first.")
                return
            self._send(HTTPStatus.OK, view.pdf, "application/pdf",
                       {"Content-Disposition": f'attachment; filename="{view.name}.pdf"'})
        elif leaf.startswith("page-") and leaf.endswith(".png"):
            number = leaf[len("page-"):-len(".png")]
            if not number.isdigit() or not 1 <= int(number) <= len(view.pages):
                self._not_found("There is no such page.")
                return
            self._send(HTTPStatus.OK, view.pages[int(number) - 1], "image/png",
                       {"Cache-Control": "max-age=3600"})  # URLs carry the version
        else:
            self._not_found("There is no such file.")

    def _web(self, ids: list[str], name: str) -> None:
        """A file of a leaflet's web page (a layout whose output is HTML), as it was built."""
        live = self.server.live
        key = Key(*ids)
        if key not in live.leaflets():
            self._not_found("There is no such leaflet: pick one from the list.")
            return
        view = live.view(key)
        data = view.web.get(name)
        if data is None:
            # The page's links to its other languages: that language's own web page.
            for language in live.languages(key.topic):
                other = Key(key.topic, language, key.layout, key.brand)
                if name == f"{live.job(other).name}.html":
                    self.send_response(HTTPStatus.SEE_OTHER)
                    self.send_header("Location", "/leaflet/" + "/".join(
                        quote(part, safe="") for part in (*other.path.split("/"), "web", name)))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            self._not_found("There is no such file.")
            return
        kind = WEB_TYPES.get(Path(name).suffix, "application/octet-stream")
        self._send(HTTPStatus.OK, data, kind, {"Cache-Control": "no-store"})

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-sent events: one ``change`` event, naming leaflets, per saved file."""
        live = self.server.live
        try:
            seen = int(query.get("since", ["0"])[0])
        except ValueError:
            seen = 0
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        now = live.generation
        if seen != now:  # missed changes while connecting, or a restarted server: catch up
            self._change(now, live.changes_since(seen) if seen < now else None)
            seen = now
        while not live.stopping:
            now = live.wait(seen, KEEPALIVE)
            if live.stopping:
                break
            if now == seen:
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
            else:
                self._change(now, live.changes_since(seen))
                seen = now

    def _change(self, generation: int, keys: list[str] | None) -> None:
        data = json.dumps({"generation": generation, "keys": keys})
        self.wfile.write(f"event: change\ndata: {data}\n\n".encode())
        self.wfile.flush()

    # -- sending ----------------------------------------------------------------------------
    def _page(self, status: HTTPStatus, template: str, **context) -> None:
        context.setdefault("generation", self.server.live.generation)
        html = self.server.pages.get_template(template).render(**context)
        self._send(status, html.encode("utf-8"), "text/html; charset=utf-8",
                   {"Cache-Control": "no-store"})

    def _not_found(self, message: str) -> None:
        self._page(HTTPStatus.NOT_FOUND, "error.html", message=message)

    def _send_text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; img-src 'self'; style-src 'self'")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting

    def __init__(self, port: int, live: Live):
        self.live = live
        self.pages = _environment()
        super().__init__((HOST, port), Handler)


def watch(live: Live, stop: threading.Event) -> None:
    """Tell ``live`` about every saved input file (where :mod:`brochures.batch.manifest` says a
    project keeps them: its input folders and brochures.yaml) until ``stop``."""
    # lazy: start-up time: watchfiles loads only when this runs
    import watchfiles

    root = live.project.root.resolve()
    cache = live.cache.resolve()

    def wanted(change, path: str) -> bool:
        target = Path(path)
        return not target.is_relative_to(cache) and is_input(root, target) \
            and _project_file(target)

    for changes in watchfiles.watch(root, watch_filter=wanted, stop_event=stop, debounce=250,
                                    step=50, raise_interrupt=False, yield_on_timeout=False):
        paths = [Path(path) for _, path in changes]
        if paths:
            live.files_changed(paths)


def _project_file(path: Path) -> bool:
    """Whether a changed path is a project file, not an editor's temporary or lock file.

    Editors and ``sed -i`` save through a temporary file that is gone by the time we look;
    counting it would mark every leaflet of its folder stale.
    """
    name = path.name
    if name.startswith((".", "#")) or name.endswith("~"):
        return False
    return path.exists() or path.suffix.lower() in PROJECT_SUFFIXES


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM stops as cleanly as Ctrl-C


def serve(project: Project, request: Request, port: int, remake=None) -> None:
    """Serve the leaflets of ``request`` until Ctrl-C (or SIGTERM); prints the address first.
    ``remake()`` makes the project and request again when brochures.yaml is saved."""
    live = Live(project, cache_dir(request.out_dir), request, remake)
    try:
        server = PreviewServer(port, live)
    except OSError as exc:
        # A port in use is the usual case (another serve still running): say how to get past it.
        hint = ("; another program is using it: stop it, or run 'brochures serve --port 0' to "
                "pick a free port" if exc.errno == errno.EADDRINUSE else "")
        raise BrochureError([Problem("error", "port-in-use" if hint else "cannot-listen",
                                     f"cannot listen on {HOST}:{port}: "
                                     f"{exc.strerror or exc}{hint}")]) from None
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(live, stop), name="watch", daemon=True)
    watcher.start()
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"Serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        live.stop()
        server.server_close()
        watcher.join(timeout=2)
    print("stopped", flush=True)
