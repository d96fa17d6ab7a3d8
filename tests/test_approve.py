"""Sign-off without rendering: approve, revoke, history, check, and the press refusal."""

from __future__ import annotations

from pathlib import Path

import yaml

from brochures.checks.signoff import cache_key, decide, findings
from brochures.inputs.project import Project
from brochures.inputs.records import APPROVED, CHANGED, DRAFT, approval_state
from tests.conftest import loaded_catalog

BY = ["--by", "Dr A. Moreau", "--role", "Medical director"]
EN = Path("content/mesotherapy/en.yaml")


def _require(project: Path) -> None:
    (project / "brochures.yaml").write_text("require_approval: true\n")


def _state(project: Path, language: str):
    return approval_state(Project(project), "mesotherapy", language)


def test_approve_records_who_role_date_version_and_every_unit(cli, project: Path):
    result = cli("approve", "mesotherapy", "--lang", "en", *BY, "--date", "2026-11-20")
    assert result.exit_code == 0, result.all_output
    assert "version 1  approved by Dr A. Moreau, Medical director, on 2026-11-20" in result.output
    records = yaml.safe_load((project / "content/mesotherapy/records.yaml").read_text())
    (approval,) = records["approvals"]["en"]
    assert (approval["by"], approval["role"], approval["date"], approval["version"]) == \
        ("Dr A. Moreau", "Medical director", "2026-11-20", 1)
    assert approval["units"]["title"]["text"] == "Mesotherapy"
    assert len(approval["units"]["risks.i1"]["fingerprint"]) == 16
    assert "topic.reviewed" in approval["units"]  # the topic facts the leaflet prints
    assert _state(project, "en").status == APPROVED


def test_one_changed_word_makes_it_changed_and_check_names_the_unit(cli, project: Path):
    _require(project)
    cli("approve", "mesotherapy", "--lang", "en", *BY)
    path = project / EN
    path.write_text(path.read_text().replace("many tiny injections", "many small injections"))
    state = _state(project, "en")
    assert state.status == CHANGED and [c.id for c in state.changes] == ["what_it_is.p1"]
    result = cli("check", "mesotherapy", "--no-fit")
    line = next(x for x in result.output.splitlines() if "changed-since-approval" in x)
    number = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                  if "Mesotherapy is a treatment with many small injections" in text)
    assert line.startswith(f"content/mesotherapy/en.yaml:{number}: warning:")
    assert "'what_it_is.p1'" in line and "“tiny” → “small”" in line


def test_reformatting_keeps_the_approval(cli, project: Path):
    cli("approve", "mesotherapy", "--lang", "en", *BY)
    path = project / EN
    data = yaml.safe_load(path.read_text())
    # Another key order, no comments, every text re-wrapped by the dumper.
    flipped = {"sections": data["sections"], **{k: v for k, v in data.items() if k != "sections"}}
    path.write_text("# reformatted\n" + yaml.safe_dump(flipped, allow_unicode=True, width=40,
                                                      sort_keys=True))
    assert _state(project, "en").status == APPROVED


def test_approving_en_leaves_fr_unchanged(cli, project: Path):
    _require(project)
    cli("approve", "mesotherapy", "--lang", "fr", *BY, "--date", "2026-11-01")
    fr_before = _state(project, "fr")
    key_before = cache_key(loaded_catalog(project), "mesotherapy", "fr")
    cli("approve", "mesotherapy", "--lang", "en", *BY, "--date", "2026-11-02")
    fr_after = _state(project, "fr")
    assert fr_after.status == APPROVED and fr_after.approval == fr_before.approval
    assert cache_key(loaded_catalog(project), "mesotherapy", "fr") == key_before
    assert _state(project, "en").approval.date == "2026-11-02"


def test_version_rises_only_when_changed_text_is_approved(cli, project: Path):
    cli("approve", "mesotherapy", "--lang", "en", *BY)
    cli("approve", "mesotherapy", "--lang", "en", "--by", "Dr B", "--role", "Nurse lead")
    assert _state(project, "en").approval.version == 1  # a second signature, same text
    path = project / EN
    path.write_text(path.read_text().replace("no cut", "no cutting"))
    cli("approve", "mesotherapy", "--lang", "en", *BY)
    assert _state(project, "en").approval.version == 2


def test_revoke_withdraws_the_latest_approval(cli, project: Path):
    cli("approve", "mesotherapy", "--lang", "en", *BY, "--date", "2026-11-01")
    path = project / EN
    path.write_text(path.read_text().replace("no cut", "no cutting"))
    cli("approve", "mesotherapy", "--lang", "en", *BY, "--date", "2026-11-05")
    result = cli("approve", "mesotherapy", "--lang", "en", "--revoke", "--date", "2026-11-06")
    assert result.exit_code == 0 and "revoked" in result.output
    # No approval stands after a revoke, whoever signed before (issue 29): not version 1.
    assert _state(project, "en").status == DRAFT
    again = cli("approve", "mesotherapy", "--lang", "en", "--revoke")
    assert again.exit_code == 1 and "error: not-approved:" in again.all_output
    history = cli("history", "mesotherapy", "--lang", "en").output
    assert "version 2  approved by Dr A. Moreau, Medical director, on 2026-11-05  " \
           "(revoked on 2026-11-06)" in history


def test_history_shows_old_and_new_text_side_by_side(cli, project: Path):
    cli("approve", "mesotherapy", "--lang", "en", *BY, "--date", "2026-11-20")
    path = project / EN
    path.write_text(path.read_text().replace("There is no surgery and no cut.",
                                             "There is no surgery and no scar."))
    result = cli("history", "mesotherapy")
    assert result.exit_code == 0, result.all_output
    lines = result.output.splitlines()
    assert "  version 1  approved by Dr A. Moreau, Medical director, on 2026-11-20" in lines
    at = lines.index(next(x for x in lines if x.strip().startswith("what_it_is.p1 (changed)")))
    block = "\n".join(lines[at + 1:at + 8])
    rows = [x.split("│") for x in block.splitlines() if "│" in x]
    assert "no cut" in " ".join(r[0] for r in rows) and "no scar" in " ".join(r[1] for r in rows)
    assert "fr:\n  no approvals\n  now: not approved (draft)" in result.output


def test_bad_sign_off_input_is_one_clear_line(cli, project: Path):
    records = project / "content/mesotherapy/records.yaml"
    kept = records.read_bytes() if records.exists() else None  # translation records ship
    missing = cli("approve", "mesotherapy", "--lang", "en")
    assert missing.exit_code == 1 and "error: bad-option: --by" in missing.all_output
    unknown = cli("approve", "mesotherapy", "--lang", "xx", *BY)
    assert unknown.exit_code == 1 and "unknown-language" in unknown.all_output
    (project / EN).write_text("title: [broken\n")
    broken = cli("approve", "mesotherapy", "--lang", "en", *BY)
    assert broken.exit_code == 1 and "content/mesotherapy/en.yaml:" in broken.all_output
    assert "Traceback" not in broken.all_output
    assert (records.read_bytes() if records.exists() else None) == kept  # nothing written


def test_press_refuses_drafts_without_rendering(cli, project: Path):
    _require(project)
    result = cli("build", "mesotherapy", "--lang", "fr", "--layout", "sheet", "--press",
                 "--out", str(project / "out"))
    assert result.exit_code == 1
    assert ("content/mesotherapy/fr.yaml:1: error: refused: mesotherapy-fr-sheet-press: "
            "not built: 1 finding (draft-press)") in result.all_output
    assert ("warning: draft: mesotherapy-fr-sheet-press: printed as a DRAFT: mesotherapy "
            "(fr, brand default) has no approval") in result.all_output
    assert not list((project / "out").rglob("*.pdf"))


def test_a_listed_draft_never_reaches_the_press_even_without_approval(cli, project: Path):
    topic = project / "content/mesotherapy/topic.yaml"
    topic.write_text(topic.read_text() + "drafts: [de]\n")
    result = cli("build", "mesotherapy", "--lang", "de", "--layout", "sheet", "--edition",
                 "press", "--out", str(project / "out"))
    assert result.exit_code == 1
    assert "error: refused: mesotherapy-de-sheet-press: not built: 1 finding (draft-press)" \
        in result.all_output
    assert "mesotherapy (de, brand default) is listed under drafts: in topic.yaml" in (
        result.all_output)


def test_without_require_approval_no_language_is_held_back(cli, project: Path):
    cli("approve", "mesotherapy", "--lang", "en", *BY)
    (project / EN).write_text((project / EN).read_text().replace("no cut", "no cutting"))
    for language in ("en", "fr"):  # changed since approval, and never approved
        decision = decide(loaded_catalog(project), "mesotherapy", language)
        assert not decision.required and not decision.draft
        assert not findings(decision, "x.yaml", press=True, name="job").problems
    _require(project)
    assert decide(loaded_catalog(project), "mesotherapy", "fr").draft
