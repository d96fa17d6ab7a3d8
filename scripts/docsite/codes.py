"""The finding codes brochures can report, found in the code and rule files that raise them.

Owns: the list of every code a finding (``path:line: severity: code: message``) can carry,
read from brochures' own source (``brochures.__file__``'s package, whatever its sub-folders)
and its rule files (``claim-<id>`` from ``rules/claims/``, on
``brochures.inputs.project``'s built-in
root); and the docs page that explains each one, with the explanations written once in
``docs/finding-codes.yaml``.

A code is found where it is raised: the first argument of ``report.error`` / ``report.warning``;
the code of ``Problem(severity, code, …)``; the argument a function takes as a parameter
named ``code`` when the function reports it (``failed(job, out, "timeout", …)``), or a class
that carries a code with a message (``_Refused("too-complex", …)``, ``Lost(…)``); a string
assigned to a variable named ``code``; the first item of the tuples a function returns when
its caller unpacks ``code, message = …``; an f-string's name filled from the tuple literal a
loop takes it from. Any other code argument is listed in ``UNRESOLVED``, which a test keeps
empty.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import brochures
from brochures.inputs import project

CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
EXPLANATIONS = Path(__file__).resolve().parents[2] / "docs" / "finding-codes.yaml"
UNKNOWN = "?"  # a severity the code decides at run time (a draft's findings are warnings)
# Severity names as the code writes them (``ERROR``, ``"error"``).
_SEVERITIES = {"ERROR": "error", "WARNING": "warning", "error": "error", "warning": "warning"}


@dataclass
class Code:
    """One finding code: where brochures raises it, and with which severities."""

    code: str
    places: set[str] = field(default_factory=set)
    severities: set[str] = field(default_factory=set)
    rule: dict | None = None  # the claim rule it comes from, for claim-<id>


def package_root() -> Path:
    return Path(brochures.__file__).resolve().parent


def _strings(node: ast.AST | None) -> list[str]:
    """The code-shaped string literals ``node`` can evaluate to (a literal, or either branch)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _severity(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _SEVERITIES.get(node.value)
    if isinstance(node, ast.Name):
        return _SEVERITIES.get(node.id)
    return None


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _target(call: ast.Call) -> str | None:
    """How :func:`_code_params` names what ``call`` calls: ``.name`` for a method
    (``self._error(...)``), ``name`` for a function or class (``failed(...)``)."""
    func = call.func
    return f".{func.attr}" if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _defined(tree: ast.Module) -> dict[str, int | None]:
    """The functions and classes a module defines (at any depth): the index of their
    ``code`` parameter, or None when they have none."""
    return _code_params({"": tree}, every=True)


def _code_params(trees: dict[str, ast.Module], every: bool = False) -> dict[str, int | None]:
    """Functions, methods (``.name``) and classes of the package with a parameter named
    ``code``: its index among the call's positional arguments (``every``: the others too,
    with None)."""
    found: dict[str, int | None] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                method = bool(names) and names[0] in ("self", "cls")
                key = f".{node.name}" if method else node.name
                if "code" in names and node.name != "__init__":
                    found[key] = names.index("code") - method
                elif every:
                    found.setdefault(key, None)
            if isinstance(node, ast.ClassDef):
                # A finding's code travels with its message: Problem, Lost, _Refused (a class
                # with a code and no message, such as a language's, holds another kind of code).
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        names = [a.arg for a in item.args.args][1:]
                        if {"code", "message"} <= set(names):
                            found[node.name] = names.index("code")
                fields = [s.target.id for s in node.body
                          if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                if {"code", "message"} <= set(fields) and found.get(node.name) is None:
                    found[node.name] = fields.index("code")
                elif every:
                    found.setdefault(node.name, None)
    return found


def _reported_as(function: ast.AST, name: str | None = "code") -> set[str]:
    """The severities with which ``function`` reports a variable named ``code`` (``name``
    None: an attribute ``x.code``)."""

    def passes(node: ast.AST) -> bool:
        if name is None:
            return isinstance(node, ast.Attribute) and node.attr == "code"
        return isinstance(node, ast.Name) and node.id == name

    found = set()
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        callee = _callee(node)
        if callee in ("error", "warning") and isinstance(node.func, ast.Attribute):
            if node.args and passes(node.args[0]):
                found.add(callee)
        elif callee == "Problem" and len(node.args) > 1 and passes(node.args[1]):
            found.add(_severity(node.args[0]) or UNKNOWN)
    return found


def _loop_values(function: ast.AST, name: str) -> list[str]:
    """Literals a loop of ``function`` binds ``name`` to (``for a, name, b in ((…), …)``)."""
    values = []
    for node in ast.walk(function):
        if not isinstance(node, ast.For) or not isinstance(node.iter, ast.Tuple | ast.List):
            continue
        target = node.target
        if isinstance(target, ast.Name) and target.id == name:
            values += [s for elt in node.iter.elts for s in _strings(elt)]
        elif isinstance(target, ast.Tuple):
            index = next((i for i, t in enumerate(target.elts)
                          if isinstance(t, ast.Name) and t.id == name), None)
            if index is None:
                continue
            for elt in node.iter.elts:
                if isinstance(elt, ast.Tuple) and len(elt.elts) > index:
                    values += _strings(elt.elts[index])
    return values


# Reporting calls whose code the scan could not follow (set by :func:`raised`): a test keeps
# this empty, so a code raised in a new way cannot slip past the list unseen.
UNRESOLVED: list[str] = []


def raised() -> dict[str, Code]:
    """Every code brochures' source raises, with where (``module.py:line``) and how severe.

    A code passed on as a variable named ``code`` (or an ``x.code``) is found where it is
    first written; any other code argument the scan cannot read is put in ``UNRESOLVED``."""
    UNRESOLVED.clear()
    root = package_root()
    trees = {p.relative_to(root.parent).as_posix(): ast.parse(p.read_text("utf-8"))
             for p in sorted(root.rglob("*.py"))}
    params = {k: v for k, v in _code_params(trees).items() if v is not None}
    codes: dict[str, Code] = {}
    unpacked: set[str] = set()  # functions whose result is unpacked as ``code, … = f()``

    def add(code: str, where: str, severity: str | set[str] | None = None) -> None:
        entry = codes.setdefault(code, Code(code))
        entry.places.add(where)
        entry.severities |= ({severity} if isinstance(severity, str) else (severity or set())
                             ) - {UNKNOWN}

    # How each function reports the code it is given or computes (``failed``: as an error).
    reports: dict[str, set[str]] = defaultdict(set)
    for tree in trees.values():
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                reports[function.name] |= _reported_as(function)
    # A function's parameter named ``code`` is a finding's code only if the function reports
    # it (``failed``, ``_error``, parity's ``add``); elsewhere it is a language's code.
    classes = {c.name for tree in trees.values() for c in ast.walk(tree)
               if isinstance(c, ast.ClassDef)}
    params = {k: v for k, v in params.items()
              if k in classes or reports.get(k.lstrip("."))}
    # A class that carries a code (an exception, a lost job) is reported where its
    # ``.code`` is: with the severities of the calls that report an ``x.code``.
    carried = _reported_as(ast.Module(body=list(trees.values()), type_ignores=[]),
                           name=None)
    for tree in trees.values():
        for cls in ast.walk(tree):
            if isinstance(cls, ast.ClassDef) and cls.name in params:
                reports[cls.name] |= carried
    unpacked_in: dict[str, set[str]] = defaultdict(set)

    for name, tree in trees.items():
        constants = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name)}
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        # A name called in this module means what this module defines under it, if anything.
        local = {k: (v if k in params else None) for k, v in _defined(tree).items()
                 if not k.startswith(".")}

        def within(node: ast.AST, functions: list = functions) -> set[str]:
            """How the innermost function around ``node`` reports ``code``."""
            around = [f for f in functions
                      if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            return reports.get(around[-1].name, set()) if around else set()

        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Assign):
                targets = node.targets[0]
                if isinstance(targets, ast.Name) and targets.id.endswith("code"):
                    for code in _strings(node.value):
                        add(code, where, within(node))
                if (isinstance(targets, ast.Tuple) and targets.elts
                        and isinstance(targets.elts[0], ast.Name)
                        and targets.elts[0].id == "code" and isinstance(node.value, ast.Call)):
                    unpacked.add(_callee(node.value))
                    unpacked_in[_callee(node.value)] |= within(node)
            if not isinstance(node, ast.Call):
                continue
            callee = _callee(node)
            severity = None
            argument = None
            if callee in ("error", "warning") and isinstance(node.func, ast.Attribute):
                argument = node.args[0] if node.args else None
                severity = callee
            elif callee == "Problem":
                argument = node.args[1] if len(node.args) > 1 else None
                severity = _severity(node.args[0]) if node.args else None
            else:
                target = _target(node)
                index = local[target] if target in local else params.get(target)
                if index is not None and len(node.args) > index:
                    argument = node.args[index]
                    severity = reports.get(callee) or None
            for keyword in node.keywords:
                if keyword.arg == "code":
                    argument = keyword.value
                if keyword.arg == "severity":
                    severity = _severity(keyword.value)
            if argument is None:
                continue
            found = _strings(argument)
            prefix = ""
            if isinstance(argument, ast.Name) and argument.id in constants:
                found += _strings(constants[argument.id])
            if isinstance(argument, ast.JoinedStr):
                prefix = "".join(v.value for v in argument.values
                                 if isinstance(v, ast.Constant))
                holes = [v.value for v in argument.values if isinstance(v, ast.FormattedValue)]
                if len(holes) == 1 and isinstance(holes[0], ast.Name):
                    enclosing = [f for f in functions
                                 if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
                    for function in enclosing[-1:]:
                        found += [prefix + v for v in _loop_values(function, holes[0].id)]
            for code in found:
                add(code, where, severity)
            passed_on = (isinstance(argument, ast.Name) and argument.id == "code") or (
                isinstance(argument, ast.Attribute) and argument.attr == "code")
            claim = isinstance(argument, ast.JoinedStr) and prefix == "claim-"
            if not (found or passed_on or claim):
                UNRESOLVED.append(f"{where}: {ast.unparse(argument)}")
    # A function whose result is unpacked may return another's (``return _pattern(…)``).
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and node.name in unpacked:
                    for ret in ast.walk(node):
                        if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Call):
                            callee = _callee(ret.value)
                            if callee and callee not in unpacked:
                                unpacked.add(callee)
                                unpacked_in[callee] |= unpacked_in[node.name]
                                grew = True
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in unpacked:
                for ret in ast.walk(node):
                    if (isinstance(ret, ast.Return) and isinstance(ret.value, ast.Tuple)
                            and ret.value.elts):
                        for code in _strings(ret.value.elts[0]):
                            add(code, f"{name_of(trees, tree)}:{ret.lineno}",
                                unpacked_in[node.name])
    for code, rule in claim_rules().items():
        entry = codes.setdefault(code, Code(code))
        entry.rule = rule
        entry.severities.add(rule.get("severity", "error"))
        entry.places.add(rule["file"])
    return codes


def name_of(trees: dict[str, ast.Module], tree: ast.Module) -> str:
    return next(name for name, t in trees.items() if t is tree)


def claim_rules() -> dict[str, dict]:
    """``claim-<id>`` → the built-in rule (the English one where several languages have it),
    from ``rules/claims/*.yaml`` on brochures' built-in root."""
    root = project.builtin_root()
    rules: dict[str, dict] = {}
    if root is None:
        return rules
    files = sorted((root / "rules" / "claims").glob("*.yaml"),
                   key=lambda p: (p.stem not in ("en", "all"), p.stem))
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for rule in data.get("rules") or []:
            code = f"claim-{rule['id']}"
            entry = rules.setdefault(code, {**rule, "file": f"rules/claims/{path.stem}.yaml",
                                            "languages": []})
            entry["languages"].append(path.stem)
    return rules


def explanations() -> dict[str, str]:
    """The explanation of each code, as written in ``docs/finding-codes.yaml``."""
    data = yaml.safe_load(EXPLANATIONS.read_text("utf-8")) or {}
    return {str(k): str(v).strip() for k, v in data.items() if v}


def explained(entry: Code, written: dict[str, str]) -> str:
    """What a code means: written in finding-codes.yaml, or a claim rule's why and suggest."""
    if entry.code in written:
        return written[entry.code]
    if entry.rule:
        return (f"{entry.rule.get('why', '').strip()}; instead: "
                f"{entry.rule.get('suggest', '').strip()}").strip("; ")
    return ""


def prose(text: str) -> str:
    """``text`` for a Markdown table cell: one line, ``|`` escaped, and ``<`` escaped outside
    code spans (``content/<topic>/`` is not an HTML tag)."""
    parts = text.replace("\n", " ").replace("|", "\\|").split("`")
    return "`".join(p.replace("<", "&lt;") if i % 2 == 0 else p for i, p in enumerate(parts))


def _blocks(severities: set[str]) -> str:
    if severities == {"error"}:
        return "yes"
    if severities == {"warning"}:
        return "with `--strict`"
    if severities == {"error", "warning"}:
        return "as an error; with `--strict` as a warning"
    return "as its severity says"


def page() -> str:
    """The Markdown page that lists every code."""
    codes = raised()
    written = explanations()
    lines = [
        "# Finding codes", "",
        "Every problem brochures reports is one line, "
        "`path:line[:column]: severity: code: message`. This page lists every code the "
        "program and its rule files can raise, what it means, and whether it blocks printing "
        "(errors do; warnings do under `--strict`). See [what blocks printing](../checks.md).",
        "",
        "<!-- Generated by scripts/docsite/codes.py from brochures' source and rules/claims/: "
        "explain a new code in docs/finding-codes.yaml, not here. -->", "",
        "| code | severity | blocks printing | what it means | raised in |",
        "|---|---|---|---|---|",
    ]
    plain = sorted(c for c in codes if not codes[c].rule)
    claims = sorted(c for c in codes if codes[c].rule)
    for name in plain + claims:
        entry = codes[name]
        severity = " or ".join(sorted(entry.severities)) or "varies"
        places = sorted(entry.places)
        shown = ", ".join(f"`{p}`" for p in places[:3]) + (
            f" and {len(places) - 3} more" if len(places) > 3 else "")
        if entry.rule:
            shown = f"`{entry.rule['file']}` ({', '.join(entry.rule['languages'])})"
        meaning = prose(explained(entry, written))
        lines.append(f"| `{name}` | {severity} | {_blocks(entry.severities)} | {meaning} | "
                     f"{shown} |")
    lines += ["", "A project's own claim rules (`rules/claims/<lang>.yaml`) add codes "
              "`claim-<id>` of their own, explained by their `why` and `suggest`.", ""]
    return "\n".join(lines)
