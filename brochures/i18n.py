"""Languages: codes, direction, dates, and the words templates print.

Owns: deciding whether a language code is real (Babel's locale data), reading
a language tag as people type it (``EN``, ``it_IT``, ``fra``) as the project's
language code (:func:`project_language`, one rule for every command), which
way it is written, how its dates look, and which template words it has —
falling back to the topic's source language, with a warning that names the
words file, when a translation lacks one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from brochures.errors import Location, Report
from brochures.model import Words

# A language code as a project names its files (``fr``, ``pt-BR``).
LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


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


def _suggestion(code: str, known: Iterable[str]) -> str:
    """ " (did you mean fr?)" for a language's English name or a near miss, else ""."""
    names = {name.lower(): tag for tag, name in Locale("en").languages.items()
             if "_" not in tag}
    guess = names.get(code.strip().lower())
    if guess is None:
        close = difflib.get_close_matches(code.lower(), list(known), n=1)
        guess = close[0] if close else None
    return f"; did you mean {guess}?" if guess else ""


def project_language(code: str, known: Iterable[str], report: Report,
                     where: Location | None = None, new: bool = True) -> str | None:
    """The project's code for the language tag ``code`` (``None`` and an error if none).

    Case, ``_`` for ``-`` and three-letter codes are read as BCP 47 (``EN`` → ``en``,
    ``it_IT`` → ``it-IT``, ``fra`` → ``fr``); a tag whose language the project has only
    without the region (``it-IT`` when there is ``it``) is that language, with a warning.
    A language the project does not have yet is accepted when ``new`` and real.
    """
    known = list(known)
    if code in known:
        return code  # the project's own code, as it writes it: nothing to read
    # lazy: start-up time: langcodes compiles its tag grammar (0.1 s) on first use
    import langcodes

    try:
        tag = langcodes.standardize_tag(code.strip().replace("_", "-"))
        valid = langcodes.Language.get(tag).is_valid()
    except (langcodes.tag_parser.LanguageTagError, ValueError):
        tag, valid = "", False
    if tag in known:
        chosen = tag
    elif valid and (base := langcodes.Language.get(tag).language) in known:
        chosen = base
    elif valid and new and check_language(tag, where or Location(""), Report()):
        chosen = tag
    else:
        what = "not a language this project has" if valid and not new else \
            "not a known language code (use ISO 639 codes like en, fr, ar)"
        report.error("unknown-language", f"'{code}' is {what}"
                     f"{_suggestion(code, known)}", where)
        return None
    if chosen != code:
        report.warning("language-tag", f"'{code}' is read as '{chosen}'", where)
    return chosen


def direction(language: str) -> str:
    """``rtl`` for right-to-left scripts, else ``ltr``."""
    return "rtl" if locale(language).character_order == "right-to-left" else "ltr"


def long_date(value: date, language: str, date_locale: str | None = None) -> str:
    """A date as that language writes it in running text: "22 novembre 2026"."""
    return format_date(value, format="long", locale=date_locale or language.replace("-", "_"))


# Messages with placeholders the templates fill in: each must keep them.
PLACEHOLDERS = {"page_of": ("{page}", "{pages}")}
DEFAULT_PAGE_OF = "{page} / {pages}"


def _missing_from(files: list[Words | None], base: Words, report: Report, whose: str) -> None:
    """A warning for each word of ``base`` that none of ``files`` (a language's words file,
    then the files it already falls back to) has: ``whose`` word is used instead."""
    shown = f"templates/words/{files[0].language}.yaml"
    for group in ("headings", "words"):
        for key, value in getattr(base, group).items():
            if not any(key in getattr(f, group) for f in files if f is not None):
                report.warning("missing-word", f"'{group}.{key}' is missing; using {whose} "
                               f"{base.language} word {value!r}", Location(shown, 1))


def _page_of(template_words: dict[str, str]) -> None:
    """The folio message of a words file from before it was one message: its two words."""
    if "page_of" not in template_words:
        template_words["page_of"] = (
            f"{template_words['page']} {{page}} {template_words['of']} {{pages}}"
            if "page" in template_words and "of" in template_words else DEFAULT_PAGE_OF)


def merged_words(
    words: Words | None, fallback: Words | None, language: str, report: Report,
    builtin: Words | None = None,
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Headings, template words and extra fonts of ``language``, gaps filled from ``fallback``
    (the source language's), then from ``builtin`` (brochures' own words of the language).

    Each missing word is a warning naming the language's words file.
    """
    headings: dict[str, str] = {}
    template_words: dict[str, str] = {}
    fonts: list[str] = []
    if builtin is not None:
        if words is not None:
            # an older words file, from before a template used the word
            _missing_from([words, fallback], builtin, report, "brochures' built-in")
        headings.update(builtin.headings)
        template_words.update(builtin.words)
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
        _page_of(template_words)
        return headings, template_words, fonts
    fonts = list(words.fonts)
    if fallback is not None and fallback is not words:
        _missing_from([words], fallback, report, "the")
    headings.update(words.headings)
    template_words.update(words.words)
    _page_of(template_words)
    for key, wanted in PLACEHOLDERS.items():
        message = words.words.get(key)
        if message is not None and not all(p in message for p in wanted):
            report.warning(
                "bad-word",
                f"'words.{key}' must hold {' and '.join(wanted)} where the numbers go, not "
                f"{message!r}; using the {fallback.language if fallback else 'built-in'} "
                "message",
                Location(f"templates/words/{language}.yaml", 1),
            )
            template_words[key] = (fallback.words.get(key) if fallback else None) or DEFAULT_PAGE_OF
    return headings, template_words, fonts


def check_hyphenation(language: str, words: Words | None, report: Report) -> None:
    """Warn when a language that hyphenates has no hyphenation dictionary."""
    # lazy: start-up time: pyphen loads only when this runs
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
