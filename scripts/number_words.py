"""Write rules/numbers/<lang>.yaml: the number words translation parity accepts.

Cardinals 0–100 come from num2words (pinned in pyproject.toml); the forms it
does not give (feminine and case forms, spelling variants, Arabic words with
a prefix) are completed by hand below. Run with the venv's Python after
editing this script:

    .venv/bin/python scripts/number_words.py
"""

from __future__ import annotations

import itertools
from pathlib import Path

from num2words import num2words

OUT = Path(__file__).resolve().parent.parent / "rules" / "numbers"
LANGUAGES = ("en", "fr", "es", "de", "ru", "ar")

# Words next to which a Roman numeral is a number (XIXe siècle, siglo XIX, XIX век).
CENTURY = {
    "en": ["century", "centuries"],
    "fr": ["siècle", "siècles"],
    "es": ["siglo", "siglos"],
    "de": ["jahrhundert", "jahrhunderts", "jahrhunderte"],
    "ru": ["век", "века", "веке", "веков", "столетие", "столетия"],
    "ar": ["القرن", "قرن"],
}
# Letters a word may carry in front in the language (Arabic و "and", ب "with", ل "for").
PREFIXES = {"ar": ["و", "ب", "ل", "ال"]}

# By hand: forms num2words does not give.
HAND = {
    "en": {1: ["a single", "once"], 2: ["twice", "both"], 12: ["a dozen"]},
    "fr": {1: ["une", "une seule", "un seul"], 21: ["vingt-et-un", "vingt et une"],
           31: ["trente-et-un"], 41: ["quarante-et-un"], 51: ["cinquante-et-un"],
           61: ["soixante-et-un"], 71: ["soixante-et-onze"], 80: ["quatre-vingt"],
           # "about ten, fifteen…": how French counts sessions and days in running text.
           10: ["une dizaine"], 12: ["une douzaine"], 15: ["une quinzaine"],
           20: ["une vingtaine"], 30: ["une trentaine"], 100: ["une centaine"]},
    "es": {1: ["un", "una"], 21: ["veintiún", "veintiuna"], 100: ["ciento"]},
    "de": {1: ["ein", "eine", "einen", "einem", "einer", "eines", "einmal"],
           2: ["zweimal", "beide", "beiden"], 100: ["hundert"]},
    "ru": {1: ["одна", "одну", "одной", "одного", "одному", "одним", "одном", "одно"],
           2: ["две", "двух", "двум", "двумя", "оба", "обе"],
           3: ["трёх", "трех", "трём", "трем", "тремя"],
           4: ["четырёх", "четырех", "четырём", "четырем", "четырьмя"],
           40: ["сорока"], 90: ["девяноста"], 100: ["ста"]},
    "ar": {1: ["واحدة", "أحد", "إحدى"], 2: ["اثنين", "اثنتان", "اثنتين", "مرتين"],
           11: ["إحدى عشرة"], 12: ["اثنتا عشرة", "اثني عشر"]},
}


def _russian_cases(word: str) -> list[str]:
    """Genitive/dative/instrumental of пять…двадцать, тридцать, пятьдесят…восемьдесят."""
    forms = []
    if word.endswith("ь") and word not in ("один",):
        stem = word[:-1]
        forms += [stem + "и", stem + "ью"]
    if word.endswith("десят") and word != "девяносто":  # пятьдесят → пятидесяти
        stem = word[: -len("десят")].rstrip("ь")
        forms += [stem + "идесяти", stem + "ьюдесятью"]
    return forms


def _arabic_forms(word: str) -> list[str]:
    """Feminine/masculine and case forms: ثلاثة/ثلاث, عشرون/عشرين."""
    forms = []
    if word.endswith("ة"):
        forms.append(word[:-1])
    if word.endswith("ون"):
        forms.append(word[:-2] + "ين")
    return forms


def words(language: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for n in range(101):
        base = num2words(n, lang=language).lower()
        forms = [base, base.replace("-", " "), base.replace(" ", "-")]
        if language == "ru":
            units = {num2words(u, lang="ru"): HAND["ru"].get(u, []) for u in range(1, 5)}
            parts = [[p, *_russian_cases(p), *units.get(p, [])] for p in base.split()]
            forms += [" ".join(c) for c in itertools.product(*parts)]
        if language == "ar":
            parts = [[p, *_arabic_forms(p)] for p in base.split()]
            forms += [" ".join(c) for c in itertools.product(*parts)]
            forms += [f.replace("و ", "و") for f in forms]  # واحد وعشرون: و written on
        if language == "es" and base.endswith("uno"):
            forms += [base[:-3] + "un", base[:-3] + "una"]
        if language == "fr" and base.endswith(("et un", "-un")):
            forms += [base[:-2] + "une", base.replace(" ", "-")[:-2] + "une"]
        forms += HAND.get(language, {}).get(n, [])
        found[n] = list(dict.fromkeys(f for f in forms if f.strip()))
    return found


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        lines = [f"# Number words of '{language}' for translation parity: written by "
                 "scripts/number_words.py",
                 "# (cardinals 0-100 from num2words, other forms by hand); a project may add",
                 "# its own rules/numbers/<lang>.yaml, whose words are added to these.",
                 f"century: [{', '.join(CENTURY[language])}]"]
        if language in PREFIXES:
            lines.append(f"prefixes: [{', '.join(PREFIXES[language])}]")
        lines.append("words:")
        for n, forms in words(language).items():
            quoted = ", ".join(f'"{f}"' for f in forms)
            lines.append(f"  {n}: [{quoted}]")
        (OUT / f"{language}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
