"""The HTML edition: one standalone, accessible page per brief."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import build, copy_repo


class Outline(HTMLParser):
    """Collects what an accessibility review looks at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []
        self.lang = ""
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        href = a.get("href")
        if href and href.startswith("#"):
            self.links.append(href)
        elif href and tag != "a":  # a link to follow is fine; a resource to load is not
            self.external.append(href)
        if a.get("src"):
            self.external.append(a["src"] or "")
        if tag not in ("meta", "br", "hr", "img", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("html") / "repo")
    assert not build(root, formats=("html",)).failed
    return root


@pytest.mark.parametrize("briefing", ["eu-official", "uk-regulator", "uk-sme"])
@pytest.mark.content
def test_standalone_accessible_page(built: Path, briefing: str) -> None:
    page = (built / "build" / f"{briefing}.html").read_text()
    outline = Outline()
    outline.feed(page)
    outline.close()
    assert page.startswith("<!DOCTYPE html>") and outline.lang == "en-GB"
    assert not outline.stack, "unclosed elements"
    for landmark in ("header", "main", "footer", "title"):
        assert landmark in outline.tags
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))
    assert outline.external == [], "the page must not load anything"
    assert "@import" not in page
    # The only addresses: the house fonts, copied beside the page (tests/test_html_fonts.py).
    fonts = re.findall(r'url\("(assets/fonts/[A-Za-z-]+\.ttf)"\)', page)
    assert page.count("url(") == len(fonts) == 7 and all((built / "build" / f).is_file() for f in fonts)
    for link in outline.links:
        assert link[1:] in outline.ids, f"broken link {link}"
    body = page.split("<body", 1)[1]
    shown = {"eu-official": "TLP:AMBER", "uk-regulator": "OFFICIAL", "uk-sme": "TLP:CLEAR"}[briefing]
    assert body.count('class="marking') == 2 and shown in body.split("<main")[0]
    if briefing != "uk-sme":
        assert 'class="footnote-ref"' in page and 'class="footnote-backref"' in page
