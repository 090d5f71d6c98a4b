"""The plain-text edition: what people paste into Outlook carries no Markdown syntax."""

from __future__ import annotations

import re

import pytest

from briefgen.writers.html import make_markdown
from briefgen.writers.text import WIDTH, to_text

BODY = """# A title with *emphasis*

A line with **bold**, _italic_ and `code`, a [link](https://example.org/a) and a note.[^1] Two notes.[^1][^2]  \\
After a hard break. A literal \\*star\\* and \\[brackets\\].

## Section heading

- Item one, long enough to wrap across the seventy-two column limit of an email body, easily.
- Item two.[^2]

1. **Step one.** Do it.  \\
   *Effort: low. Cost: none.*
2. Step two.

| Option | Benefit |
| --- | --- |
| A | Fast |

[^1]: First source. Publisher not stated. n.d. [https://example.org/source](https://example.org/source)
[^2]: Second source.
"""


@pytest.fixture(scope="module")
def text() -> str:
    return to_text(make_markdown(), BODY, "TLP:CLEAR")


def test_marking_is_the_first_and_last_line(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "TLP:CLEAR" and lines[-1] == "TLP:CLEAR"


def test_no_markdown_syntax_survives(text: str) -> None:
    for syntax in ("**", "#", "`", "[^", "](", "\\", "| ---"):
        assert syntax not in text, syntax
    assert not re.search(r"(?<!\w)_\w", text)
    assert "*star*" in text and "[brackets]" in text  # escaped characters are literal


def test_headings_in_capitals(text: str) -> None:
    assert "A TITLE WITH EMPHASIS" in text and "\nSECTION HEADING\n" in text


def test_notes_and_links(text: str) -> None:
    assert "and a note. (1) Two notes. (1, 2)" in " ".join(text.split())
    assert "a link (https://example.org/a)" in text
    notes = text[text.index("(1) First source"):]
    assert "https://example.org/source" in notes and "(2) Second source." in notes


def test_a_note_reference_never_starts_a_line() -> None:
    for width in range(30, 80):
        for line in to_text(make_markdown(), BODY, "TLP:CLEAR", width).splitlines():
            stripped = line.strip()
            assert not re.match(r"\(\d", stripped) or stripped.startswith(("(1) First", "(2) Second")), line


def test_wrapped_at_72_columns(text: str) -> None:
    assert all(len(line) <= WIDTH for line in text.splitlines())


def test_lists_and_hard_breaks(text: str) -> None:
    assert "1. Step one. Do it.\n   Effort: low. Cost: none.\n2. Step two." in text
    assert "- Item two. (2)" in text


def test_table_as_aligned_columns(text: str) -> None:
    assert "Option  Benefit\n------  -------\nA       Fast" in text
