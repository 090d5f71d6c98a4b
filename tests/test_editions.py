"""Published editions: outside build/, recorded only when publishing, revisions, no going back in time,
manifests that are broken, symbolic links, diff and retention."""

from __future__ import annotations

import calendar
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.editions.record import sha256
from support import REPO, build, write

MORE = """
facts:
  - id: second-event
    statement: A regulator opened a consultation.
    kind: reported
    sources: [example-report]
    tags: [example]
"""


def edition_dir(root: Path, name: str) -> Path:
    return root / "editions/example" / name


def names(root: Path) -> list[str]:
    folder = root / "editions/example"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def publish(root: Path, day: str = "2026-11-24", **options: object):  # type: ignore[no-untyped-def]
    return build(root, day, publish=True, **options)


def cli_run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def reword(root: Path, old: str, new: str, file: str = "facts/example.yaml") -> None:
    path = root / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


def test_first_edition_is_recorded_without_a_changes_section(starter: Path) -> None:
    result = publish(starter)
    assert result.names("published") == ["editions/example/2026-11-24"]
    folder = edition_dir(starter, "2026-11-24")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["briefing"] == "example" and manifest["edition"] == "2026-11-24"
    assert manifest["id"] == "2026-11-24" and manifest["since"] is None and manifest["changes"] is None
    assert manifest["marking"] == "TLP:CLEAR" and manifest["sources"] == ["example-report"]
    assert set(manifest["facts"]) == {"example-event", "example-outlook"}
    assert manifest["facts"]["example-event"]["text"].startswith("An example organisation announced")
    for name in ("example.md", "example.pdf"):
        assert (folder / name).read_bytes() == (starter / "build" / name).read_bytes()
        assert manifest["outputs"][name] == sha256((folder / name).read_bytes())
    assert "What has changed" not in (starter / "build/example.md").read_text()


def test_builds_checks_and_previews_publish_nothing(starter: Path) -> None:
    build(starter)
    build(starter, day="2026-12-01", force=True)
    assert cli_run("check", "-p", str(starter))[0] == 0
    assert cli_run("render", "example", "-p", str(starter))[0] == 0
    assert not (starter / "editions").exists() and not (starter / "build/editions").exists()


def test_editions_survive_make_clean_and_changes_still_show(starter: Path) -> None:
    publish(starter)
    subprocess.run(["make", "-s", "-f", str(REPO / "Makefile"), "clean"], cwd=starter, check=True)
    assert not (starter / "build").exists() and names(starter) == ["2026-11-24"]
    reword(starter, "a new policy", "a revised policy")
    publish(starter, "2026-12-01")
    md = (starter / "build/example.md").read_text()
    assert "## What has changed since 24 November 2026" in md
    assert names(starter) == ["2026-11-24", "2026-12-01"]


def test_next_edition_says_what_changed(starter: Path) -> None:
    publish(starter)
    facts = starter / "facts/example.yaml"
    text = facts.read_text().replace("a new policy on cyber security", "a revised policy on cyber security")
    facts.write_text(text.split("  - id: example-outlook")[0])  # withdraw the assessment from the fact base
    write(starter, {"facts/more.yaml": MORE})
    publish(starter, "2026-12-01")
    md = (starter / "build/example.md").read_text()
    assert "## What has changed since 24 November 2026\n" in md
    assert "- **New:** A regulator opened a consultation.[^1]" in md
    assert "- **Updated** (what it says) An example organisation announced a revised policy" in md
    assert "- **Withdrawn:** We assess it is likely that other organisations will follow within a year." in md
    assert names(starter) == ["2026-11-24", "2026-12-01"]
    code, out = cli_run("diff", "example", "-p", str(starter), "--as-of", "2026-12-01")
    assert code == 0, out
    assert out.splitlines() == [
        "example: changes since the edition of 2026-11-24 (now 2026-12-01)",
        "  added      second-event: A regulator opened a consultation.",
        "  changed    example-event (what it says): An example organisation announced a revised policy on "
        "cyber security.",
        "  withdrawn  example-outlook: We assess it is likely that other organisations will follow within a year.",
    ]


def test_a_changed_brief_on_the_same_day_is_a_revision_and_an_unchanged_one_is_nothing(starter: Path) -> None:
    publish(starter)
    again = publish(starter)
    assert again.names("same edition") == ["editions/example/2026-11-24"] and names(starter) == ["2026-11-24"]
    reword(starter, "a new policy", "a revised policy")
    publish(starter)
    assert names(starter) == ["2026-11-24", "2026-11-24.2"]
    md = (starter / "build/example.md").read_text()
    assert "## What has changed since 24 November 2026 (earlier edition)" in md
    manifest = json.loads((edition_dir(starter, "2026-11-24.2") / "manifest.json").read_text())
    assert manifest["revision"] == 2 and manifest["since"] == "2026-11-24"
    assert edition_dir(starter, "2026-11-24/example.md").read_text() != md  # the first one is kept as it was
    publish(starter)
    assert names(starter) == ["2026-11-24", "2026-11-24.2"]


def test_an_unchanged_brief_keeps_saying_what_its_edition_said(starter: Path) -> None:
    publish(starter)
    publish(starter, "2026-11-25")  # nothing changed: no edition, and nothing to report
    assert names(starter) == ["2026-11-24"]
    assert "What has changed" not in (starter / "build/example.md").read_text()
    reword(starter, "a new policy", "a revised policy")
    publish(starter, "2026-11-26")
    for day in ("2026-11-27", "2026-11-30"):  # later runs with nothing new: the same brief, re-dated
        result = publish(starter, day)
        assert result.names("same edition") == ["editions/example/2026-11-26"]
        md = (starter / "build/example.md").read_text()
        assert "## What has changed since 24 November 2026" in md and "a revised policy" in md
    assert names(starter) == ["2026-11-24", "2026-11-26"]


def test_publishing_an_older_date_than_the_latest_edition_is_refused(starter: Path) -> None:
    publish(starter, "2026-12-01")
    before = (starter / "build/example.md").read_bytes()
    code, out = cli_run("publish", "-p", str(starter), "--as-of", "2026-11-25")
    assert code == 1
    assert "refusing to publish an edition older than the latest one; nothing was built" in out
    assert "editions/example/2026-12-01 is dated after 2026-11-25" in out and "--allow-older" in out
    assert (starter / "build/example.md").read_bytes() == before and names(starter) == ["2026-12-01"]
    reword(starter, "a new policy", "a revised policy")
    code, out = cli_run("publish", "-p", str(starter), "--as-of", "2026-11-25", "--allow-older")
    assert code == 0, out
    assert names(starter) == ["2026-11-25", "2026-12-01"]


def test_a_preview_dated_ahead_does_not_hold_back_todays_build(starter: Path) -> None:
    publish(starter)
    build(starter, day="2027-01-05")  # an author's preview: not an edition
    assert names(starter) == ["2026-11-24"]
    result = build(starter, day="2026-11-25")
    assert not result.failed and "25 November 2026" in (starter / "build/example.md").read_text()


@pytest.mark.parametrize("damage", ["truncated", "not-a-manifest", "missing"])
def test_a_broken_manifest_is_named_and_never_blocks(starter: Path, damage: str) -> None:
    publish(starter)
    path = edition_dir(starter, "2026-11-24/manifest.json")
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "not-a-manifest":
        path.write_text("[1, 2]\n")
    else:
        path.unlink()
    assert not build(starter, day="2026-11-25").failed
    reword(starter, "a new policy", "a revised policy")
    code, out = cli_run("publish", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 0, out
    assert "warning: editions/example/2026-11-24/manifest.json: " in out
    assert "this edition is skipped until it is restored (git checkout -- editions/example/2026-11-24)" in out
    assert names(starter) == ["2026-11-24", "2026-11-24.2"]  # the damaged one's name is not reused
    feed = (starter / "editions/example/feed.atom").read_text()
    assert "2026-11-24.2/example.md" in feed and "2026-11-24/example.md" not in feed


def test_editions_are_never_written_through_a_link_outside_the_project(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (starter / "editions").symlink_to(outside)
    code, out = cli_run("publish", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 1 and "editions: leads to" in out and "outside the project" in out
    assert list(outside.iterdir()) == []
    (starter / "editions").unlink()
    (starter / "editions").mkdir()
    (starter / "editions/example").symlink_to(outside)
    code, out = cli_run("publish", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 1 and "editions/example: leads to" in out and list(outside.iterdir()) == []


def test_the_editions_folder_is_a_setting_inside_the_project_outside_build(starter: Path) -> None:
    write(starter, {"briefgen.yaml": "editions: records/briefs\n"})
    publish(starter)
    assert (starter / "records/briefs/example/2026-11-24/manifest.json").is_file()
    assert (starter / "records/briefs/index.html").is_file()
    for bad, why in (("../elsewhere", "expected a folder inside the project"),
                     ("/srv/x", "expected a folder inside the project"),
                     ("build/editions", "expected a folder outside build/")):
        write(starter, {"briefgen.yaml": f"editions: {bad}\n"})
        code, out = cli_run("check", "-p", str(starter))
        assert code == 1 and f"briefgen.yaml:1: editions: {why}" in out, out


def test_failed_run_publishes_nothing(starter: Path) -> None:
    publish(starter)
    good = (starter / "build/example.md").read_bytes()
    write(starter, {"templates/example.md.j2": "# T\n{{ fact('missing') }}\n"})
    result = publish(starter, "2026-11-25")
    assert result.failed and names(starter) == ["2026-11-24"]
    assert (starter / "build/example.md").read_bytes() == good


def test_stale_facts_under_strict_publish_nothing(starter: Path) -> None:
    reword(starter, "    as_of: 2026-01-15\n", "    as_of: 2026-01-15\n    review_by: 2026-11-01\n")
    code, out = cli_run("publish", "--strict", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 3 and "past their review date" in out and names(starter) == []


def test_retention(starter: Path) -> None:
    write(starter, {"briefgen.yaml": "keep_editions: 2\n"})
    for n, day in enumerate(("2026-11-24", "2026-11-25", "2026-11-26")):
        reword(starter, "policy on cyber security" if n == 0 else f"security{'!' * n}.", f"security{'!' * (n + 1)}.")
        publish(starter, day)
    assert names(starter) == ["2026-11-25", "2026-11-26"]
    assert not [p for p in (starter / "editions/example").iterdir() if p.name.startswith(".")]


def test_diff_without_an_earlier_edition(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Today" is fixed (SOURCE_DATE_EPOCH, 2026-11-26 at noon UTC), so that the edition of 2026-12-01 is
    # dated ahead of it on any day this test runs.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm((2026, 11, 26, 12, 0, 0))))
    code, out = cli_run("diff", "example", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 1 and "no edition of 'example' on or before 2026-11-24 in editions/example/" in out
    publish(starter)
    code, out = cli_run("diff", "example", "-p", str(starter), "--since", "2026-11-24", "--as-of", "2026-11-24")
    assert code == 2 and "expected a date before the edition compared" in out
    reword(starter, "a new policy", "a revised policy")
    publish(starter, "2026-12-01")  # an edition dated ahead of today: diff defaults to it
    code, out = cli_run("diff", "example", "-p", str(starter))
    assert code == 0 and "changes since the edition of 2026-11-24 (now 2026-12-01)" in out


def test_check_warns_when_a_statement_changes_but_its_wording_does_not(starter: Path) -> None:
    facts = starter / "facts/example.yaml"
    wording = "    wording:\n      general: A firm set out a new cyber policy.\n"
    facts.write_text(facts.read_text().replace("    kind: reported\n", "    kind: reported\n" + wording, 1))
    publish(starter)
    facts.write_text(facts.read_text().replace("announced a new policy", "withdrew its policy"))
    code, out = cli_run("check", "-p", str(starter), "--as-of", "2026-12-01")
    assert code == 0
    assert ("wording: facts/example.yaml:2: fact 'example-event': its statement changed since the edition of "
            "2026-11-24 but its general wording did not") in out


def test_build_refuses_publish_with_a_format_or_a_dry_run(starter: Path) -> None:
    assert "cannot be combined with --format" in cli_run("build", "--publish", "-f", "md", "-p", str(starter))[1]
    assert "cannot be combined with --dry-run" in cli_run("build", "--publish", "-n", "-p", str(starter))[1]
    assert "give --publish too" in cli_run("build", "--allow-older", "-p", str(starter))[1]



def test_diff_of_a_brief_unchanged_since_its_only_edition_says_so(starter: Path) -> None:
    """It used to say "no edition ... publish one first" although editions/example/2026-11-24 existed."""
    publish(starter)
    code, out = cli_run("diff", "example", "-p", str(starter), "--as-of", "2026-12-07")
    assert code == 0, out
    assert out == ("example: unchanged since its edition of 2026-11-24, the first (nothing to compare it with; "
                   "as of 2026-12-07)\n")
