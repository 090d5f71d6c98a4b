"""A list never leaves its last item alone at the top of a page (issue 24: a "Confidence" bullet sat alone
atop the EU brief's page 2). Laid out with the house theme (templates/styles/base.css) by WeasyPrint, with
the list pushed down the page a line at a time, so that every place a page break can fall is tried."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from support import REPO

ITEMS = ["First point of the list, which runs over two lines of text in the house theme's column width.",
         "Second point of the list, also long enough to take up two lines of text in the column.",
         "LAST point, short."]


def _texts(box: Any) -> list[str]:
    found = [box.text] if hasattr(box, "text") and isinstance(box.text, str) else []
    for child in getattr(box, "children", ()):
        found += _texts(child)
    return found


def _pages(filler: int) -> list[str]:
    import weasyprint

    paras = "".join(f"<p>Filler paragraph {i}.</p>" for i in range(filler))
    items = "".join(f"<li>{text}</li>" for text in ITEMS)
    html = f'<html lang="en-GB"><body><main>{paras}<ul>{items}</ul><p>After the list.</p></main></body></html>'
    sheet = weasyprint.CSS(filename=str(REPO / "templates/styles/base.css"))
    document = weasyprint.HTML(string=html, base_url=str(REPO / "templates/styles/")).render(stylesheets=[sheet])
    return [" ".join(_texts(page._page_box)) for page in document.pages]


@pytest.mark.slow
def test_the_last_item_of_a_list_never_opens_a_page_alone() -> None:
    tried = 0
    for filler in range(28, 42):
        pages = _pages(filler)
        for before, page in itertools.pairwise(pages):
            if "LAST" in page and "Second point" in before and "Second point" not in page:
                raise AssertionError(f"with {filler} paragraphs before it the list's last item opens page 2 alone")
        tried += len(pages) > 1
    assert tried, "no layout ran over a page: the test no longer tries a page break inside the list"
