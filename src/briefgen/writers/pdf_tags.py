"""PDF/UA repairs WeasyPrint cannot be told to make, done on its pydyf objects in its ``finisher`` hook,
before the PDF is serialised (so it is written once, never parsed and saved again).

- Page furniture (the running marking, short title, "Page N of M") is drawn as marked content whose
  structure elements WeasyPrint never links into the tree (Matterhorn 01-005): it becomes
  ``/Artifact <</Type /Pagination>>``, still drawn and still extractable, out of the tag tree, and its
  parent-tree entries become null.
- Table header cells get a ``/Scope``: ``/Column`` in a header row group, ``/Row`` elsewhere (15-003).
- A list item's content after its label is wrapped in one ``/LBody`` (a loose item holds Lbl + P).
- Link annotations get the Print flag (28-008 ff.).

Deterministic: the same document gives the same objects in the same order (a new LBody is appended).
"""

from __future__ import annotations

from typing import Any

import pydyf

from briefgen.writers.pdf_graph import Graph, Mark, marked

#: Annotation flag bit 3: print the annotation when the page is printed.
PRINT_FLAG = 4


def repair(pdf: pydyf.PDF) -> None:
    """WeasyPrint's tagged PDF with its furniture as artifacts, scoped headers, list bodies and
    printable links (a WeasyPrint ``finisher``: ``finisher=lambda document, pdf: repair(pdf)``)."""
    graph = Graph(pdf)
    root = graph.root()
    if root is not None:
        tree = list(graph.elements(root))  # walked once: the repairs below add only LBody elements
        _furniture_as_artifacts(graph, root, graph.reachable(tree))
        for element in tree:
            _scope(graph, element)
            _list_body(graph, element)
    for page in graph.pages():
        for ref in page.get("Annots", ()):
            annot = graph.get(ref)
            if annot.get("Subtype") == "/Link":
                annot["F"] = int(annot.get("F", 0)) | PRINT_FLAG


def _furniture_as_artifacts(graph: Graph, root: pydyf.Dictionary, reached: set[Mark]) -> None:
    """Marked content the tree does not reach becomes an artifact: its tag and property list are
    replaced in the page's content stream, nothing else."""
    parent_tree = graph.get(root.get("ParentTree"))
    for page in graph.pages():
        items = graph.content(page).stream
        orphans: set[int] = set()
        for i, _tag, props in list(marked(items)):
            mcid = props.get("MCID") if props is not None else None
            if mcid is not None and (page.reference, int(mcid)) not in reached:
                orphans.add(int(mcid))
                items[i - 2] = "/Artifact"
                items[i - 1] = pydyf.Dictionary({"Type": "/Pagination"})
        if orphans:
            _forget(graph, parent_tree, page, orphans)


def _forget(graph: Graph, parent_tree: Any, page: pydyf.Dictionary, mcids: set[int]) -> None:
    """Null the parent-tree entries of ``mcids`` on ``page`` (they are artifacts now)."""
    if not isinstance(parent_tree, pydyf.Dictionary) or "StructParents" not in page:
        return
    key = int(page["StructParents"])
    nums = parent_tree.get("Nums", [])
    for i in range(0, len(nums) - 1, 2):
        array = graph.get(nums[i + 1])
        if nums[i] == key and isinstance(array, list):
            for mcid in mcids:
                if mcid < len(array):
                    array[mcid] = b"null"


def _scope(graph: Graph, element: pydyf.Dictionary) -> None:
    if element.get("S") != "/TH":
        return
    row = graph.get(element.get("P"))
    group = graph.get(row.get("P")) if isinstance(row, pydyf.Dictionary) else None
    in_head = isinstance(group, pydyf.Dictionary) and group.get("S") == "/THead"
    attributes = element.get("A")
    if not isinstance(attributes, pydyf.Dictionary):
        attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
    if "Scope" not in attributes:
        attributes["Scope"] = "/Column" if in_head else "/Row"


def _is(kid: Any, tag: str) -> bool:
    return isinstance(kid, pydyf.Dictionary) and kid.get("S") == tag


def _list_body(graph: Graph, element: pydyf.Dictionary) -> None:
    """An ``LI`` whose kids after its ``Lbl`` are not one ``LBody``: those kids wrapped in one."""
    if element.get("S") != "/LI":
        return
    refs = list(element.get("K", []))
    items = [graph.get(k) for k in refs]
    labels = [r for r, k in zip(refs, items, strict=True) if _is(k, "/Lbl")]
    rest = [(r, k) for r, k in zip(refs, items, strict=True) if not _is(k, "/Lbl")]
    if not rest or any(_is(k, "/LBody") for _, k in rest):
        return
    if not all(isinstance(k, pydyf.Dictionary) and "S" in k for _, k in rest):
        return  # marked content straight under the item: left as it is (not what WeasyPrint writes)
    body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "P": element.reference,
                             "K": pydyf.Array([r for r, _ in rest])})
    if "Pg" in element:
        body["Pg"] = element["Pg"]
    graph.pdf.add_object(body)
    for _, kid in rest:
        kid["P"] = body.reference
    element["K"] = pydyf.Array([*labels, body.reference])
