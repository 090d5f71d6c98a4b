"""Evidence (issue 14): phrases per citation, verified against the source archive by `check`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.content import project as project_mod
from briefgen.exceptions import ValidationError
from briefgen.reports.check import check_project
from support import build, write

ARTICLE = """\
Example news report
The example organisation’s board announced on Tuesday a new policy on cyber security — one that
requires every supplier to report incidents within 24 hours.
Critics said the policy “goes too far, too fast” for small suppliers.
"""

SOURCES = """\
sources:
  - id: example-report
    title: "[Example report]"
    publisher: Example Publisher
    retrieved: 2026-01-15
    archive: example-report.txt
"""

FACTS = """\
facts:
  - id: example-event
    statement: An example organisation announced a new policy on cyber security.
    kind: reported
    sources: [example-report]
    evidence:
      example-report: {phrases: [{phrase}], locator: para 1}
    tags: [example]
    as_of: 2026-01-15

  - id: example-outlook
    statement: We assess it is likely that other organisations will follow within a year.
    kind: assessment
    likelihood: likely
    based_on: [example-event]
    tags: [example]
"""

GOOD = "\"The Example Organisation's board announced on Tuesday a new policy on cyber security - one\""


def project(starter: Path, phrase: str = GOOD, article: str | None = ARTICLE, settings: str = "archive: ../archive\n"
            ) -> Path:
    """The starter project with one evidenced fact, and its archive beside it (unless ``article`` is None)."""
    write(starter, {"facts/sources.yaml": SOURCES, "facts/example.yaml": FACTS.replace("{phrase}", phrase)})
    with (starter / "briefgen.yaml").open("a", encoding="utf-8") as handle:
        handle.write(settings)
    if article is not None:
        write(starter.parent, {"archive/example-report.txt": article})
    return starter


def problems_of(root: Path, **options: bool) -> str:
    with pytest.raises(ValidationError) as caught:
        check_project(root, "2026-11-24", **options)
    return caught.value.format_message()


# Validation


def test_evidence_for_a_source_the_fact_does_not_cite_is_an_error_at_its_line(starter: Path) -> None:
    project(starter)
    path = starter / "facts/example.yaml"
    path.write_text(path.read_text().replace("example-report: {phrases", "other-report: {phrases"))
    message = problems_of(starter)
    assert "facts/example.yaml:7: evidence: expected evidence for a source the fact cites (example-report), " \
           "found 'other-report' (fact 'example-event')" in message


def test_a_phrase_over_25_words_is_an_error(starter: Path) -> None:
    long = '"' + " ".join(["word"] * 26) + '"'
    message = problems_of(project(starter, long))
    assert "facts/example.yaml:7: evidence: expected a phrase of at most 25 words" in message
    assert "found 26 words" in message


@pytest.mark.parametrize(("value", "found"), [("[]", "evidence: expected a mapping, found an empty list"),
                                              ("{example-report: 3}", "expected one or more phrases"),
                                              ("{example-report: {phrase: x}}", "expected 'phrases'")])
def test_evidence_of_the_wrong_shape_says_what_was_expected(starter: Path, value: str, found: str) -> None:
    project(starter)
    path = starter / "facts/example.yaml"
    text = path.read_text().replace("    evidence:\n      example-report: {phrases: [" + GOOD + "], locator: para 1}",
                                    f"    evidence: {value}")
    path.write_text(text)
    assert found in problems_of(starter)


def test_the_short_form_is_a_list_of_phrases(starter: Path) -> None:
    project(starter)
    path = starter / "facts/example.yaml"
    path.write_text(path.read_text().replace("{phrases: [" + GOOD + "], locator: para 1}", "[" + GOOD + "]"))
    fact = project_mod.load(starter).facts["example-event"]
    assert fact.evidence[0].source == "example-report" and fact.evidence[0].locator is None
    assert "1 of 1 phrases verified" in check_project(starter, "2026-11-24")


def test_a_malformed_archive_hash_is_an_error(starter: Path) -> None:
    project(starter)
    with (starter / "facts/sources.yaml").open("a") as handle:
        handle.write("    archive_sha256: abc\n")
    assert "archive_sha256: expected a SHA-256 in hex (64 characters), found 'abc'" in problems_of(starter)


# Verification


def test_phrases_match_after_normalising_whitespace_quotes_dashes_and_case(starter: Path) -> None:
    # GOOD has straight quotes, a hyphen for the em dash, other capitals; the archive wraps a line within it.
    out = check_project(project(starter), "2026-11-24")
    assert "evidence: 1 of 1 phrases verified; 2 of 2 facts fully verified." in out


def test_a_quotation_with_straight_quotes_matches_curly_ones(starter: Path) -> None:
    out = check_project(project(starter, "'the policy \"goes too far, too fast\"'"), "2026-11-24")
    assert "1 of 1 phrases verified" in out


def test_a_phrase_not_found_is_an_error_at_its_line_with_the_closest_passage(starter: Path) -> None:
    message = problems_of(project(starter, '"the board announced on Monday a new policy"'))
    assert ("facts/example.yaml:7: evidence: phrase not found in the archived text of source 'example-report' "
            "(fact 'example-event'): \"the board announced on Monday a new policy\"; closest passage: "
            "\"organisation’s board announced on Tuesday a new policy\"") in message


def test_a_source_without_an_archived_text_is_one_warning_not_an_error(starter: Path) -> None:
    out = check_project(project(starter, article=None), "2026-11-24")
    warnings = [line for line in out.splitlines() if "unverified" in line]
    assert warnings == ["evidence: 0 of 1 phrases verified, 1 unverified (no archived text); 0 of 2 facts fully "
                        "verified.",
                        "evidence: source 'example-report': no archived text at ../archive/example-report.txt: "
                        "the evidence of 1 fact(s) is unverified"]


def test_the_archive_folder_defaults_to_one_file_per_source_id(starter: Path) -> None:
    project(starter)
    path = starter / "facts/sources.yaml"
    path.write_text(path.read_text().replace("    archive: example-report.txt\n", ""))
    assert "1 of 1 phrases verified" in check_project(starter, "2026-11-24")


# The archive's hash


def test_a_changed_archive_names_the_facts_resting_on_it(starter: Path) -> None:
    project(starter)
    recorded = hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert f"add archive_sha256: {recorded}" in check_project(starter, "2026-11-24")
    with (starter / "facts/sources.yaml").open("a") as handle:
        handle.write(f"    archive_sha256: {recorded}\n")
    assert "archive" not in check_project(starter, "2026-11-24").split("\n", 2)[2:]
    (starter.parent / "archive/example-report.txt").write_text(ARTICLE + "Updated: a correction.\n")
    out = check_project(starter, "2026-11-24")
    assert "the archived text of source 'example-report' has changed since its hash was recorded" in out
    assert "facts resting on it: example-event, example-outlook" in out
    assert "facts/sources.yaml:2: archive_sha256:" in problems_of(starter, strict=True)


# Copying


def test_a_statement_copying_eight_words_is_a_warning_and_an_error_under_strict(starter: Path) -> None:
    project(starter)
    path = starter / "facts/example.yaml"
    path.write_text(path.read_text().replace(
        "An example organisation announced a new policy on cyber security.",
        "The board announced on Tuesday a new policy on cyber security."))
    out = check_project(starter, "2026-11-24")
    assert ("copying: facts/example.yaml:2: fact 'example-event' copies 8+ words in a row from its source: "
            "\"board announced on tuesday a new policy on\"") in out
    assert "facts/example.yaml:2: statement: fact 'example-event' copies 8+ words" in problems_of(starter, strict=True)


def test_a_quotation_may_copy_its_quoted_words(starter: Path) -> None:
    project(starter)
    with (starter / "facts/example.yaml").open("a") as handle:
        handle.write("""
  - id: critics-quote
    statement: >-
      Critics are quoted as saying the policy “goes too far, too fast for small suppliers and their staff”.
    kind: quotation
    attribution: critics, as quoted
    sources: [example-report]
    evidence:
      example-report: ["goes too far, too fast"]
    tags: [example]
""")
    assert "copying" not in check_project(starter, "2026-11-24")


# --strict and require_evidence


def test_strict_requires_verified_evidence_where_the_briefing_asks(starter: Path) -> None:
    project(starter, article=None)
    assert "require_evidence" not in check_project(starter, "2026-11-24", strict=True)
    with (starter / "briefings/example.yaml").open("a") as handle:
        handle.write("require_evidence: true\n")
    assert "require_evidence" not in check_project(starter, "2026-11-24")  # only under --strict
    message = problems_of(starter, strict=True)
    assert ("briefings/example.yaml: require_evidence: fact 'example-event' (facts/example.yaml:2) is used without "
            "verified evidence (its evidence: unverified)") in message


@pytest.mark.parametrize("url", ["https://example.org/report", None])
def test_a_source_whose_text_cannot_be_kept_is_checked_offline_at_its_address(starter: Path, url: str | None) -> None:
    """A page the team may not archive (``archive: offline``): its phrases are recorded, never looked for,
    and they satisfy --strict's require_evidence only where a reviewer has an address to check them at."""
    project(starter, article=None)
    sources = starter / "facts/sources.yaml"
    sources.write_text(sources.read_text().replace("    archive: example-report.txt\n", "    archive: offline\n"
                                                   + (f"    url: {url}\n" if url else "")))
    with (starter / "briefings/example.yaml").open("a") as handle:
        handle.write("require_evidence: true\n")
    if url:
        report = check_project(starter, "2026-11-24", strict=True)  # passes --strict
        assert "1 from offline sources (check them at the sources' addresses)" in report
    else:
        assert "(its evidence: unverified)" in problems_of(starter, strict=True)


# Showing the trail


def test_the_html_edition_shows_each_notes_evidence_and_locator_and_the_pdf_does_not(starter: Path) -> None:
    from briefgen.build.pipeline import Pipeline

    project(starter)
    loaded = project_mod.load(starter)
    pipeline = Pipeline(loaded)
    rendered = pipeline.markdown(loaded.briefings["example"], dt.date(2026, 11, 24))
    page = pipeline.html(rendered)
    note = page.split('<li id="fn1" class="footnote-item">', 1)[1].split("</li>\n</ol>", 1)[0]
    assert ("<details class=\"evidence\"><summary>Evidence: the source's words</summary><ul><li><q>The Example "
            "Organisation&#x27;s board announced on Tuesday a new policy on cyber security - one</q> "
            '<span class="locator">(para 1)</span></li></ul></details>') in note
    assert "<details" not in pipeline.html(rendered, inline_css=False)


def test_audit_prints_claim_fact_source_evidence_with_status(starter: Path) -> None:
    project(starter)
    result = CliRunner().invoke(cli, ["audit", "example", "-p", str(starter), "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    trail = result.output.split("evidence (claim -> fact -> source -> evidence)", 1)[1]
    assert "  claim: An example organisation announced a new policy on cyber security.\n" \
           "    fact example-event (reported): evidence verified\n" \
           "      source example-report\n" \
           "        “The Example Organisation's board announced on Tuesday a new policy on cyber security - one” " \
           "[para 1]: verified\n" in trail
    assert "    fact example-outlook (assessment): evidence verified\n      rests on: example-event\n" \
           "        fact example-event (reported): evidence verified\n" in trail


def test_check_evidence_writes_a_fact_check_report_per_source(starter: Path) -> None:
    project(starter)
    result = CliRunner().invoke(cli, ["check", "--evidence", "-p", str(starter), "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert "fact-check reports: 1 written to build/fact-check/" in result.output
    report = (starter / "build/fact-check/example-report.md").read_text()
    assert "# Fact-check: [Example report]" in report
    assert "- Archived text: ../archive/example-report.txt" in report
    assert "## example-event (reported; evidence verified)" in report
    assert "[para 1]: verified" in report
    assert "## example-outlook (assessment; evidence verified)\n\nWe assess" in report
    assert "Rests on: example-event" in report


def test_the_manifest_records_evidence_and_status_per_fact_used(starter: Path) -> None:
    project(starter)
    build(starter, publish=True)
    (manifest,) = (starter / "editions").glob("example/*/manifest.json")
    evidence = json.loads(manifest.read_text())["evidence"]
    assert evidence["facts"]["example-event"] == {
        "status": "verified",
        "phrases": [{"source": "example-report", "phrase": GOOD.strip('"'), "locator": "para 1",
                     "status": "verified"}]}
    assert evidence["facts"]["example-outlook"]["based_on"] == ["example-event"]
    assert evidence["archives"] == {"example-report": hashlib.sha256(ARTICLE.encode()).hexdigest()}
