"""markdown-it plugins for the document conventions: the header block and numbered paragraphs.

``::: header uk`` ... ``:::`` in a template is a header block (``<div class="doc-header
doc-header-uk">`` in HTML); a fact's text cannot open one, since its punctuation reaches the parser
escaped. Numbered paragraphs are numbered once, in the token stream, so every edition (HTML and PDF,
text, Word) shows the same numbers: each top-level paragraph and top-level bullet point from the
first ``##`` section on, until a section whose heading starts with "Annex". Headings, the header
block, tables, block quotes, ordered lists and notes are not numbered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin

#: The parse environment's key that asks for numbered paragraphs.
NUMBERED = "briefgen_numbered"
#: The token that carries a paragraph's number ("1."), first among its inline children.
NUMBER = "para_number"
_WORD = re.compile(r"^[a-z0-9-]+$")


def _header_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    variants = [w for w in token.info.split()[1:] if _WORD.match(w)]
    classes = " ".join(["doc-header", *(f"doc-header-{w}" for w in variants)])
    return f'<div class="{classes}" role="group" aria-label="Document details">\n'


def _number(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
            env: EnvType) -> str:
    return f'<span class="paranum">{html.escape(tokens[idx].content)} </span>'


def _numbering(state: StateCore) -> None:
    """Number the paragraphs and bullet points of the main sections, when the parse asks."""
    if not state.env.get(NUMBERED):
        return
    tokens = state.tokens
    active = annex = False
    lists: list[tuple[str, int]] = []
    n = 0
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open" and token.tag == "h2":
            annex = annex or tokens[i + 1].content.strip().lower().startswith("annex")
            active = not annex
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append((kind, i))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "footnote_block_open":
            return
        elif kind == "paragraph_open" and active:
            top = token.level == 0
            item = (token.level == 2 and len(lists) == 1 and lists[0][0] == "bullet_list_open"
                    and tokens[i - 1].type == "list_item_open")
            inline = tokens[i + 1]
            if (top or item) and inline.children is not None:
                n += 1
                number = Token(NUMBER, "", 0)
                number.content = f"{n}."
                inline.children.insert(0, number)
                token.attrJoin("class", "numbered")
                if item:
                    tokens[i - 1].attrJoin("class", "numbered")
                    opening = tokens[lists[0][1]]
                    if "numbered" not in str(opening.attrGet("class") or ""):
                        opening.attrJoin("class", "numbered")


def blocks_plugin(md: MarkdownIt) -> None:
    """The header block container and paragraph numbering."""
    container_plugin(md, "header", render=_header_open)
    md.core.ruler.push("briefgen_numbering", _numbering)
    md.add_render_rule(NUMBER, _number)
