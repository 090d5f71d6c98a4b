"""The repository's three real briefs, checked as PDFs: page budgets, markings, key facts, notes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from briefgen.checks import claims
from briefgen.content import project
from briefgen.reports.check import check_project
from briefgen.templating.environment import make_environment
from support import REPO, build, copy_repo, pdf_pages_text

pytestmark = pytest.mark.content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("briefs") / "repo")
    result = build(root, day="2026-12-07")  # the edition the briefs are written for (issue 24)
    assert not result.failed, result.failed
    return root


def pages(root: Path, briefing: str) -> list[str]:
    return pdf_pages_text(root / "build" / f"{briefing}.pdf")


def flat(text: str) -> str:
    return " ".join(text.split())


#: Page budgets (issue 24): the brief itself in two pages; its numbered sources (and the regulator's
#: annexes) follow on. BODY_END is the heading that ends the part a reader must read.
BUDGETS = {"eu-official": 4, "uk-sme": 3, "uk-regulator": 5}
BODY_END = {"eu-official": "Sources", "uk-sme": "Sources", "uk-regulator": "Annex A:"}


@pytest.mark.parametrize("briefing", sorted(BUDGETS))
def test_page_budget_and_body_in_two_pages(built: Path, briefing: str) -> None:
    texts = pages(built, briefing)
    assert 1 <= len(texts) <= BUDGETS[briefing]
    starts = [i for i, t in enumerate(texts)
              if any(line.strip().startswith(BODY_END[briefing]) for line in t.splitlines())]
    end = starts[0]
    top = [line.strip() for line in texts[end].splitlines() if line.strip()][:3]
    assert end <= 1 or (end == 2 and any(line.startswith(BODY_END[briefing]) for line in top)), \
        f"{briefing}: the body runs past two pages"


#: The real briefs' markings (issues 11, 24): a UK floor for the regulators' options, the Commission's
#: sensitive non-classified level for the officials' lines to take (not the Council's LIMITE), and the
#: public guide left public.
MARKINGS = {"eu-official": "SENSITIVE", "uk-regulator": "OFFICIAL", "uk-sme": "TLP:CLEAR"}


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


#: What each reader asked for (issues 13 and 24), as it must appear in the PDF.
KEY_FACTS = {
    "eu-official": ["Meeting:", "ITRE committee: public exchange of views", "10 December 2026", "Lead service:",
                    "For:", "Purpose and three messages",
                    "Access helps defenders, on conditions", "The law does not depend on goodwill",
                    "Partnership and capability",
                    # the internal state of play is for an oral briefing, never this note
                    "Before the hearing, the AI Office and ENISA brief you orally on their actual access",
                    "for your clearance by 8 January 2027", "Lines not to cross.",
                    "Neither confirm nor deny later press reports",
                    "Opening statement", "Chair, honourable Members",
                    "Likely questions and public answers",
                    "Did Anthropic tell the EU to ask Washington first?", "The US curbs: can they return?",
                    "What can the AI Office do now?", "source code included",
                    "Regulation (EU) 2018/1725", "European Data Protection Supervisor (EDPS)",
                    "on ChatGPT under the DSA", "The public record", "How current this is. Reporting up to 2 July 2026",
                    "Our search on 7 December 2026 for later reporting",
                    # round 2 (EU r1 reader and fact-checker): a DSA line that denies nothing, with the status
                    # confirmed by the DSA team; the curbs as Chatham House dates them; the Commission's own work;
                    # Article 92's conditions; the statement's sources on one line after it; a clean lead service
                    "the DSA team confirms ChatGPT’s status under the DSA",
                    "The Commission’s decisions under the DSA are published; I will not comment on any link",
                    "“recent decision” to class ChatGPT", "(futureprep.eu)",
                    "“certain trusted partners” were exempted for Mythos 5 (Mayer Brown)",
                    "On 30 June the US removed the restrictions; from 1 July Fable 5 was public worldwide",
                    "widen Mythos access to international partners (Chatham House)",
                    "What is the Commission itself doing?", "Action Plan on AI and Cybersecurity",
                    "EU Cybersecurity Reserve", "nearly double ENISA’s resources",
                    "After consulting the AI Board", "structured dialogue", "fined under Article 101",
                    "Since 2 August 2026 the Commission’s AI Office", "switch off two of its newest models worldwide;",
                    "Sources for the statement, in order:",
                    "Lead service: Cyber Policy Coordination unit, DG CONNECT",
                    "Reference: Sample note: the sending unit is fictional",
                    "claim of EU access to Mythos is unconfirmed"],
    "uk-regulator": ["To:", "From:", "Purpose:", "For decision", "Decision by:", "Clearance:",
                     # the re-targeted occasion (issue 24, round 7): an ICO team's submission to its
                     # Executive Team on short advice for organisations using AI security tools
                     "Technology Policy team (sample), Information Commissioner’s Office", "ICO Executive Team",
                     "That the Executive Team agrees (a) now", "Why by 18 December 2026",
                     "Monitor, revisit by 30 June 2027", "Rough cost", "Medium: 25 days",
                     "access to use", "access for insight", "AI Security Institute’s (AISI) role",
                     "Legal and handling lines", "Article 28(3)", "Article 46",
                     "International Data Transfer Agreement (IDTA)",
                     "names and endorses no supplier", "He should be treated as",
                     "six questions of the team’s sample guide", "AI in your cyber security tools: what to check",
                     "On 14 May 2026 we published a blog", "in the passages we read, not where",
                     "Annex A", "PHIA", "not for the ICO’s own choices", "Confidence in the sources",
                     "We assess it is a realistic possibility", "next 12 months",
                     "Reporting up to 1 July 2026 (public reporting, searched 7 December 2026)",
                     "switched off its two newest models", "which users got which model back",
                     "lifted about 1 July 2026",
                     "the only government body outside the US with preview access"],
    "uk-sme": ["The short answer",
               # Round s3 (fresh reader, score 3): nothing changes in law; one check; the models named;
               # Mythos never on public release; what the record shows after 1 July; the contract duty.
               "Does anything change for you? Nothing changes in law for you.",
               "What is the check? Send your IT provider the email on page 2",
               "artificial intelligence (AI)", "Fable 5 and Mythos 5",
               "Mythos was not on general sale", "only for a list of “certain trusted partners”",
               "question 1 of the email checks", "Since 2 August 2026 the European Commission",
               "Those duties fall on the AI companies, not on UK firms",
               "We searched public news again on 7 December 2026",
               "Send it by Friday 26 February 2027", "a month for the reply, a month for step 3",
               "An email to copy", "What a good answer says",
               "or is the AI your own?", "would our protection keep working?",
               "includes the data protection terms that UK law requires",
               "You must have a written contract with any supplier that handles personal data for you",
               "International Data Transfer Agreement (IDTA)", "not used to train",
               "Do not turn AI features off", "You can share this guide freely",
               "The UK is not part of these talks"],
}
#: What must never appear: the regulator's politics and probabilities on UK choices; circular sourcing;
#: one company's position announced as a line; placeholders; the SME's stray syntax; LIMITE, the Council's.
NEVER = {"uk-regulator": ["Osborne", "quietly", "as Resultsense also suggests", "cross-regulator",
                          "the ICO will", "The ICO's view is", "We assess it is likely that the ICO",
                          "We assess it is likely that, if the UK", "example.org", "DSIT to choose",
                          "Needs US approval", "within 2 years", "Northgate", "He is treated as",
                          "nothing reliable since", "AISI alone", "Consulted:", "Existing memorandums"],
         "eu-official": ["We assess it is likely that OpenAI", "LIMITE", "example.org", "Actions before the meeting",
                         "check the position before the meeting",
                         "No. Resultsense alleges", "Northgate", "25 June 2026; nothing",
                         "No agreement has been reported", "Ask ENISA and the AI Office", "within a week",
                         # the hearing note: no roundtable left over, no copy sites read by past readers
                         # as weak, one CNBC report listed once, no internal state of play
                         "roundtable", "gokawiil", "herald.la", "We assess",
                         # round 2: no denial of a DSA decision, no hedged lifting stated as fact, no search
                         # "cited" to June sources, no "(sample)" in the lead service, no three-week figure
                         "we found no designation", "Secondary reports citing Reuters", "lifted from 1 July",
                         "almost three weeks", "unit (sample)", "for later reporting on these talks",
                         "member states’ authorities apply the GDPR"],
         "uk-sme": ["**", "[^", "example.org", "Example Policy Team", "Unnamed news report",
                    "cashwinner", "dig.watch/category", "this month", "within 2 weeks",
                    "virxact", "gokawiil", "news-you-need",
                    "The UK government has its own agreement with OpenAI"]}


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
    opening = "Summary" if briefing == "uk-regulator" else "Purpose and three messages"
    body = body.split(opening, 1)[1]  # after the header
    # Superscript references: digits set right after a word or its punctuation ("Plan.1", "undated.1,2").
    cited = {int(n) for refs in re.findall(r"(?<=[A-Za-z.,;:)\u201d\u2019])(\d{1,2}(?:,\d{1,2})*)(?=\s|$)", body)
             for n in refs.split(",")}
    assert cited, "no note references in the text"
    marking = MARKINGS[briefing]
    footers = "Briefing for EU officials|To the ICO Executive Team"
    furniture = rf"(?:{footers}) {marking} Page \d+ of \d+ {marking} "
    notes = re.sub(furniture, "", notes)  # the notes run over pages: drop each page's footer and header
    parts = re.split(r"(?:^|(?<=[.↑]) )(\d{1,2})\. (?=[A-Z\[])", notes.split(marking)[0].strip())
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


@pytest.mark.parametrize("briefing", sorted(BUDGETS))
def test_every_claim_sentence_is_accounted_for(briefing: str) -> None:
    # Issue 22: each claim sentence of the real briefs prints a fact, cites one, or is marked as our own
    # words; the spec makes an uncited one an error, so that none creeps back.
    loaded = project.load(REPO)
    spec = loaded.briefings[briefing]
    found = claims.claims(make_environment(loaded.templates), spec.template)
    assert [claims.message(s) for s in found.uncited()] == []
    assert found.total > 0 and found.count("ours") > 0 and found.count("cited") > 0
    assert spec.require_citations and spec.max_source_age is not None and spec.dates


def test_the_real_briefs_pass_the_provenance_checks_at_their_edition_date() -> None:
    # No uncited claim, no passed spec date, no source older than the gate, no unreviewed fact change.
    out = check_project(REPO, "2026-12-07", report=True)
    assert not [line for line in out.splitlines()
                if line.startswith(("claim:", "date passed:", "sources too old:", "review:"))]
    assert out.count("0% uncited") == 3 and out.count("dates passed none") == 3


#: Round 3 (issue 24): the PDF's author is the service the header names as sender, not the settings' default.
AUTHORS = {"eu-official": "Cyber Policy Coordination unit, DG CONNECT",
           "uk-regulator": "Technology Policy team (sample), Information Commissioner’s Office"}


@pytest.mark.parametrize("briefing", sorted(AUTHORS))
def test_pdf_author_is_the_sender(built: Path, briefing: str) -> None:
    meta: Any = pypdf.PdfReader(built / "build" / f"{briefing}.pdf").metadata
    assert meta.author == AUTHORS[briefing]
    assert AUTHORS[briefing] in flat(pages(built, briefing)[0])


def test_eu_statement_is_clean_for_speaking(built: Path) -> None:
    """EU r1: the opening statement is read aloud; its sources follow it on one line, none inside it."""
    text = flat(" ".join(pages(built, "eu-official")))
    statement = text.split("Chair, honourable Members", 1)[1].split("Sources for the statement", 1)[0]
    assert not re.search(r"[A-Za-z.,;:)\u201d\u2019]\d", statement), statement


def test_sme_source_lines_never_open_a_page(built: Path) -> None:
    """A 'Sources:' line stays with the paragraph it sources (round 3: one sat alone atop page 2)."""
    for number, text in enumerate(pages(built, "uk-sme"), 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert not lines[1].startswith(("Source:", "Sources:")), f"page {number} opens with a source line"
