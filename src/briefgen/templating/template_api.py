"""The template API: what a briefing template sees of facts and sources.

Templates reach facts only through these objects, and only facts that passed
the briefing's marking filter exist here. Every value a template prints is
escaped into literal Markdown text by the environment's ``finalize``; the
objects below return pre-escaped :class:`~briefgen.mdtext.Markdown` where they
produce Markdown themselves (a statement with its citation markers).

Every read of a fact's data (any attribute, printing it, the length of a list of
facts) and of a source's is reported to the render's :class:`Usage`, and so marks the
brief. Looking a fact up (``fact("x")``) without reading it does not.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefgen.content import phrases
from briefgen.content.changes import Changes
from briefgen.content.facts import sources_of
from briefgen.content.model import Briefing, Fact, Settings, Source
from briefgen.selection.select import Selection
from briefgen.templating import styles
from briefgen.templating.currency import BriefValues, Currency, spec_dates
from briefgen.templating.dated import MaskedDate
from briefgen.templating.header_view import conventions
from briefgen.templating.marking_view import Marking
from briefgen.templating.mdtext import Markdown, escape
from briefgen.templating.ours import Ours
from briefgen.templating.settle import Reads
from briefgen.templating.source_ref import SourceRef
from briefgen.templating.traced import Traced, TracedList, TracedMarkdown
from briefgen.templating.usage import Usage


class FactLookupError(Exception):
    """A template asked for a fact it may not have; carries a reader-facing message."""


@dataclass
class Citations:
    """What one render has cited, in order of first citation."""

    numbers: dict[str, int] = field(default_factory=dict)
    pending: dict[str, None] = field(default_factory=dict)

    def cite(self, source_ids: tuple[str, ...]) -> list[int]:
        for sid in source_ids:
            self.numbers.setdefault(sid, len(self.numbers) + 1)
            self.pending.setdefault(sid, None)
        return [self.numbers[sid] for sid in source_ids]


class FactRef:
    """A fact as a template sees it. Printing it prints the statement with its citation."""

    marks_when_read = True  # reading it is what marks the brief; holding it reads nothing

    def __init__(self, fact: Fact, ctx: RenderContext) -> None:
        self._fact = fact
        self._ctx = ctx

    def _read(self) -> None:
        self._ctx.use_fact(self._fact)

    @property
    def _keys(self) -> tuple[str]:
        return (f"fact:{self._fact.id}",)

    def _str(self, value: str | None) -> Traced | None:
        self._read()
        return None if value is None else Traced(value, self._ctx.usage, self._keys)

    def _text(self, value: str) -> Traced:
        self._read()
        return Traced(value, self._ctx.usage, self._keys)

    def _markdown(self, value: str) -> TracedMarkdown:
        return TracedMarkdown(value, self._ctx.usage, self._keys)

    @property
    def id(self) -> Traced:
        """The fact's id."""
        return self._text(self._fact.id)

    @property
    def kind(self) -> Traced:
        """Its kind: reported, official, quotation, analysis, forecast, question or assessment."""
        return self._text(self._fact.kind)

    @property
    def kind_label(self) -> Traced:
        """Its kind as a reader reads it, e.g. 'Reported', 'Official statement', 'Our assessment'."""
        return self._text(self._ctx.phrases.text(f"kind_{self._fact.kind}"))

    @property
    def attribution(self) -> Traced | None:
        """Who says so, e.g. 'a Commission spokesperson' (None when not given)."""
        return self._str(self._fact.attribution)

    @property
    def likelihood(self) -> Traced | None:
        """An assessment's term on the settings' yardstick (PHIA by default), e.g. 'likely' (None for other facts)."""
        return self._str(self._fact.likelihood)

    @property
    def likelihood_range(self) -> Traced | None:
        """The yardstick's range of its likelihood, e.g. '55-75%' (None without one)."""
        return self._str(self._ctx.settings.yardstick.ranges.get(self._fact.likelihood or ""))

    @property
    def tags(self) -> TracedList:
        """Its tags, as a list of names; printed, joined by commas ("cyber, eu")."""
        return TracedList((self._str(tag) for tag in self._fact.tags), self._ctx.usage, self._keys)

    @property
    def as_of(self) -> dt.date | None:
        """When the fact was true or recorded (a date; None when not given)."""
        self._read()
        return self._fact.as_of

    @property
    def review_by(self) -> dt.date | None:
        """When an analyst must check it again (a date; None when not given)."""
        self._read()
        return self._fact.review_by

    @property
    def marking(self) -> Marking:
        """The fact's marking, with what it inherits from its bases and sources."""
        self._read()
        return Marking(self._fact.markings, self._ctx.settings)

    @property
    def text(self) -> TracedMarkdown:
        """The statement worded for this audience, as literal Markdown, without citation."""
        self._read()
        return self._markdown(escape(self._fact.text_for(self._ctx.briefing.audience)))

    @property
    def cite(self) -> TracedMarkdown:
        """The citation markers: footnote references, or nothing for 'Source:' lines."""
        self._read()
        numbers = sorted(self._ctx.citations.cite(sources_of(self._fact, self._ctx.all_facts)))
        if self._ctx.briefing.citations == "notes":
            return self._markdown("".join(f"[^{n}]" for n in numbers))
        return self._markdown("")

    @property
    def sources(self) -> SourceList:
        """The sources behind this fact (an assessment's are those of its bases), each a source as in
        ``sources()``; printed, their short references joined by "; "."""
        self._read()
        refs = [self._ctx.source_ref(sid, (self._fact,)) for sid in sources_of(self._fact, self._ctx.all_facts)]
        return SourceList(refs, self._ctx.usage, self._keys)

    @property
    def based_on(self) -> FactList:
        """The facts a judgement rests on, in the order it lists them, as facts; empty for a fact that
        rests on none. Bases the briefing does not draw (or may not show) are left out: draw them by
        ``tags`` or ``facts`` in the spec to show them."""
        self._read()
        visible = self._ctx.selection.visible
        bases = [FactRef(visible[fid], self._ctx) for fid in self._fact.based_on if fid in visible]
        return FactList(bases, (self, *bases), self._ctx, self._keys)

    @property
    def stale(self) -> bool:
        """Past its review date on this edition's date."""
        self._read()
        return self._fact.id in self._ctx.selection.stale

    @property
    def review_note(self) -> TracedMarkdown:
        """'(Under review since 24 February 2027.)' for a stale fact; nothing otherwise."""
        if not self.stale or self._fact.review_by is None:
            return self._markdown("")
        when = styles.format_date(self._fact.review_by, self._ctx.briefing.style, self._ctx.briefing.lang)
        return self._markdown(f" *({self._ctx.phrases.markdown('under_review_since', date=escape(when))})*")

    def __markdown__(self) -> str:
        """The text and its note references, as for any claim: an assessment's are those of its bases
        (no "(drawing on ...)" around them: the text edition printed "(drawing on (1, 2))")."""
        body = self.text + self.cite + self.review_note
        return self._ctx.usage.value(self._keys, str(body))

    def __str__(self) -> str:
        return self.__markdown__()


class SourceList(TracedList):
    """A fact's sources. Printed, their short references joined by "; " (each marks the brief)."""

    def __markdown__(self) -> str:
        return "; ".join(escape(ref) for ref in self)

    def __str__(self) -> str:
        return self.__markdown__()


class Readable(Protocol):
    """Data the template API hands out that marks the brief when read: a fact, a changed or withdrawn fact."""

    @property
    def _keys(self) -> tuple[str]: ...

    def _read(self) -> None: ...


class FactList(TracedList):
    """A selection of facts. Its existence, length, order and members depend on every fact it was
    chosen from (its *pool*: a fact left out was left out for its tags or kind), so looking at it
    in any way (length, truth, items, iterating it) reads every fact of the pool."""

    def __init__(self, items: Iterable[Any], pool: Iterable[Readable], ctx: RenderContext,
                 keys: Iterable[str] = ()) -> None:
        self._pool = tuple(pool)
        self._ctx = ctx
        super().__init__(items, ctx.usage, keys)

    def _touch(self) -> None:
        for ref in self._pool:
            ref._read()
        super()._touch()

    def flow_keys(self) -> frozenset[str]:
        self._touch()
        return self._keys.union(*(ref._keys for ref in self._pool))

    def with_keys(self, keys: frozenset[str]) -> FactList:
        return FactList(list.__iter__(self), self._pool, self._ctx, self._keys | keys)


class FactSet:
    """The facts this briefing may use, in fact-base order."""

    marks_when_read = True

    def __init__(self, ctx: RenderContext) -> None:
        self._ctx = ctx

    def _pool(self) -> list[FactRef]:
        return [FactRef(f, self._ctx) for f in self._ctx.selection.visible.values()]

    def all(self) -> FactList:
        """Every fact the briefing may use."""
        pool = self._pool()
        return FactList(pool, pool, self._ctx)

    def tagged(self, *tags: str | list[str], kind: str | list[str] | None = None,
               exclude: str | list[str] | tuple[str, ...] = ()) -> FactList:
        """Facts carrying any of ``tags`` (names, or lists of names; all facts when none), optionally of
        ``kind`` (one or a list), less those carrying any of ``exclude``. Choosing reads nothing; looking at
        the choice reads every fact chosen from."""
        return self._choose("tagged", tags, kind, exclude, every=False)

    def tagged_all(self, *tags: str | list[str], kind: str | list[str] | None = None,
                   exclude: str | list[str] | tuple[str, ...] = ()) -> FactList:
        """Facts carrying every one of ``tags`` (names, or lists of names); ``kind`` and ``exclude`` as for
        ``tagged``."""
        return self._choose("tagged_all", tags, kind, exclude, every=True)

    def kind(self, *kinds: str) -> FactList:
        """Facts of any of ``kinds``, e.g. ``facts.kind("question")``."""
        return self.tagged(kind=list(kinds))

    def _choose(self, name: str, tags: tuple[str | list[str], ...], kind: str | list[str] | None,
                exclude: str | list[str] | tuple[str, ...], every: bool) -> FactList:
        wanted, kinds = _names(name, tags), _names(name, (kind,) if kind else ())
        unwanted = _names(name, (exclude,))
        pool = self._pool()
        chosen = (ref for ref in pool if _chosen(ref._fact, wanted, kinds, unwanted, every))
        return FactList(chosen, pool, self._ctx)

    def __iter__(self) -> Iterator[FactRef]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.all())


def _names(method: str, given: Iterable[object]) -> tuple[str, ...]:
    """Tag or kind names as a template gives them: names, lists of names, or a mix."""
    names: list[str] = []
    for item in given:
        items = item if isinstance(item, list | tuple) else [item]
        for name in items:
            if not isinstance(name, str):
                raise ValueError(f"facts.{method}(): expected tags as names or a list of names, found {name!r}")
            names.append(str(name))
    return tuple(names)


def _chosen(fact: Fact, tags: tuple[str, ...], kinds: tuple[str, ...], exclude: tuple[str, ...],
            every: bool = False) -> bool:
    has = set(fact.tags)
    tagged = has.issuperset(tags) if every else not tags or bool(has & set(tags))
    return tagged and (not kinds or fact.kind in kinds) and not has & set(exclude)


class RenderContext:
    """Per-render state behind the template API."""

    def __init__(self, briefing: Briefing, selection: Selection, all_facts: dict[str, Fact],
                 sources: dict[str, Source], edition: dt.date, marking: dict[str, str],
                 previous: Citations | None, changes: Changes | None = None, *, settings: Settings,
                 manifest: dict[str, Any] | None = None, drawn: tuple[str, ...] = (),
                 mask_date: bool = False) -> None:
        self.briefing = briefing
        self.selection = selection
        self.all_facts = all_facts
        self.sources = sources
        self.edition = edition
        self.settings = settings
        self.marking = Marking(marking, settings, dict(briefing.marking_floor))
        self.previous = previous
        self.changes = changes
        self.manifest = manifest
        #: The fixed phrases in the brief's language, with the project's overrides (content/phrases.py).
        self.phrases = phrases.for_lang(briefing.lang, settings.phrases)
        self.plain = briefing.citations == "lines"  # "Source:" lines are for plain-English readers
        self.citations = Citations(numbers=dict(previous.numbers) if previous else {})
        self.usage = Usage()
        #: The words the brief tells its changes in ("changed": "Changed:"...), said by the changes partial.
        self.labels: dict[str, str] = {}
        #: The facts the previous pass used: what the computed values (templating.currency) rest on.
        self.drawn = drawn
        #: Print the edition date as a mark (templating.dated): the render that decides "same content".
        self.mask_date = mask_date
        self.ours = Ours()
        #: What this run read of values that settle between runs (the renderer's settle loop).
        self.reads = Reads()

    def _computed(self, value: Callable[[], object]) -> Callable[[], object]:
        def read() -> object:
            self.reads.computed = True
            return value()
        return read

    def _marking(self) -> Marking:
        self.reads.marking = True
        return self.marking

    def use_fact(self, fact: Fact) -> None:
        self.usage.use(f"fact:{fact.id}", fact.markings)

    def source_ref(self, sid: str, via: tuple[Fact, ...] = ()) -> SourceRef:
        number = self.citations.numbers.get(sid, 0)
        self.reads.numbers.append((sid, number))
        return SourceRef(self.sources[sid], number, self, via)

    def fact(self, fid: str) -> FactRef:
        """The fact with id ``fid``, worded for this audience; printed, its statement with its citation.
        A fact that is unknown, not drawn by the spec, or above the ceiling fails the build with the
        template's file and line. Looking a fact up reads nothing; reading any of it marks the brief."""
        if fid in self.selection.visible:
            return FactRef(self.selection.visible[fid], self)
        if fid in self.selection.withheld:
            raise FactLookupError(self.selection.withheld[fid])
        if fid in self.selection.omitted:
            raise FactLookupError(
                f"fact '{fid}' is past its review date and {self.briefing.spec} says 'stale: omit'")
        if fid in self.selection.unselected:
            raise FactLookupError(self._why_not_drawn(fid))
        raise FactLookupError(f"no fact '{fid}' in the fact base")

    def phrase(self, key: str, **values: object) -> str | tuple[str, ...]:
        """``t("key", name=value)``: one of briefgen's fixed phrases in the brief's language, with the
        project's overrides (``phrases:`` in briefgen.yaml), its placeholders filled in: ``t("n_d")`` is 'n.d.'
        in English, 's.d.' in French; ``t("page_of", page=1, pages=2)``. A list phrase (``quotes``,
        ``plain_english_avoid``) is a list. An unknown key or placeholder fails the build, naming it."""
        table = self.phrases.table
        if key not in table:
            hint = difflib.get_close_matches(str(key), table, n=1)
            raise FactLookupError(f"no phrase '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else ""))
        if isinstance(table[key], tuple):
            return self.phrases.words(key)
        wanted = phrases.placeholders(str(table[key]))
        if set(values) != wanted:
            shown, found = ", ".join(sorted(wanted)) or "none", ", ".join(sorted(values)) or "none"
            raise FactLookupError(f"phrase '{key}' takes the values {shown}; found {found}")
        return self.phrases.text(key, **values)

    def _why_not_drawn(self, fid: str) -> str:
        """The real reason the spec does not draw fact ``fid``: a tag in exclude_tags, or neither its id
        nor any of its tags listed."""
        b = self.briefing
        excluded = [t for t in self.all_facts[fid].tags if t in b.exclude_tags] if fid in self.all_facts else []
        if excluded:
            return (f"fact '{fid}' is left out by exclude_tags in {b.spec} (its tag '{excluded[0]}'); "
                    "remove that tag from exclude_tags, or print another fact")
        return f"fact '{fid}' is not drawn by {b.spec} (add its id to 'facts' or one of its tags to 'tags')"

    def cited_sources(self) -> list[SourceRef]:
        """Every source cited, numbered in order of first citation (the whole brief's list)."""
        numbers = (self.previous or self.citations).numbers
        self.reads.lists.append(dict(numbers))
        return [SourceRef(self.sources[sid], n, self) for sid, n in sorted(numbers.items(), key=lambda i: i[1])]

    def source_line(self, label: str = "Source") -> Markdown:
        """A 'Source:' line for what was cited since the last one; empty when nothing was."""
        pending = list(self.citations.pending)
        self.citations.pending.clear()
        if not pending:
            return Markdown("")
        refs = "; ".join(escape(self.source_ref(sid).short) for sid in pending)
        noun = label if len(pending) == 1 else label + "s"
        return TracedMarkdown(f"*{noun}: {refs}*", self.usage, (f"source:{sid}" for sid in pending))

    def globals(self) -> dict[str, object]:
        from briefgen.templating.changes_view import ChangesView  # cycle: changes_view imports template_api

        b = self.briefing
        date = MaskedDate(self.edition, b.style, b.lang) if self.mask_date else self.edition
        plain = {
            "id": b.id, "title": b.title, "subtitle": b.subtitle, "audience": b.audience,
            "author": b.author, "date": date, "style": b.style, "lang": b.lang,
            "ceiling": Marking(b.ceiling, self.settings), **conventions(b, self.settings),
            "dates": spec_dates(b.dates, b.style, b.lang), "params": dict(b.params),
        }
        return {
            "brief": BriefValues(plain, {**{name: self._computed(value) for name, value in
                                            Currency(self, self.drawn).values().items()},
                                         "marking": self._marking}),
            "ours": self.ours,
            "fact": self.fact,
            "facts": FactSet(self),
            "sources": self.cited_sources,
            "source_line": self.source_line,
            "likelihoods": self.settings.yardstick.ranges,
            "t": self.phrase,
            "changes": ChangesView(self.changes, self) if self.changes else None,
        }
