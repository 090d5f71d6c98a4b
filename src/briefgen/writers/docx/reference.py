"""A department's reference document, read for its styles: a Word document (.docx) or template
(.dotx); never one with macros, and never with a link back to the template it was made from."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError

from briefgen.exceptions import BuildError

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACROS = re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE)
_ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def load_reference(path: Path, shown: str) -> Document:
    """The reference at ``path`` (``shown`` as the spec names it), ready to write a brief into."""

    def refuse(why: str) -> BuildError:
        return BuildError(f"reference_docx {shown}: expected a Word document (.docx) or template (.dotx), {why}")

    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            if _MACROS.search(types) or any("vba" in n.lower() for n in archive.namelist()):
                raise refuse("found one with macros: save it without them (as .docx or .dotx)")
            if _TEMPLATE.encode() in types:
                data = _as_document(archive, types.replace(_TEMPLATE.encode(), _MAIN.encode()))
        doc = docx.Document(io.BytesIO(data))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError) as exc:
        # Not a zip, a zip without a Word document in it, broken XML.
        raise refuse(f"could not use it: {exc}") from None
    _detach_template(doc)
    return doc


def _as_document(archive: zipfile.ZipFile, types: bytes) -> bytes:
    """The package again, with a template's main part declared as a document's."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info, types if info.filename == "[Content_Types].xml" else archive.read(info))
    return out.getvalue()


def _detach_template(doc: Document) -> None:
    """Drop the reference's link to the template it was based on (often a path on a department's
    network): the brief is a document in its own right."""
    settings = doc.settings.element
    for attached in settings.findall(qn("w:attachedTemplate")):
        settings.remove(attached)
    part = doc.part.part_related_by(RT.SETTINGS)
    for rid, rel in list(part.rels.items()):
        if rel.reltype == _ATTACHED_TEMPLATE:
            del part.rels[rid]
