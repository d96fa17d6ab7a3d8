"""Six languages, right-to-left included (issue 4)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests import pdfs

LANGUAGES = ["en", "fr", "es", "de", "ru", "ar"]
SCRIPT = {
    "en": re.compile(r"^[\x00-\x7f\u00a0-\u024f\u2000-\u206f]+$"),
    "fr": re.compile(r"[éèàçù]"),
    "es": re.compile(r"[ñáéíóú¿]"),
    "de": re.compile(r"[äöüß]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
}
DATES = {
    "en": "7 December 2026",
    "fr": "7 décembre 2026",
    "es": "7 de diciembre de 2026",
    "de": "7. Dezember 2026",
    "ru": "7 декабря 2026 г.",
    "ar": "7 ديسمبر 2026",
}


@pytest.fixture
def built(sample_build) -> Path:
    """The sheets of every language, from the run's one default build (read-only)."""
    return sample_build.root / "dist" / "default" / "mesotherapy"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_metadata_and_script(built, lang):
    path = built / f"mesotherapy-{lang}-sheet.pdf"
    assert pdfs.metadata(path)["Lang"] == lang
    text = pdfs.text(path)
    assert SCRIPT[lang].search(text), f"{lang}: expected script not found"
    if lang in ("ru", "ar"):
        letters = [c for c in text if c.isalpha()]
        native = [c for c in letters if SCRIPT[lang].match(c)]
        assert len(native) > 0.7 * len(letters)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_follow_the_locale(built, lang):
    text = pdfs.page_texts(built / f"mesotherapy-{lang}-sheet.pdf")[-1]  # the back page
    assert DATES[lang] in " ".join(text.split())


def test_arabic_reads_right_to_left(built):
    path = built / "mesotherapy-ar-sheet.pdf"
    width = pdfs.page_sizes_mm(path)[0][0] * pdfs.MM
    title = pdfs.find_text(path, "الميزوثيرابي")[0]
    heading = pdfs.find_text(path, "ما هو؟")[0]
    assert title.page == 0 and title.left > width / 2, "title must sit on the right"
    assert heading.left > width / 2, "first section must start in the right-hand column"
    english = built / "mesotherapy-en-sheet.pdf"
    assert pdfs.find_text(english, "What is it?")[0].right < width / 2


def test_arabic_uses_an_arabic_font(built):
    assert any("Naskh" in name for name in pdfs.fonts(built / "mesotherapy-ar-sheet.pdf"))


# Parity: every language says the same facts as the source language. (`check --no-fit`: parity
# needs no layout; laying out every language is tested once, in test_checks.)


def edit(root: Path, lang: str, old: str, new: str) -> None:
    path = root / "content" / "mesotherapy" / f"{lang}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def line_of(root: Path, lang: str, needle: str) -> int:
    lines = (root / "content" / "mesotherapy" / f"{lang}.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_missing_section_names_both_files(cli, project):
    text = (project / "content/mesotherapy/de.yaml").read_text()
    start = text.index("  aftercare:")
    end = text.index("\n  evidence:") + 1
    (project / "content/mesotherapy/de.yaml").write_text(text[:start] + text[end:])
    result = cli("check", "--no-fit")
    assert result.exit_code == 1
    line = line_of(project, "en", "  aftercare:")
    assert (f"content/mesotherapy/de.yaml:1: error: parity-section: section 'aftercare' is "
            f"missing; content/mesotherapy/en.yaml:{line}") in result.all_output


def test_missing_item_names_both_files_and_lines(cli, project):
    edit(project, "fr", "    items:\n", "    items:\n")  # sanity: file has lists
    text = (project / "content/mesotherapy/fr.yaml").read_text()
    lines = text.splitlines(keepends=True)
    risks = next(i for i, line in enumerate(lines) if line.startswith("  risks:"))
    first_item = next(i for i in range(risks, len(lines)) if lines[i].lstrip().startswith("- "))
    del lines[first_item]
    (project / "content/mesotherapy/fr.yaml").write_text("".join(lines))
    result = cli("check", "--no-fit")
    assert result.exit_code == 1
    fr_line = line_of(project, "fr", "  risks:")
    en_line = line_of(project, "en", "  risks:")
    count = len(yaml.safe_load((project / "content/mesotherapy/en.yaml").read_text())
                ["sections"]["risks"]["items"])
    assert (f"content/mesotherapy/fr.yaml:{fr_line}:3: error: parity-items: section 'risks' "
            f"has {count - 1} items; content/mesotherapy/en.yaml:{en_line}:3 has {count}"
            ) in result.all_output


def test_changed_number_names_both_files(cli, project):
    edit(project, "es", "1952", "1953")
    result = cli("build", "--lang", "es", "--layout", "sheet", "--out", str(project / "dist"))
    assert result.exit_code == 1
    line = line_of(project, "es", "  history:")
    en_line = line_of(project, "en", "  history:")
    assert (f"content/mesotherapy/es.yaml:{line}:3: error: parity-numbers: section 'history' "
            f"states the numbers 1953, 1964; content/mesotherapy/en.yaml:{en_line}:3 states "
            "1952, 1964") in result.all_output
    assert not (project / "dist/default/mesotherapy/mesotherapy-es-sheet.pdf").exists()


def test_draft_language_builds_with_a_warning(cli, project):
    edit(project, "es", "1952", "1953")
    topic = project / "content/mesotherapy/topic.yaml"
    topic.write_text(topic.read_text() + "drafts: [es]\n")
    result = cli("build", "--lang", "es", "--layout", "sheet", "--out", str(project / "dist"))
    assert result.exit_code == 0, result.all_output
    assert "warning: parity-numbers" in result.all_output
    assert (project / "dist/default/mesotherapy/mesotherapy-es-sheet.pdf").exists()
    assert "es     Español      draft" in cli("list").output


def test_arabic_digits_count_as_the_same_numbers(cli, project):
    edit(project, "ar", "1952", "١٩٥٢")
    assert "parity" not in cli("check", "--no-fit").all_output


def test_uncovered_character_is_an_error_naming_language_file_and_character(cli, project):
    edit(project, "ru", "title: ", "title: 漢 ")
    result = cli("build", "--lang", "ru", "--layout", "sheet", "--out", str(project / "dist"))
    assert result.exit_code == 1
    assert re.search(
        r"content/mesotherapy/ru\.yaml:1: error: uncovered-character: ru: character '漢' "
        r"\(U\+6F22 CJK UNIFIED IDEOGRAPH-6F22\) cannot be shown", result.all_output)
    assert not (project / "dist/default/mesotherapy/mesotherapy-ru-sheet.pdf").exists()


def test_missing_word_warns_and_falls_back_to_source_language(cli, project):
    words = project / "templates/words/de.yaml"
    words.write_text(re.sub(r"\n  sources: .*", "", words.read_text()))
    result = cli("build", "--lang", "de", "--layout", "sheet", "--out", str(project / "dist"))
    assert result.exit_code == 0, result.all_output
    assert ("templates/words/de.yaml:1: warning: missing-word: 'words.sources' is missing; "
            "using the en word 'Sources'") in result.all_output
    printed = pdfs.text(project / "dist/default/mesotherapy/mesotherapy-de-sheet.pdf")
    assert "Sources" in printed  # the sheet sets its sources after the sections
    assert "de     Deutsch      missing words" in cli("list").output


def test_unknown_language_code_is_an_error_naming_the_file(cli, project):
    src = project / "content/mesotherapy/fr.yaml"
    shutil.copy(src, project / "content/mesotherapy/xx.yaml")
    result = cli("check", "--no-fit")
    assert result.exit_code == 1
    assert ("content/mesotherapy/xx.yaml:1: error: unknown-language: 'xx' (the file name) "
            "is not a known language code") in result.all_output


def test_language_without_hyphenation_dictionary_warns(cli, project):
    src = project / "content/mesotherapy/en.yaml"
    shutil.copy(src, project / "content/mesotherapy/cy.yaml")  # Welsh: no pyphen dictionary
    result = cli("build", "--lang", "cy", "--layout", "sheet", "--out", str(project / "dist"))
    assert result.exit_code == 0, result.all_output
    assert "warning: no-hyphenation: no hyphenation dictionary for 'cy'" in result.all_output


def test_list_shows_every_language_with_its_status(cli):
    output = cli("list").output
    for lang in LANGUAGES:
        assert re.search(rf"^    {lang} .* complete", output, re.M), output
    assert "right-to-left" in output


def test_broken_words_file_is_named_once_without_misleading_follow_ups(cli, project):
    words = project / "templates/words/fr.yaml"
    words.write_text(words.read_text().replace("headings:", "headings: [", 1))
    result = cli("build", "--lang", "fr", "--layout", "sheet", "--out", str(project / "dist"))
    assert result.exit_code == 1
    assert "templates/words/fr.yaml:" in result.all_output
    assert "not built because templates/words/fr.yaml has errors" in result.all_output
    assert "missing-words" not in result.all_output
    assert "template-error" not in result.all_output


def test_words_file_font_must_be_installed(cli, project):
    words = project / "templates/words/ar.yaml"
    words.write_text(words.read_text().replace('"Noto Naskh Arabic"', '"Amiri Quranic"'))
    result = cli("check", "--no-fit")
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(words.read_text().splitlines(), 1)
                if text.startswith("fonts:"))
    assert (f"templates/words/ar.yaml:{line}:9: error: unknown-font: font family "
            "'Amiri Quranic' is not installed") in result.all_output


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_owner_line_is_in_the_leaflets_language(built, lang):
    owners = yaml.safe_load((Path(__file__).parent.parent / "content/mesotherapy/topic.yaml")
                            .read_text("utf-8"))["owner"]
    text = " ".join(pdfs.text(built / f"mesotherapy-{lang}-sheet.pdf").split())
    assert owners[lang] in text
    assert not [other for code, other in owners.items() if code != lang and other in text]


def test_a_language_left_out_of_the_owner_prints_the_source_languages(tmp_path):
    from brochures.model import Topic

    topic = Topic("t", tmp_path, "en", None, None, {"en": "Skin team", "fr": "Équipe peau"}, [])
    assert [topic.owner_in(lang) for lang in ("fr", "de", "en")] == [
        "Équipe peau", "Skin team", "Skin team"]
    assert Topic("t", tmp_path, "en", None, None, "One team", []).owner_in("ar") == "One team"


def test_a_footer_in_another_language_keeps_its_own_direction(cli, project):
    # A brand's English-only disclaimer printed in the Arabic sheet: set right to left, its
    # full stop would jump to the start of the line.
    brand = project / "styles/brands/default/brand.yaml"
    data = yaml.safe_load(brand.read_text("utf-8"))
    data["footer"] = {"en": "This leaflet gives general information. It does not replace "
                            "advice from your doctor."}
    brand.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = cli("build", "--lang", "ar", "--layout", "sheet")
    assert result.exit_code == 0, result.all_output
    path = project / "dist/default/mesotherapy/mesotherapy-ar-sheet.pdf"
    last = len(pdfs.page_texts(path)) - 1  # the back details: at the foot of the last page
    assert [hit.page for hit in pdfs.find_text(path, "advice from your doctor.")] == [last]


def test_a_text_given_per_language_but_not_in_this_one_is_a_warning(cli, project):
    # The owner and the footer lack Arabic: the Arabic leaflets print the English ones.
    # Silently, a clinic would hand out Arabic leaflets with an English disclaimer.
    topic = project / "content/mesotherapy/topic.yaml"
    topic.write_text(re.sub(r'\n  ar: "[^"]*"', "", topic.read_text("utf-8"), count=1), "utf-8")
    brand = project / "styles/brands/default/brand.yaml"
    brand.write_text(re.sub(r"\n  ar: [^\n]*", "", brand.read_text("utf-8"), count=1), "utf-8")
    result = cli("check", "--no-fit")
    assert result.exit_code == 0, result.all_output

    def line(path: Path, key: str) -> int:
        return next(i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                    if text.startswith(key + ":"))

    assert (f"content/mesotherapy/topic.yaml:{line(topic, 'owner')}:1: warning: untranslated: "
            "topic 'mesotherapy' has no 'owner' in ar: ar leaflets print the en one; add 'ar:' "
            "under 'owner'") in result.all_output
    assert (f"styles/brands/default/brand.yaml:{line(brand, 'footer')}:1: warning: untranslated: "
            "brand 'default' has no 'footer' in ar: ar leaflets print the en one; add 'ar:' "
            "under 'footer'") in result.all_output
    # Every other language has its own: nothing said about them.
    assert result.all_output.count("untranslated") == 2


def test_a_language_tag_as_it_comes_is_the_projects_language(cli, project):
    """--lang FR or fr_FR is French, said once (issue 30: tags as they come)."""
    result = cli("build", "--lang", "FR", "--lang", "fr_FR", "--layout", "screen")
    assert result.exit_code == 0, result.all_output
    assert "warning: language-tag: 'FR' is read as 'fr'" in result.all_output
    assert "1 built" in result.output
    assert (project / "dist/default/mesotherapy/mesotherapy-fr-screen.pdf").is_file()
