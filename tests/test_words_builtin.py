"""A project's words file from before a template used a word (issue 35's "older words
file"): the word comes from brochures' own words file of that language, with a warning,
and is printed; before, the template skipped it without a word (or failed)."""

from __future__ import annotations

import re

from tests import pdfs


def test_a_word_the_projects_files_lack_comes_from_brochures_own(cli, project):
    for code in ("en", "fr"):  # the source language's file lacks it too
        words = project / f"templates/words/{code}.yaml"
        words.write_text(re.sub(r"\n  decide_today: .*", "", words.read_text("utf-8")),
                         "utf-8")
    result = cli("build", "--lang", "fr", "--lang", "en", "--layout", "trifold")
    assert result.exit_code == 0, result.all_output
    for code, said in (("en", "You do not have to decide today."),
                       ("fr", "Vous n’avez pas à décider aujourd’hui.")):
        assert (f"templates/words/{code}.yaml:1: warning: missing-word: 'words.decide_today' "
                f"is missing; using brochures' built-in {code} word {said!r}"
                ) in result.all_output
        text = pdfs.text(project / f"dist/default/mesotherapy/mesotherapy-{code}-trifold.pdf")
        assert " ".join(said.split()) in " ".join(text.split()), code
    assert len({line for line in result.all_output.splitlines() if "missing-word" in line}) == 2


def test_the_source_languages_word_still_comes_first(cli, project):
    words = project / "templates/words/fr.yaml"
    words.write_text(re.sub(r"\n  decide_today: .*", "", words.read_text("utf-8")), "utf-8")
    result = cli("check", "--lang", "fr", "--layout", "trifold", "--no-fit")
    assert ("templates/words/fr.yaml:1: warning: missing-word: 'words.decide_today' is "
            "missing; using the en word 'You do not have to decide today.'") in result.all_output
    assert "built-in" not in result.all_output
