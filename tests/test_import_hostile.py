"""`brochures import` of hostile sources: every one is built here, in the test.

Word files that are zip bombs, not zips, cut short, malformed or full of entities; a server
that sends a byte a second; text that is not valid UTF-8. Each is one line naming the source,
never a traceback; nothing is written, and a draft written earlier stays as it was.
"""

from __future__ import annotations

import http.server
import io
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tests.test_import import findings, make_docx, make_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    return make_site(tmp_path, monkeypatch)


def errors_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


def zip_of(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def bomb(megabytes: int) -> bytes:
    """A zip of a few hundred KB whose document part inflates to ``megabytes`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as member:
            zeros = b"\0" * 1_000_000
            for _ in range(megabytes):
                member.write(zeros)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def real_docx_parts(site: Path) -> dict[str, bytes]:
    make_docx(site / "good.docx")
    with zipfile.ZipFile(site / "good.docx") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def hostile_files(site: Path) -> dict[str, bytes]:
    """The hostile Word files, by name: what each is is its name."""
    parts = real_docx_parts(site)
    good = (site / "good.docx").read_bytes()
    malformed = dict(parts)
    malformed["word/document.xml"] = parts["word/document.xml"][:-40]  # the closing tags cut
    laughs = dict(parts)
    laughs["word/document.xml"] = BILLION_LAUGHS
    not_word = dict(parts)
    not_word["word/document.xml"] = b"<a>well-formed, but not a Word document</a>"
    return {
        "not-a-zip.docx": b"This is not a Word file.\n" * 20,
        "truncated.docx": good[: len(good) // 2],
        "malformed.docx": zip_of(malformed),
        "laughs.docx": zip_of(laughs),
        "empty-zip.docx": zip_of({"readme.txt": b"hello"}),
        "not-word-xml.docx": zip_of(not_word),
    }


@pytest.mark.parametrize("name, words", [
    ("not-a-zip.docx", "not a zip"),
    ("truncated.docx", "cut short"),
    ("malformed.docx", "not well-formed XML"),
    ("laughs.docx", "DOCTYPE or entities"),
    ("empty-zip.docx", "without a Word document"),
    ("not-word-xml.docx", "python-docx can read"),
])
def test_broken_word_file_is_one_line(site, run_in, name, words):
    (site / name).write_bytes(hostile_files(site)[name])
    result = run_in(site)("import", name, "--topic", "meso", "--lang", "de")
    assert result.exit_code == 1
    assert "Traceback" not in result.all_output
    errors = errors_of(result.output)
    assert len(errors) == 1, result.all_output
    assert errors[0].startswith(f"{name}: error: source-unreadable: ") and words in errors[0]
    assert not (site / "content" / "meso").exists()


def test_zip_bomb_is_refused_before_it_inflates(site, run_in):
    data = bomb(120)
    assert len(data) < 1_000_000  # a small file ...
    (site / "bomb.docx").write_bytes(data)
    tracemalloc.start()
    try:
        result = run_in(site)("import", "bomb.docx", "--topic", "meso", "--lang", "en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    errors = errors_of(result.output)
    assert len(errors) == 1 and "zip bomb" in errors[0] and "bomb.docx" in errors[0], errors
    assert peak < 30_000_000  # ... that would be 120 MB inflated: never held in memory


def test_unpacked_size_is_bounded_in_all(site, run_in, monkeypatch):
    from brochures.exchange.imports import package

    monkeypatch.setattr(package, "MAX_UNPACKED", 20_000)  # the real limit is 50 MB
    parts = real_docx_parts(site)
    parts["word/media/a.bin"] = bytes(range(256)) * 100  # 25.6 KB that do not compress
    (site / "big.docx").write_bytes(zip_of(parts))
    result = run_in(site)("import", "big.docx", "--topic", "meso", "--lang", "de")
    errors = errors_of(result.output)
    assert result.exit_code == 1 and len(errors) == 1, result.all_output
    assert "more than 20000 bytes" in errors[0]


def test_a_bad_source_writes_nothing_and_keeps_the_earlier_draft(site, run_in):
    run = run_in(site)
    assert run("import", "clinic-page.html", "--topic", "meso", "--lang", "en").exit_code == 0
    draft = site / "content" / "meso" / "en.yaml"
    topic = site / "content" / "meso" / "topic.yaml"
    before = draft.read_bytes(), topic.read_bytes()
    for name, data in hostile_files(site).items():
        (site / name).write_bytes(data)
    result = run("import", "translated-article.md", *hostile_files(site), "--topic", "meso",
                 "--lang", "en", "--force")
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    errors = errors_of(result.output)
    assert len(errors) == len(hostile_files(site)), result.output  # every one, one line each
    assert (draft.read_bytes(), topic.read_bytes()) == before


def test_a_good_word_file_still_reads(site, run_in):
    make_docx(site / "brief.docx")
    result = run_in(site)("import", "brief.docx", "--topic", "meso", "--lang", "de")
    assert result.exit_code == 0, result.all_output


# --- a slow server: the time allowed is for the whole page -------------------------------


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Sends its answer a byte a second: the body (/body), or the status line too (/head)."""

    stop = threading.Event()

    def do_GET(self):
        head = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
        body = b"<html><body><p>" + b"Mesotherapy is slow. " * 50 + b"</p></body></html>"
        if self.path == "/body":
            self.wfile.write(head)
            self.wfile.flush()
            head = b""
        try:
            for byte in head + body:
                if self.stop.wait(1.0):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except OSError:
            return  # the client gave up: what it should do

    def log_message(self, *args):
        pass


@pytest.fixture
def trickle():
    _Trickle.stop.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Trickle.stop.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path", ["/body", "/head"])
def test_slow_server_meets_a_total_deadline(site, run_in, trickle, path):
    started = time.monotonic()
    result = run_in(site)("import", f"{trickle}{path}", "--timeout", "2", "--topic", "meso",
                          "--lang", "en")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1 and "Traceback" not in result.all_output
    errors = errors_of(result.output)
    assert len(errors) == 1, result.output
    assert errors[0].startswith(f"{trickle}{path}: error: source-unreadable:")
    assert "within 2 s" in errors[0]
    # A byte a second with a per-read timeout would run for the whole ~1,100 s page; the
    # deadline ends it at 2 s. The bound is far above 2 s so a busy machine cannot fail it.
    assert elapsed < 60
    assert not (site / "content" / "meso").exists()


# --- text that is not valid UTF-8 -----------------------------------------------------------


def test_invalid_utf8_keeps_the_valid_text_and_names_the_lines(site, run_in):
    text = ("Mésothérapie : les étapes\n\n"
            "La séance dure trente minutes et la peau est désinfectée.\n\n"
            "Après la séance, évitez le soleil et le sauna pendant deux jours.\n").encode()
    broken = text.replace(b"trente", b"tr\xffente").replace(b"deux", b"d\xc3\x28eux")
    (site / "notes.txt").write_bytes(broken)
    result = run_in(site)("import", "notes.txt", "--topic", "meso", "--lang", "fr")
    assert result.exit_code == 0, result.all_output
    warned = [f for f in findings(result.output) if f["code"] == "source-encoding"]
    assert [(f["path"], f["line"]) for f in warned] == [("notes.txt", "3"), ("notes.txt", "5")]
    draft = (site / "content" / "meso" / "fr.yaml").read_text("utf-8")
    assert "désinfectée" in draft and "évitez le soleil" in draft  # not garbled as cp1252
    assert "tr�ente" in draft and "Ã" not in draft


def test_a_legacy_file_without_utf8_is_still_read(site, run_in):
    (site / "old.txt").write_bytes("Après la séance, évitez le soleil pendant deux jours "
                                   "et ne vous maquillez pas.\n".encode("cp1252"))
    result = run_in(site)("import", "old.txt", "--topic", "meso", "--lang", "fr")
    assert result.exit_code == 0, result.all_output
    assert "source-encoding" not in result.output
    assert "évitez le soleil" in (site / "content/meso/fr.yaml").read_text("utf-8")


def test_a_page_in_its_declared_charset(site, run_in):
    page = ('<html><head><meta charset="windows-1251"><title>Мезотерапия</title></head>'
            "<body><article><h1>Мезотерапия</h1><h2>Что такое мезотерапия</h2>"
            "<p>Мезотерапия — это метод, при котором врач делает много мелких инъекций в "
            "средний слой кожи. Процедура длится около получаса.</p></article></body></html>")
    (site / "meso-ru.html").write_bytes(page.encode("cp1251"))
    result = run_in(site)("import", "meso-ru.html", "--topic", "meso", "--lang", "ru")
    assert result.exit_code == 0, result.all_output
    assert "средний слой кожи" in (site / "content/meso/ru.yaml").read_text("utf-8")


def test_entities_in_a_web_page_are_not_expanded(site, run_in):
    page = BILLION_LAUGHS.replace(
        b"<w:document", b"<html><body><article><h1>Meso</h1><p>Mesotherapy is a treatment "
        b"with small injections into the skin, given by a doctor.</p><w:document") + \
        b"</article></body></html>"
    (site / "laughs.html").write_bytes(page)
    tracemalloc.start()
    try:
        result = run_in(site)("import", "laughs.html", "--topic", "meso", "--lang", "en",
                              "--dry-run")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "Traceback" not in result.all_output
    assert "lollol" not in result.output  # a billion "lol"s would be 3 GB
    assert peak < 100_000_000
