"""The project: search path, overrides, and the command line around the build (issue 3)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from brochures import __version__
from brochures.cli import main
from tests import pdfs
from tests.conftest import REPO


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "brochures", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"brochures, version {__version__}"


def test_every_command_has_help_with_examples(run_in, tmp_path):
    for command in main.commands:
        result = run_in(tmp_path)(command, "--help")
        assert result.exit_code == 0, command
        assert "Examples:" in result.output, command
        assert f"brochures {command}" in result.output or "brochures --project" in result.output


def test_a_project_with_only_content_uses_the_builtin_templates(run_in, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    result = run_in(root)("build", "--lang", "en", "--layout", "sheet", "--out", str(root / "out"))
    assert result.exit_code == 0, result.all_output
    assert pdfs.page_sizes_mm(root / "out/default/mesotherapy/mesotherapy-en-sheet.pdf") == [
        (210.0, 297.0)] * 4


def test_a_project_overrides_one_template_without_copying_the_rest(run_in, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    partial = root / "templates" / "partials" / "masthead.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<h1>{{ title }} (our own masthead)</h1>\n")
    result = run_in(root)("build", "--lang", "en", "--layout", "sheet", "--out", str(root / "out"))
    assert result.exit_code == 0, result.all_output
    text = pdfs.text(root / "out/default/mesotherapy/mesotherapy-en-sheet.pdf")
    assert "Mesotherapy (our own masthead)" in text
    assert "Contact us" in text  # the rest still comes from the built-in templates


def test_undefined_name_in_a_template_is_a_clean_error(run_in, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    partial = root / "templates" / "partials" / "masthead.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<h1>{{ titel }}</h1>\n")
    result = run_in(root)("build", "--lang", "en", "--layout", "sheet", "--out", str(root / "out"))
    assert result.exit_code == 1
    assert "error: template-error: 'titel' is undefined" in result.all_output
    assert "Traceback" not in result.all_output
    assert not (root / "out/default/mesotherapy/mesotherapy-en-sheet.pdf").exists()


def test_list_shows_topics_brands_and_layouts(cli):
    output = cli("list").output
    assert "mesotherapy (source language: en)" in output
    assert "  clinic\n" in output and "  default\n" in output
    assert "  sheet\n" in output


def test_build_uses_the_project_in_the_current_folder(project, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--lang", "fr", "--layout", "sheet"])
    assert result.exit_code == 0, result.output
    assert Path(project / "dist/default/mesotherapy/mesotherapy-fr-sheet.pdf").is_file()
