"""Dated editions: kept with a manifest, 'what has changed' for the reader, diff, retention, repair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.editions import manifest as editions
from support import build, write

MORE = """
facts:
  - id: second-event
    statement: A regulator opened a consultation.
    kind: reported
    sources: [example-report]
    tags: [example]
"""


def edition_dir(root: Path, day: str) -> Path:
    return root / "build/editions/example" / day


def test_first_edition_is_recorded_without_a_changes_section(starter: Path) -> None:
    build(starter)
    folder = edition_dir(starter, "2026-11-24")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["briefing"] == "example" and manifest["edition"] == "2026-11-24"
    assert manifest["marking"] == "TLP:CLEAR" and manifest["sources"] == ["example-report"]
    assert set(manifest["facts"]) == {"example-event", "example-outlook"}
    assert manifest["facts"]["example-event"]["text"].startswith("An example organisation announced")
    for name in ("example.md", "example.pdf"):
        assert (folder / name).read_bytes() == (starter / "build" / name).read_bytes()
        assert manifest["outputs"][name] == editions.sha256((folder / name).read_bytes())
    assert "What has changed" not in (starter / "build/example.md").read_text()


def test_next_edition_says_what_changed(starter: Path) -> None:
    build(starter)
    facts = starter / "facts/example.yaml"
    text = facts.read_text().replace("a new policy on cyber security", "a revised policy on cyber security")
    facts.write_text(text.split("  - id: example-outlook")[0])  # withdraw the assessment
    write(starter, {"facts/more.yaml": MORE})
    build(starter, day="2026-12-01")
    md = (starter / "build/example.md").read_text()
    assert "## What has changed since 24 November 2026" in md
    assert "- **New:** A regulator opened a consultation.[^1]" in md
    assert "- **Updated** (what it says) An example organisation announced a revised policy" in md
    assert "- **Withdrawn:** We assess it is likely that other organisations will follow within a year." in md
    assert edition_dir(starter, "2026-11-24").is_dir() and edition_dir(starter, "2026-12-01").is_dir()
    out = CliRunner().invoke(cli, ["diff", "example", "-p", str(starter), "--as-of", "2026-12-01"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "example: changes since the edition of 2026-11-24 (now 2026-12-01)",
        "  added      second-event: A regulator opened a consultation.",
        "  changed    example-event (what it says): An example organisation announced a revised policy on "
        "cyber security.",
        "  withdrawn  example-outlook: We assess it is likely that other organisations will follow within a year.",
    ]


def test_diff_without_an_earlier_edition(starter: Path) -> None:
    out = CliRunner().invoke(cli, ["diff", "example", "-p", str(starter), "--as-of", "2026-11-24"])
    assert out.exit_code == 1 and "no edition of 'example' before 2026-11-24" in out.output
    build(starter)
    same = CliRunner().invoke(cli, ["diff", "example", "-p", str(starter), "--since", "2026-11-24"])
    assert same.exit_code == 2 and "expected a date before the edition compared" in same.output
    build(starter, day="2026-12-01")  # an edition dated ahead of today: diff defaults to it
    ahead = CliRunner().invoke(cli, ["diff", "example", "-p", str(starter)])
    assert ahead.exit_code == 0 and "changes since the edition of 2026-11-24 (now 2026-12-01)" in ahead.output


def test_retention(starter: Path) -> None:
    write(starter, {"briefgen.yaml": "keep_editions: 2\n"})
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        build(starter, day=day)
    assert editions.edition_dates(starter / "build", "example") == [
        editions.parse_date("2026-11-25"), editions.parse_date("2026-11-26")]


def test_failed_run_leaves_the_last_good_edition(starter: Path) -> None:
    build(starter)
    good = (starter / "build/example.md").read_bytes()
    write(starter, {"templates/example.md.j2": "# T\n{{ fact('missing') }}\n"})
    result = build(starter, day="2026-11-25")
    assert result.failed
    assert not edition_dir(starter, "2026-11-25").exists()
    assert (starter / "build/example.md").read_bytes() == good


def test_crash_between_brief_and_manifest_is_repaired(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(starter)

    def crash(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(editions, "record", crash)
    with pytest.raises(SystemExit):
        build(starter, day="2026-11-25")
    assert "25 November 2026" in (starter / "build/example.md").read_text()
    assert not edition_dir(starter, "2026-11-25").exists()
    monkeypatch.undo()
    build(starter, day="2026-11-25")
    manifest = json.loads((edition_dir(starter, "2026-11-25") / "manifest.json").read_text())
    assert manifest["outputs"]["example.md"] == editions.sha256((starter / "build/example.md").read_bytes())


def test_check_warns_when_a_statement_changes_but_its_wording_does_not(starter: Path) -> None:
    facts = starter / "facts/example.yaml"
    wording = "    wording:\n      general: A firm set out a new cyber policy.\n"
    facts.write_text(facts.read_text().replace("    kind: reported\n", "    kind: reported\n" + wording, 1))
    build(starter)
    facts.write_text(facts.read_text().replace("announced a new policy", "withdrew its policy"))
    out = CliRunner().invoke(cli, ["check", "-p", str(starter), "--as-of", "2026-12-01"])
    assert out.exit_code == 0
    assert ("wording: facts/example.yaml:2: fact 'example-event': its statement changed since the edition of "
            "2026-11-24 but its general wording did not") in out.output
