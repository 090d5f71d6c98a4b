"""Other languages (issue 25): a briefing's lang, the phrase catalogues and a project's overrides, the
configurable probability yardstick, and Babel's dates and numbers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from briefgen.checks import quality
from briefgen.content import phrases, project
from briefgen.content.model import PHIA, Gates, Settings
from briefgen.content.yardstick import ICD203
from briefgen.editions.index import index_page
from briefgen.templating import styles
from support import build, problems, write


def test_lang_defaults_to_en_gb_and_follows_the_settings(starter: Path) -> None:
    assert project.load(starter).briefings["example"].lang == "en-GB"
    (starter / "briefgen.yaml").write_text("lang: fr-FR\n")
    assert project.load(starter).briefings["example"].lang == "fr-FR"


def test_a_bad_lang_is_named_with_file_line_and_field(starter: Path) -> None:
    spec = starter / "briefings" / "example.yaml"
    spec.write_text(spec.read_text() + "lang: french\n")
    (starter / "briefgen.yaml").write_text("lang: xx-QQ\n")
    found = problems(starter)
    assert "briefings/example.yaml:11: lang: expected a BCP 47 language tag such as en-GB or fr-FR, " \
           "found 'french'" in found
    assert "briefgen.yaml:1: lang: expected a language Babel has data for, such as en-GB or fr-FR, " \
           "found 'xx-QQ'" in found


def test_phrase_overrides_are_checked_and_every_problem_collected(starter: Path) -> None:
    write(starter, {"briefgen.yaml": """
        phrases:
          fr:
            n_dd: "s. d."
            retrieved: "Consulté"
            table_notes_many: "d'après {notes} et {autre}"
            plain_english_avoid: impacter
          zz-QQ:
            n_d: x
        """})
    found = problems(starter)
    assert found == [
        "briefgen.yaml:3: phrases.fr.n_dd: unknown phrase; did you mean 'n_d'?",
        "briefgen.yaml:4: phrases.fr.retrieved: expected {date}, found 'Consulté': missing placeholder {date}",
        "briefgen.yaml:5: phrases.fr.table_notes_many: expected {notes}, found 'd'après {notes} et {autre}': "
        "unknown placeholder {autre}",
        "briefgen.yaml:6: phrases.fr.plain_english_avoid: expected a list of text, found 'impacter'",
        "briefgen.yaml:7: phrases.zz-QQ: expected a language Babel has data for, such as en-GB or fr-FR, "
        "found 'zz-QQ'",
    ]


def test_catalogues_layer_english_language_and_project() -> None:
    assert set(phrases.builtin("fr")) == set(phrases.builtin("en"))  # French says every phrase
    fr = phrases.for_lang("fr-CA", {"fr": {"n_d": "s. d."}, "fr-CA": {"retrieved": "Lu le {date}"}})
    assert fr.text("n_d") == "s. d."
    assert fr.text("retrieved", date="1 juin 2026") == "Lu le 1 juin 2026"
    assert fr.text("table_notes_many", notes="1 et 2") == "Sources : notes 1 et 2."
    en = phrases.for_lang("en-US", {"fr": {"n_d": "s. d."}})
    assert en.text("n_d") == "n.d." and en.words("quotes") == ("“", "”", "‘", "’")
    # A phrase's own words are literal Markdown: an override cannot add markup.
    assert phrases.for_lang("fr", {"fr": {"retrieved": "*lu* {date}"}}).markdown("retrieved", date="[^1]") \
        == "\\*lu\\* [^1]"


def test_dates_and_numbers_through_babel() -> None:
    day = dt.date(2026, 12, 7)
    assert styles.format_date(day, "uk") == "7 December 2026"
    assert styles.format_date(day, "eu", "fr-FR") == "7 décembre 2026"
    assert styles.format_date(day, "uk", "de-DE") == "7. Dezember 2026"
    assert styles.format_number(9000, "uk") == "9,000" and styles.format_number(9000, "eu") == "9\u00a0000"
    assert styles.format_number(3, "eu") == "three" and styles.format_number(3, "eu", lang="fr-FR") == "3"
    assert styles.format_number(1234.5, "uk", lang="fr-FR") == "1\u202f234,5"
    assert styles.format_percent(32, "uk") == "32%" and styles.format_percent(32, "eu") == "32\u00a0%"
    assert styles.format_percent(12.5, "uk", "fr-FR") == "12,5\u00a0%"
    assert styles.format_money(3000, "EUR", "eu") == "EUR\u00a03\u00a0000"
    assert styles.format_money(3000, "EUR", "eu", "fr-FR") == "3\u202f000\u00a0€"


def test_icd203_yardstick_checks_likelihoods(starter: Path) -> None:
    """With ICD 203, a PHIA-only term is refused (file, line, field, the terms expected) and an ICD 203 one
    is accepted."""
    (starter / "briefgen.yaml").write_text("yardstick: icd203\n")
    write(starter, {"facts/more.yaml": """
        facts:
          - id: phia-term
            statement: We assess it is a realistic possibility that others follow.
            kind: assessment
            likelihood: realistic possibility
            based_on: [example-event]
          - id: icd-term
            statement: We assess there is a roughly even chance that others follow.
            kind: assessment
            likelihood: roughly even chance
            based_on: [example-event]
        """})
    found = problems(starter)
    assert len(found) == 1 and found[0].startswith(
        "facts/more.yaml:5: likelihood: expected one of almost no chance, remote, very unlikely")
    assert found[0].endswith("(the ICD 203 yardstick); found 'realistic possibility' (fact 'phia-term')")


def test_a_projects_own_yardstick(starter: Path) -> None:
    write(starter, {"briefgen.yaml": """
        yardstick:
          name: Our scale
          terms:
            doubtful: "0-30%"
            probable: "60-100%"
        """})
    spec_fact = starter / "facts" / "example.yaml"
    spec_fact.write_text(spec_fact.read_text().replace("it is likely that", "it is probable that")
                         .replace("likelihood: likely", "likelihood: probable"))
    loaded = project.load(starter)
    assert loaded.settings.yardstick.name == "Our scale"
    assert loaded.facts["example-outlook"].likelihood == "probable"


def test_a_bad_yardstick_is_named(starter: Path) -> None:
    write(starter, {"briefgen.yaml": """
        yardstick:
          name: Our scale
          terms:
            Doubtful: "0-30%"
            probable: most
        """})
    found = problems(starter)
    assert "briefgen.yaml:4: yardstick.terms: expected a term in lowercase words, found 'Doubtful'" in found
    assert "briefgen.yaml:5: yardstick.terms.probable: expected a range such as '55-75%', found 'most'" in found
    (starter / "briefgen.yaml").write_text("yardstick: nato\n")
    assert problems(starter) == [
        "briefgen.yaml:1: yardstick: expected phia, icd203 or a mapping with name and terms, found 'nato'"]


def test_the_judgement_gate_follows_the_yardstick() -> None:
    body = "<p>We assess it is a roughly even chance that others follow.</p><p>We judge it likely.</p>"
    with_phia = quality.measure(body, plain=False, sentence_limit=25)
    assert with_phia.unhedged == ["We assess it is a roughly even chance that others follow"]
    assert quality.evaluate(Gates(), with_phia) == [
        'a judgement without a PHIA probability term: "We assess it is a roughly even chance that others follow"']
    with_icd = quality.measure(body, plain=False, sentence_limit=25, yardstick=ICD203)
    assert with_icd.unhedged == []
    french = "<p>Nous estimons que cela arrivera.</p><p>Nous estimons probable un accord.</p>"
    fr = phrases.for_lang("fr-FR")
    own = quality.measure(french, plain=True, sentence_limit=25, yardstick=PHIA,
                          openers=fr.words("assessment_openers"), avoid=fr.words("plain_english_avoid"))
    assert own.unhedged == ["Nous estimons que cela arrivera", "Nous estimons probable un accord"]


def test_t_gives_phrases_and_names_a_mistake(starter: Path) -> None:
    template = starter / "templates" / "example.md.j2"
    template.write_text(template.read_text() + '\n{{ t("n_d") }} / {{ t("page_of", page=1, pages=2) }}\n')
    build(starter)
    assert "n.d. / Page 1 of 2" in (starter / "build" / "example.md").read_text()
    template.write_text(template.read_text() + '\n{{ t("n_dd") }}\n')
    failed = build(starter).failed
    assert failed and "no phrase 'n_dd'; did you mean 'n_d'?" in failed[0][1]
    assert "templates/example.md.j2:" in failed[0][1]


def test_the_editions_index_is_in_the_settings_language() -> None:
    english = index_page({}, Settings()).decode()
    assert '<html lang="en-GB">' in english and "<h1>Briefs and their editions</h1>" in english
    french = index_page({}, Settings(lang="fr-FR", phrases={"fr": {"index_none": "Rien encore."}})).decode()
    assert '<html lang="fr-FR">' in french and "<h1>Les notes et leurs éditions</h1>" in french
    assert "<p>Rien encore.</p>" in french


def test_the_docs_list_every_phrase_key() -> None:
    # docs/file-formats.md's phrase table is written by hand: it must name each key the catalogue has.
    table = (Path(__file__).parent.parent / "docs/file-formats.md").read_text()
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))
    assert set(phrases.builtin("en")) <= listed
