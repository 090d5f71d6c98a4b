"""Text a reader can read: every run of visible text on a PDF's pages is at least :data:`MIN_POINTS`
(accessible PDFs: sans-serif 12 pt or more), read from WeasyPrint's layout before the PDF is written.
A note reference's superscript, raised above the line, is the one exception."""

from __future__ import annotations

from briefgen.checks.marking_pdf import Fragment

#: The smallest body text of an accessible PDF, in points.
MIN_POINTS = 12.0
_SLACK = 0.05


def problems_of(pages: list[list[Fragment]]) -> list[str]:
    """For the text runs of each laid-out page: each page with visible text under :data:`MIN_POINTS`,
    its smallest size and the first words set in it."""
    out = []
    for number, fragments in enumerate(pages, 1):
        small = [f for f in fragments if f.hidden is None and not f.raised and f.text.strip()
                 and f.points < MIN_POINTS - _SLACK]
        if small:
            size = min(f.points for f in small)
            words = " ".join(" ".join(f.text.split()) for f in small if f.points == size)
            out.append(f"page {number} of the PDF has text at {size:g} pt, under the {MIN_POINTS:g} pt an "
                       f"accessible PDF needs (the stylesheet sets it): \"{_clip(words)}\"")
    return out


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."
