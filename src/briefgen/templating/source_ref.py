"""A source as a template sees it: ``fact("x").sources``, ``sources()`` and ``source_line()`` hand these out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from briefgen.content.model import Fact, Source
from briefgen.templating import styles
from briefgen.templating.marking_view import Marking
from briefgen.templating.traced import Traced

if TYPE_CHECKING:
    from briefgen.templating.template_api import RenderContext


class SourceRef:
    """A source as a template sees it. Reading any of it marks the brief with the source's marking
    and uses the facts it was reached through."""

    marks_when_read = True  # each read of it marks the brief

    def __init__(self, source: Source, number: int, ctx: RenderContext, via: tuple[Fact, ...] = ()) -> None:
        self._source = source
        self._ctx = ctx
        self._via = via
        self._number = number

    def _read(self) -> None:
        for fact in self._via:
            self._ctx.use_fact(fact)
        self._ctx.usage.use(f"source:{self._source.id}", self._source.markings)

    def _text(self, value: str) -> Traced:
        self._read()
        keys = (f"source:{self._source.id}", *(f"fact:{f.id}" for f in self._via))
        return Traced(value, self._ctx.usage, keys)

    def _opt(self, value: str | None) -> Traced | None:
        return None if value is None else self._text(value)

    @property
    def id(self) -> Traced:
        """The source's id."""
        return self._text(self._source.id)

    @property
    def number(self) -> int:
        """Its note number in this brief (order of first citation); 0 when not cited yet."""
        self._read()
        return self._number

    @property
    def title(self) -> Traced:
        """Its title or headline."""
        return self._text(self._source.title)

    @property
    def label(self) -> Traced | None:
        """Its short name for 'Source:' lines (the ``short`` field; None when not given)."""
        return self._opt(self._source.short)

    @property
    def publisher(self) -> Traced | None:
        """Who published it (None when unknown)."""
        return self._opt(self._source.publisher)

    @property
    def author(self) -> Traced | None:
        """Who wrote it (None when unknown)."""
        return self._opt(self._source.author)

    @property
    def url(self) -> Traced | None:
        """Where it can be read (None when unknown)."""
        return self._opt(self._source.url)

    @property
    def published(self) -> dt.date | None:
        """Its publication date (a date; None when unknown)."""
        self._read()
        return self._source.published

    @property
    def retrieved(self) -> dt.date:
        """The date it was retrieved."""
        self._read()
        return self._source.retrieved

    @property
    def marking(self) -> Marking:
        """The handling marking of the source's own details: prints as e.g. TLP:CLEAR."""
        self._read()
        return Marking(self._source.markings, self._ctx.settings)

    @property
    def date(self) -> Traced:
        """Its publication date in the brief's style, or 'n.d.' ('no date' in plain English; phrases n_d, no_date)."""
        return self._text(_source_date(self._source, self._ctx))

    @property
    def citation(self) -> Traced:
        """The full reference: title, publisher, author, date, retrieval, address."""
        s, plain, say = self._source, self._ctx.plain, self._ctx.phrases.text
        parts = [s.title, s.publisher or say("publisher_unknown" if plain else "publisher_not_stated")]
        if s.author:
            parts.append(s.author)
        retrieved = styles.format_date(s.retrieved, self._ctx.briefing.style, self._ctx.briefing.lang)
        date = say("no_date_sentence") if plain and not s.published else _source_date(s, self._ctx)  # starts a sentence
        parts += [date, say("read_on" if plain else "retrieved", date=retrieved)]
        if s.url:
            parts.append(s.url)
        return self._text(" ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts))

    @property
    def short(self) -> Traced:
        """A short reference for a 'Source:' line: the source's short name (or title) and date."""
        return self._text(_short(self._source, self._ctx))


    def __markdown__(self) -> str:
        """Printed, a source is its short reference."""
        return self.short.__markdown__()

    def __str__(self) -> str:
        return self.__markdown__()


def _source_date(source: Source, ctx: RenderContext) -> str:
    if source.published:
        return styles.format_date(source.published, ctx.briefing.style, ctx.briefing.lang)
    return ctx.phrases.text("no_date" if ctx.plain else "n_d")


def _short(source: Source, ctx: RenderContext) -> str:
    if source.short:
        return f"{source.short}, {_source_date(source, ctx)}"
    publisher = source.publisher or ctx.phrases.text("publisher_not_stated_short")
    return f"{source.title} ({publisher}, {_source_date(source, ctx)})"
