"""WeasyPrint's PDF as pydyf objects, before they are serialised: the structure tree, the pages and their
content streams, read without writing or parsing a byte.

WeasyPrint hands its ``finisher`` the :class:`pydyf.PDF` it is about to write (``Document.write_pdf``);
the bytes are that graph serialised and nothing else (pydyf adds only the document information, the
object stream and the cross-reference stream). References are pydyf's ``b"12 0 R"``; a content
stream is a list of items, each an operator with its operands (``b"/F1 12 Tf"``), or an operand on
its own: a marked-content sequence is ``"/P"``, ``Dictionary({"MCID": 3})``, ``b"BDC"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf

#: (page reference, MCID) of one marked-content sequence.
Mark = tuple[bytes, int]


class Graph:
    """Read access to a pydyf PDF's objects by reference."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf

    def get(self, value: Any) -> Any:
        """The object a reference points to; any other value as it is."""
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split()[0])]
        return value

    def root(self) -> pydyf.Dictionary | None:
        """The StructTreeRoot, if the PDF is tagged."""
        ref = self.pdf.catalog.get("StructTreeRoot")
        return None if ref is None else self.get(ref)

    def kids(self, element: pydyf.Dictionary) -> list[Any]:
        """An element's ``K`` as a list of resolved kids (MCIDs stay ints)."""
        k = element.get("K")
        if k is None:
            return []
        return [self.get(kid) for kid in (k if isinstance(k, list) else [k])]

    def elements(self, node: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
        """Every structure element under ``node``, depth first (document order), iteratively."""
        stack = list(reversed(self.kids(node)))
        while stack:
            kid = stack.pop()
            if isinstance(kid, pydyf.Dictionary) and "S" in kid:
                yield kid
                stack.extend(reversed(self.kids(kid)))

    def pages(self) -> list[pydyf.Dictionary]:
        """The page dictionaries, in order."""
        return [self.pdf.objects[number] for number in self.pdf.pages["Kids"][::3]]

    def content(self, page: pydyf.Dictionary) -> pydyf.Stream:
        """A page's content stream (WeasyPrint writes one per page)."""
        found = self.get(page["Contents"])
        assert isinstance(found, pydyf.Stream), "a page's Contents is one stream"
        return found

    def reachable(self, tree: list[pydyf.Dictionary]) -> set[Mark]:
        """(page, MCID) of every marked-content sequence the elements ``tree`` (all of the tree's) reach."""
        found: set[Mark] = set()
        for element in tree:
            page = element.get("Pg")
            for kid in self.kids(element):
                if isinstance(kid, int) and page is not None:
                    found.add((page, kid))
                elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
                    mcr_page = kid.get("Pg", page)
                    if mcr_page is not None:
                        found.add((mcr_page, int(kid["MCID"])))
        return found


def operator(item: Any) -> str | None:
    """The operator an item of a pydyf content stream ends with; None for an operand on its own."""
    if not isinstance(item, bytes) or not item:
        return None
    if item.startswith(b"BI "):  # an inline image, data and all, in one item
        return "BI"
    return item.rsplit(None, 1)[-1].decode("latin-1")


def marked(items: list[Any]) -> Iterator[tuple[int, str, pydyf.Dictionary | None]]:
    """(index of the operator, tag, property list) of every BDC or BMC in a content stream's items."""
    for i, item in enumerate(items):
        if item == b"BDC" and i >= 2:
            props = items[i - 1]
            yield i, str(items[i - 2]), props if isinstance(props, pydyf.Dictionary) else None
        elif item == b"BMC" and i >= 1:
            yield i, str(items[i - 1]), None
