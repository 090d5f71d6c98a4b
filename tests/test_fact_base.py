"""The repository's fact base against its source articles: paraphrased, never copied."""

from __future__ import annotations

import pytest

from briefgen.content import project
from briefgen.content.copying import copied
from support import REPO, source_archive

pytestmark = pytest.mark.content


def test_no_fact_copies_eight_words_from_a_source() -> None:
    """The package's copying check (``briefgen check`` runs it against each fact's own sources), here
    against every archived article at once."""
    sources = source_archive()
    texts = [p.read_text("utf-8") for p in sorted(sources.glob("*.txt"))]
    assert texts, f"no archived source texts in {sources}"
    found = [f"{fact.id}: {run}" for fact in project.load(REPO).facts.values() for run in copied(fact, texts)]
    assert not found, "copied from a source article:\n" + "\n".join(found)


def test_every_assessment_is_ours_and_worded_with_its_likelihood() -> None:
    facts = project.load(REPO).facts
    for fact in facts.values():
        if fact.kind == "assessment":
            assert fact.statement.startswith("We assess") and fact.likelihood and fact.likelihood in fact.statement
            assert not fact.sources and fact.based_on


SEED = ("talks-report", "resultsense-offer")  # the two articles of ../shared/sources: undated, no author or address


def test_no_invented_source_details() -> None:
    """The seed articles carry no author, and a date or address only where one was found: the
    Resultsense page's address (read on resultsense.com), whose date the note says comes from it."""
    sources = project.load(REPO).sources
    for sid in SEED:
        source = sources[sid]
        assert source.author is None
        if source.published is not None or source.url is not None:
            assert source.url and source.published and source.published.isoformat() in source.url, sid
            assert source.note and "address" in source.note, sid
    assert sources["talks-report"].published is None and sources["talks-report"].url is None


def test_every_added_source_is_registered_with_address_publisher_and_what_was_read() -> None:
    """Each added source says how much of it was read: in full, or only passages (issue 24)."""
    for source in project.load(REPO).sources.values():
        if source.id not in SEED:
            assert source.url and source.publisher and source.note, source.id
            assert "read in full" in source.note or "passage" in source.note or "sections" in source.note, source.id


def test_mou_target_year_is_marked_as_our_inference() -> None:
    """Issue 24: the report gives no year for its second-quarter target; a fact that names one says
    the year is ours."""
    facts = project.load(REPO).facts
    for fact in facts.values():
        if "memorandum by the end of June" in " ".join(fact.statement.split()) or (
                "second quarter" in fact.statement and "June 2026" in fact.statement):
            assert "our inference" in fact.statement, fact.id


def test_added_sources_are_offline_and_dated_or_nd() -> None:
    """Later reporting (issue 24) cannot be archived beside the seed articles: evidence is checked at the url."""
    for source in project.load(REPO).sources.values():
        if source.id not in SEED and source.retrieved and source.retrieved.isoformat() >= "2026-12-01":
            assert source.archive == "offline", source.id
