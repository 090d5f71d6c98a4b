"""The repository's three real briefs, checked as PDFs: page budgets, markings, key facts, notes."""

from __future__ import annotations

import re
from pathlib import Path

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


@pytest.mark.parametrize(("briefing", "budget"), [("eu-official", 2), ("uk-sme", 2)])
def test_page_budget(built: Path, briefing: str, budget: int) -> None:
    assert 1 <= len(pages(built, briefing)) <= budget


def test_regulator_is_two_pages_plus_annex(built: Path) -> None:
    texts = pages(built, "uk-regulator")
    annex = next(i for i, t in enumerate(texts) if "Annex: sources" in t)
    assert annex <= 2, "the body runs past two pages"
    assert texts[annex].lstrip().startswith("OFFICIAL / TLP:CLEAR") and "Annex: sources" in texts[annex][:200]


#: The real briefs' markings (issue 11): a UK floor for the regulators' options, an EU handling
#: marking for the officials' lines to take, and the public guide left public.
MARKINGS = {"eu-official": "LIMITE / TLP:CLEAR", "uk-regulator": "OFFICIAL / TLP:CLEAR", "uk-sme": "TLP:CLEAR"}


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
    assert reader.metadata["/marking"] == marking
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    spec = project.load(built).briefings[briefing]
    assert reader.metadata.title == (spec.short_title or spec.title)  # the title bar's short title


KEY_FACTS = {
    "eu-official": ["after four or five meetings, the discussions with Anthropic",
                    "no binding agreement has been signed",
                    "The two reports tell different stories",
                    "democratising access to the defensive tools"],
    "uk-regulator": ["after 4 or 5 meetings, the discussions with Anthropic", "AI Security Institute (AISI)",
                     "We assess it is likely", "realistic possibility", "Options for the UK",
                     "Where the sources differ"],
    "uk-sme": ["after 4 or 5 meetings", "no binding deal has been signed", "What you can do",
               "Our 2 sources do not tell the same story"],
}


@pytest.mark.parametrize("briefing", sorted(KEY_FACTS))
def test_key_facts_present(built: Path, briefing: str) -> None:
    text = flat(" ".join(pages(built, briefing)))
    for phrase in KEY_FACTS[briefing]:
        assert phrase in text, phrase


@pytest.mark.parametrize("briefing", ["eu-official", "uk-regulator"])
def test_every_note_resolves_to_a_source(built: Path, briefing: str) -> None:
    loaded = project.load(built)
    titles = {s.title for s in loaded.sources.values()}
    text = flat(" ".join(pages(built, briefing)))
    heading = "Annex: sources" if briefing == "uk-regulator" else "Sources"
    body, _, notes = text.rpartition(heading)
    # Superscript references: digits set right after a word or its punctuation ("Plan.1", "undated.1,2").
    cited = {int(n) for refs in re.findall(r"(?<=[A-Za-z.,;:)\u201d\u2019])(\d{1,2}(?:,\d{1,2})*)(?=\s|$)", body)
             for n in refs.split(",")}
    assert cited, "no note references in the text"
    parts = re.split(r"(?:^|(?<=[.↑]) )(\d{1,2})\. (?=[A-Z\[])", notes.split(MARKINGS[briefing])[0].strip())
    listed = {int(n): entry for n, entry in zip(parts[1::2], parts[2::2], strict=True)}
    assert cited <= set(listed), f"notes {cited - set(listed)} have no entry"
    for entry in listed.values():
        assert any(flat(t)[:40] in entry for t in titles), entry


def test_sme_actions_and_source_lines(built: Path) -> None:
    md = (built / "build/uk-sme.md").read_text()
    actions = re.findall(r"^\d\. \*\*(.+?)\*\*.*\n\s+\*Effort: (.+?)\. Cost: (.+?)\*", md, re.M)
    assert 3 <= len(actions) <= 5
    assert md.count("*Sources: ") + md.count("*Source: ") >= 2
    assert "[^" not in md  # short Source lines, not numbered notes
