"""The tool's own additions never make a brief fail its gates (issue 23): the "What has changed"
section briefgen adds is not measured as the author's body, has its own limit and a short form, and a
failed gate is reported once per brief, not once per format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import build, copy_repo

Edit = tuple[str, str, str]  # (file, old text, new text), as test_schedule.analyst takes them


def rewordings(root: Path, n: int, skip: tuple[str, ...] = ()) -> list[list[Edit]]:
    """Substantive changes, each with a note for readers, to ``n`` facts the SME guide's latest edition
    printed (found from its manifest, so the content may move on): the sentence end of the text the
    reader saw becomes '!', so no sentence or word count grows."""
    import json

    latest = sorted((root / "editions/uk-sme").glob("*/manifest.json"))[-1]
    # Only a fact whose words the guide prints: one it only cites, or whose date alone it reads
    # (latest-reporting), would change nothing the reader sees, so no new edition would follow.
    printed = " ".join((latest.parent / "uk-sme.md").read_text().split())
    found: list[list[Edit]] = []
    for fid, record in json.loads(latest.read_text())["facts"].items():
        text = str(record["text"]).rstrip()
        if fid in skip or not text.endswith(".") or " ".join(text.split()) not in printed:
            continue
        for path in sorted((root / "facts").glob("*.yaml")):
            content = path.read_text()
            opening = f"  - id: {fid}\n"
            tail = text.split()[-3:]
            lines = [line for line in content.splitlines(keepends=True) if line.rstrip().split()[-3:] == tail]
            if content.count(opening) == 1 and len(lines) == 1 and content.count(lines[0]) == 1:
                rel = path.relative_to(root).as_posix()
                found.append([(rel, lines[0], lines[0].rstrip()[:-1] + "!\n"),
                              (rel, opening, f"{opening}    change_note: Now said with more force ({fid}).\n")])
                break
        if len(found) == n:
            return found
    raise AssertionError(f"fewer than {n} facts of the SME guide to reword")


def edit(root: Path, edits: list[list[Edit]]) -> None:
    for one in edits:
        for rel, old, new in one:
            path = root / rel
            text = path.read_text()
            assert text.count(old) == 1, old
            path.write_text(text.replace(old, new))
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
    edits = rewordings(published, 1)
    fid = edits[0][1][2].split("(")[-1].split(")")[0]
    edit(published, edits)
    result = build(published, "2026-12-08", publish=True, strict=True, ids=("uk-sme",), jobs=1)
    assert not result.failed, result.failed
    assert result.names("published") == ["editions/uk-sme/2026-12-08"]
    md = (published / "build/uk-sme.md").read_text()
    section = md.split("## What is new since 1 December 2026")[1].split("\n## ")[0]
    # the reader's words: the guide's own label, and no jargon about which part of a fact changed
    assert section.count("- **Changed:** ") == 1 and "!" in section and "what it says" not in section
    assert f"What changed: Now said with more force ({fid})." in section
    # the feed and the index tell the change in the guide's own words
    for name in ("uk-sme/feed.atom", "index.html"):
        told = (published / "editions" / name).read_text()
        assert "What is new since 1 December 2026:" in told and "Changed:" in told
        assert "what it says" not in told and "Updated" not in told


def test_a_long_changes_section_has_a_short_form_and_the_gates_still_pass(published: Path) -> None:
    template = published / "templates/uk-sme.md.j2"
    include = '{% include "partials/changes.md.j2" %}'
    template.write_text(template.read_text().replace(include, "{% set changes_limit = 1 %}" + include))
    edit(published, rewordings(published, 2))
    result = build(published, "2026-12-15", publish=True, strict=True, ids=("uk-sme",), jobs=1)
    assert not result.failed, result.failed
    section = (published / "build/uk-sme.md").read_text().split("## What is new since 8 December 2026")[1]
    section = section.split("\n## ")[0]
    assert section.count("- **Changed:**") == 1
    assert "- 1 further change: see the full list in this brief's feed of editions." in section


def test_a_failed_gate_is_reported_once_per_brief_not_once_per_format(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    spec = root / "briefings/uk-sme.yaml"
    spec.write_text(re.sub(r"(?m)^  words: \d+", "  words: 100", spec.read_text()))
    result = build(root, "2026-12-01", strict=True, ids=("uk-sme",), jobs=1)
    details = [detail for _, status, detail in result.events if status == "failed"]
    assert len(details) == len(result.failed) > 1
    assert sum("words, over the budget of 100" in d for d in details) == 1
    assert all("see uk-sme." in d for d in details if "over the budget" not in d)
