"""Whether one translated unit may be printed: what a translator's text must keep.

Owns: the checks of one translation against its source, each giving the reason it is
refused — control characters (NUL, escapes) and bidirectional controls (the "Trojan
Source" class, CVE-2021-42574) that would change what is printed; markup compared as
the renderer parses it (link targets and code identical, as many links, code, bold
and italic spans: where emphasis falls is the translator's call); the ``{placeholders}``
the templates fill in.
"""

from __future__ import annotations

import re
from collections import Counter

from brochures.inputs.markup import parsed_markup
from brochures.inputs.units import fingerprint

# Bidi embeddings, overrides (U+202A–202E) and isolates (U+2066–2069). The marks
# U+200E and U+200F stay allowed: they change no order, they only settle a direction.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls other than tab and line breaks, and lone surrogates; the line and
# paragraph separators (they break a line no one sees in the file).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}")  # filled in by the templates (words files)


def characters(text: str) -> str | None:
    """Why ``text`` cannot be printed as it is, or ``None``."""
    bad = BIDI.search(text)
    if bad:
        return (f"it holds U+{ord(bad.group()):04X}, a bidirectional control that can "
                "change the order of what is printed; remove it (U+200E and U+200F "
                "marks are allowed)")
    bad = CONTROL.search(text)
    if bad:
        return (f"it holds U+{ord(bad.group()):04X}, a control character that cannot be "
                "printed; remove it")
    return None


def _differences(kind: str, source: list[str], target: list[str]) -> list[str]:
    if kind in ("bold", "italic"):
        if len(source) == len(target):
            return []
        return [f"{len(target)} {kind} span{'s' if len(target) != 1 else ''} where the "
                f"source has {len(source)}"]
    added = list((Counter(target) - Counter(source)).elements())
    dropped = list((Counter(source) - Counter(target)).elements())
    label = {"links": "link to", "code": "code", "placeholders": "placeholder"}[kind]
    return [*(f"adds the {label} {value}" for value in added),
            *(f"drops the {label} {value}" for value in dropped)]


def markup(source: str, target: str) -> str | None:
    """Why ``target`` does not keep ``source``'s markup, or ``None``."""
    was, now = parsed_markup(source), parsed_markup(target)
    was["placeholders"] = sorted(PLACEHOLDER.findall(source))
    now["placeholders"] = sorted(PLACEHOLDER.findall(target))
    problems = [problem for kind in ("links", "code", "placeholders", "bold", "italic")
                for problem in _differences(kind, was[kind], now[kind])]
    if not problems:
        return None
    return ("the translation must keep the source's links, code and {placeholders}, and as "
            "much bold and italic (moved is fine, changed or dropped is not): it "
            + "; ".join(problems))


def lost_update(base: str | None, target: str, have: str | None) -> str | None:
    """Whether writing ``target`` would undo an edit made in the project since export:
    ``"kept"`` when the translator left the unit as exported (the project's newer text
    stays), ``"conflict"`` when both changed it, ``None`` when the project's text is what
    was exported (or the file does not say what that was)."""
    if base is None or fingerprint(have or "") == base:
        return None
    return "kept" if fingerprint(target) == base else "conflict"
