"""The plain-text edition: a brief as it should read when pasted into an email.

No Markdown syntax survives: headings are set in capitals, emphasis is dropped,
links become "text (address)", note references become "(1)" glued to the word
before them, and the notes follow at the end with their addresses. Lines wrap at
72 columns, and the brief's marking is the first and the last line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefgen.templating.rendered import Rendered
from briefgen.writers.blocks import NUMBER, NUMBERED
from briefgen.writers.registry import Tools
from briefgen.writers.table_notes import PLAIN
from briefgen.writers.typography import ENGLISH_QUOTES, QUOTES

WIDTH = 72
_GLUE = "\u00a0"  # joins a note reference to the word before it while wrapping; a space afterwards


@dataclass
class _List:
    ordered: bool
    number: int = 1


@dataclass
class _State:
    out: list[str] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    quote: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    header: bool = False  # inside the header block: its lines follow one another without blank lines


def to_text(md: MarkdownIt, body: str, marking: str, width: int = WIDTH, numbered: bool = False,
            quotes: Sequence[str] = ENGLISH_QUOTES) -> str:
    """The plain-text edition of a brief's Markdown ``body``, marked first and last with ``marking``,
    its paragraphs ``numbered`` or not (see :mod:`briefgen.writers.blocks`), its quotation marks the
    language's. (Plain text has no metadata: its language is in its words alone.)"""
    tokens = md.parse(body, {NUMBERED: numbered, QUOTES: tuple(quotes)})
    state = _State()
    _blocks(tokens, state, width)
    text = "\n".join(_collapse(state.out)).strip("\n")
    text = text.replace(_GLUE, " ")
    return f"{marking}\n\n{text}\n\n{marking}\n"


def _collapse(lines: list[str]) -> list[str]:
    """No more than one blank line in a row, and no trailing spaces."""
    result: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and result and not result[-1]:
            continue
        result.append(line)
    return result


def _blocks(tokens: Sequence[Token], state: _State, width: int) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            text = _inline(tokens[i + 1])
            state.out += ["", *_wrap(text.upper(), width, _indent(state)), ""]
            i += 3
            continue
        if kind == "paragraph_open":
            children = tokens[i + 1].children or []
            if children and children[0].type == NUMBER:  # "1.  " in place of any bullet, as a hanging marker
                if state.out and state.out[-1].startswith(_MARKER):
                    state.out.pop()
                state.out.append(_MARKER + children[0].content.ljust(4))
            text = _inline(tokens[i + 1])
            _paragraph(text, state, width)
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            state.lists.append(_List(kind == "ordered_list_open", start))
            state.out.append("")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
            state.out.append("")
        elif kind == "list_item_open":
            current = state.lists[-1]
            current_marker = f"{current.number}. " if current.ordered else "- "
            current.number += 1
            state.out.append(_MARKER + current_marker)
        elif kind == "blockquote_open":
            state.quote += 1
        elif kind == "blockquote_close":
            state.quote -= 1
        elif kind in ("fence", "code_block"):
            state.out += ["", *(_indent(state) + "    " + line for line in token.content.rstrip("\n").split("\n")), ""]
        elif kind == "hr":
            state.out += ["", "-" * min(width, 20), ""]
        elif kind == "table_open":
            close = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            state.out += ["", *_table(tokens[i:close], width), ""]
            i = close + 1
            continue
        elif kind == "container_header_open":
            state.out.append("")
            state.header = True
        elif kind == "container_header_close":
            state.header = False
            state.out.append("")
        elif kind == "footnote_block_open":
            pass
        elif kind == "footnote_open":
            state.out.append(_MARKER + f"({token.meta['id'] + 1}) ")
        elif kind == "footnote_anchor":
            pass
        i += 1


_MARKER = "\x00"  # a pending list or note marker: the next paragraph starts with it


def _indent(state: _State) -> str:
    return "   " * len(state.lists) + "    " * state.quote


def _paragraph(text: str, state: _State, width: int) -> None:
    marker = ""
    if state.out and state.out[-1].startswith(_MARKER):
        marker = state.out.pop()[1:]
    base = "   " * max(len(state.lists) - 1, 0) + "    " * state.quote
    hanging = base + " " * len(marker) if marker else base
    for n, part in enumerate(text.split("\n")):
        first = base + marker if n == 0 else hanging
        state.out += _wrap(part, width, first, hanging)
    if not state.lists and not state.header:
        state.out.append("")


def _wrap(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=first if rest is None else rest,
                          break_long_words=False, break_on_hyphens=False)
    return lines or [first.rstrip()]


def _inline(token: Token) -> str:
    """An inline token's children as plain text: no emphasis marks, links spelled out."""
    parts: list[str] = []
    href: list[str | None] = []
    start: list[int] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            href.append(str(child.attrGet("href") or ""))
            start.append(len(parts))
        elif kind == "link_close":
            url = href.pop()
            shown = "".join(parts[start.pop():])
            if url and url != shown and not url.startswith("#"):
                parts.append(f" ({url})")
        elif kind == "image":
            parts.append(f"[Image: {child.content}]")
        elif kind == "footnote_ref":
            number = child.meta["id"] + 1
            if child.meta.get(PLAIN):  # in the line after a table: "Sources: notes 1 and 2."
                parts.append(str(number))
            elif parts and parts[-1].endswith(")") and parts[-1].lstrip(_GLUE).startswith("("):
                parts[-1] = parts[-1][:-1] + f", {number})"  # adjacent references: (1, 2)
            elif parts and parts[-1] and not parts[-1].endswith((" ", "\n")):
                parts.append(f"{_GLUE}({number})")
            else:
                parts.append(f"({number})")
    return "".join(parts).strip(" ")


def _table(tokens: Sequence[Token], width: int) -> list[str]:
    """A table as aligned columns when it fits, else one 'header: value' block per row."""
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(" ".join(_inline(token).split()))
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    rows = [r + [""] * (columns - len(r)) for r in rows]
    widths = [max(len(r[c]) for r in rows) for c in range(columns)]
    if sum(widths) + 2 * (columns - 1) <= width:
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return lines
    header, *body = rows
    out: list[str] = []
    for row in body:
        for name, cell in zip(header, row, strict=True):
            out += _wrap(f"{name}: {cell}", width, "", "    ")
        out.append("")
    return out


def write(rendered: Rendered, markdown: str, tools: Tools) -> bytes:
    """The plain-text edition of ``rendered``, for pasting into email."""
    numbered = rendered.briefing.numbered_paragraphs
    return to_text(tools.parser(), rendered.body, rendered.marking, numbered=numbered,
                   quotes=rendered.quotes).encode("utf-8")
