"""The stamp of a whole build: answering "nothing changed" without loading the project.

Owns: one digest of everything a ``brochures build`` run can depend on — the
content of every file of the folders where :mod:`brochures.batch.manifest` says a
project keeps its inputs (and of the built-in templates, styles and rules: a
superset of every leaflet's manifest, so a new file is seen too), brochures'
own code and the versions of the libraries that shape a PDF, the installed
fonts, today's date and the command's options — and the record of the last
clean run under that digest, ``<out>/.brochures-run.json``.
When a run's digest matches that record and every PDF it made is still on disk
as it was written, the run's outcome is known: each leaflet is unchanged, with
the warnings it had. Nothing is imported or parsed beyond this module then,
which is what makes a rebuild of an untouched project cost about as much as
``brochures --help``. Any doubt (a symbolic link, an unreadable file, a damaged
record) means no stamp, and the full build decides, leaflet by leaflet.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

from brochures.batch.cache import MISSING, fontconfig_files, output_digest, versions
from brochures.batch.manifest import BUILTIN_FOLDERS, PROJECT_FOLDERS, SETTINGS, code_digest
from brochures.batch.summary import Summary
from brochures.errors import Problem
from brochures.model import UNCHANGED, Job, Outcome

RECORD = ".brochures-run.json"
VERSION = 1


class _NoStamp(Exception):
    """Something the stamp cannot vouch for: let the full build decide."""


def _tree(digest, root: str, folder: str) -> None:
    """Every file below ``root/folder``: its name and the digest of its content."""
    stack = [os.path.join(root, folder)]
    if os.path.islink(stack[0]):
        raise _NoStamp(stack[0])
    while stack:
        here = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_symlink():
                raise _NoStamp(entry.path)  # where it leads may change, this folder not
            if entry.is_dir():
                stack.append(entry.path)
            else:
                with open(entry.path, "rb") as file:
                    content = hashlib.sha256(file.read()).digest()
                digest.update(os.path.relpath(entry.path, root).encode() + b"\0" + content)


def _fonts(digest) -> None:
    """Which font files fontconfig offers, with their sizes and times."""
    for file in sorted({f for files in fontconfig_files().values() for f in files}):
        try:
            stat = os.stat(file)
            digest.update(f"{file}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{file}:-\n".encode())


def key(root: Path, options: dict) -> str | None:
    """The digest of a run of ``build`` with ``options`` in the project at ``root``
    (``None`` when something in it cannot be vouched for)."""
    # lazy: start-up time: an unchanged build answers from the stamp alone
    from brochures.inputs.project import builtin_root

    digest = hashlib.sha256(f"{VERSION}\0{date.today().isoformat()}\0".encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(code_digest().encode())
    digest.update(repr(versions()).encode())
    root = root.resolve()
    try:
        for folder in PROJECT_FOLDERS:
            _tree(digest, str(root), folder)
        settings = root / SETTINGS
        if settings.is_symlink():
            raise _NoStamp(settings)
        if settings.is_file():
            digest.update(b"brochures.yaml\0" + hashlib.sha256(settings.read_bytes()).digest())
        builtin = builtin_root()
        if builtin is not None and builtin.resolve() != root:
            digest.update(f"builtin\0{builtin.resolve()}\0".encode())
            for folder in BUILTIN_FOLDERS:
                _tree(digest, str(builtin.resolve()), folder)
    except (_NoStamp, OSError):
        return None
    _fonts(digest)
    return digest.hexdigest()


def settings_out(root: Path) -> Path:
    """``out`` of brochures.yaml as written (not validated: it only says where a stamp
    would be; a stamp exists only where a valid run wrote it)."""
    out = "dist"
    with contextlib.suppress(Exception):
        text = (root / SETTINGS).read_text("utf-8")
        plain = re.search(r"^out:[ \t]*([\w./-]+)[ \t]*(?:#.*)?$", text, re.MULTILINE)
        if plain and len(re.findall(r"^out\s*:", text, re.MULTILINE)) == 1:
            out = plain[1]  # the usual case, read without loading a YAML parser
        elif re.search(r"^out\s*:", text, re.MULTILINE):
            # lazy: start-up time: an unchanged build answers from the stamp alone
            import yaml

            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            if isinstance(data, dict) and isinstance(data.get("out"), str):
                out = data["out"]
    return (root / out).absolute()


def replay(out_dir: Path, run_key: str) -> Summary | None:
    """The summary of the last clean run, every leaflet unchanged — if that run had
    ``run_key`` and its PDFs are on disk as it wrote them; else ``None``."""
    try:
        data = json.loads((out_dir / RECORD).read_text("utf-8"))
        if data.get("version") != VERSION or data.get("key") != run_key:
            return None
        summary = Summary(problems=[Problem.from_dict(p) for p in data["problems"]],
                          planned=int(data["planned"]),
                          shard=tuple(data["shard"]) if data["shard"] else None)
        for item in data["outcomes"]:
            path = out_dir / item["path"]
            if output_digest(path) != item["digest"]:
                return None  # deleted or changed by hand: the full build remakes it
            if not all((path.parent / name).is_file() for name in item.get("files", [])):
                return None  # a file a web page uses is gone (brochures.batch.webpage)
            summary.outcomes.append(Outcome(Job(**item["job"]), UNCHANGED, path,
                                            [Problem.from_dict(p) for p in item["problems"]]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return summary


def _page_files(path: Path) -> list[str]:
    """The files beside a built leaflet that it needs (a web page's assets), from its record."""
    # lazy: start-up time: an unchanged build answers from the stamp alone
    from brochures.batch.cache import read_record

    record = read_record(path)
    return list(record.hint.get("assets", [])) if record is not None else []


def save(out_dir: Path, run_key: str, summary: Summary) -> None:
    """Remember a clean run (every leaflet made or unchanged, no error) under ``run_key``."""
    # lazy: start-up time: an unchanged build answers from the stamp alone
    from brochures.write import OutputError, write_atomic

    if not summary.ok or any(o.path is None for o in summary.outcomes):
        with contextlib.suppress(OSError):
            (out_dir / RECORD).unlink()
        return
    outcomes = []
    for outcome in summary.outcomes:
        digest = output_digest(outcome.path)
        if digest == MISSING:
            return
        outcomes.append({
            "job": {name: getattr(outcome.job, name) for name in
                    ("topic", "language", "layout", "brand", "press", "paper", "fit",
                     "output_format")},
            "path": outcome.path.resolve().relative_to(out_dir.resolve()).as_posix(),
            "digest": digest,
            # The files a web page uses, beside it (brochures.batch.webpage): kept with the page.
            "files": _page_files(outcome.path),
            "problems": [p.as_dict() for p in outcome.problems],
        })
    data = {"version": VERSION, "key": run_key, "planned": summary.planned,
            "shard": list(summary.shard) if summary.shard else None,
            "problems": [p.as_dict() for p in summary.problems], "outcomes": outcomes}
    # A missing stamp only costs a full check of every leaflet: failing to write is no error.
    with contextlib.suppress(OutputError, OSError, ValueError):
        write_atomic(out_dir / RECORD, json.dumps(data, indent=1).encode("utf-8"))
