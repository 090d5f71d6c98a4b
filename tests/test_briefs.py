"""The repository's three real briefs, checked as PDFs: page budgets, markings, key facts, notes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from briefgen.content import project
from support import build, copy_repo, pdf_pages_text

pytestmark = pytest.mark.content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("briefs") / "repo")
    result = build(root)
    assert not result.failed, result.failed
    return root


def pages(root: Path, briefing: str) -> list[str]:
    return pdf_pages_text(root / "build" / f"{briefing}.pdf")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("briefing", "budget"), [("eu-official", 2), ("uk-sme", 2), ("uk-regulator", 3)])
def test_page_budget(built: Path, briefing: str, budget: int) -> None:
    assert 1 <= len(pages(built, briefing)) <= budget


def test_regulator_is_two_pages_plus_annexes(built: Path) -> None:
    texts = pages(built, "uk-regulator")
    annex = next(i for i, t in enumerate(texts) if "Annex A:" in t)
    assert annex <= 1 or (annex == 2 and "Options" in " ".join(texts[:2])), "the body runs past two pages"
    assert len(texts) == annex + 1, "the annexes follow on, no page of their own"


#: The real briefs' markings (issue 11): a UK floor for the regulators' options, an EU handling
#: marking for the officials' lines to take, and the public guide left public.
MARKINGS = {"eu-official": "LIMITE", "uk-regulator": "OFFICIAL", "uk-sme": "TLP:CLEAR"}


@pytest.mark.parametrize("briefing", sorted(MARKINGS))
def test_marking_top_and_bottom_of_every_page_and_in_metadata(built: Path, briefing: str) -> None:
    texts = pages(built, briefing)
    marking = MARKINGS[briefing]
    for number, text in enumerate(texts, 1):
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        assert lines[0] == marking, f"page {number} header"
        assert marking in lines[-1] and f"Page {number} of {len(texts)}" in lines[-1], f"page {number} footer"
        assert text.count(marking) == 2, f"page {number} shows the marking more than twice"
    reader = pypdf.PdfReader(built / "build" / f"{briefing}.pdf")
    meta: Any = reader.metadata
    root: Any = reader.trailer["/Root"]
    assert meta["/marking"] == marking
    assert root["/Lang"] == "en-GB"
    spec = project.load(built).briefings[briefing]
    assert meta.title == (spec.short_title or spec.title)  # the title bar's short title


#: What each reader asked for (issue 13), as it must appear in the PDF.
KEY_FACTS = {
    "eu-official": ["Meeting:", "Lead service:", "Objective", "Key messages", "Lines to take",
                    "Does the Commission prefer OpenAI?", "Why only US providers?",
                    "Is this a direct award without a tender?", "AI Office", "lighter enforcement",
                    "George Osborne", "The reports disagree", "Confidence", "Actions before the meeting",
                    "check the position before the meeting", "Our proposed answers"],
    "uk-regulator": ["To:", "From:", "Purpose:", "For decision", "Decision by:", "Clearance:",
                     "That the group agrees (a)", "never sought, offered or accepted", "What it means:",
                     "What we ask:", "AI Security Institute (AISI)", "Legal route", "Annex A", "PHIA",
                     "Confidence in the sources", "We assess it is likely"],
    "uk-sme": ["The short answer", "Does it change anything for you now? No.", "about 15 minutes",
               "An email to copy", "You can share this guide freely", "example.org",
               "The reports do not agree on what “access” means", "Two of our 3 reports have no date"],
}
#: What must never appear (issue 13: the regulator's politics; the SME's stray syntax).
NEVER = {"uk-regulator": ["Osborne", "quietly"], "eu-official": ["We assess it is likely that OpenAI"],
         "uk-sme": ["**", "[^"]}


@pytest.mark.parametrize("briefing", sorted(KEY_FACTS))
def test_key_facts_present(built: Path, briefing: str) -> None:
    text = flat(" ".join(pages(built, briefing)))
    for phrase in KEY_FACTS[briefing]:
        assert phrase in text, phrase
    for phrase in NEVER[briefing]:
        assert phrase not in text, phrase


@pytest.mark.parametrize("briefing", ["eu-official", "uk-regulator"])
def test_every_note_resolves_to_a_source(built: Path, briefing: str) -> None:
    loaded = project.load(built)
    titles = {s.title for s in loaded.sources.values()}
    text = flat(" ".join(pages(built, briefing)))
    heading = "Annex C: sources" if briefing == "uk-regulator" else "Sources"
    body, _, notes = text.rpartition(heading)
    body = body.split("Summary" if briefing == "uk-regulator" else "Objective", 1)[1]  # after the header's times
    # Superscript references: digits set right after a word or its punctuation ("Plan.1", "undated.1,2").
    cited = {int(n) for refs in re.findall(r"(?<=[A-Za-z.,;:)\u201d\u2019])(\d{1,2}(?:,\d{1,2})*)(?=\s|$)", body)
             for n in refs.split(",")}
    assert cited, "no note references in the text"
    parts = re.split(r"(?:^|(?<=[.↑]) )(\d{1,2})\. (?=[A-Z\[])", notes.split(MARKINGS[briefing])[0].strip())
    listed = {int(n): entry for n, entry in zip(parts[1::2], parts[2::2], strict=True)}
    assert cited <= set(listed), f"notes {cited - set(listed)} have no entry"
    def plain(s: str) -> str:
        return flat(s).replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')

    for entry in listed.values():
        assert any(plain(t)[:40] in plain(entry) for t in titles), entry


def test_sme_actions_and_source_lines(built: Path) -> None:
    md = (built / "build/uk-sme.md").read_text()
    actions = re.findall(r"^\d\. \*\*(.+?)\*\*.*\n\s+Time: (.+?)\. Cost: (.+?)\.$", md, re.M)
    assert 3 <= len(actions) <= 5, "3 to 5 numbered actions, each with its time and cost"
    assert md.count("*Sources: ") + md.count("*Source: ") >= 2
    assert "[^" not in md  # short Source lines, not numbered notes
