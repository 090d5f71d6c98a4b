"""The editions index: its content in a main landmark, the marking in header and footer landmarks,
and each brief's Atom feed announced with <link rel="alternate"> (issue 27)."""

from __future__ import annotations

import re
from pathlib import Path

from support import build


def test_index_has_landmarks_and_feed_links(starter: Path) -> None:
    assert not build(starter, "2026-11-24", publish=True).failed
    text = (starter / "editions/index.html").read_text("utf-8")
    assert text.count("<main>") == 1 and text.count("</main>") == 1
    head, body = text.split("</head>", 1)
    assert '<link rel="alternate" type="application/atom+xml" href="example/feed.atom" ' \
           'title="Example brief: editions">' in head
    assert re.search(r"<header><p class=\"marking\">TLP:CLEAR</p></header>\s*<main>", body)
    assert re.search(r"</main>\s*<footer><p class=\"marking\">TLP:CLEAR</p></footer>", body)
    assert body.index("<h1>") > body.index("<main>")
