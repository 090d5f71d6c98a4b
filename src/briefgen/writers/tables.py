"""Tables for every edition: each knows the heading it sits under (its name for assistive technology:
the HTML region's label, the Word table's caption and description); in HTML each sits in its own
scrolling region, so a wide table scrolls on a phone and the page does not; column headers are scoped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

#: The table token's meta key for the name it takes from the heading above it.
NAME = "briefgen_table_name"


def tables_plugin(md: MarkdownIt) -> None:
    """Name tables after their heading; wrap them in a labelled scrolling region; scope header cells."""
    md.core.ruler.push("briefgen_table_names", _name_tables)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.add_render_rule("th_open", _th_open)


def _name_tables(state: StateCore) -> None:
    heading = ""
    count = 0
    for i, token in enumerate(state.tokens):
        if token.type == "heading_open" and i + 1 < len(state.tokens):
            heading = _plain(state.tokens[i + 1])
        elif token.type == "table_open":
            count += 1
            token.meta[NAME] = heading or f"Table {count}"


def _plain(inline: Token) -> str:
    """A heading's text, without its markup (note references left out)."""
    parts = [c.content for c in inline.children or [] if c.type in ("text", "code_inline")]
    return " ".join("".join(parts).split())


def table_name(token: Token) -> str:
    """The name of the table ``token`` opens: the heading it sits under, else "Table N"."""
    return str(token.meta.get(NAME, "")) if token.meta else ""


def _table_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    label = html.escape(table_name(tokens[idx]) or "Table")
    table: str = self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined]
    return f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">\n{table}'


def _table_close(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"  # type: ignore[attr-defined,no-any-return]


def _th_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
             env: EnvType) -> str:
    token = tokens[idx]
    if token.attrGet("scope") is None:
        token.attrSet("scope", "col")  # Markdown tables have one header row, over the columns
    return self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined,no-any-return]
