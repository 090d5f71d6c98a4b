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
