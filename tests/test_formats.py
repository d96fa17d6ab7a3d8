"""Each file format is described once: in its JSON schema, which the docs follow (the annotated
examples of docs/project.md; the file-format pages are generated from the schemas)."""

from __future__ import annotations

import re

import pytest

from brochures.inputs import validate
from tests.conftest import REPO

SCHEMAS = validate.schema_kinds()
PROJECT_PAGE = REPO / "docs" / "project.md"
# docs/project.md section heading → the schema of that file.
SECTIONS = {
    "## `brochures.yaml`": "settings",
    "## `content/<topic>/topic.yaml`": "topic",
    "## `content/<topic>/<lang>.yaml`": "language",
    "## `styles/brands/<brand>/brand.yaml`": "brand",
}


def _properties(node: dict, path: str = ""):
    for key, spec in node.get("properties", {}).items():
        yield f"{path}{key}", key in node.get("required", []), spec, not path
        yield from _properties(spec, f"{path}{key}.")
    for name, spec in node.get("$defs", {}).items():
        yield from _properties(spec, f"$defs.{name}.")


@pytest.mark.parametrize("kind", SCHEMAS)
def test_every_field_is_described_and_optional_ones_defaulted(kind):
    schema = validate.schema(kind)
    for name, required, spec, top in _properties(schema):
        assert spec.get("description"), f"{kind}.json: {name} has no description"
        if top and not required:
            assert "default" in spec, f"{kind}.json: optional {name} has no default"


def _page_section(heading: str) -> str:
    text = PROJECT_PAGE.read_text("utf-8")
    start = next(m.start() for m in re.finditer(re.escape(heading), text))
    end = text.find("\n#", start + len(heading))
    return text[start:end]


@pytest.mark.parametrize("heading", sorted(SECTIONS))
def test_the_docs_example_names_exactly_the_schema_keys(heading):
    schema = validate.schema(SECTIONS[heading])
    section = _page_section(heading)
    example = section.split("```yaml", 1)[1].split("```", 1)[0]
    written = set(re.findall(r"(?m)^([a-z_]+):", example))
    assert written == set(schema["properties"]), (heading, written ^ set(schema["properties"]))
