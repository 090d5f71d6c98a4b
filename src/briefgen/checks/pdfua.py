"""PDF/UA structure checks with pikepdf, beyond the basics in ``accessibility.check_pdf``: what
veraPDF's Matterhorn checkpoints would reject first, run on every PDF the build writes.

- every marked-content sequence on every page is an artifact or reachable from the StructTreeRoot (01-005);
- every ``TH`` has a ``/Scope`` (15-003);
- every ``LI`` holds an ``LBody``, and nothing but ``Lbl`` and ``LBody``;
- every link annotation has the Print flag and a place in the tag tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pikepdf

from briefgen.checks.pdf_rules import Operation, content_problems, unmarked
from briefgen.writers.pdf_tags import PRINT_FLAG


def structure_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every PDF/UA structure problem of an open, tagged PDF (empty when there is none)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return []  # reported by check_pdf as untagged
    tree = list(elements(root))  # walked once for both checks
    return _content(pdf, reachable_mcids(tree)) + _elements(tree) + _links(pdf)


def _content(pdf: pikepdf.Pdf, reached: set[tuple[tuple[int, int], int]]) -> list[str]:
    return content_problems(_orphans(page, reached) for page in pdf.pages)


def _orphans(page: pikepdf.Page, reached: set[tuple[tuple[int, int], int]]) -> list[str]:
    key = page.obj.objgen
    return unmarked((_operation(i) for i in pikepdf.parse_content_stream(page)), lambda mcid: (key, mcid) in reached)


def _operation(instruction: Any) -> Operation:
    op = str(instruction.operator)
    if op not in ("BDC", "BMC"):
        return (op, None, None)
    operands = instruction.operands
    props = operands[1] if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else None
    mcid = props.get("/MCID") if props is not None else None
    return (op, str(operands[0]), None if mcid is None else int(mcid))


def _elements(tree: list[pikepdf.Object]) -> list[str]:
    found = []
    for element in tree:
        tag = element.get("/S")
        if tag == pikepdf.Name.TH:
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary) or "/Scope" not in attributes:
                found.append("a table header cell (TH) has no /Scope")
        elif tag == pikepdf.Name.LI:
            parts = [str(k.get("/S")) for k in kids(element) if isinstance(k, pikepdf.Dictionary)]
            if "/LBody" not in parts or set(parts) - {"/Lbl", "/LBody"}:
                found.append(f"a list item (LI) holds {' + '.join(parts) or 'nothing'}, not Lbl + LBody")
    return sorted(set(found), key=found.index)


def _links(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for n, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            if annot.get("/Subtype") != pikepdf.Name.Link:
                continue
            if not int(annot.get("/F", 0)) & PRINT_FLAG:
                found.append(f"page {n}: a link annotation lacks the Print flag")
            if "/StructParent" not in annot:
                found.append(f"page {n}: a link annotation is not in the tag tree")
    return found


def kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    """An element's ``/K`` as a list (it may be one kid or an array of them)."""
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def elements(node: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every structure element under ``node`` (the tree root or an element), depth first, iteratively."""
    stack = list(reversed(kids(node)))
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            stack.extend(reversed(kids(kid)))


def reachable_mcids(tree: Iterable[pikepdf.Object]) -> set[tuple[tuple[int, int], int]]:
    """(page object, MCID) of every marked-content sequence the structure elements ``tree`` (all of
    the tree's, from :func:`elements`) reach."""
    found: set[tuple[tuple[int, int], int]] = set()
    for element in tree:
        page = element.get("/Pg")
        for kid in kids(element):
            if isinstance(kid, int) and page is not None:
                found.add((page.objgen, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                mcr_page = kid.get("/Pg", page)
                if mcr_page is not None:
                    found.add((mcr_page.objgen, int(kid.MCID)))
    return found
