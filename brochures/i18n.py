"""Languages: codes, direction, dates, and the words templates print.

Owns: deciding whether a language code is real (Babel's locale data), which
way it is written, how its dates look, and which template words it has —
falling back to the topic's source language, with a warning that names the
words file, when a translation lacks one.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from brochures.errors import Location, Report
from brochures.model import Words
from brochures.project import LANG_RE


def locale(language: str) -> Locale:
    """The Babel locale of a language code (``en`` → ``en_GB``'s date style is in words)."""
    return Locale.parse(language.replace("-", "_"))


def check_language(code: str, where: Location, report: Report, in_file_name: bool = False) -> bool:
    """Whether ``code`` names a language Babel knows; reports it when not."""
    if isinstance(code, str) and LANG_RE.match(code):
        try:
            locale(code)
            return True
        except (UnknownLocaleError, ValueError):
            pass
    what = " (the file name)" if in_file_name else ""
    report.error(
        "unknown-language",
        f"'{code}'{what} is not a known language code (use ISO 639 codes like en, fr, ar)",
        where,
    )
    return False


def direction(language: str) -> str:
    """``rtl`` for right-to-left scripts, else ``ltr``."""
    return "rtl" if locale(language).character_order == "right-to-left" else "ltr"


def long_date(value: date, language: str, date_locale: str | None = None) -> str:
    """A date as that language writes it in running text: "22 novembre 2026"."""
    return format_date(value, format="long", locale=date_locale or language.replace("-", "_"))


def merged_words(
    words: Words | None, fallback: Words | None, language: str, report: Report
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Headings, template words and extra fonts of ``language``, gaps filled from ``fallback``.

    Each missing word is a warning naming the language's words file.
    """
    headings: dict[str, str] = {}
    template_words: dict[str, str] = {}
    fonts: list[str] = []
    if fallback is not None:
        headings.update(fallback.headings)
        template_words.update(fallback.words)
    if words is None:
        if fallback is None or fallback.language != language:
            report.warning(
                "missing-words",
                f"no templates/words/{language}.yaml: template words fall back to "
                f"{fallback.language if fallback else 'nothing'}",
                Location(f"templates/words/{language}.yaml"),
            )
        return headings, template_words, fonts
    fonts = list(words.fonts)
    if fallback is not None and fallback is not words:
        shown = f"templates/words/{language}.yaml"
        for group, own, base in (
            ("headings", words.headings, fallback.headings),
            ("words", words.words, fallback.words),
        ):
            for key in base:
                if key not in own:
                    report.warning(
                        "missing-word",
                        f"'{group}.{key}' is missing; using the {fallback.language} word "
                        f"{base[key]!r}",
                        Location(shown, 1),
                    )
    headings.update(words.headings)
    template_words.update(words.words)
    return headings, template_words, fonts


def check_hyphenation(language: str, words: Words | None, report: Report) -> None:
    """Warn when a language that hyphenates has no hyphenation dictionary."""
    import pyphen

    if words is not None and not words.hyphenate:
        return
    if pyphen.language_fallback(language.replace("-", "_")) is None:
        report.warning(
            "no-hyphenation",
            f"no hyphenation dictionary for '{language}': its words will not be hyphenated "
            "(set 'hyphenate: false' in the words file if the script is not hyphenated)",
            Location(f"templates/words/{language}.yaml", 1),
        )


def text_direction(text: str) -> str | None:
    """``ltr`` or ``rtl`` from the first strongly directional character, ``None`` if none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def digits(text: str, style: str) -> str:
    """``text`` with its digits in ``style`` ("latin" or "arabic-indic")."""
    return text.translate(_ARABIC_INDIC) if style == "arabic-indic" else text
