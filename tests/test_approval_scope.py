"""An approval covers everything a patient reads or sees (issue 29).

English is approved, then one thing the patient reads or sees changes at a time: the
leaflet must be a draft again, with a finding that names what changed. A change of
styling alone keeps the approval. The records file is validated; a revoke leaves no
approval standing; brochures.yaml refuses a mistyped key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run

SETTINGS = ("require_approval: true\nlanguages: [en]\nlayouts: [sheet, screen]\n"
            "brands: [default]\n")
BY = ("--by", "Dr A", "--role", "Medical director")
EN = "content/mesotherapy/en.yaml"


def _edit(root: Path, relative: str, old: str, new: str, count: int = 1) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, count), "utf-8")


def _approved(project: Path) -> Run:
    (project / "brochures.yaml").write_text(SETTINGS, "utf-8")
    cli = Run(project)
    result = cli("approve", "mesotherapy", "--lang", "en", *BY)
    assert result.exit_code == 0, result.all_output
    return cli


def _findings(cli: Run) -> list[dict]:
    result = cli("check", "--no-fit", "--format", "json")
    return json.loads(result.output)["problems"]


def _draft(findings: list[dict]) -> bool:
    return any(p["code"] == "draft" for p in findings)


def _svg(root):
    path = root / "content/mesotherapy/images/skin-layers.svg"
    path.write_text(path.read_text("utf-8").replace("</svg>", "<circle r='1'/></svg>"), "utf-8")


def _heading(root):
    words = root / "templates/words/en.yaml"
    data = yaml.safe_load(words.read_text("utf-8"))
    old = data["headings"]["risks"]
    _edit(root, "templates/words/en.yaml", f"risks: {old}", "risks: Small print")


def _evidence_label(root):
    words = root / "templates/words/en.yaml"
    data = yaml.safe_load(words.read_text("utf-8"))
    old = data["words"]["evidence_none"]
    _edit(root, "templates/words/en.yaml", old, "Evidence: strong")


def _emergency(root):
    _edit(root, "styles/brands/default/brand.yaml", "999", "998")


def _logo(root):
    path = root / "styles/brands/default/logo.svg"
    path.write_text(path.read_text("utf-8").replace("</svg>", "<circle r='1'/></svg>"), "utf-8")


def _brand_name(root):
    data = yaml.safe_load((root / "styles/brands/default/brand.yaml").read_text("utf-8"))
    _edit(root, "styles/brands/default/brand.yaml", f"name: {data['name']}",
          "name: Another Clinic")


def _layout_sections(root):
    path = root / "templates/layouts/screen.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    optional = next(s for s in data["sections"] if s in ("evidence", "aftercare"))
    text = path.read_text("utf-8")
    path.write_text(re.sub(rf"^(\s*-\s*){optional}\s*$\n", "", text, count=1, flags=re.M)
                    if re.search(rf"^\s*-\s*{optional}\s*$", text, re.M)
                    else text.replace(f"{optional}, ", "", 1), "utf-8")


def _title(root):
    _edit(root, EN, "title: Mesotherapy", "title: Mesotherapy today")


# (what changes, how, a word the finding names)
CHANGES = [
    ("title", _title, "title"),
    ("a picture's bytes", _svg, "skin-layers.svg"),
    ("a heading in the words file", _heading, "headings.risks"),
    ("the evidence label", _evidence_label, "words.evidence_none"),
    ("the emergency number", _emergency, "999"),
    ("the brand's name", _brand_name, "brand.default.name"),
    ("the logo", _logo, "brand.default.logo"),
    ("the sections a layout prints", _layout_sections, "layout.screen.sections"),
]


@pytest.mark.parametrize("what, change, named", CHANGES, ids=[c[0] for c in CHANGES])
def test_every_change_a_patient_reads_or_sees_makes_it_a_draft(project, what, change, named):
    cli = _approved(project)
    assert not _draft(_findings(cli))
    change(project)
    findings = _findings(cli)
    assert _draft(findings), what
    changed = [p["message"] for p in findings if p["code"] == "changed-since-approval"]
    assert any(named in message for message in changed), (what, changed)
    if not named.startswith("layout."):  # the screen layout changed: it has no press edition
        press = cli("build", "--press", "--layout", "sheet")
        assert press.exit_code == 1 and "draft-press" in press.all_output


def test_the_cover_pictures_words_are_approved_too(project):
    """The cover image's alt text (the schema's key is cover_image) is a unit."""
    _edit(project, EN, "intro: >-\n", "cover_image:\n  file: skin-layers.svg\n"
          "  alt: A drawing of the layers of the skin\nintro: >-\n")
    cli = _approved(project)
    assert not _draft(_findings(cli))
    _edit(project, EN, "alt: A drawing of the layers of the skin", "alt: A photo of a face")
    findings = _findings(cli)
    assert _draft(findings)
    assert any("cover_image.alt" in p["message"] and "photo" in p["message"]
               for p in findings if p["code"] == "changed-since-approval"), findings


def test_the_emergency_number_change_is_named_old_and_new(project):
    cli = _approved(project)
    _emergency(project)
    messages = [p["message"] for p in _findings(cli) if p["code"] == "changed-since-approval"]
    assert any("brand.default.emergency" in m and "999" in m and "998" in m
               for m in messages), messages


def test_a_change_of_colour_or_font_alone_keeps_the_approval(project):
    cli = _approved(project)
    brand = project / "styles/brands/default/brand.yaml"
    data = yaml.safe_load(brand.read_text("utf-8"))
    colour = next(iter(data["colors"].values()))
    _edit(project, "styles/brands/default/brand.yaml", colour, "#123456")
    (project / "styles/base.css").write_text(
        (project / "styles/base.css").read_text("utf-8") + "\nh2 { letter-spacing: .01em; }\n")
    assert not _draft(_findings(cli))
    assert cli("build", "--press", "--layout", "sheet").exit_code == 0


def test_an_approval_names_its_brands_and_another_brand_is_a_draft(project):
    (project / "brochures.yaml").write_text(SETTINGS.replace("[default]", "[default, clinic]"))
    cli = Run(project)
    assert cli("approve", "mesotherapy", "--lang", "en", *BY, "--brand", "default"
               ).exit_code == 0
    records = yaml.safe_load((project / "content/mesotherapy/records.yaml").read_text())
    assert records["approvals"]["en"][-1]["brands"] == ["default"]
    drafts = [p for p in _findings(cli) if p["code"] == "draft"]
    assert drafts and all("brand clinic" in p["message"] for p in drafts)
    assert any("--brand clinic" in p["message"] for p in drafts)


def test_a_layout_may_not_leave_out_a_required_section(project, cli):
    path = project / "templates/layouts/screen.yaml"
    text = path.read_text("utf-8")
    assert re.search(r"^\s*-\s*risks\s*$", text, re.M) or "risks" in text
    path.write_text(re.sub(r"^\s*-\s*risks\s*$\n", "", text, flags=re.M)
                    if re.search(r"^\s*-\s*risks\s*$", text, re.M)
                    else re.sub(r"\brisks,\s*", "", text, count=1), "utf-8")
    result = cli("check", "--no-fit", "--layout", "screen")
    assert result.exit_code == 1
    assert re.search(r"templates/layouts/screen\.yaml:\d+:\d+: error: missing-section: the layout "
                     r"leaves out the required section risks", result.all_output), \
        result.all_output


def test_revoking_leaves_no_approval_whoever_signed_before(project):
    cli = _approved(project)  # Dr A
    assert cli("approve", "mesotherapy", "--lang", "en", "--by", "Nurse B",
               "--role", "Nurse lead").exit_code == 0
    revoked = cli("approve", "mesotherapy", "--lang", "en", "--revoke")
    assert revoked.exit_code == 0 and "Nurse B" in revoked.output
    assert _draft(_findings(cli))
    history = cli("history", "mesotherapy", "--lang", "en").output
    assert "approved by Dr A, Medical director" in history and "(revoked on" in history
    assert "its latest approval was revoked" in history


@pytest.mark.parametrize("field, value, said", [
    ("date", "2999-01-01", "in the future"),
    ("by", "", "printable text"),
    ("role", "", "printable text"),
    ("version", -5, "positive whole number"),
    ("fingerprint", "0123456789abcdef", "fingerprint that is not its text's"),
])
def test_a_records_file_edited_by_hand_is_not_trusted(project, field, value, said):
    cli = _approved(project)
    path = project / "content/mesotherapy/records.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    approval = data["approvals"]["en"][-1]
    if field == "fingerprint":
        next(iter(approval["units"].values()))["fingerprint"] = value
    else:
        approval[field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    findings = _findings(cli)
    bad = [p for p in findings if p["code"] == "bad-records"]
    assert bad and said in bad[0]["message"] and bad[0]["path"].endswith("records.yaml")
    assert _draft(findings)
    assert "Approved by ," not in " ".join(p["message"] for p in findings)


def test_a_control_character_in_the_name_is_refused_before_anything_is_written(project):
    (project / "brochures.yaml").write_text(SETTINGS, "utf-8")
    result = Run(project)("approve", "mesotherapy", "--lang", "en", "--by", "Dr\x1bA",
                          "--role", "GP")
    assert result.exit_code == 1 and "cannot be printed" in result.all_output
    assert not (project / "content/mesotherapy/records.yaml").exists() or \
        "Dr\x1b" not in (project / "content/mesotherapy/records.yaml").read_text("utf-8")


def test_only_the_roles_the_project_lists_may_approve(project):
    (project / "brochures.yaml").write_text(SETTINGS + "approver_roles: [Medical director]\n")
    cli = Run(project)
    refused = cli("approve", "mesotherapy", "--lang", "en", "--by", "Sam", "--role", "Intern")
    assert refused.exit_code == 1 and "role-not-allowed" in refused.all_output
    assert cli("approve", "mesotherapy", "--lang", "en", *BY).exit_code == 0


def test_text_with_errors_is_approved_only_with_force_and_the_record_says_so(project):
    (project / "brochures.yaml").write_text(SETTINGS, "utf-8")
    _edit(project, EN, "intro: >-\n", "intro: >-\n  TODO: write the welcome.\n")
    cli = Run(project)
    refused = cli("approve", "mesotherapy", "--lang", "en", *BY)
    assert refused.exit_code == 1 and "not-approvable" in refused.all_output
    assert cli("approve", "mesotherapy", "--lang", "en", *BY, "--force").exit_code == 0
    records = yaml.safe_load((project / "content/mesotherapy/records.yaml").read_text())
    assert records["approvals"]["en"][-1]["forced"] is True


def test_a_mistyped_settings_key_is_an_error_with_a_suggestion(project, cli):
    (project / "brochures.yaml").write_text("require-approval: true\n", "utf-8")
    result = cli("build", "--press", "--layout", "sheet", "--lang", "en")
    assert result.exit_code == 1
    assert ("brochures.yaml:1:1: error: unknown-key: unknown key 'require-approval'; did you "
            "mean 'require_approval'?") in result.all_output
    assert not list(project.rglob("*.pdf"))
