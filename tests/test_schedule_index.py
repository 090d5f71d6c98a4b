"""One index per marking level (issue 23): the TLP:CLEAR index lists only what a TLP:CLEAR reader may
see, and nothing about the other briefs: no ids, titles or counts, no link to a higher-marked feed."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from briefgen.editions.index import level_slug
from support import build, copy_repo


def test_each_marking_level_has_an_index_that_names_only_its_own_briefs(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    result = build(root, "2026-12-01", publish=True, jobs=1)
    assert not result.failed, result.failed
    editions = root / "editions"
    manifests = {p.parent.parent.name: json.loads(p.read_text()) for p in editions.glob("*/*/manifest.json")}
    marked = {bid: m["marking"] for bid, m in manifests.items()}
    assert marked["uk-sme"] == "TLP:CLEAR" and len(set(marked.values())) == len(marked), marked
    pages = {p.name: p.read_text() for p in editions.glob("index-*.html")}
    assert sorted(pages) == sorted(f"index-{level_slug(m)}.html" for m in marked.values())
    clear = pages["index-tlp-clear.html"]
    assert escape(manifests["uk-sme"]["title"]) in clear and 'href="uk-sme/feed.atom"' in clear
    assert "cleared for TLP:CLEAR" in clear
    assert not any(m in clear for m in marked.values() if m != "TLP:CLEAR")
    for bid, manifest in manifests.items():
        if bid != "uk-sme":
            assert bid not in clear and escape(manifest["title"]) not in clear
    everything = (editions / "index.html").read_text()
    assert all(escape(m["title"]) in everything for m in manifests.values())


def test_a_fact_raised_then_removed_stays_hidden_from_lower_records(tmp_path: Path) -> None:
    """Found by the year's soak: a fact raised above a brief's marking was hidden in its feed, then shown
    again once an analyst removed it from the fact base."""
    import shutil

    from support import REPO, minimal_project

    root = minimal_project(tmp_path / "repo")
    shutil.copy(REPO / "templates/partials/changes.md.j2", root / "templates/partials/changes.md.j2")
    spec = root / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md]"))
    amber = spec.read_text().replace("ceiling: TLP:CLEAR", "ceiling: TLP:AMBER").replace("title: Example brief",
                                                                                         "title: Partners brief")
    (root / "briefings/partners.yaml").write_text(amber)
    facts = root / "facts/example.yaml"
    base = facts.read_text()
    assert not build(root, "2026-12-01", publish=True, jobs=1).failed
    added = base + ("\n  - id: later-news\n    statement: A secret plan was reported.\n    kind: reported\n"
                    "    sources: [example-report]\n    tags: [example]\n    as_of: 2026-01-15\n")
    facts.write_text(added)
    assert not build(root, "2026-12-08", publish=True, jobs=1).failed
    feed = root / "editions/example/feed.atom"
    assert "A secret plan was reported." in feed.read_text()
    facts.write_text(added + "    marking: TLP:AMBER\n")  # the new fact raised
    assert not build(root, "2026-12-15", publish=True, jobs=1).failed
    assert "A secret plan was reported." not in feed.read_text()  # raised: hidden from the CLEAR feed
    facts.write_text(base)  # then removed from the fact base
    assert not build(root, "2026-12-22", publish=True, jobs=1).failed
    assert "A secret plan was reported." not in feed.read_text()  # and still hidden
    assert "A secret plan was reported." not in (root / "editions/index-tlp-clear.html").read_text()


def test_the_feed_keeps_its_default_namespace_whatever_else_registered_one(tmp_path: Path) -> None:
    """Seen in a full test run: another writer's ElementTree registration took the default prefix, and
    the feed came out as <ns0:feed> (valid, but not the same bytes from one process to the next)."""
    import xml.etree.ElementTree as ET

    from support import minimal_project

    root = minimal_project(tmp_path / "repo")
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    assert not build(root, "2026-12-01", publish=True, jobs=1).failed
    feed = (root / "editions/example/feed.atom").read_bytes()
    assert b"<feed " in feed and b"<entry>" in feed and b"ns0:" not in feed
