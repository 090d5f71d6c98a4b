"""Building briefs: each (briefing, format) is a target; failures are collected, not fatal to others."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.exceptions import BriefgenError
from briefgen.model import Briefing
from briefgen.outputs import write_atomic
from briefgen.project import Project
from briefgen.render import Rendered, Renderer


@dataclass
class Result:
    """What a build did, target by target."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class Pipeline:
    """The stages for one project, each made once per process and reused for every brief."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.renderer = Renderer(project)
        self._md = None
        self._pdf = None

    def markdown(self, briefing: Briefing, edition: dt.date) -> Rendered:
        return self.renderer.render(briefing, edition)

    def html(self, rendered: Rendered, inline_css: bool = True) -> str:
        from briefgen import html

        if self._md is None:
            self._md = html.make_markdown()
        css = None
        if inline_css and rendered.briefing.stylesheet:
            css = (self.project.templates / rendered.briefing.stylesheet).read_text("utf-8")
        return html.document(rendered, self._md, css)

    def pdf(self, rendered: Rendered) -> bytes:
        from briefgen.pdf import PdfWriter

        if self._pdf is None:
            p = self.project
            self._pdf = PdfWriter([p.templates, p.assets], base=p.templates)
        sheets = []
        if rendered.briefing.stylesheet:
            sheets.append(self.project.templates / rendered.briefing.stylesheet)
        shown = f"{rendered.briefing.id}.pdf"
        return self._pdf.write(self.html(rendered, inline_css=False), sheets, shown)

    def output(self, rendered: Rendered, fmt: str) -> bytes:
        if fmt == "md":
            return rendered.markdown.encode("utf-8")
        if fmt == "html":
            return self.html(rendered).encode("utf-8")
        if fmt == "pdf":
            return self.pdf(rendered)
        raise ValueError(f"unknown format {fmt}")


def output_path(project: Project, briefing: Briefing, fmt: str) -> Path:
    return project.build_dir / f"{briefing.id}.{fmt}"


def build(project: Project, briefings: list[Briefing], edition: dt.date,
          formats: tuple[str, ...] = (), fail_fast: bool = False) -> Result:
    """Build every format of every briefing given. A failed target leaves its old output intact."""
    pipeline = Pipeline(project)
    result = Result()
    for briefing in briefings:
        wanted = [f for f in briefing.formats if not formats or f in formats]
        try:
            rendered = pipeline.markdown(briefing, edition)
        except BriefgenError as exc:
            result.failed += [(f"{briefing.id}.{f}", exc.format_message()) for f in wanted]
            if fail_fast:
                break
            continue
        for fmt in wanted:
            path = output_path(project, briefing, fmt)
            try:
                data = pipeline.output(rendered, fmt)
            except BriefgenError as exc:
                result.failed.append((f"{briefing.id}.{fmt}", exc.format_message()))
                if fail_fast:
                    return result
                continue
            (result.written if write_atomic(path, data) else result.unchanged).append(path)
    return result
