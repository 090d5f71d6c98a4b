"""Addresses as real links: a markdown-it rule that makes the brief's source URLs and any email
address in the text into links, and the print glue that keeps an address from breaking at a hyphen.

Only addresses shown in full become links, each to exactly what it shows: the URLs of the brief's own
sources (passed in the parser's environment under :data:`ADDRESSES`) and email addresses (``mailto:``).
Nothing else in a fact's text can turn into a link. Without :data:`ADDRESSES` in the environment the
rule does nothing (the text and Word editions link sources their own way).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

#: The parser environment's key for the URLs that may become links.
ADDRESSES = "briefgen_addresses"
#: The class every such link carries (the print glue and the stylesheets find them by it).
CLASS = "address"
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: U+2060 WORD JOINER: no line break here, nothing extracted, nothing shown.
GLUE = "\u2060"


def addresses_plugin(md: MarkdownIt) -> None:
    """Link source URLs and email addresses in text, after the other inline rules."""
    md.core.ruler.push("briefgen_addresses", _rule)


def _rule(state: StateCore) -> None:
    urls = state.env.get(ADDRESSES) if isinstance(state.env, dict) else None
    if urls is None:
        return
    pattern = _pattern(urls)
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _linked(token.children, pattern)


def _pattern(urls: Iterable[str]) -> re.Pattern[str]:
    known = sorted({u for u in urls if u.startswith(("http://", "https://"))}, key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, known), EMAIL.pattern]))


def _linked(children: list[Token], pattern: re.Pattern[str]) -> list[Token]:
    out: list[Token] = []
    depth = 0
    for child in children:
        depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "text" or depth:
            out.append(child)
            continue
        out.extend(_split(child, pattern))
    return out


def _split(child: Token, pattern: re.Pattern[str]) -> list[Token]:
    text = child.content
    out: list[Token] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start() > pos:
            out.append(_text(child, text[pos:match.start()]))
        shown = match.group()
        href = shown if shown.startswith(("http://", "https://")) else "mailto:" + shown
        opening = Token("link_open", "a", 1, attrs={"href": href, "class": CLASS})
        out += [opening, _text(child, shown), Token("link_close", "a", -1)]
        pos = match.end()
    if pos < len(text):
        out.append(_text(child, text[pos:]))
    return out or [child]


def _text(like: Token, content: str) -> Token:
    token = Token("text", "", 0, content=content, level=like.level)
    return token


#: U+200B ZERO WIDTH SPACE: a line may break here (neither drawn nor extracted either).
BREAK = "\u200b"
#: A part of a URL between slashes longer than this cannot be trusted to fit on a line.
LONG_PART = 50

_LINK = re.compile(r'(<a href="[^"]*" class="' + CLASS + r'">)([^<]*)(</a>)')


def glued(markup: str) -> str:
    """``markup`` (HTML) with the text of every address link set for print: a line breaks after a slash, never
    at a hyphen, and no hyphen is ever added; only a part between slashes too long for a line may break,
    and then before a hyphen, so the hyphen starts the next line and the address reads whole when the
    text is extracted. (Word joiners and zero-width spaces are neither drawn nor extracted.)"""
    return _LINK.sub(lambda m: m.group(1) + _set(m.group(2)) + m.group(3), markup)


#: Inside a long part, a line may break before one of these (a hyphen, a plus, an underscore ...).
_SEPARATOR = re.compile(r"(?<=.)([-+_.?&=%])")


def _set(shown: str) -> str:
    """The HTML text of an address link set for print (worked on as text, so "&amp;" is never cut); its
    scheme ("https://") stays on the line of the host that follows it."""
    parts = re.split(r"(/)", html.unescape(shown))
    text = "".join(_set_long(p) if len(p) > LONG_PART else p.replace("-", "-" + GLUE) for p in parts)
    return html.escape(text.replace("://", "://" + GLUE, 1), quote=False)


def _set_long(part: str) -> str:
    """A part too long for a line: it may break before each separator (which then starts the next
    line, glued to what follows), and a run with no separator breaks every ``LONG_PART`` characters."""
    pieces = _SEPARATOR.sub(BREAK + r"\1" + GLUE, part).split(BREAK)
    return BREAK.join(_chunked(piece) for piece in pieces)


def _chunked(piece: str) -> str:
    return BREAK.join(piece[i:i + LONG_PART] for i in range(0, len(piece), LONG_PART))
