"""Rendering a briefing's template to Markdown in a sandboxed Jinja environment."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from briefgen.content import markings
from briefgen.content.changes import Changes, compare, fact_record, source_details
from briefgen.content.facts import sources_of
from briefgen.content.model import Briefing
from briefgen.content.project import Project
from briefgen.exceptions import CONTROLS, TemplateError, relpath
from briefgen.selection.select import Selection, select
from briefgen.templating import limits, portions
from briefgen.templating.currency import BriefValues
from briefgen.templating.environment import make_environment
from briefgen.templating.marked import brief_marking, guard, guard_portions, portion_levels
from briefgen.templating.rendered import Rendered
from briefgen.templating.template_api import Citations, FactLookupError, FactRef, RenderContext

#: Renders at most this many times while the marking settles (most briefs settle in two).
MAX_PASSES = 6


class Renderer:
    """Renders briefings of one project; keeps one Jinja environment for all of them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.env = make_environment(project.templates)
        self._records: dict[tuple[str, str], dict[str, object]] = {}
        #: Template runs so far (each render runs its template once or more while it settles).
        self.runs = 0

    def render(self, briefing: Briefing, edition: dt.date, previous: dict[str, Any] | None = None, *,
               mask_date: bool = False, start: Rendered | None = None) -> Rendered:
        """Render until what the brief reads settles, then check what it holds.

        The brief's marking is computed from every read of fact and source data the render made
        (see :mod:`briefgen.templating.usage`), and the template can see that marking
        (``brief.marking``), so the template runs again with it until the marking, what changed since
        ``previous`` (the manifest of an earlier edition) and the note numbers are those it was
        rendered with, and the facts it uses are those its computed values (``brief.newest_source``...)
        were worked out from. A run that read none of those before they were final
        (:class:`briefgen.templating.settle.Reads`) is not repeated: another would print the same.
        ``start``, an earlier render of the same briefing and edition, gives the first run its
        marking, note numbers and facts (``check`` renders each brief twice). A brief whose marking
        never settles fails. With ``mask_date``, the
        edition date prints as a mark (:mod:`briefgen.templating.dated`): the render that decides
        whether two editions say the same. The output is then cut into
        blocks (portion marks, when the spec asks) and guarded (:func:`briefgen.templating.marked.guard`).
        """
        p = self.project
        s = p.settings
        selection = start.selection if start is not None else select(briefing, p.facts, s, edition, p.sources)
        floor = dict(briefing.marking_floor)
        levels = markings.or_default(floor, s)
        citations: Citations | None = None
        changes: Changes | None = None
        records: dict[str, dict[str, object]] = {}
        drawn: tuple[str, ...] = ()
        if start is not None:
            levels, drawn = dict(start.marking_levels), start.used
            citations = Citations(numbers={sid: n for n, sid in enumerate(start.sources, start=1)})
            records = {fid: dict(record) for fid, record in start.records.items()}
            changes = compare(previous, records) if previous else None
        tried = [levels]
        for _ in range(MAX_PASSES):
            raw, ctx = self._run(briefing, selection, edition, levels, citations, changes, previous,
                                 drawn=drawn, mask_date=mask_date)
            found = brief_marking(floor, ctx.usage.marks, s)
            for fid in ctx.usage.facts:
                records.setdefault(fid, self._record(briefing, fid))
            now = compare(previous, {f: records[f] for f in ctx.usage.facts}) if previous else None
            used = tuple(ctx.usage.facts)
            same_numbers = citations is None or ctx.citations.numbers == citations.numbers
            if now == changes and same_numbers and ctx.reads.final(
                    same_marking=found.levels == levels, same_drawn=used == drawn, numbers=ctx.citations.numbers):
                levels = found.levels
                break
            levels, changes, citations, drawn = found.levels, now, ctx.citations, used
            tried.append(levels)
        else:
            raise TemplateError(_unsettled(briefing, [markings.label(m, s) for m in tried]))
        _refuse_controls(raw, briefing, self.env, relpath(p.templates / briefing.template, p.root))
        usage = ctx.usage
        shown = [text for fid, text in (changes.withdrawn if changes else ()) if f"withdrawn:{fid}" in usage.marks]
        parts = portions.blocks(raw, usage)
        portion = portion_levels(floor, usage, s)
        labelled = (lambda block: markings.shown(portion(block), floor, s)) if briefing.portion_marks else None
        text = _tidy(portions.join(parts, labelled))
        guard(text, briefing, levels, selection, p, shown)
        if briefing.portion_marks:
            guard_portions(parts, portion, briefing, selection, p, shown)
        return Rendered(
            briefing=briefing,
            body=text,
            marking=markings.shown(levels, floor, s),
            marking_levels=levels,
            used=tuple(usage.facts),
            sources=tuple(sid for sid, _ in sorted(ctx.citations.numbers.items(), key=lambda i: i[1])),
            selection=selection,
            edition=edition,
            records={fid: records[fid] for fid in usage.facts},
            changes=changes,
            previous=previous,
            marking_reasons=found.reasons,
            marks=dict(usage.marks),
            labels=dict(ctx.labels),
            phrases=ctx.phrases,
        )

    def _record(self, briefing: Briefing, fid: str) -> dict[str, object]:
        """The manifest record of a fact as this briefing's reader sees it (worked out once per
        fact and audience: the project's facts do not change while a renderer uses them)."""
        key = (fid, briefing.audience)
        if key not in self._records:
            self._records[key] = self._new_record(briefing, fid)
        return dict(self._records[key])

    def _new_record(self, briefing: Briefing, fid: str) -> dict[str, object]:
        p = self.project
        fact = p.facts[fid]
        source_ids = list(sources_of(fact, p.facts))
        # A source's own marking reaches the record through the fact's marking, which carries it.
        details = [source_details(p.sources[s]) for s in source_ids]
        return fact_record(fact.text_for(briefing.audience), fact.kind, fact.attribution, source_ids,
                                    details, markings.label(fact.markings, p.settings), fact.review_by,
                                    fact.statement)

    def _run(self, briefing: Briefing, selection: Selection, edition: dt.date, marking: dict[str, str],
             previous: Citations | None, changes: Changes | None, manifest: dict[str, Any] | None, *,
             drawn: tuple[str, ...] = (), mask_date: bool = False) -> tuple[str, RenderContext]:
        p = self.project
        self.runs += 1
        ctx = RenderContext(briefing, selection, p.facts, p.sources, edition, marking, previous, changes,
                            settings=p.settings, manifest=manifest, drawn=drawn, mask_date=mask_date)
        try:
            template = self.env.get_template(briefing.template)
            text = limits.render(template, ctx.globals(), ctx.usage.stream)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(_syntax_message(exc, p.root)) from None
        except jinja2.TemplateNotFound as exc:
            found = _location(exc.__traceback__, p.templates, p.root) or briefing.path
            raise TemplateError(f"{found}: template not found: {exc.name}") from None
        except Exception as exc:  # whatever a template's own code raises is the template's error
            where = _location(exc.__traceback__, p.templates, p.root)
            if where is None and not isinstance(exc, FactLookupError | jinja2.TemplateError):
                raise  # not raised inside a template: a programming error
            raise TemplateError(f"{where or briefing.template}: {_describe(exc)}") from None
        return text, ctx


def _refuse_controls(raw: str, briefing: Briefing, env: jinja2.Environment, shown: str) -> None:
    """A brief holding a control character (ESC, BEL, a carriage return: a terminal acts on them, a PDF
    or Word file cannot show them) fails, naming the template's line when its source holds the
    character itself. Fact text cannot hold one (content validation refuses it)."""
    found = CONTROLS.search(raw)
    if found is None:
        return
    char = found.group()
    where = shown
    source = _source_of(env, briefing.template)
    if source is not None and char in source:
        where = f"{shown}:{source.count(chr(10), 0, source.index(char)) + 1}"
    line = raw.count("\n", 0, found.start()) + 1
    raise TemplateError(f"{where}: the brief (line {line} of its Markdown) holds the control character "
                        f"U+{ord(char):04X}, which no edition may hold: remove it from the template")


def _source_of(env: jinja2.Environment, name: str) -> str | None:
    try:
        return env.loader.get_source(env, name)[0] if env.loader else None
    except jinja2.TemplateNotFound:
        return None


def _unsettled(briefing: Briefing, tried: list[str]) -> str:
    if len(set(tried)) > 1:
        return (f"{briefing.template}: the brief's marking does not settle: {' -> '.join(tried)}: the template "
                "prints different data depending on brief.marking (or on changes), so no marking fits what it "
                "prints; make what it prints not depend on the marking it is given")
    return (f"{briefing.template}: what the brief uses does not settle between renders: the template prints "
            "different facts depending on changes (what changed since the last edition)")


#: What a template commonly raises at run time (besides Jinja's own errors): ``1/0``, ``[][1]``,
#: ``range(10**7)``, ``int('x')``, a value the limits missed; their messages are shown as they are.
#: Anything else raised inside a template (a filter given the wrong type, ``cycler()``) is shown
#: with its kind.
_RUNTIME_ERRORS = (ArithmeticError, LookupError, ValueError, TypeError)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "macros or includes are too deeply nested (does one call itself?)"
    if isinstance(exc, MemoryError):
        return "template limit: the template ran out of memory"
    if isinstance(exc, NameError):  # Jinja folded a constant it cannot write back ('inf'|float)
        return f"the template computed a value that cannot be used ({exc}): an infinite or undefined number?"
    if isinstance(exc, SecurityError):
        return f"refused by the template sandbox: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        message = exc.message or ""
        message = message.replace(f"'{BriefValues.__module__}.BriefValues object'", "brief")
        shown = f"'{FactRef.__module__}.FactRef object'"
        if shown in message:
            message = message.replace(shown, "a fact") + (
                "; a fact has: id, text, cite, kind, kind_label, attribution, likelihood, likelihood_range, "
                "tags, as_of, review_by, sources, stale, review_note")
        return f"undefined value: {message}"
    if isinstance(exc, (FactLookupError, jinja2.TemplateError, *_RUNTIME_ERRORS)):
        return str(exc)
    return f"a filter or function failed ({type(exc).__name__}): {exc}"


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
