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
            assert fact.statement.startswith("We assess") and fact.likelihood in fact.statement
            assert not fact.sources and fact.based_on


def test_no_invented_source_details() -> None:
    sources = project.load(REPO).sources
    for source in sources.values():
        assert source.published is None and source.author is None and source.url is None
