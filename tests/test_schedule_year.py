"""A year of weekly scheduled runs (issue 23): 52 runs of a small project, each in a fresh clone of what
the run before pushed, with seeded random changes to the facts between runs (substantive changes with
notes, editorial rewordings, additions, removals, reclassifications to a higher marking, renewed review
dates). After every run the invariants hold: no edition without a reader-visible change and none lost;
what changed is told exactly (every substantive change with its note, nothing editorial); a reclassified
fact's text reaches no lower-marked reader; no gate fails; feeds are Atom and each index lists exactly its
editions; the committed tree is complete."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from briefgen.editions.feed import check_atom
from support import REPO, build, minimal_project
from test_schedule import clone, git

START = dt.date(2027, 1, 4)
BRIEFS = {"public": "TLP:CLEAR", "partners": "TLP:AMBER"}


@dataclass
class Fact:
    id: str
    text: str
    marking: str = "TLP:CLEAR"
    review_by: dt.date = dt.date(2027, 12, 31)
    change: str | None = None
    note: str | None = None
    #: every text it ever had, to look for where a lower-marked reader must not see it
    said: list[str] = field(default_factory=list)


def write_facts(root: Path, facts: list[Fact]) -> None:
    items = []
    for f in facts:
        item: dict[str, object] = {"id": f.id, "statement": f.text, "kind": "reported", "sources": ["example-report"],
                                   "tags": ["soak"], "as_of": "2026-12-01", "review_by": f.review_by.isoformat(),
                                   "marking": f.marking}
        if f.change:
            item["change"] = f.change
        if f.note:
            item["change_note"] = f.note
        items.append(item)
    (root / "facts/example.yaml").write_text(yaml.safe_dump({"facts": items}, sort_keys=False))


def seed_project(root: Path, facts: list[Fact]) -> Path:
    minimal_project(root)
    shutil.copy(REPO / "templates/partials/changes.md.j2", root / "templates/partials/changes.md.j2")
    (root / "templates/soak.md.j2").write_text(
        "# {{ brief.title }}\n\n{{ brief.date|date }}\n\n{% include \"partials/changes.md.j2\" %}\n\n"
        "## What we know\n\n{% for f in facts.tagged(\"soak\") %}\n- {{ f }}\n{% endfor %}\n\n"
        "{% include \"partials/notes.md.j2\" %}\n")
    (root / "briefings/example.yaml").unlink()
    with (root / "briefgen.yaml").open("a") as settings:
        settings.write("keep_editions: 0\n")  # keep every edition: none may be lost
    for bid, ceiling in BRIEFS.items():
        (root / f"briefings/{bid}.yaml").write_text(
            f"title: Brief for {bid}\naudience: {bid}\ntemplate: soak.md.j2\nstyle: uk\ncitations: notes\n"
            f"tags: [soak]\nceiling: {ceiling}\nformats: [md, txt]\n"
            "gates:\n  words: 400\n  sentence_words: 30\n")
    write_facts(root, facts)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Fact base")
    return root


def week_of_changes(rng: random.Random, facts: list[Fact], week: int) -> dict[str, str]:
    """Change the facts as analysts would in a week; return what each brief's readers must be told:
    fact id -> 'changed' (with its note), 'added' or 'withdrawn' (for facts visible to a brief)."""
    for f in facts:
        f.change = f.note = None
    told: dict[str, str] = {}
    for _ in range(rng.choice((0, 1, 1, 2))):
        kind = rng.choice(("substantive", "editorial", "add", "remove", "reclassify", "review"))
        live = [f for f in facts]
        if kind == "add" or not live:
            new = Fact(f"fact-{week}-{rng.randrange(10**6)}", f"A new development ({week}-{len(facts)}) was reported.")
            new.said.append(new.text)
            facts.append(new)
            told[new.id] = "added"
            continue
        f = rng.choice(live)
        if f.id in told:
            continue
        if kind == "substantive":
            f.text = f"The situation reported as {f.id} changed in week {week}."
            f.note = f"Updated in week {week}."
            told[f.id] = "changed"
        elif kind == "editorial":
            before, after = ("reported", "noted") if "reported" in f.text else ("noted", "reported")
            f.text = f.text.replace(before, after)
            f.change, f.note = "editorial", f"Reworded for readability in week {week}."  # a new annotation
            told[f.id] = "editorial"
        elif kind == "remove":
            facts.remove(f)
            told[f.id] = "withdrawn"
        elif kind == "reclassify" and f.marking == "TLP:CLEAR":
            f.marking = "TLP:AMBER"
            told[f.id] = "reclassified"
        else:
            f.review_by += dt.timedelta(days=90)
        f.said.append(f.text)
    return told


@pytest.mark.slow
def test_a_year_of_weekly_runs(tmp_path: Path) -> None:
    rng = random.Random(23)
    facts = [Fact(f"fact-{n}", f"Development {n} was reported by the press.") for n in range(5)]
    for f in facts:
        f.said.append(f.text)
    seed = seed_project(tmp_path / "seed", facts)
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    editions = {bid: 0 for bid in BRIEFS}
    shown = {bid: 0 for bid in BRIEFS}
    failed: list[str] = []
    reclassified: dict[str, list[str]] = {}  # fact id -> the texts it had while TLP:CLEAR
    for week in range(52):
        day = START + dt.timedelta(weeks=week)
        work = clone(origin, tmp_path / f"week-{week}")
        before = {f.id: (f.text, f.marking) for f in facts}
        told = week_of_changes(rng, facts, week) if week else {}
        for fid, what in told.items():
            if what == "reclassified":
                reclassified[fid] = next(f.said for f in facts if f.id == fid)
        write_facts(work, facts)  # what the analysts pushed this week
        git(work, "commit", "-qam", f"Week {week}", "--allow-empty")
        result = build(work, day.isoformat(), publish=True, strict=True, jobs=1)
        if result.failed:
            failed.append(f"week {week}: {result.failed}")
        assert not result.failed, result.failed  # no gate fails because of what briefgen added
        git(work, "add", "-A", "editions")
        git(work, "commit", "-qm", f"Publish {day}", "--allow-empty")
        assert git(work, "status", "--porcelain", "--", "editions") == ""  # the committed tree is complete
        git(work, "push", "-q", "origin", "HEAD:main")

        published = {name.split("/")[1] for name in result.names("published")}
        after = {f.id: (f.text, f.marking) for f in facts}
        for bid, ceiling in BRIEFS.items():
            def seen(state: dict[str, tuple[str, str]], ceiling: str = ceiling) -> dict[str, tuple[str, str]]:
                return {fid: v for fid, v in state.items() if ceiling == "TLP:AMBER" or v[1] == "TLP:CLEAR"}

            def shows(state: dict[str, tuple[str, str]]) -> tuple[set[tuple[str, str]], bool]:
                """What the brief's reader sees: its facts' texts, and its marking (AMBER when one is)."""
                visible = seen(state)
                return {(fid, text) for fid, (text, _) in visible.items()}, any(
                    m == "TLP:AMBER" for _, m in visible.values())

            expected = week == 0 or shows(before) != shows(after)  # what this brief's reader sees changed
            assert (bid in published) == expected, (week, bid, told)  # no edition without a change, none lost
            editions[bid] += bid in published
            folder = work / "editions" / bid
            assert len([p for p in folder.iterdir() if p.is_dir()]) == editions[bid]
            feed = (folder / "feed.atom").read_bytes()
            assert check_atom(feed) == [] and feed.count(b"<entry>") == editions[bid]
            if bid in published and week:
                latest = sorted(p for p in folder.iterdir() if p.is_dir())[-1]
                changes = json.loads((latest / "manifest.json").read_text())["changes"]
                md = (work / f"build/{bid}.md").read_text()
                wanted = {fid for fid, what in told.items() if what == "changed" and fid in seen(after)}
                got = {c["id"] for c in changes["changed"] if c["what"] != ["marking"]}
                assert got == wanted, (week, bid, told)  # every substantive change, nothing editorial
                assert all(f"Updated in week {week}." in md for _ in wanted)
                assert "Reworded for readability" not in md
                shown[bid] += len(changes["changed"]) + len(changes["added"]) + len(changes["withdrawn"])
        index = (work / "editions/index.html").read_text()
        assert index.count("<h3>Edition of") == sum(editions.values())  # each index lists exactly its editions
        clear = [work / "editions/public/feed.atom", work / "editions/index-tlp-clear.html",
                 work / "build/public.md", work / "build/public.txt"]
        latest = sorted(p for p in (work / "editions/public").iterdir() if p.is_dir())[-1]
        clear.append(latest / "manifest.json")
        for fid, texts in reclassified.items():
            for path in clear:  # a reclassified fact reaches no TLP:CLEAR reader: not its text, not its id
                public = path.read_text()
                assert not any(t in public for t in texts) and f'"{fid}"' not in public, (week, fid, path)
    print(f"\nA year of weekly runs: editions {editions}; changes shown {shown}; failed runs: {failed or 'none'}")
