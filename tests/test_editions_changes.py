"""Which changes readers are told: substantive ones with the analyst's note; never editorial ones, a
renewed review date, or a fact the brief dropped while the fact base keeps it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from briefgen.commands import cli
from support import build, write

FACTS = """
facts:
  - id: example-event
    statement: An example organisation announced a new policy on cyber security.
    kind: reported
    sources: [example-report]
    tags: [example]
    review_by: 2027-01-01

  - id: second-event
    statement: A regulator opened a consultation on the policy.
    kind: reported
    sources: [example-report]
    tags: [example]

  - id: example-outlook
    statement: We assess it is likely that other organisations will follow within a year.
    kind: assessment
    likelihood: likely
    based_on: [example-event]
    tags: [example]
"""


def publish(root: Path, day: str) -> None:
    result = build(root, day, publish=True)
    assert not result.failed, result.failed


def edit(root: Path, *pairs: tuple[str, str]) -> None:
    path = root / "facts/example.yaml"
    text = path.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def manifest(root: Path, name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "editions/example" / name / "manifest.json").read_text())  # type: ignore[no-any-return]


def every_output(root: Path) -> str:
    """Everything a reader can see: the brief, its edition copies, the feed and the index."""
    files = [*(root / "build").glob("example.*"), *(root / "editions").rglob("example.md"),
             root / "editions/example/feed.atom", root / "editions/index.html"]
    return "\n".join(p.read_text(errors="replace") for p in files if p.suffix != ".pdf")


def test_editorial_changes_are_kept_but_never_shown_and_substantive_ones_carry_their_note(starter: Path) -> None:
    write(starter, {"facts/example.yaml": FACTS})
    publish(starter, "2026-11-24")
    edit(starter,
         ("a new policy on cyber security.\n", "a new policy on cyber-security.\n    change: editorial\n"
                                               "    change_note: Hyphenation fixed.\n"),
         ("opened a consultation on the policy.\n", "closed its consultation on the policy.\n"
                                                   "    change_note: The consultation has now closed.\n"),
         ("review_by: 2027-01-01", "review_by: 2027-06-01"))
    publish(starter, "2026-11-25")
    md = (starter / "build/example.md").read_text()
    section = md.split("## What has changed since 24 November 2026\n")[1].split("\n## ")[0]
    assert section.strip().splitlines() == [
        "- **Updated** (what it says) A regulator closed its consultation on the policy.[^1]  \\",
        "  What changed: The consultation has now closed.",
    ]
    seen = every_output(starter)
    assert "Hyphenation fixed" not in seen and "cyber-security" not in section
    assert "The consultation has now closed." in (starter / "editions/example/feed.atom").read_text()
    kept = manifest(starter, "2026-11-25")["changes"]
    assert [(c["id"], c["note"]) for c in kept["editorial"]] == [("example-event", "Hyphenation fixed.")]
    assert [(c["id"], c["note"]) for c in kept["changed"]] == [("second-event", "The consultation has now closed.")]
    assert kept["reviewed"] == [] and kept["withdrawn"] == [] and kept["added"] == []
    out = CliRunner().invoke(cli, ["diff", "example", "-p", str(starter), "--as-of", "2026-11-25"]).output
    assert "  editorial  example-event (what it says; not shown to readers)" in out
    assert "             note: The consultation has now closed." in out


def test_a_renewed_review_date_alone_is_no_change_and_no_edition(starter: Path) -> None:
    write(starter, {"facts/example.yaml": FACTS})
    publish(starter, "2026-11-24")
    edit(starter, ("review_by: 2027-01-01", "review_by: 2027-06-01"))
    publish(starter, "2026-11-25")
    assert sorted(p.name for p in (starter / "editions/example").iterdir() if p.is_dir()) == ["2026-11-24"]
    edit(starter, ("opened a consultation", "launched a consultation"))
    publish(starter, "2026-11-26")
    kept = manifest(starter, "2026-11-26")["changes"]
    assert kept["reviewed"] == ["example-event"] and [c["id"] for c in kept["changed"]] == ["second-event"]
    assert "review date" not in (starter / "build/example.md").read_text()


def test_a_published_note_is_spent_and_never_describes_a_later_change(starter: Path) -> None:
    write(starter, {"facts/example.yaml": FACTS})
    publish(starter, "2026-11-24")
    edit(starter, ("opened a consultation on the policy.\n", "opened a consultation on the policy, to March.\n"
                                                            "    change: editorial\n"))
    publish(starter, "2026-11-25")
    assert "What has changed" not in (starter / "build/example.md").read_text()
    edit(starter, ("to March", "to June"))  # a real change, with the old 'editorial' left in place
    publish(starter, "2026-11-26")
    md = (starter / "build/example.md").read_text()
    assert "- **Updated** (what it says) A regulator opened a consultation on the policy, to June.[^1]" in md


def test_withdrawn_means_removed_from_the_fact_base_not_dropped_from_the_brief(starter: Path) -> None:
    write(starter, {"facts/example.yaml": FACTS})
    publish(starter, "2026-11-24")
    # The spec stops drawing the fact (a template that merely tests a fact's id has read it: that
    # counts as using it, for its marking and its record, so the drop is made where the spec draws).
    edit(starter, ("A regulator opened a consultation on the policy.\n    kind: reported\n"
                   "    sources: [example-report]\n    tags: [example]",
                   "A regulator opened a consultation on the policy.\n    kind: reported\n"
                   "    sources: [example-report]\n    tags: [archive]"),
         ("a new policy", "a revised policy"))
    publish(starter, "2026-11-25")
    md = (starter / "build/example.md").read_text()
    assert "Withdrawn" not in md and "consultation" not in md
    assert manifest(starter, "2026-11-25")["changes"]["dropped"] == ["second-event"]
    path = starter / "facts/example.yaml"
    path.write_text(path.read_text().split("  - id: example-outlook")[0])  # the analyst withdraws the assessment
    publish(starter, "2026-11-26")
    md = (starter / "build/example.md").read_text()
    assert ("- **Withdrawn:** We assess it is likely that other organisations will follow within a year."
            in md)
