"""Every output format, registered once: its name, its file's extension, what it is made from and
the module whose ``write`` makes it.

A new format is one new module under writers/ with a ``write(rendered, made, tools) -> bytes`` and
one line in :data:`WRITERS` (and its name in ``content.model.FORMATS``, which the specs are checked
against before any writer is loaded; a test keeps the two in step). A writer's module is imported
only when the first file of its format is written: WeasyPrint alone costs 0.6 s, python-docx 0.2 s.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from briefgen.content.project import Project
    from briefgen.templating.rendered import Rendered

T = TypeVar("T")

#: What a writer is made from: the brief's Markdown, its HTML edition (stylesheet inlined, each note
#: with its evidence), or its HTML for print (stylesheets applied by the writer).
Needs = Literal["markdown", "html", "print"]


class Tools(Protocol):
    """What the build stage lends a writer: the project, and the parts made once per process."""

    @property
    def project(self) -> Project: ...

    def parser(self) -> MarkdownIt:
        """The one Markdown parser of the process."""
        ...

    def once(self, key: str, make: Callable[[], T]) -> T:
        """The thing made by ``make`` the first time ``key`` is asked for, the same one after."""
        ...

    def inspect(self, rendered: Rendered, fmt: str, laid_out: Any) -> list[str]:
        """What is wrong with an output as its writer laid it out, before its bytes are written
        (the PDF's pages: checks/marking_pdf.py); an empty list when nothing is."""
        ...

    def verify(self, rendered: Rendered, fmt: str, written: Any) -> list[str]:
        """What is wrong with an output as its writer is about to serialise it (the PDF's objects after
        its repairs: checks/pdf_objects.py); an empty list when nothing is."""
        ...


Write = Callable[["Rendered", str, Tools], bytes]


@dataclass(frozen=True)
class Writer:
    """One output format."""

    name: str  #: as specs, settings and ``--format`` name it
    extension: str  #: of the file written in build/ and in an edition
    needs: Needs  #: what ``write`` is given besides the rendered brief
    binary: bool  #: bytes no terminal should be shown
    module: str  #: the module under briefgen.writers whose ``write`` makes it

    def write(self, rendered: Rendered, made: str, tools: Tools) -> bytes:
        """The output's bytes (the writer's module imported now, on first use)."""
        function = cast(Write, importlib.import_module(f"briefgen.writers.{self.module}").write)
        return function(rendered, made, tools)

    @property
    def styled(self) -> bool:
        """Whether the brief's stylesheet (and what it pulls in) shapes this output."""
        return self.needs != "markdown"


WRITERS = (
    Writer("md", "md", "markdown", binary=False, module="markdown"),
    Writer("html", "html", "html", binary=False, module="html"),
    Writer("pdf", "pdf", "print", binary=True, module="pdf"),
    Writer("txt", "txt", "markdown", binary=False, module="text"),
    Writer("docx", "docx", "markdown", binary=True, module="docx.document"),
)
_BY_NAME = {w.name: w for w in WRITERS}


def writer(name: str) -> Writer:
    """The writer of the format ``name`` (one of ``content.model.FORMATS``: specs are checked)."""
    if name not in _BY_NAME:
        raise ValueError(f"unknown format {name}")
    return _BY_NAME[name]
