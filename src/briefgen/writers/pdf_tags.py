"""PDF/UA repairs WeasyPrint cannot be told to make, done on its output with pikepdf.

- Page furniture (the running marking, short title, "Page N of M") is drawn as marked content whose
  structure elements WeasyPrint never links into the tree (Matterhorn 01-005): it becomes
  ``/Artifact <</Type /Pagination>>``, still drawn and still extractable, out of the tag tree.
- Table header cells get a ``/Scope``: ``/Column`` in a header row group, ``/Row`` elsewhere (15-003).
- A list item's content after its label is wrapped in one ``/LBody`` (a loose item holds Lbl + P).
- Link annotations get the Print flag (28-008 ff.).

Deterministic: the same input bytes give the same output bytes (object order kept, ID from content).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO

import pikepdf

#: Annotation flag bit 3: print the annotation when the page is printed.
PRINT_FLAG = 4
_PAGINATION = {"/Type": pikepdf.Name.Pagination}


def finish(data: bytes) -> bytes:
    """WeasyPrint's tagged PDF with its furniture as artifacts, scoped headers, list bodies and
    printable links."""
    with pikepdf.open(BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            tree = list(elements(root))  # walked once: the repairs below add only LBody elements
            _furniture_as_artifacts(pdf, root, reachable_mcids(tree))
            for element in tree:
                _scope(element)
                _list_body(pdf, element)
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                if annot.get("/Subtype") == pikepdf.Name.Link:
                    annot.F = int(annot.get("/F", 0)) | PRINT_FLAG
        out = BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


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


def _furniture_as_artifacts(pdf: pikepdf.Pdf, root: pikepdf.Object,
                            reached: set[tuple[tuple[int, int], int]]) -> None:
    """Marked content the tree does not reach becomes an artifact. Only those ``BDC`` instructions are
    replaced; a page's content is rewritten only when it has one."""
    parent_tree = root.get("/ParentTree")
    for page in pdf.pages:
        orphans: set[int] = set()
        every = pikepdf.parse_content_stream(page)
        for i, instruction in enumerate(every):
            if instruction.operator != _BDC:
                continue
            operands = instruction.operands
            if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
                mcid = operands[1].get("/MCID")
                if mcid is not None and (page.obj.objgen, int(mcid)) not in reached:
                    orphans.add(int(mcid))
                    every[i] = pikepdf.ContentStreamInstruction(
                        [pikepdf.Name.Artifact, pikepdf.Dictionary(_PAGINATION)], instruction.operator)
        if orphans:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(every))
            _forget(parent_tree, page.obj, orphans)


_BDC = pikepdf.Operator("BDC")


def _forget(parent_tree: pikepdf.Object | None, page: pikepdf.Object, mcids: set[int]) -> None:
    """Null the parent-tree entries of ``mcids`` on ``page`` (they are artifacts now)."""
    if parent_tree is None or "/StructParents" not in page:
        return
    key = int(page.StructParents)
    nums = parent_tree.get("/Nums", pikepdf.Array())
    for i in range(0, len(nums) - 1, 2):
        if int(nums[i]) == key and isinstance(nums[i + 1], pikepdf.Array):
            array = nums[i + 1]
            for mcid in mcids:
                if mcid < len(array):
                    array[mcid] = None


def _scope(element: pikepdf.Object) -> None:
    if element.get("/S") != pikepdf.Name.TH:
        return
    row = element.get("/P")
    group = row.get("/P") if row is not None else None
    in_head = group is not None and group.get("/S") == pikepdf.Name.THead
    attributes = element.get("/A")
    if not isinstance(attributes, pikepdf.Dictionary):
        attributes = pikepdf.Dictionary({"/O": pikepdf.Name.Table})
        element.A = attributes
    if "/Scope" not in attributes:
        attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row


def _list_body(pdf: pikepdf.Pdf, element: pikepdf.Object) -> None:
    """An ``LI`` whose kids after its ``Lbl`` are not one ``LBody``: those kids wrapped in one."""
    if element.get("/S") != pikepdf.Name.LI:
        return
    items = kids(element)
    labels = [k for k in items if isinstance(k, pikepdf.Dictionary) and k.get("/S") == pikepdf.Name.Lbl]
    rest = [k for k in items if not (isinstance(k, pikepdf.Dictionary) and k.get("/S") == pikepdf.Name.Lbl)]
    if not rest or any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == pikepdf.Name.LBody for k in rest):
        return
    if not all(isinstance(k, pikepdf.Dictionary) and "/S" in k for k in rest):
        return  # marked content straight under the item: left as it is (not what WeasyPrint writes)
    body = pdf.make_indirect(pikepdf.Dictionary({
        "/Type": pikepdf.Name.StructElem, "/S": pikepdf.Name.LBody, "/P": element,
        "/K": pikepdf.Array(rest),
    }))
    if "/Pg" in element:
        body.Pg = element.Pg
    for kid in rest:
        kid.P = body
    element.K = pikepdf.Array([*labels, body])
