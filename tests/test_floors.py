"""The package by stage: each folder a floor, lower floors never importing upper ones.

The import graph is read from the source (imports inside functions count: they run
too; those under ``if TYPE_CHECKING:`` do not). See CONTRIBUTING.md for what each
floor owns.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "brochures"

# The floors, bottom up. The top-level modules are the ground floor; packages on the
# same floor are neighbours that never import each other.
FLOORS = {
    "": 0,  # errors, model, i18n, write: plain data and problems
    "inputs": 1,
    "checks": 2,
    "leaflet": 3,
    "batch": 4,
    "preview": 5, "authoring": 5, "exchange": 5,
    "cli": 6,
}
ENTRY_POINTS = {"brochures.__main__": "cli"}  # `python -m brochures` is the command line
# A library imported inside a function is a start-up time saving (``brochures --help``
# must not load WeasyPrint); it says so in a comment naming it: ``# lazy: …``.
LAZY_MARK = "# lazy"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree: ast.AST, inside_function: bool = False):
    """(node, inside a function) for every import, skipping TYPE_CHECKING blocks."""
    for node in ast.iter_child_nodes(tree):
        if _type_checking(node):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, inside_function
        nested = inside_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        yield from _imports(node, nested)


def _targets(node: ast.Import | ast.ImportFrom, importer: str) -> set[str]:
    """The brochures modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = importer.split(".")
            if MODULES[importer].name != "__init__.py":
                package = package[:-1]
            base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
        # ``from package import module`` loads the module; ``from module import name``
        # the module.
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                 for alias in node.names]
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name.startswith("brochures"):
            found.add(name)
    return found - {importer}


def graph() -> dict[str, set[str]]:
    edges = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        edges[name] = set().union(*[_targets(node, name) for node, _ in _imports(tree)])
    return edges


def floor_of(module: str) -> str:
    if module in ENTRY_POINTS:
        return ENTRY_POINTS[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in FLOORS) else ""


def test_every_module_stands_on_a_floor():
    assert {floor_of(m) for m in MODULES} <= set(FLOORS)
    assert {"inputs", "checks", "leaflet", "batch", "preview", "authoring", "exchange",
            "cli"} <= {floor_of(m) for m in MODULES}


def test_no_import_runs_up_a_floor_or_across_to_a_neighbour():
    wrong = []
    for module, targets in graph().items():
        here = floor_of(module)
        for target in targets:
            there = floor_of(target)
            if there != here and FLOORS[there] >= FLOORS[here]:
                wrong.append(f"{module} ({here or 'ground'}) imports {target} "
                             f"({there or 'ground'})")
    assert not wrong, "\n".join(sorted(wrong))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_between_modules():
    assert _cycles(graph()) == []


def test_no_cycle_between_packages():
    packages: dict[str, set[str]] = {}
    for module, targets in graph().items():
        home = (module.rpartition(".")[0] if MODULES[module].name != "__init__.py" else module)
        home = "brochures.cli" if module in ENTRY_POINTS else home
        packages.setdefault(home, set()).update(
            t.rpartition(".")[0] if MODULES[t].name != "__init__.py" else t for t in targets)
    for home, targets in packages.items():
        targets.discard(home)
        # a package's own parent (its __init__'s re-exports) is not a cycle by itself
    assert _cycles(packages) == []


def test_an_import_inside_a_function_says_why():
    """Only where it buys start-up time (WeasyPrint, Playwright, …), with a comment."""
    silent = []
    for path in MODULES.values():
        lines = path.read_text("utf-8").splitlines()
        for node, inside in _imports(ast.parse("\n".join(lines))):
            if not inside:
                continue
            around = lines[node.lineno - 2:node.end_lineno]
            if not any(LAZY_MARK in line for line in around):
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert not silent, "imports inside functions without a '# lazy: why' comment:\n" + \
        "\n".join(silent)


def test_only_the_command_line_knows_click():
    knows = [m for m, path in MODULES.items() if floor_of(m) != "cli" and any(
        (isinstance(n, ast.Import) and any(a.name == "click" for a in n.names))
        or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "click")
        for n, _ in _imports(ast.parse(path.read_text("utf-8"))))]
    assert knows == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_says_what_it_owns_and_reads_in_one_sitting(module):
    path = MODULES[module]
    text = path.read_text("utf-8")
    tree = ast.parse(text)
    if module != "brochures.__main__":
        assert "Owns" in (ast.get_docstring(tree) or ""), f"{module} has no 'Owns:' docstring"
    assert len(text.splitlines()) <= 400
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > 60]
    assert long == [], f"{module}: functions over 60 lines: {long}"


def test_the_test_sees_an_upward_import(tmp_path):
    """The floor test itself: an import from the ground floor up to batch is caught."""
    tree = ast.parse("from brochures.batch.build import build\n")
    (node, _inside), = _imports(tree)
    assert _targets(node, "brochures.model") == {"brochures.batch.build"}
    assert FLOORS[floor_of("brochures.batch.build")] > FLOORS[floor_of("brochures.model")]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
