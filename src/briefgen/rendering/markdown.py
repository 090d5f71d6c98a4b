"""Rendering a briefing's template to Markdown in a sandboxed Jinja environment."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from briefgen.content import markings
from briefgen.content.facts import sources_of
from briefgen.content.model import Briefing
from briefgen.content.project import Project
from briefgen.editions.changes import Changes, compare, fact_record
from briefgen.exceptions import LeakError, TemplateError, relpath
from briefgen.rendering import limits
from briefgen.rendering.environment import make_environment
from briefgen.rendering.rendered import Rendered
from briefgen.rendering.template_api import Citations, FactLookupError, FactRef, RenderContext
from briefgen.selection.leaks import scan
from briefgen.selection.select import Selection, select


class Renderer:
    """Renders briefings of one project; keeps one Jinja environment for all of them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.env = make_environment(project.templates)

    def render(self, briefing: Briefing, edition: dt.date, previous: dict[str, Any] | None = None) -> Rendered:
        """Render twice: once to learn which facts the brief uses (and so its marking, its note
        numbers and what changed since ``previous``, the manifest of an earlier edition), then for real."""
        project = self.project
        selection = select(briefing, project.facts, project.settings, edition)
        _, first = self._run(briefing, selection, edition, marking="", previous=None, changes=None)
        levels = markings.highest(
            [project.facts[f].markings for f in first.used] + [briefing.marking_floor],
            project.settings,
        ) or dict(briefing.marking_floor)
        label = markings.label(levels, project.settings)
        records = {fid: self._record(briefing, fid) for fid in first.used}
        changes = compare(previous, records) if previous else None
        text, final = self._run(briefing, selection, edition, marking=label, previous=first, changes=changes)
        withheld = [project.facts[f] for f in selection.withheld]
        leaks = scan(text, withheld, list(selection.visible.values()))
        if leaks:
            raise LeakError(f"{briefing.path}: the rendered brief contains text of facts above its ceiling; "
                            "nothing was written:\n  " + "\n  ".join(leaks))
        return Rendered(
            briefing=briefing,
            body=text,
            marking=label,
            marking_levels=levels,
            used=tuple(final.used),
            sources=tuple(sid for sid, _ in sorted(final.numbers.items(), key=lambda i: i[1])),
            selection=selection,
            edition=edition,
            records={fid: records.get(fid) or self._record(briefing, fid) for fid in final.used},
            changes=changes,
            previous=previous,
        )

    def _record(self, briefing: Briefing, fid: str) -> dict[str, object]:
        """The manifest record of a fact as this briefing's reader sees it."""
        p = self.project
        fact = p.facts[fid]
        source_ids = list(sources_of(fact, p.facts))
        details = [dataclasses.astuple(replace(p.sources[s], path="", line=0)) for s in source_ids]
        return fact_record(fact.text_for(briefing.audience), fact.kind, fact.attribution, source_ids,
                                    details, markings.label(fact.markings, p.settings), fact.review_by,
                                    fact.statement)

    def _run(self, briefing: Briefing, selection: Selection, edition: dt.date, marking: str,
             previous: Citations | None, changes: Changes | None) -> tuple[str, Citations]:
        p = self.project
        ctx = RenderContext(briefing, selection, p.facts, p.sources, edition, marking, previous, changes)
        try:
            template = self.env.get_template(briefing.template)
            text = limits.render(template, ctx.globals())
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(_syntax_message(exc, p.root)) from None
        except jinja2.TemplateNotFound as exc:
            found = _location(exc.__traceback__, p.templates, p.root) or briefing.path
            raise TemplateError(f"{found}: template not found: {exc.name}") from None
        except (FactLookupError, jinja2.TemplateError, *_RUNTIME_ERRORS) as exc:
            where = _location(exc.__traceback__, p.templates, p.root)
            if where is None and not isinstance(exc, FactLookupError | jinja2.TemplateError):
                raise  # not raised by a template: a programming error
            raise TemplateError(f"{where or briefing.template}: {_describe(exc)}") from None
        return _tidy(text), ctx.citations


#: What a template can raise at run time (besides Jinja's own errors): ``1/0``, ``[][1]``,
#: ``range(10**7)``, a macro that calls itself, ``int('x')``, a value the limits missed.
_RUNTIME_ERRORS = (ArithmeticError, LookupError, ValueError, TypeError, RecursionError, MemoryError)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "macros or includes are too deeply nested (does one call itself?)"
    if isinstance(exc, MemoryError):
        return "template limit: the template ran out of memory"
    if isinstance(exc, SecurityError):
        return f"refused by the template sandbox: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        message = exc.message or ""
        shown = f"'{FactRef.__module__}.FactRef object'"
        if shown in message:
            message = message.replace(shown, "a fact") + (
                "; a fact has: id, text, cite, kind, kind_label, attribution, likelihood, likelihood_range, "
                "tags, as_of, review_by, sources, stale, review_note")
        return f"undefined value: {message}"
    return str(exc)


def _location(tb: TracebackType | None, templates: Path, root: Path) -> str | None:
    """'templates/x.md.j2:14' for the innermost template frame of a traceback."""
    found = None
    bases = (str(templates) + os.sep, str(templates.resolve()) + os.sep)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(bases):
            found = f"{relpath(Path(filename), root)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _syntax_message(exc: jinja2.TemplateSyntaxError, root: Path) -> str:
    where = relpath(Path(exc.filename), root) if exc.filename else exc.name or "template"
    message = f"{where}:{exc.lineno}: template syntax error: {exc.message}"
    if exc.source and exc.lineno:
        lines = exc.source.splitlines()
        if 0 < exc.lineno <= len(lines):
            message += f"\n    {lines[exc.lineno - 1].strip()}"
    return message


_NOTE_RUN = re.compile(r"(?:\[\^\d+\])+")


def _dedupe_notes(match: re.Match[str]) -> str:
    numbers = sorted({int(n) for n in re.findall(r"\[\^(\d+)\]", match.group())})
    return "".join(f"[^{n}]" for n in numbers)


def _tidy(text: str) -> str:
    """Collapse runs of blank lines, tidy adjacent note references ([2][1][2] -> [1][2]), and
    end with one newline, so templates may be laid out freely."""
    text = _NOTE_RUN.sub(_dedupe_notes, text)
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


__all__ = ["Rendered", "Renderer", "make_environment"]
