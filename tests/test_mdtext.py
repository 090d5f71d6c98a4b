"""Fact text reaches Markdown and HTML as literal text, whatever it holds."""

from __future__ import annotations

import html
import random
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.templating.mdtext import Markdown, escape
from briefgen.writers.html import make_markdown
from support import straight

MD = make_markdown()


def rendered_text(markdown: str) -> str:
    """The text a reader sees in the HTML of a paragraph."""
    out = MD.render(markdown)
    assert "<script" not in out and "<img" not in out and "<a " not in out and "<link" not in out
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip()


HOSTILE = [
    "**bold** _em_ `code` [link](http://example.com) ![img](/etc/hostname)",
    '<script>alert(1)</script> <img src="file:///etc/passwd"> <link rel=attachment href=file:///etc/passwd>',
    "{{ 7*7 }} {% include 'x' %} {# c #}",
    "# Heading", "- item", "1. item", "> quote", "| a | b |", "[^1] footnote", "[^1]: def",
    "<http://autolink.example>", "&copy; &amp;", "trailing backslash \\", "javascript:alert(1)",
    "~~strike~~", "===", "    indented code",
]


def test_hostile_strings_stay_literal() -> None:
    for text in HOSTILE:
        assert straight(rendered_text(escape(text))) == straight(" ".join(text.split())), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
               max_size=80))
def test_any_text_renders_back_to_itself(text: str) -> None:
    folded = _fold(text)
    rendered = rendered_text(escape(text))
    # CommonMark collapses no inner spaces but trims the paragraph's ends (of spaces, not no-break spaces).
    assert straight(rendered) == straight(folded)


def _fold(text: str) -> str:
    """Whitespace runs as one space, ends trimmed, but no-break spaces (U+00A0, U+2007, U+202F) kept inside."""
    return re.sub(r"[^\S\u00a0\u2007\u202f]+", " ", text).strip()


def test_no_break_spaces_are_kept() -> None:
    """'3 000' and '12,5 %' (EU style, Babel's French) stay unbroken in every edition: escaping folds
    other whitespace, never a no-break space (it used to fold them all to plain spaces)."""
    assert escape("3\u00a0000 et 3\u202f000,5 ; 12,5\u00a0%\n\n x") == "3\u00a0000 et 3\u202f000,5 ; 12,5\u00a0% x"


def test_trusted_markdown_passes_through() -> None:
    assert escape(Markdown("**x**")) == "**x**"
    assert escape("**x**") == "\\*\\*x\\*\\*"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="[]()!^:<>*_` ab\\", max_size=30))
def test_bracket_soup_renders_back_to_itself(text: str) -> None:
    """Brackets are escaped only where they could form a link, image or note: stress exactly that."""
    assert rendered_text(escape(text)) == " ".join(text.split()).strip()


def test_plain_brackets_stay_readable() -> None:
    assert escape("[Untitled report] and a note [sic]") == "[Untitled report] and a note [sic]"
    assert escape("[link](x)") == "\\[link\\](x)"


def _reference_escape(text: str) -> str:
    """The escaping as first written, with regular expressions (quadratic on many '['): the
    linear version must give exactly its output."""
    folded = _fold(text)
    escaped = re.sub(r"([\\`*_<>&~|])", r"\\\1", folded)
    escaped = re.sub(r"\](?=[(\[:])|\[(?=\^)|!(?=\[)|\[(?=[^\]]*\][(\[:])", lambda m: "\\" + m.group(), escaped)
    escaped = re.sub(r"^([#>+=-])", r"\\\1", escaped)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="[]()!^:<>*_` ab\\#+=-1.", max_size=60))
def test_escape_output_is_unchanged_on_bracket_soup(text: str) -> None:
    assert escape(text) == _reference_escape(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_escape_output_is_unchanged_on_any_text(text: str) -> None:
    assert escape(text) == _reference_escape(text)


@pytest.mark.parametrize("text", [
    "[" * 1_000_000,
    "[a" * 500_000,
    "![" * 500_000,
    "[^" * 500_000,
    "[" * 999_998 + "](",
    "](" * 500_000,
    "\\" * 1_000_000,
    "1" * 999_999 + ".",
    "]" * 1_000_000,
    "[x] " * 250_000,
    "a" * 1_000_000,
    "".join(random.Random(10).choice("[]()!^:\\*_ a1.#") for _ in range(1_000_000)),
], ids=lambda text: f"{text[:4]!r}...")
def test_escape_is_linear(text: str) -> None:
    """1 MB of any text escapes in well under a second (900,000 '[' took 957 s)."""
    start = time.process_time()
    escaped = escape(text)
    seconds = time.process_time() - start
    print(f"escaped {len(text):,} characters in {seconds:.3f} s of CPU")
    assert len(escaped) >= len(text.strip())
    # The issue asks for under a second; 5 s of CPU keeps a slow shared CI machine from failing the test.
    assert seconds < 5
