"""Property-based tests: whatever content people write, a build ends cleanly.

Hypothesis generates leaflet content — any Unicode, empty and huge strings,
words too long for a line, mixed scripts and directions, odd list shapes —
and every build must either write a valid PDF or fail with one-line errors:
never an unhandled exception, a traceback, an ``internal-error`` or a PDF
left behind by a failed build. Bounded (a few dozen examples, in process) so
the suite stays fast: generated leaflet text is laid out in the sheet, whose fit
guard (2 or 4 pages, notes, the foot) measures it; generated topic facts, brand
texts and edits in the large-print layout, the cheapest A4 one (one layout pass).
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pikepdf
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from brochures.cli import main
from brochures.errors import Location, Report
from brochures.inputs.assets import check_color, check_font
from brochures.inputs.yamlio import load_yaml
from tests.test_hostile import BRAND, EN, TOPIC, tiny_project

PROBLEM = re.compile(r"^(\S[^\n]*?: )?(error|warning): [a-z0-9-]+: \S")
REQUIRED = ["what_it_is", "history", "benefits", "stages", "risks"]
OPTIONAL = ["not_suitable_for", "aftercare", "evidence"]

# Words from scripts the default fonts draw, both directions, and the characters
# that make text hard: combining marks, joiners, bidi controls, no-break and
# zero-width spaces, markup and template syntax.
WORDS = [
    "mesotherapy", "peau", "Haut", "кожа", "جلد", "עור", "δέρμα", "Ցավ", "ვანი", "e\u0301",
    "\u200d", "\u202eevil\u202c", "\u2067x\u2069", "\u00a0", "\u200b", "**bold**", "*it*",
    "[a](https://example.org)", "<b>", "&amp;", "{{ x }}", "\\", "'", '"', "#", ":", "- ",
    "\t", "1,5 ml", "½",
]
# Scripts and symbols the default fonts do not draw: refused by the coverage check.
EXOTIC = ["皮肤", "त्वचा", "ผิวหนัง", "피부", "ᎠᏂ", "🙂", "👩🏽\u200d⚕️"]
# Blocks the default fonts draw completely: Latin, Greek, Cyrillic, Armenian,
# Hebrew, Arabic, Georgian, punctuation.
DRAWN = "".join(
    chr(c) for a, b in [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF),
                        (0x531, 0x556), (0x5D0, 0x5EA), (0x621, 0x63A), (0x641, 0x64A),
                        (0x10D0, 0x10FA), (0x2010, 0x2027)]
    for c in range(a, b + 1) if unicodedata.category(chr(c)) not in ("Cn", "Cc", "Cs"))
# Each example renders a leaflet: a dozen keep the run short and still vary every field.
# Facts, brand texts and edits: the cheapest A4 layout (one layout pass): what is asserted
# there is a clean end, not a fit.
LAYOUT = "large-print"
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


PLAUSIBLE, ODD_SHAPES, ANY_CHARACTERS = 0, 1, 2


def texts(max_size: int = 300, min_size: int = 0, chaos: int = ANY_CHARACTERS
          ) -> st.SearchStrategy[str]:
    """Text as people paste it: any Unicode, script soup, long unbreakable words.

    Characters the default fonts draw unless ``chaos`` is ANY_CHARACTERS, which
    adds empty strings, other scripts and emoji, and anything at all, control
    characters and lone surrogates included.
    """
    drawn = st.text(alphabet=DRAWN, min_size=max(min_size, 1), max_size=max_size)
    soup = st.lists(st.sampled_from(WORDS), min_size=max(min_size, 1), max_size=40).map(
        " ".join)
    long_word = st.integers(min_value=1, max_value=min(max_size, 3000)).map(lambda n: "W" * n)
    if chaos != ANY_CHARACTERS:
        return st.one_of(soup, drawn, soup, long_word)
    empty = st.just("") if min_size == 0 else soup
    exotic = st.lists(st.sampled_from(WORDS + EXOTIC), min_size=1, max_size=20).map(" ".join)
    return st.one_of(drawn, exotic, long_word, empty, st.text(max_size=max_size))


def items(chaos: int) -> st.SearchStrategy:
    """Lists as people write them: strings and steps; odd shapes and wrong types too."""
    step = st.fixed_dictionaries({"title": texts(80, 1, chaos), "text": texts(200, 0, chaos)})
    plain = st.one_of(st.lists(texts(200, 1, chaos), min_size=1, max_size=8),
                      st.lists(step, min_size=1, max_size=5))
    if chaos != ODD_SHAPES:
        return plain
    odd = st.one_of(st.none(), st.integers(), st.lists(texts(20, 0, chaos), max_size=3),
                    st.fixed_dictionaries({"title": texts(20, 0, chaos)}),
                    st.dictionaries(st.text(max_size=5), texts(20, 0, chaos), max_size=2))
    return st.one_of(plain, plain, st.lists(st.one_of(texts(100, 0, chaos), step, odd),
                                            max_size=5),
                     texts(50, 0, chaos))  # a string where a list belongs


def section(chaos: int) -> st.SearchStrategy:
    body = st.fixed_dictionaries({"body": texts(1500, 1, chaos)},
                                 optional={"heading": texts(80, 1, chaos)})
    listed = st.fixed_dictionaries({"items": items(chaos)},
                                   optional={"heading": texts(80, 1, chaos)})
    if chaos != ODD_SHAPES:
        return st.one_of(body, listed)
    anything = st.fixed_dictionaries({}, optional={
        "heading": texts(80, 0, chaos), "body": texts(1500, 0, chaos), "items": items(chaos)})
    return st.one_of(body, listed, body, listed, anything, st.none(), texts(50, 0, chaos))


@st.composite
def leaflets(draw) -> dict:
    """A language file: mostly plausible, else odd shapes, else any characters at all."""
    chaos = draw(st.sampled_from([PLAUSIBLE] * 6 + [ODD_SHAPES] * 2 + [ANY_CHARACTERS] * 2))
    ids = REQUIRED + draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    if chaos == ODD_SHAPES and draw(st.booleans()):
        ids = draw(st.lists(st.sampled_from(ids), unique=True, min_size=len(ids) - 1))
    data = {
        "title": draw(texts(120, 1, chaos)),
        "subtitle": draw(texts(200, 0, chaos)),
        "sections": {s: draw(section(chaos)) for s in ids},
    }
    if draw(st.booleans()):
        data["intro"] = draw(texts(800, 1, chaos))
    return data


def _assert_clean(result, out: Path) -> None:
    """A valid PDF, or one-line errors and no PDF; never a crash."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.output
    assert "internal-error" not in result.output, result.output
    for line in result.stderr.splitlines():
        assert PROBLEM.match(line), f"not a one-line problem: {line!r}"
    pdfs = list(out.rglob("*.pdf")) if out.exists() else []
    codes = sorted(set(re.findall(r"error: ([a-z0-9-]+): ", result.output)))
    event("built" if result.exit_code == 0 else "refused: " + ", ".join(codes))
    if result.exit_code == 0:
        assert len(pdfs) == 1
        with pikepdf.open(pdfs[0]) as pdf:
            assert len(pdf.pages) >= 1
            box = pdf.pages[0].mediabox
            assert round(float(box[2] - box[0])) == 595  # A4 width in points
    else:
        assert re.search(r"(^|: )error: ", result.stderr, re.M), result.output
        assert pdfs == [], "a failed build left a PDF"


@SETTINGS
@given(content=leaflets())
def test_any_leaflet_content_builds_or_fails_cleanly(content: dict):
    with tempfile.TemporaryDirectory() as tmp:
        root = tiny_project(Path(tmp) / "project", content)
        out = Path(tmp) / "out"
        result = CliRunner().invoke(main, ["--project", str(root), "build", "--layout", "sheet",
                                           "--jobs", "1", "--out", str(out)])
        _assert_clean(result, out)


@SETTINGS
@given(owner=texts(200, 1, PLAUSIBLE), source=texts(200, 1), url=st.one_of(
    st.just("https://example.org/x"), st.just("https://example.org/x"), texts(60)),
    reviewed=st.one_of(st.dates(date(2000, 1, 1), date(2027, 1, 9)).map(str),
                       st.dates(date(2000, 1, 1), date(2027, 1, 9)).map(str), texts(12)))
def test_any_topic_facts_build_or_fail_cleanly(owner, source, url, reviewed):
    topic = {**TOPIC, "owner": owner, "reviewed": reviewed,
             "sources": [{"title": source, "url": url}]}
    with tempfile.TemporaryDirectory() as tmp:
        root = tiny_project(Path(tmp) / "project", EN, topic)
        out = Path(tmp) / "out"
        result = CliRunner().invoke(main, ["--project", str(root), "build", "--layout", LAYOUT,
                                           "--jobs", "1", "--out", str(out)])
        _assert_clean(result, out)


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(name=texts(200, 1, PLAUSIBLE), address=texts(300), phone=texts(60), email=texts(200),
       footer=st.one_of(texts(500), st.dictionaries(st.sampled_from(["en", "fr", "xx"]),
                                                    texts(100), max_size=2)))
def test_any_brand_text_builds_or_fails_cleanly(name, address, phone, email, footer):
    brand = {**BRAND, "name": name, "footer": footer,
             "contact": {"address": address, "phone": phone, "email": email}}
    with tempfile.TemporaryDirectory() as tmp:
        root = tiny_project(Path(tmp) / "project", EN, None, brand)
        out = Path(tmp) / "out"
        result = CliRunner().invoke(main, ["--project", str(root), "build", "--layout", LAYOUT,
                                           "--brand", "acme", "--jobs", "1", "--out", str(out)])
        _assert_clean(result, out)


VALID_YAML = yaml.safe_dump(EN, allow_unicode=True)
FILES = {"content/demo/en.yaml": VALID_YAML,
         "content/demo/topic.yaml": yaml.safe_dump(TOPIC),
         "styles/brands/acme/brand.yaml": yaml.safe_dump(BRAND)}
SNIPPETS = ["\n  - x", ": ", "\n- ", "&a ", "*a", "!!str ", "? ", "{", "}", "[", "]", "|\n  ",
            ">-\n  ", "#", "\n    items:\n      - a", "\n  extra:\n    body: x", "null", "~",
            "'", '"', "\t", "\n---\n", "%YAML 1.1\n", "<<: ", "0x10", "1e9999", "2026-13-45",
            "\u2028", "\ufeff", "\n  evil: red; }"]


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(target=st.sampled_from(sorted(FILES)), edits=st.lists(
    st.tuples(st.integers(0, 400), st.sampled_from(SNIPPETS)), min_size=1, max_size=4))
def test_any_edit_of_a_project_file_builds_or_fails_cleanly(target: str, edits):
    """A valid file with a few YAML fragments typed into it anywhere: a hand edit gone wrong."""
    text = FILES[target]
    for position, snippet in sorted(edits, reverse=True):
        position = min(position, len(text))
        text = text[:position] + snippet + text[position:]
    with tempfile.TemporaryDirectory() as tmp:
        root = tiny_project(Path(tmp) / "project", EN, None, BRAND)
        (root / target).write_text(text, "utf-8")
        out = Path(tmp) / "out"
        result = CliRunner().invoke(main, ["--project", str(root), "build", "--layout", LAYOUT,
                                           "--brand", "acme", "--jobs", "1", "--out", str(out)])
        _assert_clean(result, out)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.integers(0, len(VALID_YAML)), st.text(max_size=30)).map(
        lambda p: (VALID_YAML[:p[0]] + p[1] + VALID_YAML[p[0]:]).encode("utf-8", "replace")),
    st.tuples(st.integers(0, len(VALID_YAML)), st.integers(0, 40)).map(
        lambda p: (VALID_YAML[:p[0]] + VALID_YAML[p[0] + p[1]:]).encode()),
))
def test_any_bytes_load_or_fail_with_a_located_problem(data: bytes):
    """Reading a file never raises: it gives a mapping, or errors that name the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "en.yaml"
        path.write_bytes(data)
        report = Report()
        doc = load_yaml(path, "content/demo/en.yaml", report)
        if doc is None or report.errors:
            assert report.errors
            for problem in report.errors:
                assert problem.location is not None
                assert problem.location.path == "content/demo/en.yaml"
                assert "\n" not in problem.message
        else:
            assert isinstance(doc.data, dict)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(value=st.one_of(st.text(max_size=80), st.sampled_from(
    ["#fff", "rgb(1 2 3)", "red", "url(x)", "#12345", "hsl(1,2%,3%)", "var(--x)", "expression(1)",
     "Noto Sans", "Noto Sans\"; }", "Comic Sans"])))
def test_any_colour_or_font_value_is_checked_without_raising(value: str):
    report = Report()
    where = Location("styles/brands/acme/brand.yaml", 5)
    check_color(value, where, report)
    check_font(value, where, report)
    for problem in report.errors:
        assert problem.code in ("bad-color", "bad-font", "unknown-font")
        assert "\n" not in str(problem) or "\n" in value
