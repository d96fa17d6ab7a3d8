"""The glossary as TBX: export, a round trip through translate-toolkit's TBX class, import
all or nothing; a hostile TBX is one line per problem."""

from __future__ import annotations

from pathlib import Path

from translate.storage import tbx

SHIPPED = Path(__file__).resolve().parents[1] / "translations/glossary.fr.tsv"
GLOSSARY = "translations/glossary.fr.tsv"


def _with_glossary(project: Path) -> Path:
    path = project / GLOSSARY
    path.parent.mkdir(exist_ok=True)
    path.write_text(SHIPPED.read_text() + "Dermapen\tDermapen\ta product name: do not "
                    "translate\n")
    return path


def test_the_glossary_round_trips_through_translate_toolkits_tbx(cli, project: Path,
                                                               tmp_path: Path):
    _with_glossary(project)
    out = tmp_path / "fr.tbx"
    result = cli("translate", "glossary", "export", "--lang", "fr", "--out", str(out))
    assert result.exit_code == 0, result.all_output
    assert "(4 terms)" in result.output
    store = tbx.tbxfile.parsestring(out.read_bytes())
    got = {u.source: (u.target, u.getnotes()) for u in store.units}
    assert got["dermis"] == ("derme", "the middle layer of the skin")
    assert got["Dermapen"] == ("Dermapen", "a product name: do not translate")
    next(u for u in store.units if u.source == "dermis").target = "derme (couche moyenne)"
    store.settargetlanguage("fr")  # a parsed termbase does not say which language is added
    unit = store.addsourceunit("needle")
    unit.target = "aiguille"
    out.write_bytes(bytes(store))
    result = cli("translate", "glossary", "import", str(out), "--lang", "fr")
    assert result.exit_code == 0, result.all_output
    lines = (project / GLOSSARY).read_text().splitlines()
    assert "dermis\tderme (couche moyenne)\tthe middle layer of the skin" in lines
    assert "needle\taiguille\t" in lines
    assert "Dermapen\tDermapen\ta product name: do not translate" in lines
    check = cli("check", "mesotherapy", "--lang", "fr", "--no-fit")
    assert "bad-glossary" not in check.all_output


def test_a_hostile_tbx_writes_nothing(cli, project: Path, tmp_path: Path):
    before = _with_glossary(project).read_text()
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "aaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;">]>\n<martif type="TBX"><text><body>'
                    '<termEntry><langSet xml:lang="en"><tig><term>&b;</term></tig></langSet>'
                    '</termEntry></body></text></martif>\n')
    result = cli("translate", "glossary", "import", str(bomb), "--lang", "fr")
    assert result.exit_code == 1
    assert f"{bomb}:1: error: bad-tbx: the file declares entities or a DTD of its own" \
        in result.all_output
    half = tmp_path / "half.tbx"
    half.write_text('<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n'
                    '<termEntry><langSet xml:lang="en"><tig><term>skin</term></tig></langSet>'
                    '<langSet xml:lang="fr"><tig><term>peau</term></tig></langSet></termEntry>\n'
                    '<termEntry><langSet xml:lang="en"><tig><term>needle</term></tig>'
                    '</langSet></termEntry>\n</body></text></martif>\n')
    result = cli("translate", "glossary", "import", str(half), "--lang", "fr")
    assert result.exit_code == 1
    assert f"{half}:4: error: bad-tbx: a term entry needs an en term and a fr term (it has: " \
        "en)" in result.all_output
    assert "Traceback" not in result.all_output
    assert (project / GLOSSARY).read_text() == before
