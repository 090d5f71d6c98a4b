"""Text too small to read fails the PDF: accessible PDFs set their text in 12 pt or more (the guide's
accessibility rules); a note reference's superscript is the one exception. Found when the SME guide's
stylesheet set all its text at 11 pt and the shared theme set tables at 11 pt, and nothing noticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.checks.marking_pdf import Fragment
from briefgen.checks.text_size import problems_of
from support import build, write


def _stylesheet(starter: Path, css: str) -> None:
    path = starter / "templates/styles/example.css"
    path.write_text(path.read_text("utf-8") + "\n" + css + "\n", "utf-8")


def _failure(starter: Path) -> str:
    failed = dict(build(starter, formats=("pdf",)).failed)
    assert "example.pdf" in failed, "the PDF was built"
    return failed["example.pdf"]


@pytest.mark.parametrize(("css", "size"), [("html { font-size: 11pt }", "11"), ("p { font-size: 9.5pt }", "9.5"),
                                           ("table { font-size: 10pt }", "10")])
def test_small_text_fails_the_pdf_and_says_where(starter: Path, css: str, size: str) -> None:
    write(starter, {"templates/example.md.j2": "# Title\n\nA paragraph a reader reads.\n\n"
                                               "| Option | Cost |\n| --- | --- |\n| One | Low |\n"})
    _stylesheet(starter, css)
    message = _failure(starter)
    assert f"page 1 of the PDF has text at {size} pt, under the 12 pt an accessible PDF needs" in message
    assert not (starter / "build/example.pdf").exists()


def test_note_references_and_twelve_point_text_pass(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# Title\n\n{{ fact('example-event') }}\n\n"
                                               "| Option | Cost |\n| --- | --- |\n| One | Low |\n\n"
                                               '{% include "partials/notes.md.j2" %}\n'})
    result = build(starter, formats=("pdf",))
    assert not result.failed, result.failed


def test_only_visible_unraised_text_counts() -> None:
    page = [Fragment("Body", None, 12.0), Fragment("1", None, 9.0, raised=True),
            Fragment("hidden", "it is visibility: hidden", 8.0), Fragment(" ", None, 8.0)]
    assert problems_of([page]) == []
    assert problems_of([page, [Fragment("Small print", None, 10.0)]]) == [
        'page 2 of the PDF has text at 10 pt, under the 12 pt an accessible PDF needs (the stylesheet sets it): '
        '"Small print"']
