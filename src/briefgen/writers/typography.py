"""Print typography as a markdown-it plugin: curly quotes everywhere, on every text node, and number
ranges ("25 to 35%") held together by no-break spaces.

The quotation marks are the brief's language's (the ``quotes`` phrase, given in the parser's env under
:data:`QUOTES`): “ ” and ‘ ’ in English, « » (with no-break spaces inside) in French.

markdown-it's own typographer runs before backslash escapes are joined into the
text, and every fact's text reaches the parser escaped, so it would curl the
template's quotes and leave the facts' straight: the mixture readers noticed.
This rule runs last, on the joined text, and never touches code or addresses
(an address is an attribute, not text).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

#: Characters after which a quote opens rather than closes.
_OPENERS = set(" \t\n\u00a0([{\u2014\u2013-/\u201c\u2018")


#: The env key of the quotation marks to use; English's when absent.
QUOTES = "briefgen_quotes"
ENGLISH_QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019")


def curl(text: str, before: str = "", quotes: tuple[str, ...] = ENGLISH_QUOTES) -> str:
    """``text`` with straight quotes made curly (``quotes``: open, close, inner open, inner close);
    ``before`` is the character preceding it. An apostrophe stays ’ in every language."""
    out = []
    prev = before
    for ch in text:
        if ch == '"':
            ch = quotes[0] if not prev or prev in _OPENERS else quotes[1]
        elif ch == "'":
            ch = quotes[2] if not prev or prev in _OPENERS else "\u2019"
        out.append(ch)
        prev = ch[-1]
    return "".join(out)


#: A range of numbers, "25 to 35%" or "0-5%": never broken across lines.
_RANGE = re.compile(r"(\d+(?:\.\d+)?%?) (to|and) (\d+(?:\.\d+)?%?)")
NBSP = "\u00a0"


def keep_ranges(text: str) -> str:
    """``text`` with no-break spaces inside each number range ("25\u00a0to\u00a035%")."""
    return _RANGE.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}{NBSP}{m.group(3)}", text)


def _rule(state: StateCore) -> None:
    quotes = tuple(state.env.get(QUOTES, ENGLISH_QUOTES))
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        before = ""
        for child in token.children:
            if child.type == "text":
                child.content = keep_ranges(curl(child.content, before, quotes))
                before = child.content[-1:] or before
            elif child.type == "code_inline":
                before = "x"  # a quote after code closes
            elif child.type in ("softbreak", "hardbreak"):
                before = " "


def typography_plugin(md: MarkdownIt) -> None:
    """Curl quotes in every text node, after escapes are joined into the text."""
    md.core.ruler.push("briefgen_quotes", _rule)
