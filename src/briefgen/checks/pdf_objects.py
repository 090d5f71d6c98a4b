"""The accessibility and PDF/UA checks of :func:`briefgen.checks.accessibility.check_pdf`, made on the
pydyf objects WeasyPrint is about to serialise (its ``finisher`` hook, after the repairs of
:mod:`briefgen.writers.pdf_tags`) instead of on bytes parsed back with pikepdf.

Why this checks what is written: ``Document.write_pdf`` calls the finisher and then ``pdf.write``
on the same objects, which serialises each object's current value and adds only the document
information (checked here: the title), an object stream and a cross-reference stream. Nothing runs
between the check and the serialisation, so the bytes cannot differ from what was checked. The
messages are the same as ``check_pdf``'s; ``tests/test_pdf_objects.py`` checks that both find the same
problems in WeasyPrint's unrepaired output and none in the repaired one.
"""

from __future__ import annotations

import re
from typing import Any

import pydyf

from briefgen.checks.pdf_rules import Operation, content_problems, heading_skips, unmarked
from briefgen.writers.pdf_graph import Graph, Mark, marked, operator
from briefgen.writers.pdf_tags import PRINT_FLAG


def check_objects(pdf: pydyf.PDF) -> tuple[list[str], int]:
    """Every accessibility problem of a PDF about to be written, and its page count."""
    graph = Graph(pdf)
    catalog = pdf.catalog
    problems = []
    root = graph.root()
    mark_info = graph.get(catalog.get("MarkInfo"))
    if root is None or not isinstance(mark_info, dict) or not _true(mark_info.get("Marked")):
        problems.append("the PDF is not tagged (no structure tree)")
    if not _text(catalog.get("Lang")).strip():
        problems.append("the PDF has no document language (/Lang)")
    prefs = graph.get(catalog.get("ViewerPreferences"))
    if not isinstance(prefs, dict) or not _true(prefs.get("DisplayDocTitle")):
        problems.append("the PDF does not show its title in the title bar (DisplayDocTitle)")
    if not _text(pdf.info.get("Title")).strip():
        problems.append("the PDF has no title")
    problems += _fonts(graph)
    if root is not None:
        tree = list(graph.elements(root))
        problems += _structure(tree, graph) + _content(graph, graph.reachable(tree)) + _elements(tree, graph)
        problems += _links(graph)
    return problems, len(graph.pages())


def _true(value: Any) -> bool:
    return value is True or value in ("true", b"true")


def _text(value: Any) -> str:
    if isinstance(value, pydyf.String):
        return str(value.string)
    return "" if value is None else str(value)


def _fonts(graph: Graph) -> list[str]:
    missing: set[str] = set()
    for page in graph.pages():
        resources = graph.get(page.get("Resources"))
        fonts = graph.get(resources.get("Font")) if isinstance(resources, dict) else None
        for ref in (fonts.values() if isinstance(fonts, dict) else ()):
            font = graph.get(ref)
            descendants = graph.get(font.get("DescendantFonts"))
            target = graph.get(descendants[0]) if descendants else font
            descriptor = graph.get(target.get("FontDescriptor"))
            if not isinstance(descriptor, dict) or not any(k in descriptor for k in ("FontFile", "FontFile2",
                                                                                     "FontFile3")):
                missing.add(str(font.get("BaseFont", "?")))
    return [f"font {name} is not embedded" for name in sorted(missing)]


def _structure(tree: list[pydyf.Dictionary], graph: Graph) -> list[str]:
    """Headings that skip a level, figures without alt text, tables without header cells."""
    problems: list[str] = []
    headings = [int(str(e["S"])[2]) for e in tree if re.fullmatch(r"/H[1-6]", str(e.get("S")))]
    for element in tree:
        if element.get("S") == "/Figure" and not _text(element.get("Alt")).strip():
            problems.append("a figure has no alt text")
        elif element.get("S") == "/Table" and not any(e.get("S") == "/TH" for e in graph.elements(element)):
            problems.append("a table has no header cells (TH)")
    return problems + heading_skips(headings)


def _content(graph: Graph, reached: set[Mark]) -> list[str]:
    return content_problems(_orphans(graph.content(page).stream, page.reference, reached) for page in graph.pages())


def _orphans(items: list[Any], page: bytes, reached: set[Mark]) -> list[str]:
    starts = {i: (tag, props) for i, tag, props in marked(items)}

    def operation(i: int, item: Any) -> Operation:
        if i not in starts:
            return (operator(item) or "", None, None)
        tag, props = starts[i]
        mcid = props.get("MCID") if props is not None else None
        return ("BDC", tag, None if mcid is None else int(mcid))

    return unmarked((operation(i, item) for i, item in enumerate(items)), lambda mcid: (page, mcid) in reached)


def _elements(tree: list[pydyf.Dictionary], graph: Graph) -> list[str]:
    found = []
    for element in tree:
        tag = element.get("S")
        if tag == "/TH":
            attributes = graph.get(element.get("A"))
            if not isinstance(attributes, dict) or "Scope" not in attributes:
                found.append("a table header cell (TH) has no /Scope")
        elif tag == "/LI":
            parts = [str(k.get("S")) for k in graph.kids(element) if isinstance(k, dict)]
            if "/LBody" not in parts or set(parts) - {"/Lbl", "/LBody"}:
                found.append(f"a list item (LI) holds {' + '.join(parts) or 'nothing'}, not Lbl + LBody")
    return sorted(set(found), key=found.index)


def _links(graph: Graph) -> list[str]:
    found = []
    for n, page in enumerate(graph.pages(), 1):
        for ref in page.get("Annots", ()):
            annot = graph.get(ref)
            if annot.get("Subtype") != "/Link":
                continue
            if not int(annot.get("F", 0)) & PRINT_FLAG:
                found.append(f"page {n}: a link annotation lacks the Print flag")
            if "StructParent" not in annot:
                found.append(f"page {n}: a link annotation is not in the tag tree")
    return found
