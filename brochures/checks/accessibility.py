"""Accessibility floors: colour contrast of brands, text sizes of layouts.

Owns: the WCAG 2.1 contrast ratio of a brand's colour pairs (which pairs, and
the minimum for each, live in ``rules/accessibility.yaml``) and the floor
for a layout's body text size.
"""

from __future__ import annotations

import colorsys

from tinycss2.color4 import parse_color

from brochures.checks.rules import merged
from brochures.errors import Location, Report
from brochures.inputs.project import Project
from brochures.model import Brand, Layout

RULES = "rules/accessibility.yaml"


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float | None:
    """The relative luminance of a CSS colour (WCAG 2.1), ``None`` if it cannot be parsed."""
    parsed = parse_color(color)
    if parsed is None or not hasattr(parsed, "to"):
        return None
    r, g, b = (min(max(c, 0.0), 1.0) for c in parsed.to("srgb").coordinates)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float | None:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    a, b = luminance(first), luminance(second)
    if a is None or b is None:
        return None
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def nearest_passing(color: str, background: str, minimum: float) -> str | None:
    """The colour of ``color``'s hue and saturation, with the least change of lightness,
    that reaches ``minimum`` contrast on ``background`` (None: no such colour)."""
    parsed = parse_color(color)
    if parsed is None or not hasattr(parsed, "to"):
        return None
    rgb = [min(max(c, 0.0), 1.0) for c in parsed.to("srgb").coordinates]
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    for step in range(1, 101):
        for candidate in (lightness - step / 100, lightness + step / 100):
            if 0.0 <= candidate <= 1.0:
                channels = colorsys.hls_to_rgb(hue, candidate, saturation)
                text = "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in channels))
                if (contrast(text, background) or 0) >= minimum:
                    return text
    return None


def read_rules(project: Project, report: Report) -> dict:
    """``rules/accessibility.yaml``, the project's laid over the built-in one."""
    return merged(project, RULES, report)


def check_brand(project: Project, brand: Brand, report: Report, rules: dict | None = None) -> None:
    """Every colour pair of the rules reaches its WCAG minimum in ``brand``."""
    rules = rules if rules is not None else read_rules(project, report)
    path = brand.path / "brand.yaml"
    doc = brand.document
    for pair_id, pair in (rules.get("contrast") or {}).items():
        fg, bg = pair.get("foreground"), pair.get("background")
        if fg not in brand.colors or bg not in brand.colors:
            continue
        ratio = contrast(brand.colors[fg], brand.colors[bg])
        minimum = float(pair.get("minimum", 4.5))
        if ratio is None or ratio + 1e-9 >= minimum:
            continue
        where = doc.at("colors", fg) if doc else Location(project.show(path))
        nearest = nearest_passing(brand.colors[fg], brand.colors[bg], minimum)
        report.error(
            "low-contrast",
            f"brand '{brand.id}': {fg} {brand.colors[fg]} on {bg} {brand.colors[bg]} "
            f"has a contrast of {ratio:.2f}:1, below the WCAG AA minimum of {minimum:g}:1 "
            f"for {pair.get('used_for', pair_id)}"
            + (f"; the nearest colour that passes is \"{nearest}\"" if nearest else ""),
            where,
        )


def check_layout(project: Project, layout: Layout, report: Report,
                 rules: dict | None = None) -> None:
    """A layout's body text is no smaller than the project's floor, nor its own minimum."""
    rules = rules if rules is not None else read_rules(project, report)
    floor = float(rules.get("body_pt_floor", 10))
    doc = layout.document
    for key, size in (("body_pt", layout.body_pt), ("min_body_pt", layout.min_body_pt)):
        if size is not None and size < floor:
            where = doc.at(key) if doc else Location(project.show(layout.path))
            report.error(
                "small-text",
                f"layout '{layout.id}': {key} {size:g} pt is below the floor of {floor:g} pt "
                f"for body text (set in {RULES})",
                where,
            )
