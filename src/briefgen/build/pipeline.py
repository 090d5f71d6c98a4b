"""The stages from a rendered brief to its output bytes, each made once per process and reused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.exceptions import BuildError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from briefgen.checks.quality import Measures
    from briefgen.content.model import Briefing
    from briefgen.content.project import Project
    from briefgen.templating.rendered import Rendered
    from briefgen.writers.pdf import PdfWriter


class Pipeline:
    """The stages for one project, each made once per process and reused for every brief."""

    def __init__(self, project: Project) -> None:
        from briefgen.templating.render import Renderer

        self.project = project
        self.renderer = Renderer(project)
        self._md: MarkdownIt | None = None
        self._pdf: PdfWriter | None = None
        self._contrast: dict[Path, list[str]] = {}
        self._css: dict[Path, str] = {}
        # One-slot caches for the brief in hand: its body as HTML, and its PDF's page count.
        self._body: tuple[str, str] | None = None
        self._labels: dict[int, str] = {}  # the cached body's note labels, by note index
        self._pages: tuple[str, int] | None = None

    def markdown(self, briefing: Briefing, edition: dt.date) -> Rendered:
        """The brief in Markdown, with what changed since the last published edition (see
        ``editions.manifest.baseline``: an unchanged brief keeps saying what its edition said)."""
        from briefgen.editions.manifest import baseline, folder_of, scan
        from briefgen.editions.record import fingerprint

        found = scan(folder_of(self.project.root, self.project.settings.editions, briefing.id))
        base = baseline(found, edition, lambda: fingerprint(self.renderer.render(briefing, edition, None)))
        return self.renderer.render(briefing, edition, base.manifest if base else None)

    def body_html(self, rendered: Rendered) -> str:
        """The brief's body in HTML, rendered once for its HTML, its PDF and its measures."""
        from briefgen.writers import html

        if self._body is None or self._body[0] != rendered.body:
            if self._md is None:
                self._md = html.make_markdown()
            numbered = rendered.briefing.numbered_paragraphs
            self._labels = {}
            self._body = (rendered.body, html.render_body(self._md, rendered.body, numbered, self._labels))
        return self._body[1]

    def html(self, rendered: Rendered, inline_css: bool = True) -> str:
        from briefgen.writers import html

        css = None
        sheet = rendered.briefing.stylesheet
        if inline_css and sheet:
            path = self.project.templates / sheet
            if path not in self._css:
                self._css[path] = html.standalone_css(path, self.project.templates)
            css = self._css[path]
        body = self.body_html(rendered)
        if inline_css:  # the HTML edition, not the PDF's HTML: each note shows its evidence
            from briefgen.content.evidence import note_evidence
            from briefgen.writers.html_images import inline_images

            evidence = note_evidence(rendered.used, rendered.sources, self.project.facts)
            body = html.with_evidence(body, self._labels, evidence)
            body = inline_images(body, self.project.templates, (self.project.templates, self.project.assets))
        return html.document(rendered, body, css)

    def pdf(self, rendered: Rendered) -> bytes:
        """The PDF, checked for accessibility: a problem fails the build."""
        from briefgen.checks.accessibility import check_contrast, check_pdf
        from briefgen.writers.pdf import PdfWriter

        if self._pdf is None:
            p = self.project
            self._pdf = PdfWriter([p.templates, p.assets], base=p.templates)
        sheets = []
        if rendered.briefing.stylesheet:
            sheets.append(self.project.templates / rendered.briefing.stylesheet)
        for sheet in sheets:
            if sheet not in self._contrast:
                self._contrast[sheet] = check_contrast(sheet, [self.project.templates])
        data = self._pdf.write(self.html(rendered, inline_css=False), sheets,
                               inspect=lambda document: marking_pdf_problems(document, rendered, self.project))
        found, pages = check_pdf(data)
        self._pages = (rendered.markdown, pages)
        problems = [p for sheet in sheets for p in self._contrast[sheet]] + found
        if problems:
            raise BuildError("the PDF fails accessibility checks:\n  " + "\n  ".join(problems))
        return data

    def measure(self, rendered: Rendered, pages: bool = False) -> Measures:
        """The editor's measures of a brief, and the quality gates it fails. Pages are counted on its
        PDF: the one just written for it, or one written now when a pages gate or ``pages`` asks."""
        from briefgen.checks import quality

        gates = rendered.briefing.gates
        known = quality.KNOWN_ACRONYMS + tuple(a.upper() for a in gates.acronyms_known)
        limit = gates.sentence_words if gates.sentence_words is not None else 25
        m = quality.measure(self.body_html(rendered), gates.plain_english, limit, known,
                            acronyms=gates.plain_english or gates.acronyms)
        if (pages or gates.pages is not None) and "pdf" in rendered.briefing.formats:
            if self._pages is None or self._pages[0] != rendered.markdown:
                self.pdf(rendered)
            assert self._pages is not None
            m.pages = self._pages[1]
        m.problems = quality.evaluate(gates, m)
        return m

    def output(self, rendered: Rendered, fmt: str) -> bytes:
        """An edition's bytes, checked for what its reader will see of the marking."""
        from briefgen.checks.marking_visible import problems

        data = self._output(rendered, fmt)
        found = problems(fmt, data, rendered, self.project)
        if found:
            raise BuildError(f"the {fmt} edition does not show its marking as it must:\n  " + "\n  ".join(found))
        return data

    def _output(self, rendered: Rendered, fmt: str) -> bytes:
        if fmt == "md":
            return rendered.markdown.encode("utf-8")
        if fmt == "html":
            return self.html(rendered).encode("utf-8")
        if fmt == "pdf":
            return self.pdf(rendered)
        if fmt == "txt":
            return self.text(rendered).encode("utf-8")
        if fmt == "docx":
            from briefgen.writers.docx.document import write_docx

            return write_docx(rendered, self.project)
        raise ValueError(f"unknown format {fmt}")

    def text(self, rendered: Rendered) -> str:
        """The plain-text edition, for pasting into email."""
        from briefgen.writers import html
        from briefgen.writers.text import to_text

        if self._md is None:
            self._md = html.make_markdown()
        return to_text(self._md, rendered.body, rendered.marking, numbered=rendered.briefing.numbered_paragraphs)



def marking_pdf_problems(document: Any, rendered: Rendered, project: Project) -> list[str]:
    """Each page of a laid-out PDF that does not show the brief's marking, or shows one of its own."""
    from briefgen.checks import marking_labels, marking_pdf

    found = marking_pdf.problems(document, rendered.marking)
    for number, page in enumerate(document.pages, 1):
        found += marking_labels.problems(marking_pdf.visible_text(page), f"page {number} of the PDF", rendered,
                                         project)
    return found


def output_path(project: Project, briefing: Briefing, fmt: str) -> Path:
    return project.build_dir / f"{briefing.id}.{fmt}"

