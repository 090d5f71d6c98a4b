"""Curly quotes on every text node, the facts' escaped text included; never in code or addresses."""

from __future__ import annotations

from markdown_it import MarkdownIt

from briefgen.rendering.mdtext import escape
from briefgen.rendering.typography import curl, typography_plugin


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.use(typography_plugin)
    return md


def test_curl_opening_and_closing() -> None:
    expected = "\u201cOpen access\u201d is the firm\u2019s \u2018plan\u2019"
    assert curl('"Open access" is the firm\'s \'plan\'') == expected
    assert curl('("quoted")') == "(\u201cquoted\u201d)"
    assert curl('"', before="x") == "\u201d"


def test_escaped_fact_text_is_curled_like_template_text() -> None:
    fact = escape('A spokesperson said the talks were "exploratory" [sic] and *early*.')
    html = parser().render(f'Template "quote": {fact}')
    assert '"' not in html.replace('href="', "").replace('">', "")
    assert "\u201cquote\u201d" in html and "\u201cexploratory\u201d" in html


def test_code_and_addresses_keep_straight_quotes() -> None:
    html = parser().render('Say `a "b"` at [the "site"](https://example.org/?q="x")')
    assert "<code>a &quot;b&quot;</code>" in html
    assert 'href="https://example.org/?q=%22x%22"' in html
    assert "the \u201csite\u201d" in html
