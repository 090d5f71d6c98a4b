"""The Word edition's styles: briefgen's sober default house style, and the styles a brief needs
that a department's reference document may lack."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle

from briefgen.writers.docx.ooxml import get_style, set_fonts, style_numbering

FONT = "Arial"
TEXT = RGBColor(0x1B, 0x1B, 0x1B)
MUTED = RGBColor(0x40, 0x40, 0x40)
LINK = RGBColor(0x1D, 0x4F, 0x91)

#: (style, size in points, bold, italic, space before, space after) for the default house style.
_PARAGRAPHS = (
    ("Title", 18, True, False, 0, 6),
    ("Subtitle", 12, False, False, 0, 12),
    ("Heading 1", 14, True, False, 14, 4),
    ("Heading 2", 12, True, False, 10, 3),
    ("Heading 3", 12, True, True, 8, 2),
    ("Quote", 12, False, True, 4, 8),
    ("Header", 12, True, False, 0, 0),
    ("Footer", 10, False, False, 0, 0),
)


def apply_house_style(doc: Document) -> None:
    """briefgen's default look on python-docx's blank document: A4 with 2 cm margins, Arial 12pt
    text in near-black, plain bold headings, no theme colours. Used when a spec names no reference."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.0)  # about the PDF's page, so a brief's
        section.top_margin = section.bottom_margin = Cm(2.0)  # page budget holds in Word too
        section.header_distance = section.footer_distance = Cm(0.9)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None, "python-docx's template has document defaults"
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    assert rpr is not None
    set_fonts(rpr, FONT)
    normal = _paragraph_style(doc, "Normal")
    normal.font.size = Pt(12)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, bold, italic, before, after in _PARAGRAPHS:
        style = _paragraph_style(doc, name)
        font = style.font
        set_fonts(style.element.get_or_add_rPr(), FONT)
        font.size, font.bold, font.italic = Pt(size), bold, italic
        font.color.rgb = MUTED if name in ("Subtitle", "Quote") else TEXT
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if name.startswith("Heading") or name == "Title":
            fmt.keep_with_next = True
    # python-docx's blank document: a rule under the title, a letter-spaced subtitle numbered at
    # level 2 of nothing, and list items with no space between them. None of that here.
    _remove(doc, "Title", "./w:pPr/w:pBdr")
    _remove(doc, "Subtitle", "./w:pPr/w:numPr", "./w:rPr/w:spacing")
    _paragraph_style(doc, "Quote").paragraph_format.left_indent = Cm(0.75)
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
                 "List Number 3", "List Continue", "List Continue 2", "List Continue 3"):
        _remove(doc, name, "./w:pPr/w:contextualSpacing")
        _paragraph_style(doc, name).paragraph_format.space_after = Pt(4)
    _paragraph_style(doc, "Header").paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    _paragraph_style(doc, "Footer").paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    _link_style(doc).font.color.rgb = LINK


def ensure_styles(doc: Document) -> None:
    """Add the styles a brief uses that the document lacks, each based on its nearest relative, so a
    department's template needs to define only what it wants to change."""
    have = {s.name for s in doc.styles}
    bases = {
        "Title": "Normal", "Subtitle": "Normal", "Quote": "Normal", "Header": "Normal", "Footer": "Normal",
        "Heading 1": "Normal", "Heading 2": "Heading 1", "Heading 3": "Heading 2", "Heading 4": "Heading 3",
        "List Paragraph": "Normal", "List Continue": "Normal", "List Continue 2": "List Continue",
        "List Continue 3": "List Continue 2", "Marking": "Normal",
    }
    for name, base in bases.items():
        if name not in have:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=name != "Marking")
            style.base_style = get_style(doc, base)
            have.add(name)
            if name == "Marking":
                style.font.bold = True
    for level, suffix in enumerate(("", " 2", " 3")):
        for kind in ("Bullet", "Number"):
            name = f"List {kind}{suffix}"
            if name not in have:
                added = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
                added.base_style = get_style(doc, "List Paragraph")
            style = _paragraph_style(doc, name)
            if style_numbering(style) is None:
                _list_numbering(doc, style, kind == "Bullet", level)
    if "Hyperlink" not in have:
        _link_style(doc)
    if "Table Grid" not in have:
        grid = doc.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE, builtin=True)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(OxmlElement(f"w:{edge}", {qn("w:val"): "single", qn("w:sz"): "4",
                                                      qn("w:space"): "0", qn("w:color"): "auto"}))
        grid.element.get_or_add_tblPr().append(borders)


def _remove(doc: Document, style: str, *paths: str) -> None:
    for path in paths:
        for found in _paragraph_style(doc, style).element.xpath(path):
            found.getparent().remove(found)


def _paragraph_style(doc: Document, name: str) -> ParagraphStyle:
    style = get_style(doc, name)
    assert isinstance(style, ParagraphStyle), f"{name} is a paragraph style"
    return style


def _link_style(doc: Document) -> CharacterStyle:
    """The Hyperlink character style: underlined, in a dark blue that passes contrast on white."""
    if "Hyperlink" in {s.name for s in doc.styles}:
        found = get_style(doc, "Hyperlink")
        assert isinstance(found, CharacterStyle)
        return found
    style = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    assert isinstance(style, CharacterStyle)
    style.font.underline = True
    style.font.color.rgb = LINK
    return style


def _list_numbering(doc: Document, style: ParagraphStyle, bullet: bool, level: int) -> None:
    """Numbering for a list style the reference lacks: a bullet or an arabic number, indented by level."""
    numbering = doc.part.numbering_part.element
    ids = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract_id = max(ids, default=-1) + 1
    indent = 360 * (level + 1)
    lvl = (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{"bullet" if bullet else "decimal"}"/>'
        f'<w:lvlText w:val="{"•" if bullet else "%1."}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
    )

    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="singleLevel"/>{lvl}</w:abstractNum>')
    nums = numbering.xpath("./w:num")
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num = numbering.add_num(abstract_id)
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = int(num.numId)
