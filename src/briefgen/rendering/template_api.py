"""The template API: what a briefing template sees of facts and sources.

Templates reach facts only through these objects, and only facts that passed
the briefing's marking filter exist here. Every value a template prints is
escaped into literal Markdown text by the environment's ``finalize``; the
objects below return pre-escaped :class:`~briefgen.mdtext.Markdown` where they
produce Markdown themselves (a statement with its citation markers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefgen.content.facts import sources_of
from briefgen.content.model import KINDS, LIKELIHOODS, Briefing, Fact, Source
from briefgen.editions.changes import Changes
from briefgen.rendering import styles
from briefgen.rendering.mdtext import Markdown, escape
from briefgen.selection.select import Selection


class FactLookupError(Exception):
    """A template asked for a fact it may not have; carries a reader-facing message."""


@dataclass
class Citations:
    """What one render has used and cited, in order of first use."""

    used: dict[str, None] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    pending: dict[str, None] = field(default_factory=dict)

    def cite(self, source_ids: tuple[str, ...]) -> list[int]:
        for sid in source_ids:
            self.numbers.setdefault(sid, len(self.numbers) + 1)
            self.pending.setdefault(sid, None)
        return [self.numbers[sid] for sid in source_ids]


class SourceRef:
    """A source as a template sees it."""

    def __init__(self, source: Source, number: int, style: str, plain: bool = False) -> None:
        self.id = source.id
        self.number = number
        self.title = source.title
        self.label = source.short
        self.publisher = source.publisher
        self.author = source.author
        self.url = source.url
        self.published = source.published
        self.retrieved = source.retrieved
        self._style = style
        self._plain = plain

    @property
    def date(self) -> str:
        """Its publication date in the brief's style, or 'n.d.' ('no date' in plain English)."""
        if self.published:
            return styles.format_date(self.published, self._style)
        return "no date" if self._plain else "n.d."

    @property
    def citation(self) -> str:
        """The full reference: title, publisher, author, date, retrieval, address."""
        parts = [self.title, self.publisher or ("Publisher unknown" if self._plain else "Publisher not stated")]
        if self.author:
            parts.append(self.author)
        read = "Read on" if self._plain else "Retrieved"
        date = "No date" if self._plain and not self.published else self.date  # starts a sentence here
        parts += [date, f"{read} {styles.format_date(self.retrieved, self._style)}"]
        if self.url:
            parts.append(self.url)
        return " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)

    @property
    def short(self) -> str:
        """A short reference for a 'Source:' line: the source's short name (or title) and date."""
        if self.label:
            return f"{self.label}, {self.date}"
        who = self.publisher or "publisher not stated"
        return f"{self.title} ({who}, {self.date})"


class FactRef:
    """A fact as a template sees it. Printing it prints the statement with its citation."""

    def __init__(self, fact: Fact, ctx: RenderContext) -> None:
        self._fact = fact
        self._ctx = ctx
        self.id = fact.id
        self.kind = fact.kind
        self.kind_label = KINDS[fact.kind]
        self.attribution = fact.attribution
        self.likelihood = fact.likelihood
        self.likelihood_range = LIKELIHOODS.get(fact.likelihood or "", None)
        self.tags = fact.tags
        self.as_of = fact.as_of
        self.review_by = fact.review_by

    @property
    def text(self) -> Markdown:
        """The statement worded for this audience, as literal Markdown, without citation."""
        self._ctx.citations.used.setdefault(self.id, None)
        return escape(self._fact.text_for(self._ctx.briefing.audience))

    @property
    def cite(self) -> Markdown:
        """The citation markers: footnote references, or nothing for 'Source:' lines."""
        self._ctx.citations.used.setdefault(self.id, None)
        numbers = sorted(self._ctx.citations.cite(sources_of(self._fact, self._ctx.all_facts)))
        if self._ctx.briefing.citations == "notes":
            return Markdown("".join(f"[^{n}]" for n in numbers))
        return Markdown("")

    @property
    def sources(self) -> list[SourceRef]:
        """The sources behind this fact."""
        return [self._ctx.source_ref(sid) for sid in sources_of(self._fact, self._ctx.all_facts)]

    @property
    def stale(self) -> bool:
        """Past its review date on this edition's date."""
        return self.id in self._ctx.selection.stale

    @property
    def review_note(self) -> Markdown:
        """'(Under review since 24 February 2027.)' for a stale fact; nothing otherwise."""
        if not self.stale or self.review_by is None:
            return Markdown("")
        when = styles.format_date(self.review_by, self._ctx.briefing.style)
        return Markdown(f" *(Under review since {when}.)*")

    def __markdown__(self) -> str:
        cite = self.cite
        if self.kind == "assessment" and cite:
            text = self.text.removesuffix(".")
            return Markdown(f"{text} (drawing on {cite}).{self.review_note}")
        return self.text + cite + self.review_note

    def __str__(self) -> str:
        return self.__markdown__()


class FactSet:
    """The facts this briefing may use, in fact-base order."""

    def __init__(self, ctx: RenderContext) -> None:
        self._ctx = ctx

    def all(self) -> list[FactRef]:
        return [FactRef(f, self._ctx) for f in self._ctx.selection.visible.values()]

    def tagged(self, *tags: str, kind: str | list[str] | None = None,
               exclude: list[str] | tuple[str, ...] = ()) -> list[FactRef]:
        """Facts carrying any of ``tags`` (all facts when none), optionally of ``kind``."""
        kinds = (kind,) if isinstance(kind, str) else tuple(kind or ())
        return [
            ref for ref in self.all()
            if (not tags or set(ref.tags) & set(tags))
            and (not kinds or ref.kind in kinds)
            and not set(ref.tags) & set(exclude)
        ]

    def kind(self, *kinds: str) -> list[FactRef]:
        return self.tagged(kind=list(kinds))

    def __iter__(self) -> Iterator[FactRef]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self._ctx.selection.visible)


class RenderContext:
    """Per-render state behind the template API."""

    def __init__(self, briefing: Briefing, selection: Selection, all_facts: dict[str, Fact],
                 sources: dict[str, Source], edition: dt.date, marking: str,
                 previous: Citations | None, changes: Changes | None = None) -> None:
        self.briefing = briefing
        self.selection = selection
        self.all_facts = all_facts
        self.sources = sources
        self.edition = edition
        self.marking = marking
        self.previous = previous
        self.changes = changes
        self.plain = briefing.citations == "lines"  # "Source:" lines are for plain-English readers
        self.citations = Citations(numbers=dict(previous.numbers) if previous else {})

    def source_ref(self, sid: str) -> SourceRef:
        number = self.citations.numbers.get(sid, 0)
        return SourceRef(self.sources[sid], number, self.briefing.style, self.plain)

    def fact(self, fid: str) -> FactRef:
        if fid in self.selection.visible:
            return FactRef(self.selection.visible[fid], self)
        if fid in self.selection.withheld:
            raise FactLookupError(self.selection.withheld[fid])
        if fid in self.selection.omitted:
            raise FactLookupError(
                f"fact '{fid}' is past its review date and {self.briefing.path} says 'stale: omit'")
        if fid in self.selection.unselected:
            raise FactLookupError(
                f"fact '{fid}' is not drawn by {self.briefing.path} (add its id to 'facts' or one of "
                f"its tags to 'tags')")
        raise FactLookupError(f"no fact '{fid}' in the fact base")

    def cited_sources(self) -> list[SourceRef]:
        """Every source cited, numbered in order of first citation (the whole brief's list)."""
        numbers = (self.previous or self.citations).numbers
        return [SourceRef(self.sources[sid], n, self.briefing.style, self.plain)
                for sid, n in sorted(numbers.items(), key=lambda item: item[1])]

    def source_line(self, label: str = "Source") -> Markdown:
        """A 'Source:' line for what was cited since the last one; empty when nothing was."""
        pending = list(self.citations.pending)
        self.citations.pending.clear()
        if not pending:
            return Markdown("")
        refs = "; ".join(escape(self.source_ref(sid).short) for sid in pending)
        noun = label if len(pending) == 1 else label + "s"
        return Markdown(f"*{noun}: {refs}*")

    def globals(self) -> dict[str, object]:
        b = self.briefing
        return {
            "brief": {
                "id": b.id, "title": b.title, "subtitle": b.subtitle, "audience": b.audience,
                "author": b.author, "date": self.edition, "marking": self.marking, "style": b.style,
            },
            "fact": self.fact,
            "facts": FactSet(self),
            "sources": self.cited_sources,
            "source_line": self.source_line,
            "likelihoods": LIKELIHOODS,
            "changes": ChangesView(self.changes, self) if self.changes else None,
        }


@dataclass(frozen=True)
class ChangedFact:
    fact: FactRef
    what: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class WithdrawnFact:
    id: str
    text: str


class ChangesView:
    """What changed since the last edition, as a template sees it (``changes`` is None on a
    first edition): ``since``, ``added`` and ``changed`` (facts, each changed one with the analyst's
    ``note``), ``withdrawn`` (their old text). Editorial changes, renewed review dates and facts the
    brief dropped but the fact base keeps are not here (see ``Changes.for_readers``)."""

    def __init__(self, changes: Changes, ctx: RenderContext) -> None:
        visible = ctx.selection.visible
        told = changes.for_readers(ctx.all_facts)
        self.since = changes.since
        self.added = [FactRef(visible[f], ctx) for f in told.added if f in visible]
        self.changed = [ChangedFact(FactRef(visible[c.id], ctx), c.what, c.note) for c in told.changed
                        if c.id in visible]
        self.withdrawn = [WithdrawnFact(f, text) for f, text in told.withdrawn]
        self.empty = not (self.added or self.changed or self.withdrawn)
