"""Word tables sized from their content and described for assistive technology.

Columns: as a browser's automatic table layout does, each column gets at least the width of its longest
word (so no word breaks inside) and the rest of the line in proportion to how much more its longest cell
wants; the widths are fixed in the document (grid, cells, fixed layout) so Word does not redistribute
them. Caption and description: the table's name (the heading above it) and what its columns are, in
``w:tblCaption`` and ``w:tblDescription``, which Word's accessibility checker reads as the table's alt text.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

#: Table text is 11 pt, as in the PDF (body text is 12 pt): more columns fit without breaking a word.
SIZE = Pt(11)
#: Estimated width of one character of table text, in EMU (0.58 em: a little over the average
#: letter, for bold headers; the cell's own padding is allowed for by :data:`PADDING`).
CHAR = int(11 * 12700 * 0.58)
PADDING = 2 * 108 * 635  # Word's default cell margins: 0.08 inch each side


def column_widths(cells: Sequence[Sequence[str]], width: int) -> list[int]:
    """EMU widths of a table's columns from the text of its cells (rows of columns), filling ``width``."""
    columns = max((len(r) for r in cells), default=0)
    least = [0] * columns
    most = [0] * columns
    for row in cells:
        for c, text in enumerate(row):
            words = text.split()
            least[c] = max(least[c], max((len(w) for w in words), default=0) * CHAR + PADDING)
            most[c] = max(most[c], len(text) * CHAR + PADDING)
    if not columns:
        return []
    if sum(most) <= width:
        return _fill([m or PADDING for m in most], width)
    if sum(least) >= width:
        return _fill([m or PADDING for m in least], width)
    spare = width - sum(least)
    wants = [m - n for m, n in zip(most, least, strict=True)]
    total = sum(wants) or 1
    return _fill([n + spare * w // total for n, w in zip(least, wants, strict=True)], width)


def _fill(widths: list[int], width: int) -> list[int]:
    """``widths`` scaled to add up to ``width`` exactly (the last column takes the rounding)."""
    total = sum(widths)
    scaled = [w * width // total for w in widths]
    scaled[-1] += width - sum(scaled)
    return scaled


def size_columns(table: Table, widths: Sequence[int]) -> None:
    """Fix the table's column widths (grid, every cell, and a fixed layout) and its text size."""
    table.autofit = False
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = SIZE
    for c, w in enumerate(widths):
        table.columns[c].width = w
        for cell in table.columns[c].cells:
            cell.width = w


def describe(table: Table, caption: str, description: str) -> None:
    """The table's caption and description (its alt text), as the last children of ``w:tblPr``."""
    properties = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
