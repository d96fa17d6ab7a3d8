"""brochures.yaml: the project's settings, their schema and the defaults the commands take."""

from __future__ import annotations

import json
from pathlib import Path

from brochures.errors import Report
from brochures.inputs.settings import FILE, defaults, load_settings
from tests.conftest import REPO


def test_every_key_is_described_and_defaulted_in_the_schema():
    spec = json.loads((REPO / "brochures" / "inputs" / "schemas" / "settings.json").read_text())
    for key, field in spec["properties"].items():
        assert field.get("description"), key
        assert "default" in field, key
    assert {"brands", "languages", "layouts", "paper", "builtin_brands", "out"} <= set(defaults())


def test_no_file_means_the_schema_defaults(tmp_path: Path):
    report = Report()
    settings = load_settings(tmp_path, report)
    assert not report.problems
    assert settings.brands is None and settings.paper == "a4" and settings.out == "dist"
    assert settings.document is None


def test_this_repository_has_a_valid_settings_file():
    report = Report()
    settings = load_settings(REPO, report)
    assert not report.problems, [str(p) for p in report.problems]
    assert settings.document is not None


def test_bad_settings_are_one_line_each_with_file_and_line(run_in, project: Path):
    (project / FILE).write_text("brands: [default]\npaper: a3\nout: 5\nfonts: x\n")
    result = run_in(project)("list")
    assert result.exit_code == 1
    lines = result.all_output.strip().splitlines()
    assert any(line.startswith(f"{FILE}:2:") and "bad-value" in line and "a4, letter" in line
               for line in lines), lines
    assert any(line.startswith(f"{FILE}:3:") and "wrong-type" in line for line in lines), lines
    assert any(line.startswith(f"{FILE}:4:") and "unknown-key" in line for line in lines), lines
    assert "Traceback" not in result.all_output


def test_build_takes_its_defaults_from_the_settings_and_options_win(run_in, project: Path):
    (project / FILE).write_text("brands: [clinic]\nlanguages: [fr]\nlayouts: [screen]\n"
                                "out: printed\n")
    run = run_in(project)
    result = run("build", "--quiet")
    assert result.exit_code == 0, result.all_output
    assert sorted(p.name for p in (project / "printed").rglob("*.pdf")) == [
        "mesotherapy-fr-screen.pdf"]
    assert (project / "printed" / "clinic").is_dir()
    out = project.parent / "elsewhere"
    result = run("build", "--quiet", "--lang", "de", "--brand", "default", "--out", str(out))
    assert result.exit_code == 0, result.all_output
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.pdf")] == [
        "default/mesotherapy/mesotherapy-de-screen.pdf"]


def test_builtin_brands_are_not_offered_beside_a_projects_own(tmp_path: Path, run_in):
    root = tmp_path / "site"
    brand = root / "styles" / "brands" / "ours"
    brand.mkdir(parents=True)
    (brand / "brand.yaml").write_text("name: Ours\n")
    (root / "content").mkdir()
    run = run_in(root)
    listed = run("list").output
    assert "  ours" in listed and "  clinic" not in listed
    (root / FILE).write_text("builtin_brands: true\n")
    listed = run("list").output
    assert "  ours" in listed and "  clinic" in listed
