"""Small pieces of WordprocessingML that python-docx has no API for: language, bookmarks, links,
list numbering, header rows, fields we write ourselves. Text always goes into ``w:t`` as data."""

from __future__ import annotations

import re

from docx.blkcntnr import BlockItemContainer
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, CharacterStyle, StyleFactory
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: The schemes a link from a template or a source may use; anything else stays plain text.
LINK_SCHEMES = ("http://", "https://", "mailto:")

#: Where the elements we add go among their siblings (ECMA-376 Part 1, 17.3.2.28 and 17.15.1.78).
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
             "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
             "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
             "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
             "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
SETTINGS_ORDER = ("w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                  "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                  "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                  "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def style_ids(doc: Document) -> dict[str, str]:
    """Style names to ids, read once per document: python-docx's lookup by name scans every style
    (and finds the default one) on each call, which made it the most of a brief's writing time."""
    ids: dict[str, str] = {}
    for style in doc.styles.element.xpath("./w:style[w:name]"):
        ids.setdefault(BabelFish.internal2ui(style.name_val), style.styleId)
    return ids


def get_style(doc: Document, name: str, ids: dict[str, str] | None = None) -> BaseStyle:
    """The style named ``name`` (as Word shows it). python-docx's ``styles[name]`` misses the styles
    whose names it translates ("Heading 1" is stored "heading 1") when the document stores them as
    shown, as LibreOffice does."""
    style_id = (ids or style_ids(doc))[name]
    return StyleFactory(doc.styles.element.get_by_id(style_id))


def add_paragraph(container: Document | BlockItemContainer, style_id: str) -> Paragraph:
    """A new paragraph at the end of ``container`` in the style ``style_id``."""
    paragraph = container.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def set_language(doc: Document, lang: str) -> None:
    """The document's language: the default run properties, and the theme font language."""
    styles = doc.styles.element
    defaults = _child(styles, "w:docDefaults")
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _child(rpr, "w:lang", RPR_ORDER).set(qn("w:val"), lang)
    _child(doc.settings.element, "w:themeFontLang", SETTINGS_ORDER).set(qn("w:val"), lang)


def _child(parent: BaseOxmlElement, tag: str, order: tuple[str, ...] = ()) -> BaseOxmlElement:
    """``parent``'s child ``tag``, added where the schema's ``order`` puts it (first without one):
    Word refuses a document whose elements are out of order."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if order:
            parent.insert_element_before(found, *order[order.index(tag) + 1:])
        else:
            parent.insert(0, found)
    return found  # type: ignore[no-any-return]  # lxml's find() is untyped; the element is ours


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's content, for internal links to land on."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)})
    p = paragraph._p
    ppr = p.pPr
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(end)


def hyperlink(paragraph: Paragraph, *, url: str | None = None, anchor: str | None = None) -> Paragraph:
    """A ``w:hyperlink`` at the end of ``paragraph`` to an address or a bookmark; add runs to the
    returned paragraph-like wrapper. Addresses other than http(s) and mailto are refused."""
    attrs: dict[str, str] = {qn("w:history"): "1"}
    if url is not None:
        if not url.startswith(LINK_SCHEMES):
            raise ValueError(f"refused link address {url!r}")
        attrs[qn("r:id")] = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    elif anchor is not None:
        attrs[qn("w:anchor")] = anchor
    link = OxmlElement("w:hyperlink", attrs)
    paragraph._p.append(link)
    return Paragraph(link, paragraph._parent)  # add_run() works on any container of runs


def repeat_header(row: _Row) -> None:
    """Mark a table row as its header: repeated on every page, read as headers by assistive tools."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    tr_pr.append(OxmlElement("w:cantSplit"))


def style_numbering(style: BaseStyle | None) -> tuple[int, int] | None:
    """The numbering instance and level a paragraph style puts its paragraphs in, directly or
    through the styles it is based on; None when it has none."""
    while style is not None:
        num_id = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_id:
            level = style.element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            return int(num_id[0]), int(level[0]) if level else 0
        style = style.base_style if isinstance(style, CharacterStyle) else None
    return None


def list_numbering(doc: Document, ids: dict[str, str], style: str, start: int) -> tuple[int, int]:
    """A new numbering instance for one ordered list, counting from ``start``, on the numbering that
    ``style`` uses: its ``numId`` and level. Without it every list in the document counts on."""
    numbering = doc.part.numbering_part.element
    found = style_numbering(get_style(doc, style, ids))
    if found is None:
        raise ValueError(f"style {style!r} has no list numbering")  # ensure_styles gives every list style one
    num_id, level = found
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    num = numbering.add_num(int(abstract[0]))
    num.add_lvlOverride(ilvl=level).add_startOverride(start)
    return int(num.numId), level


def number(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Put a paragraph in a numbering instance."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


#: Where the page number and the number of pages go in a 'Page N of M' phrase given to :func:`page_number`.
PAGE, PAGES = "\x01", "\x02"


def page_number(paragraph: Paragraph, page_of: str = f"Page {PAGE} of {PAGES}") -> None:
    """'Page N of M' as two simple fields that Word and LibreOffice update on display; ``page_of`` is the
    phrase in the brief's language with :data:`PAGE` and :data:`PAGES` where the numbers go."""
    for piece in re.split(f"([{PAGE}{PAGES}])", page_of):
        if piece in (PAGE, PAGES):
            _field(paragraph, "PAGE" if piece == PAGE else "NUMPAGES")
        elif piece:
            paragraph.add_run(piece)


def _field(paragraph: Paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {code} "})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def shade(run: Run, fill: str, colour: str) -> None:
    """Text in ``colour`` on a ``fill`` background (hex RGB), as the TLP markings are shown."""
    run.font.color.rgb = RGBColor.from_string(colour)
    shd = _child(run._r.get_or_add_rPr(), "w:shd", RPR_ORDER)
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shd.set(qn(key), value)


def set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """One font for every script, replacing any theme font (which would win over a named one)."""
    fonts = _child(rpr, "w:rFonts", RPR_ORDER)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def alt_text(inline: BaseOxmlElement, text: str) -> None:
    """The description of a picture, read by screen readers: the image's alt text."""
    doc_pr = inline.find(qn("wp:docPr"))
    assert doc_pr is not None, "python-docx always writes wp:docPr"
    doc_pr.set("descr", text)
