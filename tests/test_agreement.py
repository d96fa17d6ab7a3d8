"""Every command gives the same answer about the same leaflets: the gate's verdict.

For each case the project's settings choose the French sheet in both brands; ``build``,
``check``, ``list``, ``serve`` and ``preview`` are each asked which of those leaflets may
be printed, and must agree with each other and with the case's expectation. A refused
leaflet's earlier PDF never stays in the output folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.inputs.request import make_request
from brochures.inputs.settings import load_settings
from brochures.preview.live import Key, Live
from tests.conftest import Run

BRANDS = ("default", "clinic")
SETTINGS = "languages: [fr]\nlayouts: [sheet]\nbrands: [default, clinic]\n"
FR = "content/mesotherapy/fr.yaml"
BY = ("--by", "Dr A", "--role", "Medical director")


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _append(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def warning(root: Path, cli: Run) -> None:  # a word the French words file lacks
    words = root / "templates/words/fr.yaml"
    words.write_text(re.sub(r"\n  sources: .*", "", words.read_text("utf-8")), "utf-8")


def error(root: Path, cli: Run) -> None:  # a placeholder left in the text
    _edit(root, FR, "intro: >-\n", "intro: >-\n  TODO: une phrase d'accueil.\n")


def draft_language(root: Path, cli: Run) -> None:
    _append(root, "content/mesotherapy/topic.yaml", "drafts: [fr]\n")


def approval_missing(root: Path, cli: Run) -> None:
    _append(root, "brochures.yaml", "require_approval: true\n")


def approval_revoked(root: Path, cli: Run) -> None:
    _append(root, "brochures.yaml", "require_approval: true\n")
    assert cli("approve", "mesotherapy", "--lang", "fr", *BY).exit_code == 0
    assert cli("approve", "mesotherapy", "--lang", "fr", "--revoke").exit_code == 0


def approved(root: Path, cli: Run) -> None:
    _append(root, "brochures.yaml", "require_approval: true\n")
    assert cli("approve", "mesotherapy", "--lang", "fr", *BY).exit_code == 0


def stale_translation(root: Path, cli: Run) -> None:
    approved(root, cli)
    assert cli("translate", "mark-current", "mesotherapy", "--lang", "fr").exit_code == 0
    _edit(root, "content/mesotherapy/en.yaml", "title: Mesotherapy", "title: Mesotherapy today")


def overflow_in_one_brand(root: Path, cli: Run) -> None:
    _append(root, "styles/brands/clinic/theme.css",
            "\n.section p, .section li { font-size: 30pt; }\n")


ALL, NONE, DEFAULT_ONLY = set(BRANDS), set(), {"default"}
# (case, how, extra build/check options, the brands build may print, list's status)
CASES = [
    ("clean", None, (), ALL, "complete"),
    ("warning", warning, (), ALL, "missing words"),
    ("warning-strict", warning, ("--strict",), NONE, None),
    ("error", error, (), NONE, "refused"),
    ("draft-language", draft_language, (), ALL, "draft"),
    ("draft-language-press", draft_language, ("--press",), NONE, None),
    ("approval-missing", approval_missing, (), ALL, "draft"),
    ("approval-missing-press", approval_missing, ("--press",), NONE, None),
    ("approved-press", approved, ("--press",), ALL, None),
    ("approval-revoked-press", approval_revoked, ("--press",), NONE, None),
    ("stale-translation", stale_translation, (), ALL, "draft"),
    ("stale-translation-press", stale_translation, ("--press",), NONE, None),
    ("overflow-in-one-brand", overflow_in_one_brand, (), DEFAULT_ONLY, "refused"),
]


@pytest.mark.parametrize("case, how, options, printable, status", CASES,
                         ids=[c[0] for c in CASES])
def test_every_command_gives_the_verdicts_answer(project, tmp_path, case, how, options,
                                                 printable, status):
    (project / "brochures.yaml").write_text(SETTINGS, "utf-8")
    cli = Run(project)
    # A good build first: its PDFs must not outlive a refusal.
    first = cli("build", *(o for o in options if o == "--press"))
    assert first.exit_code == 0, first.all_output
    if how is not None:
        how(project, cli)
    answers: dict[str, object] = {}

    built = cli("build", *options)
    dist = project / "dist"
    pdfs = [p for p in dist.rglob("*.pdf") if ".refused" not in p.parts]
    answers["build"] = ({p.relative_to(dist).parts[0] for p in pdfs}, built.exit_code == 0)
    refused_now = printable != ALL
    if refused_now:
        aside = [p for p in (dist / ".refused").rglob("*.pdf")]
        assert {p.relative_to(dist / ".refused").parts[0] for p in aside} == ALL - printable
        assert "moved out of the output folder" in built.output

    checked = cli("check", *options, "--format", "json")
    summary = json.loads(checked.output)["summary"]
    answers["check"] = ({key.split("/")[0] for key in summary["printable"]},
                        checked.exit_code == 0)

    if not options:  # list, serve and preview know the settings' selection alone
        listed = cli("list").output
        line = next(x for x in listed.splitlines() if x.strip().startswith("fr "))
        assert line.split("Français")[1].strip().startswith(status), line
        answers["list"] = (ALL if status != "refused" else None, status != "refused")

        project_, request = _serve_request(project)
        live = Live(project_, tmp_path / "serve-cache", request)
        shown = {brand for brand in BRANDS
                 if live.view(Key("mesotherapy", "fr", "sheet", brand)).built}
        live.check()  # the index page: each leaflet's verdict as check gives it
        marked = {brand for brand in BRANDS
                  if live.printable(Key("mesotherapy", "fr", "sheet", brand))}
        assert marked == shown, (case, "serve's index and its pages disagree")
        answers["serve"] = (shown, shown == ALL)

        previewed = cli("preview", "--dpi", "18", "--out", str(tmp_path / "previews"))
        pngs = {p.relative_to(tmp_path / "previews").parts[0]
                for p in (tmp_path / "previews").rglob("*-page-1.png")}
        answers["preview"] = (pngs, previewed.exit_code == 0)

    expected = (printable, printable == ALL)
    for command, answer in answers.items():
        if command == "list":
            assert answer[1] == expected[1], (case, command, answer, built.all_output)
            continue
        assert answer == expected, (case, command, answer, built.all_output, checked.output)


def _serve_request(root: Path):
    project = Project(root)
    return project, make_request(project, load_settings(root, Report()),
                                 out_dir=root / "previews")


def test_strict_never_writes_a_pdf_refused_for_a_warning_found_after_layout(cli, project,
                                                                             caplog):
    """A renderer warning is only known once the leaflet is laid out: the verdict, not the
    write, decides, so --strict writes nothing."""
    (project / "styles/brands/default/theme.css").write_text("h1 { colr: red; }\n")
    out = project / "strict-out"
    result = cli("build", "--lang", "en", "--layout", "sheet", "--out", str(out), "--strict")
    assert result.exit_code == 1
    assert "warning: renderer-warning: mesotherapy-en-sheet" in result.all_output
    assert "error: refused: mesotherapy-en-sheet: not built" in result.all_output
    assert not list(out.rglob("*.pdf"))
    again = cli("build", "--lang", "en", "--layout", "sheet", "--out", str(out))
    assert again.exit_code == 0 and list(out.rglob("*.pdf"))
    caplog.weasyprint_warnings_expected = True  # the warning is the point here
