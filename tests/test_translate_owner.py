"""topic.yaml's owner, written per language, in the translation exchange: out to the
translator, back into topic.yaml, and stale when the source owner changes."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from lxml import etree

from tests.xliffs import NS, changed_lines, edit_xliff, valid_xliff


def test_the_owner_goes_to_the_translator_and_back_into_topic_yaml(cli, project: Path,
                                                                  tmp_path: Path):
    topic = project / "content/mesotherapy/topic.yaml"
    text = topic.read_text("utf-8")
    ar_owner = re.search(r'\n  ar: "([^"]*)"', text)
    topic.write_text(text.replace(ar_owner.group(0), "", 1), "utf-8")
    before = topic.read_text("utf-8")
    assert "untranslated: topic 'mesotherapy' has no 'owner' in ar" in cli(
        "check", "mesotherapy", "--lang", "ar", "--no-fit").all_output
    out = tmp_path / "ar.xlf"
    assert cli("translate", "export", "mesotherapy", "--lang", "ar", "--stale-only",
               "--out", str(out)).exit_code == 0
    valid_xliff(out)
    units = {u.get("id"): u for u in etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")}
    assert list(units) == ["topic.owner"]  # up to date but for the owner
    owner = units["topic.owner"]
    english = yaml.safe_load(before)["owner"]["en"]
    assert owner.find(f"{{{NS}}}source").text == english
    assert owner.find(f"{{{NS}}}target") is None
    assert "topic.yaml" in owner.find(f"{{{NS}}}note").text
    edit_xliff(out, {"topic.owner": "فريق الجلدية"})
    result = cli("translate", "import", str(out))
    assert result.exit_code == 0, result.all_output
    assert "(the owner into content/mesotherapy/topic.yaml): 1 written" in result.output
    assert "checked: 0 errors, 0 warnings" in result.output  # no more untranslated owner
    after = topic.read_text("utf-8")
    assert changed_lines(before, after) == ["+  ar: فريق الجلدية"]
    # In the owner mapping, above the comment lines that were below its last language.
    lines = after.splitlines()
    assert lines[lines.index("  ar: فريق الجلدية") - 1].startswith("  ru: ")
    assert lines[lines.index("  ar: فريق الجلدية") + 1].startswith("# ")
    # An owner changed in the source since the export is refused, as any unit is ...
    topic.write_text(after.replace(english, "Skin team"), "utf-8")
    edit_xliff(out, {"topic.owner": "فريق البشرة"})
    result = cli("translate", "import", str(out))
    assert result.exit_code == 1
    assert "translate-source-changed: unit 'topic.owner'" in result.all_output
    assert "فريق البشرة" not in topic.read_text("utf-8")
    # ... and the Arabic owner, translated from the old one, is stale: on its own line.
    lines = topic.read_text("utf-8").splitlines()
    en_line, ar_line = (lines.index(f'  {code}: {text}') + 1 for code, text in
                        (("en", '"Skin team"'), ("ar", "فريق الجلدية")))
    check = cli("check", "mesotherapy", "--lang", "ar", "--no-fit").all_output
    assert (f"content/mesotherapy/topic.yaml:{ar_line}: warning: stale-translation: unit "
            f"'topic.owner' is stale: its en source (content/mesotherapy/topic.yaml:{en_line}) "
            "changed since it was translated") in check
    # The file holds the refused translation: exporting over it is asked for by name.
    assert cli("translate", "export", "mesotherapy", "--lang", "ar", "--stale-only",
               "--out", str(out)).exit_code == 1
    assert cli("translate", "export", "mesotherapy", "--lang", "ar", "--stale-only",
               "--out", str(out), "--force").exit_code == 0
    [owner] = etree.parse(str(out)).iter(f"{{{NS}}}trans-unit")
    assert owner.find(f"{{{NS}}}target").get("state") == "needs-review-translation"
    assert english in " ".join(n.text for n in owner.iter(f"{{{NS}}}note"))
    edit_xliff(out, {"topic.owner": "فريق البشرة"})
    assert cli("translate", "import", str(out)).exit_code == 0
    assert "stale-translation" not in cli("check", "mesotherapy", "--lang", "ar",
                                          "--no-fit").all_output
    assert "  ar: فريق البشرة" in topic.read_text("utf-8").splitlines()
    # Declaring a language current records the owner it was translated from too.
    assert cli("translate", "mark-current", "mesotherapy", "--lang", "fr").exit_code == 0
    records = yaml.safe_load((project / "content/mesotherapy/records.yaml").read_text("utf-8"))
    assert records["translations"]["fr"]["topic.owner"]["text"] == "Skin team"
