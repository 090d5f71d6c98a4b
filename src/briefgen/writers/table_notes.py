"""Note references in tables: a cell carries none; the table's notes follow it in one line.

Readers found superscript numbers inside table cells odd (a narrow column, a small raised number after a
few words). Each table's references are taken out of its cells and listed, in number order and once
each, in a paragraph after it: "Sources: notes 1, 4 and 5." (or "Source: note 3."). The numbers are the
same reference tokens, marked :data:`PLAIN`, so every edition links them to their notes, and a note
whose first reference was in the table keeps the anchor its back-link points to.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

#: A reference token's meta key: print it as a plain number (a link in HTML and Word), not a superscript.
PLAIN = "briefgen_plain_ref"
#: The class of the paragraph that lists a table's notes.
CLASS = "table-notes"


def table_notes_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("briefgen_table_notes", _rule)


def _rule(state: StateCore) -> None:
    out: list[Token] = []
    moved: list[Token] = []
    depth = 0
    for token in state.tokens:
        if token.type == "table_open":
            depth += 1
        elif depth and token.type == "inline" and token.children:
            refs = [c for c in token.children if c.type == "footnote_ref"]
            if refs:
                token.children = [c for c in token.children if c.type != "footnote_ref"]
                moved += refs
        out.append(token)
        if token.type == "table_close":
            depth -= 1
            if not depth and moved:
                out += _line(moved, token.level)
                moved = []
    state.tokens = out


def _line(refs: list[Token], level: int) -> list[Token]:
    """The paragraph listing ``refs``: each note once (its first reference here), in number order."""
    first: dict[int, Token] = {}
    for ref in refs:
        first.setdefault(int(ref.meta["id"]), ref)
    ordered = [first[n] for n in sorted(first)]
    children = [_text("Sources: notes " if len(ordered) > 1 else "Source: note ")]
    for i, ref in enumerate(ordered):
        if i:
            children.append(_text(" and " if i == len(ordered) - 1 else ", "))
        ref.meta[PLAIN] = True
        children.append(ref)
    children.append(_text("."))
    opening = Token("paragraph_open", "p", 1, level=level, block=True, attrs={"class": CLASS})
    inline = Token("inline", "", 0, level=level + 1, block=True, children=children,
                   content="".join(c.content for c in children))
    return [opening, inline, Token("paragraph_close", "p", -1, level=level, block=True)]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)
