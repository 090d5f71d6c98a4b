"""The stages from a rendered brief to its output bytes, each made once per process and reused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from briefgen.exceptions import BuildError
from briefgen.writers.registry import writer

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from briefgen.checks.quality import Measures
    from briefgen.content.model import Briefing
    from briefgen.content.project import Project
    from briefgen.templating.rendered import Rendered


T = TypeVar("T")


class Pipeline:
    """The stages for one project, each made once per process and reused for every brief."""

    def __init__(self, project: Project) -> None:
        from briefgen.templating.render import Renderer  # lazy: the no-op build path never loads it (Jinja)

        self.project = project
        self.renderer = Renderer(project)
        self._md: MarkdownIt | None = None
        self._made: dict[str, object] = {}  # writers' state, by key (see ``once``)
        self._checks: dict[str, Callable[[Rendered, bytes], None]] = {"pdf": self._check_pdf}
        self._contrast: dict[Path, list[str]] = {}
        self._css: dict[Path, str] = {}
        # One-slot caches for the brief in hand: its body as HTML, and its PDF's page count.
        self._body: tuple[str, str] | None = None
        self._labels: dict[int, str] = {}  # the cached body's note labels, by note index
        self._pages: tuple[str, int] | None = None
        self._verified: Rendered | None = None  # the brief whose PDF ``verify`` checked as it was serialised

    def markdown(self, briefing: Briefing, edition: dt.date) -> Rendered:
        """The brief in Markdown, with what changed since the last published edition (see
        ``editions.manifest.baseline``: an unchanged brief keeps saying what its edition said)."""
        from briefgen.editions.manifest import baseline, folder_of, scan  # lazy: the no-op build path never loads it
        from briefgen.editions.record import fingerprint, same_content  # lazy: the no-op build path never loads it

        found = scan(folder_of(self.project.root, self.project.settings.editions, briefing.id))
        r = self.renderer
        base = baseline(found, edition, lambda recorded: same_content(
            recorded, lambda: fingerprint(r, briefing, edition), r, briefing, edition))
        return self.renderer.render(briefing, edition, base.manifest if base else None)

    def body_html(self, rendered: Rendered) -> str:
        """The brief's body in HTML, rendered once for its HTML, its PDF and its measures."""
        from briefgen.writers import html  # lazy: the no-op build path never loads it (markdown-it)

        if self._body is None or self._body[0] != rendered.body:
            numbered = rendered.briefing.numbered_paragraphs
            self._labels = {}
            urls = [u for sid in rendered.sources if (u := self.project.sources[sid].url)]
            self._body = (rendered.body, html.render_body(self.parser(), rendered.body, numbered, self._labels, urls,
                                                          rendered.quotes, rendered.table_notes))
        return self._body[1]

    def html(self, rendered: Rendered, inline_css: bool = True) -> str:
        from briefgen.writers import html  # lazy: the no-op build path never loads it (markdown-it)

        css = None
        sheet = rendered.briefing.stylesheet
        if inline_css and sheet:
            path = self.project.templates / sheet
            if path not in self._css:
                from briefgen.writers.html_fonts import font_faces  # lazy: the no-op build path never loads it

                faces = font_faces(path, self.project.root)  # their files are copied beside (build/fonts.py)
                inert = html.standalone_css(path, self.project.templates)
                self._css[path] = f"{faces.css}\n{inert}" if faces.css else inert
            css = self._css[path]
        body = self.body_html(rendered)
        if inline_css:  # the HTML edition, not the PDF's HTML: each note shows its evidence
            from briefgen.content.evidence import note_evidence  # lazy: the no-op build path never loads it
            from briefgen.writers.html_images import inline_images  # lazy: the no-op build path never loads it

            evidence = note_evidence(rendered.used, rendered.sources, self.project.facts)
            body = html.with_evidence(body, self._labels, evidence)
            body = inline_images(body, self.project.templates, (self.project.templates, self.project.assets))
        return html.document(rendered, body, css)

    def pdf(self, rendered: Rendered) -> bytes:
        """The PDF, checked for accessibility: a problem fails the build."""
        return self.output(rendered, "pdf")

    def _check_pdf(self, rendered: Rendered, data: bytes) -> None:
        """Fail the build on an inaccessible PDF; keep its page count for the measures. A PDF whose
        objects ``verify`` checked as they were serialised is not parsed again; any other is read
        back from its bytes (pikepdf)."""
        if self._verified is rendered:
            self._verified = None
            return
        from briefgen.checks.accessibility import check_pdf  # lazy: loads pikepdf

        found, pages = check_pdf(data)
        self._fail_inaccessible(rendered, found, pages)

    def verify(self, rendered: Rendered, fmt: str, written: Any) -> list[str]:
        """For the PDF: every accessibility problem of its objects as WeasyPrint is about to write them
        (checks/pdf_objects.py) and of its stylesheet's colours; keeps its page count."""
        if fmt != "pdf":
            return []
        from briefgen.checks.pdf_objects import check_objects  # lazy: the no-op build path never loads it

        found, pages = check_objects(written)
        self._pages = (rendered.markdown, pages)
        problems = self._contrast_problems(rendered) + found
        self._verified = None if problems else rendered
        return problems

    def _fail_inaccessible(self, rendered: Rendered, found: list[str], pages: int) -> None:
        self._pages = (rendered.markdown, pages)
        problems = self._contrast_problems(rendered) + found
        if problems:
            raise BuildError("the PDF fails accessibility checks:\n  " + "\n  ".join(problems))

    def _contrast_problems(self, rendered: Rendered) -> list[str]:
        from briefgen.checks.accessibility import check_contrast  # lazy: the no-op build path never loads it

        sheets = [self.project.templates / rendered.briefing.stylesheet] if rendered.briefing.stylesheet else []
        for sheet in sheets:
            if sheet not in self._contrast:
                self._contrast[sheet] = check_contrast(sheet, [self.project.templates])
        return [p for sheet in sheets for p in self._contrast[sheet]]

    def measure(self, rendered: Rendered, pages: bool = False) -> Measures:
        """The editor's measures of a brief, and the quality gates it fails. Pages are counted on its
        PDF: the one just written for it, or one written now when a pages gate or ``pages`` asks."""
        from briefgen.checks import quality  # lazy: the no-op build path never loads it

        rendered = self.authored(rendered)
        gates = rendered.briefing.gates
        known = quality.KNOWN_ACRONYMS + tuple(a.upper() for a in gates.acronyms_known)
        limit = gates.sentence_words if gates.sentence_words is not None else 25
        words = rendered.phrases.words
        m = quality.measure(self.body_html(rendered), gates.plain_english, limit, known,
                            avoid=words("plain_english_avoid"), acronyms=gates.plain_english or gates.acronyms,
                            yardstick=self.project.settings.yardstick, openers=words("assessment_openers"))
        if (pages or gates.pages is not None) and "pdf" in rendered.briefing.formats:
            if self._pages is None or self._pages[0] != rendered.markdown:
                self.pdf(rendered)
            assert self._pages is not None
            m.pages = self._pages[1]
        m.problems = quality.evaluate(gates, m)
        return m

    def authored(self, rendered: Rendered) -> Rendered:
        """The brief as its author wrote it, for the gates: without the "What has changed" section
        briefgen adds (rendered as a first edition), so the tool's own additions never fail a gate.
        That section has its own limit and short form (templates/partials/changes.md.j2)."""
        if rendered.changes is None or rendered.changes.for_readers(self.project.facts).empty:
            return rendered
        return self.renderer.render(rendered.briefing, rendered.edition)

    def output(self, rendered: Rendered, fmt: str) -> bytes:
        """The brief in the format ``fmt``, by its registered writer, checked where a check is due."""
        w = writer(fmt)
        made = rendered.markdown if w.needs == "markdown" else self.html(rendered, inline_css=w.needs == "html")
        self._verified = None  # set again by ``verify`` only if the writer checks this very output
        data = w.write(rendered, made, self)
        if fmt in self._checks:
            self._checks[fmt](rendered, data)
        self._check_marking(rendered, fmt, data)
        return data

    def _check_marking(self, rendered: Rendered, fmt: str, data: bytes) -> None:
        """Fail the build on an edition whose reader would not see its marking, or would see another."""
        from briefgen.checks.marking_visible import problems  # lazy: the no-op build path never loads it

        found = problems(fmt, data, rendered, self.project)
        if found:
            raise BuildError(f"the {fmt} edition does not show its marking as it must:\n  " + "\n  ".join(found))

    def inspect(self, rendered: Rendered, fmt: str, laid_out: Any) -> list[str]:
        """What is wrong with an edition as a writer laid it out, before it is written: for the PDF,
        each page that does not show the brief's marking, or shows one of its own, or has text too small
        to read (checks/text_size.py)."""
        if fmt != "pdf":
            return []
        from briefgen.checks import marking_labels, marking_pdf, text_size  # lazy: not on the no-op build path

        pages = [marking_pdf.fragments_of(page) for page in laid_out.pages]  # each page walked once
        found = marking_pdf.problems_of(pages, rendered.marking) + text_size.problems_of(pages)
        for number, fragments in enumerate(pages, 1):
            found += marking_labels.problems(marking_pdf.visible(fragments), f"page {number} of the PDF", rendered,
                                             self.project)
        return found

    def parser(self) -> MarkdownIt:
        """The one Markdown parser of the process."""
        if self._md is None:
            from briefgen.writers import html  # lazy: markdown-it and its plugins

            self._md = html.make_markdown()
        return self._md

    def once(self, key: str, make: Callable[[], T]) -> T:
        """What ``make`` made the first time ``key`` was asked for (a writer's state kept for the process)."""
        if key not in self._made:
            self._made[key] = make()
        return cast(T, self._made[key])


def output_path(project: Project, briefing: Briefing, fmt: str) -> Path:
    return project.build_dir / f"{briefing.id}.{writer(fmt).extension}"

