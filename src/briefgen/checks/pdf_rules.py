"""The PDF/UA rules both PDF checks apply, whatever reads the PDF: WeasyPrint's objects as they are
written (:mod:`briefgen.checks.pdf_objects`, every build) and a PDF's bytes through pikepdf
(:mod:`briefgen.checks.pdfua`, the tests). Each check turns its own objects into the plain values
these functions take, so the rules are written once."""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: Operators that paint: outside marked content, they are content that is neither tagged nor an artifact.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "BI"})

#: One content-stream operation: its operator, and for the start of marked content its tag and MCID.
Operation = tuple[str, str | None, int | None]


def unmarked(operations: Iterable[Operation], reached: Callable[[int], bool]) -> list[str]:
    """The page's content that is neither an artifact nor in the tag tree (Matterhorn 01-005): marked
    content at the outermost level whose MCID no structure element reaches, and painting outside any
    marked content. ``reached(mcid)`` says whether the tag tree reaches that MCID on this page."""
    depth = 0
    found = []
    for op, tag, mcid in operations:
        if tag is not None:
            if depth == 0 and tag != "/Artifact" and (mcid is None or not reached(mcid)):
                found.append(f"{tag} MCID {mcid}")
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif depth == 0 and op in PAINTING:
            found.append(f"'{op}' outside marked content")
    return found


def content_problems(pages: Iterable[list[str]]) -> list[str]:
    """One line for each page (numbered from 1) whose content :func:`unmarked` found."""
    return [f"page {n}: {len(found)} pieces of content are neither artifacts nor in the tag tree "
            f"({', '.join(found[:4])})" for n, found in enumerate(pages, 1) if found]


def heading_skips(levels: Iterable[int]) -> list[str]:
    """The first place the heading levels, in reading order, skip one (H1 then H3)."""
    previous = 0
    for level in levels:
        if level > previous + 1:
            return [f"heading levels skip from H{previous} to H{level}"]
        previous = level
    return []
