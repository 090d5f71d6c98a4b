"""The Word document's properties and its bytes: the same inputs and edition date give the same file.

python-docx's own ``save`` stamps every zip entry with the clock (and its part walk keeps every
part it has ever saved in a shared default list), so the package is written here instead: parts in
a fixed order, every entry dated the edition date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.rel import Relationships

from briefgen import __version__

_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


def set_properties(doc: Document, *, title: str, author: str | None, subject: str, keywords: str,
                   category: str, lang: str, date: dt.date) -> None:
    """Core and extended properties, from the brief alone: nothing kept from a reference document
    (its author, dates, revision or template name would be false for this brief)."""
    core = doc.core_properties
    element = core._element
    for child in list(element):
        element.remove(child)
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    core.title, core.subject, core.keywords, core.category = title, subject, keywords, category
    core.author = core.last_modified_by = author or ""
    core.language, core.revision = lang, 1
    core.created = core.modified = stamp
    package = doc.part.package
    assert package is not None
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.EXTENDED_PROPERTIES, RT.THUMBNAIL):
            del package.rels[rid]
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>briefgen {escape(__version__)}</Application>"
        f"<Company>{escape(author or '')}</Company></Properties>"
    )
    part = Part(PackURI("/docProps/app.xml"), _APP_TYPE, app.encode("utf-8"), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def package_bytes(doc: Document, date: dt.date) -> bytes:
    """The .docx bytes: [Content_Types].xml and the package relationships first, then each part
    (and its relationships) in the order the relationships reach them, all dated ``date``."""
    package = doc.part.package
    assert package is not None
    parts = list(_parts(package))
    entries: list[tuple[str, bytes]] = [("[Content_Types].xml", _content_types(parts)),
                                         ("_rels/.rels", _xml(package.rels.xml))]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if part.rels:
            entries.append((part.partname.rels_uri.membername, _xml(part.rels.xml)))
    out = io.BytesIO()
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data)
    return out.getvalue()


def _parts(package: OpcPackage) -> Iterator[Part]:
    """Each part once, depth first along the relationships, in their (stable) order."""
    seen: set[int] = set()

    def targets(rels: Relationships) -> Iterator[Part]:
        return (rel.target_part for rel in rels.values() if not rel.is_external)

    pending = [targets(package.rels)]
    while pending:
        part = next(pending[-1], None)
        if part is None:
            pending.pop()
        elif id(part) not in seen:
            seen.add(id(part))
            yield part
            pending.append(targets(part.rels))


def _content_types(parts: list[Part]) -> bytes:
    overrides = "".join(
        f'<Override PartName="{escape(p.partname)}" ContentType="{escape(p.content_type)}"/>' for p in parts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{_RELS_TYPE}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    ).encode()


def _xml(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text
