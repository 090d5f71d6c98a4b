"""Curly quotes on every text node, the facts' escaped text included; never in code or addresses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markdown_it import MarkdownIt

from briefgen.templating.mdtext import escape
from briefgen.writers.typography import curl, typography_plugin


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


def test_every_edition_curls_quotes(starter: Path) -> None:
    """The one parser every edition uses curls quotes, in the facts' text as in the template's."""
    from briefgen.build.pipeline import Pipeline
    from briefgen.content import project
    from support import write

    write(starter, {"templates/example.md.j2": """
        # Title

        The "template's" words. {{ fact("example-event") }}

        A fact's "quoted" text: {{ brief.subtitle }}
        """})
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("subtitle: A starting point; edit the spec, the template and the facts",
                                             "subtitle: 'It''s \"open access\"'"))
    loaded = project.load(starter)
    pipeline = Pipeline(loaded)
    rendered = pipeline.markdown(loaded.briefings["example"], dt.date(2026, 11, 24))
    for fmt in ("html", "txt"):
        text = pipeline.output(rendered, fmt).decode()
        body = text.split("<main", 1)[-1] if fmt == "html" else text
        assert "\u201ctemplate\u2019s\u201d" in body, fmt
        assert "It\u2019s \u201copen access\u201d" in body, fmt
        assert "It's" not in body and '"open' not in body, fmt


def test_number_ranges_never_break() -> None:
    from briefgen.writers.html import make_markdown, render_body
    from briefgen.writers.typography import keep_ranges

    assert keep_ranges("unlikely (25 to 35%), 10 to 20 staff") == \
        "unlikely (25\u00a0to\u00a035%), 10\u00a0to\u00a020 staff"
    assert keep_ranges("from 2 to the team") == "from 2 to the team"
    html = render_body(make_markdown(), "| Unlikely |\n| --- |\n| 25 to 35% |\n")
    assert "25\u00a0to\u00a035%" in html
