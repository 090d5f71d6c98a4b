"""Word tables: columns sized from their content, so no word breaks inside (issue 27: the Options table's
six equal columns broke "memorandu|ms"), and a caption and description from the heading above."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn

from briefgen.writers.docx.tables import CHAR, PADDING, column_widths
from support import build, write

TABLE = """\
# Choices

## Options (our judgements)

| Option | Benefit | Cost | Risk | Legal route | Owner |
| --- | --- | --- | --- | --- | --- |
| Seek access through arrangements | Insight | Staff time | Read as enforcement | Extend the memorandums | DSIT |
| Do nothing | None | None | Falling behind | None | DSIT, AISI |
"""


def _built_tables(starter: Path) -> list[docx.table.Table]:
    write(starter, {"templates/example.md.j2": TABLE})
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text("utf-8").replace("formats: [md, pdf]", "formats: [md, docx]"), "utf-8")
    result = build(starter, formats=("docx",))
    assert not result.failed, result.failed
    return list(docx.Document(str(starter / "build/example.docx")).tables)


def test_no_column_narrower_than_its_longest_word(starter: Path) -> None:
    (table,) = _built_tables(starter)
    section = docx.Document(str(starter / "build/example.docx")).sections[-1]
    line = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    widths = [c.width for c in table.columns]
    assert abs(sum(widths) - line) <= 635 * len(widths)  # stored in twentieths of a point
    columns = list(zip(*[[c.text for c in row.cells] for row in table.rows], strict=True))
    for width, cells in zip(widths, columns, strict=True):
        longest = max((w for text in cells for w in text.split()), key=len)
        assert width + 635 >= len(longest) * CHAR + PADDING, (longest, width)
    assert len(set(widths)) > 1  # not six equal columns
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_table_caption_and_description_from_its_heading(starter: Path) -> None:
    (table,) = _built_tables(starter)
    xml = table._tbl.tblPr.xml
    assert re.search(r'<w:tblCaption w:val="Options \(our judgements\)"/>', xml)
    assert ('<w:tblDescription w:val="Options (our judgements): a table of 2 rows, with the columns Option, '
            'Benefit, Cost, Risk, Legal route, Owner."/>') in xml


def test_widths_fill_the_line_when_content_is_short() -> None:
    widths = column_widths([["A", "B"], ["one", "two words here"]], 6_000_000)
    assert sum(widths) == 6_000_000 and widths[1] > widths[0]


def test_widths_when_even_the_words_do_not_fit() -> None:
    widths = column_widths([["x" * 60, "y" * 60]], 1_000_000)
    assert sum(widths) == 1_000_000 and widths[0] == widths[1]
