"""Markdown to a complete HTML document: markdown-it with raw HTML off, tables and notes on."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import render_footnote_ref

from briefgen import __version__
from briefgen.content.paths import confined
from briefgen.exceptions import BuildError
from briefgen.templating.rendered import Rendered
from briefgen.writers import css
from briefgen.writers.addresses import ADDRESSES, addresses_plugin
from briefgen.writers.blocks import NUMBERED, blocks_plugin
from briefgen.writers.registry import Tools
from briefgen.writers.table_notes import PLAIN, table_notes_plugin
from briefgen.writers.tables import tables_plugin
from briefgen.writers.typography import ENGLISH_QUOTES, QUOTES, typography_plugin


def make_markdown() -> MarkdownIt:
    """The one parser a process uses: CommonMark, no raw HTML, no autolinking, tables, notes."""
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin, inline=False)
    md.use(typography_plugin)
    md.use(blocks_plugin)
    md.use(addresses_plugin)
    md.use(tables_plugin)
    md.use(table_notes_plugin)
    md.add_render_rule("footnote_caption", _note_caption)
    md.add_render_rule("footnote_ref", _note_ref)
    md.add_render_rule("footnote_anchor", _note_backlink)
    md.add_render_rule("footnote_block_open", _notes_open)
    return md


def _note_caption(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: EnvType) -> str:
    return str(tokens[idx].meta["id"] + 1)


_SEPARATOR = '<span class="footnote-sep">,</span>'
#: U+2060 WORD JOINER: glues a note reference to the word before it, so it never starts a line.
GLUE = "\u2060"


def _note_ref(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
              env: EnvType) -> str:
    """A note reference glued to the word before it; after another reference, a comma between them.
    In the line after a table (writers/table_notes.py), a plain number that links to its note."""
    ref = render_footnote_ref(self, tokens, idx, options, env)
    if tokens[idx].meta.get(PLAIN):
        return ref.removeprefix('<sup class="footnote-ref">').removesuffix("</sup>")
    if idx and tokens[idx - 1].type == "footnote_ref":
        return ref.replace('<sup class="footnote-ref">', f'<sup class="footnote-ref">{_SEPARATOR}', 1)
    return GLUE + ref


def _note_backlink(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                   env: EnvType) -> str:
    """One link back, to the note's first reference (not one arrow per citation)."""
    if tokens[idx].meta["subId"] > 0:
        return ""
    n = tokens[idx].meta["id"] + 1
    return f' <a href="#fnref{n}" class="footnote-backref" aria-label="Back to the first reference to note {n}">↑</a>'


def _notes_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    return '<section class="footnotes" aria-label="Notes">\n<ol class="footnotes-list">\n'


#: Per note label, the evidence shown under it: (phrase, locator) pairs.
NoteEvidence = dict[str, list[tuple[str, str | None]]]


def with_evidence(body: str, labels: dict[int, str], evidence: NoteEvidence) -> str:
    """``body`` with each note's evidence in a ``<details>`` under the note: the phrases of its source
    that the brief's claims rest on, each with its locator. ``labels``: each note's label by its index,
    as :func:`render_body` found them."""
    out: list[str] = []
    pos = 0
    for match in _NOTE_ITEM.finditer(body):
        if match.start() < pos:
            continue
        end = _item_end(body, match.end())
        phrases = evidence.get(labels.get(int(match.group(1)) - 1, ""), [])
        out.append(body[pos:end])
        if phrases:
            out.append(_evidence_details(phrases))
        pos = end
    out.append(body[pos:])
    return "".join(out)


_NOTE_ITEM = re.compile(r'<li id="fn(\d+)" class="footnote-item">')
_LI = re.compile(r"<li[ >]|</li>")


def _item_end(body: str, start: int) -> int:
    """Where the list item opened before ``start`` closes (before its ``</li>``), nested lists allowed."""
    depth = 1
    for tag in _LI.finditer(body, start):
        depth += -1 if tag.group() == "</li>" else 1
        if depth == 0:
            return tag.start()
    return len(body)


def _evidence_details(phrases: list[tuple[str, str | None]]) -> str:
    esc = html.escape
    items = "".join(f"<li><q>{esc(phrase)}</q>" + (f' <span class="locator">({esc(loc)})</span>' if loc else "")
                    + "</li>" for phrase, loc in phrases)
    return (f'<details class="evidence"><summary>Evidence: the source\'s words</summary>'
            f"<ul>{items}</ul></details>\n")


def render_body(md: MarkdownIt, text: str, numbered: bool = False, labels: dict[int, str] | None = None,
                urls: Sequence[str] = (), quotes: Sequence[str] = ENGLISH_QUOTES) -> str:
    """Markdown to HTML, its paragraphs ``numbered`` or not; an image without alt text is an error
    (guide section 6). ``labels``, when given, receives each note's label by its index. ``urls``: the
    addresses of the brief's sources, which become links where the text shows them (as do email
    addresses). ``quotes``: the language's quotation marks (writers/typography.py)."""
    env: dict[str, Any] = {NUMBERED: numbered, ADDRESSES: tuple(urls), QUOTES: tuple(quotes)}
    tokens = md.parse(text, env)
    missing = [
        child.attrGet("src") for token in tokens if token.children
        for child in token.children if child.type == "image" and not child.content.strip()
    ]
    if missing:
        raise BuildError(f"image '{missing[0]}' has no alt text: write ![what it shows]({missing[0]})")
    if labels is not None:
        notes = env.get("footnotes", {}).get("list", {})
        labels.update({int(i): str(note.get("label", "")) for i, note in notes.items()})
    html: str = md.renderer.render(tokens, md.options, env)
    return html


#: The HTML edition's rules for screens, after the theme's. Each table scrolls in its own region
#: (writers/tables.py) so the page never does; when it has more to show, a shadow at the edge it
#: scrolls towards says so (the shadows scroll away with the content at either end), and the region
#: shows a focus ring, since the keyboard scrolls it. On a phone's width: the header block's labels
#: above their values, narrower hanging numbers. (Not in the themes: WeasyPrint refuses width queries.)
NARROW = """@media screen {
  .table-scroll { max-width: 100%; overflow-x: auto; margin: 4pt 0 10pt;
    background:
      linear-gradient(to right, #fff 30%, rgba(255, 255, 255, 0)) left / 2.5rem 100% no-repeat local,
      linear-gradient(to left, #fff 30%, rgba(255, 255, 255, 0)) right / 2.5rem 100% no-repeat local,
      radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.35), transparent) left / 0.9rem 100%
        no-repeat scroll,
      radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.35), transparent) right / 0.9rem 100%
        no-repeat scroll; }
  .table-scroll:focus-visible { outline: 3px solid #1d70b8; outline-offset: 2px; }
  .table-scroll > table { margin: 0; }
}
@media screen and (max-width: 32rem) {
  .table-scroll > table { width: auto; min-width: 100%; }
  th, td { min-width: 6em; }
  body { margin: 1rem auto; padding: 0 0.75rem; }
  .doc-header p { padding-left: 0; text-indent: 0; }
  .doc-header p > strong:first-child { display: inline; width: auto; }
  p.numbered, li.numbered { padding-left: 1.8em; text-indent: -1.8em; }
  .paranum { width: 1.8em; }
}
"""


def document(rendered: Rendered, body: str, stylesheet: str | None = None) -> str:
    """A standalone HTML document for a rendered brief, around its body already in HTML.

    The marking opens and closes the body (screen readers often skip page
    headers); PDF dates come from the edition date, never the clock.
    """
    b = rendered.briefing
    esc = html.escape
    stamp = rendered.edition.isoformat() + "T00:00:00Z"
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(b.short_title or b.title)}</title>",
        f'<meta name="generator" content="briefgen {esc(__version__)}">',
        f'<meta name="dcterms.created" content="{stamp}">',
        f'<meta name="dcterms.modified" content="{stamp}">',
        f'<meta name="keywords" content="{esc(rendered.marking)}, {esc(b.audience)}">',
        f'<meta name="marking" content="{esc(rendered.marking)}">',
    ]
    if b.author:
        meta.append(f'<meta name="author" content="{esc(b.author)}">')
    if b.subtitle:
        meta.append(f'<meta name="description" content="{esc(b.subtitle)}">')
    if stylesheet is not None:
        meta.append(f"<style>\n{stylesheet}\n{NARROW}{page_label(rendered)}</style>")
    elif label := page_label(rendered):  # the PDF's HTML: its stylesheet is given apart, so the label is important
        meta.append(f"<style>\n{label}</style>")
    marking_class = "marking-" + "".join(
        c if c.isalnum() else "-" for c in rendered.marking.lower()
    )
    banner = f'<p class="marking {esc(marking_class)}">{esc(rendered.marking)}</p>'
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(b.lang)}">\n<head>\n' + "\n".join(meta) + "\n</head>\n"
        f'<body class="audience-{esc(b.audience)} briefing-{esc(b.id)}">\n'
        f'<header role="banner">{banner}</header>\n'
        f'<main id="content">\n{body}</main>\n'
        f'<footer role="contentinfo">{banner}</footer>\n'
        "</body>\n</html>\n"
    )


def page_label(rendered: Rendered) -> str:
    """The PDF's 'Page N of M' (the house stylesheet's bottom-right box) in the brief's language, where its
    ``page_of`` phrase is not the English one the stylesheets say; nothing otherwise. It is ``!important``:
    the PDF's stylesheet comes after the document's own styles."""
    phrase = rendered.phrases.text("page_of", page="\0page\0", pages="\0pages\0")
    if phrase == "Page \0page\0 of \0pages\0":
        return ""
    parts = []
    for index, piece in enumerate(phrase.split("\0")):
        if index % 2:  # a placeholder: page or pages
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in piece) + '"')
    return f"@page {{ @bottom-right {{ content: {' '.join(parts)} !important; }} }}\n"


def standalone_css(path: Path, root: Path) -> str:
    """A stylesheet for a self-contained HTML page: imports inlined (inside ``root`` only, which must
    itself be inside the project), no address left to fetch, and nothing that can close the ``<style>``
    element. Web fonts are dropped here: the build puts the theme's own back in front, pointing at
    copies beside the page (writers/html_fonts.py)."""
    return css.inert(path, confined(root))


def write(rendered: Rendered, document: str, tools: Tools) -> bytes:
    """The HTML edition (made by the build stage: its body is shared with the PDF and the measures)."""
    return document.encode("utf-8")
