"""How note references read where they are odd as superscripts (issue 24, form):

- an assessment's references follow it as any claim's do, with no "(drawing on ...)" around them (the
  text edition printed "(drawing on (1, 2, 3))");
- in a table, a cell carries no reference: the table's notes follow it in one line, "Sources: notes 1
  and 2.", each number a link to its note (and the first reference's anchor, for the note's back-link).
"""

from __future__ import annotations

from pathlib import Path

from briefgen.writers.html import make_markdown, render_body
from briefgen.writers.text import to_text
from support import build

TABLE = """Before.[^1]

| Option | Benefit |
| --- | --- |
| One | Cheap.[^2] |
| Two | Quick.[^3][^2] |

After.[^3]

[^1]: First source.
[^2]: Second source.
[^3]: Third source.
"""


def test_an_assessment_reads_with_its_notes_as_any_claim_does(starter: Path) -> None:
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md, txt]"))
    result = build(starter)
    assert not result.failed, result.failed
    md = (starter / "build/example.md").read_text()
    txt = (starter / "build/example.txt").read_text()
    assert "drawing on" not in md and "drawing on" not in txt
    assert "- We assess it is likely that other organisations will follow within a year.[^1]" in md
    assert "will follow within a year. (1)" in " ".join(txt.split())


def test_table_cells_carry_no_note_references_the_line_after_the_table_does() -> None:
    page = render_body(make_markdown(), TABLE)
    table = page.split("<table>")[1].split("</table>")[0]
    assert "footnote-ref" not in table and "fnref" not in table
    after = page.split("</table>")[1]
    line = after.split("<p")[1].split("</p>")[0]
    assert line == (' class="table-notes">Sources: notes <a href="#fn2" id="fnref2">2</a> and '
                    '<a href="#fn3" id="fnref3">3</a>.')
    assert 'id="fnref3:1"' in page  # "After." keeps its own reference to note 3
    text = to_text(make_markdown(), TABLE, "TLP:CLEAR")
    assert "Sources: notes 2 and 3." in text and "Cheap. " not in text.replace("Cheap.\n", "")
    assert "(2" not in text.split("Sources:")[0].split("Option")[1]


def test_one_note_in_a_table() -> None:
    page = render_body(make_markdown(), "| A | B |\n| --- | --- |\n| x | y[^1] |\n\n[^1]: Note.\n")
    assert '<p class="table-notes">Source: note <a href="#fn1" id="fnref1">1</a>.</p>' in page
