"""The body of the Word edition, from markdown-it's token stream (never from HTML).

Block tokens become styled paragraphs and tables; inline tokens become runs whose text is set as
data, so nothing in a fact can turn into a field, a link or a macro.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.token import Token

from briefgen.exceptions import BuildError
from briefgen.writers.blocks import NUMBER
from briefgen.writers.docx import ooxml as ooxml
from briefgen.writers.docx.tables import column_widths, describe, size_columns
from briefgen.writers.table_notes import PLAIN
from briefgen.writers.tables import table_name

#: A numbered paragraph's hanging indent: its number, a tab, then its text.
HANGING = Cm(1)
ImageSource = Callable[[str], tuple[io.BytesIO, Emu | None]]
MONOSPACE = "Courier New"
_ALIGN = {"left": WD_PARAGRAPH_ALIGNMENT.LEFT, "center": WD_PARAGRAPH_ALIGNMENT.CENTER,
          "right": WD_PARAGRAPH_ALIGNMENT.RIGHT}


def note_anchor(number: int) -> str:
    """The bookmark of note ``number`` (a leading underscore hides it from Word's bookmark list)."""
    return f"_Note{number}"


@dataclass
class _List:
    ordered: bool
    numbering: tuple[int, int] | None  # numId and level of an ordered list's own numbering
    fresh: bool = True  # the next paragraph is the first of its item


class BodyWriter:
    """Appends a parsed Markdown body to a document."""

    def __init__(self, doc: Document, source_urls: Sequence[str], images: ImageSource) -> None:
        self.doc = doc
        self.ids = ooxml.style_ids(doc)
        self.urls = sorted(set(source_urls), key=len, reverse=True)
        self.images = images
        self.lists: list[_List] = []
        self.quotes = 0
        self.note: int | None = None
        self.notes_num: tuple[int, int] | None = None
        self.bookmarks = 0
        self.shift = 0
        self.subtitle = False
        section = doc.sections[-1]
        text_width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        self.width = max(int(text_width), 914400)  # the line's width in EMU, at least an inch

    def write(self, tokens: Sequence[Token]) -> None:
        if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
            self.shift = 1  # the brief's title: its sections' headings are Heading 1 and down
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i)

    def _block(self, tokens: Sequence[Token], i: int) -> int:
        """Write the block starting at ``tokens[i]``; return the index after what it used."""
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1:])
            if self.shift and level == 1 and i == 0:
                style, self.subtitle = "Title", True
            else:
                style = f"Heading {min(max(level - self.shift, 1), 4)}"
            self._inline(self._paragraph(style), tokens[i + 1])
            return i + 3
        if kind == "paragraph_open":
            children = tokens[i + 1].children or []
            numbered = bool(children) and children[0].type == NUMBER  # in place of any bullet
            paragraph = self._paragraph("Normal" if numbered and self.note is None else self._paragraph_style())
            if numbered:
                paragraph.paragraph_format.left_indent = HANGING
                paragraph.paragraph_format.first_line_indent = -HANGING
            self.subtitle = False
            self._inline(paragraph, tokens[i + 1])
            return i + 3
        self.subtitle = False
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            numbering = None
            if ordered:
                start = int(token.attrGet("start") or 1)
                numbering = ooxml.list_numbering(self.doc, self.ids, self._list_style(ordered, len(self.lists)), start)
            self.lists.append(_List(ordered, numbering))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.lists[-1].fresh = True
        elif kind == "blockquote_open":
            self.quotes += 1
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind in ("code_block", "fence"):
            for line in token.content.rstrip("\n").split("\n"):
                run = self._paragraph(self._paragraph_style()).add_run(line)
                run.font.name = MONOSPACE
        elif kind == "hr":
            self.doc.add_paragraph("\u2014" * 3).alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        elif kind == "footnote_block_open":
            self.notes_num = ooxml.list_numbering(self.doc, self.ids, "List Number", 1)
        elif kind == "footnote_open":
            self.note = int(token.meta["id"]) + 1
        elif kind in ("footnote_close", "footnote_block_close"):
            self.note = None
        return i + 1

    def _paragraph(self, style: str) -> Paragraph:
        return ooxml.add_paragraph(self.doc, self.ids[style])

    def _paragraph_style(self) -> str:
        if self.note is not None:
            return "List Number" if self.note > 0 else "List Continue"
        if self.lists:
            current = self.lists[-1]
            level = len(self.lists) - 1
            if current.fresh:
                return self._list_style(current.ordered, level)
            return "List Continue" + ("" if level == 0 else f" {min(level, 2) + 1}")
        if self.quotes:
            return "Quote"
        return "Subtitle" if self.subtitle else "Normal"

    @staticmethod
    def _list_style(ordered: bool, level: int) -> str:
        name = "List Number" if ordered else "List Bullet"
        return name if level == 0 else f"{name} {min(level, 2) + 1}"

    def _inline(self, paragraph: Paragraph, token: Token) -> None:
        """The runs of one paragraph, heading or cell, and its numbering and bookmark."""
        if self.note is not None:
            assert self.notes_num is not None
            ooxml.number(paragraph, *self.notes_num)
            self.bookmarks += 1
            ooxml.bookmark(paragraph, note_anchor(self.note), self.bookmarks)
            self.note = -1  # later paragraphs of the same note are not numbered again
        elif self.lists and self.lists[-1].fresh:
            current = self.lists[-1]
            if current.numbering is not None:
                ooxml.number(paragraph, *current.numbering)
            current.fresh = False
        InlineWriter(self, paragraph).write(token.children or [])

    def _table(self, tokens: Sequence[Token], i: int) -> int:
        """A table: its first row marked as a header row that repeats on every page."""
        opening = tokens[i]
        rows: list[list[tuple[Token, str | None, bool]]] = []
        header = False
        while tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "thead_open":
                header = True
            elif kind == "thead_close":
                header = False
            elif kind == "tr_open":
                rows.append([])
            elif kind in ("th_open", "td_open"):
                style = str(tokens[i].attrGet("style") or "")
                align = style.removeprefix("text-align:") if style.startswith("text-align:") else None
                rows[-1].append((tokens[i + 1], align, header))
            i += 1
        columns = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table._tbl.tblStyle_val = self.ids["Table Grid"]
        for r, row in enumerate(rows):
            for c, (inline, align, is_header) in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                if align in _ALIGN:
                    paragraph.alignment = _ALIGN[align]
                InlineWriter(self, paragraph, bold=is_header).write(inline.children or [])
            if row and row[0][2]:
                ooxml.repeat_header(table.rows[r])
        texts = [[cell.text for cell in row.cells] for row in table.rows]
        size_columns(table, column_widths(texts, self.width))
        headers = [t for t in texts[0] if t.strip()] if texts else []
        name = table_name(opening) or "Table"
        body = len(rows) - 1
        describe(table, name, f"{name}: a table of {body} row{'' if body == 1 else 's'}, with the columns "
                              f"{', '.join(headers)}.")
        return i + 1


class InlineWriter:
    """Runs for one paragraph's inline tokens: text, emphasis, breaks, links, note references, pictures."""

    def __init__(self, body: BodyWriter, paragraph: Paragraph, bold: bool = False) -> None:
        self.body = body
        self.paragraph = paragraph
        self.target = paragraph
        self.bold = 1 if bold else 0
        self.italic = 0

    def write(self, children: Sequence[Token]) -> None:
        for child in children:
            kind = child.type
            if kind == "text":
                self._text(child.content)
            elif kind == "strong_open":
                self.bold += 1
            elif kind == "strong_close":
                self.bold -= 1
            elif kind == "em_open":
                self.italic += 1
            elif kind == "em_close":
                self.italic -= 1
            elif kind == "softbreak":
                self._run(" ")
            elif kind == "hardbreak":
                self._run("").add_break()
            elif kind == "code_inline":
                self._run(child.content).font.name = MONOSPACE
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith(ooxml.LINK_SCHEMES):
                    self.target = ooxml.hyperlink(self.paragraph, url=href)
            elif kind == "link_close":
                self.target = self.paragraph
            elif kind == NUMBER:
                self._run(child.content + "\t")
            elif kind == "footnote_ref":
                number = int(child.meta["id"]) + 1
                link = ooxml.hyperlink(self.paragraph, anchor=note_anchor(number))
                self._run(str(number) if child.meta.get(PLAIN) else f"[{number}]", link)
            elif kind == "image":
                self._image(child)

    def _run(self, text: str, target: Paragraph | None = None, style: str | None = None) -> Run:
        run = (target or self.target).add_run(text)
        if style is not None:
            run._r.style = self.body.ids[style]
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True
        return run

    def _text(self, text: str) -> None:
        """Literal text; the address of one of the brief's sources becomes a link to it."""
        if self.target is not self.paragraph:
            self._run(text, style="Hyperlink")
            return
        while text:
            hits = [(text.find(u), u) for u in self.body.urls if u in text]
            if not hits:
                self._run(text)
                return
            at, url = min(hits)
            if at:
                self._run(text[:at])
            self._run(url, ooxml.hyperlink(self.paragraph, url=url), "Hyperlink")
            text = text[at + len(url):]

    def _image(self, token: Token) -> None:
        alt = "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline")).strip()
        src = str(token.attrGet("src") or "")
        if not alt:
            raise BuildError(f"image '{src}' has no alt text: write ![what it shows]({src})")
        data, width = self.body.images(src)
        shape = self._run("").add_picture(data, width=width)
        ooxml.alt_text(shape._inline, alt)
