"""The Word edition: a brief's Markdown, parsed as for HTML, written as a .docx with real Word structure.

Headings, lists, quotes and tables take the document's styles (briefgen's house style, or the
styles of the reference document the spec names); the marking opens and closes the body and
stands in every header and footer; notes are numbered references, each linked to its entry in a
numbered list at the end, as in the HTML and PDF. Every piece of text is written as literal text:
nothing in a fact can become a field, a link or a macro. Links come from the template's Markdown
and from the addresses of the brief's sources.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.document import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.shared import Emu

from briefgen.content.locale import DEFAULT_LANG
from briefgen.exceptions import BuildError
from briefgen.writers.blocks import NUMBERED
from briefgen.writers.docx import ooxml as ooxml
from briefgen.writers.docx.body import BodyWriter
from briefgen.writers.docx.house import apply_house_style, ensure_styles
from briefgen.writers.docx.package import package_bytes, set_properties
from briefgen.writers.docx.reference import load_reference
from briefgen.writers.html import make_markdown
from briefgen.writers.table_notes import TABLE_NOTES
from briefgen.writers.typography import QUOTES

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from briefgen.content.project import Project
    from briefgen.templating.rendered import Rendered
    from briefgen.writers.registry import Tools

MAX_IMAGE_BYTES = 8 * 1024 * 1024
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: TLP 2.0 colours (FIRST): text on black. Other scales' markings are white on black, as in the PDF.
TLP_COLOURS = {"TLP:CLEAR": "FFFFFF", "TLP:GREEN": "33FF00", "TLP:AMBER": "FFC000",
               "TLP:AMBER+STRICT": "FFC000", "TLP:RED": "FF2B2B"}


@functools.cache
def _parser() -> MarkdownIt:
    return make_markdown()


def write_docx(rendered: Rendered, project: Project) -> bytes:
    """The brief as a .docx, the same bytes for the same inputs and edition date."""
    briefing = rendered.briefing
    if bad := _NOT_XML.search(rendered.body):
        line = rendered.body.count("\n", 0, bad.start()) + 1
        raise BuildError(f"line {line} of the brief's Markdown (from {briefing.template} or a template it "
                         f"includes) has the control character U+{ord(bad.group()):04X}, which a Word "
                         "document cannot hold: remove it")
    doc = docx.Document(io.BytesIO(base_document(project.templates, briefing.reference_docx, briefing.lang)))
    urls = tuple(u for sid in rendered.sources
                 if (u := project.sources[sid].url or "").startswith(ooxml.LINK_SCHEMES))
    images = ImageLoader(project.templates, (project.templates, project.assets), _text_width(doc))
    writer = BodyWriter(doc, urls, images.load)
    add_marking(doc, writer.ids, rendered.marking)
    writer.write(_parser().parse(rendered.body, {NUMBERED: rendered.briefing.numbered_paragraphs,
                                                 QUOTES: rendered.quotes,
                                                 TABLE_NOTES: rendered.table_notes}))
    add_marking(doc, writer.ids, rendered.marking)
    page_of = rendered.phrases.text("page_of", page=ooxml.PAGE, pages=ooxml.PAGES)
    add_furniture(doc, writer.ids, rendered.marking, page_of)
    subject = briefing.subtitle or rendered.phrases.text("briefing_for", audience=briefing.audience)
    set_properties(doc, title=briefing.title, author=briefing.author, subject=subject,
                   keywords=f"{rendered.marking}, {briefing.audience}", category=rendered.marking,
                   lang=briefing.lang, date=rendered.edition)
    return package_bytes(doc, rendered.edition)


def base_document(templates: Path, reference: str | None, lang: str = DEFAULT_LANG) -> bytes:
    """The empty document a brief is written into: the reference the spec names (its styles, page
    setup, numbering), or briefgen's house style; with every style a brief uses, the language set
    and no body. Made once per process and version of the reference file."""
    if reference is None:
        return _prepared(None, None, "", lang)
    path = templates / reference
    try:
        stat = path.stat()
    except OSError as exc:
        raise BuildError(f"reference_docx {reference}: cannot read it: {exc}") from None
    return _prepared(path, (stat.st_mtime_ns, stat.st_size), reference, lang)


@functools.lru_cache(maxsize=16)
def _prepared(path: Path | None, stamp: tuple[int, int] | None, shown: str, lang: str) -> bytes:
    if path is None:
        doc = docx.Document()
        apply_house_style(doc)
    else:
        doc = load_reference(path, shown)
    ensure_styles(doc)
    ooxml.set_language(doc, lang)
    doc.element.body.clear_content()
    return package_bytes(doc, dt.date(1980, 1, 1))


def add_marking(doc: Document, ids: dict[str, str], marking: str) -> None:
    """The marking as a body paragraph: screen readers often skip headers and footers."""
    paragraph = ooxml.add_paragraph(doc, ids["Marking"])
    run = paragraph.add_run(marking)
    run.bold = True
    ooxml.shade(run, "000000", TLP_COLOURS.get(marking, "FFFFFF"))


def add_furniture(doc: Document, ids: dict[str, str], marking: str, page_of: str | None = None) -> None:
    """The marking in every header and footer of every section (first-page and even-page ones too
    where the document has them), replacing the reference's own: a fixed classification in a
    department's template would contradict the brief's. The footer also numbers the pages: ``page_of`` is
    'Page N of M' in the brief's language (see :func:`ooxml.page_number`)."""
    even = doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections:
        pairs = [(section.header, section.footer)]
        if section.different_first_page_header_footer:
            pairs.append((section.first_page_header, section.first_page_footer))
        if even:
            pairs.append((section.even_page_header, section.even_page_footer))
        for header, footer in pairs:
            for part, style in ((header, "Header"), (footer, "Footer")):
                part.is_linked_to_previous = False
                element = part._element
                for child in list(element):
                    element.remove(child)
                paragraph = ooxml.add_paragraph(part, ids[style])
                paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
                paragraph.add_run(marking).bold = True
            pages = ooxml.add_paragraph(footer, ids["Footer"])
            pages.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
            ooxml.page_number(pages, *([page_of] if page_of else []))


def _text_width(doc: Document) -> int:
    section = doc.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return max(int(width), 914400)  # at least an inch, whatever the reference says


class ImageLoader:
    """Pictures from the project's own folders only, as the PDF's fetcher allows: no network, nothing
    outside templates/ and assets/ after links are resolved, a size cap."""

    def __init__(self, base: Path, roots: tuple[Path, ...], width: int) -> None:
        self.base = base
        self.roots = tuple(r.resolve() for r in roots)
        self.width = width

    def load(self, src: str) -> tuple[io.BytesIO, Emu | None]:
        """The picture at ``src`` (relative to templates/), and a width that fits the page, if needed."""
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith(("/", "\\")):
            raise BuildError(f"image '{src}': only files inside the project are allowed in the Word edition")
        path = (self.base / src).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise BuildError(f"image '{src}': expected a file inside templates/ or assets/")
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise BuildError(f"image '{src}' is over the {MAX_IMAGE_BYTES} byte limit")
        data = io.BytesIO(path.read_bytes())
        try:
            native = Image.from_blob(data.getvalue()).width
        except UnrecognizedImageError:
            raise BuildError(f"image '{src}': the Word edition takes PNG, JPEG, GIF, BMP or TIFF") from None
        return data, (Emu(self.width) if native > self.width else None)


def write(rendered: Rendered, markdown: str, tools: Tools) -> bytes:
    """The Word edition."""
    return write_docx(rendered, tools.project)
