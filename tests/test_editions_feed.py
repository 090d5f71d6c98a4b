"""The Atom feed of each brief and the index page: valid, complete, marked, and linking to real files."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.editions.feed import check_atom
from support import build, write

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(root: Path, day: str) -> None:
    assert not build(root, day, publish=True).failed


def two_editions(root: Path) -> None:
    publish(root, "2026-11-24")
    path = root / "facts/example.yaml"
    path.write_text(path.read_text().replace("a new policy on cyber security.\n",
                                             "a revised policy on cyber security.\n"
                                             "    change_note: The policy was revised <b>& reissued</b>.\n"))
    publish(root, "2026-11-25")


def test_the_feed_is_valid_atom_with_an_entry_per_edition(starter: Path) -> None:
    two_editions(starter)
    data = (starter / "editions/example/feed.atom").read_bytes()
    assert check_atom(data) == []
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Example brief: editions" and parsed.feed.author == "Policy team"
    assert "Handle as TLP:CLEAR" in parsed.feed.subtitle
    titles = [e.title for e in parsed.entries]
    assert titles == ["Example brief: edition of 25 November 2026", "Example brief: edition of 24 November 2026"]
    newest, first = parsed.entries
    assert [t.term for t in newest.tags] == ["TLP:CLEAR"]
    assert "What has changed since 24 November 2026" in newest.content[0].value
    assert "What changed: The policy was revised &lt;b&gt;&amp; reissued&lt;/b&gt;." in newest.content[0].value
    assert first.content[0].value == "<p>First edition.</p>"
    for entry in parsed.entries:
        for link in entry.links:  # every link leads to a file of that edition
            target = starter / "editions/example" / link.href
            assert target.is_file(), link.href
        assert dt.datetime.fromisoformat(entry.updated.replace("Z", "+00:00"))
    enclosure = next(link for link in newest.links if link.rel == "enclosure")
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == (starter / "editions/example" / enclosure.href).stat().st_size


def test_check_atom_names_what_is_missing() -> None:
    assert check_atom(b"<feed") and "not well-formed XML" in check_atom(b"<feed")[0]
    bare = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><id>a</id></entry></feed>'
    problems = check_atom(bare)
    assert "feed: expected one non-empty <id>, found 0" in problems
    assert "entry 1: expected one non-empty <updated>, found 0" in problems
    assert "entry 1: expected <content> or <summary>" in problems


def test_base_url_makes_links_and_ids_absolute(starter: Path) -> None:
    write(starter, {"briefgen.yaml": "author: Policy team\nbase_url: https://intranet.example.org/briefs\n"})
    two_editions(starter)
    parsed = feedparser.parse((starter / "editions/example/feed.atom").read_bytes())
    base = "https://intranet.example.org/briefs/editions/example/"
    assert parsed.feed.id == base + "feed.atom"
    assert parsed.entries[0].id == base + "2026-11-25/"
    assert {link.href for link in parsed.entries[0].links} == {base + "2026-11-25/example.md",
                                                               base + "2026-11-25/example.pdf"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[str] = []
        self.lang = ""
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        values = dict(attrs)
        if tag == "a":
            self.links.append(values["href"] or "")
        if tag == "html":
            self.lang = values.get("lang") or ""

    def handle_data(self, data: str) -> None:
        if self._tag in ("h1", "h2", "h3") and data.strip():
            self.headings.append(f"{self._tag}: {data.strip()}")


def test_the_index_lists_every_brief_its_editions_and_what_changed(starter: Path) -> None:
    two_editions(starter)
    text = (starter / "editions/index.html").read_text()
    page = _Page()
    page.feed(text)
    assert page.lang == "en-GB"
    assert page.headings == ["h1: Briefs and their editions", "h2: Example brief",
                             "h3: Edition of 25 November 2026", "h3: Edition of 24 November 2026"]
    assert text.count('<p class="marking">TLP:CLEAR</p>') == 2  # top and bottom
    assert "What changed: The policy was revised &lt;b&gt;&amp; reissued&lt;/b&gt;." in text
    for href in page.links:
        assert (starter / "editions" / urljoin("x/", href)[2:]).is_file(), href


def test_feed_command_rewrites_feeds_and_names_broken_editions(starter: Path) -> None:
    two_editions(starter)
    (starter / "editions/example/feed.atom").unlink()
    (starter / "editions/example/2026-11-24/manifest.json").write_text('{"briefing": "example"')
    result = CliRunner().invoke(cli, ["feed", "-p", str(starter)])
    assert result.exit_code == 0, result.output
    assert "warning: editions/example/2026-11-24/manifest.json: not valid JSON" in result.output
    parsed = feedparser.parse((starter / "editions/example/feed.atom").read_bytes())
    assert [e.title for e in parsed.entries] == ["Example brief: edition of 25 November 2026"]


def test_the_feed_is_dated_by_its_editions_not_by_the_clock(starter: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed's dates are the editions' dates, so publishing the same editions at another moment
    writes the same feed (it used to carry the clock time of each publish)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # the moment of publishing: 2026-11-30
    two_editions(starter)
    parsed = feedparser.parse((starter / "editions/example/feed.atom").read_bytes())
    assert parsed.feed.updated == "2026-11-25T00:00:00Z"
    assert [e.updated for e in parsed.entries] == ["2026-11-25T00:00:00Z", "2026-11-24T00:00:00Z"]
