"""The mistakes people make most, each told in plain words at the line to fix.

Each case is a bad-input scenario (``tests/scenarios/bad-<case>/``, also run by
test_bad_input.py for its clean refusal); here ``check`` must print exactly
the expected line, word for word.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochures.cli import main

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
EN = "content/demo/en.yaml"
BRAND = "styles/brands/acme/brand.yaml"

EXPECTED = {
    "yaml-tab-indent":
        f"{EN}:15:1: error: yaml-syntax: this line is indented with a tab; "
        "indent with spaces, not tabs",
    "yaml-colon-in-text":
        f"{EN}:2:15: error: yaml-syntax: a colon followed by a space inside unquoted text "
        'starts a new key in YAML; put this text in quotes: subtitle: "Note: a short test '
        'leaflet"',
    "yaml-list-item-mapping":
        f"{EN}:10:9: error: wrong-type: a colon followed by a space turned this list item "
        'into a mapping; put this text in quotes: - "Note: it helps some people."',
    "yaml-curly-quotes":
        f"{EN}:2:11: error: yaml-syntax: this text is inside curly quotes (“…”); "
        'use straight quotes ("…") around text in YAML',
    "yaml-bad-indent":
        f"{EN}:8:4: error: yaml-syntax: wrong indentation: this line is indented by 3 spaces, "
        "which lines it up with nothing above it; indent it by 0, 2 or 4 spaces, like the "
        "lines it belongs with",
    # the quote closes at the next line's opening quote: the parser fails on line 2
    "yaml-unclosed-title":
        f'{EN}:1:8: error: yaml-syntax: the quote " that opens this text is never closed; '
        'add a closing " at the end of the text',
    "yaml-syntax":
        f'{EN}:2:11: error: yaml-syntax: the quote " that opens this text is never closed; '
        'add a closing " at the end of the text',
    "logo-jpg-broken":
        f"{BRAND}:2:7: error: bad-logo: the logo file is not a readable JPEG image (damaged or "
        "cut short); export it again",
    "yaml-color-comment":
        f"{BRAND}:5:10: error: wrong-type: 'colors.accent' must be text, not empty; '#' starts "
        'a comment in YAML, so this value is empty: put it in quotes, accent: "#2a9d8f"',
    "yaml-phone-number":
        f"{BRAND}:12:10: error: wrong-type: 'contact.phone' must be text, not a number; put it "
        'in quotes to keep it as written, phone: "0472123456"',
    "yaml-list-item-too-little":
        f"{EN}:11:5: error: yaml-syntax: this list item is indented by 4 spaces, less than the "
        "item above it (line 10, 6 spaces); indent every item of a list by the same spaces: 6",
    "section-misspelled":
        f"{EN}:4:3: error: unknown-section: unknown section 'what_is_it'; did you mean "
        "'what_it_is'? (known sections: what_it_is, history, benefits, stages, risks, "
        "not_shown, not_suitable_for, urgent, aftercare, evidence, alternatives, questions)",
    "brand-misspelled":
        "brochures.yaml:2:10: error: unknown-brand: no brand 'acme-clinic' in styles/brands/; "
        "did you mean 'acme-clinik'? (known: acme-clinik)",
    "logo-gif":
        f"{BRAND}:2:7: error: bad-logo: a logo must be SVG, PNG or JPEG, not 'logo.gif': "
        "export it from the design tool as .svg (best), .png or .jpg",
    "logo-jpeg-named-png":
        f"{BRAND}:2:7: error: bad-logo: the logo file is named .png but holds a JPEG image: "
        "rename it to end in .jpg",
    "cover-gif":
        f"{EN}:3:9: error: bad-image: 'cover_image.file' must name an .svg, .png or .jpg file "
        "in the topic's images/ folder, not 'cover.gif'",
    "topic-without-topic-file":
        "content/demo/topic.yaml: error: missing-topic-file: the topic folder content/demo/ "
        "has no topic.yaml; add one (its source language, review dates, owner and sources), "
        "as in every other topic folder",
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_mistake_is_one_plain_line_where_it_is(case: str):
    result = CliRunner().invoke(
        main, ["--project", str(SCENARIOS / f"bad-{case}"), "check", "--no-fit"])
    assert result.exit_code == 1, result.output
    assert EXPECTED[case] in result.output.splitlines(), result.output


def test_a_misspelled_section_is_one_line_not_also_a_missing_one(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(SCENARIOS / "bad-section-misspelled", root)
    english = root / EN
    text = english.read_text(encoding="utf-8")
    english.write_text(text + "  after_care:\n    body: Rest.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--no-fit"])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[1].split(":")[0] for line in errors] == [
        "unknown-section", "unknown-section"], result.output
    assert "did you mean 'what_it_is'?" in errors[0]
    assert "did you mean 'aftercare'?" in errors[1]
    assert "missing-section" not in result.output


def test_serve_on_a_port_in_use_suggests_port_0(tmp_path: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["--project", str(SCENARIOS / "check-clean"),
                                           "serve", "--port", str(port),
                                           "--out", str(tmp_path / "previews")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: port-in-use: cannot listen on 127.0.0.1:{port}: Address already in use; "
        "another program is using it: stop it, or run 'brochures serve --port 0' to pick a "
        "free port"]
