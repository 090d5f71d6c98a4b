"""The tool's own additions never make a brief fail its gates (issue 23): the "What has changed"
section briefgen adds is not measured as the author's body, has its own limit and a short form, and a
failed gate is reported once per brief, not once per format."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import build, copy_repo

LATER = "facts/later-reporting.yaml"
#: wordings the SME guide prints, each changed substantively with a note for readers
EDITS = [
    ("        switched them off for all users. The controls were lifted about 1 July 2026.\n",
     "        switched them off for everyone. The controls were lifted about 1 July 2026.\n"
     "    change_note: Anthropic's switch-off reached UK users too.\n"),
    ("        early access to Anthropic's model Mythos, CNBC reported.\n",
     "        early access to Anthropic's model Mythos, CNBC said.\n"
     "    change_note: The report is from May 2026.\n"),
    ("        agreement with OpenAI, from July 2025.\n",
     "        agreement with OpenAI, signed in July 2025.\n"
     "    change_note: The UK agreement was signed in July 2025.\n"),
]


def edit(root: Path, edits: list[tuple[str, str]]) -> None:
    path = root / LATER
    text = path.read_text()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text)
    accept_reviews(root)


def accept_reviews(root: Path) -> None:
    """The analyst revised the prose resting on the changed facts, and accepts the review."""
    import datetime as dt

    from briefgen.content import project as project_mod
    from briefgen.reports.review import accept

    project = project_mod.load(root)
    for bid in project.briefings:
        if (root / "briefings" / f"{bid}.lock").exists():
            accept(project, bid, (), dt.date(2026, 12, 1))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("sched") / "repo")
    first = build(root, "2026-12-01", publish=True, strict=True, ids=("uk-sme",), jobs=1)
    assert not first.failed, first.failed
    return root


def test_one_wording_changed_still_passes_strict_gates(published: Path) -> None:
    edit(published, EDITS[:1])
    result = build(published, "2026-12-08", publish=True, strict=True, ids=("uk-sme",), jobs=1)
    assert not result.failed, result.failed
    assert result.names("published") == ["editions/uk-sme/2026-12-08"]
    md = (published / "build/uk-sme.md").read_text()
    assert "What is new since 1 December 2026" in md and "switched them off for everyone" in md
    section = md.split("## What is new since 1 December 2026")[1].split("\n## ")[0]
    # the reader's words: the guide's own label, and no jargon about which part of a fact changed
    assert "- **Changed:** In June 2026" in section and "what it says" not in section
    assert "What changed: Anthropic's switch-off reached UK users too." in section
    # the feed and the index tell the change in the guide's own words
    for name in ("uk-sme/feed.atom", "index.html"):
        told = (published / "editions" / name).read_text()
        assert "What is new since 1 December 2026:" in told and "Changed:" in told
        assert "what it says" not in told and "Updated" not in told


def test_a_long_changes_section_has_a_short_form_and_the_gates_still_pass(published: Path) -> None:
    template = published / "templates/uk-sme.md.j2"
    include = '{% include "partials/changes.md.j2" %}'
    template.write_text(template.read_text().replace(include, "{% set changes_limit = 1 %}" + include))
    edit(published, EDITS[1:])
    result = build(published, "2026-12-15", publish=True, strict=True, ids=("uk-sme",), jobs=1)
    assert not result.failed, result.failed
    section = (published / "build/uk-sme.md").read_text().split("## What is new since 8 December 2026")[1]
    section = section.split("\n## ")[0]
    assert section.count("- **Changed:**") == 1
    assert "- 1 further change: see the full list in this brief's feed of editions." in section


def test_a_failed_gate_is_reported_once_per_brief_not_once_per_format(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    spec = root / "briefings/uk-sme.yaml"
    spec.write_text(spec.read_text().replace("  words: 1000 ", "  words: 100 "))
    result = build(root, "2026-12-01", strict=True, ids=("uk-sme",), jobs=1)
    details = [detail for _, status, detail in result.events if status == "failed"]
    assert len(details) == len(result.failed) > 1
    assert sum("words, over the budget of 100" in d for d in details) == 1
    assert all("see uk-sme." in d for d in details if "over the budget" not in d)
