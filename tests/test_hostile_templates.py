"""Hostile templates and folders: a project's own templates run in Jinja's sandbox, and a
folder linked from outside the project is refused (helpers from tests/test_hostile.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.test_hostile import BRAND, EN, build, tiny_project

SANDBOX_ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ title.__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(title) }}",
    "{{ brand.path.read_text() }}",
    "{{ brand.logo.joinpath('/etc/passwd').read_text() }}",
    "{{ leaflet.path.parent.parent.parent }}",
    "{{ (brand|attr('logo')).open().read() }}",
    "{{ brand.colors.update({'primary': 'red'}) }}",
    "{{ sections.append(sections[0]) }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
]


@pytest.mark.parametrize("payload", SANDBOX_ESCAPES)
def test_project_templates_run_in_the_sandbox(tmp_path: Path, payload: str, secrets):
    root = tiny_project(tmp_path / "project")
    (root / "templates").mkdir()
    (root / "templates/sheet.html").write_text(
        '{% extends "base.html" %}\n{% block body %}\n<h1>{{ title }}</h1>\n'
        f"<p>{payload}</p>\n{{% endblock %}}\n", "utf-8")
    out = tmp_path / "out"
    result = build(root, out)
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert re.search(r"^templates/sheet\.html(:4)?: error: (template-error|missing-template): ",
                     result.stderr, re.M), result.stderr
    assert not out.exists() or not list(out.rglob("*.pdf"))
    for secret in secrets:
        assert secret.decode() not in result.output


@pytest.mark.parametrize("linked", ["content/demo", "styles/brands/acme", "templates"])
def test_a_folder_linked_from_outside_is_refused(tmp_path: Path, linked: str, secrets):
    """A topic, brand or templates folder that is a symlink to somewhere else on the disk."""
    outside = tiny_project(tmp_path / "elsewhere", brand=BRAND)
    (outside / "templates").mkdir()
    (outside / "templates/sheet.html").write_text(
        '{% extends "base.html" %}{% block body %}<p>CANARY-7f3a9-do-not-print</p>'
        "{% endblock %}", "utf-8")
    (outside / "content/demo/en.yaml").write_text(
        yaml.safe_dump({**EN, "title": "CANARY-7f3a9-do-not-print"}), "utf-8")
    root = tiny_project(tmp_path / "project", brand=BRAND)
    shutil.rmtree(root / linked, ignore_errors=True)
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    (root / linked).symlink_to(outside / linked, target_is_directory=True)
    out = tmp_path / "out"
    result = build(root, out, "--brand", "acme")
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert re.search(rf"^{re.escape(linked)}[/:].*: error: (unsafe-path|template-error): "
                     r".*outside the project", result.stderr, re.M), result.stderr
    assert not out.exists() or not list(out.rglob("*.pdf"))
